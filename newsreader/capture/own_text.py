"""An element's own text and its word count, for ``quality.readable_block``.

An element's *own text* is the text directly in it and in its inline children (with
what they hold), not in nested blocks nor in links. Counted for every element of a
page, inline elements nested D deep would have their text read D times (200 nested
``<span>``s around a long article: 200 readings of it); here each element's text is
summed up once, bottom-up, and the count of a concatenation is made from the counts
of its parts.

Words are runs of ``\\w`` (``text.count_words``, for text without the scripts it counts
by character). Joined without a space, two texts have as many runs as they have
together, less one if the first ends and the second starts inside a word; that is
exact. Text in scripts counted by character (Chinese, Thai...) is counted directly,
as before.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lxml import etree

from newsreader.capture.text import count_words, counted_in_runs

# Children whose text is their parent's own text; a link's text is navigation.
INLINE = frozenset(
    (
        "b",
        "i",
        "em",
        "strong",
        "span",
        "font",
        "br",
        "small",
        "u",
        "sup",
        "sub",
        "q",
        "cite",
        "abbr",
        "time",
        "mark",
    )
)
_WORD_CHARACTER = re.compile(r"\w")


def own_text(element: etree._Element) -> str:
    """Text directly in the element and its inline children, not in nested blocks,
    whitespace collapsed."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in INLINE:
            parts.append("".join(child.itertext()) + (child.tail or ""))
        else:
            parts.append(child.tail or "")  # links and blocks: only what follows them
    return " ".join(" ".join(parts).split())


class _Runs(NamedTuple):
    """A text's word count, and whether it starts and ends inside a word."""

    words: int
    starts: bool
    ends: bool


# None: no characters at all (joins as nothing).
_Summary = _Runs | None


class _Unspaced(Exception):
    """The text holds a script counted by character: count it as a whole."""


def _runs(text: str | None) -> _Summary:
    if not text:
        return None
    if not counted_in_runs(text):
        raise _Unspaced
    return _Runs(
        count_words(text),
        _WORD_CHARACTER.match(text[0]) is not None,
        _WORD_CHARACTER.match(text[-1]) is not None,
    )


def _joined(first: _Summary, second: _Summary) -> _Summary:
    if first is None:
        return second
    if second is None:
        return first
    merged = 1 if first.ends and second.starts else 0
    return _Runs(first.words + second.words - merged, first.starts, second.ends)


class OwnWords:
    """Own-text word counts of one page's elements; each element's whole text (what
    ``itertext`` yields) is summed up once and kept."""

    def __init__(self) -> None:
        self._whole: dict[etree._Element, _Summary] = {}

    def count(self, element: etree._Element) -> int:
        """``count_words(own_text(element))``, each element's text read once."""
        try:
            first = _runs(element.text)
            words = first.words if first else 0
            for child in element:
                tag = child.tag if isinstance(child.tag, str) else ""
                # Parts are joined with a space, so their counts simply add up.
                if tag in INLINE:
                    part = _joined(self._whole_text(child), _runs(child.tail))
                else:
                    part = _runs(child.tail)
                words += part.words if part else 0
            return words
        except _Unspaced:
            return count_words(own_text(element))

    def _whole_text(self, root: etree._Element) -> _Summary:
        """The summary of ``"".join(root.itertext())``: its text, each child's whole
        text and tail in order (a comment's or instruction's text is not text, its
        tail is). Iterative, children before their parent."""
        stack: list[tuple[etree._Element, bool]] = [(root, False)]
        while stack:
            element, children_done = stack.pop()
            if element in self._whole:
                continue
            if not children_done:
                stack.append((element, True))
                stack.extend(
                    (child, False)
                    for child in element
                    if isinstance(child.tag, str) and child not in self._whole
                )
                continue
            summary = _runs(element.text) if isinstance(element.tag, str) else None
            for child in element:
                inner = self._whole[child] if isinstance(child.tag, str) else None
                summary = _joined(_joined(summary, inner), _runs(child.tail))
            self._whole[element] = summary
        return self._whole[root]
