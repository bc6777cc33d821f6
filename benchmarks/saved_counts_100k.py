"""Saved searches' counts at 100,000 articles: what the window's count thread spends
(``SavedSearches.with_counts``), and what a count costs against the search's own way
of knowing it (ranking every match, ``len(Library.search_ids(q))``) in the same run.

    .venv/bin/python benchmarks/saved_counts_100k.py --library DIR [--repeat R] [--json PATH]

DIR is a library like search_100k.py's (bench_library.py builds it; its
``bench-library.json`` names how many originals it has). It must be at this code's
schema or writable: opening it upgrades it, and the saved searches are added to it
(and removed at the end). Use a copy of the cached one, never the cache itself.

Queries: search_100k.py's fixed list (``choose_queries``: very common, common, medium,
rare words, other languages, two words, phrases, prefixes, filters), each saved as a
saved search. Timing: one warm-up, then R rounds (default 5) of every query in turn,
after clearing the searcher's cache of compiled queries (each call compiles its query
as a new count does): ``Searcher.count(q)`` against ``len(search_ids(q))``; per query
the median of its R, overall p50 and p95 (nearest rank) of all calls, and the ratio of
the baseline's median to the count's. Then R rounds of ``with_counts()`` over all of
them at once: one refresh of the window's counts. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from search_100k import _originals, choose_queries, machine, percentile


def _ms(began: float) -> float:
    return (time.perf_counter() - began) * 1000


def time_calls(library, queries: list[str], repeat: int) -> dict[str, dict[str, list[float]]]:
    searcher = library.searcher
    for q in queries:  # warm-up
        searcher.count(q)
        library.search_ids(q)
    samples = {q: {"count": [], "ranked": []} for q in queries}
    for _ in range(repeat):
        for q in queries:
            searcher.dictionary_changed()
            began = time.perf_counter()
            counted = searcher.count(q)
            samples[q]["count"].append(_ms(began))
            searcher.dictionary_changed()
            began = time.perf_counter()
            ranked = len(library.search_ids(q))
            samples[q]["ranked"].append(_ms(began))
            if counted != ranked:
                raise SystemExit(f"count {counted} != {ranked} search results for {q!r}")
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from newsreader.library.library import Library

    info = json.loads((args.library / "bench-library.json").read_text(encoding="utf-8"))
    with Library(args.library, create=False) as library:
        pairs = choose_queries(_originals(library, info["pages"]))
        queries = [q for _, q in pairs]
        saved = library.saved_searches
        added = [saved.add(f"bench {n}", q).id for n, q in enumerate(queries)]
        try:
            samples = time_calls(library, queries, args.repeat)
            matches = {q: library.searcher.count(q) for q in queries}
            refresh = []
            for _ in range(args.repeat):
                library.searcher.dictionary_changed()
                began = time.perf_counter()
                saved.with_counts()
                refresh.append(_ms(began))
        finally:
            for search_id in added:
                saved.remove(search_id)
    print(f"{'kind':<17} {'query':<40} {'matches':>8} {'count ms':>9} {'ranked ms':>10} {'x':>6}")
    for kind, q in pairs:
        count = statistics.median(samples[q]["count"])
        ranked = statistics.median(samples[q]["ranked"])
        shown = q if len(q) <= 40 else q[:39] + "…"
        ratio = ranked / count if count else float("inf")
        print(
            f"{kind:<17} {shown:<40} {matches[q]:>8,} {count:>9.2f} {ranked:>10.2f} {ratio:>6.1f}"
        )
    every_count = [v for q in queries for v in samples[q]["count"]]
    every_ranked = [v for q in queries for v in samples[q]["ranked"]]
    summary = {
        "machine": machine(),
        "library": info,
        "queries": len(queries),
        "repeat": args.repeat,
        "count_ms": {"p50": percentile(every_count, 0.5), "p95": percentile(every_count, 0.95)},
        "ranked_ms": {
            "p50": percentile(every_ranked, 0.5),
            "p95": percentile(every_ranked, 0.95),
        },
        "ratio_p50": percentile(every_ranked, 0.5) / percentile(every_count, 0.5),
        "with_counts_ms": {"median": statistics.median(refresh), "max": max(refresh)},
    }
    print(
        f"\ncount p50 {summary['count_ms']['p50']:.2f} ms, p95 {summary['count_ms']['p95']:.2f} ms;"
        f" ranking every match p50 {summary['ranked_ms']['p50']:.2f} ms,"
        f" p95 {summary['ranked_ms']['p95']:.2f} ms (x{summary['ratio_p50']:.1f} at p50)"
    )
    refreshed = summary["with_counts_ms"]
    print(
        f"all {len(queries)} saved searches counted at once (with_counts): median "
        f"{refreshed['median']:.0f} ms, max {refreshed['max']:.0f} ms"
    )
    output = json.dumps(summary, indent=1, ensure_ascii=False)
    if args.json:
        args.json.write_text(output + "\n", encoding="utf-8")
    else:
        print(output)


if __name__ == "__main__":
    main()
