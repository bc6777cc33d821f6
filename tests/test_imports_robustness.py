"""Imports that must not hurt: big files in bounded memory, zip bombs and unsafe member
names, broken rows that cost only themselves, and every date form exports use."""

from __future__ import annotations

import json
import os
import tracemalloc
import zipfile

import pytest

from newsreader.imports import ImportedItem, ImportError_, ImportProblem, read, sources
from newsreader.imports.dates import to_utc
from newsreader.imports.fields import python_list
from newsreader.imports.jsonstream import JsonArray
from tests.imports_helpers import FIXTURES, items, problems


def _pocket_csv(path, rows: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("title,url,time_added,tags,status\n")
        for n in range(rows):
            title = f'"Title {n}, with ""quotes"" and æøå"'
            status = "archive" if n % 3 == 0 else "unread"
            out.write(f"{title},https://example.com/{n},{1600000000 + n},t{n % 7}|x,{status}\n")


def test_a_generated_10000_row_pocket_csv(tmp_path):
    path = tmp_path / "part_000000.csv"
    _pocket_csv(path, 10_000)
    tracemalloc.start()
    count = archived = 0
    last = None
    for record in read(str(path)):
        assert isinstance(record, ImportedItem)
        count += 1
        archived += record.state == "archived"
        last = record
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 10_000 and archived == 3334
    assert last.url == "https://example.com/9999" and last.line == "line 10001"
    assert last.title == 'Title 9999, with "quotes" and æøå' and last.tags == ("t3", "x")
    assert peak < os.path.getsize(path)  # read as a stream, never the whole file


def test_a_large_wallabag_export_is_read_one_entry_at_a_time(tmp_path):
    path = tmp_path / "wallabag.json"
    body = "<p>" + "word " * 20_000 + "</p>"  # 100 KB of content per entry
    with open(path, "w", encoding="utf-8") as out:
        out.write("[\n")
        for n in range(200):
            entry = {"url": f"https://example.com/{n}", "is_archived": 0, "content": body}
            out.write(("," if n else "") + json.dumps(entry) + "\n")
        out.write("]")
    tracemalloc.start()
    found = 0
    for record in read(str(path)):
        found += isinstance(record, ImportedItem)
        del record
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert found == 200
    assert peak < os.path.getsize(path) / 2  # a read window and one entry, not the file


def test_json_stream_handles_elements_across_read_windows(monkeypatch):
    import io

    from newsreader.imports import jsonstream

    monkeypatch.setattr(jsonstream, "CHUNK", 7)
    text = io.StringIO(
        '{"version": 12345, "articles": [ {"a": "x y z"} , 123456789, "s" ], "z": [1]}'
    )
    reader = JsonArray(text, key="articles")
    assert list(reader) == [{"a": "x y z"}, 123456789, "s"]
    assert reader.members == {"version": 12345, "z": [1]}


def test_broken_json_is_one_clear_error(tmp_path):
    path = tmp_path / "w.json"
    path.write_text('[{"url": "https://example.com/1", "is_archived": 0}, {"url": ')
    with pytest.raises(ImportError_, match="not valid JSON"):
        list(read(str(path), "wallabag"))


def test_a_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "part_000000.csv", b"title,url,time_added,tags,status\n" + b"\0" * 20_000_000
        )
    assert os.path.getsize(path) < 100_000
    with pytest.raises(ImportError_, match="zip bomb"):
        list(read(str(path)))


def test_a_member_larger_than_its_header_says_stops_at_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_MEMBER_BYTES", 1000)
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("part_000000.csv", b"title,url,time_added,tags,status\n" + b"x," * 1000)
    with pytest.raises(ImportError_, match="larger than"):
        list(read(str(path)))
    # A forged header: zipfile gives no more than it declares, and the CRC then fails.
    archive = sources.Archive(str(path))
    info = archive.infos[0]
    info.file_size = 10
    with pytest.raises(ImportError_, match="damaged"), archive.open(info.filename) as stream:
        stream.read()
    archive.close()


def test_unsafe_member_names_are_never_read_or_written(tmp_path):
    path = tmp_path / "pocket.zip"
    header = "title,url,time_added,tags,status\n"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("part_000000.csv", header + "Good,https://example.com/ok,1,,unread\n")
        archive.writestr("../../evil.csv", header + "Evil,https://evil.example/,1,,unread\n")
        archive.writestr(
            "/abs/part_000001.csv", header + "Abs,https://evil.example/abs,1,,unread\n"
        )
    before = sorted(p.name for p in tmp_path.parent.iterdir())
    records = list(read(str(path)))
    assert [r.url for r in records if isinstance(r, ImportedItem)] == ["https://example.com/ok"]
    assert sorted(r.where for r in records if isinstance(r, ImportProblem)) == [
        "../../evil.csv",
        "/abs/part_000001.csv",
    ]
    assert sorted(p.name for p in tmp_path.parent.iterdir()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pocket.zip"]


def test_a_row_without_url_and_empty_columns_cost_only_that_row(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "title,url,time_added,tags,status\r\n"
        ",,,,\r\n"  # empty: skipped
        "Only a title,,,,\r\n"
        "Short row,https://example.com/short\r\n"  # missing columns
        "Bad date,https://example.com/bad,yesterday,,unread\r\n"
    )
    found = items(path)
    assert [(i.url, i.saved_at, i.state) for i in found] == [
        ("https://example.com/short", None, "unread"),
        ("https://example.com/bad", None, "unread"),
    ]
    assert problems(path) == [ImportProblem("line 3", "no URL")]


def test_an_unreadable_csv_header_names_its_line(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_RECORD_CHARS", 100)
    path = tmp_path / "p.csv"
    path.write_text("title,url," + "x" * 500 + "\nT,https://e.com,1\n")
    with pytest.raises(ImportError_, match="line 1: a header longer than 100 characters"):
        list(read(str(path), "pocket_csv"))


def test_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(OSError):
        list(read(str(tmp_path / "nothing.csv"), "pocket_csv"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1600322788, "2020-09-17T06:06:28+00:00"),
        ("1600322788", "2020-09-17T06:06:28+00:00"),
        (1600322788123, "2020-09-17T06:06:28+00:00"),  # milliseconds
        ("2024-01-01T10:00:00+0200", "2024-01-01T08:00:00+00:00"),
        ("2024-03-01T10:00:00.000Z", "2024-03-01T10:00:00+00:00"),
        ("2024-03-01T10:00:00.1234567Z", "2024-03-01T10:00:00+00:00"),
        ("2022-11-06 04:33:50+00:00", "2022-11-06T04:33:50+00:00"),
        ("2024-01-05", "2024-01-05T00:00:00+00:00"),
        ("2024-01-05T10:00:00", "2024-01-05T10:00:00+00:00"),  # no offset: UTC
        ("Mon, 01 Jan 2024 08:00:00 GMT", "2024-01-01T08:00:00+00:00"),
        ("Tue, 02 Jan 2024 10:00:00 +0100", "2024-01-02T09:00:00+00:00"),
        (0, None),
        ("0", None),
        ("", None),
        (None, None),
        ("yesterday", None),
        (float("nan"), None),
        (True, None),
        ("99999999999999999999", None),
    ],
)
def test_dates(value, expected):
    assert to_utc(value) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("['a', 'b']", ["a", "b"]),
        ('["a", "it\'s"]', ["a", "it's"]),
        ("[]", []),
        ("", []),
        ("__import__('os').system('true')", None),
        ("[1, 2]", None),
        ("['a'" * 1, None),
        ("[" * 100_000, None),
    ],
)
def test_python_style_tag_lists_are_only_ever_literals(cell, expected):
    assert python_list(cell) == expected


def test_duplicate_urls_are_all_kept():
    urls = [i.url for i in items(FIXTURES / "pocket.csv")]
    assert urls.count("https://example.com/a?x=1&y=2") == 2


def test_an_oversized_article_in_an_export_costs_only_its_content(tmp_path, monkeypatch):
    from newsreader.imports import omnivore

    monkeypatch.setattr(omnivore, "MAX_CONTENT_BYTES", 10)
    path = tmp_path / "omnivore.zip"
    with zipfile.ZipFile(path, "w") as archive:
        meta = [{"slug": "s", "url": "https://example.com/o", "state": "active", "labels": []}]
        archive.writestr("metadata_0_to_1.json", json.dumps(meta))
        archive.writestr("content/s.html", "<p>" + "x" * 100 + "</p>")
    (item,) = items(path)
    assert item.url == "https://example.com/o" and item.content_html is None
    assert problems(path) == [
        ImportProblem("metadata_0_to_1.json: item 1", "content/s.html is too large: left out")
    ]
