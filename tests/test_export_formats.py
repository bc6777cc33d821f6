"""HTML pages that stand alone, newsreader's JSON read back by its own importer, and
Netscape bookmarks and CSV read back."""

from __future__ import annotations

import base64
import csv
import shutil
import zipfile

import lxml.html
import pytest

from newsreader import exports, imports, render
from newsreader.imports.records import ImportedItem
from tests.export_helpers import ARTICLE_FIELDS, assert_matches, fill


# --- HTML ----------------------------------------------------------------------------------
def test_an_html_page_shows_its_images_with_no_other_file_present(library, tmp_path):
    ids = fill(library)
    result = exports.export(library, ids, "html", tmp_path / "pages")
    assert (result.articles, result.images, result.problems) == (3, 2, ())
    assert len(list(result.path.glob("*.html"))) == 3
    alone = tmp_path / "alone"
    alone.mkdir()
    page_file = next(result.path.glob("Tromsø*'del 1'.html"))
    shutil.copy(page_file, alone / "page.html")
    text = (alone / "page.html").read_text(encoding="utf-8")
    page = lxml.html.document_fromstring(text)
    assert page.xpath("//meta/@charset") == ["utf-8"]
    assert "default-src 'none'" in page.xpath("//meta[@http-equiv]/@content")[0]
    sources = page.xpath("//img/@src")
    stored = [image.file.read_bytes() for image in library.get(ids[0]).images]
    assert [base64.b64decode(s.split(",", 1)[1]) for s in sources] == stored
    assert all(s.startswith(("data:image/jpeg;base64,", "data:image/png;base64,")) for s in sources)
    # Nothing else is loaded: no other src, no stylesheet, no base; links only lead out.
    assert not page.xpath("//link | //script | //base | //*[@src and not(self::img)]")
    assert all(h.startswith("https://") for h in page.xpath("//a/@href"))
    assert str(library.paths.root) not in text
    assert "Min egen notis" in text and "Blåbær og multer" in text


def test_show_html_embeds_the_images(library, capsys, tmp_path):
    from newsreader.cli import main

    article_id = fill(library)[1]
    root = str(library.paths.root)
    library.close()
    assert main(["--library", root, "show", str(article_id), "-f", "html"]) == 0
    shown = capsys.readouterr().out
    page = lxml.html.document_fromstring(shown)
    assert page.get("dir") == "rtl" and page.get("lang") == "he"
    assert [s[:23] for s in page.xpath("//img/@src")] == ["data:image/jpeg;base64,"]
    output = tmp_path / "side.html"
    assert main(["--library", root, "show", str(article_id), "-f", "html", "-o", str(output)]) == 0
    assert output.read_text(encoding="utf-8") == shown


def test_an_image_missing_from_the_library_is_its_alt_text_and_a_problem(library, tmp_path):
    article_id = fill(library)[1]
    library.get(article_id).images[0].file.unlink()
    result = exports.export(library, [article_id], "html", tmp_path / "pages")
    assert len(result.problems) == 1 and "missing from the library" in result.problems[0]
    text = next(result.path.glob("*.html")).read_text(encoding="utf-8")
    assert "<img" not in text and f'class="{render.MISSING_IMAGE_CLASS}">[bilde 0]' in text


# --- newsreader JSON -----------------------------------------------------------------------
def test_the_json_export_reads_back_field_for_field(library, tmp_path):
    ids = fill(library)
    result = exports.export(library, ids, "json", tmp_path / "export.zip")
    assert (result.articles, result.images, result.problems) == (3, 2, ())
    assert imports.detect(str(result.path)) == "newsreader"
    items = list(imports.read(str(result.path)))
    assert all(isinstance(item, ImportedItem) for item in items)
    assert_matches(items, library, ids)
    with zipfile.ZipFile(result.path) as archive:
        for item, article_id in zip(items, ids, strict=True):
            images = library.get(article_id).images
            assert item.images == tuple(image.name for image in images)
            for image in images:
                assert archive.read(image.name) == image.file.read_bytes()


# --- bookmarks and CSV ---------------------------------------------------------------------
BOOKMARK_FIELDS = {
    name: ARTICLE_FIELDS[name]
    for name in ("url", "title", "tags", "saved_at", "state", "description")
}


def test_bookmarks_read_back_as_browsers_and_newsreader_read_them(library, tmp_path):
    ids = fill(library)
    result = exports.export(library, ids, "netscape", tmp_path / "bookmarks.html")
    text = result.path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE NETSCAPE-Bookmark-file-1>")
    assert text.count('TOREAD="1"') == 2 and text.count('TOREAD="0"') == 1
    assert imports.detect(str(result.path)) == "netscape"
    assert_matches(
        list(imports.read(str(result.path))), library, ids, BOOKMARK_FIELDS, with_highlights=False
    )


def test_csv_has_a_row_per_article_and_reads_back_as_a_pocket_csv(library, tmp_path):
    ids = fill(library)
    result = exports.export(library, ids, "csv", tmp_path / "articles.csv")
    # A byte order mark first, so that spreadsheet programs read UTF-8.
    assert result.path.read_bytes().startswith(b"\xef\xbb\xbftitle,url,")
    with result.path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3
    first = library.get(ids[0])
    assert rows[0]["title"] == first.title
    assert rows[0]["tags"] == "nyheter|æøå med mellomrom"
    assert (rows[0]["status"], rows[0]["favorite"], rows[0]["progress"]) == ("archive", "1", "0.4")
    assert rows[0]["note"] == "Min egen notis\nmed to linjer"
    assert (rows[0]["highlights"], rows[0]["link_only"]) == ("3", "0")
    assert rows[1]["author"] == "דוד" and rows[2]["author"] == ""
    assert imports.detect(str(result.path)) == "pocket_csv"
    fields = {name: BOOKMARK_FIELDS[name] for name in ("url", "title", "tags", "saved_at", "state")}
    assert_matches(
        list(imports.read(str(result.path))), library, ids, fields, with_highlights=False
    )


@pytest.mark.parametrize("format_id", ["netscape", "csv"])
def test_a_tag_the_format_cannot_hold_is_reported(library, tmp_path, format_id):
    article_id = fill(library)[2]
    library.set_tags(article_id, ["a,b|c"])
    result = exports.export(library, [article_id], format_id, tmp_path / "out")
    assert len(result.problems) == 1 and "split in two" in result.problems[0]


def test_csv_cells_a_spreadsheet_would_run_as_formulas_start_with_a_quote(library, tmp_path):
    from dataclasses import replace

    from tests.export_helpers import content

    formula = '=HYPERLINK("https://evil.example","klikk")'
    saved = content(8, formula, "Tekst. Mer.", author="+47 999 99 999")
    saved = replace(saved, description="\tinnrykk", site="\rretur")
    article_id = library.save(saved, tags=["-1", "ok"]).article_id
    library.notebook.set_article_note(article_id, "@SUM(A1:A9)")
    result = exports.export(library, [article_id], "csv", tmp_path / "a.csv")
    with result.path.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = csv.DictReader(handle)
    assert row["title"] == "'" + formula
    assert (row["author"], row["description"], row["site"]) == (
        "'+47 999 99 999",
        "'\tinnrykk",
        "'\rretur",
    )
    assert (row["tags"], row["note"]) == ("'-1|ok", "'@SUM(A1:A9)")
    assert row["progress"] == "0.0" and row["word_count"].isdigit()  # numbers as they are
    assert row["url"] == library.get(article_id).url
