"""Compounds: precision and recall over the relevance set, and what compound expansion
costs a search at 100,000 articles.

    .venv/bin/python benchmarks/compound_relevance.py [--library DIR] [--repeat R]
        [--sample N] [--save-articles A] [--json PATH] [--list SEED]

Relevance. The set of tests/test_search_compounds.py (ARTICLES, CASES, and LIMITS: the
cases the rules get wrong, which the test leaves out and this counts) is saved into a
fresh library in a temporary folder. Over every (query, article) pair: an article is
relevant to a query when it holds the word (``first``) or a compound of it (``then``);
precision is the share of found articles that are relevant, recall the share of
relevant articles found. The same over the compounds alone (the second tier against
``then``), and the share of queries whose first tier is exactly the word's articles.

Cost (with ``--library``, a writable copy of the 100,000-article benchmark library:
opening it applies migrations 11 to 13 if it is at schema 10, timed too). German is the
only language of that library whose words are split, so the queries are German words:
a fixed list of heads (FIXED), and N (``--sample``, default 20) words drawn by a
seeded RNG from the German dictionary (alphabetic, 4 to 10 letters) among those with at
least one compound. Each query runs once to warm up; then R rounds (``--repeat``,
default 5) run every query in turn, each timed call after clearing the searcher's cache
of compiled queries (as a new search does). Timed: ``Searcher.compile`` alone; the same
with the cache of stems emptied too (``terms.match_key``: the first search of a
process); and one result page (``Library.search(q, limit=50)``: ranking both tiers,
snippets, summaries). Each with compounds and, in the same run as the baseline,
without (``compounds.LANGUAGES`` emptied, so the query compiles as before this change).
p50/p95 are nearest-rank over all timed calls. And the dictionary's part of a save
with and without the new column (``save_cost``, ``--save-articles``). Nothing is
asserted. ``--list SEED`` only prints the compounds found for N words drawn with SEED,
split as found, for judging by hand (docs/benchmarks.md has such a judgement).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from newsreader.library import compounds, search_index, terms
from newsreader.library.library import Library
from tests.test_search_compounds import ARTICLES, CASES, LIMITS, save_all

SEED = 20261201
PAGE = 50
FIXED = ["haus", "zeit", "bau", "land", "rat", "ende", "tal", "lösung", "forschung", "arbeit"]


def relevance() -> dict:
    """Precision and recall of the relevance set, as the module docstring says."""
    with tempfile.TemporaryDirectory() as folder, Library(Path(folder) / "library") as library:
        ids = save_all(library)
        names = {article_id: name for name, article_id in ids.items()}
        found = relevant = hits = 0
        compound_found = compound_relevant = compound_hits = 0
        ordered = 0
        wrong: list[str] = []
        for query, (first, then, _never) in CASES.items():
            result = [names[i] for i, _ in library.search_ids(query)]
            tier_one = result[: len(first)]
            tier_two = set(result[len(first) :])
            wanted = first | then
            found += len(result)
            relevant += len(wanted)
            hits += len(set(result) & wanted)
            compound_found += len(tier_two)
            compound_relevant += len(then)
            compound_hits += len(tier_two & then)
            ordered += set(tier_one) == first
            wrong += [f"{query} → {n} (not relevant)" for n in sorted(set(result) - wanted)]
            wrong += [f"{query} ↛ {n} (missed)" for n in sorted(wanted - set(result))]
    return {
        "queries": len(CASES),
        "articles": len(ARTICLES),
        "precision": hits / found,
        "recall": hits / relevant,
        "compound_precision": compound_hits / compound_found if compound_found else 1.0,
        "compound_recall": compound_hits / compound_relevant,
        "word_first": ordered / len(CASES),
        "wrong": wrong,
        "known_limits": sorted(f"{q} / {n}" for q, n in LIMITS),
    }


def _ms(began: float) -> float:
    return (time.perf_counter() - began) * 1000


def percentile(values: list[float], fraction: float) -> float:
    """Nearest rank: the smallest value with at least ``fraction`` of all at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def sample_words(library: Library, count: int, seed: int = SEED) -> list[str]:
    """``count`` German words with at least one compound, drawn by a seeded RNG."""
    words = [
        row[0]
        for row in library.db.query(
            "SELECT term FROM search_terms WHERE language = 'de' ORDER BY term"
        )
        if row[0].isalpha() and 4 <= len(row[0]) <= 10
    ]
    rng = random.Random(seed)
    rng.shuffle(words)
    chosen: list[str] = []
    for word in words:
        if len(chosen) == count:
            break
        if word not in FIXED and compounds.find(library.db, word, "de"):
            chosen.append(word)
    return chosen


def time_calls(library: Library, queries: list[str], repeat: int, call) -> list[float]:
    for q in queries:  # warm-up
        call(q)
    samples: list[float] = []
    for _ in range(repeat):
        for q in queries:
            library.searcher.dictionary_changed()  # compile afresh, as a new search does
            began = time.perf_counter()
            call(q)
            samples.append(_ms(began))
    return samples


def _cold(library: Library, query: str) -> None:
    """Compile ``query`` as the first search of a process does: no stem cached yet."""
    terms.match_key.cache_clear()
    library.searcher.compile(query)


def cost(folder: Path, repeat: int, sample: int) -> dict:
    began = time.perf_counter()
    library = Library(folder)
    opened = _ms(began)
    try:
        queries = FIXED + sample_words(library, sample)
        counts = {
            q: (len(compounds.find(library.db, q, "de")), len(library.search_ids(q)))
            for q in queries
        }
        result: dict = {"open_ms": opened, "queries": queries, "counts": counts}
        languages = compounds.LANGUAGES
        for label, split in (("with", languages), ("without", frozenset())):
            compounds.LANGUAGES = split
            compile_ms = time_calls(library, queries, repeat, library.searcher.compile)
            page_ms = time_calls(library, queries, repeat, lambda q: library.search(q, limit=PAGE))
            cold_ms = time_calls(library, queries, repeat, lambda q: _cold(library, q))
            result[label] = {
                "compile_p50": percentile(compile_ms, 0.5),
                "compile_p95": percentile(compile_ms, 0.95),
                "cold_compile_p50": percentile(cold_ms, 0.5),
                "cold_compile_p95": percentile(cold_ms, 0.95),
                "page_p50": percentile(page_ms, 0.5),
                "page_p95": percentile(page_ms, 0.95),
            }
        compounds.LANGUAGES = languages
        per_query = {}
        for q in queries:
            compile_ms = time_calls(library, [q], repeat, library.searcher.compile)
            per_query[q] = percentile(compile_ms, 0.5)
        result["compile_p50_by_query"] = per_query
        return result
    finally:
        library.close()


def save_cost(folder: Path, articles: int, repeat: int) -> dict:
    """The dictionary's part of a save with and without the tail of migration 13: the
    first ``articles`` German originals of the 100k library, each put into a fresh
    library's dictionary by ``search_index.add_terms`` (as a save does, its words
    stemmed and the new ones inserted), in one transaction per article; rounds
    alternate between a library whose German words get a tail and one where
    ``compounds.LANGUAGES`` is empty (their tail NULL, outside the partial index)."""
    with Library(folder) as source:
        texts = [
            (row[0], row[1])
            for row in source.db.query(
                "SELECT a.title, t.text FROM articles a JOIN article_texts t "
                "ON t.article_id = a.id WHERE a.language = 'de' ORDER BY a.id LIMIT ?",
                (articles,),
            )
        ]
    languages = compounds.LANGUAGES
    totals: dict[str, list[float]] = {"with": [], "without": []}
    words = 0
    for _ in range(repeat):
        for label, split in (("with", languages), ("without", frozenset())):
            compounds.LANGUAGES = split
            terms.match_key.cache_clear()
            with tempfile.TemporaryDirectory() as scratch, Library(Path(scratch)) as fresh:
                began = time.perf_counter()
                for title, text in texts:
                    fresh.db.write(lambda db, t=(title, text): search_index.add_terms(db, "de", t))
                totals[label].append(_ms(began) / len(texts))
                words = fresh.db.scalar("SELECT count(*) FROM search_terms")
    compounds.LANGUAGES = languages
    return {
        "articles": len(texts),
        "new_words": words,
        "with_ms": min(totals["with"]),
        "without_ms": min(totals["without"]),
    }


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), load {load}; "
        f"Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, help="a writable 100k library (copy)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--save-articles", type=int, default=300)
    parser.add_argument(
        "--list",
        type=int,
        metavar="SEED",
        help="only list the compounds found for --sample words drawn with SEED (to judge)",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.list is not None:
        with Library(args.library) as library:
            for word in sample_words(library, args.sample, args.list):
                found = compounds.find(library.db, word, "de")
                split = (f"{c[: len(c) - len(h)]}|{h}" for c, h in sorted(found.items()))
                print(f"{word}: {' '.join(split)}")
        return
    print(machine())
    figures = {"relevance": relevance()}
    r = figures["relevance"]
    print(
        f"\nRelevance set: {r['queries']} queries × {r['articles']} articles "
        f"(nb, nn, da, sv, de, nl, en)"
    )
    print(f"  precision {r['precision']:.3f}   recall {r['recall']:.3f}")
    print(
        f"  compounds alone: precision {r['compound_precision']:.3f}   "
        f"recall {r['compound_recall']:.3f}"
    )
    print(f"  queries whose own word's articles come first: {r['word_first']:.0%}")
    for line in r["wrong"]:
        print(f"  wrong: {line}")
    if args.library:
        figures["cost"] = c = cost(args.library, args.repeat, args.sample)
        print(f"\n100k library {args.library}: opened (migrations if due) in {c['open_ms']:.0f} ms")
        print(f"  {len(c['queries'])} German queries, {args.repeat} rounds each:")
        for label in ("with", "without"):
            t = c[label]
            print(
                f"  {label:>7} compounds: compile p50 {t['compile_p50']:.2f} ms, "
                f"p95 {t['compile_p95']:.2f} ms (no stem cached: p50 "
                f"{t['cold_compile_p50']:.2f}, p95 {t['cold_compile_p95']:.2f}); page of {PAGE} "
                f"p50 {t['page_p50']:.1f} ms, p95 {t['page_p95']:.1f} ms"
            )
        w, wo = c["with"], c["without"]
        print(
            f"  ratio with/without: compile p95 {w['compile_p95'] / wo['compile_p95']:.1f}×, "
            f"page p95 {w['page_p95'] / wo['page_p95']:.2f}×"
        )
        figures["save"] = v = save_cost(args.library, args.save_articles, args.repeat)
        print(
            f"  dictionary per save ({v['articles']} German articles, {v['new_words']} words, "
            f"best of {args.repeat}): {v['with_ms']:.2f} ms with tails, "
            f"{v['without_ms']:.2f} ms without ({v['with_ms'] / v['without_ms']:.2f}×; "
            f"{(v['with_ms'] - v['without_ms']) * v['articles'] / v['new_words'] * 1000:.1f} µs "
            f"a new word)"
        )
        print("  per query (compounds found, matches of both tiers, compile p50 ms):")
        for q in c["queries"]:
            n, matches = c["counts"][q]
            print(f"    {q:<16} {n:>4} {matches:>7} {c['compile_p50_by_query'][q]:>7.2f}")
    text = json.dumps(figures, ensure_ascii=False, indent=1)
    if args.json:
        args.json.write_text(text)


if __name__ == "__main__":
    main()
