"""Search over a library of 100,000 articles: latency of a result page, the naive LIKE
scan beside it, index size and rebuild throughput.

    .venv/bin/python benchmarks/search_100k.py [--articles N] [--library DIR] [--rebuild]
        [--skip-rebuild] [--repeat R] [--like-repeat L] [--full-repeat F] [--corpus DIR]
        [--json PATH]

The library is the one window_100k.py uses (bench_library.py): the real pages of
../shared/corpus extracted by the app's extractor, saved as themselves and then as varied
copies (15-25% of the paragraphs dropped, some swapped, " #c" titles, own hosts, dates
over seven years, tags and states in fixed shares) until there are N articles (default
100,000). It is cached in /tmp and reused; ``--rebuild`` builds it again.

Queries. A fixed list, chosen from the originals in the library (ids 1..pages: the
extracted corpus pages) by a seeded RNG (``QUERY_SEED``) over sorted candidates, so the
same corpus always gives the same list. A word's document frequency (df) is the share of
originals whose title or text holds it (as the index tokenizes). Title words are what
people remember of an article; they are alphabetic and 4+ letters long.

- very common: 3 of the 20 words with the highest df (function words: und, die, in);
- common: 3 title words with df in (10%, 40%]; medium: 5 with df in (1%, 10%];
  rare: 4 of 6+ letters in exactly one original; other languages: 3 title words
  (df <= 10%, 5+ letters) of originals in neither German nor English;
- two words: the first pair of adjacent title words (df <= 40%, only a space between
  them) in random titles, until there are 5;
- phrases: 4 runs of three adjacent words (letters only, only spaces between them, one
  of 5+ letters) of a random paragraph of a random original, as written, quoted; and one
  more pair of adjacent title words, quoted;
- prefixes: the first 5 letters of 3 medium words (7+ letters) and the first 3 of a
  common one, with *;
- filters: lang:, is:, tag:, after:/before:, site: (the host of a random original, with
  a word of its title), title:, -exclusion and OR, each with words from the bands
  above, and two filter-only queries (``tag:longread`` is a word field since schema 10);
- compounds: 4 head words of compounds: alphabetic words of 4+ letters, df <= 10%, in
  the originals of a language that writes compounds as one word (COMPOUNDING) and ending
  at least 3 longer words of those originals (4+ letters before them);
- CJK: 3 runs of 2-4 letters taken at random places of the originals' CJK runs of 4+
  letters (the library has one Chinese original and its copies; none are chosen, and
  the tables say so, when there is no such text).

Classes (issue 16): single word (medium, rare, other languages), common word (very
common and common), two words, phrase, prefix, filter, compound, CJK; p50/p95/max of
all calls of each class's queries (nearest rank), against TARGET_P95_MS. The pass with
filters: every query with words and no filter of its own, plus one of ADDED_FILTERS in
turn (``is:unread``, ``lang:de``, ``tag:politics``), timed the same way.

Agreement: a result page with many matches is ranked from candidates
(newsreader/library/ranking.py), ``search_ids(q)`` without a limit ranks every match
exactly. Per query the share of the exact top 10 and top 50 on the page
(``search_ids(q, limit=50)``), and whether the page is the exact one; per class their
means, the lowest top-50 share and how many pages are exact. Nothing found either way
counts as full agreement.

Timing. Each query runs once to warm up. Then R rounds (``--repeat``, default 5) run
every query in turn, so that the machine's noise spreads over all of them; each timed
call is ``Library.search(q, limit=50)`` (ranking, then snippets and summaries of the top
50: one result page) after clearing the searcher's cache of compiled queries, so every
call compiles its query as a new search does. p50 and p95 are nearest-rank percentiles
over all Q x R timed calls; per query the median of its R. A second pass times the parts
(compiling, ``search_ids`` for 50, ``snippets``, ``summaries``) on their own.

Baseline, same run: a plain ``LIKE`` scan, as wallabag searches, for every query with
words: each word, phrase or prefix becomes ``(a.title LIKE '%w%' OR t.text LIKE '%w%')``
(title:, author:, site: look at that column only, tag: at the tags' names; a CJK run
as written), AND-ed, OR-ed and NOT-ed as the query says, plus the same SQL filters;
newest first, first 50. It finds no inflections, ranks nothing and makes no snippets,
so it does less than the search; and since it stops at the 50th hit, newest first, a
word in many articles is found after a few rows. L rounds (``--like-repeat``, default
3), interleaved the same way. The ratio is LIKE/search, per query (of medians) and
overall (p50 of all LIKE calls over p50 of all search calls for the same queries).
Beside it, F rounds (``--full-repeat``, default 1; 0 leaves it out) of every match: the
scan without a limit against ``search_ids(q)`` without a limit, which is what the
window's list asks for.

Index size: SQLite's dbstat table, the FTS5 shadow tables (articles_fts_data, _idx,
_docsize, _config) plus the word dictionary (search_terms and its index), against the
UTF-8 bytes of article_texts.text. Rebuild: ``Library.reindex`` over the whole library,
once (``--skip-rebuild`` leaves it out); the index size and the search timings are taken
again after it.

Figures print; a JSON summary prints at the end (or goes to --json PATH). Nothing is
asserted. The page cache is warm: the texts are read once (for their size) first.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import random
import sqlite3
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_library import DEFAULT_ARTICLES, default_library, ensure_library

QUERY_SEED = 20240611
PAGE = 50  # results on a page
TARGET_P50_MS = 10.0
TARGET_P95_MS = 20.0  # issue 16: every class's p95, with and without filters
# The query classes of issue 16, by the kinds the queries are chosen as.
CLASSES = {
    "very common word": "common word",
    "common word": "common word",
    "medium word": "single word",
    "rare word": "single word",
    "other language": "single word",
    "two words": "two words",
    "phrase": "phrase",
    "prefix": "prefix",
    "filter": "filter",
    "compound": "compound",
    "CJK": "CJK",
}
CLASS_ORDER = tuple(dict.fromkeys(CLASSES.values()))
# Added in turn to each query with words for the pass with filters.
ADDED_FILTERS = ("is:unread", "lang:de", "tag:politics")
# Languages that write compounds as one word (issue 16 item 3).
COMPOUNDING = ("de", "nb", "nn", "no", "da", "sv", "nl")
FTS_TABLES = (
    "articles_fts_data",
    "articles_fts_idx",
    "articles_fts_docsize",
    "articles_fts_config",
)
DICTIONARY_TABLES = ("search_terms", "search_terms_key")


# --- choosing the queries -------------------------------------------------------------------
def _originals(library, pages: int) -> list[dict]:
    rows = library.db.query(
        "SELECT a.id, a.title, a.language, a.host, t.text FROM articles a "
        "JOIN article_texts t ON t.article_id = a.id WHERE a.id <= ? ORDER BY a.id",
        (pages,),
    )
    return [dict(row) for row in rows]


def _is_word(token: str, length: int) -> bool:
    return token.isalpha() and len(token) >= length


class _Picker:
    """Seeded draws without repeats from sorted candidate lists."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used: set[str] = set()

    def take(self, candidates, count: int = 1) -> list[str]:
        pool = [c for c in sorted(set(candidates)) if c not in self.used]
        chosen = self.rng.sample(pool, min(count, len(pool)))
        self.used.update(chosen)
        return chosen

    def one(self, candidates, default: str) -> str:
        found = self.take(candidates)
        return found[0] if found else default


def choose_queries(originals: list[dict]) -> list[tuple[str, str]]:
    """(kind, query) pairs by the rule in the module's docstring."""
    from newsreader.library.terms import tokens

    pick = _Picker(QUERY_SEED)
    total = len(originals)
    df: Counter[str] = Counter()
    title_words: set[str] = set()
    for row in originals:
        df.update(set(tokens(f"{row['title']} {row['text']}")))
        title_words.update(w for w in tokens(row["title"]) if _is_word(w, 4))

    def band(low: float, high: float) -> list[str]:
        return [w for w in title_words if low < df[w] / total <= high]

    common, medium = band(0.10, 0.40), band(0.01, 0.10)
    rare = [w for w in title_words if df[w] == 1 and len(w) >= 6]
    top = [w for w, _ in sorted(df.items(), key=lambda i: (-i[1], i[0])) if w.isalpha()][:20]
    other = [
        w
        for row in originals
        if row["language"] not in ("de", "en")
        for w in tokens(row["title"])
        if _is_word(w, 5) and df[w] / total <= 0.10
    ]
    queries: list[tuple[str, str]] = []
    queries += [("very common word", w) for w in pick.take(top, 3)]
    queries += [("common word", w) for w in pick.take(common, 3)]
    queries += [("medium word", w) for w in pick.take(medium, 5)]
    queries += [("rare word", w) for w in pick.take(rare, 4)]
    queries += [("other language", w) for w in pick.take(other, 3)]
    queries += [("two words", q) for q in _title_pairs(originals, pick, df, total, 5)]
    queries += [("phrase", q) for q in _phrases(originals, pick, 4)]
    title_phrase = _title_pairs(originals, pick, df, total, 1)
    queries += [("phrase", f'"{q}"') for q in title_phrase]
    long_medium = [w for w in medium if len(w) >= 7 and w not in pick.used]
    prefixes = {w[:5] for w in pick.rng.sample(sorted(long_medium), min(3, len(long_medium)))}
    queries += [("prefix", f"{p}*") for p in sorted(prefixes)]
    queries += [("prefix", f"{pick.one(common, 'zeit')[:3]}*")]
    queries += [("filter", q) for q in _filter_queries(originals, pick, common, medium)]
    queries += [("compound", w) for w in _compound_heads(originals, pick, df, total, 4)]
    queries += [("CJK", q) for q in _cjk_words(originals, pick, 3)]
    return queries


def _compound_heads(originals, pick: _Picker, df, total: int, count: int) -> list[str]:
    """Head words of compounds: alphabetic words of 4+ letters with df <= 10% in the
    originals of a compounding language (COMPOUNDING) that end at least 3 longer words
    of the same originals' vocabulary, each with 4+ letters before the head."""
    from newsreader.library.terms import tokens

    vocabulary: set[str] = set()
    for row in originals:
        if row["language"] in COMPOUNDING:
            vocabulary.update(w for w in tokens(f"{row['title']} {row['text']}") if w.isalpha())
    by_ending: Counter[str] = Counter()
    for word in vocabulary:
        for cut in range(4, len(word) - 3):
            by_ending[word[cut:]] += 1
    heads = [w for w in vocabulary if len(w) >= 4 and by_ending[w] >= 3 and df[w] / total <= 0.10]
    return pick.take(heads, count)


def _cjk_words(originals, pick: _Picker, count: int) -> list[str]:
    """Runs of 2-4 CJK letters at random places in the originals' CJK runs of 4+
    letters (none when the library holds no such text)."""
    import re

    from newsreader.library.terms import CJK_LETTERS

    runs = sorted(
        {run for row in originals for run in re.findall(f"[{CJK_LETTERS}]{{4,}}", row["text"])}
    )
    found: list[str] = []
    for _ in range(100 * count):
        if not runs or len(found) == count:
            break
        run = pick.rng.choice(runs)
        length = pick.rng.randint(2, 4)
        start = pick.rng.randrange(len(run) - length + 1)
        word = run[start : start + length]
        if word not in pick.used:
            pick.used.add(word)
            found.append(word)
    return found


def with_filters(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each query with words and no filter of its own, with one of ADDED_FILTERS in
    turn (the pass with filters)."""
    from newsreader.library.query import parse

    added = []
    for kind, q in pairs:
        parsed = parse(q)
        if kind == "filter" or parsed.filters or not parsed.groups:
            continue
        added.append((kind, f"{q} {ADDED_FILTERS[len(added) % len(ADDED_FILTERS)]}"))
    return added


def _plain_words(text: str) -> list[str]:
    """The text split at whitespace: a word with punctuation attached is not plain."""
    return text.split()


def _title_pairs(originals, pick: _Picker, df, total: int, count: int) -> list[str]:
    """Two adjacent words of a title, nothing between them but a space."""
    found: list[str] = []
    order = pick.rng.sample(range(len(originals)), len(originals))
    for index in order:
        words = [w.lower() for w in _plain_words(originals[index]["title"])]
        for a, b in itertools.pairwise(words):
            ok = all(_is_word(w, 4) and df[w] / total <= 0.40 for w in (a, b))
            if ok and f"{a} {b}" not in pick.used:
                pick.used.add(f"{a} {b}")
                found.append(f"{a} {b}")
                break
        if len(found) == count:
            break
    return found


def _phrases(originals, pick: _Picker, count: int) -> list[str]:
    """Three adjacent words of a paragraph as written (case kept), quoted."""
    found: list[str] = []
    for _ in range(1000 * count):
        if len(found) == count:
            break
        row = originals[pick.rng.randrange(len(originals))]
        paragraphs = [p for p in row["text"].split("\n\n") if len(_plain_words(p)) >= 8]
        if not paragraphs:
            continue
        words = _plain_words(pick.rng.choice(paragraphs))
        start = pick.rng.randrange(len(words) - 2)
        run = words[start : start + 3]
        phrase = '"' + " ".join(run) + '"'
        plain = all(w.isalpha() for w in run) and any(len(w) >= 5 for w in run)
        if plain and phrase not in pick.used:
            pick.used.add(phrase)
            found.append(phrase)
    return found


def _filter_queries(originals, pick: _Picker, common, medium) -> list[str]:
    from newsreader.library.terms import tokens

    def word(band: list[str], fallback: str = "zeit") -> str:
        return pick.one(band, fallback)

    medium_words = set(medium)

    def in_language(language: str) -> list[str]:
        return [
            w
            for row in originals
            if row["language"] == language
            for w in tokens(row["title"])
            if w in medium_words
        ]

    hosted = [r for r in originals if r["host"] and not r["host"].endswith(".invalid")]
    sites = []
    for row in pick.rng.sample(hosted, min(2, len(hosted))):
        title = [w for w in tokens(row["title"]) if _is_word(w, 5)]
        sites.append(f"site:{row['host']} {pick.one(title, word(medium))}")
    return [
        f"lang:en {word(in_language('en'), 'people')}",
        f"lang:de {word(in_language('de'), 'zeit')}",
        f"is:archived {word(common)}",
        f"is:unread {word(medium)}",
        f"is:favorite {word(common)}",
        f"tag:politics {word(medium)}",
        f"after:2022 {word(medium)}",
        f"before:2021-06 {word(common)}",
        *sites,
        f"{word(common)} -{word(common)}",
        f"title:{word(medium)}",
        f"{word(medium)} OR {word(medium)}",
        "tag:longread",
        "is:favorite after:2024",
    ]


# --- the naive baseline ---------------------------------------------------------------------
def like_sql(library, text: str, limit: int | None = PAGE) -> tuple[str, list] | None:
    """The LIKE scan for a query with words, or None for a filters-only query."""
    from newsreader.library.query import parse
    from newsreader.library.terms import is_cjk

    query = parse(text)
    if not (query.groups or query.excluded):
        return None
    params: list = []

    def written(tokens) -> str:
        # A CJK run is searched as its overlapping pairs (英勇 勇担 担当): LIKE wants the run.
        pairs = len(tokens) > 1 and all(is_cjk(t) and len(t) == 2 for t in tokens)
        if pairs and all(a[1] == b[0] for a, b in itertools.pairwise(tokens)):
            return tokens[0] + "".join(t[1] for t in tokens[1:])
        return " ".join(tokens)

    def term_sql(term) -> str:
        pattern = "%" + written(term.tokens) + "%"
        if term.field == "site":  # site: and host, whose dots the tokens lost
            params.extend(["%" + "%".join(term.tokens) + "%"] * 2)
            return "(a.site LIKE ? OR a.host LIKE ?)"
        if term.field == "tag":  # a word of a tag's name (schema 10)
            params.append(pattern)
            return (
                "a.id IN (SELECT at.article_id FROM article_tags at JOIN tags g "
                "ON g.id = at.tag_id WHERE g.name LIKE ?)"
            )
        if term.field in ("title", "author"):
            params.append(pattern)
            return f"a.{term.field} LIKE ?"
        params.extend([pattern, pattern])
        return "(a.title LIKE ? OR t.text LIKE ?)"

    clauses = ["(" + " OR ".join(term_sql(t) for t in group) + ")" for group in query.groups]
    clauses += [f"NOT {term_sql(t)}" for t in query.excluded]
    compiled = library.searcher.compile(text)
    clauses += list(compiled.where)
    params += list(compiled.params)
    sql = (
        "SELECT a.id FROM articles a JOIN article_texts t ON t.article_id = a.id "
        f"WHERE {' AND '.join(clauses)} ORDER BY a.saved_at DESC, a.id DESC"
    )
    return (sql + (f" LIMIT {limit}" if limit else "")), params


# --- measuring ------------------------------------------------------------------------------
def _ms(began: float) -> float:
    return (time.perf_counter() - began) * 1000


def percentile(values: list[float], fraction: float) -> float:
    """Nearest rank: the smallest value with at least ``fraction`` of all at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def match_counts(library, queries: list[str]) -> dict[str, dict]:
    """Every match of each query, and how the first page of hits looks."""
    from newsreader.library.search import MATCH_START

    found = {}
    for q in queries:
        hits = library.search(q, limit=PAGE)
        found[q] = {
            "matches": len(library.search_ids(q)),
            "page_hits": len(hits),
            "unmarked_snippets": sum(1 for h in hits if MATCH_START not in h.snippet),
        }
    return found


def agreement(library, queries: list[str]) -> dict[str, dict]:
    """How close each result page (``search_ids(q, limit=50)``, ranked from candidates
    when many articles match) is to the exact bm25 order (``search_ids(q)`` without a
    limit ranks every match): the shares of the exact top 10 and top 50 on the page, and
    whether the page is the exact one, in the same order."""
    found = {}
    for q in queries:
        exact = [i for i, _ in library.search_ids(q)][:PAGE]
        page = [i for i, _ in library.search_ids(q, limit=PAGE)]
        found[q] = {
            # Nothing found either way is full agreement.
            "top10": len(set(page[:10]) & set(exact[:10])) / len(exact[:10]) if exact else 1.0,
            "top50": len(set(page) & set(exact)) / len(exact) if exact else 1.0,
            "exact": page == exact,
        }
    return found


def by_class(pairs, samples: dict[str, list[float]], agree: dict[str, dict]) -> dict:
    """p50/p95/max of all calls of each class's queries, and their mean and lowest
    agreement with the exact order."""
    classes = {}
    for name in CLASS_ORDER:
        queries = [q for kind, q in pairs if CLASSES[kind] == name]
        if not queries:
            classes[name] = {"queries": 0}
            continue
        pooled = [ms for q in queries for ms in samples[q]]
        classes[name] = {
            "queries": len(queries),
            "p50_ms": percentile(pooled, 0.50),
            "p95_ms": percentile(pooled, 0.95),
            "max_ms": max(pooled),
            "top10": statistics.mean(agree[q]["top10"] for q in queries),
            "top50": statistics.mean(agree[q]["top50"] for q in queries),
            "lowest_top50": min(agree[q]["top50"] for q in queries),
            "exact_pages": sum(1 for q in queries if agree[q]["exact"]),
        }
    return classes


def print_class_table(title: str, classes: dict, absent: str) -> None:
    print()
    print(title)
    print(
        f"{'class':<13} {'queries':>7} {'p50':>7} {'p95':>7} {'max':>6}  {'p95 target':<17} "
        f"{'top10':>6} {'top50':>6} {'lowest':>6} {'exact pages':>11}"
    )
    for name, row in classes.items():
        if not row["queries"]:
            print(f"{name:<13} {0:>7}  no such queries ({absent})")
            continue
        print(
            f"{name:<13} {row['queries']:>7} {row['p50_ms']:>5.1f}ms {row['p95_ms']:>5.1f}ms "
            f"{row['max_ms']:>4.0f}ms  {_met(row['p95_ms'], TARGET_P95_MS):<17} "
            f"{row['top10']:>6.0%} {row['top50']:>6.0%} {row['lowest_top50']:>6.0%} "
            f"{row['exact_pages']:>5} of {row['queries']:<3}"
        )
    print(
        "top10/top50: mean share of the exact bm25 top 10 / top 50 (every match ranked) on "
        "the page; lowest: the lowest top-50 share; exact pages: pages equal to the exact "
        "order."
    )


def time_searches(library, queries: list[str], repeat: int) -> dict[str, list[float]]:
    for q in queries:  # warm-up
        library.search(q, limit=PAGE)
    samples: dict[str, list[float]] = {q: [] for q in queries}
    for _ in range(repeat):
        for q in queries:
            library.searcher.dictionary_changed()  # compile afresh, as a new search does
            began = time.perf_counter()
            library.search(q, limit=PAGE)
            samples[q].append(_ms(began))
    return samples


def time_parts(library, queries: list[str], repeat: int) -> dict[str, dict[str, float]]:
    """Median ms of each step of a result page, per query."""
    parts: dict[str, dict[str, list[float]]] = {
        q: {"compile": [], "search_ids": [], "snippets": [], "summaries": []} for q in queries
    }
    for _ in range(repeat):
        for q in queries:
            steps = parts[q]
            library.searcher.dictionary_changed()
            began = time.perf_counter()
            library.searcher.compile(q)
            steps["compile"].append(_ms(began))
            began = time.perf_counter()
            ids = [i for i, _ in library.search_ids(q, limit=PAGE)]
            steps["search_ids"].append(_ms(began))
            began = time.perf_counter()
            library.snippets(q, ids)
            steps["snippets"].append(_ms(began))
            began = time.perf_counter()
            library.summaries(ids)
            steps["summaries"].append(_ms(began))
    return {q: {k: statistics.median(v) for k, v in steps.items()} for q, steps in parts.items()}


def time_like(library, queries: list[str], repeat: int) -> dict[str, dict]:
    """The LIKE scan for the first page: {query: {"ms": [...], "hits": n}}."""
    plans = {q: like_sql(library, q) for q in queries}
    plans = {q: plan for q, plan in plans.items() if plan is not None}
    samples: dict[str, list[float]] = {q: [] for q in plans}
    hits: dict[str, int] = {}
    for _ in range(repeat):
        for q, (sql, params) in plans.items():
            began = time.perf_counter()
            rows = library.db.query(sql, params)
            samples[q].append(_ms(began))
            hits[q] = len(rows)
    return {q: {"ms": samples[q], "hits": hits[q]} for q in plans}


def time_every_match(library, queries: list[str], repeat: int) -> dict[str, dict]:
    """Every match, as the window's list asks: ``search_ids(q)`` without a limit beside
    the LIKE scan without a limit, in turn, for each query with words."""
    plans = {q: like_sql(library, q, limit=None) for q in queries}
    plans = {q: plan for q, plan in plans.items() if plan is not None}
    found = {q: {"search_ms": [], "like_ms": []} for q in plans}
    for _ in range(repeat):
        for q, (sql, params) in plans.items():
            library.searcher.dictionary_changed()
            began = time.perf_counter()
            found[q]["matches"] = len(library.search_ids(q))
            found[q]["search_ms"].append(_ms(began))
            began = time.perf_counter()
            found[q]["like_matches"] = len(library.db.query(sql, params))
            found[q]["like_ms"].append(_ms(began))
    return found


def text_size(library) -> dict[str, int]:
    """UTF-8 bytes of the article texts (reading them all warms the page cache), and of
    everything the index holds (title, author, site and host, text)."""
    text = library.db.scalar("SELECT sum(length(CAST(text AS BLOB))) FROM article_texts")
    indexed = library.db.scalar(
        "SELECT sum(length(CAST(title AS BLOB)) + coalesce(length(CAST(author AS BLOB)), 0) "
        "+ length(CAST(site AS BLOB)) + length(CAST(text AS BLOB))) FROM article_search"
    )
    return {"text_bytes": int(text or 0), "indexed_bytes": int(indexed or 0)}


def index_size(library) -> dict:
    """Bytes of the FTS5 shadow tables and the word dictionary, by dbstat; or, where
    dbstat is not compiled in, by the pages that deleting them frees (rolled back)."""
    try:
        rows = library.db.query("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")
        by_table = {name: int(size) for name, size in rows}
        method = "dbstat"
    except Exception:
        by_table = _freed_pages(library)
        method = "pages freed by emptying the index and dictionary, rolled back; no dbstat"
    fts = sum(by_table.get(t, 0) for t in FTS_TABLES)
    dictionary = sum(by_table.get(t, 0) for t in DICTIONARY_TABLES)
    page_size = library.db.scalar("PRAGMA page_size")
    pages = library.db.scalar("PRAGMA page_count")
    return {
        "method": method,
        "fts_bytes": fts,
        "dictionary_bytes": dictionary,
        "index_bytes": fts + dictionary,
        "database_bytes": int(page_size * pages),
        "tables": dict(sorted(by_table.items(), key=lambda item: -item[1])),
    }


def _freed_pages(library) -> dict[str, int]:
    conn = library.db.connection
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    sizes = {}
    conn.execute("BEGIN IMMEDIATE")
    try:
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")
        after_fts = conn.execute("PRAGMA freelist_count").fetchone()[0]
        conn.execute("DELETE FROM search_terms")
        after_terms = conn.execute("PRAGMA freelist_count").fetchone()[0]
        sizes["articles_fts_data"] = (after_fts - free) * page_size
        sizes["search_terms"] = (after_terms - after_fts) * page_size
    finally:
        conn.rollback()
    return sizes


def rebuild(library, text_bytes: int) -> dict:
    shown = [-1]

    def progress(done: int, total: int) -> None:
        tenth = done * 10 // max(total, 1)
        if tenth != shown[0]:
            shown[0] = tenth
            print(f"  reindexed {done:,}/{total:,} ({_ms(began) / 1000:.0f} s)", flush=True)

    began = time.perf_counter()
    count = library.reindex(progress)
    seconds = _ms(began) / 1000
    return {
        "articles": count,
        "seconds": seconds,
        "articles_per_s": count / seconds,
        "text_mb_per_s": text_bytes / 1e6 / seconds,
    }


# --- summing up -----------------------------------------------------------------------------
def summarise(samples: dict[str, list[float]]) -> dict:
    pooled = [ms for values in samples.values() for ms in values]
    medians = {q: statistics.median(v) for q, v in samples.items()}
    slowest = max(medians, key=medians.get)
    return {
        "calls": len(pooled),
        "p50_ms": percentile(pooled, 0.50),
        "p95_ms": percentile(pooled, 0.95),
        "max_ms": max(pooled),
        "p50_of_query_medians_ms": percentile(list(medians.values()), 0.50),
        "p95_of_query_medians_ms": percentile(list(medians.values()), 0.95),
        "slowest_query": slowest,
        "slowest_query_median_ms": medians[slowest],
        "medians": medians,
    }


def compare(fts: dict[str, list[float]], like: dict[str, list[float]]) -> dict:
    """LIKE against the search over the same queries: p50 over p50 of all calls, and
    the ratios of the per-query medians."""
    fts_pooled = [ms for q in like for ms in fts[q]]
    like_pooled = [ms for q in like for ms in like[q]]
    ratios = {q: statistics.median(like[q]) / statistics.median(fts[q]) for q in like}
    return {
        "queries": len(like),
        "like_p50_ms": percentile(like_pooled, 0.50),
        "like_p95_ms": percentile(like_pooled, 0.95),
        "search_p50_ms": percentile(fts_pooled, 0.50),
        "search_p95_ms": percentile(fts_pooled, 0.95),
        "ratio_p50": percentile(like_pooled, 0.50) / percentile(fts_pooled, 0.50),
        "ratio_p95": percentile(like_pooled, 0.95) / percentile(fts_pooled, 0.95),
        "median_of_query_ratios": statistics.median(ratios.values()),
        "min_query_ratio": min(ratios.values()),
        "queries_where_like_is_faster": sum(1 for r in ratios.values() if r < 1),
        "ratios": ratios,
    }


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), load {load}; "
        f"Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}"
    )


def _met(value: float, target: float) -> str:
    return f"≤ {target:g} ms " + ("met" if value <= target else "MISSED")


def _times(ratio: float) -> str:
    return f"{ratio:.1f}×" if ratio < 10 else f"{ratio:.0f}×"


def _shown(query: str, width: int = 40) -> str:
    return query if len(query) <= width else query[: width - 1] + "…"


def print_page_table(queries, counts, fts, parts, agree) -> None:
    print()
    print("Result pages: Library.search(q, limit=50), median and slowest of the rounds; the")
    print("parts timed on their own (medians): compile, search_ids(limit=50), snippets, summaries.")
    print(
        f"{'kind':<17} {'query':<40} {'matches':>8} {'search':>8} {'max':>7}   "
        f"{'compile':>7} {'ids':>7} {'snippets':>8} {'summ':>6} {'top10':>5} {'top50':>5}"
    )
    for kind, q in queries:
        step = parts[q]
        line = (
            f"{kind:<17} {_shown(q):<40} {counts[q]['matches']:>8,} "
            f"{statistics.median(fts[q]):>6.1f}ms {max(fts[q]):>5.0f}ms   "
            f"{step['compile']:>5.1f}ms {step['search_ids']:>5.1f}ms "
            f"{step['snippets']:>6.1f}ms {step['summaries']:>4.1f}ms "
            f"{agree[q]['top10']:>5.0%} {agree[q]['top50']:>5.0%}"
        )
        if counts[q]["unmarked_snippets"]:
            line += f"  {counts[q]['unmarked_snippets']}/{counts[q]['page_hits']} unmarked"
        print(line)
    print(
        "'n/50 unmarked': hits on the page whose snippet marks no word (snippets come from the "
        "text; these hits matched in the title, site or author only, or by filters alone). "
        "top10/top50: share of the exact bm25 top 10 / top 50 on the page."
    )


def print_baseline_table(queries, fts, like, every) -> None:
    print()
    print("Baseline: the LIKE scan, first page (newest 50) and every match; search beside it.")
    print(
        f"{'kind':<17} {'query':<40} {'page: LIKE':>10} {'search':>8} {'ratio':>6} "
        f"{'hits':>5}   {'all: LIKE':>9} {'ids':>8} {'ratio':>6} {'LIKE n':>7} {'matches':>8}"
    )
    for kind, q in queries:
        if q not in like:
            continue
        like_ms, fts_ms = statistics.median(like[q]["ms"]), statistics.median(fts[q])
        line = (
            f"{kind:<17} {_shown(q):<40} {like_ms:>8.1f}ms {fts_ms:>6.1f}ms "
            f"{_times(like_ms / fts_ms):>6} {like[q]['hits']:>5}"
        )
        if q in every:
            all_like = statistics.median(every[q]["like_ms"])
            all_fts = statistics.median(every[q]["search_ms"])
            line += (
                f"   {all_like:>7.0f}ms {all_fts:>6.1f}ms {_times(all_like / all_fts):>6} "
                f"{every[q]['like_matches']:>7,} {every[q]['matches']:>8,}"
            )
        print(line)
    print(
        "page: LIKE = median of the scan for the newest 50 (it stops at the 50th hit); search "
        "= the result page above; hits = rows LIKE found (<= 50). all: the scan without a "
        "limit against search_ids(q) without a limit (what the window's list asks); LIKE n "
        "and matches = what each found (LIKE: substrings, no inflections)."
    )


def _summary_rows(result: dict) -> list[tuple[str, str, str]]:
    fts, like = result["search"], result["like"]
    size, texts = result["index"], result["texts"]
    mb = 1e6
    rows = [
        (
            "result page p50 (all calls)",
            f"{fts['p50_ms']:.1f} ms",
            _met(fts["p50_ms"], TARGET_P50_MS),
        ),
        (
            "result page p95 (all calls)",
            f"{fts['p95_ms']:.1f} ms",
            _met(fts["p95_ms"], TARGET_P95_MS),
        ),
        (
            "with filters added: p50 / p95",
            f"{result['filtered']['p50_ms']:.1f} / {result['filtered']['p95_ms']:.1f} ms",
            _met(result["filtered"]["p95_ms"], TARGET_P95_MS)
            + f"; slowest {result['filtered']['slowest_query']}",
        ),
        (
            "classes with p95 over the target",
            ", ".join(
                f"{name} {row['p95_ms']:.0f}"
                for source in ("classes", "filtered_classes")
                for name, row in result[source].items()
                if row["queries"] and row["p95_ms"] > TARGET_P95_MS
            )
            or "none",
            "(ms; filtered ones twice if both)",
        ),
        (
            "  p50 / p95 of the per-query medians",
            f"{fts['p50_of_query_medians_ms']:.1f} / {fts['p95_of_query_medians_ms']:.1f} ms",
            "",
        ),
        ("  slowest call", f"{fts['max_ms']:.0f} ms", ""),
        (
            "  slowest query (median)",
            f"{fts['slowest_query_median_ms']:.0f} ms",
            fts["slowest_query"],
        ),
        (
            f"LIKE, first page, p50 ({like['queries']} queries)",
            f"{like['like_p50_ms']:.1f} ms",
            f"search p50 on the same queries {like['search_p50_ms']:.1f} ms",
        ),
        (
            "  LIKE / search, p50 over p50",
            _times(like["ratio_p50"]),
            f"p95 over p95 {_times(like['ratio_p95'])}",
        ),
        (
            "  LIKE / search, per query",
            f"median {_times(like['median_of_query_ratios'])}",
            f"lowest {like['min_query_ratio']:.2f}×; LIKE faster on "
            f"{like['queries_where_like_is_faster']} of {like['queries']}",
        ),
    ]
    every = result.get("every_match")
    if every:
        rows += [
            (
                "every match: search_ids p50 / p95",
                f"{every['search_p50_ms']:.1f} / {every['search_p95_ms']:.0f} ms",
                "no limit, as the window's list",
            ),
            (
                "  LIKE without a limit p50 / p95",
                f"{every['like_p50_ms']:.0f} / {every['like_p95_ms']:.0f} ms",
                f"LIKE / search p50 over p50 {_times(every['ratio_p50'])}, per query median "
                f"{_times(every['median_of_query_ratios'])}",
            ),
        ]
    biggest = ", ".join(
        f"{name} {value / mb:,.0f}" for name, value in list(size["tables"].items())[:5]
    )
    rows += [
        (
            "text (article_texts.text, UTF-8)",
            f"{texts['text_bytes'] / mb:,.0f} MB",
            f"all indexed columns {texts['indexed_bytes'] / mb:,.0f} MB",
        ),
        (
            "index: FTS5 + dictionary",
            f"{size['index_bytes'] / mb:,.0f} MB",
            f"{size['index_bytes'] / texts['text_bytes']:.1%} of the text ({size['method']})",
        ),
        (
            "  FTS5 shadow tables",
            f"{size['fts_bytes'] / mb:,.0f} MB",
            f"{size['fts_bytes'] / texts['text_bytes']:.1%} of the text",
        ),
        (
            "  word dictionary (search_terms)",
            f"{size['dictionary_bytes'] / mb:,.1f} MB",
            f"{size['dictionary_bytes'] / texts['text_bytes']:.1%} of the text",
        ),
        ("database", f"{size['database_bytes'] / mb:,.0f} MB", f"largest (MB): {biggest}"),
    ]
    build = result["library"]
    rows.append(
        (
            "library build (extract + save)",
            f"{build['build_seconds']:.0f} s",
            f"{build['articles'] / build['build_seconds']:.0f} articles/s"
            + (" (cached from an earlier run)" if result["library_cached"] else ""),
        )
    )
    if result.get("rebuild"):
        rebuilt = result["rebuild"]
        after, again = result["index_after_rebuild"], result["search_after_rebuild"]
        rows += [
            (
                "rebuild (Library.reindex)",
                f"{rebuilt['seconds']:.0f} s",
                f"{rebuilt['articles_per_s']:,.0f} articles/s, "
                f"{rebuilt['text_mb_per_s']:.1f} MB of text/s",
            ),
            (
                "  index after the rebuild",
                f"{after['index_bytes'] / mb:,.0f} MB",
                f"{after['index_bytes'] / texts['text_bytes']:.1%} of the text",
            ),
            (
                "  result page p50 / p95 after it",
                f"{again['p50_ms']:.1f} / {again['p95_ms']:.1f} ms",
                f"slowest query {again['slowest_query']} {again['slowest_query_median_ms']:.0f} ms",
            ),
        ]
    return rows


def print_summary(result: dict) -> None:
    print()
    print(
        f"Search over {result['library']['articles']:,} articles "
        f"({result['library']['pages']} extracted corpus pages, varied copies); "
        f"{len(result['queries'])} queries × {result['repeat']} rounds "
        f"(LIKE {result['like_repeat']}, every match {result['full_repeat']})"
    )
    print(result["machine"])
    for name, value, note in _summary_rows(result):
        print(f"{name:<40} {value:>16}  {note}".rstrip())


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--library", type=Path, help="cached library folder")
    parser.add_argument("--rebuild", action="store_true", help="build the library again")
    parser.add_argument("--skip-rebuild", action="store_true", help="do not time Library.reindex")
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds of the searches")
    parser.add_argument("--like-repeat", type=int, default=3, help="timed rounds of LIKE")
    parser.add_argument(
        "--full-repeat", type=int, default=1, help="rounds of every-match timing (0: none)"
    )
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--json", type=Path, help="write the results here, not to stdout")
    return parser.parse_args()


def measure(library, args: argparse.Namespace, info: dict, result: dict) -> None:
    result["texts"] = text_size(library)
    result["index"] = index_size(library)
    pairs = choose_queries(_originals(library, info["pages"]))
    queries = [q for _, q in pairs]
    print(f"{len(queries)} queries; counting their matches …", flush=True)
    counts = match_counts(library, queries)
    print(f"timing result pages ({args.repeat} rounds) …", flush=True)
    fts = time_searches(library, queries, args.repeat)
    parts = time_parts(library, queries, args.repeat)
    agree = agreement(library, queries)
    filtered_pairs = with_filters(pairs)
    filtered = [q for _, q in filtered_pairs]
    print(f"timing {len(filtered)} queries with a filter added ({args.repeat} rounds) …")
    filtered_fts = time_searches(library, filtered, args.repeat)
    filtered_agree = agreement(library, filtered)
    print(f"timing LIKE for the first page ({args.like_repeat} rounds) …", flush=True)
    like = time_like(library, queries, args.like_repeat)
    every = {}
    if args.full_repeat > 0:
        print(f"timing every match, search and LIKE ({args.full_repeat} rounds) …", flush=True)
        every = time_every_match(library, queries, args.full_repeat)
    print_page_table(pairs, counts, fts, parts, agree)
    print_baseline_table(pairs, fts, like, every)
    classes = by_class(pairs, fts, agree)
    filtered_classes = by_class(filtered_pairs, filtered_fts, filtered_agree)
    print_class_table(
        "Per class: Library.search(q, limit=50), p50/p95/max of all calls (nearest rank)",
        classes,
        "the library holds no text for them",
    )
    print_class_table(
        "With filters: each query with words plus " + ", ".join(ADDED_FILTERS) + " in turn",
        filtered_classes,
        "the filter queries have filters of their own",
    )
    result.update(
        repeat=args.repeat,
        like_repeat=args.like_repeat,
        full_repeat=args.full_repeat,
        search=summarise(fts),
        classes=classes,
        filtered=summarise(filtered_fts),
        filtered_classes=filtered_classes,
        filtered_queries=[
            {"kind": kind, "query": q, "search_ms": filtered_fts[q], **filtered_agree[q]}
            for kind, q in filtered_pairs
        ],
        like=compare(fts, {q: v["ms"] for q, v in like.items()}),
        queries=[
            {
                "kind": kind,
                "query": q,
                **counts[q],
                "search_ms": fts[q],
                "parts_ms": parts[q],
                "agreement": agree[q],
                **({"like_ms": like[q]["ms"], "like_hits": like[q]["hits"]} if q in like else {}),
                **({"every_match": every[q]} if q in every else {}),
            }
            for kind, q in pairs
        ],
    )
    if every:
        result["every_match"] = compare(
            {q: v["search_ms"] for q, v in every.items()},
            {q: v["like_ms"] for q, v in every.items()},
        )
    if not args.skip_rebuild:
        print(f"rebuilding the index of {info['articles']:,} articles …", flush=True)
        result["rebuild"] = rebuild(library, result["texts"]["text_bytes"])
        result["index_after_rebuild"] = index_size(library)
        result["search_after_rebuild"] = summarise(time_searches(library, queries, args.repeat))


def main() -> None:
    args = parse_args()
    from corpus import DEFAULT_CORPUS

    from newsreader.library.library import Library

    folder = args.library or default_library(args.articles)
    began = time.perf_counter()
    info = ensure_library(folder, args.articles, args.corpus or DEFAULT_CORPUS, args.rebuild)
    cached = not info.get("built_now")
    print(f"library ready in {time.perf_counter() - began:.0f} s: {folder} {info}", flush=True)
    result: dict = {"machine": machine(), "library": info, "library_cached": cached}
    with Library(folder, create=False) as library:
        measure(library, args, info, result)
    print_summary(result)
    output = json.dumps(result, indent=1, ensure_ascii=False)
    if args.json:
        args.json.write_text(output + "\n", encoding="utf-8")
        print(f"results written to {args.json}")
    else:
        print("\nJSON:")
        print(output)


if __name__ == "__main__":
    main()
