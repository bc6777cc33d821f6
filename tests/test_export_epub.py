"""EPUB 3 export: the container and package checked here, and the whole book by
EPUBCheck (the W3C's validator; Debian package ``epubcheck``) where it is installed."""

from __future__ import annotations

import io
import posixpath
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree

from newsreader import exports
from newsreader.exports import xhtml
from tests.conftest import SEED_PAGE
from tests.export_helpers import content, fill, image

NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": xhtml.XHTML_NS,
    "epub": xhtml.EPUB_NS,
}


def _package(book: zipfile.ZipFile) -> tuple[str, etree._Element]:
    container = etree.fromstring(book.read("META-INF/container.xml"))
    (path,) = container.xpath("//c:rootfile/@full-path", namespaces=NS)
    return path, etree.fromstring(book.read(path))


def test_the_book_holds_every_article_image_language_and_author(library, tmp_path):
    ids = fill(library)
    result = exports.export(library, ids, "epub", tmp_path / "book.epub")
    assert (result.articles, result.images, result.problems) == (3, 2, ())
    with zipfile.ZipFile(result.path) as book:
        first = book.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert book.read("mimetype") == b"application/epub+zip"
        opf_path, opf = _package(book)
        base = posixpath.dirname(opf_path)
        assert opf.get("version") == "3.0"
        assert opf.xpath("//dc:language/text()", namespaces=NS) == ["nb", "he", "en"]
        assert opf.xpath("//dc:title/text()", namespaces=NS) == ["3 articles from newsreader"]
        assert opf.xpath("//dc:creator/text()", namespaces=NS) == ["Kari Nordmann", "דוד"]
        # Not every article reads right to left: the book does not either.
        assert opf.xpath("//opf:spine/@page-progression-direction", namespaces=NS) == []
        manifest = {
            item.get("id"): posixpath.join(base, item.get("href"))
            for item in opf.xpath("//opf:manifest/opf:item", namespaces=NS)
        }
        assert set(manifest.values()) <= set(book.namelist())
        (nav_id,) = opf.xpath("//opf:item[@properties='nav']/@id", namespaces=NS)
        nav = etree.fromstring(book.read(manifest[nav_id]))
        links = nav.xpath("//x:nav[@epub:type='toc']//x:a", namespaces=NS)
        titles = [library.get(i).title for i in ids]
        assert [a.text for a in links] == titles
        for link, article_id in zip(links, ids, strict=True):
            path = posixpath.join(posixpath.dirname(manifest[nav_id]), link.get("href"))
            assert path in manifest.values()
            page = etree.fromstring(book.read(path))  # well-formed XML, or this raises
            article = library.get(article_id)
            assert page.tag == f"{{{xhtml.XHTML_NS}}}html"
            assert page.get("lang") == page.get(xhtml.XML_LANG) == article.language
            assert page.get("dir") == ("rtl" if article.direction == "rtl" else None)
            # Every image the page shows is inside the book, with the library's bytes.
            stored = {image.file.name: image.file.read_bytes() for image in article.images}
            sources = page.xpath("//x:img/@src", namespaces=NS)
            assert len(sources) == len(article.images)
            for source in sources:
                inside = posixpath.normpath(posixpath.join(posixpath.dirname(path), source))
                assert inside in manifest.values()
                assert book.read(inside) == stored[posixpath.basename(source)]
        # The highlights and notes follow the first article.
        first_page = book.read(posixpath.join(base, "article-1.xhtml")).decode()
        assert "Blåbær og multer" in first_page and "Husk: *plukke*" in first_page


def test_a_book_of_right_to_left_articles_reads_right_to_left(library, tmp_path):
    hebrew = fill(library)[1]
    result = exports.export(library, [hebrew], "epub", tmp_path / "he.epub")
    with zipfile.ZipFile(result.path) as book:
        _, opf = _package(book)
    assert opf.xpath("//opf:spine/@page-progression-direction", namespaces=NS) == ["rtl"]
    assert opf.xpath("//dc:title/text()", namespaces=NS) == ["שלום עולם"]
    assert opf.xpath("//dc:language/text()", namespaces=NS) == ["he"]


def test_html_that_is_not_xml_becomes_valid_xhtml():
    body = (
        "<p>A&nbsp;b<br>c <figure><img src='x.png' width='50%'></figure></p>"
        "<center>old</center><p>bad \x0b char</p><script>alert(1)</script><!-- note -->"
    )
    page = etree.fromstring(xhtml.document("T", body, language="nb", direction=None))
    (body_element,) = page.xpath("//x:body", namespaces=NS)
    assert [etree.QName(e).localname for e in body_element] == ["div", "div", "p"]
    assert page.xpath("//x:img/@width", namespaces=NS) == []
    assert "\x0b" not in etree.tostring(page, encoding="unicode")
    assert not page.xpath("//x:script", namespaces=NS)


def _epubcheck() -> list[str] | None:
    found = shutil.which("epubcheck")
    if found is None:
        return None
    # Debian's /usr/bin/epubcheck is the jar itself, run through binfmt_misc by
    # jarwrapper; a container without binfmt_misc runs it with java -jar.
    with open(found, "rb") as handle:
        is_jar = handle.read(2) == b"PK"
    java = shutil.which("java")
    if is_jar:
        return [java, "-jar", found] if java else None
    return [found]


@pytest.mark.skipif(
    _epubcheck() is None,
    reason="the epubcheck command is not installed (Debian: apt-get install epubcheck)",
)
def test_epubcheck_passes_a_book_of_real_and_awkward_articles(library, saver, server, tmp_path):
    ids = fill(library)
    saved = saver.save(server.url(SEED_PAGE))  # the VG page through the real pipeline
    assert saved.ok and library.get(saved.article_id).images
    result = exports.export(library, [saved.article_id, *ids], "epub", tmp_path / "book.epub")
    assert result.problems == ()
    code, report = _epubcheck_report(result.path)
    assert code == 0, report
    assert "0 fatals / 0 errors / 0 warnings" in report or "No errors or warnings" in report


def test_a_title_with_a_character_xml_forbids_still_makes_a_book(library, tmp_path):
    saved = library.save(content(4, "Vertikal\x0btab", "Tekst her. Mer tekst.", author="A\x01B"))
    result = exports.export(library, [saved.article_id], "epub", tmp_path / "x.epub")
    with zipfile.ZipFile(result.path) as book:
        _, opf = _package(book)
        assert opf.xpath("//dc:title/text()", namespaces=NS) == ["Vertikaltab"]
        assert opf.xpath("//dc:creator/text()", namespaces=NS) == ["AB"]


def _picture(format_name: str, mode: str = "RGB", **options) -> bytes:
    """A real 16x10 image in ``format_name``, made by Pillow."""
    from PIL import Image

    colour = (200, 40, 90, 128)[: len(mode)] if mode != "L" else 120
    out = io.BytesIO()
    Image.new(mode, (16, 10), colour).save(out, format_name, **options)
    return out.getvalue()


def _save_with_images(library, n: int, images: list[tuple[bytes, str]]) -> int:
    stored = tuple(
        image(position, data, mime, f"https://cdn.example.no/{n}/{position}")
        for position, (data, mime) in enumerate(images)
    )
    return library.save(
        content(n, f"Bilder {n}", "Første setning. Andre.", images=stored)
    ).article_id


def _epubcheck_report(path) -> tuple[int, str]:
    checked = subprocess.run(
        [*_epubcheck(), str(path)], capture_output=True, text=True, timeout=120
    )
    return checked.returncode, checked.stdout + checked.stderr


def test_avif_webp_and_bmp_images_become_png_or_jpeg_in_the_book(library, tmp_path):
    avif, webp = _picture("AVIF"), _picture("WEBP", quality=80)
    alpha_webp, bmp = _picture("WEBP", "RGBA", lossless=True), _picture("BMP")
    first = _save_with_images(
        library,
        4,
        [
            (avif, "image/avif"),
            (webp, "image/webp"),
            (alpha_webp, "image/webp"),
            (bmp, "image/bmp"),
        ],
    )
    second = _save_with_images(library, 5, [(avif, "image/avif")])  # the same AVIF again
    result = exports.export(library, [first, second], "epub", tmp_path / "book.epub")
    assert (result.images, result.problems) == (4, ())
    with zipfile.ZipFile(result.path) as book:
        opf_path, opf = _package(book)
        base = posixpath.dirname(opf_path)
        types = {
            item.get("href"): item.get("media-type")
            for item in opf.xpath("//opf:manifest/opf:item", namespaces=NS)
            if item.get("media-type").startswith("image/")
        }
        assert sorted(types.values()) == ["image/jpeg", "image/jpeg", "image/png", "image/png"]
        pages = [book.read(posixpath.join(base, f"article-{n}.xhtml")) for n in (1, 2)]
        sources = [etree.fromstring(p).xpath("//x:img/@src", namespaces=NS) for p in pages]
        assert [types[s] for s in sources[0]] == [
            "image/jpeg",
            "image/jpeg",
            "image/png",
            "image/png",  # AVIF, WebP, alpha, BMP
        ]
        assert sources[1] == sources[0][:1]  # one file for the image both articles show
        from PIL import Image

        for href, media_type in types.items():
            with Image.open(io.BytesIO(book.read(posixpath.join(base, href)))) as picture:
                assert Image.MIME[picture.format] == media_type and picture.size == (16, 10)
    if _epubcheck() is not None:
        code, report = _epubcheck_report(result.path)
        assert code == 0 and "0 errors / 0 warnings" in report, report


def test_an_image_that_cannot_be_converted_or_is_missing_is_its_alt_text_said_once(
    library, tmp_path
):
    damaged = b"\x00\x00\x00\x1cftypavif not really an image"
    first = _save_with_images(library, 4, [(damaged, "image/avif"), (_picture("PNG"), "image/png")])
    second = _save_with_images(
        library, 5, [(damaged, "image/avif"), (_picture("PNG"), "image/png")]
    )
    library.get(first).images[1].file.unlink()  # shared by both articles, now missing
    result = exports.export(library, [first, second], "epub", tmp_path / "book.epub")
    assert result.images == 0
    assert len(result.problems) == 2, result.problems
    converted, missing = result.problems
    assert converted.startswith(f"article {first}: image ") and "image/avif" in converted
    assert "could not be converted" in converted and "alt text" in converted
    assert missing.startswith(f"article {first}: image ") and "missing" in missing
    with zipfile.ZipFile(result.path) as book:
        opf_path, opf = _package(book)
        assert not opf.xpath("//opf:item[starts-with(@media-type, 'image/')]", namespaces=NS)
        page = book.read(posixpath.join(posixpath.dirname(opf_path), "article-2.xhtml")).decode()
        assert "[bilde 0]" in page and "[bilde 1]" in page and "<img" not in page
