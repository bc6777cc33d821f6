"""Every format newsreader.imports reads, and that every field the file holds arrives."""

from __future__ import annotations

import pytest

from newsreader.imports import ImportedHighlight, ImportProblem, Skipped, pocket, readwise
from newsreader.imports.omnivore import parse_highlights
from tests.imports_helpers import FIXTURES, by_url, items, problems, records, skipped, zip_folder


def test_pocket_csv_reads_every_column_by_name():
    found = items(FIXTURES / "pocket.csv")
    assert [i.url for i in found] == [
        "https://example.com/a?x=1&y=2",
        "https://vg.no/æøå",
        "https://example.jp/記事",
        "https://example.com/untitled",
        "https://example.com/a?x=1&y=2",  # the duplicate is kept: dedup is the library's
    ]
    first, norsk, japanese, untitled, duplicate = found
    assert first.title == 'Commas, "quotes" and a line break'  # a title is one line
    assert first.tags == ("news", "long read")
    assert first.saved_at == "2020-09-17T06:06:28+00:00"
    assert first.state == "unread" and first.source == "pocket_csv" and first.line == "line 2"
    assert norsk.title == "Blåbærsyltetøy på Øya" and norsk.tags == ("mat", "norsk")
    assert norsk.state == "archived" and norsk.line == "line 4"  # the title took two lines
    assert japanese.title == "東京の記事" and japanese.tags == ("日本", "news")
    assert untitled.title is None and untitled.saved_at is None  # title = URL, time 0
    assert duplicate.title == "Duplicate" and duplicate.state == "archived"
    assert problems(FIXTURES / "pocket.csv") == [ImportProblem("line 6", "no URL")]


def test_pocket_csv_with_the_older_cursor_column():
    (item,) = items(FIXTURES / "pocket_cursor.csv")
    assert (item.url, item.title, item.tags, item.state) == (
        "https://example.com/later",
        "Later",
        ("t1", "t2"),
        "unread",
    )
    assert item.saved_at == "2023-11-14T22:13:22+00:00"


def test_pocket_zip_reads_every_part_and_its_highlights(tmp_path):
    archive = zip_folder("pocket_zip", tmp_path)
    found = items(archive)
    assert len(found) == 6
    assert found[-1].url == "https://example.com/second"
    assert found[-1].line == "part_000001.csv: line 2" and found[-1].state == "archived"
    marked = by_url(found)["https://vg.no/æøå"]
    assert marked.source == "pocket_zip"
    assert marked.highlights == (
        ImportedHighlight("Første sitat", created_at="2020-09-15T20:00:00+00:00", position=0),
        ImportedHighlight("Second quote", created_at="2020-09-16T10:00:00+00:00", position=1),
    )
    assert [p.where for p in problems(archive)] == [
        "annotations/part_000000.json: entry 2",
        "part_000000.csv: line 6",
    ]


def test_pocket_ril_export_html_sections_tags_and_dates():
    found = items(FIXTURES / "ril_export.html")
    assert [(i.url, i.state) for i in found] == [
        ("https://example.com/one?a=1&b=2", "unread"),
        ("https://example.com/two", "unread"),
        ("https://example.com/read", "archived"),
    ]
    assert found[0].title == "Tarn : des lapins & «rugby»"
    assert found[0].tags == ("ifttt", "Ærlig")
    assert found[0].saved_at == "2023-07-06T07:31:35+00:00"
    assert found[1].tags == () and found[2].tags == ("old",)
    assert found[0].source == "pocket_html"


def test_instapaper_new_format_folders_tags_and_timestamps():
    found = by_url(items(FIXTURES / "instapaper.csv"))
    unread = found["https://example.com/unread"]
    assert unread.title == "Dis donc, «covfefe»?" and unread.state == "unread"
    assert unread.saved_at == "2023-11-14T22:13:20+00:00"
    archived = found["https://example.com/archived"]
    assert archived.state == "archived" and archived.tags == ("react", "javascript")
    assert archived.description == "Selected words"
    starred = found["https://example.com/starred"]
    assert starred.favorite and starred.state == "archived" and starred.tags == ("social",)
    folder = found["https://example.com/folder"]
    assert folder.tags == ("Reading list", "tøy") and folder.state == "unread"
    # Tags that are not JSON are read as a comma-separated list: one record, no problem.
    assert found["https://example.com/badtags"].tags == ("not json",)
    assert [p.message for p in problems(FIXTURES / "instapaper.csv")] == ["no URL"]


def test_instapaper_old_four_columns():
    found = items(FIXTURES / "instapaper_old.csv")
    assert [(i.url[-1], i.state, i.favorite, i.tags, i.saved_at) for i in found] == [
        ("a", "unread", False, (), None),
        ("b", "archived", False, (), None),
        ("c", "archived", True, (), None),
        ("d", "unread", False, ("test_tag",), None),
    ]


def test_readwise_python_lists_progress_locations_and_feed_skipped():
    path = FIXTURES / "readwise.csv"
    found = by_url(items(path))
    first = found["https://example.com/r1"]
    assert first.tags == ("example", "æøå") and first.progress == 0.5
    assert first.saved_at == "2022-11-06T04:33:50+00:00" and first.state == "unread"
    second = found["https://example.com/r2"]
    assert second.state == "archived" and second.favorite and second.tags == ("it's",)
    assert second.saved_at == "2022-11-07T08:00:00+00:00" and second.progress == 1.0
    # Code in the tag cell is never run: it is not a literal, so it is read as text.
    assert found["https://example.com/r3"].tags == ("__import__('os').system('true')",)
    assert "https://example.com/feed" not in found
    assert skipped(path) == [Skipped("line 4", "an RSS feed item, not a saved article")]
    assert problems(path) == []  # one record a row: the row with odd tags is imported


def test_readwise_feed_items_on_request():
    found = readwise.read(str(FIXTURES / "readwise.csv"), feed=True)
    urls = [r.url for r in found if hasattr(r, "url")]
    assert "https://example.com/feed" in urls


def test_matter_queue_favourites_tags_author_publisher():
    first, second = items(FIXTURES / "matter.csv")
    assert (first.title, first.author, first.site, first.tags) == (
        "Queued",
        "Ann Author",
        "The Paper",
        ("tech", "æøå"),
    )
    assert first.state == "unread" and not first.favorite and first.read_at is None
    assert second.state == "archived" and second.favorite
    assert second.read_at == "2024-02-01T08:00:00+00:00"


def test_wallabag_entries_with_content_and_annotations():
    path = FIXTURES / "wallabag.json"
    entry, plain = items(path)
    assert entry.url == "https://wallabag.org/annotation-test"
    assert entry.state == "archived" and entry.favorite  # 1 and true both count
    assert entry.tags == ("wallabag", "æøå")
    assert entry.saved_at == "2024-01-01T08:00:00+00:00"  # +0200 to UTC
    assert entry.published == "2024-01-01T08:00:00+00:00"  # RFC 2822
    assert entry.author == "Jane Doe, Kari Nordmann"
    assert entry.site == "wallabag.org" and entry.language == "en"
    assert entry.content_html.startswith("<p>Some content to annotate</p>")
    noted, bare = entry.highlights
    assert noted.quote == "Some content" and noted.note == "my imported annotation"
    assert noted.created_at == "2024-01-02T09:00:00+00:00"
    assert noted.updated_at == "2024-01-03T18:30:00+00:00"
    assert noted.selectors == (
        {"type": "TextQuoteSelector", "exact": "Some content"},
        {
            "type": "RangeSelector",
            "startSelector": {
                "type": "XPathSelector",
                "value": "/p[1]",
                "refinedBy": {"type": "TextPositionSelector", "start": 0, "end": 0},
            },
            "endSelector": {
                "type": "XPathSelector",
                "value": "/p[1]",
                "refinedBy": {"type": "TextPositionSelector", "start": 12, "end": 12},
            },
        },
    )
    assert bare.quote == "no text at all" and bare.note == "" and bare.position == 1
    assert plain.state == "unread" and not plain.favorite and plain.highlights == ()
    assert problems(path) == [ImportProblem("entry 2", "no URL")]


def test_karakeep_links_notes_state_and_text_bookmarks_skipped():
    path = FIXTURES / "karakeep.json"
    (item,) = items(path)
    assert (item.url, item.title, item.tags, item.note) == (
        "https://example.com/k1",
        "A link",
        ("x", "日本"),
        "my note",
    )
    assert item.state == "archived" and item.favorite
    assert item.saved_at == "2023-11-14T22:13:20+00:00"
    assert skipped(path) == [Skipped("bookmark 2", "a text bookmark, not a link")]
    assert problems(path) == [ImportProblem("bookmark 3", "no URL")]


def test_omnivore_zip_metadata_content_and_highlights(tmp_path):
    archive = zip_folder("omnivore_zip", tmp_path)
    first, second = items(archive)
    assert first.url == "https://example.com/o1" and first.title == "First article"
    assert first.state == "archived" and first.progress == 0.42
    assert first.tags == ("Newsletter", "æøå")
    assert first.author == "Ola Nordmann" and first.description == "About things"
    assert first.saved_at == "2024-03-01T10:00:00+00:00"
    assert first.published == "2024-02-28T00:00:00+00:00"
    assert "First paragraph of the article." in first.content_html
    assert [(h.quote, h.note) for h in first.highlights] == [
        ("First paragraph of the article.", "This is my note on it."),
        ("One line\nSecond paragraph.", ""),
        ("Bare quote without labels or note", ""),
    ]
    assert second.state == "unread" and second.content_html is None and second.highlights == ()
    assert first.line == "metadata_0_to_2.json: item 1"


def test_omnivore_highlight_markdown_with_paragraphs():
    text = "> first para\n> second para \n\n#tag\n\nnote one\n\n> next"
    marks = list(parse_highlights(text))
    assert [(m.quote, m.note, m.position) for m in marks] == [
        ("first para\nsecond para", "note one", 0),
        ("next", "", 1),
    ]


def test_readeck_zip_bookmarks_content_and_annotations(tmp_path):
    archive = zip_folder("readeck_zip", tmp_path)
    (item,) = items(archive)
    assert (item.url, item.title, item.site, item.author, item.language) == (
        "https://example.com/rd1",
        "Readeck article",
        "Example",
        "Ada",
        "nb",
    )
    assert item.tags == ("lesing", "ø") and item.state == "archived" and item.favorite
    assert item.progress == 0.75 and item.description == "Desc"
    assert item.saved_at == "2024-05-01T12:00:00+00:00"
    assert item.published == "2024-04-30T00:00:00+00:00"
    assert item.content_html.startswith("<section><p>The quoted words")
    (mark,) = item.highlights
    assert (mark.quote, mark.note, mark.color) == ("quoted words", "why", "red")
    assert mark.created_at == "2024-05-03T00:00:00+00:00"
    assert mark.selectors[1]["startSelector"]["value"] == "section/p[1]"
    assert mark.selectors[1]["endSelector"]["refinedBy"]["start"] == 20
    assert problems(archive) == [ImportProblem("bookmark Yb2", "no URL")]


def test_netscape_folders_tags_dates_toread_and_descriptions():
    path = FIXTURES / "bookmarks_firefox.html"
    found = items(path)
    assert [i.url for i in found] == [
        "https://example.com/toolbar",
        "https://vg.no/sak?a=1&b=2",
        "https://example.com/news",
        "https://example.com/menu",
    ]
    toolbar, nested, news, menu = found
    assert toolbar.tags == ("quick", "daily")  # the toolbar root is no tag
    assert toolbar.saved_at == "2020-09-13T12:28:20+00:00"
    assert nested.title == 'Blåbær, «sitat» og "anførsel"'
    assert nested.tags == ("Nyheter", "Norsk & nordisk")  # nested folders, each a tag
    assert nested.description == "A description\nwith two lines"
    assert nested.state == "unread"  # TOREAD="1"
    assert news.tags == ("Nyheter",) and news.state == "archived"  # TOREAD="0"
    assert menu.tags == () and menu.description == "Menu description"
    assert [s.reason for s in skipped(path)] == [
        "a place: link, not a web page",
        "a javascript: link, not a web page",
    ]
    assert [p.message for p in problems(path)] == ["no URL"]


def test_url_list_reuses_the_url_list_reader():
    path = FIXTURES / "urls.txt"
    assert [i.url for i in items(path)] == [
        "https://example.com/u1",
        "vg.no/sak/123",
        "https://example.com/u2",
    ]
    assert problems(path) == [ImportProblem("file", "1 line(s) held no link")]


def test_own_json_every_field():
    path = FIXTURES / "newsreader.json"
    (item,) = items(path)
    assert item.url == "https://example.com/n1" and item.title == "Own"
    assert (item.author, item.site, item.description, item.language) == ("Me", "Example", "D", "nb")
    assert item.published == "2025-01-01T00:00:00+00:00"
    assert item.saved_at == "2025-02-01T00:00:00+00:00"
    assert item.read_at == "2025-02-02T00:00:00+00:00"
    assert item.state == "archived" and item.favorite and item.progress == 0.25
    assert item.tags == ("a", "æ") and item.note == "article note"
    assert item.content_html == "<p>Hello world</p>" and item.images == ("images/ab/abc.jpg",)
    (mark,) = item.highlights
    assert (mark.quote, mark.note, mark.color) == ("Hello", "hi", "green")
    assert mark.updated_at == "2025-02-04T00:00:00+00:00"
    # Its own quote and position are where it is placed, not selectors kept beside it.
    assert (mark.prefix, mark.suffix, mark.start, mark.end) == ("", " world", 0, 5)
    assert mark.selectors == () and mark.origin == ""  # an older file: no origin said
    assert problems(path) == [ImportProblem("article 2", "no URL")]


def test_own_zip_reads_content_from_its_file(tmp_path):
    (item,) = items(zip_folder("newsreader_zip", tmp_path))
    assert item.content_html == "<article><p>From the file</p></article>\n"
    assert item.images == ("images/one.png",)


def test_own_json_from_a_newer_newsreader_is_refused(tmp_path):
    path = tmp_path / "future.json"
    path.write_text('{"format": "newsreader-export", "version": 2, "articles": []}')
    with pytest.raises(Exception, match="version 2"):
        records(path)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("pocket_cp1252.csv", ("Café crème", ("français",))), ("pocket_bom.csv", ("BOM row", ()))],
)
def test_excel_encodings(name, expected):
    (item,) = items(FIXTURES / name)
    assert (item.title, item.tags) == expected


def test_pocket_read_accepts_a_zip_or_a_csv(tmp_path):
    assert len(list(pocket.read(str(zip_folder("pocket_zip", tmp_path))))) == 8
    assert len(list(pocket.read(str(FIXTURES / "pocket_cursor.csv")))) == 1
