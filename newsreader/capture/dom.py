"""Small helpers over lxml trees that page preparation shares.

An element's *tokens* are the words of its ``class`` and ``id``, which is how pages
name their parts ("article-body", "ad-slot", "related-links").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

import lxml.html
from lxml import etree

from newsreader.capture.text import count_words, prose_words, squashed

WORD_SPLIT = re.compile(r"[^a-z0-9]+")
# A paragraph this long is the article's prose: its header (headline, byline, lead
# photo) is above the first one.
PROSE_MIN_WORDS = 12
# Containers never removed or taken apart: they hold the article itself.
PROTECTED = frozenset(("html", "body", "main", "article"))


def tokens(element: etree._Element) -> set[str]:
    """The words of an element's class and id, lower-cased."""
    words = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return set(WORD_SPLIT.split(words)) - {""}


def text_of(element: etree._Element) -> str:
    """An element's text, whitespace collapsed."""
    return " ".join(element.text_content().split())


def more_words_than(element: etree._Element, limit: int) -> bool:
    """Whether ``text_of(element)`` has more than ``limit`` words (runs of non-space),
    read only as far as it takes: a label ("Premium") is settled at once, and a box
    holding the whole article is not read to its end for each box around it."""
    count = 0
    in_word = False  # the text so far ends inside a word the next piece may continue
    for piece in element.itertext():
        if not piece:
            continue
        words = piece.split(None, limit + 1)
        if words:
            count += len(words) - (1 if in_word and not piece[0].isspace() else 0)
            if count > limit:
                return True
        in_word = not piece[-1].isspace()
    return False


def own_words(element: etree._Element, link: str = "a") -> int:
    """Words of the element's text that are not link text (``link``: the tag of links,
    ``ref`` in trafilatura's XML), counted per script (``text.count_words``)."""
    total = count_words(
        element.text_content() if hasattr(element, "text_content") else "".join(element.itertext())
    )
    linked = sum(count_words("".join(a.itertext())) for a in element.iter(link))
    return total - linked


def only_child(element: etree._Element) -> bool:
    """Whether ``element`` is its parent's only child (comments count as children), in
    O(1): lxml's ``len(parent)`` walks every child, which in a loop over the children
    makes the loop quadratic."""
    return element.getprevious() is None and element.getnext() is None


def count_up_to(elements: Iterator[etree._Element], limit: int) -> int:
    """How many ``elements`` there are, counting no further than ``limit``: whether a
    container holds "one image" or "at most four paragraphs" is then answered in the
    time it takes to find ``limit`` of them, not all (a container of N images, asked
    for each of them, would otherwise be read N times)."""
    return sum(1 for _ in islice(elements, limit))


def is_prose(paragraph: etree._Element) -> bool:
    """Whether a paragraph is the article's prose rather than a byline or a label."""
    return prose_words(paragraph.text_content()) >= PROSE_MIN_WORDS


def drop_unnamable_attributes(root: etree._Element) -> None:
    """Remove, in ``root`` and below, the attributes the HTML parser kept but lxml's
    API cannot name: a name starting with "{" (read as a namespace) or holding a
    control character. Asked to delete one, lxml raises ValueError ("Invalid tag
    name"), which lxml_html_clean's Cleaner does on every attribute it drops. The other
    attributes stay, in order."""
    for element in root.iter(etree.Element):
        items = element.items()
        if not any("{" in name or not name.isprintable() for name, _ in items):
            continue
        element.attrib.clear()
        for name, value in items:
            try:
                element.set(name, value)
            except (ValueError, KeyError):
                continue  # the unnamable one


def remove(element: etree._Element) -> None:
    """Remove an element but keep the text that followed it."""
    element.drop_tree()


def replace(old: etree._Element, new: etree._Element | None) -> None:
    """Put ``new`` where ``old`` stood, with ``old``'s tail; None removes ``old``."""
    parent = old.getparent()
    if parent is None:
        return
    if new is None:
        remove(old)
        return
    new.tail = old.tail
    parent.replace(old, new)


def headline(page: lxml.html.HtmlElement, title: str | None) -> etree._Element | None:
    """The article's headline: the ``<h1>`` that reads as ``title`` (sites put their
    logo in an ``<h1>`` too), else the first ``<h1>``; None when there is none."""
    headings = list(page.iter("h1"))
    if title:
        wanted = squashed(title)
        for heading in headings:
            text = squashed(heading.text_content())
            if text and (text == wanted or (len(text) > 12 and text in wanted)):
                return heading
    return headings[0] if headings else None
