"""Extraction and image handling, on their own (no network, no worker processes)."""

from __future__ import annotations

import pytest

from newsreader.capture.extract import extract_article, html_to_text, page_language
from newsreader.capture.images import (
    ImageRef,
    find_images,
    image_size,
    rewrite_images,
    sniff_image,
)
from newsreader.errors import ExtractionError
from tests.server import FIXTURES

IMG = FIXTURES / "vg" / "img"


def test_html_to_text_keeps_paragraphs_and_collapses_whitespace():
    html = (
        "<h2>Tittel</h2>\n<p>Første   linje\n fortsetter.</p><ul><li>en</li><li>to</li></ul>"
        "<p>Linje<br>to</p><table><tr><td>a</td><td>b</td></tr></table>"
    )
    assert (
        html_to_text(html) == "Tittel\n\nFørste linje fortsetter.\n\nen\n\nto\n\nLinje\nto\n\na b"
    )


def test_extraction_of_a_page_without_an_article_is_an_error():
    with pytest.raises(ExtractionError, match="no article text"):
        extract_article(
            "<html><body><nav><a href='/'>Hjem</a></nav></body></html>", "http://127.0.0.1/"
        )


@pytest.mark.parametrize(
    ("page", "header", "expected"),
    [
        ('<html lang="nb-NO"><body></body></html>', None, "nb"),
        ('<html><head><meta property="og:locale" content="nn_NO"></head></html>', None, "nn"),
        ("<html><body></body></html>", "en-GB, en", "en"),
        ('<html lang="{{lang}}"><body></body></html>', None, None),
    ],
)
def test_page_language(page, header, expected):
    import lxml.html

    assert page_language(lxml.html.document_fromstring(page), header) == expected


def test_find_images_skips_pixels_relative_and_duplicates_and_reads_captions():
    html = (
        '<p>x</p><figure><img src="https://a.no/1.jpg" alt=" Et  bilde ">'
        '<figcaption>FOTO: En  bildetekst</figcaption></figure><img src="https://a.no/1.jpg">'
        '<img src="https://t.no/p.gif" width="1" height="1"><img src="data:image/gif;base64,R0">'
        '<img src="/relative.jpg">'
    )
    first = ImageRef("https://a.no/1.jpg", alt="Et bilde", caption="FOTO: En bildetekst")
    # The body has an image, so a different og:image is not added.
    assert find_images(html, "https://a.no/lead.jpg") == [first]
    # The same picture at another size is the lead.
    assert find_images(html, "https://a.no/1.jpg?w=1200") == [
        ImageRef("https://a.no/1.jpg", alt="Et bilde", caption="FOTO: En bildetekst", is_lead=True)
    ]


def test_the_lead_image_is_kept_when_the_body_has_none():
    assert find_images("<p>Bare tekst.</p>", "https://a.no/lead.jpg") == [
        ImageRef("https://a.no/lead.jpg", is_lead=True)
    ]


@pytest.mark.parametrize(
    ("name", "mime", "size"),
    [
        ("lead.jpg", "image/jpeg", (800, 450)),
        ("logo.png", "image/png", (120, 40)),
        ("pixel.gif", "image/gif", (1, 1)),
        ("bieber.jpg", "image/jpeg", (640, 427)),
    ],
)
def test_image_type_and_size_come_from_the_bytes(name, mime, size):
    data = (IMG / name).read_bytes()
    assert sniff_image(data) == mime
    assert image_size(data, mime) == size


def test_webp_sizes():
    vp8x = (
        b"RIFF\x00\x00\x00\x00WEBPVP8X"
        + b"\x0a\x00\x00\x00"
        + b"\x00" * 4
        + ((1599).to_bytes(3, "little") + (899).to_bytes(3, "little"))
    )
    assert sniff_image(vp8x) == "image/webp"
    assert image_size(vp8x, "image/webp") == (1600, 900)


def test_not_an_image():
    assert sniff_image(b"<html>") is None
    assert sniff_image(b"<svg xmlns='http://www.w3.org/2000/svg'>") is None


def test_rewrite_images_points_at_local_files_and_leaves_alt_text_for_failures():
    html = (
        '<p>a</p><img src="https://a.no/1.jpg" alt="En"> tail'
        '<p><img src="https://a.no/2.jpg" alt="To &amp; tre">inline</p>'
        '<img src="https://t.no/pixel.gif">'
    )
    out = rewrite_images(
        html, {"https://a.no/1.jpg": "images/ab/x.jpg", "https://a.no/2.jpg": None}
    )
    assert '<img src="images/ab/x.jpg" alt="En" data-original-src="https://a.no/1.jpg"> tail' in out
    missing = '<span class="nr-missing-image" data-original-src="https://a.no/2.jpg">'
    assert missing + "[To &amp; tre]</span>inline" in out
    assert "pixel.gif" not in out


def test_links_that_could_reach_the_desktop_are_dropped():
    page = """<html><body><article><h1>Lenker</h1>
    <p>Les <a href="javascript:alert(1)">dette</a>, <a href="file:///home/me/.ssh/id_rsa">dette</a>,
    <a href="smb://server/share">dette</a> og <a href="data:text/html,hei">dette</a>, men også
    <a href="/relativ">denne</a> og <a href="mailto:tips@vg.no">tips</a>. Lang nok tekst til at
    artikkelen blir hentet ut skikkelig av trafilatura, med flere ord og setninger.</p>
    <p>Enda et avsnitt med nok tekst til at dette ser ut som en ordentlig artikkel for uttrekkeren,
    slik at vi faktisk får testet lenkene og ikke bare en tom side uten innhold av betydning.</p>
    </article></body></html>"""
    article = extract_article(page, "https://www.vg.no/sak/1")
    for scheme in ("javascript:", "file:", "smb:", "data:"):
        assert scheme not in article.html
    assert 'href="https://www.vg.no/relativ"' in article.html
    assert 'href="mailto:tips@vg.no"' in article.html
    assert "dette" in article.text  # the link text stays


def test_images_beyond_the_article_budget_are_skipped_not_downloaded(server, fetcher):
    from concurrent.futures import ThreadPoolExecutor

    from newsreader.capture.images import download_images

    names = ("lead.jpg", "bieber.jpg", "bloom.jpg")
    refs = [ImageRef(server.url(f"/vg/img/{name}")) for name in names]
    sizes = [(IMG / name).stat().st_size for name in names]
    # Room for the first image only; one download at a time so the order is fixed.
    with ThreadPoolExecutor(1) as executor:
        results = download_images(fetcher, refs, server.url("/"), executor, sizes[0] + 10)
    assert results[0].ok
    assert [r.error for r in results[1:]] == [
        "skipped: the article's images are too large together"
    ] * 2
    assert len(server.requested("/vg/img/")) == 2  # the third was never fetched


def test_soft_hyphens_and_zero_width_marks_leave_the_text():
    # "Ber\u00adgen" must be found by a search for Bergen.
    assert html_to_text("<p>Ber\u00adgen og Trond\u200bheim\ufeff</p>") == "Bergen og Trondheim"
