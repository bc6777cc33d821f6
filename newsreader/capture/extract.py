"""Extracting the article from a page's HTML with trafilatura.

``extract_article`` is a pure function of its arguments and runs inside a worker
process (see ``workers``); it must never be called on the GUI thread or from
several threads at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.htmlprocessing import convert_to_html

from newsreader import languages
from newsreader.errors import ExtractionError

WORDS_PER_MINUTE = 220
_WORD = re.compile(r"\w+")
_LINK_SCHEMES = frozenset(("http", "https", "mailto"))
_IMAGE_SCHEMES = frozenset(("http", "https"))
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@dataclass(frozen=True)
class ExtractedArticle:
    title: str
    author: str | None
    published: str | None  # ISO 8601 date, YYYY-MM-DD
    site: str | None
    description: str | None
    language: str | None
    canonical_url: str | None
    lead_image_url: str | None
    html: str  # the article body as an HTML fragment; links and images absolute
    text: str  # the article as plain text, paragraphs separated by blank lines

    @property
    def word_count(self) -> int:
        return count_words(self.text)


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE)) if words else 0


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def page_language(tree: lxml.html.HtmlElement, header: str | None = None) -> str | None:
    """The language a page declares: ``<html lang>``, meta tags, then the HTTP header."""
    candidates = [
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        *tree.xpath(
            "//meta[translate(@http-equiv,'CONTENTLAGU','contentlagu')='content-language']/@content"
        ),
        *tree.xpath("//meta[@property='og:locale']/@content"),
        *tree.xpath("//meta[@name='language' or @name='dc.language']/@content"),
        (header or "").split(",")[0],
    ]
    for candidate in candidates:
        language = languages.normalise(candidate)
        if language:
            return language
    return None


def _canonical(tree: lxml.html.HtmlElement, base: str) -> str | None:
    for href in tree.xpath("//link[@rel='canonical']/@href | //meta[@property='og:url']/@content"):
        href = href.strip()
        if href:
            return urljoin(base, href)
    return None


def _fallback_title(tree: lxml.html.HtmlElement) -> str | None:
    for value in tree.xpath(
        "//meta[@property='og:title']/@content | //title/text() | //h1//text()"
    ):
        title = _clean(value)
        if title:
            return title
    return None


_BLOCK_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "pre",
        "table",
        "tr",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "figure",
        "figcaption",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "details",
        "summary",
        "hr",
    ]
)
_CELL_TAGS = frozenset(("td", "th"))


# Private-use characters: lxml refuses control characters, and pages never use these.
_BLOCK_BREAK = "\ue000"
_LINE_BREAK = "\ue001"


def html_to_text(html: str) -> str:
    """The readable text of an article fragment: one paragraph per block, blank lines
    between them, whitespace inside a paragraph collapsed (``<br>`` kept as a newline)."""
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _BLOCK_TAGS:
            element.text = _BLOCK_BREAK + (element.text or "")
            element.tail = _BLOCK_BREAK + (element.tail or "")
        elif tag in _CELL_TAGS:
            element.tail = " " + (element.tail or "")
        elif tag == "br":
            element.tail = _LINE_BREAK + (element.tail or "")
    paragraphs = []
    for block in root.text_content().split(_BLOCK_BREAK):
        lines = (" ".join(line.split()) for line in block.split(_LINE_BREAK))
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def _words_outside_links(html: str) -> int:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for link in root.iter("a"):
        link.drop_tree()
    return count_words(root.text_content())


def _body_html(body: etree._Element, base_url: str) -> str:
    html_tree = convert_to_html(body)
    container = html_tree.find("body")
    if container is None:
        container = html_tree
    for element in container.iter("a", "img"):
        attribute = "href" if element.tag == "a" else "src"
        value = (element.get(attribute) or "").strip()
        if not value:
            continue
        absolute = urljoin(base_url, value)
        # A saved article may only point at the web: a javascript:, file: or smb:
        # link from a hostile page must not reach the reader's desktop.
        allowed = _LINK_SCHEMES if element.tag == "a" else _IMAGE_SCHEMES
        if urlsplit(absolute).scheme.lower() in allowed:
            element.set(attribute, absolute)
        else:
            del element.attrib[attribute]
    parts = [escape(container.text.strip())] if container.text and container.text.strip() else []
    parts += [etree.tostring(child, encoding="unicode", method="html") for child in container]
    return "\n".join(part for part in parts if part)


# trafilatura's date search: prefer the original publication date over a later
# "updated" stamp, which is what a reader means by "published". The extensive search
# hands free text to dateparser, which tries every locale it knows and spent 40% of
# all extraction time on the corpus, for the rare page that has no machine-readable
# date at all.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
# Below this many words, a fast extraction is checked against trafilatura's slower
# fallback extractors, which recover text the main pass missed on some layouts.
FAST_PASS_MIN_WORDS = 200


TRAFILATURA_OPTIONS = {
    "include_comments": False,
    "include_images": True,
    "include_links": True,
    "include_formatting": True,
    "include_tables": True,
    "date_extraction_params": _DATE_PARAMS,
}


def _trafilatura(tree: lxml.html.HtmlElement, url: str, fast: bool, with_metadata: bool = True):
    return trafilatura.bare_extraction(
        tree, url=url, fast=fast, with_metadata=with_metadata, **TRAFILATURA_OPTIONS
    )


def trafilatura_document(html: str, url: str):
    """trafilatura alone, with newsreader's settings: a fast pass, and the full one when
    the fast pass finds little. Returns trafilatura's Document, or None."""
    document = _trafilatura(lxml.html.document_fromstring(html), url, fast=True)
    if document is None or count_words(document.text or "") < FAST_PASS_MIN_WORDS:
        # The metadata of the first pass stands; only the body is worth redoing.
        second = _trafilatura(
            lxml.html.document_fromstring(html), url, fast=False, with_metadata=document is None
        )
        if second is not None and second.body is not None:
            if document is not None:
                document.body = second.body
                document.text = second.text
            else:
                document = second
    return document


def extract_article(html: str, url: str, content_language: str | None = None) -> ExtractedArticle:
    """Extract the article, its metadata and its plain text from a page."""
    # lxml refuses text that still declares a byte encoding; it was decoded already.
    html = _XML_DECLARATION.sub("", html, count=1)
    try:
        page = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"the page could not be read as HTML ({exc})") from exc
    base_url = url
    base_href = page.xpath("//base/@href")
    if base_href and base_href[0].strip():
        base_url = urljoin(url, base_href[0].strip())
    # Read the page's own declarations before trafilatura prunes the tree.
    language = page_language(page, content_language)
    canonical = _canonical(page, base_url)
    fallback_title = _fallback_title(page)

    # A parsed tree is much cheaper for trafilatura than a string. The fast pass
    # skips its fallback extractors; a thin result is retried with them.
    document = _trafilatura(page, url, fast=True)
    if document is None or count_words(document.text or "") < FAST_PASS_MIN_WORDS:
        # The metadata of the first pass stands; only the body is worth redoing.
        second = _trafilatura(
            lxml.html.document_fromstring(html), url, fast=False, with_metadata=document is None
        )
        if second is not None and second.body is not None:
            if document is not None:
                document.body = second.body
                document.text = second.text
            else:
                document = second
    if document is None or document.body is None:
        raise ExtractionError("no article text found on the page")
    body_html = _body_html(document.body, base_url)
    text = html_to_text(body_html)
    # What is left of a page with no article is its menus: link text and nothing else.
    if not count_words(text) or not _words_outside_links(body_html):
        raise ExtractionError("no article text found on the page")

    title = _clean(document.title) or fallback_title or url
    lead = _clean(document.image)
    return ExtractedArticle(
        title=title,
        author=_clean(document.author),
        published=_clean(document.date),
        site=_clean(document.sitename),
        description=_clean(document.description),
        # What the page declares, unless its text is plainly in another language.
        language=languages.settle(language or document.language, text),
        canonical_url=canonical,
        lead_image_url=urljoin(base_url, lead) if lead else None,
        html=body_html,
        text=text,
    )


_WARM_UP_PAGE = """<html lang="en"><head><title>Warm-up</title>
<meta name="author" content="Newsreader"><meta property="article:published_time"
content="2020-01-01"></head><body><article><h1>Warm-up</h1><p>{}</p></article></body></html>"""


def warm_up() -> None:
    """Extract a small page once, so trafilatura's first-use set-up is done."""
    extract_article(_WARM_UP_PAGE.format("A few words to extract. " * 40), "http://localhost/")
