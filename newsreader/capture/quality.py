"""Judging an extraction: too little text for the page, or a paywall in the way.

``readable_block`` is the last resort when trafilatura finds little on a long page:
the element whose own paragraphs hold the most words outside links, which is where
a human sees the article on old table layouts and script-built pages. It never looks
inside comment threads, forum replies, lists of teasers or navigation, and
``extract`` takes it only when it ``holds`` what trafilatura found: the block may
extend trafilatura's article, never replace it with another part of the page.
"""

from __future__ import annotations

import re
from collections import Counter

import lxml.html
from lxml import etree
from lxml_html_clean import Cleaner

from newsreader.capture.dom import drop_unnamable_attributes, tokens
from newsreader.capture.own_text import OwnWords
from newsreader.capture.text import count_words, word_tokens

# An extraction with fewer words than this share of the page's best block is weak.
WEAK_SHARE = 0.4
# A page whose best block is shorter than this has nothing more to find.
WEAK_MIN_BLOCK_WORDS = 200
# An extraction this long found an article; a larger block is comments or listings.
WEAK_MAX_WORDS = 400
SHORT_TEXT_WORDS = 150  # below this, a login wall on the page means the text stops there
VERY_SHORT_WORDS = 50  # an "article" this short was almost certainly cut off

_PARAGRAPHS = frozenset(("p", "li", "blockquote", "h2", "h3", "h4", "pre"))
_TRANSPARENT = frozenset(("tr", "tbody", "thead", "tfoot", "table", "font", "center", "span"))
_SKIP = frozenset(
    ("nav", "header", "footer", "aside", "form", "script", "style", "noscript", "select", "button")
)
# Class and id words of the parts of a page that are never the article: reader
# comments and forum replies, lists of teasers, navigation. A block is not looked for
# inside them.
_NOT_ARTICLE_TOKENS = frozenset(
    [
        # comments, replies, forum threads
        "comment",
        "comments",
        "commentlist",
        "kommentar",
        "kommentarer",
        "kommentare",
        "commentaires",
        "comentarios",
        "commenti",
        "reply",
        "replies",
        "respond",
        "responses",
        "discussion",
        "disqus",
        "thread",
        "forum",
        "answers",
        "reactions",
        "guestbook",
        # teasers and listings
        "related",
        "teaser",
        "teasers",
        "recommended",
        "recommendations",
        "popular",
        "mostread",
        "trending",
        "listing",
        # navigation
        "nav",
        "navbar",
        "navigation",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "sidebar",
        "widget",
        "widgets",
        "pagination",
        "pager",
        "sitemap",
        "footer",
        "masthead",
        "toolbar",
    ]
)

_WALL_PHRASES = re.compile(
    r"subscribe to (continue|read|keep reading|unlock)|already (a )?subscriber|"
    r"(sign|log) in to (continue|read|keep reading)|for subscribers only|"
    r"this (article|story|content) is (only )?(available )?(for|to) (subscribers|members)|"
    r"become a (subscriber|member) to|subscribers only|"
    r"(denne|hele) (saken|artikkelen) er for abonnenter|allerede abonnent|"
    r"logg inn for å lese|kjøp tilgang|bli abonnent for å lese|for abonnenter|"
    r"nur für abonnenten|jetzt abonnieren|weiterlesen mit|bereits abonnent|"
    r"réservé aux abonnés|déjà abonné|exclusivo para suscriptores",
    re.IGNORECASE,
)
_WALL_CLASS = re.compile(
    r"\b(paywall|pay-wall|premium-wall|regwall|subscribe-wall|subscriber-only|piano-offer)\b",
    re.I,
)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _not_article(element: etree._Element) -> bool:
    """A thread, teaser list or menu by its class or id words; never a container that
    holds the page's headline ("site has-sidebar" wrappers around the article)."""
    return not _NOT_ARTICLE_TOKENS.isdisjoint(tokens(element)) and element.find(".//h1") is None


def readable_block(page: lxml.html.HtmlElement) -> tuple[etree._Element | None, int]:
    """The element holding the page's main run of prose, and its word count."""
    body = page.find("body")
    if body is None:
        return None, 0
    scores: dict[etree._Element, float] = {}
    own_words = OwnWords()  # inline text nested deep is read once, not once a level
    stack = [body]
    while stack:
        element = stack.pop()
        for child in element:
            if isinstance(child.tag, str) and child.tag not in _SKIP and not _not_article(child):
                stack.append(child)
        words = own_words.count(element)
        if words < 8:
            continue
        # A paragraph counts fully for its container, half for the one above, a
        # quarter above that; layout wrappers (table rows, font tags) pass it on whole,
        # so an article split over several layout tables still adds up in one place.
        container = element.getparent() if element.tag in _PARAGRAPHS else element
        weight = 1.0
        while container is not None and weight >= 0.25:
            scores[container] = scores.get(container, 0) + words * weight
            if container.tag == "body":
                break
            if container.tag not in _TRANSPARENT:
                weight /= 2
            container = container.getparent()
    if not scores:
        return None, 0
    best = max(scores, key=scores.__getitem__)
    linked = sum(count_words(" ".join(a.itertext())) for a in best.iter("a"))
    own = count_words(" ".join(best.itertext())) - linked
    # Mostly link text: a list of teasers or a menu, whatever its markup says.
    if linked > own:
        return None, 0
    return best, own


HOLDS_SHARE = 0.8  # of trafilatura's words a block must hold to extend its article


def holds(text: str, found: str) -> bool:
    """Whether ``text`` holds what trafilatura ``found``: at least 80% of its words
    (counted with repeats, case-folded; a Chinese character is a word). True when
    nothing was found."""
    wanted = Counter(word_tokens(found))
    if not wanted:
        return True
    have = Counter(word_tokens(text))
    kept = sum(min(count, have[word]) for word, count in wanted.items())
    return kept >= HOLDS_SHARE * sum(wanted.values())


_CLEANER = Cleaner(
    scripts=True,
    javascript=True,
    comments=True,
    style=True,
    inline_style=True,
    links=True,
    meta=True,
    page_structure=True,
    processing_instructions=True,
    embedded=True,
    frames=True,
    forms=True,
    annoying_tags=True,
    remove_tags=("font", "center", "span", "tbody", "thead"),
    kill_tags=("nav", "aside", "footer", "header", "button", "select"),
    safe_attrs_only=True,
    safe_attrs=frozenset(("href", "src", "alt")),
)


def block_html(block: etree._Element) -> lxml.html.HtmlElement:
    """A copy of the block as a plain HTML ``<div>``: prose, links, images, no layout."""
    # Control characters the parser let through would stop the cleaner half-way.
    markup = _CONTROL.sub("", etree.tostring(block, encoding="unicode", method="html"))
    fragment = lxml.html.fragment_fromstring(markup, create_parent="div")
    drop_unnamable_attributes(fragment)  # the cleaner cannot delete them
    cleaned = _CLEANER.clean_html(fragment)
    # Layout tables carry the prose in cells; the cells become paragraphs.
    for table in list(cleaned.iter("table")):
        cells = [c for c in table.iter("td", "th") if "".join(c.itertext()).strip()]
        if table.find(".//th") is None and len(cells) <= 3:
            table.drop_tag()
    for element in list(cleaned.iter("tr", "td", "tbody")):
        if element.getparent() is not None and element.xpath("ancestor::table") == []:
            element.tag = "div"
    _drop_link_lines(cleaned)
    return cleaned


_SEPARATORS = re.compile(r"^[\s|·•/\-\u2013\u2014>»]*$")


def _drop_link_lines(root: etree._Element) -> None:
    """Remove lines (between ``<br>``s) made of nothing but links: "Print | Back"."""
    for parent in list(root.iter(etree.Element)):
        if parent.find("br") is None:
            continue  # no lines: a paragraph that is one link is a source, not navigation
        lines: list[list[etree._Element]] = [[]]
        for child in parent:
            if child.tag == "br":
                lines.append([])
            else:
                lines[-1].append(child)
        for number, line in enumerate(lines):
            if len(line) < 2 or any(child.tag != "a" for child in line):
                continue
            before = parent.text if number == 0 else None
            texts = [before or ""] + [child.tail or "" for child in line]
            if number > 0:
                # The text right after the <br> that opens this line.
                opening = line[0].getprevious()
                texts.append(opening.tail or "" if opening is not None else "")
            if all(_SEPARATORS.match(text) for text in texts):
                for child in line:
                    child.tail = None
                    parent.remove(child)


def is_weak(words: int, block_words: int) -> bool:
    return (
        words < WEAK_MAX_WORDS
        and block_words >= WEAK_MIN_BLOCK_WORDS
        and words < block_words * WEAK_SHARE
    )


def wall_evidence(page: lxml.html.HtmlElement) -> bool:
    """Whether the page carries a subscribe or login wall (read before it is pruned)."""
    classes = " ".join(page.xpath("//@class | //@id"))
    if _WALL_CLASS.search(classes):
        return True
    body = page.find("body")
    return body is not None and bool(_WALL_PHRASES.search(" ".join(body.itertext())))


def paywall_reason(free: bool | None, words: int, wall: bool) -> str | None:
    """Why the saved text is likely only the part before a paywall or login wall."""
    if free is False:
        return "the page marks the article as not free to read (isAccessibleForFree: false)"
    if words < SHORT_TEXT_WORDS and wall:
        return f"only {words} words were saved, and the page asks the reader to subscribe or log in"
    if words < VERY_SHORT_WORDS:
        return f"only {words} words were saved; the page may be cut short"
    return None
