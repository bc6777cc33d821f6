"""Pages that only forward the browser are followed like HTTP redirects, and never saved."""

from __future__ import annotations

import pytest

from newsreader.capture.client_redirect import forward_target, refresh_target
from newsreader.capture.fetch import Fetcher, FetchLimits
from newsreader.errors import FetchError, InvalidURL, NotAnArticle

ARTICLE = (
    "<html><head><title>Grusveien får nytt dekke</title></head><body><article>"
    "<h1>Grusveien får nytt dekke</h1>"
    + "<p>Veilaget har fått tilskudd fra kommunen til nye stikkrenner og grus langs hele "
    "strekningen opp mot setra, og arbeidet starter neste uke.</p>" * 6 + "</article></body></html>"
)


def stub(head: str = "", body: str = "", title: str = "") -> str:
    return f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("0;URL='http://a.no/x'", (0.0, "http://a.no/x")),
        ('0; url="/x y"', (0.0, "/x y")),
        ("0;url=/x", (0.0, "/x")),
        (" 3 , URL = /x ", (3.0, "/x")),
        ("0; http://a.no/x", (0.0, "http://a.no/x")),
        ("1.5;url=/x", (1.5, "/x")),
        ("300", (300.0, None)),
        ("soon", None),
    ],
)
def test_refresh_values_are_read_as_the_html_standard_says(content, expected):
    assert refresh_target(content) == expected


@pytest.mark.parametrize(
    "forwarder",
    [
        # The shape of link shorteners and alert feeds: script, and a noscript fallback.
        stub(
            body="<script>location.replace('/article')</script><noscript>"
            '<meta http-equiv="refresh" content="0;URL=\'/article\'"></noscript>'
        ),
        stub(head='<META HTTP-EQUIV="Refresh" CONTENT="0; url=/article">'),
        stub(head="<meta http-equiv=refresh content=0;url=/article>"),
        stub(head='<meta http-equiv="refresh" content=\'2, URL="/article"\'>'),
        stub(head='<base href="/"><meta http-equiv="refresh" content="0;url=article">'),
        stub(head='<meta http-equiv="refresh" content="30;url=/article">', body="Vent litt"),
        stub(body='<script>window.location.href = "/article";</script>'),
        stub(body="<script>top.location='/article'</script><p>Redirecting…</p>"),
        stub(
            title="301 Moved Permanently",
            body='<h1>Moved Permanently</h1><p>The document has moved <a href="/article">here'
            "</a>.</p>",
        ),
        stub(
            title="Ny adresse",
            body='<p>Du blir videresendt til <a href="/article">den nye siden</a>.</p>',
        ),
    ],
)
def test_a_page_that_only_forwards_is_followed_to_the_article(server, fetcher, forwarder):
    server.page("/article", ARTICLE)
    page = fetcher.fetch_page(server.page("/go", forwarder))
    assert page.final_url == server.url("/article")
    assert "Veilaget har fått tilskudd" in page.html
    assert page.url == server.url("/go")


def test_a_refresh_that_follows_an_http_redirect_and_leads_to_another(server, fetcher):
    server.page("/article", ARTICLE)
    server.page("/second", stub(head='<meta http-equiv="refresh" content="0;url=/article">'))
    server.redirect("/moved", "/second")
    server.page("/first", stub(head='<meta http-equiv="refresh" content="0;url=/moved">'))
    page = fetcher.fetch_page(server.url("/first"))
    assert page.final_url == server.url("/article")


def test_refreshes_count_against_the_redirect_limit(server):
    server.page("/article", ARTICLE)
    previous = "/article"
    for n in range(4):
        path = f"/hop{n}"
        server.page(path, stub(head=f'<meta http-equiv="refresh" content="0;url={previous}">'))
        previous = path
    server.redirect("/start", previous)  # one HTTP redirect, then four refreshes
    fetcher = Fetcher(FetchLimits(connect_timeout=2, read_timeout=2, max_redirects=4))
    try:
        with pytest.raises(FetchError, match=r"too many redirects \(more than 4\)"):
            fetcher.fetch_page(server.url("/start"))
        assert fetcher.fetch_page(server.url("/hop3")).final_url == server.url("/article")
    finally:
        fetcher.close()


def test_a_refresh_loop_is_an_error(server, fetcher):
    server.page("/a", stub(head='<meta http-equiv="refresh" content="0;url=/b">'))
    server.page("/b", stub(head='<meta http-equiv="refresh" content="0;url=/a">'))
    with pytest.raises(FetchError, match="loop"):
        fetcher.fetch_page(server.url("/a"))


@pytest.mark.parametrize(
    "target", ["javascript:alert(1)", "file:///etc/passwd", "ftp://a.no/x", "http://[::1/x"]
)
def test_a_refresh_to_an_address_that_cannot_be_saved_says_so(server, fetcher, target):
    url = server.page("/bad", stub(head=f'<meta http-equiv="refresh" content="0;url={target}">'))
    with pytest.raises(InvalidURL, match="forwards \\(meta refresh\\) to an address"):
        fetcher.fetch_page(url)


def test_a_moved_notice_without_an_address_is_not_saved(server, saver, library):
    url = server.page("/gone", stub(title="Redirecting…", body="<p>Redirecting…</p>"))
    with pytest.raises(NotAnArticle, match="only says it has moved"):
        saver.save(url)
    assert library.count() == 0


@pytest.mark.parametrize(
    "page",
    [
        # A front page that reloads itself every five minutes.
        ARTICLE.replace("<head>", '<head><meta http-equiv="refresh" content="300">'),
        ARTICLE.replace("<head>", '<head><meta http-equiv="refresh" content="300;url=/news">'),
        # A short article about something that moved is an article.
        "<html><head><title>The bakery has moved</title></head><body><h1>The bakery has "
        "moved</h1><p>The bakery on Main Street has moved to the station, the owner "
        'said. <a href="/map">Map</a></p></body></html>',
        # A page that refreshes to itself.
        ARTICLE.replace("<head>", '<head><meta http-equiv="refresh" content="0;url=/news">'),
        # Briefs whose headlines start like a notice.
        "<html><head><title>Found alive after four days in the mountains</title></head>"
        "<body><h1>Found alive after four days in the mountains</h1><p>The hiker was found "
        'by a helicopter crew on Sunday. <a href="/more">More</a></p></body></html>',
        "<html><head><title>Moved to tears by the choir</title></head><body><h1>Moved to "
        "tears by the choir</h1><p>The audience stood for ten minutes.</p></body></html>",
        # A Chinese article (a few dozen "words" if counted by spaces) with a login link.
        "<html><head><title>春茶采摘季</title></head><body><h1>春茶采摘季</h1>"
        + "<p>山城茶农迎来春茶采摘季，村里去年开办了制茶培训班，今年的订单量比往年翻了一番。</p>"
        * 8
        + '<script>function goLogin(){ location.href="/passport/login"; }</script></body></html>',
        # A full article whose head refreshes to something no browser would follow.
        ARTICLE.replace(
            "<head>", '<head><meta http-equiv="refresh" content="0;url=mailto:x@y.no">'
        ),
    ],
)
def test_real_pages_are_not_taken_for_forwarders(server, fetcher, page):
    url = server.page("/news", page)
    assert fetcher.fetch_page(url).final_url == url


def test_an_xhtml_forwarder_with_an_xml_declaration_is_followed(server, fetcher):
    server.page("/article", ARTICLE)
    xhtml = (
        '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
        '<head><meta http-equiv="refresh" content="0; url=/article"/></head><body/></html>'
    )
    page = fetcher.fetch_page(server.page("/x", xhtml, content_type="application/xhtml+xml"))
    assert page.final_url == server.url("/article")


@pytest.mark.timeout(30)
def test_hostile_markup_is_read_in_linear_time():
    # Unclosed tags by the thousand: a pattern that looks back over them would take
    # hours on a 10 MB page; this one is 400 kB.
    html = "<html><body><p>x</p></body></html>" + "<meta " * 65_000 + "http-equiv=refresh"
    assert forward_target(html, "http://a.no/") is None


def test_forward_target_reads_pages_without_a_network():
    article = "http://a.no/sak"
    assert forward_target(ARTICLE, article) is None
    forward = forward_target(stub(body="<script>location.assign('/x')</script>"), article)
    assert (forward.target, forward.how) == ("http://a.no/x", "script")


def test_saving_a_forwarder_saves_the_article_under_both_addresses(server, saver, library):
    server.page("/article", ARTICLE)
    forwarder = server.page(
        "/url",
        stub(body="<noscript><meta http-equiv=refresh content=\"0;URL='/article'\"></noscript>"),
    )
    first = saver.save(forwarder + "?u=article&ct=ga")
    article = library.get(first.article_id)
    assert article.title == "Grusveien får nytt dekke"
    assert article.final_url == server.url("/article")
    assert saver.save(server.url("/article")).article_id == first.article_id
    assert library.count() == 1


@pytest.mark.parametrize(
    "forwarder",
    [
        # A notice inside the site's own header and footer, with their links.
        "<html><head><title>Harbour basin</title></head><body><header><a href='/'>Home</a> "
        "<nav><a href='/news/'>News</a> <a href='/about/'>About</a></nav></header>"
        "<div class='notice'><h1>This page has moved</h1><p>This article now lives at "
        "<a href='/article'>a new address</a>.</p></div><footer><a href='/contact'>Contact"
        "</a></footer></body></html>",
        # A function called at once, with the address in a variable.
        stub(
            body="<p>Please wait…</p><script>(function(){var u='/article';"
            "document.location.replace(u);})()</script>",
            title="Loading",
        ),
        # A template literal, and no title.
        "<html><body><p>Redirecting…</p><script>window.location.href = `/article`;</script>"
        "</body></html>",
    ],
)
def test_forwarders_in_other_shapes_are_followed(server, fetcher, forwarder):
    server.page("/article", ARTICLE)
    page = fetcher.fetch_page(server.page("/go", forwarder))
    assert page.final_url == server.url("/article")


@pytest.mark.parametrize(
    "waiting",
    [
        stub(head='<meta http-equiv="refresh" content="0">', body="<p>Please wait…</p>"),
        "<html><body><div id='root'>Loading…</div><script src='/app.js'></script></body></html>",
    ],
)
def test_a_page_that_only_waits_for_a_script_is_not_saved(server, saver, library, waiting):
    with pytest.raises(NotAnArticle, match="until a script replaces it"):
        saver.save(server.page("/wait", waiting))
    assert library.count() == 0
