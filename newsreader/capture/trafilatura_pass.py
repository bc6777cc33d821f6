"""trafilatura, called the way newsreader calls it: one parser, one set of options.

The page is parsed exactly as trafilatura parses a page it is given as text
(``trafilatura.utils.load_html``: its own repairs, then libxml2 with comments and
processing instructions removed), so that trafilatura sees the tree it would have
built itself. An ``lxml.html`` tree of our own kept the comments, which trafilatura's
rules do not expect: on pages whose body is split by comments, paragraphs went
missing that trafilatura alone keeps.
"""

from __future__ import annotations

import copy

import lxml.html
import trafilatura
from trafilatura.utils import load_html

from newsreader.capture.text import count_words
from newsreader.errors import ExtractionError

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


def parse_page(html: str) -> lxml.html.HtmlElement:
    """The page as trafilatura would parse it; ExtractionError if it is not HTML at all.

    ``html`` is the decoded page (``charset.decode_html``). A declaration of a byte
    encoding left in it (``<?xml … encoding=…?>``) is handled by trafilatura's loader.
    """
    try:
        tree = load_html(html)
    except (TypeError, ValueError) as exc:  # pragma: no cover - load_html catches its own
        raise ExtractionError(f"the page could not be read as HTML ({exc})") from exc
    if tree is None:
        raise ExtractionError("the page could not be read as HTML")
    return tree


def run(
    tree: lxml.html.HtmlElement,
    url: str,
    *,
    with_metadata: bool = True,
    favor_recall: bool = False,
    copy_tree: bool = True,
):
    """trafilatura's ``bare_extraction`` with newsreader's options: its ``Document``,
    or None when it found nothing. trafilatura prunes the tree it is given, so it gets
    a copy unless ``copy_tree`` is False."""
    # Not the "fast" mode: its fallback extractors (readability, jusText) recover
    # headings and paragraphs the main pass misses; on the corpus, fast mode lost
    # 5 points of recall for half the time, and a save waits on the network anyway.
    return trafilatura.bare_extraction(
        copy.deepcopy(tree) if copy_tree else tree,
        url=url,
        fast=False,
        with_metadata=with_metadata,
        favor_recall=favor_recall,
        **TRAFILATURA_OPTIONS,
    )


def body_words(document) -> int:
    """Words in a trafilatura ``Document``'s text (0 for None or an empty body)."""
    if document is None or document.body is None:
        return 0
    return count_words(document.text or "")


def trafilatura_document(html: str, url: str):
    """trafilatura alone, with newsreader's settings, on a page given as text: its
    Document, or None. (The extraction-quality benchmark's "settings" extractor.)"""
    return run(parse_page(html), url, copy_tree=False)
