"""Where a highlight is in the reader's document, and which passage of the article's
text a selection in the document is.

Highlights are stored against the article's plain text (``Article.text``,
library/anchoring.py); the reader shows a QTextDocument made from the article's HTML,
with a header (title, byline), captions and images the plain text does not have, and
other line breaks. The two are matched by quote: the stored quote with its context is
looked up in the document's text, white space compared loosely.

Offsets: Python strings count code points, QTextDocument positions count UTF-16 units
(a character outside the Basic Multilingual Plane, such as most emoji, is two), so
every position handed to Qt goes through ``to_qt`` and every one read from Qt
through ``from_qt``.
"""

from __future__ import annotations

import bisect
import re

from PySide6.QtGui import QTextDocument
from rapidfuzz.distance import Postfix, Prefix

from newsreader.library import anchoring
from newsreader.library.highlights import Highlight

# Characters outside the Basic Multilingual Plane: two UTF-16 units each.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# What may stand between two lines of a quote in the document besides white space: a
# picture, the marks between table cells.
_BETWEEN_LINES = frozenset("\ufffc\ufdd0\ufdd1")
# How far from where a quote probably is (characters) it is first looked for.
_NEAR = 3000
# Occurrences of a quote compared by their context before the slower loose search.
_QUICK_OCCURRENCES = 50


class DocumentPassages:
    """The text of one rendering of the reader's document (``toRawText``), for placing
    highlights in it. Made again whenever the document is (a new article, a zoom)."""

    def __init__(self, document: QTextDocument, body_start: int = 0) -> None:
        """``body_start``: the Qt position where the article's body starts (after the
        header), so a passage also in the title is looked for in the body first."""
        # A no-break space is one character in both; the stored text has a space.
        self.raw = document.toRawText().replace("\xa0", " ")
        self._astral = [] if self.raw.isascii() else [m.start() for m in _ASTRAL.finditer(self.raw)]
        self._astral_qt = [i + rank for rank, i in enumerate(self._astral)]
        self.body_start = self.from_qt(body_start)
        self._loose: anchoring.LooseText | None = None

    # --- offsets --------------------------------------------------------------------
    def to_qt(self, offset: int) -> int:
        """The Qt position of code point ``offset`` of the text."""
        return offset + bisect.bisect_left(self._astral, offset)

    def from_qt(self, position: int) -> int:
        """The code point offset of Qt position ``position``."""
        return position - bisect.bisect_left(self._astral_qt, position)

    @property
    def loose(self) -> anchoring.LooseText:
        if self._loose is None:  # built only when a quick look fails (it costs ~1 µs/char)
            self._loose = anchoring.LooseText(self.raw)
        return self._loose

    # --- a stored highlight in the document -------------------------------------------
    def _hint(self, start: int | None, text_length: int) -> int:
        """Where in the document an offset of the plain text probably is: the same
        fraction of the body."""
        if start is None or text_length <= 0:
            return self.body_start
        body = len(self.raw) - self.body_start
        return self.body_start + round(body * start / text_length)

    def _at_hint(self, quote: anchoring.TextQuote, near: int) -> tuple[int, int] | None:
        # The common case, cheapest: the quote found near where it probably is, right
        # after the end of its prefix and right before its suffix's start (up to the
        # first white space of each, where the document may differ). A paragraph break
        # of the plain text is one paragraph separator in the document, a line break
        # (<br>) a line separator; a picture between paragraphs goes to _quick.
        exact = quote.exact.replace("\n\n", "\u2029").replace("\n", "\u2028")
        before = quote.prefix.rsplit(None, 1)[-1] if quote.prefix.strip() else ""
        after = quote.suffix.split(None, 1)[0] if quote.suffix.strip() else ""
        if quote.prefix[-1:].isspace():
            before = ""  # white space between: the document may break the line there
        if quote.suffix[:1].isspace():
            after = ""
        needle = before + exact + after
        high = near + _NEAR + len(needle)
        at = self.raw.find(needle, max(self.body_start, near - _NEAR), high)
        if at == -1 or self.raw.find(needle, at + 1, high) != -1:
            return None  # not there, or twice near: the full comparison decides
        start = at + len(before)
        # The whole context must agree: the hint may be off by more than _NEAR (many
        # captions before), and the same words be another occurrence.
        prefix, suffix = " ".join(quote.prefix.split()), " ".join(quote.suffix.split())
        around = " ".join(self.raw[max(0, start - len(quote.prefix) - 8) : start].split())
        end = start + len(exact)
        after = " ".join(self.raw[end : end + len(suffix) + 8].split())
        if not (around.endswith(prefix) and after.startswith(suffix)):
            return None
        return start, end

    def _quick(self, quote: anchoring.TextQuote, near: int) -> tuple[int, int] | None:
        # Most quotes are found by a plain find of their longest line: near the hint
        # with its whole context agreeing (nearly always), else anywhere, choosing of
        # several occurrences the one whose surroundings fit the context best, then the
        # nearest; then the lines before and after it, with only breaks, white space
        # and pictures between. Building the loose text costs more than 200 of these.
        lines = [line for line in quote.exact.split("\n") if line]
        if not lines:
            return None
        key = max(range(len(lines)), key=lambda i: len(lines[i]))
        longest = lines[key]
        # White space compared loosely by split and join (four times faster here than
        # anchoring.loosened's expression); what else differs goes to the loose search.
        prefix = " ".join(" ".join([quote.prefix, *lines[:key]]).split())
        suffix = " ".join(" ".join([*lines[key + 1 :], quote.suffix]).split())

        def context(at: int) -> tuple[str, str]:
            end = at + len(longest)
            before = " ".join(self.raw[max(0, at - len(prefix) - 8) : at].split())
            return before, " ".join(self.raw[end : end + len(suffix) + 8].split())

        found: list[int] = []
        low, high = max(self.body_start, near - _NEAR), near + _NEAR + len(longest)
        at = self.raw.find(longest, low, high)
        while at != -1 and not found:
            before, after = context(at)
            if before.endswith(prefix) and after.startswith(suffix):
                found.append(at)
            at = self.raw.find(longest, at + 1, high)
        at = -1 if found else self.raw.find(longest, self.body_start)
        while at != -1 and len(found) < _QUICK_OCCURRENCES:
            found.append(at)
            at = self.raw.find(longest, at + 1)
        if not found or len(found) == _QUICK_OCCURRENCES:
            return None
        if len(found) > 1:

            def fit(at: int) -> tuple[int, int]:
                before, after = context(at)
                agreeing = Postfix.similarity(before, prefix) + Prefix.similarity(after, suffix)
                return agreeing, -abs(at - near)

            found = [max(found, key=fit)]
        start, end = found[0], found[0] + len(longest)
        for line in reversed(lines[:key]):
            while start > 0 and self._between(start - 1):
                start -= 1
            if not self.raw.endswith(line, 0, start):
                return None
            start -= len(line)
        for line in lines[key + 1 :]:
            while end < len(self.raw) and self._between(end):
                end += 1
            if not self.raw.startswith(line, end):
                return None
            end += len(line)
        return start, end

    def _between(self, offset: int) -> bool:
        character = self.raw[offset]
        return character.isspace() or character in _BETWEEN_LINES

    def span_of(self, highlight: Highlight, text: str) -> tuple[int, int] | None:
        """The Qt positions (start, end) of ``highlight`` in the document, or None when
        it is not there (a lost highlight, or one the document does not show).
        ``text``: the article's plain text, where the highlight is placed: what is
        looked for is the text at its place (a highlight placed fuzzily keeps the
        words the reader chose as its quote, which the text no longer has)."""
        quote = highlight.text_quote
        if highlight.found and highlight.end <= len(text):
            quote = anchoring.TextQuote(
                text[highlight.start : highlight.end], quote.prefix, quote.suffix
            )
        near = self._hint(highlight.start, len(text))
        span = self._at_hint(quote, near) or self._quick(quote, near)
        if span is None:
            placed = anchoring.find_quote(self.loose, quote, near=near)
            if placed is not None:
                span = placed.start, placed.end
            else:  # over a captioned picture: the caption is in the document only
                span = _first_to_last(self.loose, quote, "\n", near)
            if span is None:
                return None
        return self.to_qt(span[0]), self.to_qt(span[1])

    def spans_of(self, highlights: list[Highlight], text: str) -> dict[int, tuple[int, int]]:
        """``span_of`` for each placed highlight, by highlight id (absent ones left out)."""
        found: dict[int, tuple[int, int]] = {}
        for highlight in highlights:
            if highlight.found:
                span = self.span_of(highlight, text)
                if span is not None:
                    found[highlight.id] = span
        return found

    # --- a selection in the document, in the article's text ---------------------------
    def article_span(self, start: int, end: int, text: str) -> tuple[int, int] | None:
        """The (start, end) offsets in the article's plain text ``text`` of the
        selection from Qt position ``start`` to ``end`` in the document; None when the
        selection is not the article's text (the title, a caption, only white space)."""
        a, b = sorted((self.from_qt(start), self.from_qt(end)))
        while a < b and (self.raw[a].isspace() or self.raw[a] == "\ufffc"):
            a += 1
        while b > a and (self.raw[b - 1].isspace() or self.raw[b - 1] == "\ufffc"):
            b -= 1
        if a >= b:
            return None
        quote = anchoring.describe(self.raw, a, b)
        body = max(1, len(self.raw) - self.body_start)
        near = round(len(text) * max(0, a - self.body_start) / body)
        placed = anchoring.find_quote(text, quote, near=near)
        if placed is not None:
            return placed.start, placed.end
        # A selection over a captioned picture holds the caption, which the plain text
        # has not: its paragraphs are the document's blocks.
        return _first_to_last(text, quote, "\u2029", near)


def _first_to_last(
    haystack: str | anchoring.LooseText, quote: anchoring.TextQuote, separator: str, near: int
) -> tuple[int, int] | None:
    """Where in ``haystack`` a passage over several paragraphs runs when what stands
    between them differs (a picture's caption in one, not in the other): from its first
    paragraph to its last, the paragraphs being ``quote.exact`` split at ``separator``
    ("\\n" in the article's text, U+2029 in the document's). The first is looked for
    with the quote's prefix, near ``near``; the last with its suffix, nearest after the
    first. None when the quote is one paragraph, either is not found or the last comes
    before the first."""
    paragraphs = [p for p in quote.exact.split(separator) if p.strip()]
    if len(paragraphs) < 2:
        return None
    loose = haystack if isinstance(haystack, anchoring.LooseText) else anchoring.LooseText(haystack)
    first = anchoring.find_quote(loose, anchoring.TextQuote(paragraphs[0], quote.prefix), near=near)
    if first is None:
        return None
    last = anchoring.find_quote(
        loose, anchoring.TextQuote(paragraphs[-1], "", quote.suffix), near=first.end
    )
    if last is None or last.start < first.end:
        return None
    return first.start, last.end
