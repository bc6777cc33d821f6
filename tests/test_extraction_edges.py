"""Hostile and broken markup: extraction either works or fails with ExtractionError,
and nothing it stores can run script or reach outside the library."""

from __future__ import annotations

import pytest

from newsreader.capture.extract import extract_article
from newsreader.capture.images import ImageRef, image_result
from newsreader.capture.metadata import clean_title, plausible_name
from newsreader.capture.page_images import parse_srcset
from newsreader.capture.svg import UnsafeSvg, sanitize_svg
from newsreader.errors import ExtractionError

PROSE = " ".join(
    f"Dette er setning nummer {n} i en lang og helt vanlig artikkel om været i Bergen."
    for n in range(40)
)


def page(inner: str) -> str:
    return (
        "<html lang='nb'><head><title>Været i Bergen</title></head><body><article>"
        f"<h1>Været i Bergen</h1><p>{PROSE}</p>{inner}<p>{PROSE}</p></article></body></html>"
    )


HOSTILE = [
    '<img src="http://x.no/a.jpg" width="²">',
    '<img src="http://x.no/a.jpg" width="' + "1" * 5000 + '">',
    '<img srcset="http://x.no/a.jpg 2x" width="1' + "0" * 400 + '">',
    '<picture><source media="(max-width: .px)" srcset="b.jpg"><img src="c.jpg"></picture>',
    '<picture><source media="(min-width: 1.2.3px)" srcset="b.jpg"></picture>',
    '<figure><svg width="1.2.3" height="100"><rect/></svg></figure>',
    '<figure><svg viewBox="0 0 1e999 100"><rect/></svg></figure>',
    "<noscript>&lt;img &lt;&lt;&gt;&gt;</noscript>",
    '<iframe src="http://[abc"></iframe>',
    '<blockquote class="twitter-tweet" cite="http://[abc"><p>x</p></blockquote>',
    '<p><a href="http://[abc">En kilde</a></p>',
    '<img src="http://[abc/a.jpg">',
    '<p>Se <a href="http://[abc">her</a> for mer.</p>',
    '<img srcset="  ,, 1x, w">',
    '<img src="data:image/png;base64,!!!!">',
    "<picture></picture><source><source><source>",
    "<noscript>" * 50,
    "<div>" * 300 + "dypt" + "</div>" * 300,
    '<svg><foreignObject><p onclick="x()">x</p></foreignObject></svg>',
    "<![CDATA[ x ]]><?php echo 1; ?><!-- <p> -->",
    "<p>\x01\x02\x0b kontrolltegn</p>",
]


@pytest.mark.parametrize("inner", HOSTILE)
def test_broken_markup_never_crashes_extraction(inner):
    try:
        article = extract_article(page(inner), "http://127.0.0.1/vaer.html")
    except ExtractionError:
        return
    assert "Dette er setning nummer 39" in article.text
    assert "<script" not in article.html and "onclick" not in article.html


def test_base_and_canonical_that_cannot_be_read_are_ignored():
    html = page("").replace(
        "<head>", '<head><base href="http://[abc/"><link rel="canonical" href="http://[x">'
    )
    article = extract_article(html, "http://127.0.0.1/vaer.html")
    assert article.canonical_url is None


def test_a_page_cannot_pose_as_the_stand_ins():
    inner = (
        '<figure><img src="https://newsreader.invalid/image/1.png"></figure>'
        "<p>nrembedtoken0x</p>"
        '<figure><img src="https://x.no/one.jpg"><figcaption>En</figcaption></figure>'
        '<figure><img src="https://x.no/two.jpg"><figcaption>To</figcaption></figure>'
    )
    article = extract_article(page(inner), "http://127.0.0.1/vaer.html")
    assert "newsreader.invalid" not in article.html
    assert 'class="embed"' not in article.html
    assert article.html.index("one.jpg") < article.html.index("two.jpg")


def test_fallback_block_keeps_no_media_or_image_maps():
    # A layout the main extraction reads poorly, so the page's block is used.
    cells = "".join(f"<td>{PROSE}<br><br>{PROSE}</td>" for _ in range(2))
    nav = "".join(f"<p><a href='/s{n}'>Lenke nummer {n} i menyen</a></p>" for n in range(60))
    html = (
        f"<html lang='nb'><body><table><tr><td>{nav}</td><td><table><tr>{cells}</tr></table>"
        '<video src="file:///etc/passwd"></video><audio src="http://evil/x.mp3"></audio>'
        '<map><area href="file:///etc/passwd"></map></td></tr></table></body></html>'
    )
    article = extract_article(html, "http://127.0.0.1/gammel.html")
    for forbidden in ("<video", "<audio", "<area", "file:", "evil"):
        assert forbidden not in article.html


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:u\\72l(http://e/a)}</style></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><style>@\\69mport "http://e/x.css";</style></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:u\\rl(http://e/)"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:image-set(\'http://e\' 1x)"/>'
        b"</svg>",
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        b'<use x:href="http://e/s.svg#a"/><image href="http://e/i.png"/>'
        b'<a href="javascript:alert(1)"><rect onclick="x()"/></a></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"><script>x()</script>'
        b"<animate attributeName='href' to='http://e/'/><set attributeName='x' to='1'/></svg>",
    ],
)
def test_svg_keeps_drawing_and_nothing_that_reaches_outside(svg):
    clean = sanitize_svg(svg).decode()
    for forbidden in ("http://e", "import", "script", "onload", "onclick", "animate", "<set"):
        assert forbidden not in clean


def test_svg_keeps_what_draws_and_refuses_what_is_not_svg():
    kept = sanitize_svg(
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs>'
        b'<linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>'
        b'<rect width="10" height="10" style="fill:rgb(1,2,3)" fill="url(#g)"/>'
        b'<use href="#g"/></svg>'
    ).decode()
    for wanted in ('viewBox="0 0 10 10"', "linearGradient", 'fill="url(#g)"', "rgb(1,2,3)"):
        assert wanted in kept
    for bad in (b"<svg><rect/></svg>", b"<html/>", b"<svg", b"x" * (1024 * 1024 + 1)):
        with pytest.raises(UnsafeSvg):
            sanitize_svg(bad)
    # An SVG declaring an unreadable size is still stored, at an unknown size.
    result = image_result(
        ImageRef("http://x/a.svg"), b'<svg xmlns="http://www.w3.org/2000/svg" width="1.2.3"/>'
    )
    assert result.ok and result.width is None


@pytest.mark.parametrize(
    ("title", "sites", "headings", "expected"),
    [
        ("Kjendiser støtter Keaton Jones – VG", ["VG"], [], "Kjendiser støtter Keaton Jones"),
        ("Batteriespeicher - daheim Solar", ["daheim-solar.de"], [], "Batteriespeicher"),
        (
            "Ex-CNN anchor joins rival network",
            ["CNN"],
            ["Ex-CNN anchor joins rival network"],
            "Ex-CNN anchor joins rival network",
        ),
        (
            "Trump - CNN is fake news",
            ["CNN"],
            ["Trump - CNN is fake news"],
            "Trump - CNN is fake news",
        ),
        ("Jean-Paul Sartre", ["Paul Sartre Society"], [], "Jean-Paul Sartre"),
        ("Coca-Cola", ["Cola News"], [], "Coca-Cola"),
        (
            "Orso marsicano | Parco Nazionale",
            ["parcoabruzzo.it"],
            ["Orso marsicano"],
            "Orso marsicano",
        ),
    ],
)
def test_clean_title(title, sites, headings, expected):
    assert clean_title(title, sites, headings) == expected


def test_names_and_srcsets():
    assert plausible_name("AC/DC News") and plausible_name("VG")
    assert not plausible_name("https://www.facebook.com/vg") and not plausible_name("127.0.0.1:80")
    assert parse_srcset("a.jpg 1x,b.jpg 2x, https://c/w_100,h_50/c.jpg 100w") == [
        ("a.jpg", "1x"),
        ("b.jpg", "2x"),
        ("https://c/w_100,h_50/c.jpg", "100w"),
    ]


def test_choose_author():
    from newsreader.capture.metadata import PageMetadata, choose_author

    both = PageMetadata(authors=("Ann Berg", "Ola Nordmann"), site="Coastline Herald")
    assert choose_author("Coastline Herald Newsroom; Ann Berg; Ola Nordmann", both) == (
        "Ann Berg, Ola Nordmann"
    )
    one = PageMetadata(authors=("John Smith",), site="Daily")
    assert choose_author("John Smith and Jane Doe", one) == "John Smith and Jane Doe"
    assert choose_author("Von Miller", PageMetadata()) == "Von Miller"
    assert choose_author("By John Smith ·", PageMetadata()) == "John Smith"
    assert choose_author("https://facebook.com/x", one) == "John Smith"


def _finish(body_html: str, title: str | None = None) -> str:
    import lxml.html

    from newsreader.capture.prepared import Embed, PageImage, PreparedPage
    from newsreader.capture.refine import finish

    prepared = PreparedPage(
        images=[PageImage("https://vg.no/a.jpg", caption="A"), PageImage("https://vg.no/b.jpg")],
        embeds=[Embed("YouTube", "https://www.youtube.com/watch?v=abc", "Video")],
    )
    root = lxml.html.fragment_fromstring(body_html, create_parent="div")
    url = "https://www.vg.no/nyheter/i/1/sak"
    return finish(root, prepared, url, url, title=title)


def test_teasers_go_and_sentences_that_look_like_them_stay():
    html = _finish(
        "<h1>Været i Bergen</h1><p>Tekst her.</p>"
        '<p>Les også: <a href="https://www.vg.no/nyheter/i/2/annen">Annen sak</a></p>'
        '<p><a href="/nyheter/i/3/tredje">Tredje sak om noe helt annet</a></p>'
        '<p>Related research by <a href="https://uni.edu/p">Smith and colleagues</a> shows '
        "that the effect holds in older patients as well.</p>"
        '<p><a href="https://www.vg.no/rapport.pdf">Hele rapporten (PDF)</a></p>'
        "<h3>Bilder</h3><ul><li><img src='https://newsreader.invalid/image/0.png'></li>"
        "<li><img src='https://newsreader.invalid/image/1.png'></li></ul>"
        "<div><p>nrembedtoken0x</p></div>",
        title="Været i Bergen",
    )
    assert "<h1>" not in html  # the headline the reader shows already
    assert "Annen sak" not in html and "Tredje sak" not in html
    assert "Smith and colleagues" in html and "Hele rapporten (PDF)" in html
    # A list of pictures is not an empty list of teasers.
    assert "<h3>Bilder</h3>" in html and "a.jpg" in html and "b.jpg" in html
    assert '<blockquote class="embed">' in html and "watch?v=abc" in html


def test_fallback_block_drops_link_lines_but_keeps_link_paragraphs():
    import lxml.html

    from newsreader.capture.quality import block_html

    block = lxml.html.fragment_fromstring(
        "<td>Tekst i cellen.<br><br>"
        '<a href="javascript:print()">Skriv ut</a> | <a href="/liste">Tilbake</a><br>'
        '<p><a href="/rapport.pdf">Hele rapporten fra kommisjonen (PDF)</a></p></td>',
        create_parent="div",
    )
    text = block_html(block).text_content()
    assert "Skriv ut" not in text and "Tilbake" not in text
    assert "Hele rapporten fra kommisjonen (PDF)" in text and "Tekst i cellen." in text


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("<text>før<bad/>etter<tspan>slutt</tspan></text>", "føretterslutt"),
        ("<text><tspan>en</tspan><bad>x</bad> to<tspan>tre</tspan></text>", "en totre"),
        ("<text>a<x/>b<y/>c<z/>d</text>", "abcd"),
    ],
)
def test_svg_text_after_a_removed_element_stays_where_it_stood(inner, expected):
    from lxml import etree

    clean = sanitize_svg(f'<svg xmlns="http://www.w3.org/2000/svg">{inner}</svg>'.encode())
    assert "".join(etree.fromstring(clean).itertext()) == expected


def test_svg_with_thousands_of_removed_elements_is_cleaned():
    inner = "<text>" + "<bad/>ord " * 20_000 + "</text>"
    clean = sanitize_svg(f'<svg xmlns="http://www.w3.org/2000/svg">{inner}</svg>'.encode())
    assert clean.count(b"ord") == 20_000 and b"bad" not in clean


@pytest.mark.parametrize(
    "attributes",
    ['{http://x.example}y="1"', '{a="1"', '{x}="1"', '\x1b[31m="1"', '{="1" \x01="2"'],
)
def test_attribute_names_lxml_cannot_name_do_not_stop_the_main_block(attributes):
    """Short prose makes our steps read the page's main block themselves; its cleaner
    deleting an attribute named like a namespace raised "Invalid tag name"."""
    from newsreader.capture.quality import block_html

    html = (
        "<html><head><title>Kort</title></head><body><div>"
        f"<p {attributes} class='ingress'>Kort tekst om været i Bergen i dag.</p>"
        f"<p {attributes}>Og litt til om regnet.</p></div></body></html>"
    )
    from newsreader.capture.trafilatura_pass import parse_page

    block = block_html(parse_page(html).find("body"))
    assert "Kort tekst om været" in block.text_content()
    try:
        article = extract_article(html, "http://127.0.0.1/kort.html")
    except ExtractionError:
        return
    assert "regnet" in article.text
