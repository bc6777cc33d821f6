"""Fetching: limits, redirects, content types, charsets and network failures, each
against a real server on 127.0.0.1."""

from __future__ import annotations

import gzip
import shutil
import socket
import ssl
import subprocess

import pytest

from newsreader.capture.charset import decode_html
from newsreader.capture.fetch import USER_AGENT, Fetcher
from newsreader.capture.urls import url_key, validate_url
from newsreader.errors import FetchError, InvalidURL, NotAnArticle, PageTooLarge

NORWEGIAN = "Blåbærsyltetøy på skolen: «Vær så snill» – sier gutten i Tromsø. Æ Ø Å"


def _page(text: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>Test</title></head><body><p>{text}</p></body></html>"


# --- URLs ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.com/file.txt", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("mailto:someone@example.com", "only http and https"),
        ("", "empty URL"),
        ("http://", "no host"),
        ("http://example.com:port/", "malformed"),
        ("not a url at all", "contains spaces"),
        ("http//example.com/a", r"did you mean http://"),
        ("https:/example.com/a", r"did you mean https://"),
    ],
)
def test_bad_urls_are_refused_with_a_reason(fetcher, url, reason):
    with pytest.raises(InvalidURL, match=reason):
        fetcher.fetch_page(url)


def test_scheme_less_address_is_read_as_https():
    assert validate_url("vg.no/nyheter/i/abc") == "https://vg.no/nyheter/i/abc"


def test_url_key_ignores_tracking_parameters_fragment_scheme_and_www():
    key = url_key("https://www.vg.no/a/b/?utm_source=fb&utm_medium=x&fbclid=1&id=7#comments")
    assert key == url_key("http://vg.no/a/b?id=7")
    assert key != url_key("http://vg.no/a/b?id=8")
    assert url_key("http://vg.no/a?story=1") != url_key("http://vg.no/a?story=2")


def test_url_key_keeps_parameters_without_a_value():
    # "page.php?123" and "page.php?124" are two pages, neither is "page.php".
    keys = {
        url_key(u) for u in ("http://x.no/p.php?123", "http://x.no/p.php?124", "http://x.no/p.php")
    }
    assert len(keys) == 3
    assert url_key("http://x.no/p?b=2&print") == url_key("https://www.x.no/p?print&b=2")
    assert url_key("http://x.no/p?utm_source=fb&print") == url_key("http://x.no/p?print")


def test_url_key_keeps_parameters_that_look_like_html_entities():
    # &section, &copy and &not are parameters, not §, © and ¬.
    assert url_key("https://vg.no/a?id=5&section=2") == "vg.no/a?id=5&section=2"
    with_tracker = url_key("https://vg.no/a?utm_source=x&copy=1")
    assert with_tracker == "vg.no/a?copy=1"
    assert with_tracker != url_key("https://vg.no/a?utm_source=x&copy=2")


# --- a good page ----------------------------------------------------------------------------
def test_honest_user_agent_and_final_url_after_redirects(server, fetcher):
    target = server.page("/final.html", _page("Hei"))
    server.redirect("/hop2", "/final.html", 301)
    start = server.redirect("/hop1", server.url("/hop2"))
    page = fetcher.fetch_page(start)
    assert page.url == start
    assert page.final_url == target
    assert server.requests[-1].headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("newsreader/")


def test_ten_redirects_are_followed_but_not_eleven(server, fetcher):
    server.page("/r10", _page("Hei").encode())
    for n in range(10):
        server.redirect(f"/r{n}", f"/r{n + 1}")
    assert fetcher.fetch_page(server.url("/r0")).final_url == server.url("/r10")

    server.page("/s11", _page("Hei").encode())
    for n in range(11):
        server.redirect(f"/s{n}", f"/s{n + 1}")
    with pytest.raises(FetchError, match="too many redirects"):
        fetcher.fetch_page(server.url("/s0"))


def test_redirect_loop(server, fetcher):
    server.redirect("/loop-a", "/loop-b")
    server.redirect("/loop-b", "/loop-a")
    with pytest.raises(FetchError, match="too many redirects"):
        fetcher.fetch_page(server.url("/loop-a"))


def test_redirect_to_another_scheme_is_refused(server, fetcher):
    url = server.redirect("/to-ftp", "ftp://127.0.0.1/file")
    with pytest.raises(
        InvalidURL, match="redirected to an address that cannot be saved: only http"
    ):
        fetcher.fetch_page(url)


def test_gzip_encoded_page_is_decoded(server, fetcher):
    body = gzip.compress(_page(NORWEGIAN).encode("utf-8"))
    url = server.page("/gz", body, headers={"Content-Encoding": "gzip"})
    assert NORWEGIAN in fetcher.fetch_page(url).html


# --- not an article ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "content_type", "shown"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png", "image/png"),
        (b'{"title": "not a page"}', "application/json", "application/json"),
        (b"col1,col2\n1,2\n", "text/csv", "text/csv"),
        # Servers that lie: a PDF labelled as HTML, and one with no type at all.
        (b"%PDF-1.4\n1 0 obj", "text/html", "application/pdf"),
        (b"%PDF-1.4\n1 0 obj", None, "application/pdf"),
    ],
)
def test_non_html_is_not_an_article(server, fetcher, body, content_type, shown):
    url = server.page("/thing", body, content_type=content_type)
    with pytest.raises(NotAnArticle, match=f"^not an article: {shown}$"):
        fetcher.fetch_page(url)


def test_html_without_a_content_type_is_accepted(server, fetcher):
    url = server.page("/untyped", _page("Hei").encode(), content_type=None)
    assert "Hei" in fetcher.fetch_page(url).html


def test_empty_page(server, fetcher):
    url = server.page("/empty", b"")
    with pytest.raises(FetchError, match="empty"):
        fetcher.fetch_page(url)


@pytest.mark.parametrize(
    ("status", "reason"), [(404, "Not Found"), (500, "Internal Server Error"), (403, "Forbidden")]
)
def test_http_errors(server, fetcher, status, reason):
    url = server.page("/err", b"<h1>nope</h1>", status=status)
    with pytest.raises(FetchError, match=f"^HTTP {status} {reason}$"):
        fetcher.fetch_page(url)


# --- size ---------------------------------------------------------------------------------
def test_pages_over_the_cap_are_refused(server, fast_limits):
    fetcher = Fetcher(fast_limits)
    try:
        declared = server.page("/big", b"<p>" + b"x" * (fast_limits.max_page_bytes + 10))
        with pytest.raises(PageTooLarge, match="too large"):
            fetcher.fetch_page(declared)
        # Chunked, so no Content-Length warns us: the cap stops the download.
        undeclared = server.chunked("/big-chunked", b"<p>" + b"y" * 65_533, count=100)
        with pytest.raises(PageTooLarge, match="too large"):
            fetcher.fetch_page(undeclared)
    finally:
        fetcher.close()


# --- dead and slow servers ---------------------------------------------------------------
def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_refused(fetcher):
    with pytest.raises(FetchError, match="connection refused by 127.0.0.1"):
        fetcher.fetch_page(f"http://127.0.0.1:{_closed_port()}/article")


def test_unknown_host(fetcher):
    # .invalid never resolves (RFC 2606), so this asks no outside server anything.
    with pytest.raises(FetchError, match="host not found: nosuchhost.invalid"):
        fetcher.fetch_page("http://nosuchhost.invalid/article")


def test_server_that_never_answers_times_out(server, fast_limits):
    url = server.hang("/hang")
    fetcher = Fetcher(fast_limits)
    try:
        with pytest.raises(FetchError, match="stopped answering"):
            fetcher.fetch_page(url)
    finally:
        fetcher.close()


def test_server_that_drips_hits_the_total_timeout(server, fast_limits):
    url = server.drip("/drip", interval=0.1)
    fetcher = Fetcher(fast_limits)
    try:
        with pytest.raises(FetchError, match="took longer than 1.5 s"):
            fetcher.fetch_page(url)
    finally:
        fetcher.close()


# --- TLS ----------------------------------------------------------------------------------
@pytest.fixture
def self_signed_server(tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    from tests.server import FixtureServer

    srv = FixtureServer()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    srv.httpd.socket = context.wrap_socket(srv.httpd.socket, server_side=True)
    srv.page("/secure", _page("Hemmelig").encode())
    srv.start()
    yield srv
    srv.stop()


def test_https_to_a_plain_http_server_is_not_called_a_certificate_problem(server, fetcher):
    with pytest.raises(FetchError, match="does it serve https on that port"):
        fetcher.fetch_page(f"https://127.0.0.1:{server.port}/")


def test_tls_verification_is_always_on(self_signed_server, fetcher):
    url = f"https://127.0.0.1:{self_signed_server.port}/secure"
    with pytest.raises(FetchError, match="certificate could not be verified"):
        fetcher.fetch_page(url)


# --- charsets -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("encoding", "content_type", "meta"),
    [
        # Declared only in the HTTP header.
        ("windows-1252", "text/html; charset=windows-1252", ""),
        ("iso-8859-1", "text/html; charset=ISO-8859-1", ""),
        # Declared only in a <meta> tag.
        ("windows-1252", "text/html", '<meta charset="windows-1252">'),
        (
            "iso-8859-1",
            "text/html",
            '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
        ),
        # Declared nowhere: detected.
        ("windows-1252", "text/html", ""),
        ("utf-8", "text/html", ""),
        # Declared wrongly: a windows-1252 page labelled UTF-8.
        ("windows-1252", "text/html; charset=utf-8", ""),
    ],
)
def test_norwegian_letters_survive_every_charset_declaration(
    server, fetcher, encoding, content_type, meta
):
    text = NORWEGIAN.replace("«", '"').replace("»", '"') if encoding == "iso-8859-1" else NORWEGIAN
    if encoding == "iso-8859-1":
        text = text.replace("–", "-")
    url = server.page("/no", _page(text, meta).encode(encoding), content_type=content_type)
    page = fetcher.fetch_page(url)
    assert text in page.html
    assert "\ufffd" not in page.html


def test_byte_order_mark_wins():
    data = b"\xef\xbb\xbf" + _page(NORWEGIAN).encode("utf-8")
    html, encoding = decode_html(data, "text/html; charset=windows-1252")
    assert NORWEGIAN in html
    assert encoding == "utf-8"


def test_short_undeclared_latin_text_is_read_as_windows_1252():
    # Too short for statistics to tell 1252 from 1250/1257; those would turn å into ĺ.
    html, encoding = decode_html("<p>Blåbær på tå</p>".encode("cp1252"))
    assert "Blåbær på tå" in html
    assert encoding == "cp1252"


def test_other_undeclared_charsets_are_still_detected():
    russian = "<p>Привет, как дела у тебя сегодня? Это длинный русский текст о погоде.</p>"
    html, _ = decode_html(russian.encode("cp1251"))
    assert russian in html


def test_a_compression_bomb_stops_at_the_size_cap(server, fast_limits):
    # 50 MB of zeros in about 50 kB: the cap applies to what it inflates to.
    bomb = gzip.compress(b"<p>" + b"0" * 50_000_000, compresslevel=9)
    url = server.page("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    fetcher = Fetcher(fast_limits)
    try:
        with pytest.raises(PageTooLarge, match="too large"):
            fetcher.fetch_page(url)
    finally:
        fetcher.close()


@pytest.mark.parametrize("label", ["idna", "base64", "rot13", "punycode", "zlib", "utf-16"])
def test_nonsense_charset_labels_fall_back_to_detection(server, fetcher, label):
    page = _page(NORWEGIAN, f'<meta charset="{label}">').encode("utf-8")
    page = fetcher.fetch_page(server.page("/odd", page, content_type="text/html"))
    assert NORWEGIAN in page.html


@pytest.mark.parametrize(
    "url", ["http://.example.com/", "http://a..b.example/", "http://" + "a" * 64 + ".no/"]
)
def test_malformed_host_names(fetcher, url):
    with pytest.raises(InvalidURL, match="malformed host name"):
        fetcher.fetch_page(url)


def test_international_host_names_are_valid():
    assert validate_url("https://blåbær.no/sak") == "https://blåbær.no/sak"


def test_page_type_is_judged_on_more_than_the_first_packet(server, fetcher):
    # No Content-Type, and a first chunk of a single newline: still a web page.
    body = _page(NORWEGIAN).encode()

    def route(handler):
        handler.send_response(200)
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        for piece in (b"\n", body):
            handler.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            handler.wfile.flush()
        handler.wfile.write(b"0\r\n\r\n")

    server.routes["/trickle"] = route
    assert NORWEGIAN in fetcher.fetch_page(server.url("/trickle")).html


@pytest.mark.parametrize("prefix", [b"", b"<html><body>"])
def test_binary_data_served_as_a_web_page_is_not_an_article(server, saver, library, prefix):
    import random

    noise = random.Random(7).randbytes(40_000)
    url = server.page(
        "/noise", prefix + noise + b"\x00" * 100, content_type="text/html; charset=utf-8"
    )
    with pytest.raises(NotAnArticle, match="binary data"):
        saver.save(url)
    assert library.count() == 0
