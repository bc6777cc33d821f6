"""The lead photo in the article's header is kept with its caption, whatever og:image
says; pictures that are not the article's (logos, banners) are not taken for it."""

from __future__ import annotations

import pytest

from newsreader.capture.extract import extract_article

PROSE = "".join(
    f"<p>{n}. Kommunen har lovet å bidra med grus til den våte strekningen ved bekken, og "
    "lasset kommer etter planen i løpet av desember når bakken har frosset til.</p>"
    for n in range(1, 7)
)


def page(header: str, head: str = "", before_title: str = "") -> str:
    return (
        f"<html lang='nb'><head><title>Ny grus i lysløypa</title>{head}</head><body>"
        "<div class='site'><img src='https://il.example/logo_200x60.png' alt='Bjørkelia IL'>"
        "<nav><a href='/'>Hjem</a></nav></div><main><div class='article-top'>"
        f"{before_title}<div class='headline'><h1>Ny grus i lysløypa</h1>{header}</div></div>"
        f"<article class='article-body'>{PROSE}</article></main></body></html>"
    )


def lead_of(html: str) -> tuple[str, str]:
    article = extract_article(html, "https://il.example/grus")
    body = article.html
    assert body.startswith("<figure>"), body[:200]
    figure = body[: body.index("</figure>")]
    return figure, article.text


@pytest.mark.parametrize(
    ("html", "photo", "caption"),
    [
        # After the headline, with a figcaption; og:image is another crop of it.
        (
            page(
                "<figure><img src='https://il.example/img/grus_1024x683.jpg' alt='Grus'>"
                "<figcaption>Lasset kom fram tirsdag. Foto: Kari Hansen</figcaption></figure>",
                head="<meta property='og:image' content='https://il.example/img/grus_1200x630.jpg'>",
            ),
            "grus_1024x683.jpg",
            "Lasset kom fram tirsdag. Foto: Kari Hansen",
        ),
        # A <picture> with sources, no caption and no og:image at all.
        (
            page(
                "<picture><source srcset='https://il.example/img/grus_800x533.webp 800w' "
                "type='image/webp'><img src='https://il.example/img/grus_800x533.jpg'></picture>"
            ),
            "grus_800x533",
            None,
        ),
        # Above the headline, with a caption element beside it.
        (
            page(
                "<p class='ingress'>Ny grus.</p>",
                before_title="<div class='hero-image'><img src='https://il.example/img/hero_1600x900.jpg'>"
                "<span class='caption'>Løypa i november.</span></div>",
            ),
            "hero_1600x900.jpg",
            "Løypa i november.",
        ),
    ],
)
def test_the_header_photo_is_kept_at_the_top_with_its_caption(html, photo, caption):
    figure, text = lead_of(html)
    assert photo in figure
    if caption:
        assert f"<figcaption>{caption}</figcaption>" in figure
        assert caption not in text  # captions are the picture's, not the prose's
    assert "logo" not in figure


def test_pictures_that_are_not_the_articles_are_not_taken_for_its_lead_photo():
    from newsreader.capture.dom import headline
    from newsreader.capture.page_images import header_images
    from newsreader.capture.trafilatura_pass import parse_page

    html = page(
        "<p class='byline'><img src='https://il.example/avatar/kari_64x64.jpg' width='64'> "
        "Kari Hansen</p><img src='https://il.example/img/stripe_1200x8.png' width='1200'>",
        before_title="<img src='https://il.example/partner_300x100.png' width='300'>",
    )
    # The site's logo sits above the headline but outside its block; the avatar, the
    # stripe and the partner badge have no caption and no <picture>.
    assert header_images(headline(parse_page(html), "Ny grus i lysløypa")) == set()
    article = extract_article(html, "https://il.example/grus")
    assert "logo" not in article.html
