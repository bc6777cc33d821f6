"""A captioned photo in the article's body is kept whatever its alt, class or file name
say ("logo", "icon", "avatar", "banner", "sponsor"); real furniture (a logo in the
site's header, nav or footer, a tiny icon, an uncaptioned badge) is still dropped.
Saved through a real Saver with worker processes from pages on a local server."""

from __future__ import annotations

import pytest

from newsreader.saver import Saver

PROSE_EN = "".join(
    f"<p>{n}. The town council agreed on Tuesday to repaint the old brewery and keep its "
    "sign, after a long meeting where residents spoke for and against the plan.</p>"
    for n in range(1, 6)
)
PROSE_NB = "".join(
    f"<p>{n}. Klubben har fått ny hovedsponsor, og draktene blir lagt fram for "
    "medlemmene på årsmøtet i januar etter at styret har godkjent avtalen.</p>"
    for n in range(1, 6)
)


def _page(title: str, lang: str, header: str, body: str, footer: str) -> str:
    return (
        f"<html lang='{lang}'><head><title>{title}</title></head><body>"
        f"<header class='site-header'>{header}<nav><a href='/'>Home</a>"
        "<img src='/gen/nav-icon_24x24.png' alt='menu icon'></nav></header>"
        f"<main><article><h1>{title}</h1>{body}</article></main>"
        f"<footer>{footer}</footer></body></html>"
    )


# (page, {kept image file: caption or ""}, [dropped image files])
PAGES = [
    (
        _page(
            "Brewery sign to stay",
            "en",
            "<img src='/gen/site-logo_200x60.png' alt='Town Gazette logo'>",
            PROSE_EN.split("</p>", 2)[0]
            + "</p>"
            + PROSE_EN.split("</p>", 2)[1]
            + "</p>"
            + "<figure><img src='/gen/brewery-logo_640x400.png' alt='The brewery logo'>"
            "<figcaption>The old logo above the gate. Photo: Ann Lee</figcaption></figure>"
            + PROSE_EN.split("</p>", 2)[2]
            + "<figure class='sponsor-photo'><img class='banner' "
            "src='/gen/banner-hall_800x500.png' alt='Sponsor banner in the hall'>"
            "<figcaption>The banner in the meeting hall.</figcaption></figure>"
            "<div class='image'><a href='/other-story'><img src='/gen/teaser-logo_400x300.png' "
            "alt='logo'></a><span class='caption'>Read: the other story</span></div>"
            "<p><img src='/gen/share-icon_24x24.png' width='24' height='24' alt='share'></p>"
            "<p><img src='/gen/partner-logo_120x40.png' alt='partner logo'></p>",
            "<figure><img src='/gen/footer-logo_120x40.png' alt='logo'>"
            "<figcaption>© Town Gazette</figcaption></figure>",
        ),
        {
            "brewery-logo_640x400.png": "The old logo above the gate. Photo: Ann Lee",
            "banner-hall_800x500.png": "The banner in the meeting hall.",
        },
        [
            "site-logo_200x60.png",
            "nav-icon_24x24.png",
            "share-icon_24x24.png",
            "teaser-logo_400x300.png",
            "partner-logo_120x40.png",
            "footer-logo_120x40.png",
        ],
    ),
    (
        _page(
            "Ny hovedsponsor for klubben",
            "nb",
            "<a class='logo' href='/'><img src='/gen/klubb_180x50.png' alt='Klubben'></a>",
            "<div class='image'><img class='avatar' src='/gen/styreleder-avatar_600x600.png' "
            "alt='avatar'><span class='caption'>Styreleder Kari Nilsen. Foto: Klubben</span>"
            "</div>"
            + PROSE_NB
            + "<figure><picture><source srcset='/gen/sponsor-logo-drakt_900x600.png 900w'>"
            "<img src='/gen/sponsor-logo-drakt_900x600.png' alt='sponsor logo icon'></picture>"
            "<figcaption>Den nye drakten med sponsorens logo.</figcaption></figure>"
            "<p><img src='/gen/icon-wall_700x450.png' width='700' height='450' alt='icon'></p>"
            "<figure><img src='/gen/badge-icon_32x32.png' width='32' height='32' alt='badge'>"
            "<figcaption>Premium</figcaption></figure>",
            "<img src='/gen/footer-sponsor-logo_150x50.png' alt='sponsor logo'>",
        ),
        {
            "styreleder-avatar_600x600.png": "Styreleder Kari Nilsen. Foto: Klubben",
            "sponsor-logo-drakt_900x600.png": "Den nye drakten med sponsorens logo.",
            "icon-wall_700x450.png": "",
        },
        [
            "klubb_180x50.png",
            "nav-icon_24x24.png",
            "badge-icon_32x32.png",
            "footer-sponsor-logo_150x50.png",
        ],
    ),
]


@pytest.mark.parametrize(("html", "kept", "dropped"), PAGES)
def test_captioned_body_photos_are_kept_and_site_furniture_is_not(
    saver: Saver, server, html, kept, dropped
):
    server.requests.clear()
    url = server.page(f"/figures/{len(kept)}", html)
    result = saver.save(url)
    assert result.ok, result.error
    images = saver.library.images(result.article_id)
    by_name = {image.url.rsplit("/", 1)[-1]: image for image in images}
    assert {name: image.caption for name, image in by_name.items()} == kept
    assert all(image.file is not None and image.file.is_file() for image in images)
    stored = saver.library.get(result.article_id)
    for caption in filter(None, kept.values()):
        assert f"<figcaption>{caption}</figcaption>" in stored.content_html
        assert caption not in stored.text  # the picture's caption, not the prose's
    for name in dropped:
        assert not server.requested(f"/gen/{name}"), name
