"""Extracting the article from a page's HTML with trafilatura.

``extract_article`` is a pure function of its arguments and runs inside a worker
process (see ``workers``); it must never be called on the GUI thread or from
several threads at once.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

import lxml.html
import trafilatura
from lxml import etree

from newsreader import languages
from newsreader.capture import metadata, quality
from newsreader.capture.page_prep import prepare
from newsreader.capture.refine import finish, xml_to_html
from newsreader.capture.urls import absolute, split
from newsreader.errors import ExtractionError

WORDS_PER_MINUTE = 220
_WORD = re.compile(r"\w+")
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
    updated: str | None = None  # YYYY-MM-DD, when later than published
    # The text came from the fallback block, not trafilatura: it may miss or add parts.
    partial: bool = False
    paywall: str | None = None  # why the text likely stops at a paywall or is cut short
    # Images that came inside the page (inline SVG, data: URLs): address → (bytes, type).
    inline_images: dict[str, tuple[bytes, str]] = field(default_factory=dict)

    @property
    def word_count(self) -> int:
        return count_words(self.text)


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE)) if words else 0


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
            return absolute(base, href)
    return None


def _fallback_title(tree: lxml.html.HtmlElement) -> str | None:
    for value in tree.xpath(
        "//meta[@property='og:title']/@content | //title/text() | //h1//text()"
    ):
        title = metadata.clean(value)
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


_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))


def html_to_text(html: str) -> str:
    """The readable text of an article fragment: one paragraph per block, blank lines
    between them, whitespace inside a paragraph collapsed (``<br>`` kept as a newline).
    Image captions are left out: they are the pictures', not the article's prose."""
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    # Captions belong to their pictures (and the images table), not to the prose.
    for caption in list(root.iter("figcaption")):
        caption.drop_tree()
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
    # Soft hyphens and zero-width marks split a word for search and snippets alike.
    return "\n\n".join(paragraphs).translate(_INVISIBLE)


def _words_outside_links(html: str) -> int:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for link in root.iter("a"):
        link.drop_tree()
    return count_words(root.text_content())


# trafilatura's date search: prefer the original publication date over a later
# "updated" stamp, which is what a reader means by "published"; and search the text
# when the markup has no date. On the corpus, without the text search 4 points of
# date accuracy were lost for 5 ms a page; without "original" 9 points.
_DATE_PARAMS = {"extensive_search": True, "original_date": True}

TRAFILATURA_OPTIONS = {
    "include_comments": False,
    "include_images": True,
    "include_links": True,
    "include_formatting": True,
    "include_tables": True,
    "date_extraction_params": _DATE_PARAMS,
}


def _trafilatura(
    tree: lxml.html.HtmlElement,
    url: str,
    fast: bool,
    with_metadata: bool = True,
    favor_recall: bool = False,
):
    return trafilatura.bare_extraction(
        tree,
        url=url,
        fast=fast,
        with_metadata=with_metadata,
        favor_recall=favor_recall,
        **TRAFILATURA_OPTIONS,
    )


def parse_page(html: str) -> lxml.html.HtmlElement:
    """The page as a tree; ExtractionError if it is not HTML at all."""
    # lxml refuses text that still declares a byte encoding; it was decoded already.
    html = _XML_DECLARATION.sub("", html, count=1)
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"the page could not be read as HTML ({exc})") from exc


def trafilatura_document(html: str, url: str):
    """trafilatura alone, with newsreader's settings. Returns its Document, or None."""
    return _full_pass(parse_page(html), url)


def _full_pass(page: lxml.html.HtmlElement, url: str):
    # Not the "fast" mode: its fallback extractors (readability, jusText) recover
    # headings and paragraphs the main pass misses; on the corpus, fast mode lost
    # 5 points of recall for half the time, and a save waits on the network anyway.
    # trafilatura prunes the tree it is given, so it gets a copy.
    return _trafilatura(copy.deepcopy(page), url, fast=False)


def _body_words(document) -> int:
    return (
        count_words(document.text or "")
        if document is not None and document.body is not None
        else 0
    )


def extract_article(html: str, url: str, content_language: str | None = None) -> ExtractedArticle:
    """Extract the article, its metadata and its plain text from a page."""
    page = parse_page(html)
    base_url = url
    base_href = page.xpath("//base/@href")
    if base_href and base_href[0].strip():
        base_url = absolute(url, base_href[0]) or url
    # Read the page's own declarations before anything prunes the tree.
    language = page_language(page, content_language)
    canonical = _canonical(page, base_url)
    fallback_title = _fallback_title(page)
    headings = [" ".join(h.text_content().split()) for h in page.iter("h1")][:5]
    declared = metadata.read_metadata(page)
    prepared = prepare(page, base_url)

    document = _full_pass(page, url)
    words = _body_words(document)
    # A result this long is an article; the page's block is only needed below it.
    block, block_words = (
        quality.readable_block(page) if words < quality.WEAK_MAX_WORDS else (None, 0)
    )
    body = xml_to_html(document.body) if words else None
    partial = False
    if quality.is_weak(words, block_words):
        # trafilatura's recall-oriented settings first, then the page's best block.
        recall = _trafilatura(
            copy.deepcopy(page), url, fast=False, with_metadata=False, favor_recall=True
        )
        if _body_words(recall) > words:
            body, words = xml_to_html(recall.body), _body_words(recall)
        if quality.is_weak(words, block_words) and block is not None:
            body, partial = quality.block_html(block), True
    if body is None:
        raise ExtractionError("no article text found on the page")

    def found(name: str) -> str | None:
        """What trafilatura found (nothing when only the fallback block was read)."""
        return metadata.clean(getattr(document, name, None))

    lead = found("image") or declared.image
    lead_url = absolute(base_url, lead) if lead else None
    site = metadata.choose_site(found("sitename"), declared, url)
    title = found("title") or declared.title or fallback_title or url
    parts = split(url)
    host = ((parts.hostname if parts else None) or "").removeprefix("www.")
    title = metadata.clean_title(title, [site or "", declared.site or "", host], headings)
    body_html = finish(body, prepared, url, base_url, lead_url, title)
    text = html_to_text(body_html)
    # What is left of a page with no article is its menus: link text and nothing else.
    if not count_words(text) or not _words_outside_links(body_html):
        raise ExtractionError("no article text found on the page")

    published = metadata.choose_published(found("date"), declared)
    words = count_words(text)
    inline = {
        address: payload for address, payload in prepared.inline.items() if address in body_html
    }
    return ExtractedArticle(
        title=title,
        author=metadata.choose_author(found("author"), declared, site),
        published=published,
        updated=metadata.choose_updated(published, declared),
        site=site,
        description=found("description") or declared.description,
        # What the page declares, unless its text is plainly in another language.
        language=languages.settle(language or found("language"), text),
        canonical_url=canonical,
        lead_image_url=lead_url,
        html=body_html,
        text=text,
        partial=partial,
        paywall=quality.paywall_reason(
            declared.free,
            words,
            # Only a short text needs the wall looked for, on the page as it came.
            words < quality.SHORT_TEXT_WORDS and quality.wall_evidence(parse_page(html)),
        ),
        inline_images=inline,
    )


_WARM_UP_PAGE = """<html lang="en"><head><title>Warm-up</title>
<meta name="author" content="Newsreader"><meta property="article:published_time"
content="2020-01-01"></head><body><article><h1>Warm-up</h1><p>{}</p></article></body></html>"""


def warm_up() -> None:
    """Extract a small page once, so trafilatura's first-use set-up is done."""
    extract_article(_WARM_UP_PAGE.format("A few words to extract. " * 40), "http://localhost/")
