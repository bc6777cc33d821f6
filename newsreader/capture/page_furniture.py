"""Page furniture: ad containers, boxes of links to other articles, subscribe walls.

They are found by the words in their class and id, and removed before extraction. A
box is never removed when it holds much text of its own: a wrapper called
``has-ads`` may hold the article itself.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from newsreader.capture.dom import (
    PROTECTED,
    WORD_SPLIT,
    count_up_to,
    more_words_than,
    own_words,
    remove,
    tokens,
)
from newsreader.capture.page_captions import Captions

# A container with this much text of its own is content, whatever its class says.
FURNITURE_MAX_WORDS = 80

_AD_TOKENS = frozenset(
    [
        "ad",
        "ads",
        "adv",
        "advert",
        "adverts",
        "advertisement",
        "advertisements",
        "advertising",
        "adsbygoogle",
        "adslot",
        "adunit",
        # "advertisement" in the languages of the pages we read
        "annonse",
        "annonser",
        "annonce",
        "annonces",
        "anzeige",
        "anzeigen",
        "werbung",
        "reklame",
        "reklam",
        "reklama",
        "publicidad",
        "publicidade",
        "pubblicita",
        "advertentie",
        "mainos",
        "sponsored",
        "sponsor",
        "dfp",
        "gpt",
        "outbrain",
        "taboola",
    ]
)
# Subscribe and login walls: their text is an offer, not the article.
_WALL_TOKENS = frozenset(("paywall", "regwall", "subscribe", "subscription", "piano"))
_TEASER_TOKENS = frozenset(
    [
        "related",
        "relaterte",
        "relaterade",
        "relacionados",
        "relacionadas",
        "correlati",
        "recommended",
        "recommendations",
        "recirculation",
        "mostread",
        "popular",
        "readmore",
        "lesogsa",
        "newsletter",
    ]
)
# Joined pairs, for class names written as two words ("most-read", "les-ogsa"); "read
# more", "see also" and "most read" in the languages of the pages we read.
_TEASER_PAIRS = frozenset(
    [
        "most read",
        "mest lest",
        "mest last",
        "meist gelesen",
        "mas leidas",
        "read more",
        "les ogsa",
        "les mer",
        "las ocksa",
        "more stories",
        "saiba mais",
        "leia mais",
        "leia tambem",
        "lea tambien",
        "lire aussi",
        "mehr zum thema",
        "leggi anche",
    ]
)


_PAIRS = re.compile("|".join(re.escape(pair) for pair in sorted(_TEASER_PAIRS)))
_PAIR_STARTS = frozenset(pair.split()[0] for pair in _TEASER_PAIRS)
_FURNITURE_TOKENS = _AD_TOKENS | _TEASER_TOKENS | _WALL_TOKENS


def _pairs(names: set[str], tokens_text: str) -> bool:
    if names.isdisjoint(_PAIR_STARTS):
        return False  # nearly every element: no pair can start
    return _PAIRS.search(" ".join(WORD_SPLIT.split(tokens_text.lower()))) is not None


# The elements furniture can be told by, found in C: most have no class or id at all.
_CANDIDATES = etree.XPath("//*[@class or @id or @data-ad-slot] | //amp-ad | //amp-embed")


# A picture or its figure is judged by what it shows, not by its class: one with a
# caption (``page_captions``) is a photo of the article ("sponsor-photo", "banner").
_PICTURE_TAGS = frozenset(("img", "picture", "figure"))


def _captioned_picture(element: etree._Element) -> bool:
    captions = Captions()
    pictures = [element] if element.tag == "img" else list(element.iter("img"))
    return any(captions.has_caption(img) for img in pictures[:4])


def _is_furniture(element: etree._Element) -> bool:
    if element.tag in PROTECTED:
        return False
    if (
        element.get("class") is None
        and element.get("id") is None
        and element.tag not in ("amp-ad", "amp-embed")
        and element.get("data-ad-slot") is None
    ):
        return False  # most elements: nothing to judge them by
    names = tokens(element)
    if element.tag == "ins" and "adsbygoogle" in names:
        return True
    if element.tag in ("amp-ad", "amp-embed"):
        return True
    if "badge" in names and not more_words_than(element, 3):
        return True  # "+ ABONNENT", "Premium": a label, not a sentence
    hit = not names.isdisjoint(_FURNITURE_TOKENS) or _pairs(
        names, f"{element.get('class') or ''} {element.get('id') or ''}"
    )
    if not hit and element.get("data-ad-slot") is None:
        return False
    if element.tag in _PICTURE_TAGS and _captioned_picture(element):
        return False
    # A wrapper whose class mentions ads ("has-ads") may hold the article itself.
    # The paragraphs first: counted up to five, they settle most wrappers of the
    # article without reading its text (nested wrappers would read it once each).
    return count_up_to(element.iter("p"), 5) <= 4 and own_words(element) <= FURNITURE_MAX_WORDS


def drop_furniture(page: lxml.html.HtmlElement) -> None:
    """Remove every box of furniture from ``page``. A box inside one already removed
    is not judged: boxes nested 200 deep around a list of links are read once, not
    200 times. (Each removed box's elements are remembered: removed boxes do not
    overlap, so that is one pass over what is removed.)"""
    removed: set[etree._Element] = set()  # lxml keeps one proxy per node while it lives
    for element in _CANDIDATES(page):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if removed and element in removed:
            continue
        if _is_furniture(element):
            removed.update(element.iter())
            remove(element)
