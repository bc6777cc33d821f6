"""Snippets: the passage of a text where a search's words are, the words marked.

Made from the search's highlight patterns (``Compiled.alternatives``: regular
expressions for the matched word forms, longest first) rather than by FTS5's
snippet(), which runs the whole match again for every article. Word boundaries are the
index's (SQLite's unicode61 tokenizer, with CJK runs split at every letter: see
terms.index_text), so a match never begins or ends inside a word, except beside a CJK
letter; a CJK letter is two columns wide on screen (East Asian Width "W").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from newsreader.library import terms

# Marks around matched words in search snippets: control characters that cannot
# occur in extracted text, turned into bold, brackets or offsets by the caller.
MATCH_START = "\x02"
MATCH_END = "\x03"
# Where a snippet was found when it is not the article's text: a snippet of the
# reader's own notes, of a caption or of the tags starts with SOURCE_MARK, the source
# (IN_NOTE, IN_HIGHLIGHT, IN_CAPTION, IN_ALT, IN_TAG) and SOURCE_MARK again.
# ``matched_in`` splits it off; SearchHit carries it apart.
SOURCE_MARK = "\x01"
IN_TEXT = "text"  # the article's text (or its title only: the text's opening is shown)
IN_NOTE = "note"  # a note of the reader's, on a highlight or on the article
IN_HIGHLIGHT = "highlight"  # a highlight's quote no longer in the text (or not as quoted)
IN_CAPTION = "caption"  # an image's caption
IN_ALT = "alt"  # an image's alt text (its description for those who cannot see it)
IN_TAG = "tag"  # the article's tags

SNIPPET_CHARS = 180  # about 25 words
SNIPPET_SEPARATOR = " · "  # where a snippet crosses a break between blocks of the text
_SNIPPET_LEAD = 40  # context before the first match in a snippet
# Matches looked at per text when choosing the passage: the first 64 (400 before; the
# 50 best articles for a very common word hold 3,200 matches of it, 20 ms to mark).
_SNIPPET_MATCHES = 64
_SCAN_FIRST = 8192  # characters of a text scanned first for matches (see _matches)

# Word boundaries as the index sees them: a match must not begin or end inside a run of
# letters, except where the letter on its side of the edge is CJK (terms.CJK_LETTERS),
# which the index splits at every letter, and from letters of other scripts. Literal
# characters, not escapes, so that Qt's regular expressions read the class too.
CJK = terms.CJK_LETTERS
NOT_CJK_WORD = f"[^\\W{CJK}]"  # a letter, digit or _ that is not CJK
STARTS = f"(?:(?=[{CJK}])|(?<!{NOT_CJK_WORD}))"
ENDS = f"(?:(?<=[{CJK}])|(?!{NOT_CJK_WORD}))"
CJK_LETTER = re.compile(f"[{CJK}]")


@lru_cache(maxsize=64)
def _scanner(alternatives: tuple[str, ...], ignore_case: bool = False) -> re.Pattern[str]:
    # The highlight pattern without its leading look-behind, which stops Python's
    # regular expressions from skipping ahead to a possible first letter (3x slower);
    # snippet() checks the word start itself. The words are lower-case, and scanning a
    # lower-cased text is 3-4x faster than asking for IGNORECASE.
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(f"(?:{'|'.join(alternatives)}){ENDS}", flags)


def _at_word_start(text: str, match: re.Match[str]) -> bool:
    start = match.start()
    if start == 0 or CJK_LETTER.match(text, start):
        return True
    before = text[start - 1]
    return not (before.isalnum() or before == "_") or CJK_LETTER.match(before) is not None


def _between_cjk(text: str, position: int) -> bool:
    """Whether a CJK letter is on either side of ``position`` (0 < position <
    len(text)): a snippet may begin or end there, as those runs have no spaces."""
    return CJK_LETTER.match(text, position - 1) is not None or (
        CJK_LETTER.match(text, position) is not None
    )


def matched_in(marked: str) -> tuple[str, str]:
    """(source, snippet) of a snippet from ``Searcher.snippets``: IN_TEXT, IN_NOTE,
    IN_HIGHLIGHT, IN_CAPTION, IN_ALT or IN_TAG, and the snippet without its source
    mark."""
    if marked.startswith(SOURCE_MARK):
        end = marked.find(SOURCE_MARK, 1)
        if end > 0:
            return marked[1:end], marked[end + 1 :]
    return IN_TEXT, marked


class _Span(NamedTuple):
    """Where a compound is in a text, found by its head: ``start()`` and ``end()`` as
    an re.Match has them."""

    begins: int
    ends: int

    def start(self) -> int:
        return self.begins

    def end(self) -> int:
        return self.ends


Found = re.Match[str] | _Span


def find_matches(
    text: str,
    words: Sequence[str],
    compound_words: frozenset[str] = frozenset(),
    heads: Sequence[str] = (),
) -> list[Found]:
    """The matches of ``words`` (as in ``snippet``) in ``text``, first to last, at most
    _SNIPPET_MATCHES; and of ``compound_words``, found where one of ``heads`` ends a
    longer word (a regular expression of a hundred compounds, all tried at every
    letter, made a page's snippets 10x slower: 70 ms for German *Arbeit* at 100,000
    articles; the heads are a few forms of the search word).

    The text is lower-cased and scanned from its start in growing pieces
    (_SCAN_FIRST characters, then four times as many each time), so that the first
    matches of a common word in a long article cost a piece, not the whole text (at
    100,000 articles the best 50 for ``ein`` hold 650,000 characters). A match is taken
    from a piece only when the text goes on after it: the character after it, which
    says whether the word ends there, must be in the piece."""
    matches: list[Found] = []
    asked = tuple(words)
    alternatives = asked + tuple(h for h in heads if h not in asked) if compound_words else asked
    if not alternatives:
        return matches
    size, position = _SCAN_FIRST, 0
    while True:
        whole = size >= len(text)
        part = text if whole else text[:size]
        lower = part.lower()
        if len(lower) == len(part):  # offsets in one are offsets in the other
            scanner, subject = _scanner(alternatives), lower
            plain = _scanner(asked) if alternatives != asked and asked else None
        else:  # a letter whose lower case is longer (İ): match the text itself
            scanner, subject = _scanner(alternatives, ignore_case=True), part
            plain = _scanner(asked, True) if alternatives != asked and asked else None
        while len(matches) < _SNIPPET_MATCHES:
            match = scanner.search(subject, position)
            if match is None or (not whole and match.end() >= len(part)):
                break
            if _at_word_start(text, match):
                # A head alone is a match only when it is also one of ``words``.
                if plain is None or plain.match(subject, match.start()):
                    matches.append(match)
                    position = match.end()
                    continue
            elif compound_words:
                start = _word_start(text, match.start())
                if subject[start : match.end()].lower() in compound_words:
                    matches.append(_Span(start, match.end()))
                    position = match.end()
                    continue
            # Inside a word: a real match may start within what it covered.
            position = match.start() + 1
        if whole or len(matches) >= _SNIPPET_MATCHES:
            return matches
        size *= 4


def _word_start(text: str, position: int) -> int:
    """Where the word around ``position`` begins (letters and digits not CJK)."""
    while position > 0 and (text[position - 1].isalnum() or text[position - 1] == "_"):
        if CJK_LETTER.match(text, position - 1):
            break
        position -= 1
    return position


def _start_of_passage(text: str, first: int) -> int:
    """Where a passage whose first match starts at ``first`` begins: _SNIPPET_LEAD
    columns before it (a CJK letter takes two, see ``_end_of_passage``)."""
    start = max(0, first - _SNIPPET_LEAD)
    if text[start:first].isascii() or CJK_LETTER.search(text, start, first) is None:
        return start
    columns, start = 0, first
    while start > 0 and columns < _SNIPPET_LEAD:
        start -= 1
        columns += 2 if CJK_LETTER.match(text, start) else 1
    return start


def _end_of_passage(text: str, start: int, width: int) -> int:
    """Where a passage of ``width`` columns from ``start`` ends: a CJK letter takes two
    columns, as it does on screen (East Asian Width "W"), so that a Chinese snippet says
    about as much as a Norwegian one, not twice as much."""
    end = min(len(text), start + width)
    if text[start:end].isascii() or CJK_LETTER.search(text, start, end) is None:
        return end
    columns, end = 0, start
    while end < len(text) and columns < width:
        columns += 2 if CJK_LETTER.match(text, end) else 1
        end += 1
    return end


def snippet(text: str, words: Sequence[str], width: int = SNIPPET_CHARS) -> str:
    """The passage of ``text`` about ``width`` characters long with the most distinct
    matches of ``words`` (regular expressions for lower-case words, as in
    ``Compiled.alternatives``), the earliest such, matches marked; the opening of the
    text when nothing matches (a match in the title only)."""
    return marked_passage(text, find_matches(text, words), width)


def marked_passage(text: str, matches: Sequence[Found], width: int = SNIPPET_CHARS) -> str:
    start = 0
    if matches:
        # Slide a window along the matches, each in turn first, counting what is inside
        # (each distinct form by a number: plain lists are 3x faster than a Counter).
        starts = [m.start() for m in matches]
        ends = [m.end() for m in matches]
        numbers: dict[str, int] = {}
        forms = [
            numbers.setdefault(text[a:b].casefold(), len(numbers))
            for a, b in zip(starts, ends, strict=True)
        ]
        counts = [0] * len(numbers)
        count = len(matches)
        best, best_score, last, distinct = 0, (0, 0), 0, 0
        for i in range(count):
            limit = starts[i] - _SNIPPET_LEAD + width
            while last < count and ends[last] <= limit:
                form = forms[last]
                if not counts[form]:
                    distinct += 1
                counts[form] += 1
                last += 1
            score = (distinct, last - i)
            if score > best_score:
                best, best_score = i, score
            if last > i:
                form = forms[i]
                counts[form] -= 1
                if not counts[form]:
                    distinct -= 1
        start = _start_of_passage(text, matches[best].start())
    end = _end_of_passage(text, start, width)
    # Whole words only: widen to the word boundaries either side.
    while start > 0 and not (text[start - 1].isspace() or _between_cjk(text, start)):
        start -= 1
    while end < len(text) and not (text[end].isspace() or _between_cjk(text, end)):
        end += 1
    parts: list[str] = ["…"] if start > 0 else []
    position = start
    for match in matches:
        if match.start() >= start and match.end() <= end:
            parts += [
                text[position : match.start()],
                MATCH_START,
                text[match.start() : match.end()],
            ]
            parts.append(MATCH_END)
            position = match.end()
    parts.append(text[position:end])
    if end < len(text):
        parts.append("…")
    # A line or paragraph break (a heading, a list item) becomes SNIPPET_SEPARATOR, so a
    # heading does not run into the paragraph after it; other white space, one space.
    lines = (line.split() for line in "".join(parts).split("\n"))
    return SNIPPET_SEPARATOR.join(" ".join(words) for words in lines if words)
