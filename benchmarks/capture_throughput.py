"""Capture throughput: the whole pipeline against bare trafilatura, same pages, same run.

    .venv/bin/python benchmarks/capture_throughput.py [--corpus DIR] [--pages N] [--rounds R]

The pipeline fetches each corpus page from a loopback proxy (see corpus.py), extracts
it in worker processes, downloads its images, and stores it in a fresh library. The
baseline decodes nothing and stores nothing: ``trafilatura.extract(page_bytes)`` in one
process, one page after the other. A third phase runs the same pipeline with one save
at a time and one worker, to show what the parallelism itself buys.

Each phase runs in its own process, so peak memory and CPU time are its own. Rounds
run the phases in turn to spread the machine's noise evenly; the summary line gives
medians over rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DEFAULT_CORPUS, CorpusProxy, Page, load_corpus


def _peak_mib() -> tuple[float, float]:
    """Peak resident memory of this process, and of its largest finished child (MiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def _bare_extract(files: list[Path]) -> int:
    import logging

    import trafilatura

    logging.disable(logging.WARNING)
    data = [file.read_bytes() for file in files]
    return sum(1 for raw in data if trafilatura.extract(raw))


def _bare_warm(_: object) -> None:
    import trafilatura

    trafilatura.extract("<html><body><p>" + "Warm-up text. " * 30 + "</p></body></html>")


def phase_bare(pages: list[Page], processes: int = 1) -> dict:
    """Bare extraction; with ``processes`` > 1, the pages split between that many
    processes, to show how far extraction alone scales on this machine."""
    files = [page.file for page in pages]
    if processes == 1:
        _bare_warm(None)  # first-use set-up, as the pipeline's workers do at start
        cpu = time.process_time()
        started = time.perf_counter()
        extracted = _bare_extract(files)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
    else:
        import multiprocessing

        with multiprocessing.get_context("spawn").Pool(processes) as pool:
            pool.map(_bare_warm, range(processes))
            before = os.times()
            started = time.perf_counter()
            extracted = sum(
                pool.map(_bare_extract, [files[n::processes] for n in range(processes)])
            )
            seconds = time.perf_counter() - started
        cpu = (os.times().children_user - before.children_user) or float("nan")
    return {
        "pages": len(pages),
        "ok": extracted,
        "seconds": seconds,
        "peak_mib": _peak_mib()[0],
        "cpu_ms_per_page": 1000 * cpu / len(pages),
    }


def phase_pipeline(pages: list[Page], jobs: int, workers: int) -> dict:
    from newsreader.library.library import Library
    from newsreader.saver import Saver

    with tempfile.TemporaryDirectory() as folder, CorpusProxy(pages) as proxy:
        library = Library(Path(folder))
        saver = Saver(library, concurrency=jobs, workers=workers)
        # Worker start-up (importing and warming trafilatura) is a one-time cost of the
        # app, paid in the background when it starts: finish it before the clock starts.
        with ThreadPoolExecutor(workers) as starters:
            list(starters.map(lambda _: saver.pool.run(len, "", timeout=120), range(workers)))
        before = os.times()
        started = time.perf_counter()
        results = saver.save_many([page.url for page in pages])
        seconds = time.perf_counter() - started
        during = os.times()
        saver.close()  # the workers exit here, so their CPU time is counted
        after = os.times()
        images = library.db.scalar("SELECT count(*) FROM images WHERE file IS NOT NULL")
        library.close()
    own, children = _peak_mib()
    failures: dict[str, int] = {}
    for result in results:
        if not result.ok:
            reason = result.error.message.split(":")[0]
            failures[reason] = failures.get(reason, 0) + 1
    main_cpu = during.user + during.system - before.user - before.system
    worker_cpu = (
        after.children_user + after.children_system - before.children_user - before.children_system
    )
    return {
        "pages": len(pages),
        "ok": sum(r.ok for r in results),
        "seconds": seconds,
        "peak_mib": own,
        "worker_peak_mib": children,
        "images_stored": images,
        "image_requests": proxy.image_requests,
        "tunnels_refused": proxy.refused,
        # The proxy serving the pages runs in the main process too, and is counted there.
        "main_cpu_ms_per_page": 1000 * main_cpu / len(pages),
        "worker_cpu_ms_per_page": 1000 * worker_cpu / len(pages),
        "failures": failures,
    }


def _run_phase(name: str, args: argparse.Namespace, jobs: int = 1, workers: int = 1) -> dict:
    command = [sys.executable, __file__, "--phase", name, "--corpus", str(args.corpus)]
    command += ["--jobs", str(jobs), "--workers", str(workers)]
    if args.pages:
        command += ["--pages", str(args.pages)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"phase {name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _rate(result: dict) -> float:
    return result["pages"] / result["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pages", type=int, help="use only the first N pages")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=4, help="saves in flight")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="extraction processes"
    )
    parser.add_argument("--phase", choices=("bare", "pipeline"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not (args.corpus / "evaldata.json").is_file():
        sys.exit(f"no corpus at {args.corpus}")
    pages = load_corpus(args.corpus, args.pages)

    if args.phase == "bare":
        print(json.dumps(phase_bare(pages, args.workers)))
        return
    if args.phase == "pipeline":
        print(json.dumps(phase_pipeline(pages, args.jobs, args.workers)))
        return

    print(
        f"{len(pages)} pages from {args.corpus}; {os.cpu_count()} cores; pipeline: "
        f"{args.jobs} saves in flight, {args.workers} extraction processes"
    )
    bare_rates, pipe_rates, serial_rates, bare_parallel_rates = [], [], [], []
    for round_number in range(1, args.rounds + 1):
        bare = _run_phase("bare", args)
        bare_parallel = _run_phase("bare", args, 1, args.workers)
        bare_parallel_rates.append(_rate(bare_parallel))
        pipe = _run_phase("pipeline", args, args.jobs, args.workers)
        serial = _run_phase("pipeline", args)
        bare_rates.append(_rate(bare))
        pipe_rates.append(_rate(pipe))
        serial_rates.append(_rate(serial))
        split_label = f"bare, split over {args.workers} processes"
        print(
            f"round {round_number}:\n"
            f"  bare trafilatura.extract, 1 process  {_rate(bare):6.1f} pages/s  "
            f"({bare['ok']}/{bare['pages']} extracted; {bare['cpu_ms_per_page']:.0f} ms CPU/page;"
            f" peak {bare['peak_mib']:.0f} MiB)\n"
            f"  {split_label:37s}{_rate(bare_parallel):6.1f} pages/s"
            f"  (how far extraction alone scales here)\n"
            f"  pipeline, parallel                   {_rate(pipe):6.1f} pages/s  "
            f"({pipe['ok']}/{pipe['pages']} saved, {pipe['images_stored']} images stored; "
            f"{pipe['worker_cpu_ms_per_page']:.0f} ms CPU/page in workers + "
            f"{pipe['main_cpu_ms_per_page']:.0f} ms in the main process; peak "
            f"{pipe['peak_mib']:.0f} MiB main + {pipe['worker_peak_mib']:.0f} MiB per worker)\n"
            f"  pipeline, 1 save at a time, 1 worker {_rate(serial):6.1f} pages/s\n"
            f"  ratio pipeline / bare: {_rate(pipe) / _rate(bare):.2f}×"
        )
        if pipe["failures"]:
            print(f"  pipeline failures by reason: {pipe['failures']}")
    pipe_rate, bare_rate = statistics.median(pipe_rates), statistics.median(bare_rates)
    print(
        f"median over {args.rounds} rounds: bare {bare_rate:.1f} pages/s, pipeline "
        f"{pipe_rate:.1f} pages/s, ratio {pipe_rate / bare_rate:.2f}× (target ≥ 1.5×); "
        f"parallel vs serial pipeline {pipe_rate / statistics.median(serial_rates):.2f}×; "
        f"bare in {args.workers} processes vs 1: "
        f"{statistics.median(bare_parallel_rates) / bare_rate:.2f}×"
    )


if __name__ == "__main__":
    main()
