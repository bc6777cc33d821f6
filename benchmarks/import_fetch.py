"""Fetching an import's pages over many hosts, against saving the same links directly.

    .venv/bin/python benchmarks/import_fetch.py [--links N] [--hosts H] [--latency MS]

H local web servers (127.0.0.1 … 127.0.0.H: different hosts to the per-host limit)
answer every page after MS milliseconds (default 100, a slow site) with an article of
about 600 words. A Pocket CSV of N links spread over the hosts (default 300 over 8) is
imported into an empty library as the window and ``newsreader import`` do
(``ImportJob``: entries first, then the pages, ``FetchPolicy().concurrency`` at a time,
at most ``per_host`` per host). The baseline, in the same run: the same number of other
links on the same servers saved into another empty library with ``Saver.save_many`` at
the same concurrency, which is what saving them one by one in parallel costs. Printed:
links a second for both, their ratio, and how long the job took to list every entry.
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from newsreader.import_job import ImportJob
from newsreader.import_retry import FetchPolicy
from newsreader.library.library import Library
from newsreader.saver import Saver

PARAGRAPH = (
    "Kommunen la fram planen for det nye biblioteket i går kveld, og mange møtte opp for "
    "å høre hva som skal skje med det gamle bygget ved torget. "
) * 6


def _page(path: str) -> bytes:
    title = f"Sak {path.strip('/').replace('/', ' ')}"
    body = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(8))
    return (
        f"<!doctype html><html lang=nb><head><meta charset=utf-8><title>{title}</title>"
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def serve(host: str, latency: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            time.sleep(latency)
            data = _page(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def links(servers: list[ThreadingHTTPServer], count: int, prefix: str) -> list[str]:
    return [
        f"http://{servers[n % len(servers)].server_address[0]}:"
        f"{servers[n % len(servers)].server_address[1]}/{prefix}/{n}"
        for n in range(count)
    ]


def run_job(folder: Path, urls: list[str], concurrency: int) -> tuple[float, float, int]:
    export = folder / "pocket.csv"
    rows = ["title,url,time_added,tags,status"]
    rows += [f"Lenke {n},{url},{1600000000 + n},benk,unread" for n, url in enumerate(urls)]
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with (
        Library(folder / "job") as library,
        Saver(library, concurrency=concurrency) as saver,
    ):
        listed_at: list[float] = []
        started = time.perf_counter()

        def progress(p) -> None:
            if not listed_at and p.state != "reading" and p.counts.total == len(urls):
                listed_at.append(time.perf_counter() - started)

        job = ImportJob(
            library, saver, str(export), on_progress=progress,
            policy=FetchPolicy(concurrency=concurrency),
        )  # fmt: skip
        job.start()
        if not job.wait(3600):
            raise SystemExit("the import did not finish in an hour")
        took = time.perf_counter() - started
        fetched = job.progress.counts.fetched
    return took, listed_at[0] if listed_at else float("nan"), fetched


def run_saves(folder: Path, urls: list[str], concurrency: int) -> tuple[float, int]:
    with (
        Library(folder / "saves") as library,
        Saver(library, concurrency=concurrency) as saver,
    ):
        started = time.perf_counter()
        results = saver.save_many(urls)
        took = time.perf_counter() - started
    return took, sum(1 for r in results if r.ok)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--links", type=int, default=300)
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--latency", type=float, default=100, help="milliseconds a page takes")
    args = parser.parse_args()
    servers = [serve(f"127.0.0.{n + 1}", args.latency / 1000) for n in range(args.hosts)]
    concurrency = FetchPolicy().concurrency
    with tempfile.TemporaryDirectory(prefix="nr-import-fetch-") as tmp:
        folder = Path(tmp)
        # Warm the extraction workers' imports once, outside both measurements.
        run_saves(folder / "warm", links(servers, 4, "warm"), concurrency)
        saves_took, saved = run_saves(folder, links(servers, args.links, "direct"), concurrency)
        job_took, listed, fetched = run_job(folder, links(servers, args.links, "job"), concurrency)
    for server in servers:
        server.shutdown()
    print(
        f"{args.links} links over {args.hosts} hosts, {args.latency:g} ms a page, "
        f"{concurrency} at a time"
    )
    print(f"Saver.save_many (baseline): {saves_took:6.1f} s  {saved / saves_took:6.1f} links/s")
    print(
        f"ImportJob:                  {job_took:6.1f} s  {fetched / job_took:6.1f} links/s  "
        f"(every entry listed after {listed:.2f} s)"
    )
    print(f"import / baseline, links a second: {(fetched / job_took) / (saved / saves_took):.2f}x")


if __name__ == "__main__":
    main()
