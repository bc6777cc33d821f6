"""Placing a highlight in an article's text, and finding it again after the text changed.

A highlight is described the way the W3C Web Annotation Data Model describes a
passage (https://www.w3.org/TR/annotation-model/#selectors):

- a ``TextQuoteSelector``: the passage as written (``exact``) with up to
  CONTEXT_CHARS characters before (``prefix``) and after (``suffix``) it;
- a ``TextPositionSelector``: its ``start`` and ``end`` offsets (code points, end
  exclusive) in the article's plain text (``article_texts.text``).

When the text changes (a re-fetch, ``reextract``), ``anchor`` tries in order:

1. ``position``: the text at the stored offsets is still the quote, with its prefix
   before and its suffix after (the same words elsewhere are another occurrence);
2. ``quote``: the quote occurs in the text, white space compared loosely (the reader's
   document and the stored text break lines differently); of several occurrences, the
   one whose surroundings best match the prefix and suffix, then the nearest to the
   old position;
3. ``fuzzy``: the passage of the text most like the quote, by rapidfuzz's
   ``partial_ratio_alignment`` (normalised Indel similarity of the quote against
   its best-matching stretch of the text), when at least FUZZY_MIN_SCORE, its ends
   then set by an Indel alignment of the quote with a wider window (the passage
   may have grown or shrunk); the same idea as Hypothesis's client, which falls back
   to approximate string matching. A passage whose numbers contradict the quote's
   (library/numerals.py: "5% in 2023" is not "15% in 2024") is another claim, however
   alike the words: it is refused, and the next most alike stretch tried, up to
   FUZZY_TRIES in all.

A quote that none of these places stays stored with no position: it is "lost", never
deleted. This module is Qt-free and pure.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Postfix, Prefix

from newsreader.library import numerals

# Characters of context kept either side of a quote: Hypothesis stores 32.
CONTEXT_CHARS = 32
# Below this similarity (0-100) a fuzzy match is taken for a different passage. A
# sentence with a word or a number changed scores 85-95; unrelated sentences of the
# same language 40-70 (tests/test_anchoring.py has both kinds). A changed number is
# refused whatever the score (numerals.agree).
FUZZY_MIN_SCORE = 80.0
# Stretches tried at most when the most alike ones have contradicting numbers (the
# same sentence for each year of a table of figures, say).
FUZZY_TRIES = 3
# A quote this short matches by chance anywhere; it is only placed exactly.
FUZZY_MIN_CHARS = 12
# Occurrences of a quote compared for context at most (a one-word quote in a long text);
# those near the old position are always among them.
_MAX_OCCURRENCES = 2000
_NEAR_CHARS = 5000
# A run of agreeing characters this long starts and ends a fuzzy match: a lone letter
# in common is chance.
_RUN_CHARS = 3

# How it was placed, as stored in highlights.anchoring.
MADE = "made"  # made on this very text
POSITION = "position"
QUOTE = "quote"
FUZZY = "fuzzy"
LOST = "lost"
METHODS = (MADE, POSITION, QUOTE, FUZZY, LOST)

# Runs of white space (line and paragraph separators of Qt documents included), the
# object replacement character Qt puts where an image is and the marks Qt puts between
# table cells and after a table (U+FDD0, U+FDD1) count as one space; soft hyphens and
# zero-width marks as nothing (the stored text has none: capture/text.py drops them).
_LOOSE = re.compile(r"(?P<space>[\s\ufffc\ufdd0\ufdd1]+)|[\u00ad\u200b\u2060\ufeff]+")


@dataclass(frozen=True)
class TextQuote:
    """A W3C TextQuoteSelector: ``exact`` with its ``prefix`` and ``suffix``."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Placement:
    """Where a quote was found: ``text[start:end]``, and by which method (see above)."""

    start: int
    end: int
    method: str


def describe(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> TextQuote:
    """The quote selector of ``text[start:end]``. Raises ValueError for an empty or
    out-of-range span."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"no passage at {start}-{end} in a text of {len(text)} characters")
    before = text[max(0, start - context) : start]
    return TextQuote(text[start:end], before, text[end : end + context])


class LooseText:
    """``text`` with every run of white space made one space, and the way back: the
    offset in ``text`` of each character of ``loose``."""

    def __init__(self, text: str) -> None:
        self.text = text
        parts: list[str] = []
        offsets: list[int] = []
        position = 0
        for match in _LOOSE.finditer(text):
            if match.start() > position:
                parts.append(text[position : match.start()])
                offsets.extend(range(position, match.start()))
            if match.group("space"):
                parts.append(" ")
                offsets.append(match.start())
            position = match.end()
        parts.append(text[position:])
        offsets.extend(range(position, len(text)))
        self.loose = "".join(parts)
        self.offsets = offsets

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``text`` behind ``loose[start:end]`` (end exclusive)."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def loose_offset(self, offset: int) -> int:
        """The offset in ``loose`` nearest to ``offset`` in ``text``."""
        return min(bisect.bisect_left(self.offsets, offset), max(0, len(self.offsets) - 1))


def loosened(text: str) -> str:
    """``text`` as ``LooseText`` makes it, ends stripped."""
    return _LOOSE.sub(lambda m: " " if m.group("space") else "", text).strip()


def _best_occurrence(
    haystack: LooseText, needle: str, quote: TextQuote, near: int | None
) -> int | None:
    """The loose offset of the occurrence of ``needle`` that best fits the context."""
    loose = haystack.loose
    found: list[int] = []
    at = loose.find(needle)
    while at != -1 and len(found) < _MAX_OCCURRENCES:
        found.append(at)
        at = loose.find(needle, at + 1)
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    prefix, suffix = loosened(quote.prefix), loosened(quote.suffix)
    expected = haystack.loose_offset(near) if near is not None else 0
    if len(found) == _MAX_OCCURRENCES and near is not None:
        at = loose.find(needle, max(0, expected - _NEAR_CHARS), expected + _NEAR_CHARS)
        while at != -1:
            found.append(at)
            at = loose.find(needle, at + 1, expected + _NEAR_CHARS + len(needle))

    def fit(at: int) -> tuple[int, int]:
        before = loose[max(0, at - len(prefix) - 1) : at].rstrip()
        after = loose[at + len(needle) : at + len(needle) + len(suffix) + 1].lstrip()
        # Characters of context that agree: the prefix's end, the suffix's start.
        context = Postfix.similarity(before, prefix.rstrip())
        context += Prefix.similarity(after, suffix.lstrip())
        return context, -abs(at - expected)

    return max(found, key=fit)


def find_quote(
    text: str | LooseText, quote: TextQuote, near: int | None = None
) -> Placement | None:
    """Where ``quote.exact`` occurs in ``text``, white space compared loosely (method
    QUOTE); of several occurrences the one that best fits its context, then nearest
    ``near`` (an offset in ``text``). None when it does not occur."""
    haystack = text if isinstance(text, LooseText) else LooseText(text)
    needle = loosened(quote.exact)
    if not needle:
        return None
    at = _best_occurrence(haystack, needle, quote, near)
    if at is None:
        return None
    start, end = haystack.original(at, at + len(needle))
    return Placement(start, end, QUOTE)


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    # An approximate alignment may start or stop inside a word: take the whole word.
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_fuzzy(text: str | LooseText, quote: TextQuote) -> Placement | None:
    """The stretch of ``text`` most like ``quote.exact`` whose numbers agree with the
    quote's (method FUZZY), or None when the quote is shorter than FUZZY_MIN_CHARS or
    no such stretch scores FUZZY_MIN_SCORE among the FUZZY_TRIES most alike."""
    haystack = text if isinstance(text, LooseText) else LooseText(text)
    needle = loosened(quote.exact)
    if len(needle) < FUZZY_MIN_CHARS or not haystack.loose.strip():
        return None
    if len(needle) > len(haystack.loose):
        # partial_ratio aligns the shorter string within the longer: a text now shorter
        # than the quote can only hold part of it, which is not the passage.
        return None
    wanted = numerals.numbers(needle)
    loose = haystack.loose
    for _ in range(FUZZY_TRIES):
        alignment = fuzz.partial_ratio_alignment(needle, loose, score_cutoff=FUZZY_MIN_SCORE)
        if alignment is None or alignment.dest_end <= alignment.dest_start:
            return None
        found = _aligned_passage(haystack, loose, needle, alignment.dest_start, alignment.dest_end)
        if found is None:
            return None
        (start, end), (loose_start, loose_end) = found
        if numerals.agree(wanted, numerals.numbers_at(haystack.text, start, end)):
            return Placement(start, end, FUZZY)
        # Another claim: blank it out (offsets kept) and look for the next most alike.
        low, high = min(alignment.dest_start, loose_start), max(alignment.dest_end, loose_end)
        loose = loose[:low] + "\0" * (high - low) + loose[high:]
    return None


def _aligned_passage(
    haystack: LooseText, loose: str, needle: str, dest_start: int, dest_end: int
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The passage of ``haystack.text`` that ``needle``, best aligned with
    ``loose[dest_start:dest_end]``, stands for, in whole words: its span in the text
    and in ``loose``. None when nothing in it agrees for a run of characters."""
    # partial_ratio compares windows as long as the quote: a passage that grew or
    # shrank would lose words or take its neighbour's. Align the quote with a wider
    # window instead and keep what its first and last matching runs cover.
    margin = max(8, len(needle) // 4)
    low = max(0, dest_start - margin)
    window = loose[low : dest_end + margin]
    runs = [
        op
        for op in Indel.opcodes(needle, window)
        if op.tag == "equal" and op.dest_end - op.dest_start >= min(_RUN_CHARS, len(needle))
    ]
    if not runs:
        return None
    loose_span = (low + runs[0].dest_start, low + runs[-1].dest_end)
    start, end = haystack.original(*loose_span)
    start, end = _word_bounds(haystack.text, start, end)
    if end <= start:
        return None
    return (start, end), loose_span


def context_agrees(text: str, start: int, end: int, quote: TextQuote) -> bool:
    """Whether ``text`` around ``start``-``end`` is the quote's prefix and suffix (white
    space loosely): the same words at the same offsets may be another occurrence."""
    prefix, suffix = loosened(quote.prefix), loosened(quote.suffix)
    before = loosened(text[max(0, start - len(quote.prefix) - 8) : start])
    after = loosened(text[end : end + len(quote.suffix) + 8])
    return before.endswith(prefix) and after.startswith(suffix)


def anchor(
    text: str | LooseText,
    quote: TextQuote,
    start: int | None = None,
    end: int | None = None,
) -> Placement | None:
    """Place ``quote`` (last known at ``start``-``end``, if ever) in ``text``: by
    position, then quote and context, then fuzzily (see the module's docstring).
    None when the passage is no longer in the text."""
    plain = text.text if isinstance(text, LooseText) else text
    if (
        start is not None
        and end is not None
        and 0 <= start < end <= len(plain)
        and plain[start:end] == quote.exact
        and context_agrees(plain, start, end, quote)
    ):
        return Placement(start, end, POSITION)
    haystack = text if isinstance(text, LooseText) else LooseText(text)
    return find_quote(haystack, quote, near=start) or find_fuzzy(haystack, quote)
