"""Ranking the matches of one FTS5 expression by bm25, bounded when only a page is asked.

FTS5's bm25() scores every row a MATCH finds, about 1.3 µs per row and per form
matched, after first walking each phrase's whole list of rows once for its inverse
document frequency (idf). On the 100,000-article benchmark library (docs/benchmarks.md)
``ein`` (7 forms, 67,124 articles) took 94-115 ms to rank for a page of 50, while the
rowid of its 2,000th newest match takes 0.6 ms (FTS5 walks a row list newest first
without reading positions) and ranking only the matches from there on about 10 ms. So a
page is ranked from candidates when the expression matches many articles; everything
else is exact.

``rank_match`` with a ``limit`` (a result page), with ``Bounds`` (defaults below):

1. **Exact below the bound.** The rowid of the ``bound``-th newest match (filters left
   out: see ``Ranker.newest``) is looked up; when there is none, every match is ranked
   (fewer than ``bound`` rows) and the page is the exact bm25 order. That is most
   queries.
2. **Rare forms first** (MaxScore's essential terms: Turtle & Flood 1995, "Query
   evaluation: strategies and optimizations"). bm25 is a sum over the expression's
   phrases of idf x a term-frequency part, each independent of the others; the idf of
   a form in half the articles is near 0 (FTS5 floors it at 1e-6), that of a rare form
   high, so the best articles for a word hold its rare forms (*eins* for ``ein``).
   When the expression is a plain OR of phrases (a word's forms, ``a OR b``; with a
   ``NOT`` part or not, which every pass keeps: its phrases add nothing to the rank of
   a row it lets through), the rarest
   of them, in at most ``selective`` articles together (each counted by walking at most
   that many of its rows), are ranked alone; and, when at most ``common`` of the others
   are common (in more than ``selective`` articles each), ``(others) AND (rare)`` is
   ranked too. That has exactly the phrases of the whole expression, once each, so its
   ranks are the exact ones for every article with a rare form and another; an article
   with rare forms only has its exact rank from the first pass. Every candidate then
   has its exact rank; what is left out is an article with none of the rare forms. With
   more common phrases (``ein``'s six, in 20,000-56,000 articles each) the second pass
   costs as much as the whole ranking, and the first pass's ranks stand (a lower bound:
   they leave out the common forms' share).
3. **Every common form.** When none of a plain OR's phrases is rare and at most
   ``common`` of them are common, the articles holding every one of them (when there
   are at most 2 x ``selective``) are ranked by ``p1 AND p2 …``: the same phrases once
   each, so their exact ranks, and with every form's share they are usually the best
   (for *frauen* and *zeiten* on the benchmark library, all of the exact 50).
4. **Window and head passes**, when no pass above gave exact ranks, or they found fewer
   than ``depth`` articles: bm25 over the ``bound`` newest matches (exact ranks: FTS5
   computes idf and the average length over the whole index whatever rows are asked),
   and, when no pass above ran, over the older matches with a match in the short,
   heavily weighted fields (title, author, site, tags; ranks counted in those fields,
   idf too, so they would jump ahead of exact ones), so that an old article with the
   word in its title is not lost. The head pass is left out for expressions with
   ``NOT`` or a column filter, whose meaning a column filter around them would change,
   and with a prefix (merged again for each pass: see below).

A phrase in no article (the word searched for, when only its other forms are written)
counts in none of these; when every phrase is rare the whole expression has at most
``selective`` matches and is ranked exactly.

A prefix of one word (``inter*``, anywhere in the expression but an excluded part) is
read, for a bounded page, through its heaviest completions (``Ranker.heaviest``): the
index's words it begins that occur most often, until they hold COVER of its
occurrences, at most COMPLETIONS of them (counted by fts5vocab). FTS5 merges the row
lists of every word a prefix begins, positions and all, before it can give a row, and
again for bm25's idf: 10 ms each for ``inter*`` (182 words, 44,028 articles), so ranking
even a window of its newest matches as one phrase took 21 ms, and as the OR of all its
words 18 ms (each word's idf walks its whole row list). The window's bound and ranks
come from the heaviest: the completions carrying most of the prefix's occurrences carry
most of its rank as one phrase, whose term frequency in an article is the sum of theirs
(``inter*``'s 8 heaviest: counted in 3 ms, window ranked in 3-4 ms). What is left out
is an article with only rarer completions, and their share of an article's rank: the
exact order (``limit=None``, deeper pages, and pages below the bound) ranks the prefix
as one phrase, and a page agrees with it less than a word's page does (measured by
benchmarks/search_100k.py).

The filters apply in every pass. The candidates are merged by rank (the lowest an
article got; ties to the newer article) and the page cut from them; when there are
fewer than ``depth`` (filters that few of the newest matches pass), the page is ranked
exactly instead, so that it never comes out short. Which passes run does not depend on
the page asked, so pages at growing offsets are consecutive slices of one order, down to
offset + limit of ``depth``; deeper pages, and ``limit=None`` (the window's whole list,
ranked off the GUI thread), are exact. How close a bounded page is to the exact one is
measured by benchmarks/search_100k.py (the share of the exact top 10 and top 50 found,
per query class).

Never ``rowid IN (…)`` on the index: SQLite runs the MATCH again for every value, idf
included (0.2-2.8 s for 300 rowids on the benchmark library).
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass

from newsreader.library import terms
from newsreader.library.db import Database

# bm25 weights for (title, author, site, text, notes, captions, tags): see search.py.
# Above this many matches (with the filters), a page is ranked from candidates: the
# newest 2,000 rank in 3-10 ms on the benchmark library, every match of a very common
# word in 50-115 ms.
BOUND = 2000
# The deepest page end ranked from candidates (4 pages of 50); deeper pages are exact.
DEPTH = 200
# The rare phrases ranked alone in the selective pass hold at most this many articles
# together (a phrase's count is found by walking at most this many of its rows: 0.2-0.4
# ms for a common word).
SELECTIVE = 2500
# The others are ranked with the rare ones, for their exact ranks, when at most this
# many of them are common (each in more than SELECTIVE articles): their idf walks their
# whole row lists, and their many positions are read for every rare row. ``ein``'s six
# forms in 20,000-56,000 articles each took 15 ms with the 1,864 rows of *eins*;
# ``lange``'s and ``erste``'s four 5-12 ms.
COMMON = 4
# A plain OR of more phrases than this (a lone CJK letter's pairs) is not split: each
# phrase's count walks up to SELECTIVE rows.
SPLIT_PHRASES = 64
# The short fields a head pass looks in (index columns), weighted 10, 3, 5 and 4.
HEAD_COLUMNS = "{title author site tags}"

# A bounded page reads a prefix through its completions that hold this share of its
# occurrences, at most COMPLETIONS of them (``Ranker.heaviest``): on the benchmark
# library ``inter*``'s 8 most frequent of 182 hold 41%, ``all*``'s 8 of 103 79%. More
# cost more (each word's idf walks its row list) and agreed no better with the prefix
# ranked as one phrase: 16 took 11.6 / 10.8 ms for a page of all* / inter*, 8 9.9 / 8.0.
COVER = 0.9
COMPLETIONS = 8
# Prefixes whose heaviest completions a caller's mapping keeps (emptied when full).
COMPLETIONS_KEPT = 256
# The index's words with their counts (fts5vocab's "row" table): a temporary table.
VOCABULARY = "temp.articles_fts_vocabulary"

_PREFIX_IN = re.compile(r'"(\w+)"\*')
_PHRASE = re.compile(r'"[^"]*"\*?')
_PLAIN_OR = re.compile(r'"[^"]*"\*?(?: OR "[^"]*"\*?)*')


@dataclass(frozen=True)
class Bounds:
    """How a page is bounded: ``bound`` (matches from which candidates are ranked),
    ``depth`` (the deepest page end ranked that way; each pass gives that many
    candidates), ``selective`` (articles the rare phrases may hold together) and
    ``common`` (common phrases ranked with the rare ones, or for every common form),
    ``cover`` and ``completions`` (a prefix's completions read for a page: the most
    frequent, until they hold ``cover`` of its occurrences, at most ``completions``).
    See the module's docstring. Tests make them small."""

    bound: int = BOUND
    depth: int = DEPTH
    selective: int = SELECTIVE
    common: int = COMMON
    cover: float = COVER
    completions: int = COMPLETIONS


def plain_phrases(match: str) -> list[str] | None:
    """The phrases of ``match`` when it is a plain OR of phrases (brackets aside), as
    search.Searcher writes them (``"word"``, ``"two words"``, ``"prefix"*``); else None."""
    bare = match.replace("(", "").replace(")", "")
    if not _PLAIN_OR.fullmatch(bare):
        return None
    return _PHRASE.findall(bare)


def without_exclusion(match: str) -> tuple[str, str | None]:
    """(positive, excluded): ``match`` split at a ``NOT`` outside any brackets (as
    search.Searcher writes ``(words) NOT (excluded)``); excluded is None without one."""
    depth = 0
    for position, letter in enumerate(match):
        if letter == "(":
            depth += 1
        elif letter == ")":
            depth -= 1
        elif depth == 0 and match.startswith(" NOT ", position):
            return match[:position], match[position + len(" NOT ") :]
    return match, None


class Ranker:
    """bm25 ranking of one match expression with SQL filters on ``articles a``."""

    def __init__(
        self,
        db: Database,
        weights: Sequence[float],
        where: Sequence[str],
        params: Sequence,
        bounds: Bounds,
        completions: MutableMapping[tuple, list[str] | None] | None = None,
    ) -> None:
        self.db = db
        # ``heaviest``'s answers, kept by the caller while the index does not change.
        self.completions = {} if completions is None else completions
        self.weights = ", ".join(str(w) for w in weights)
        self.filters = "".join(f" AND {clause}" for clause in where)
        self.params = tuple(params)
        self.bounds = bounds
        # The filter columns come from the small covering index: looking each match up
        # in the articles table instead costs 3x as much on a large library.
        self.join = "JOIN articles a INDEXED BY articles_facets ON a.id = f.rowid" if where else ""

    def _rows(self, match: str, condition: str = "", extra: tuple = (), limit: int = -1):
        # Ties go to the newer article by id: ids grow as articles are saved, and reading
        # saved_at for every match would cost a row lookup each.
        return self.db.query(
            f"""SELECT f.rowid, bm25(articles_fts, {self.weights}) AS rank
                FROM articles_fts f {self.join}
                WHERE articles_fts MATCH ?{condition}{self.filters}
                ORDER BY rank, f.rowid DESC
                LIMIT ?""",
            (match, *extra, *self.params, limit),
        )

    def exact(self, match: str, limit: int | None, offset: int) -> list[tuple[int, float]]:
        rows = self.db.query(
            f"""SELECT f.rowid, bm25(articles_fts, {self.weights}) AS rank
                FROM articles_fts f {self.join}
                WHERE articles_fts MATCH ?{self.filters}
                ORDER BY rank, f.rowid DESC
                LIMIT ? OFFSET ?""",
            (match, *self.params, -1 if limit is None else limit, offset),
        )
        return [(row[0], row[1]) for row in rows]

    def newest(self, match: str, position: int) -> int | None:
        """The rowid of the ``position``-th newest match (1: the newest), filters left
        out, None when there are fewer matches. Without the filters FTS5 walks its row
        lists alone, newest first; with them every row would be looked up in the
        articles table (a selective filter walked 10,000 rows, 13-20 ms, for 2,000)."""
        row = self.db.query_one(
            """SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?
               ORDER BY rowid DESC LIMIT 1 OFFSET ?""",
            (match, position - 1),
        )
        return None if row is None else row[0]

    def _articles_with(self, phrases: Sequence[str], most: int) -> list[int]:
        """How many articles hold each of ``phrases``, counted up to ``most + 1``; in one
        statement (a word may have 16 forms)."""
        if not phrases:
            return []
        count = (
            "(SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?))"
        )
        row = self.db.query_one(
            f"SELECT {', '.join([count] * len(phrases))}",
            [value for phrase in phrases for value in (phrase, most + 1)],
        )
        return [int(value) for value in row]

    def split(self, match: str) -> tuple[list[str], list[str], int] | None:
        """(rare, others, common): the phrases of a plain OR expression of two or more
        split into the rarest ones, held by at most ``bounds.selective`` articles
        together (possibly none or all), and the others (a phrase in no article is in
        neither), with how many of those are common (each in more than
        ``bounds.selective`` articles, or a prefix); None when the expression is not a
        plain OR of 2 to SPLIT_PHRASES phrases."""
        phrases = plain_phrases(match)
        if not phrases or not 2 <= len(phrases) <= SPLIT_PHRASES:
            return None
        most = self.bounds.selective
        # A prefix's rows are merged from every word it begins before the first can be
        # read: counting them costs as much as ranking them. It stays with the common.
        indexes = [i for i, phrase in enumerate(phrases) if not phrase.endswith("*")]
        counts = self._articles_with([phrases[i] for i in indexes], most)
        counted = sorted(zip(counts, indexes, strict=True))
        common = len(phrases) - sum(1 for count, _ in counted if count <= most)
        # A phrase in no article (the word searched for, when only its other forms are
        # written) adds nothing to any rank, and would empty an AND of every phrase.
        absent = {index for count, index in counted if not count}
        rare: set[int] = set()
        total = 0
        for count, index in counted:
            if total + count > most:
                break
            if count:
                rare.add(index)
                total += count
        return (
            [p for i, p in enumerate(phrases) if i in rare],
            [p for i, p in enumerate(phrases) if i not in rare and i not in absent],
            common,
        )

    def heaviest(self, prefix: str) -> list[str] | None:
        """The index's words that ``prefix`` begins which carry most of its occurrences:
        by how often each occurs (fts5vocab), the most frequent until they hold
        ``bounds.cover`` of them all, at most ``bounds.completions``; None for a CJK
        prefix or one that begins no word of the index.

        A prefix's bm25 counts every completion's occurrences as one phrase's, so the
        completions that occur most carry most of its rank; FTS5 merges the row lists
        of every completion (positions too) before it can give a row, and again for
        bm25's idf (see the module's docstring for the measured costs)."""
        key = (prefix, self.bounds.cover, self.bounds.completions)
        if key not in self.completions:
            if len(self.completions) >= COMPLETIONS_KEPT:
                self.completions.clear()
            self.completions[key] = self._heaviest(prefix)
        return self.completions[key]

    def _heaviest(self, prefix: str) -> list[str] | None:
        if terms.is_cjk(prefix[0]):
            return None
        # fts5vocab stores nothing: a temporary table over the index, made once per
        # connection (the library's file is not written, so a read-only one can too).
        # Counting walks each completion's row list without merging them: 3-5x less
        # than one merge of the prefix on the benchmark library (de*'s 781 words 43 ms
        # against 148, a*'s 4,901 162 ms against 565), which an exact page does twice.
        self.db.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCABULARY} "
            "USING fts5vocab(main, articles_fts, row)"
        )
        rows = self.db.query(
            f"SELECT term, cnt FROM {VOCABULARY} WHERE term >= ? AND term < ?",
            (prefix, prefix + "\U0010ffff"),
        )
        if not rows:
            return None
        counted = sorted(((int(row[1]), row[0]) for row in rows), key=lambda c: (-c[0], c[1]))
        total = sum(count for count, _ in counted)
        words: list[str] = []
        held = 0
        for count, word in counted:
            if len(words) >= self.bounds.completions or held >= self.bounds.cover * total:
                break
            words.append(word)
            held += count
        return words

    def through_heaviest(self, expression: str) -> str | None:
        """``expression`` with each prefix of one word (``"inter"*``) written as the OR
        of its heaviest completions (``heaviest``), or None when it has no such prefix."""
        replaced = False

        def written(found: re.Match[str]) -> str:
            nonlocal replaced
            words = self.heaviest(found.group(1))
            if words is None:
                return found.group(0)
            replaced = True
            return "(" + " OR ".join(f'"{word}"' for word in words) + ")"

        rewritten = _PREFIX_IN.sub(written, expression)
        return rewritten if replaced else None

    def bounded(self, match: str, limit: int, offset: int) -> list[tuple[int, float]]:
        """A page of ``rank_match`` with a limit (the module's docstring)."""
        bound, deepest = self.bounds.bound, self.bounds.depth
        if offset + limit > deepest:
            return self.exact(match, limit, offset)
        # An excluded part's phrases never match a row it lets through, so they add
        # nothing to its rank: every pass below keeps it.
        positive, excluded = without_exclusion(match)

        def kept(expression: str) -> str:
            return expression if excluded is None else f"({expression}) NOT {excluded}"

        # A prefix is read through its heaviest completions (the module's docstring).
        heavy = self.through_heaviest(positive)
        window = match if heavy is None else kept(heavy)
        oldest = self.newest(window, bound)
        if oldest is None:
            return self.exact(match, limit, offset)
        found: dict[int, float] = {}

        def add(rows) -> None:
            # The lowest rank an article gets: a pass with fewer phrases gives it a
            # share of its score, never more (bm25 adds a non-negative part per phrase).
            for row in rows:
                rank = found.get(row[0])
                found[row[0]] = row[1] if rank is None else min(rank, row[1])

        split = self.split(positive) if heavy is None else None
        exact_ranks = False  # whether a pass below gave candidates their exact ranks
        if split is not None and not split[1]:
            # Every phrase is rare: at most ``selective`` matches in all.
            return self.exact(match, limit, offset)
        if split is not None and split[0]:
            rare, others = (" OR ".join(part) for part in split[:2])
            add(self._rows(kept(rare), limit=deepest))
            if split[2] <= self.bounds.common:
                add(self._rows(kept(f"({others}) AND ({rare})"), limit=deepest))
            exact_ranks = True
        elif split is not None and len(split[1]) <= self.bounds.common:
            # Common forms only: the articles with every one of them, whose ranks are
            # exact (the same phrases, once each) and the highest when they are few.
            every = " AND ".join(split[1])
            most = 2 * self.bounds.selective
            if self._articles_with([every], most)[0] <= most:
                add(self._rows(kept(every), limit=deepest))
                exact_ranks = True
        if not exact_ranks or len(found) < deepest:
            add(self._rows(window, " AND f.rowid >= ?", (oldest,), deepest))
            # The head pass's ranks count the head fields alone (their idf too): beside
            # exact ranks of the passes above they would jump ahead of them. A prefix's
            # rows are merged again for every query that reads them (10-20 ms for a
            # common one): the head pass would be a third time.
            if not exact_ranks and not any(mark in match for mark in (" NOT ", ":", "*")):
                head = f"{HEAD_COLUMNS} : ({match})"
                add(self._rows(head, " AND f.rowid < ?", (oldest,), deepest))
        if len(found) < deepest:
            # Selective filters left too few of the newest matches: the page must not
            # come out short while older matches pass them.
            return self.exact(match, limit, offset)
        order = sorted(found.items(), key=lambda item: (item[1], -item[0]))
        return order[offset : offset + limit]


def rank_match(
    db: Database,
    match: str,
    weights: Sequence[float],
    where: Sequence[str],
    params: Sequence,
    limit: int | None,
    offset: int,
    bounds: Bounds,
    completions: MutableMapping[tuple, list[str] | None] | None = None,
) -> list[tuple[int, float]]:
    """(id, rank) of the articles ``match`` (an FTS5 expression) finds that pass the SQL
    filters ``where`` (on ``articles a``, with ``params``), best first by bm25 with
    ``weights`` (lower ranks are better; ties to the newer article). With ``limit=None``
    every match, exactly; with a limit, a page ranked as the module's docstring says.
    ``completions``: a mapping the caller keeps (and empties when the index changes) in
    which a prefix's heaviest completions are kept from one page to the next."""
    ranker = Ranker(db, weights, where, params, bounds, completions)
    if limit is None:
        return ranker.exact(match, None, offset)
    return ranker.bounded(match, limit, offset)
