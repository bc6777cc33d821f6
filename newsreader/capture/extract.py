"""Extracting the article from a page's HTML: trafilatura, and our steps around it.

``extract_article`` is a pure function of its arguments and runs inside a worker
process (see ``workers``); it must never be called on the GUI thread or from
several threads at once.

trafilatura decides which text is the article. Our steps fix its input
(``page_prep``) and its output (``refine``), read the page's own metadata
(``metadata``) and judge the result (``quality``). They all run behind one guard:
if any of them raises, or finds no article where trafilatura alone would, the
article is saved as trafilatura alone extracts it (``unrefined``), and says so.
"""

from __future__ import annotations

import os
import signal
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

import lxml.html

from newsreader import languages
from newsreader.capture import metadata, quality, trafilatura_pass
from newsreader.capture.byline import Byline, read_byline, restates_byline
from newsreader.capture.dom import headline, own_words
from newsreader.capture.extracted import ExtractedArticle
from newsreader.capture.page_prep import prepare
from newsreader.capture.refine import finish, xml_to_html
from newsreader.capture.text import count_words, html_to_text
from newsreader.capture.unrefined import unrefined_article
from newsreader.capture.urls import absolute, split
from newsreader.errors import ExtractionError

__all__ = ["ExtractedArticle", "extract_article", "page_language", "warm_up"]

# Set (to anything) by the test suite: a bug in our steps then fails the test that
# meets it, instead of hiding behind the guard that users need.
STRICT_ENV = "NEWSREADER_STRICT_EXTRACTION"


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


def page_direction(tree: lxml.html.HtmlElement) -> str | None:
    """The writing direction the page declares for its article (``dir``): on the
    headline or its containers up to ``<html>`` (on the first paragraphs when there is
    no ``<h1>``); None when nothing says. ``languages.direction`` weighs it against
    the article's language."""
    heading = tree.find(".//h1")
    anchors = [heading] if heading is not None else tree.xpath("(//p)[position() <= 3]")
    for element in anchors:
        for node in (element, *element.iterancestors()):
            value = (node.get("dir") or "").strip().lower()
            if value in ("rtl", "ltr"):
                return value
    return None


def _has_dir(html: str) -> bool:
    return "dir=" in html or "DIR=" in html or "Dir=" in html


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


def _words_outside_links(html: str) -> int:
    return own_words(lxml.html.fragment_fromstring(html, create_parent="div"))


def extract_article(html: str, url: str, content_language: str | None = None) -> ExtractedArticle:
    """Extract the article, its metadata and its plain text from a page.

    ``html`` is the decoded page, ``url`` its address after redirects,
    ``content_language`` the HTTP ``Content-Language``. Raises ExtractionError when the
    page is not HTML or holds no article text, by our steps or by trafilatura's alone.
    Any other exception in our own steps is caught: the article is then trafilatura's
    own (``ExtractedArticle.unrefined`` says why).
    """
    try:
        with time_budget(STEPS_BUDGET_SECONDS):
            return _refined_article(html, url, content_language)
    except ExtractionError as exc:
        # Our steps found nothing; trafilatura alone may still find the article.
        reason = f"newsreader's own steps found no article text ({exc.message})"
        detail = None
    except OutOfTime:
        reason = f"newsreader's own steps took longer than {STEPS_BUDGET_SECONDS:.0f} s"
        detail = traceback.format_exc()
    except Exception as exc:  # a bug of ours must never cost the user the article
        if os.environ.get(STRICT_ENV):
            raise
        reason = f"newsreader's own steps failed: {exc.__class__.__name__}: {exc}"
        reason = " ".join(reason.split())[:300]
        detail = traceback.format_exc()
    return unrefined_article(html, url, content_language, reason, detail)


# Our steps, trafilatura's pass among them, may take this long; then the page is saved
# as trafilatura alone extracts it, within what is left of the worker's 60 s deadline
# (saver.EXTRACT_TIMEOUT). The slowest corpus page takes about 2 s.
STEPS_BUDGET_SECONDS = 30.0


class OutOfTime(Exception):
    """Our steps ran past their time budget."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise OutOfTime in the block after ``seconds`` (wall clock). Only in the main
    thread of a process whose interval timer is free (a worker's, where extraction
    runs); elsewhere the block runs without a budget."""
    if (
        threading.current_thread() is not threading.main_thread()
        or not hasattr(signal, "setitimer")
        or signal.getitimer(signal.ITIMER_REAL)[0]
    ):
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise OutOfTime(f"over {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _refined_article(html: str, url: str, content_language: str | None) -> ExtractedArticle:
    """trafilatura on the prepared page, refined: what ``extract_article`` guards."""
    page = trafilatura_pass.parse_page(html)
    base_url = url
    base_href = page.xpath("//base/@href")
    if base_href and base_href[0].strip():
        base_url = absolute(url, base_href[0]) or url
    # Read the page's own declarations before anything prunes the tree.
    language = page_language(page, content_language)
    # Only a page with a dir attribute declares a direction (most have none).
    declared_direction = page_direction(page) if _has_dir(html) else None
    canonical = _canonical(page, base_url)
    fallback_title = _fallback_title(page)
    headings = [" ".join(h.text_content().split()) for h in page.iter("h1")][:5]
    declared = metadata.read_metadata(page)
    heading = headline(page, declared.title or fallback_title)
    prepared = prepare(page, base_url, heading, html)

    document = trafilatura_pass.run(page, url)
    words = trafilatura_pass.body_words(document)
    body = xml_to_html(document.body) if words else None
    partial = False
    if words < quality.WEAK_MAX_WORDS:
        body, words, partial = _strengthen(page, url, document, body, words)
    if body is None:
        raise ExtractionError("no article text found on the page")

    def found(name: str) -> str | None:
        """A metadata field as trafilatura found it, whitespace collapsed, or None."""
        return metadata.clean(getattr(document, name, None))

    lead = found("image") or declared.image
    lead_url = absolute(base_url, lead) if lead else None
    site = metadata.choose_site(found("sitename"), declared, url)
    title = found("title") or declared.title or fallback_title or url
    parts = split(url)
    host = ((parts.hostname if parts else None) or "").removeprefix("www.")
    title = metadata.clean_title(title, [site or "", declared.site or "", host], headings)
    author = metadata.choose_author(found("author"), declared, site)
    found_date = metadata.iso_date(found("date"))
    if author and found_date is not None and found_date == declared.published:
        # The markup's date is trafilatura's, and there is an author: the visible
        # byline has nothing left to settle (preparation leaves it in place: no box of
        # furniture holds a byline, and only pictures, embeds and code change).
        byline = Byline(authors=(author,))
    else:
        byline = read_byline(heading, language, declared.site)
    body_html = finish(
        body,
        prepared,
        url,
        base_url,
        lead_url,
        title,
        restates_byline=lambda line: restates_byline(line, byline),
    )
    text = html_to_text(body_html)
    words = count_words(text)
    # What is left of a page with no article is its menus: link text and nothing else.
    if not words or not _words_outside_links(body_html):
        raise ExtractionError("no article text found on the page")

    published = metadata.choose_published(found("date"), declared, byline=byline.published)
    inline = {
        address: payload for address, payload in prepared.inline.items() if address in body_html
    }
    # What the page declares, unless its text is plainly in another language.
    settled = languages.settle(language or found("language"), text)
    return ExtractedArticle(
        title=title,
        author=author or (", ".join(byline.authors) or None),
        published=published,
        updated=metadata.choose_updated(published, declared, byline.updated),
        site=site,
        description=found("description") or declared.description,
        language=settled,
        canonical_url=canonical,
        lead_image_url=lead_url,
        html=body_html,
        text=text,
        partial=partial,
        paywall=quality.paywall_reason(
            declared.free,
            words,
            # Only a short text needs the wall looked for, on the page as it came.
            words < quality.SHORT_TEXT_WORDS
            and quality.wall_evidence(trafilatura_pass.parse_page(html)),
        ),
        inline_images=inline,
        direction=languages.direction(settled, declared_direction),
    )


def _strengthen(page, url: str, document, body, words: int):
    """A short extraction, made longer where the page plainly holds more of the same
    article: trafilatura's recall-oriented settings first, then the page's main block.
    Either is taken only when it holds what trafilatura found (it extends the article,
    never replaces it with another part of the page); when in doubt, trafilatura's
    shorter text stays. Returns ``(body, words, partial)``."""
    block, block_words = quality.readable_block(page)
    if not quality.is_weak(words, block_words):
        return body, words, False
    found_text = document.text if words else ""
    recall = trafilatura_pass.run(page, url, with_metadata=False, favor_recall=True)
    recall_words = trafilatura_pass.body_words(recall)
    if recall_words > words and quality.holds(recall.text or "", found_text):
        body, words, found_text = xml_to_html(recall.body), recall_words, recall.text or ""
    if (
        quality.is_weak(words, block_words)
        and block is not None
        and quality.holds(" ".join(block.itertext()), found_text)
    ):
        return quality.block_html(block), words, True
    return body, words, False


_WARM_UP_PAGE = """<html lang="en"><head><title>Warm-up</title>
<meta name="author" content="Newsreader"><meta property="article:published_time"
content="2020-01-01"></head><body><article><h1>Warm-up</h1><p>{}</p></article></body></html>"""


def warm_up() -> None:
    """Extract a small page once, so trafilatura's first-use set-up is done."""
    extract_article(_WARM_UP_PAGE.format("A few words to extract. " * 40), "http://localhost/")
