"""Did you mean: what a search that finds little was probably meant to be.

A search runs as typed, always; this only offers another query. It is made when the
search finds fewer than FEW articles, for each word of it that finds fewer than FEW on
its own (in its field, if it has one): the word is replaced by the closest word of the
library's vocabulary (the dictionary ``search_terms``) that finds at least MUCH_MORE
times as many articles (any, for a word that finds none). A word that finds some
articles is a word of the library, not a typo: it is only offered its spelling with
near letters (tromso, in one article, for tromsø in twelve), never another word. The
query offered keeps everything else as typed (other words, phrases, fields, filters,
exclusions, OR), and is offered only if it finds more than the search did. Words that
are never corrected: exclusions, prefixes (``mobb*``), filters, words with digits, CJK
(their pairs are not typed letter by letter), single letters.

Close means a small edit distance (Damerau-Levenshtein, optimal string alignment)
where a letter and the letter it is typed as without its marks are near: ø/o, å/a,
æ/ae, ä/a, ö/o, ü/u, é/e, ß/ss, and the German and Danish spellings ä/ae, ö/oe, ü/ue,
ø/oe, å/aa, cost NEAR instead of 1. How many whole edits a word may need follows
Elasticsearch's ``fuzziness: AUTO`` (none up to 2 letters, 1 up to 5, else 2;
https://www.elastic.co/guide/en/elasticsearch/reference/current/common-options.html#fuzziness).
Of the candidates, the closest wins and, among equally close ones, the one found in
the most articles (Norvig, "How to Write a Spelling Corrector": known words at the
smallest distance first, then the most frequent).

Every step is bounded, whatever the library's size. Candidates come from the indexed
``loose`` column (schema 11: terms.loose_key, the word without its marks): the
word's own loose key (only near letters differ), every key one edit away (about 55
index lookups per letter), and for words of 6 letters or more the keys sharing its
first two letters (three, when those are more than SCAN) and within two letters of its
length, at most SCAN of them read: a typo of two edits in the first letters is not
found (as with Lucene's FuzzyQuery ``prefixLength``). At
most CANDIDATES of them are weighed, the TRIED closest counted (each count stops at
FREQUENCY_CAP articles), for at most WORDS words.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from newsreader.library import terms
from newsreader.library.db import Database, in_batches
from newsreader.library.query import FIND, parse, typed_words
from newsreader.library.search import Searcher

FEW = 3  # a search, or a word of it, that finds fewer articles finds "very little"
MUCH_MORE = 10  # a suggested word finds at least this many times as many articles
NEAR = 0.25  # the cost of a near letter (ø for o), where a whole edit costs 1
FREQUENCY_CAP = 1000  # articles counted per candidate at most
SCAN = 5000  # dictionary entries read per word for typos of two edits
CANDIDATES = 64  # candidates weighed per word, closest (as loose keys) first
TRIED = 8  # candidates counted per word, closest first
WORDS = 6  # words of a query looked at, at most

# Two letters typed for one: German and Danish/Norwegian spellings without the letter.
_SPELLED = {"ä": "ae", "ö": "oe", "ü": "ue", "ø": "oe", "å": "aa", "æ": "ae", "œ": "oe"}
_CJK = frozenset(terms.CJK_LETTERS)


@dataclass(frozen=True)
class Correction:
    """One word of the search (as the index holds it: lower case) and the word
    offered instead."""

    typed: str
    suggested: str


@dataclass(frozen=True)
class Suggestion:
    """The query offered (the search as typed with the corrected words replaced,
    keeping their capitals), its corrections in the order typed, and how many articles
    it finds, counted up to FREQUENCY_CAP."""

    query: str
    corrections: tuple[Correction, ...]
    found: int


def allowed_edits(length: int) -> int:
    """Whole edits a word of ``length`` letters may need: Elasticsearch's AUTO."""
    return 0 if length <= 2 else 1 if length <= 5 else 2


@lru_cache(maxsize=4096)
def _spellings(letter: str) -> frozenset[str]:
    """What ``letter`` may be typed as on a keyboard without it, besides itself."""
    found = {terms.loose_key(letter), _SPELLED.get(letter, "")} - {"", letter}
    return frozenset(found)


def _near(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are near letters: one is typed as the other (ø as o),
    or both are typed the same way (ö and ø as o)."""
    ours, theirs = _spellings(a), _spellings(b)
    return a in theirs or b in ours or not ours.isdisjoint(theirs)


def distance(typed: str, word: str) -> float:
    """The weighted edit distance from ``typed`` to ``word`` (lower-case words):
    insertions, deletions, substitutions and swaps of two neighbours cost 1; a near
    letter (one typed as ``terms.loose_key`` or ``_SPELLED`` spell it: ø as o or oe,
    ß as ss) costs NEAR. Optimal string alignment distance, O(len(typed) * len(word))."""
    n, m = len(typed), len(word)
    rows = [[float(j) for j in range(m + 1)]]
    for i in range(1, n + 1):
        row = [float(i)] + [0.0] * m
        a = typed[i - 1]
        for j in range(1, m + 1):
            b = word[j - 1]
            cost = 0.0 if a == b else NEAR if _near(a, b) else 1.0
            best = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a == word[j - 2] and typed[i - 2] == b and a != b:
                best = min(best, rows[i - 2][j - 2] + 1)
            # One letter typed as two (ø as oe, ß as ss), or two meaning one.
            if j > 1 and word[j - 2 : j] in _spellings(a):
                best = min(best, rows[i - 1][j - 2] + NEAR)
            if i > 1 and typed[i - 2 : i] in _spellings(b):
                best = min(best, rows[i - 2][j - 1] + NEAR)
            row[j] = best
        rows.append(row)
    return rows[n][m]


def _edits1(key: str) -> set[str]:
    """Every string one edit (a deletion, swap, substitution or insertion) from
    ``key``, over the ASCII letters (loose keys of Latin words are ASCII) or, for
    other scripts, the key's own letters."""
    letters = string.ascii_lowercase if key.isascii() else "".join(sorted(set(key)))
    splits = [(key[:i], key[i:]) for i in range(len(key) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    found |= {a + c + b[1:] for a, b in splits if b for c in letters}
    found |= {a + c + b for a, b in splits for c in letters}
    found.discard(key)
    return found


def _candidates(db: Database, word: str) -> list[tuple[float, str]]:
    """(distance, word) of the dictionary's words ``word`` may have meant, within its
    allowed edits (``allowed_edits``; near letters add fractions), closest first."""
    key = terms.loose_key(word)
    edits = allowed_edits(len(key))
    keys = [key, *sorted(_edits1(key))] if edits else [key]
    found: dict[str, str] = {}  # word -> its loose key
    for batch, marks in in_batches(keys):
        for row in db.query(
            f"SELECT DISTINCT term, loose FROM search_terms WHERE loose IN ({marks})", batch
        ):
            found[row[0]] = row[1]
    if edits >= 2:
        # The words sharing the first two letters; where those are too many to read
        # (st, be, ge in a large German library), the first three.
        for shared in (2, 3):
            start = key[:shared]
            end = start[:-1] + chr(ord(start[-1]) + 1)
            rows = db.query(
                """SELECT term, loose FROM search_terms
                   WHERE loose >= ? AND loose < ? AND length(loose) BETWEEN ? AND ? LIMIT ?""",
                (start, end, len(key) - 2, len(key) + 2, SCAN),
            )
            if len(rows) < SCAN:
                break
        for row in rows:
            found.setdefault(row[0], row[1])
    found.pop(word, None)
    # The closest by their loose keys first (rapidfuzz's optimal string alignment
    # distance, in C++: a swap is one edit), then weighed.
    near = sorted(
        (OSA.distance(key, loose, score_cutoff=edits), other) for other, loose in found.items()
    )
    weighed = ((distance(word, other), other) for d, other in near[:CANDIDATES] if d <= edits)
    return sorted((d, other) for d, other in weighed if d < edits + 1)


def _correctable(word: str) -> bool:
    return len(word) > 1 and word.isalpha() and not any(c in _CJK for c in word)


def _as_typed(typed: str, word: str) -> str:
    """``word`` with the capitals of ``typed`` (TROMSO → TROMSØ, Tromso → Tromsø)."""
    if len(typed) > 1 and typed.isupper():
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


class Suggester:
    """Finds suggestions in one library (see the module's docstring). Thread-safe as
    its Searcher is: each thread reads with its own connection."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.db = searcher.db

    def _word_count(self, word: str, field: str | None, cap: int) -> int:
        return self.searcher.count(f"{field}:{word}" if field else word, cap)

    def _better(self, word: str, field: str | None, own: int) -> str | None:
        """The closest word of the vocabulary finding MUCH_MORE times the ``own``
        articles ``word`` finds (at least one), None if there is none."""
        needed = max(1, MUCH_MORE * own)
        best: tuple[float, int, str] | None = None
        for close, other in _candidates(self.db, word)[:TRIED]:
            if best is not None and close > best[0]:
                break  # the closest that finds enough wins; farther ones never do
            if own and close >= 1:
                # A word the library holds is a word of it (bil in one article is not
                # a typo of the German bis in twenty): only its spelling with the
                # letters it lacks (tromso for tromsø) is offered in its place.
                break
            found = self._word_count(other, field, FREQUENCY_CAP)
            if found >= needed and (best is None or (close, -found, other) < best):
                best = (close, -found, other)
        return None if best is None else best[2]

    def suggest(self, text: str, found: int | None = None) -> Suggestion | None:
        """A query to offer for the search ``text`` (None: nothing to offer). ``found``
        is how many articles the search found, if the caller knows (else counted here,
        up to FEW). Raises LibraryError as searching does."""
        if not parse(text).groups:
            return None  # filters and exclusions only: no word to correct
        if found is None:
            found = self.searcher.count(text, FEW)
        if found >= FEW:
            return None
        text, words = typed_words(text)
        better: dict[tuple[str, str | None], str | None] = {}
        for typed in words:
            asked = (typed.word, typed.field)
            if typed.role != FIND or asked in better or not _correctable(typed.word):
                continue
            if len(better) >= WORDS:
                break
            own = self._word_count(typed.word, typed.field, FEW)
            better[asked] = self._better(typed.word, typed.field, own) if own < FEW else None
        if not any(better.values()):
            return None
        parts: list[str] = []
        corrections: dict[str, str] = {}
        position = 0
        for typed in words:
            suggested = better.get((typed.word, typed.field)) if typed.role == FIND else None
            if suggested:
                parts += [
                    text[position : typed.start],
                    _as_typed(text[typed.start : typed.end], suggested),
                ]
                position = typed.end
                corrections.setdefault(typed.word, suggested)
        parts.append(text[position:])
        offered = "".join(parts)
        now = self.searcher.count(offered, FREQUENCY_CAP)
        if now <= found:
            return None
        return Suggestion(offered, tuple(Correction(a, b) for a, b in corrections.items()), now)
