"""Addresses are checked at the door: malformed ones (typed, redirected to, forwarded
to) end in one clear line, credentials are never stored, shown or sent to another
host, and image requests tell other hosts no more than the page's origin."""

from __future__ import annotations

import base64
import socket
import time
from pathlib import Path

import pytest

from newsreader.capture.urls import credentials, referrer, shown, validate_url
from newsreader.cli import main
from newsreader.errors import CaptureError, FetchError, InvalidURL, NewsreaderError
from tests.server import FixtureServer, generated_png
from tests.test_saver import article_page

MALFORMED = [
    "http://[::1/article",
    "https://[fe80::1/x",
    "http://[zz::1]/a",
    "http://exa\nmple.com/a",
    "http://example.com/a\rb",
    "http://example.com/\x07bell",
    "http://example.com/a\x00b",
    "http://example.com/\x1b[31mred",
    "http://example.com:99999/a",
    "http://example.com/a\u2028b",
]


def _one_clean_line(text: str) -> str:
    assert text.endswith("\n") and text.count("\n") == 1, repr(text)
    line = text[:-1]
    assert line.isprintable(), repr(line)
    assert "internal error" not in line and "Traceback" not in line
    return line


# --- typed -----------------------------------------------------------------------------------
@pytest.mark.parametrize("url", MALFORMED)
def test_a_malformed_address_typed_ends_in_one_line(url, capsys, tmp_path):
    assert main(["--library", str(tmp_path / "lib"), "add", url]) == 1
    captured = capsys.readouterr()
    line = _one_clean_line(captured.err)
    assert line.startswith("newsreader: ")
    assert captured.out == ""


@pytest.mark.parametrize(
    ("url", "escaped"),
    [
        ("http://x.no/a\nb", "http://x.no/a\\nb"),
        ("http://x.no/\x07", "http://x.no/\\x07"),
        ("http://x.no/\x85z", "http://x.no/\\x85z"),
        ("http://user:pw@x.no/\tz", "http://x.no/\\tz"),
    ],
)
def test_messages_show_addresses_escaped_and_without_credentials(url, escaped):
    assert shown(url) == escaped
    with pytest.raises(InvalidURL) as error:
        validate_url(url)
    assert escaped in error.value.message and "\n" not in error.value.message


# --- redirected to -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "location",
    [
        "http://[::1/article",
        "//[::1/x",
        "http://[zz::1]/a",
        "http://127.0.0.1:99999/a",
        "javascript:alert(1)",
        "http://exa mple.com/",
        "http://bad\x07host/",
    ],
)
def test_a_redirect_to_a_malformed_address_ends_in_one_line(server, saver, library, location):
    server.raw(
        "/moved",
        b"HTTP/1.1 302 Found\r\nLocation: "
        + location.encode("latin-1")
        + b"\r\nContent-Length: 0\r\n\r\n",
    )
    with pytest.raises(InvalidURL) as error:
        saver.save(server.url("/moved"))
    message = error.value.message
    assert message.startswith(f"{server.url('/moved')} redirected to")
    assert message.isprintable()
    assert library.count() == 0


@pytest.mark.parametrize(
    "target", ["http://[::1/article", "http://[zz::1]/a", "javascript:alert(1)", "http://x.no/\x07"]
)
def test_a_page_forwarding_to_a_malformed_address_ends_in_one_line(server, saver, library, target):
    url = server.page(
        "/forward",
        f'<html><head><meta http-equiv="refresh" content="0; url={target}"></head>'
        "<body></body></html>",
    )
    with pytest.raises(
        InvalidURL, match="forwards .meta refresh. to an address that cannot be saved"
    ) as error:
        saver.save(url)
    assert error.value.message.isprintable()
    assert library.count() == 0


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        (b"/caf\xe9", "/caf%E9"),  # Latin-1
        (b"/bl\xe5b\xe6r-\xf8l", "/bl%E5b%E6r-%F8l"),
        (b"/\xff\xfe?q=\xe6", "/%FF%FE"),
        (b"/r\xc3\xb8d", "/r%C3%B8d"),  # UTF-8 after all: read as such
    ],
)
def test_a_location_header_that_is_not_utf8_is_followed_as_its_bytes(server, fetcher, raw, path):
    server.page(path, "<html><body><p>Arrived at the right place.</p></body></html>")
    server.raw(
        "/moved", b"HTTP/1.1 301 Moved\r\nLocation: " + raw + b"\r\nContent-Length: 0\r\n\r\n"
    )
    page = fetcher.fetch_page(server.url("/moved"))
    assert "Arrived at the right place" in page.html
    assert page.final_url.startswith(server.url(path))


@pytest.mark.parametrize("raw", [b"http://bl\xe5b\xe6r.no/", b"http://\xff/", b"http://[\xe6::1]/"])
def test_a_non_utf8_location_naming_an_impossible_host_ends_in_one_line(
    server, saver, library, raw
):
    server.raw(
        "/moved", b"HTTP/1.1 302 Found\r\nLocation: " + raw + b"\r\nContent-Length: 0\r\n\r\n"
    )
    result = saver.submit(server.url("/moved")).result(timeout=30)
    assert isinstance(result.error, CaptureError)
    _one_clean_line(result.error.message + "\n")
    assert library.count() == 0


@pytest.mark.parametrize(
    ("location", "says"),
    [
        (b"http://", "redirected to an address with no host"),
        (b"https://", "redirected to an address with no host"),
        (b"//", "redirected to an address with no host"),
        (b"http:///sak", "redirected to an address with no host"),
        (b"", "(a redirect) without saying where to"),
        (b"   ", "(a redirect) without saying where to"),
    ],
)
def test_a_redirect_to_nowhere_ends_in_one_line_naming_it(server, fetcher, location, says):
    server.raw(
        "/moved",
        b"HTTP/1.1 302 Found\r\nLocation: " + location + b"\r\nContent-Length: 0\r\n\r\n",
    )
    started = time.monotonic()
    with pytest.raises(NewsreaderError) as failed:
        fetcher.fetch_page(server.url("/moved"))
    assert time.monotonic() - started < 5  # not ten trips back to itself
    assert says in failed.value.message
    _one_clean_line(failed.value.message + "\n")
    assert len(server.requested("/moved")) == 1


# --- connection errors name the host that failed ----------------------------------------------
def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    ("target", "named"),
    [
        ("http://127.0.0.2:{port}/a", "connection refused by 127.0.0.2"),
        ("http://localhost:{port}/a", "connection refused by localhost"),
        ("http://nosuchhost.invalid/a", "host not found: nosuchhost.invalid"),
    ],
)
def test_a_connection_error_after_a_redirect_names_the_host_that_failed(
    server, fetcher, target, named
):
    server.redirect("/second", target.format(port=_closed_port()))
    start = server.redirect("/first", "/second")
    with pytest.raises(FetchError, match=f"^{named}$"):
        fetcher.fetch_page(start)


# --- credentials --------------------------------------------------------------------------------
@pytest.fixture
def other_host():
    # Another origin: the same machine under another name and port.
    srv = FixtureServer().start()
    yield srv
    srv.stop()


def _all_stored_bytes(library_dir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in library_dir.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("user", "password"),
    [("reader", "s3cret-pw"), ("ola%40nordmann", "bl%C3%A5b%C3%A6r"), ("only-user", "")],
)
def test_credentials_are_used_for_their_own_origin_only_and_never_stored(
    server, other_host, saver, library, tmp_path, user, password
):
    other = f"http://localhost:{other_host.port}"
    other_host.page("/pic.png", generated_png("other", 300, 200), content_type="image/png")
    server.page(
        "/news/private",
        article_page(image="/gen/own_300x200.png").replace(
            "</article>", f'<figure><img src="{other}/pic.png" alt="elsewhere"></figure></article>'
        ),
    )
    url = f"http://{user}:{password}@127.0.0.1:{server.port}/news/private"
    result = saver.save(url)
    assert result.ok and result.images_stored == 2
    assert result.notice and "not stored" in result.notice

    # The page's own origin got them, as Basic authentication, for the page only.
    page_request = server.requested("/news/private")[0]
    expected = credentials(url)
    token = base64.b64encode(f"{expected[0]}:{expected[1]}".encode()).decode()
    assert page_request.headers["Authorization"] == f"Basic {token}"
    assert "Authorization" not in server.requested("/gen/")[0].headers
    # The same origin sees the page's address; another only its origin.
    assert server.requested("/gen/")[0].headers["Referer"] == server.url("/news/private")
    (seen_elsewhere,) = other_host.requests
    assert "Authorization" not in seen_elsewhere.headers
    assert seen_elsewhere.headers["Referer"] == f"http://127.0.0.1:{server.port}/"

    article = library.get(result.article_id)
    assert article.url == server.url("/news/private") == article.final_url
    assert "@" not in (article.site or "")
    # Every byte the library holds (database, its write-ahead log, files).
    secret_parts = [p for p in (user, password, expected[0], expected[1]) if len(p) > 3]
    stored = _all_stored_bytes(tmp_path / "library")
    assert server.url("/news/private").encode() in stored
    for secret in secret_parts:
        assert secret.encode() not in stored


def test_credentials_are_not_sent_on_after_a_redirect_to_another_host(
    server, other_host, saver, library
):
    other_host.page("/landed", article_page(image="/gen/x_300x200.png"))
    server.redirect("/go", f"http://localhost:{other_host.port}/landed")
    result = saver.save(f"http://reader:topsecret@127.0.0.1:{server.port}/go")
    assert result.ok
    assert server.requested("/go")[0].headers["Authorization"].startswith("Basic ")
    assert all("Authorization" not in r.headers for r in other_host.requests)
    assert all("topsecret" not in str(r.headers) for r in other_host.requests)


def test_the_cli_never_shows_credentials(server, capsys, tmp_path):
    url = f"http://reader:topsecret@127.0.0.1:{server.port}/missing"
    assert main(["--library", str(tmp_path / "lib"), "add", url]) == 1
    err = capsys.readouterr().err
    assert "topsecret" not in err and "reader:top" not in err
    assert f"127.0.0.1:{server.port}/missing: HTTP 404" in err


# --- the Referer sent ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("page", "target", "sent"),
    [
        ("https://a.no/x/y?q=1#frag", "https://a.no/img.png", "https://a.no/x/y?q=1"),
        ("https://a.no/x/y?q=1", "https://cdn.a.no/img.png", "https://a.no/"),
        ("https://a.no/x", "https://a.no:8443/img.png", "https://a.no/"),
        ("https://a.no/x", "http://a.no/img.png", None),
        ("http://a.no/x", "https://b.no/img.png", "http://a.no/"),
        ("https://u:p@a.no/x", "https://a.no/i.png", "https://a.no/x"),
        ("https://u:p@a.no:444/x", "https://b.no/i.png", "https://a.no:444/"),
    ],
)
def test_referrer_is_strict_origin_when_cross_origin(page, target, sent):
    assert referrer(page, target) == sent


def test_an_image_redirected_to_another_host_gets_only_the_origin(server, other_host, saver):
    other_host.page("/real.png", generated_png("moved", 300, 200), content_type="image/png")
    server.redirect("/img.png", f"http://localhost:{other_host.port}/real.png")
    result = saver.save(server.page("/news/story", article_page(image="/img.png")))
    assert result.images_stored == 1
    assert server.requested("/img.png")[0].headers["Referer"] == server.url("/news/story")
    assert other_host.requests[0].headers["Referer"] == f"http://127.0.0.1:{server.port}/"


def test_a_huge_address_is_refused_and_shown_cut_in_the_middle():
    from newsreader.capture.urls import MAX_URL_LENGTH, SHOWN_MAX, shown, validate_url
    from newsreader.errors import InvalidURL

    huge = "http://user:secret@" + "a" * 100_000 + ".no/sak?id=1"
    with pytest.raises(InvalidURL) as refused:
        validate_url(huge)
    message = refused.value.message
    assert message.startswith("too long to be an address (100,")
    assert len(message) < SHOWN_MAX + 100 and "secret" not in message
    assert message.rstrip("'").endswith(".no/sak?id=1")
    assert validate_url("http://x.no/" + "a" * (MAX_URL_LENGTH - 20)).startswith("http://x.no/")
    assert shown("http://x.no/kort") == "http://x.no/kort"


def test_credentials_a_page_carries_are_never_used_stored_or_shown(
    server, other_host, saver, library
):
    other = f"localhost:{other_host.port}"
    other_host.page("/pic.png", generated_png("sider", 300, 200), content_type="image/png")
    page = (
        article_page(image="/gen/own_300x200.png")
        .replace(
            "<head>",
            f'<head><meta property="og:url" content="http://ou:ogsecret@{other}/sak">'
            f'<link rel="canonical" href="http://cu:canonsecret@127.0.0.1:{server.port}/sak">'
            f'<meta property="og:image" content="http://iu:imgsecret@{other}/pic.png">',
        )
        .replace(
            "</article>",
            f'<figure><img src="http://fu:figsecret@{other}/pic.png" alt="bilde"></figure>'
            f'<p>Se <a href="http://lu:linksecret@{other}/mer">mer her</a> om saken.</p>'
            "</article>",
        )
    )
    url = server.page("/news/with-secrets", page)
    result = saver.save(url)
    assert result.ok
    # The image host was asked without them: browsers refuse such subresources too.
    assert other_host.requests
    for request in other_host.requests:
        assert "Authorization" not in request.headers
    article = library.get(result.article_id)
    shown_fields = [
        article.site or "",
        article.canonical_url or "",
        article.lead_image_url or "",
        article.content_html,
        article.text,
        *(image.url for image in article.images),
        *(hit.snippet for hit in library.search("saken")),
    ]
    for secret in ("ogsecret", "canonsecret", "imgsecret", "figsecret", "linksecret"):
        assert all(secret not in value for value in shown_fields), secret
    assert f"http://{other}/mer" in article.content_html  # the link itself is kept
