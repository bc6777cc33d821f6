"""Files as people bring them: a broken CSV row costs only itself, another encoding
reads the same, a column missing does not change the format, dates and texts that
make no sense are not stored as they are."""

from __future__ import annotations

import csv
import time
from datetime import UTC, datetime

import pytest

from newsreader import exports
from newsreader.capture import url_lists
from newsreader.imports import ImportedItem, ImportError_, ImportProblem, Skipped, detect, read
from newsreader.imports.dates import to_utc
from newsreader.imports.fields import MAX_TITLE_CHARS
from tests.export_helpers import ARTICLE_FIELDS, assert_matches, fill
from tests.imports_helpers import FIXTURES, items, problems, records

HEADER = "title,url,time_added,tags,status\n"


def _write(tmp_path, text: str, name: str = "pocket.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


# --- one bad CSV row -------------------------------------------------------------------


def test_a_17_mb_title_costs_only_its_row(tmp_path):
    limit = csv.field_size_limit()
    path = _write(
        tmp_path,
        HEADER
        + "One,https://example.com/1,1600000000,,unread\n"
        + "x" * 17_000_000
        + ",https://example.com/2,1600000001,,unread\n"
        + "Three,https://example.com/3,1600000002,,unread\n",
    )
    found = records(path)
    assert [r.url for r in found if isinstance(r, ImportedItem)] == [
        "https://example.com/1",
        "https://example.com/3",
    ]
    assert [r for r in found if isinstance(r, ImportProblem)] == [
        ImportProblem("line 3", "a row longer than 16,000,000 characters: not read")
    ]
    assert csv.field_size_limit() == limit  # csv's process-wide limit is put back


def test_a_quote_never_closed_costs_only_its_row(tmp_path):
    path = _write(
        tmp_path,
        HEADER
        + "One,https://example.com/1,1600000000,,unread\n"
        + '"Two, never closed,https://example.com/2,1600000001,,unread\n'
        + "Three,https://example.com/3,1600000002,a|b,archive\n"
        + "Four,https://example.com/4,1600000003,,unread\n",
    )
    found = records(path)
    assert [(r.url, r.title, r.tags) for r in found if isinstance(r, ImportedItem)] == [
        ("https://example.com/1", "One", ()),
        ("https://example.com/3", "Three", ("a", "b")),
        ("https://example.com/4", "Four", ()),
    ]
    (problem,) = [r for r in found if isinstance(r, ImportProblem)]
    assert problem.where == "line 3"
    assert problem.message.startswith("a quote is never closed (its field took in the next 2")


def test_a_quote_closed_only_by_a_later_row_costs_only_its_row(tmp_path):
    path = _write(
        tmp_path,
        HEADER
        + '"Two, never closed,https://example.com/2,1600000001,,unread\n'
        + '"Three",https://example.com/3,1600000002,,unread\n'
        + '"Four, with\na line break",https://example.com/4,1600000003,,unread\n',
    )
    found = records(path)
    assert [(r.url, r.title, r.line) for r in found if isinstance(r, ImportedItem)] == [
        ("https://example.com/3", "Three", "line 3"),
        ("https://example.com/4", "Four, with a line break", "line 4"),  # a real one: kept
    ]
    assert [r.where for r in found if isinstance(r, ImportProblem)] == ["line 2"]


def test_a_long_row_without_url_is_flagged_as_a_likely_open_quote(tmp_path):
    body = "".join(f"words on line {n}\n" for n in range(12))
    path = _write(tmp_path, HEADER + f'"Title\n{body}",,1600000000,,unread\n')
    assert problems(path) == [
        ImportProblem("line 2", "no URL (the row runs over 14 lines: a quote never closed?)")
    ]


def test_a_bad_row_in_a_zip_part_names_the_part(tmp_path):
    import zipfile

    path = tmp_path / "pocket.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "part_000000.csv",
            HEADER + '"Bad,https://example.com/1,1,,unread\nGood,https://example.com/2,2,,unread\n',
        )
    assert [r.url for r in items(path)] == ["https://example.com/2"]
    assert [p.where for p in problems(path)] == ["part_000000.csv: line 2"]


# --- encodings ---------------------------------------------------------------------------

POCKET_TEXT = HEADER + "Blåbær på Øya,https://vg.no/æøå,1600000000,mat|norsk,archive\n"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-32-le", b"\xff\xfe\x00\x00"),
        ("utf-32-be", b"\x00\x00\xfe\xff"),
        ("utf-16-le", b""),  # Windows "Unicode" without its byte-order mark
        ("utf-16-be", b""),
    ],
)
def test_a_utf16_or_utf32_export_reads_as_utf8_does(tmp_path, encoding, bom):
    path = tmp_path / "export.csv"
    path.write_bytes(bom + POCKET_TEXT.encode(encoding))
    assert detect(str(path)) == "pocket_csv"
    (item,) = items(path)
    assert (item.title, item.url, item.tags, item.state) == (
        "Blåbær på Øya",
        "https://vg.no/æøå",
        ("mat", "norsk"),
        "archived",
    )


def test_a_utf16_file_that_is_no_export_is_named_by_its_columns(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes(b"\xff\xfe" + "name,email,phone\nKari,k@e.no,123\n".encode("utf-16-le"))
    with pytest.raises(ImportError_, match="^a CSV file with columns email, name, phone: not"):
        detect(str(path))


def test_a_utf16_bookmarks_file_and_url_list_without_bom(tmp_path):
    bookmarks = tmp_path / "bookmarks.html"
    source = (FIXTURES / "bookmarks_firefox.html").read_text(encoding="utf-8")
    bookmarks.write_bytes(b"\xff\xfe" + source.encode("utf-16-le"))
    assert detect(str(bookmarks)) == "netscape"
    assert len(items(bookmarks)) == 4
    links = tmp_path / "links.txt"
    links.write_bytes("https://example.com/a\nhttps://example.com/blåbær\n".encode("utf-16-le"))
    assert url_lists.read_url_file(str(links))[0] == [
        "https://example.com/a",
        "https://example.com/blåbær",
    ]


def test_a_binary_file_is_still_refused(tmp_path):
    path = tmp_path / "data.bin"
    path.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(ImportError_, match="a binary file"):
        detect(str(path))


# --- a Pocket CSV without its status column ------------------------------------------------


def test_a_pocket_csv_without_status_is_still_pocket(tmp_path):
    path = _write(
        tmp_path,
        "title,url,time_added\nA title,https://example.com/p,1600322788\n",
    )
    assert detect(str(path)) == "pocket_csv"
    (item,) = items(path)
    assert (item.title, item.saved_at, item.state) == (
        "A title",
        "2020-09-17T06:06:28+00:00",
        "unread",
    )


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "9999-12-31T23:59:59Z",
        "0001-01-01",
        "1969-12-31T23:00:00Z",
        "2300-01-01T00:00:00+00:00",
        "Fri, 01 Jan 2100 00:00:00 GMT",
        4102444800,  # 2100-01-01: a bookmark's placeholder
        "2099-06-01",
    ],
)
def test_dates_outside_the_range_or_in_the_future_are_unknown(value):
    assert to_utc(value) is None


def test_a_date_up_to_a_day_ahead_is_kept_and_a_later_one_only_when_asked():
    soon = int(time.time()) + 3600
    assert to_utc(soon) == datetime.fromtimestamp(soon, UTC).isoformat(timespec="seconds")
    later = int(time.time()) + 3 * 24 * 3600
    assert to_utc(later) is None
    assert to_utc(later, future=True) is not None  # a page's publication date
    assert to_utc("2150-01-01", future=True) == "2150-01-01T00:00:00+00:00"
    assert to_utc("9999-12-31", future=True) is None


def test_a_bookmark_added_in_2100_has_no_saved_date(tmp_path):
    path = tmp_path / "b.html"
    path.write_text(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
        '<DT><A HREF="https://example.com/future" ADD_DATE="4102444800">Future</A>\n'
        '<DT><A HREF="https://example.com/zero" ADD_DATE="0001-01-01">Year one</A>\n'
        "</DL>\n"
    )
    assert [i.saved_at for i in items(path)] == [None, None]


# --- Instapaper's Tags ---------------------------------------------------------------------


def test_instapaper_tags_that_are_not_json_are_one_imported_row(tmp_path):
    path = _write(
        tmp_path,
        "URL,Title,Selection,Folder,Timestamp,Tags\n"
        'https://example.com/1,One,,Unread,1700000000,"react, javascript"\n'
        "https://example.com/2,Two,,Unread,1700000000,\"[react, 'css']\"\n"
        'https://example.com/3,Three,,Unread,1700000000,"[""json""]"\n',
    )
    found = records(path)
    assert all(isinstance(r, ImportedItem) for r in found)
    assert [r.tags for r in found] == [("react", "javascript"), ("react", "css"), ("json",)]


# --- newsreader's own CSV export -------------------------------------------------------------


def test_our_csv_export_reads_back_with_its_extra_columns(library, tmp_path):
    ids = fill(library)
    result = exports.export(library, ids, "csv", tmp_path / "articles.csv")
    found = [r for r in read(str(result.path)) if isinstance(r, ImportedItem)]
    compared = (
        *("url", "title", "tags", "saved_at", "state", "favorite", "progress", "read_at"),
        *("author", "site", "description", "published", "language", "note"),
    )
    assert_matches(found, library, ids, {name: ARTICLE_FIELDS[name] for name in compared}, False)
    assert found[0].favorite and found[0].note == "Min egen notis\nmed to linjer"


def test_pockets_own_csv_keeps_its_defaults():
    first = items(FIXTURES / "pocket.csv")[0]
    assert (first.favorite, first.progress, first.read_at, first.note) == (
        False,
        None,
        None,
        None,
    )


# --- titles, tags and descriptions ---------------------------------------------------------


def test_titles_and_tags_are_one_line_without_control_characters(tmp_path):
    path = _write(
        tmp_path,
        HEADER
        + '"A\x1b[31m red\x07 title\x85 with\ttabs and\r\nlines\x9b",'
        + 'https://example.com/c,1600000000,"bad\x01tag|  two   words\n|ok",unread\n',
    )
    (item,) = items(path)
    assert item.title == "A[31m red title with tabs and lines"
    assert item.tags == ("badtag", "two words", "ok")


def test_a_huge_title_is_cut_on_a_character(tmp_path):
    path = _write(tmp_path, HEADER + "ø" * 8_000_000 + ",https://example.com/h,1,,unread\n")
    (item,) = items(path)
    assert len(item.title) == MAX_TITLE_CHARS
    assert item.title == "ø" * (MAX_TITLE_CHARS - 1) + "…"


def test_a_bookmark_description_loses_its_indentation_but_keeps_paragraphs(tmp_path):
    path = tmp_path / "b.html"
    path.write_text(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
        '    <DT><A HREF="https://example.com/d">D</A>\n'
        "    <DD>First   line\n        second line\n\n\n\n        A new\tparagraph\n"
        "    </DL>\n"
    )
    (item,) = items(path)
    assert item.description == "First line\nsecond line\n\nA new paragraph"


# --- links that are not web addresses ------------------------------------------------------


def test_mailto_and_relative_links_say_why_they_are_skipped(tmp_path):
    path = tmp_path / "b.html"
    path.write_text(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
        '<DT><A HREF="mailto:x@y.z">Mail</A>\n'
        '<DT><A HREF="/relative/path">Relative</A>\n'
        '<DT><A HREF="https://example.com/ok">Web</A>\n'
        "</DL>\n"
    )
    assert [r.reason for r in records(path) if isinstance(r, Skipped)] == [
        "a mailto: link, not a web page",
        "a relative link, not a web address",
    ]
