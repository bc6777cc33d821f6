"""Did you mean over a library of 100,000 articles: how long ``Library.suggest`` takes
beside the search it follows, and how often it gives back the word a typo was made of.

    .venv/bin/python benchmarks/suggest_100k.py [--library DIR] [--repeat R] [--pad N]
        [--json PATH]

The library is bench_library.py's cached one (/tmp/newsreader-bench-100k, 100,000
articles; never rebuilt here). Its database is copied to a temporary folder, which the
app then migrates to the current schema (the time that takes is reported: schema 11
fills the dictionary's loose keys), and deleted at the end.

Queries, drawn by a seeded RNG (``SEED``) from the dictionary's alphabetic words of 5+
letters found in at least 20 articles (counted up to 1,000):

- typos: one edit each (a letter dropped, two neighbours swapped, a letter replaced),
  and two edits (dropped and replaced) in words of 7+ letters, 10 of each;
- unaccented: 6 words with a letter outside ASCII (ä, ö, ü, é, ß…), typed without it
  (terms.loose_key), as far as the library has them;
- a typo with a filter (``after:2000``) and one after a correct word of the title of an
  article that has the word (so that the pair, corrected, finds it);
- found: 5 of the words as they are (the search finds enough: nothing to offer);
- nonsense: 5 strings of 8 random letters.

Timing. Each query runs once to warm up. Then R rounds (``--repeat``, default 5) run every
query in turn; each timed pair is the baseline, ``Library.search(q, limit=50)`` (a result
page with snippets, what the window and the CLI run first), then ``Library.suggest(q,
found=len(hits))``, each after clearing the searcher's cache of compiled queries. p50, p95
and the maximum are over all timed calls of a class; the ratio is suggest/search.

Then the dictionary is padded with N (``--pad``, default 1,000,000) random lower-case
words of 3-15 letters under a language of their own: the library's words are only 65,000
(its 100,000 articles are copies of 482 pages), a library of 100,000 different articles
has a million or more, and the candidate lookups must stay bounded then too. The same
rounds run again (search and suggestion both).

Cost per save: what schema 11 adds per word new to the dictionary, the loose key beside
the match key (stemming) and the insert with the loose-key index against one without.

Recall: the share of typo and unaccented queries that find fewer than suggest.FEW
articles (an unaccented word the search finds as it is, or a typo that is a word of its
own, is left out) whose suggestion puts back the word they were made from (or a word of
the same match key: an inflection of it). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import shutil
import statistics
import string
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_library import DEFAULT_ARTICLES, default_library

from newsreader.library import search_index, suggest, terms
from newsreader.library.library import Library

SEED = 20261201
PAGE = 50


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))]


def _count(library: Library, word: str, cap: int = 1000) -> int:
    return int(
        library.db.scalar(
            "SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
            "LIMIT ?)",
            (f'"{word}"', cap),
        )
    )


def _typo(rng: random.Random, word: str, kind: str) -> str:
    i = rng.randrange(1, len(word) - 1)  # the first letter kept: people rarely miss it
    letters = [c for c in string.ascii_lowercase if c != word[i]]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "replace":
        return word[:i] + rng.choice(letters) + word[i + 1 :]
    dropped = word[:i] + word[i + 1 :]  # "two": a letter dropped, another replaced
    j = rng.randrange(1, len(dropped) - 1)
    return dropped[:j] + rng.choice([c for c in letters if c != dropped[j]]) + dropped[j + 1 :]


def choose_queries(library: Library) -> list[tuple[str, str, str | None]]:
    """(class, query, the word it was made from or None)."""
    rng = random.Random(SEED)
    rows = library.db.query(
        "SELECT DISTINCT term FROM search_terms WHERE length(term) >= 5 ORDER BY term"
    )
    words = [r[0] for r in rows if r[0].isalpha()]
    plain = [w for w in words if w.isascii()]
    marked = [w for w in words if not w.isascii() and terms.loose_key(w).isascii()]
    rng.shuffle(plain)
    rng.shuffle(marked)

    def frequent(pool: list[str], count: int, length: int = 5) -> list[str]:
        found = []
        for word in pool:
            if len(word) >= length and _count(library, word) >= 20:
                found.append(word)
                if len(found) == count:
                    break
        return found

    queries: list[tuple[str, str, str | None]] = []
    picked = frequent(plain, 40)
    kinds = ("drop", "swap", "replace")
    for kind, chunk in zip(kinds, (picked[:10], picked[10:20], picked[20:30]), strict=True):
        queries += [(f"typo: {kind}", _typo(rng, w, kind), w) for w in chunk]
    for word in frequent(plain[200:], 10, length=7):
        queries.append(("typo: two edits", _typo(rng, word, "two"), word))
    for word in frequent(marked, 6):
        queries.append(("unaccented", terms.loose_key(word), word))
    queries.append(
        ("typo with a filter", f"{_typo(rng, picked[30], 'drop')} after:2000", picked[30])
    )
    # A word of the title of an article with the word, so the corrected pair finds it.
    title = library.db.scalar(
        "SELECT title FROM articles WHERE id = "
        "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1)",
        (f'"{picked[32]}"',),
    )
    other = max(terms.tokens(title or "") or [picked[31]], key=len)
    queries.append(("typo and a word", f"{other} {_typo(rng, picked[32], 'swap')}", picked[32]))
    queries += [("found", w, None) for w in picked[33:38]]
    queries += [
        ("nonsense", "".join(rng.choice(string.ascii_lowercase) for _ in range(8)), None)
        for _ in range(5)
    ]
    return queries


def time_rounds(library: Library, queries, repeat: int) -> dict[str, dict[str, list[float]]]:
    """Per class: 'search' and 'suggest' times (ms) of every timed call."""
    for _, query, _ in queries:  # warm up
        library.suggest(query, found=len(library.search(query, limit=PAGE)))
    times: dict[str, dict[str, list[float]]] = {}
    for _ in range(repeat):
        for kind, query, _ in queries:
            library.searcher.dictionary_changed()
            start = time.perf_counter()
            hits = library.search(query, limit=PAGE)
            searched = time.perf_counter()
            library.searcher.dictionary_changed()
            start_suggest = time.perf_counter()
            library.suggest(query, found=len(hits))
            done = time.perf_counter()
            for name in (kind, "all"):
                entry = times.setdefault(name, {"search": [], "suggest": []})
                entry["search"].append((searched - start) * 1000)
                entry["suggest"].append((done - start_suggest) * 1000)
    return times


def summary(times) -> dict[str, dict[str, float]]:
    out = {}
    for kind, entry in times.items():
        search, suggest = entry["search"], entry["suggest"]
        out[kind] = {
            "search_p50": statistics.median(search),
            "search_p95": percentile(search, 0.95),
            "suggest_p50": statistics.median(suggest),
            "suggest_p95": percentile(suggest, 0.95),
            "suggest_max": max(suggest),
            "ratio_p50": statistics.median(suggest) / statistics.median(search),
        }
    return out


def print_summary(title: str, table) -> None:
    print(f"\n{title}")
    print(f"  {'class':<20} {'search p50/p95 ms':>18} {'suggest p50/p95/max ms':>24} {'ratio':>6}")
    for kind, row in table.items():
        print(
            f"  {kind:<20} {row['search_p50']:>8.2f} / {row['search_p95']:<7.2f}"
            f" {row['suggest_p50']:>8.2f} / {row['suggest_p95']:.2f} / {row['suggest_max']:<6.2f}"
            f" {row['ratio_p50']:>6.2f}"
        )


def recall(library: Library, queries) -> tuple[int, int, list[str]]:
    right, asked, lines = 0, 0, []
    for kind, query, word in queries:
        hits = len(library.search(query, limit=PAGE))
        found = library.suggest(query, found=hits)
        got = found.query if found else None
        lines.append(f"  {kind:<20} {query!r:<28} {hits:>3} found -> {got!r}")
        if word is None or hits >= suggest.FEW:  # found enough: nothing to put back
            continue
        asked += 1
        if found is not None:
            keys = {terms.match_key(word, lang) for lang in ("", "de", "en", "fr", "es")}
            offered = {
                terms.match_key(c.suggested, lang)
                for c in found.corrections
                for lang in ("", "de", "en", "fr", "es")
            }
            right += bool(keys & offered) or any(c.suggested == word for c in found.corrections)
    return right, asked, lines


def pad(library: Library, count: int) -> float:
    rng = random.Random(SEED + 1)
    letters = string.ascii_lowercase
    start = time.perf_counter()

    def rows():
        for _ in range(count):
            word = "".join(rng.choice(letters) for _ in range(rng.randint(3, 15)))
            yield ("zz", word, word, word)

    library.db.write(
        lambda db: db.executemany(
            "INSERT OR IGNORE INTO search_terms (language, term, key, loose) VALUES (?, ?, ?, ?)",
            list(rows()),
        )
    )
    return time.perf_counter() - start


def save_cost(library: Library) -> dict[str, float]:
    """What schema 11 adds to a save, per word new to the dictionary (µs): its loose key
    beside its match key (both uncached), and inserting the words into a copy of the
    dictionary's table in memory, in batches of 50 (a save's new words), without and with
    the loose-key index; best of 3."""
    import sqlite3

    rows = [tuple(r) for r in library.db.query("SELECT language, term, key FROM search_terms")]
    random.Random(SEED).shuffle(rows)
    start = time.perf_counter()
    for _, word, _ in rows:
        terms.loose_key.__wrapped__(word)
    loose = time.perf_counter() - start
    start = time.perf_counter()
    for language, word, _ in rows:
        terms.match_key.__wrapped__(word, language)
    key = time.perf_counter() - start
    inserts = {}
    for indexed in (False, True):
        best = math.inf
        for _ in range(3):
            conn = sqlite3.connect(":memory:")
            conn.execute(
                "CREATE TABLE search_terms (language TEXT NOT NULL, term TEXT NOT NULL, "
                "key TEXT NOT NULL, loose TEXT NOT NULL DEFAULT '', "
                "PRIMARY KEY (language, term)) WITHOUT ROWID"
            )
            conn.execute("CREATE INDEX search_terms_key ON search_terms (key, language)")
            if indexed:
                conn.execute("CREATE INDEX search_terms_loose ON search_terms (loose)")
            start = time.perf_counter()
            for i in range(0, len(rows), 50):
                conn.executemany(
                    "INSERT INTO search_terms VALUES (?, ?, ?, ?)",
                    [
                        (lang, w, k, terms.loose_key(w) if indexed else "")
                        for lang, w, k in rows[i : i + 50]
                    ],
                )
            best = min(best, time.perf_counter() - start)
            conn.close()
        inserts[indexed] = best
    micro = 1e6 / len(rows)
    return {
        "loose_key_us": loose * micro,
        "match_key_us": key * micro,
        "insert_us": inserts[False] * micro,
        "insert_with_loose_us": inserts[True] * micro,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, default=default_library(DEFAULT_ARTICLES))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pad", type=int, default=1_000_000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    source = args.library / "library.sqlite3"
    if not source.exists():
        print(f"no library at {args.library}: build it with benchmarks/bench_library.py")
        return 1
    folder = Path(tempfile.mkdtemp(prefix="suggest-bench-"))
    results: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} CPUs"}
    try:
        start = time.perf_counter()
        shutil.copyfile(source, folder / "library.sqlite3")
        print(f"copied the library in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        library = Library(folder)
        results["migration_s"] = time.perf_counter() - start
        terms_count = library.db.scalar("SELECT count(*) FROM search_terms")
        print(
            f"opened and migrated to schema {library.db.version} in "
            f"{results['migration_s']:.1f} s ({terms_count:,} dictionary words)"
        )
        loose_bytes = library.db.scalar(
            "SELECT sum(pgsize) FROM dbstat WHERE name = 'search_terms_loose'"
        )
        results["loose_index_bytes"] = loose_bytes
        print(f"the loose-key index: {loose_bytes / 1e6:.1f} MB")
        cost = save_cost(library)
        results["save_cost"] = cost
        print(
            f"per new word: loose key {cost['loose_key_us']:.1f} µs beside its match key "
            f"{cost['match_key_us']:.1f} µs; inserted {cost['insert_us']:.1f} µs, with the "
            f"loose key and its index {cost['insert_with_loose_us']:.1f} µs"
        )
        queries = choose_queries(library)
        right, asked, lines = recall(library, queries)
        print("\nqueries and what is offered:")
        print("\n".join(lines))
        print(f"\nrecall: {right}/{asked} typo and unaccented queries get their word back")
        results["recall"] = [right, asked]
        table = summary(time_rounds(library, queries, args.repeat))
        print_summary(f"{terms_count:,} dictionary words, {args.repeat} rounds", table)
        results["library"] = table
        if args.pad:
            seconds = pad(library, args.pad)
            padded = library.db.scalar("SELECT count(*) FROM search_terms")
            print(f"\npadded the dictionary to {padded:,} words in {seconds:.1f} s")
            start = time.perf_counter()
            library.db.write(search_index.fill_loose_keys)
            results["fill_padded_s"] = time.perf_counter() - start
            print(
                f"migration 11's filling of the loose keys, on this dictionary: "
                f"{results['fill_padded_s']:.1f} s"
            )
            table = summary(time_rounds(library, queries, args.repeat))
            print_summary(f"{padded:,} dictionary words, {args.repeat} rounds", table)
            results["padded"] = {"words": padded, **table}
        library.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    text = json.dumps(results, indent=2)
    if args.json:
        args.json.write_text(text)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
