"""Running a search: a parsed query becomes one FTS5 expression plus SQL filters.

Each search word is replaced by the indexed words sharing its match key (see
terms.py), so the index is queried with real words of real articles: ranking is
bm25 over those words (a result page of a query with many matches from candidates:
ranking.py), and snippets and highlights mark the original text.

Chinese, Japanese and Korean runs are indexed as overlapping pairs of letters
(terms.index_text): a search's run is the phrase of its pairs, so it finds the run
inside any longer one, and a lone letter finds every pair it begins (a prefix search)
or ends (the pairs keyed by it in the dictionary). Their matches are marked without
word boundaries: a pair can start and end anywhere in a run.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from newsreader.library import compounds, ranking, search_index, terms
from newsreader.library.db import Database, in_batches
from newsreader.library.query import Filter, Query, Term, parse
from newsreader.library.snippets import (  # noqa: F401 (MATCH_*, IN_*, snippet… re-exported)
    ENDS,
    IN_ALT,
    IN_CAPTION,
    IN_HIGHLIGHT,
    IN_NOTE,
    IN_TAG,
    IN_TEXT,
    MATCH_END,
    MATCH_START,
    NOT_CJK_WORD,
    SNIPPET_CHARS,
    SNIPPET_SEPARATOR,
    SOURCE_MARK,
    STARTS,
    find_matches,
    marked_passage,
    matched_in,
    snippet,
)

# bm25 weights for (title, author, site, text, notes, captions, tags), multiplying how
# often a word is counted in each (FTS5's bm25(); the length of the whole row is what
# normalises). A word in the title counts far more than a passing mention in the body;
# the site (name and host) above the body too. What the reader kept is above the body
# and below the title: a tag (4: the reader's own name for what the article is about),
# a note or highlight (2: they chose them, schema 7) and an image's caption or alt text
# (2: a caption says what the picture shows, often the article's subject, in few words).
BM25_WEIGHTS = (10.0, 3.0, 5.0, 1.0, 2.0, 2.0, 4.0)
# Added to the bm25 rank of an article only a compound finds (Searcher.ranked): FTS5's
# bm25() is never above 0 (better is more negative), so these rank after every article
# the word itself finds, in their own bm25 order.
COMPOUND_RANK = 1000.0
# Query fields (query.TEXT_FIELDS) and the index columns they search.
_COLUMN = {
    "title": "title",
    "author": "author",
    "site": "site",
    "note": "notes",
    "caption": "captions",
    "tag": "tags",
}
# The fields of what the reader kept, and where each one's snippets come from. Their
# words are not marked in the article's text: a tag: search found a tag, not the text.
_KEPT_FIELDS = ("note", "caption", "tag")
_HIGHLIGHT_LIMIT = 1000  # alternatives in the reader's pattern


@dataclass(frozen=True)
class Compiled:
    """A query ready to run: an FTS5 expression (None when only filters or
    exclusions were given), the SQL filters on ``articles a``, and what to mark."""

    match: str | None
    exclude: str | None  # matched words to leave out when there is no match
    where: tuple[str, ...]
    params: tuple
    alternatives: tuple[str, ...]  # regular expressions for what matched, longest first
    # Those of words asked for in a field of what the reader kept (_KEPT_FIELDS), by field.
    kept: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # ``match`` with every search word also finding its compounds (compounds.py), None
    # when no word has any: what ``match`` does not find of it ranks below (ranked()).
    wider: str | None = None
    # The compounds ``wider`` adds (lower case), and regular expressions for the forms
    # of the search words they end in, longest first: snippets find a compound by its
    # head (``_matches``), the reader's pattern lists them (``highlight``).
    compound_words: frozenset[str] = frozenset()
    heads: tuple[str, ...] = ()

    def words_in(self, field: str | None) -> tuple[str, ...]:
        """The regular expressions to mark in ``field`` (None: the article's text),
        longest first."""
        own = dict(self.kept).get(field, ()) if field else ()
        if not own:
            return self.alternatives
        return tuple(sorted({*self.alternatives, *own}, key=len, reverse=True))

    @property
    def empty(self) -> bool:
        return self.match is None and self.exclude is None and not self.where

    @property
    def highlight(self) -> str | None:
        """The matched words as one regular expression (Python and Qt syntax)."""
        if not self.alternatives:
            return None
        # Qt refuses a pattern of some thousands of alternatives (and marks nothing).
        shown = self.alternatives[:_HIGHLIGHT_LIMIT]
        if self.compound_words:  # one alternative, as a trie: however many there are
            shown = (compounds.word_trie(self.compound_words), *shown)
        return f"{STARTS}(?:{'|'.join(shown)}){ENDS}"


def _quoted(words: Sequence[str]) -> str:
    # Tokens are letters and digits only (terms.tokens), so quoting cannot break.
    return '"' + " ".join(words) + '"'


def _lone_cjk(word: str) -> bool:
    """Whether ``word`` is a CJK run of one letter (the index holds pairs otherwise)."""
    return len(word) == 1 and terms.is_cjk(word)


def _phrase_pattern(words: Sequence[str], prefix: bool) -> str:
    """A regular expression for the words of a phrase (or a prefix) as the text has
    them: separated by other characters, except pairs of one CJK run, which overlap
    (茶农 农们 is 茶农们), and a CJK run beside other letters, which may touch them."""
    parts = [re.escape(words[0])]
    for before, word in itertools.pairwise(words):
        if terms.is_cjk(before) and terms.is_cjk(word):
            if len(before) == len(word) == 2 and before[1] == word[0]:
                parts.append(re.escape(word[1]))
                continue
            parts.append(r"[\W_]+")
        elif terms.is_cjk(before) or terms.is_cjk(word):
            parts.append(r"[\W_]*")
        else:
            parts.append(r"[\W_]+")
        parts.append(re.escape(word))
    if prefix and not terms.is_cjk(words[-1]):
        parts.append(NOT_CJK_WORD + "*")
    return "".join(parts)


def _filter_sql(item: Filter) -> tuple[str, list]:
    if item.name == "tag":
        sql = (
            "a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t "
            "ON t.id = at.tag_id WHERE t.name = ?)"
        )
        params = list(item.values)
    elif item.name == "lang":
        sql = f"coalesce(a.language, '') IN ({', '.join('?' * len(item.values))})"
        params = list(item.values)
    elif item.name == "is":
        sql = {
            "unread": "a.state = 'unread'",
            "archived": "a.state = 'archived'",
            "favorite": "a.favorite = 1",
            "read": "a.read_at IS NOT NULL",
            "linkonly": "a.fetch_state IS NOT NULL",
        }[item.values[0]]
        params = []
    elif item.name == "has":
        sql = {
            "highlights": "a.id IN (SELECT article_id FROM highlights)",
            "notes": "(a.id IN (SELECT article_id FROM highlights WHERE note <> '') "
            "OR a.id IN (SELECT article_id FROM article_notes))",
        }[item.values[0]]
        params = []
    else:
        # Published date when the page gave one, else the day it was saved. ISO dates
        # compare as text; after:2017-12 means from December 2017 on.
        operator = ">=" if item.name == "after" else "<"
        sql = f"coalesce(a.published, a.saved_at) {operator} ?"
        params = list(item.values)
    return (f"NOT ({sql})" if item.negated else sql), params


def _without_words(compiled: Compiled) -> tuple[str, tuple]:
    """The SQL condition on ``articles a`` (and its parameters) of a query without
    words to rank by: its filters, and none of the articles its exclusions match."""
    where = "1" + "".join(f" AND {clause}" for clause in compiled.where)
    if compiled.exclude is None:
        return where, compiled.params
    where += " AND a.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
    return where, (*compiled.params, compiled.exclude)


def _facets_join(compiled: Compiled) -> str:
    # The filter columns come from the small covering index: looking each match up in
    # the articles table instead costs 3x as much on a large library.
    if not compiled.where:
        return ""
    return "JOIN articles a INDEXED BY articles_facets ON a.id = f.rowid"


class Searcher:
    """Compiles and runs searches for one library. Thread-safe."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: OrderedDict[tuple, Compiled] = OrderedDict()
        self._lock = threading.Lock()
        self._generation = 0
        # How result pages are bounded (ranking.py); a test may set smaller ones.
        self.bounds = ranking.Bounds()
        # The heaviest completions of the prefixes searched (ranking.Ranker.heaviest),
        # counted by walking each completion's row list (5 ms for all*'s 103): kept,
        # like compiled queries, while the connection's view of the library, its
        # dictionary and its newest article stay the same (a save on this connection
        # changes neither data_version nor, without new words, the dictionary).
        self._completions: dict[tuple, list[str] | None] = {}
        self._completions_of: tuple | None = None

    def dictionary_changed(self) -> None:
        """New words were indexed: expansions compiled before may miss them."""
        with self._lock:
            self._generation += 1
            self._cache.clear()

    # --- compiling --------------------------------------------------------------
    def compile(self, text: str) -> Compiled:
        # data_version changes when another connection (another thread, or the CLI while
        # the window is open) commits: its saves may have brought new word forms.
        changed = self.db.scalar("PRAGMA data_version")
        with self._lock:
            key = (text, self._generation, threading.get_ident(), changed)
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        compiled = self._compile(parse(text))
        with self._lock:
            self._cache[key] = compiled
            while len(self._cache) > 64:
                self._cache.popitem(last=False)
        return compiled

    def _compile(self, query: Query) -> Compiled:
        in_languages = (
            search_index.stored_languages(self.db) if query.groups or query.excluded else []
        )
        text_patterns: list[str] = []
        kept: dict[str, list[str]] = {}
        widened: dict[int, str] = {}  # id(term) → its expression with its compounds
        split: dict[str, str] = {}  # every compound of a marked word → its head

        def expression(term: Term, mark: bool) -> str:
            patterns = (
                kept.setdefault(term.field, []) if term.field in _KEPT_FIELDS else text_patterns
            )
            if term.kind == "word" and _lone_cjk(term.tokens[0]):
                # One CJK letter: the pairs it begins (and itself, alone) by prefix, the
                # pairs it ends by their dictionary key (terms._key).
                letter = term.tokens[0]
                ends = sorted(search_index.expand(self.db, letter, in_languages) - {letter})
                found = [_quoted([letter]) + "*", *(_quoted([w]) for w in ends)]
                inner = "(" + " OR ".join(found) + ")"
                if mark:
                    patterns.append(re.escape(letter))
            elif term.kind == "word":
                found = search_index.expand(self.db, term.tokens[0], in_languages)
                words = sorted(found)
                inner = "(" + " OR ".join(_quoted([w]) for w in words) + ")"
                if mark:
                    patterns.extend(re.escape(w) for w in words)
                    heads: dict[str, str] = {}
                    for language in in_languages:
                        heads.update(compounds.find(self.db, term.tokens[0], language))
                    wider = sorted(set(heads) - found)
                    if wider:
                        split.update((w, heads[w]) for w in wider)
                        both = "(" + " OR ".join(_quoted([w]) for w in words + wider) + ")"
                        widened[id(term)] = (
                            f"{_COLUMN[term.field]} : {both}" if term.field else both
                        )
            else:
                # A phrase ending in a lone CJK letter finds it at the start of a longer
                # run too (2026年 in 2026年度).
                prefix = term.kind == "prefix" or _lone_cjk(term.tokens[-1])
                inner = _quoted(term.tokens) + ("*" if prefix else "")
                if mark:
                    patterns.append(_phrase_pattern(term.tokens, term.kind == "prefix"))
            return f"{_COLUMN[term.field]} : {inner}" if term.field else inner

        expressions = [[expression(term, True) for term in group] for group in query.groups]
        positive = ["(" + " OR ".join(group) + ")" for group in expressions]
        negative = " OR ".join(expression(term, False) for term in query.excluded)
        match = exclude = wider = None
        if positive:
            match = " AND ".join(positive)
            if widened:
                # The same query, each word with its compounds; an excluded word
                # excludes what it excludes in ``match`` (its compounds are not read).
                wider = " AND ".join(
                    "("
                    + " OR ".join(
                        widened.get(id(term), written)
                        for term, written in zip(group, written_group, strict=True)
                    )
                    + ")"
                    for group, written_group in zip(query.groups, expressions, strict=True)
                )
            if negative:
                match = f"({match}) NOT ({negative})"
                if wider is not None:
                    wider = f"({wider}) NOT ({negative})"
        elif negative:
            exclude = negative
        where: list[str] = []
        params: list = []
        for item in query.filters:
            sql, values = _filter_sql(item)
            where.append(sql)
            params.extend(values)
        # Longest first, so that a phrase is marked whole rather than word by word.
        text_patterns.sort(key=len, reverse=True)
        return Compiled(
            match,
            exclude,
            tuple(where),
            tuple(params),
            tuple(text_patterns),
            tuple(
                (name, tuple(sorted(kept[name], key=len, reverse=True)))
                for name in _KEPT_FIELDS
                if kept.get(name)
            ),
            wider,
            frozenset(split),
            tuple(sorted({re.escape(head) for head in split.values()}, key=len, reverse=True)),
        )

    # --- running ----------------------------------------------------------------
    def ranked(
        self, text: str, limit: int | None = None, offset: int = 0
    ) -> list[tuple[int, float]]:
        """(id, rank) of every matching article, best first; lower ranks are better.
        Without words to rank by (only filters), newest saved first, rank 0.

        When a search word has compounds (``Compiled.wider``), the articles that match
        the words themselves come first, then those only a compound finds (``(wider)
        NOT (match)``), each tier in bm25 order: a compound is about its head word less
        surely than the word itself is (an *elbil* article is about cars, not always).
        The second tier's ranks are its bm25 plus COMPOUND_RANK, so that ranks still
        grow down the list. ``limit`` and ``offset`` page through both tiers as one.
        """
        compiled = self.compile(text)
        if compiled.empty:
            return []
        if compiled.match is None:
            return self._filtered(compiled, limit, offset)
        first = self._rank_match(compiled.match, compiled, limit, offset)
        if compiled.wider is None or (limit is not None and len(first) >= limit):
            return first
        # How many the first tier has, to know where in the second this page starts.
        before = offset + len(first) if first else self._count_match(compiled.match, compiled)
        rest = None if limit is None else limit - len(first)
        second = self._rank_match(
            f"({compiled.wider}) NOT ({compiled.match})",
            compiled,
            rest,
            max(0, offset - before),
        )
        return first + [(article_id, rank + COMPOUND_RANK) for article_id, rank in second]

    def _count_match(self, match: str, compiled: Compiled, cap: int | None = None) -> int:
        """How many articles ``_rank_match`` finds for ``match``, without ranking; at
        most ``cap`` (FTS5 reads the matches in order and stops there, so a common word
        then costs no more than a rare one)."""
        filters = "".join(f" AND {clause}" for clause in compiled.where)
        return int(
            self.db.scalar(
                f"""SELECT count(*) FROM (SELECT f.rowid FROM articles_fts f
                    {_facets_join(compiled)} WHERE articles_fts MATCH ? {filters} LIMIT ?)""",
                (match, *compiled.params, -1 if cap is None else cap),
            )
        )

    def _filtered(
        self, compiled: Compiled, limit: int | None, offset: int
    ) -> list[tuple[int, float]]:
        """The articles of a query without words to rank by: newest saved first."""
        where, params = _without_words(compiled)
        rows = self.db.query(
            f"""SELECT a.id, 0.0 FROM articles a WHERE {where}
                ORDER BY a.saved_at DESC, a.id DESC LIMIT ? OFFSET ?""",
            (*params, -1 if limit is None else limit, offset),
        )
        return [(row[0], row[1]) for row in rows]

    def _rank_match(
        self, match: str, compiled: Compiled, limit: int | None, offset: int
    ) -> list[tuple[int, float]]:
        """(id, rank) of the articles the FTS5 expression ``match`` finds that pass
        ``compiled``'s filters, best first by bm25 (BM25_WEIGHTS; lower is better, ties
        to the newer article). ``limit=None``: every match, exactly. With a limit, a
        page of the bounded ranking (ranking.py): exact when at most ``bounds.bound``
        articles match, else ranked from candidates (rare forms, the newest matches,
        matches in the title and other short fields)."""
        return ranking.rank_match(
            self.db,
            match,
            BM25_WEIGHTS,
            compiled.where,
            compiled.params,
            limit,
            offset,
            self.bounds,
            self._prefix_completions() if limit is not None and "*" in match else None,
        )

    def _prefix_completions(self) -> dict[tuple, list[str] | None]:
        """The mapping in which ranking.rank_match keeps prefixes' heaviest completions:
        a new one whenever the library may have changed since the last."""
        changed = self.db.query_one(
            "SELECT (SELECT data_version FROM pragma_data_version), max(id) FROM articles"
        )
        with self._lock:
            of = (self._generation, threading.get_ident(), *(changed or ()))
            if self._completions_of != of:
                self._completions, self._completions_of = {}, of
            return self._completions

    def count(self, text: str, cap: int | None = None) -> int:
        """How many articles ``ranked(text)`` lists (at most ``cap``: a query with words
        stops counting there), counted without ranking them (no bm25, no order): what a
        saved search's view shows beside its name, and how much "did you mean" weighs
        a word. The same
        match, filters and exclusions as ``ranked``, both its tiers (``wider`` finds
        what ``match`` does and the compounds); a change there belongs here too
        (tests/test_saved_searches.py compares the two over many queries)."""
        compiled = self.compile(text)
        if compiled.empty:
            return 0
        if compiled.match is not None:
            return self._count_match(compiled.wider or compiled.match, compiled, cap)
        where, params = _without_words(compiled)
        return int(self.db.scalar(f"SELECT count(*) FROM articles a WHERE {where}", params))

    def snippets(self, text: str, article_ids: Sequence[int]) -> dict[int, str]:
        """The best matching passage of each article's text, matched words (in every
        form that matched) between MATCH_START and MATCH_END. Articles matched by
        filters alone get none.

        When the text has no match but what the reader kept does (their notes: an
        article note, a highlight's note, or the quote of a highlight no longer in
        the text; an image's caption or alt text; the tags), the snippet is made from
        the first of these with a match, in that order, and starts with its source (see
        SOURCE_MARK, ``matched_in``); when none has one (a match in the title), the
        text's opening. A query asking for a field of these (``note:``, ``caption:``,
        ``tag:``) looks there first.

        Made here from the highlight pattern rather than by FTS5's snippet(): that runs
        the whole match again for every article, which for a prefix or a long list of
        forms costs far more than reading 50 texts.
        """
        compiled = self.compile(text)
        if compiled.match is None or not article_ids:
            return {}
        asked = [name for name, _ in compiled.kept]
        order = [*asked, None, *(name for name in _KEPT_FIELDS if name not in asked)]
        found: dict[int, str] = {}
        texts: dict[int, str] = {}
        pending = list(dict.fromkeys(article_ids))
        for field in order:
            words = compiled.words_in(field)
            if not pending or not words:
                continue
            places = self._places(field, pending, texts)
            for article_id, written in places.items():
                for source, value in written:
                    matches = (
                        find_matches(value, words, compiled.compound_words, compiled.heads)
                        if value
                        else []
                    )
                    if matches:
                        mark = "" if field is None else SOURCE_MARK + source + SOURCE_MARK
                        found[article_id] = mark + marked_passage(value, matches)
                        break
            pending = [i for i in pending if i not in found]
        if pending:
            if len(texts) < len(pending):
                self._places(None, [i for i in pending if i not in texts], texts)
            for article_id in pending:
                if article_id in texts:
                    found[article_id] = snippet(texts[article_id], ())
        return found

    def _places(
        self, field: str | None, article_ids: Sequence[int], texts: dict[int, str]
    ) -> dict[int, list[tuple[str, str]]]:
        """Where the articles' snippets may come from for ``field`` (None: the text,
        also kept in ``texts``), as (source, text) in the order they are tried: the
        article's note first, then each highlight's note and quote in reading order;
        each image's caption, then its alt text, in reading order; the tags as a list."""
        places: dict[int, list[tuple[str, str]]] = {}
        for batch, marks in in_batches(article_ids):
            if field is None:
                for row in self.db.query(
                    f"SELECT article_id, text FROM article_texts WHERE article_id IN ({marks})",
                    batch,
                ):
                    texts[row[0]] = row[1]
                    places[row[0]] = [(IN_TEXT, row[1])]
            elif field == "note":
                for row in self.db.query(
                    f"""SELECT article_id, note, '', 0, 0, 0, 0 FROM article_notes
                        WHERE article_id IN ({marks})
                        UNION ALL
                        SELECT article_id, note, quote, 1, text_start IS NULL,
                               coalesce(text_start, 0), id
                        FROM highlights WHERE article_id IN ({marks})
                        ORDER BY 1, 4, 5, 6, 7""",
                    (*batch, *batch),
                ):
                    places.setdefault(row[0], []).extend(
                        [(IN_NOTE, row[1]), (IN_HIGHLIGHT, row[2])]
                    )
            elif field == "caption":
                for row in self.db.query(
                    f"""SELECT article_id, caption, alt FROM images
                        WHERE article_id IN ({marks}) AND (caption <> '' OR alt <> '')
                        ORDER BY article_id, position""",
                    batch,
                ):
                    places.setdefault(row[0], []).extend([(IN_CAPTION, row[1]), (IN_ALT, row[2])])
            else:
                for row in self.db.query(
                    f"""SELECT article_id, group_concat(name, ', ') FROM (
                            SELECT at.article_id AS article_id, g.name AS name
                            FROM article_tags at JOIN tags g ON g.id = at.tag_id
                            WHERE at.article_id IN ({marks})
                            ORDER BY at.article_id, g.name COLLATE NOCASE)
                        GROUP BY article_id""",
                    batch,
                ):
                    places[row[0]] = [(IN_TAG, row[1])]
        return places

    def highlight_pattern(self, text: str) -> str | None:
        """A regular expression (Python and Qt syntax) for the words a search found,
        inflected forms included, to mark them in an article."""
        return self.compile(text).highlight
