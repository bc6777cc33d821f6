"""The format is recognised from the file itself, never from its name; a file that is
no export gets one clear line saying what it looks like."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from newsreader.imports import FORMATS, ImportError_, detect, read
from tests.imports_helpers import FIXTURES, zip_folder

FILES = {
    "pocket.csv": "pocket_csv",
    "pocket_cursor.csv": "pocket_csv",
    "pocket_cp1252.csv": "pocket_csv",
    "pocket_bom.csv": "pocket_csv",
    "ril_export.html": "pocket_html",
    "instapaper.csv": "instapaper",
    "instapaper_old.csv": "instapaper",
    "readwise.csv": "readwise",
    "matter.csv": "matter",
    "wallabag.json": "wallabag",
    "karakeep.json": "karakeep",
    "bookmarks_firefox.html": "netscape",
    "urls.txt": "url_list",
    "newsreader.json": "newsreader",
}
ZIPS = {
    "pocket_zip": "pocket_zip",
    "omnivore_zip": "omnivore",
    "readeck_zip": "readeck",
    "newsreader_zip": "newsreader",
}


@pytest.mark.parametrize(("name", "expected"), sorted(FILES.items()))
def test_every_format_is_recognised_whatever_its_name(name, expected, tmp_path):
    renamed = tmp_path / "download.dat"  # the name says nothing
    shutil.copy(FIXTURES / name, renamed)
    assert detect(str(renamed)) == expected


@pytest.mark.parametrize(("folder", "expected"), sorted(ZIPS.items()))
def test_every_zip_is_recognised_by_its_members(folder, expected, tmp_path):
    archive = zip_folder(folder, tmp_path)
    renamed = archive.rename(tmp_path / "export")
    assert detect(str(renamed)) == expected


def test_every_format_has_a_reader_and_a_fixture():
    assert set(FILES.values()) | set(ZIPS.values()) == set(FORMATS)


def test_a_misleading_name_does_not_decide(tmp_path):
    path = tmp_path / "pocket_export.csv"
    shutil.copy(FIXTURES / "wallabag.json", path)
    assert detect(str(path)) == "wallabag"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not_an_export.csv", "a CSV file with columns email, name, phone: not an export"),
        ("contacts.json", "a JSON object with contacts, name: not an export"),
        ("page.html", "an HTML page, not a bookmarks file"),
    ],
)
def test_look_alikes_get_one_clear_line(name, message):
    with pytest.raises(ImportError_, match=message) as raised:
        detect(str(FIXTURES / name))
    assert "\n" not in str(raised.value)


def test_a_csv_with_a_url_column_but_no_known_header_is_a_list_of_links(tmp_path):
    path = tmp_path / "links.csv"
    path.write_text("link,comment\nhttps://example.com/x,nice\n")
    assert detect(str(path)) == "url_list"
    assert [r.url for r in read(str(path)) if hasattr(r, "url")] == ["https://example.com/x"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "an empty file"),
        (b"%PDF-1.7\n...", "a PDF document"),
        (b"\x00\x01\x02binary", "a binary file"),
        (b"just words, no links\n", "a CSV file with columns"),
        (b"hello world\n", "a text file without links"),
        (b'[{"name": "x"}]', "a JSON list of objects with name"),
        (b"[1, 2]", "a JSON list, but not of entries"),
        (b"[{", "a JSON file that does not read"),
    ],
)
def test_unknown_files(content, message, tmp_path):
    path = tmp_path / "file"
    path.write_bytes(content)
    with pytest.raises(ImportError_, match=message):
        detect(str(path))


def test_an_unknown_zip_names_its_members(tmp_path):
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("holiday/1.jpg", b"x")
        archive.writestr("holiday/2.jpg", b"y")
    with pytest.raises(ImportError_, match=r"a ZIP archive holding holiday/1\.jpg, holiday/2"):
        detect(str(path))


def test_a_bookmarks_file_without_its_doctype(tmp_path):
    path = tmp_path / "b.html"
    path.write_text('<html><head></head><DL><p><DT><A HREF="https://e.com/x">X</A></DL></html>')
    assert detect(str(path)) == "netscape"


def test_omnivore_metadata_alone(tmp_path):
    path = tmp_path / "metadata"
    shutil.copy(FIXTURES / "omnivore_zip" / "metadata_0_to_2.json", path)
    assert detect(str(path)) == "omnivore"
    found = [r for r in read(str(path)) if hasattr(r, "url")]
    assert [i.url for i in found] == ["https://example.com/o1", "https://example.com/o2"]
    assert found[0].content_html is None and found[0].progress == 0.42
