"""Pages that only send the browser elsewhere: meta refresh, script, "this page has moved".

Link shorteners, alert feeds and moved pages often answer 200 with a small page whose
only job is to forward the browser: a ``<meta http-equiv="refresh">`` (in the head, or
in ``<noscript>`` for browsers without script), a line of script that sets
``location``, or a "Redirecting…" notice with a link. Saving such a page would save
the notice, not the article. ``forward_target`` finds where the page leads; the
fetcher follows it as it follows an HTTP redirect (same limit, same checks).

The refresh value is read by the HTML standard's "shared declarative refresh steps"
(a delay, then an optional ``url=`` with or without quotes).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin

import lxml.html
from lxml import etree

from newsreader.capture.text import count_words

# A refresh this soon is a redirect: a person never sees the page. A later one is
# followed only when the page has nothing else to read (news front pages reload
# themselves every few minutes; that is not a redirect).
IMMEDIATE_SECONDS = 10
# A page with fewer words than this outside scripts has nothing to read of its own.
STUB_MAX_WORDS = 80
# Only pages this small are read for script redirects and "moved" notices.
STUB_MAX_BYTES = 64 * 1024

_REFRESH = re.compile(r"""http-equiv\s*=\s*["']?\s*refresh""", re.I)
# A refresh tag left as text inside <noscript>: no "<" inside a tag, so that a page of
# unclosed "<meta " cannot make the search go back over itself (quadratic).
_REFRESH_META = re.compile(
    r"""<meta\b[^<>]*http-equiv\s*=\s*["']?\s*refresh[^<>]*>""", re.I | re.DOTALL
)
_CONTENT_ATTRIBUTE = re.compile(
    r"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I | re.DOTALL
)
# A script this short whose statement sets location at the top level is a forwarder;
# a longer one, or one that sets it inside a function (a login button), is a page's.
SCRIPT_MAX_CHARS = 400
_ASCII_SPACE = " \t\n\f\r"
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# location = "…", location.href = "…", location.replace("…"), location.assign("…"),
# on window, top, self or document.
# location = "…", location.href = `…`, location.replace(u), location.assign("…"): a
# string (any quotes, template literals without ${}) or a variable's name.
_SCRIPT_TARGET = re.compile(
    r"""\blocation(?:\s*\.\s*href)?\s*(?:=(?!=)|\.\s*(?:replace|assign)\s*\()\s*"""
    r"""(?:(["'`])([^"'`\s<>$]+)\1|([A-Za-z_$][\w$]*)\b)""",
    re.I,
)
# var u = '/news/x.html' (let, const too): what a variable named in a redirect holds.
_SCRIPT_STRING = re.compile(
    r"""\b(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s*=\s*(["'`])([^"'`\s<>$]+)\2"""
)
# An immediately invoked function: its body runs at once, as if at the top level.
_IMMEDIATE = re.compile(
    r"""^\s*[!(]\s*(?:function\s*\w*\s*\([^)]*\)|\([^)]*\)\s*=>)\s*\{(.*)\}\s*\)?\s*\(\s*\)"""
    r"""\s*\)?\s*;?\s*$""",
    re.DOTALL,
)
# The whole title or first heading of a notice that a page has moved or is redirecting
# ("Redirecting…", "301 Moved Permanently", "Redirecting to /new"): never the first
# words of a headline ("Found alive after four days", "Moved to tears").
_NOTICE_TITLE = re.compile(
    r"^\W*(?:\d{3}\s+)?(?:redirect(?:ing|ion)?|moved(?: permanently| temporarily)?|"
    r"object moved|document (?:has )?moved|(?:this )?page (?:has )?moved|found|"
    r"you are being redirected|weiterleitung|sie werden weitergeleitet|videresend\w*|"
    r"omdiriger\w*|redireccionando|redirigiendo|reindirizzamento|przekierowanie|"
    r"uudelleenohjaus)(?:\W*$|\s+(?:to|til|nach|vers|a|naar)\s+\S+\W*$)",
    re.I,
)
# A sentence of such a notice, in the text of a stub of a few words.
_NOTICE_TEXT = re.compile(
    r"\b(?:you are being redirected|you will be redirected|(?:page|site|article|"
    r"content|blog) (?:has|have) (?:moved|been moved)|if you are not redirected|"
    r"click here if (?:you are )?not redirected|wird weitergeleitet|werden weitergeleitet|"
    r"blir videresendt|videresendes|omdirigeres|vous allez être redirigé|"
    r"será redirigido)\b",
    re.I,
)
NOTICE_MAX_WORDS = 40
# All a page says while a script or a refresh takes the browser elsewhere.
_WAITING = re.compile(
    r"^\W*(?:redirecting|please wait|loading|one moment|just a moment|you are being "
    r"redirected|videresender|vennligst vent|laster|weiterleitung|bitte warten|"
    r"redirection|redirigiendo|un momento|reindirizzamento)\W*$",
    re.I,
)


@dataclass(frozen=True)
class Forward:
    target: str | None  # the absolute address the page sends the browser to
    how: str  # "meta refresh", "script", "moved notice", "waiting page"
    says: str = ""  # all a waiting page says ("Loading…")


def refresh_target(content: str) -> tuple[float, str | None] | None:
    """``(delay in seconds, url or None)`` from a refresh's ``content``; None if it
    is not a refresh value (HTML standard, shared declarative refresh steps)."""
    position, length = 0, len(content)
    while position < length and content[position] in _ASCII_SPACE:
        position += 1
    start = position
    while position < length and (content[position].isdigit() or content[position] == "."):
        position += 1
    if position == start:
        return None
    try:
        delay = float(content[start:position].rstrip(".") or "0")
    except ValueError:
        return None
    while position < length and content[position] in _ASCII_SPACE:
        position += 1
    if position < length and content[position] in ";,":
        position += 1
    elif position < length:
        return None  # something other than a separator right after the delay
    while position < length and content[position] in _ASCII_SPACE:
        position += 1
    rest = content[position:]
    match = re.match(r"url\s*=\s*", rest, re.I)
    if match:
        rest = rest[match.end() :]
    elif re.match(r"url\b", rest, re.I):
        return delay, None
    if rest[:1] in ("'", '"'):
        quote = rest[0]
        rest = rest[1:].split(quote, 1)[0]
    url = rest.strip(_ASCII_SPACE)
    return delay, url or None


def _words_outside_scripts(page: lxml.html.HtmlElement) -> int:
    body = page.find("body")
    if body is None:
        return 0
    body = copy.deepcopy(body)
    etree.strip_elements(body, "script", "style", "noscript", "template", with_tail=False)
    return count_words(body.text_content())  # a Chinese article is not one "word"


def _script_target(script: str) -> str | None:
    """The address a short script sends the browser to at its top level (or in a
    function it calls at once), if it does."""
    if len(script.strip()) > SCRIPT_MAX_CHARS:
        return None
    immediate = _IMMEDIATE.match(script)
    code = immediate.group(1) if immediate else script
    match = _SCRIPT_TARGET.search(code)
    if match is None:
        return None
    before = code[: match.start()]
    if before.count("{") != before.count("}"):
        return None  # inside a function or a handler: the page's, not a forwarder's
    if match.group(2):
        return match.group(2)
    strings = {name: value for name, _, value in _SCRIPT_STRING.findall(code)}
    return strings.get(match.group(3))


_WEB_SCHEMES = ("http://", "https://", "//")


def _resolve(base: str, target: str) -> str:
    try:
        return urljoin(base, target.strip())
    except ValueError:
        # Not even joinable to the page's own address: passed on as it is, so that
        # the fetcher's URL check says what is wrong with it.
        return target.strip()


def _same_page(a: str, b: str) -> bool:
    return urldefrag(a)[0].rstrip("/") == urldefrag(b)[0].rstrip("/")


def _refreshes(page: lxml.html.HtmlElement, html: str) -> list[tuple[str, bool]]:
    """Every refresh value on the page, and whether it sits inside ``<noscript>``."""
    found = []
    for meta in page.xpath(
        "//meta[translate(normalize-space(@http-equiv),'REFSH','refsh')='refresh'][@content]"
    ):
        inside = any(a.tag == "noscript" for a in meta.iterancestors())
        found.append((meta.get("content"), inside))
    if not found:
        # Inside <noscript>, a parser may keep the tag as text: read the markup itself.
        for meta in _REFRESH_META.findall(html):
            match = _CONTENT_ATTRIBUTE.search(meta)
            if match:
                found.append((next(g for g in match.groups() if g is not None), True))
    return found


_TITLE_LOWER = re.compile(r"<title[^>]*>([^<]{0,200})")
# Words every notice that a page has moved (or a page waiting for a script) has one
# of, lower-cased: only the few small pages that have one are parsed to look closer.
_NOTICE_WORDS = (
    "please wait",
    "loading",
    "one moment",
    "just a moment",
    "vennligst vent",
    "laster",
    "bitte warten",
    "un momento",
    "redirect",
    "moved",
    "weiterge",
    "videresend",
    "omdiriger",
    "redirig",
    "reindirizz",
    "przekierow",
    "uudelleenohja",
)
# The same patterns for lower-cased markup: Python's re searches a case-sensitive
# pattern that starts with a literal many times faster than a case-insensitive one.
_SCRIPT_TARGET_LOWER = re.compile(_SCRIPT_TARGET.pattern)
_REFRESH_LOWER = re.compile(_REFRESH.pattern)


def _has_refresh(html: str) -> bool:
    """Whether the markup has a refresh: each "refresh" in it is looked at closely, so
    that a large page is never searched (or copied) whole with a slow pattern."""
    for needle in ("efresh", "EFRESH"):
        start = html.find(needle)
        while start != -1:
            window = html[max(0, start - 40) : start + 6].lower()
            if _REFRESH_LOWER.search(window):
                return True
            start = html.find(needle, start + 1)
    return False


def _might_forward(html: str) -> bool:
    """Whether a small page without a refresh may still forward (a script setting
    ``location``, a notice): read on the markup, so that most pages are never parsed."""
    lowered = html.lower()
    if "location" in lowered and _SCRIPT_TARGET_LOWER.search(lowered):
        return True
    title = _TITLE_LOWER.search(lowered)
    if title and _NOTICE_TITLE.search(" ".join(title.group(1).split())):
        return True
    # A notice or a waiting page: worth parsing to see (the few small pages that say so).
    return any(word in lowered for word in _NOTICE_WORDS)


def forward_target(html: str, url: str) -> Forward | None:
    """Where a page that only forwards the browser sends it, or None for a real page.

    ``html`` is the decoded page at ``url`` (after HTTP redirects). A refresh in the
    head within ``IMMEDIATE_SECONDS`` is followed whatever the page holds, as browsers
    do; one in ``<noscript>``, a later one, a script's ``location`` and a "this page has
    moved" notice only on a stub (fewer than ``STUB_MAX_WORDS`` words outside scripts).
    ``Forward.target`` is None for a notice that names no single address: not an
    article either, and never to be saved as one.
    """
    refresh = _has_refresh(html)
    if not refresh and (len(html) > STUB_MAX_BYTES or not _might_forward(html)):
        return None
    try:
        # lxml refuses text that still declares a byte encoding (XHTML); it was decoded.
        page = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (etree.ParserError, ValueError):
        return None
    base = url
    base_href = page.xpath("//base/@href")
    if base_href and base_href[0].strip():
        base = _resolve(url, base_href[0])
    words = _words_outside_scripts(page)
    stub = len(html) <= STUB_MAX_BYTES and words < STUB_MAX_WORDS

    for content, in_noscript in _refreshes(page, html) if refresh else ():
        parsed = refresh_target(content)
        if parsed is None or parsed[1] is None:
            continue
        delay, target = parsed
        address = _resolve(base, target)
        soon = delay <= IMMEDIATE_SECONDS and not in_noscript
        # A browser ignores a refresh to javascript: or mailto: on a page it shows; on
        # a page that only forwards, it is passed on, for the URL check to refuse.
        web = address.lower().startswith(_WEB_SCHEMES)
        if address and not _same_page(address, url) and ((soon and web) or stub):
            return Forward(address, "meta refresh")
    if not stub:
        return None
    for script in page.iter("script"):
        target = _script_target(script.text or "")
        if target:
            address = _resolve(base, target)
            if address and not _same_page(address, url):
                return Forward(address, "script")
    title = " ".join(page.xpath("string(//title)").split())
    heading_element = page.find(".//h1")
    heading = (
        " ".join(heading_element.text_content().split()) if heading_element is not None else ""
    )
    body = page.find("body")
    text = _visible_text(body)
    notice = _NOTICE_TITLE.search(title) or _NOTICE_TITLE.search(heading)
    if not notice and not (words <= NOTICE_MAX_WORDS and _NOTICE_TEXT.search(text)):
        if (_WAITING.match(text) or (not text and _WAITING.match(title))) and not _links(
            body, base, url
        ):
            return Forward(None, "waiting page", (text or title)[:60])
        return None
    return Forward(_notice_link(heading_element, body, base, url), "moved notice")


def _visible_text(body: etree._Element | None) -> str:
    if body is None:
        return ""
    body = copy.deepcopy(body)
    etree.strip_elements(body, "script", "style", "noscript", "template", with_tail=False)
    return " ".join(body.text_content().split())


_CHROME = frozenset(("header", "nav", "footer", "aside"))


def _links(scope: etree._Element | None, base: str, url: str) -> set[str]:
    """The web addresses ``scope`` links to, other than the page itself and its menus."""
    if scope is None:
        return set()
    found = set()
    for link in scope.iter("a"):
        if any(a.tag in _CHROME for a in link.iterancestors()):
            continue
        address = _resolve(base, link.get("href") or "")
        if address.lower().startswith(("http://", "https://")) and not _same_page(address, url):
            found.add(address)
    return found


def _notice_link(
    heading: etree._Element | None, body: etree._Element | None, base: str, url: str
) -> str | None:
    """The one address a "this page has moved" notice points to: the one link in the
    notice's own block (the headline's container), else in the page outside its menus."""
    scopes = [a for a in heading.iterancestors() if a.tag != "html"] if heading is not None else []
    for scope in [*scopes, body]:
        links = _links(scope, base, url)
        if links:
            return links.pop() if len(links) == 1 else None
    return None
