"""The command line's imports: ``import`` (a file of any format ``newsreader.imports``
reads, or ``--resume`` for jobs left unfinished) and ``retry`` (fetch link-only
articles again). Registered by cli.build_parser through ``add_commands``.

``import`` runs an ``ImportJob``: a line per item on stderr as it becomes final
(``[done/total] URL saved: title``, ``… link only: reason``), ``ID<TAB>title`` on
stdout for each article stored with its text, then a summary with the counts per
outcome, the first ``SUMMARY_ITEMS`` items that did not make it with their reasons
(the report has them all), and the report's path.
Exit 0 when the file was read (whatever became of its items: the report says), 1
when it could not be read at all. Ctrl+C stops at once: what was written stays, and
``newsreader import --resume`` goes on from there.
"""

from __future__ import annotations

import argparse
import os
import signal
import stat
import sys
import time
from pathlib import Path

from newsreader import imports
from newsreader.capture.url_lists import read_url_file
from newsreader.capture.urls import shown
from newsreader.cli import (
    MAX_JOBS,
    SAVE_TIMEOUT_HELP,
    _article_id,
    _fail,
    _integer,
    _jobs,
    _open_library,
    _save_timeout,
)
from newsreader.errors import NewsreaderError
from newsreader.import_job import ImportJob, ImportProgress, ItemDone
from newsreader.import_retry import FetchPolicy
from newsreader.library.import_entries import FETCHED, WITH_CONTENT
from newsreader.library.import_jobs import UNFINISHED
from newsreader.library.library import Library
from newsreader.saver import SAVE_TIMEOUT, Saver

COMMANDS = ("retry",)  # "import" is cli.COMMANDS' already

_SAID = {
    FETCHED: "saved",
    WITH_CONTENT: "stored from the export",
    "link_only": "link only",
    "merged": "merged",
    "skipped": "skipped",
    "problem": "not read",
}
_TRIES = FetchPolicy().attempts
SUMMARY_ITEMS = 20  # items that did not make it listed again in the summary


class _Lines:
    """Prints each item as it becomes final (called on the job's threads)."""

    def __init__(self) -> None:
        self.job: ImportJob | None = None
        self.left_out: list[ItemDone] = []
        self.told = 0

    def item(self, done: ItemDone) -> None:
        self.told += 1
        total = self.job.progress.counts.total if self.job is not None else 0
        number = f"[{self.told}/{total}] " if total else ""
        who = shown(done.url) if done.url else done.where
        if done.outcome in (FETCHED, WITH_CONTENT):
            note = f" ({done.reason})" if done.reason else ""
            print(f"{number}{who} {_SAID[done.outcome]}: {done.title}{note}", file=sys.stderr)
            print(f"{done.article_id}\t{done.title}", flush=True)
        else:
            self.left_out.append(done)
            print(f"{number}{who} {_SAID[done.outcome]}: {done.reason}", file=sys.stderr)
        sys.stderr.flush()


def _summary(progress: ImportProgress, lines: _Lines, report: Path | None) -> None:
    counts = progress.counts
    parts = [
        (counts.fetched, "fetched"),
        (counts.with_content, "stored from the export"),
        (counts.link_only, "link only"),
        (counts.merged, "merged"),
        (counts.skipped, "skipped"),
        (counts.problems, "not read"),
        (counts.waiting, "still to fetch"),
        (counts.saved_searches, "saved search(es) added"),
    ]
    shown_parts = ", ".join(f"{n} {what}" for n, what in parts if n) or "nothing"
    name = f" ({progress.format_name})" if progress.format_name else ""
    print(
        f"\nImported {counts.total} item(s) from {progress.source}{name}: {shown_parts}",
        file=sys.stderr,
    )
    # Each was told as it came: the summary repeats only the first few.
    missed = [done for done in lines.left_out if done.outcome != "merged"]
    for done in missed[:SUMMARY_ITEMS]:
        who = shown(done.url) if done.url else done.where
        print(f"  {_SAID[done.outcome]}: {who} — {done.reason}", file=sys.stderr)
    if len(missed) > SUMMARY_ITEMS:
        more = len(missed) - SUMMARY_ITEMS
        where = " (see the report)" if report is not None else ""
        print(f"  … and {more} more{where}", file=sys.stderr)
    if report is not None:
        print(f"Report: {report}", file=sys.stderr)


def _run(job: ImportJob, lines: _Lines, saver: Saver) -> ImportProgress:
    """Start ``job`` and wait for it; on Ctrl+C, stop it (resumable) and saves at once."""
    lines.job = job
    counts = job.progress.counts
    lines.told = counts.total - counts.waiting  # a resumed job's items done before
    try:
        job.start()
        while not job.wait(0.2):
            pass
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C: still orderly
        job.close()
        saver.close()
        raise
    return job.progress


def _is_stream(source: str) -> bool:
    """Standard input, a pipe or a device: read once, as it comes, never again."""
    if source == "-":
        return True
    try:
        return not stat.S_ISREG(os.stat(source).st_mode)
    except OSError:
        return False  # the job says why it cannot be read


def _kept_stream(library: Library, source: str) -> str:
    """The links of a stream (read as ``read_url_file`` reads them, within its caps:
    an endless one ends at 50 MB) kept as a file under the library's imports folder,
    for the job to read and to read again when resumed. Raises NewsreaderError,
    OSError."""
    urls, _ = read_url_file(source)
    library.paths.imports.mkdir(parents=True, exist_ok=True)
    path = library.paths.imports / f"links-{time.strftime('%Y%m%d-%H%M%S')}.txt"
    path.write_text("".join(f"{url}\n" for url in urls), encoding="utf-8")
    return str(path)


def cmd_import(args: argparse.Namespace) -> int:
    if args.resume == (args.file is not None):
        _fail("give a FILE to import, or --resume for the imports left unfinished")
        return 2
    policy = FetchPolicy(concurrency=args.jobs, attempts=args.tries)
    with (
        _open_library(args, create=True) as library,
        Saver(library, concurrency=args.jobs, save_timeout=args.save_timeout) as saver,
    ):
        if args.resume:
            return _resume(library, saver, policy)
        source = args.file
        if _is_stream(source):
            try:
                source = _kept_stream(library, source)
            except NewsreaderError as exc:
                _fail(f"cannot import {args.file}: {exc.message}")
                return 1
            except OSError as exc:
                _fail(f"cannot read {args.file}: {exc.strerror or exc}")
                return 1
        lines = _Lines()
        job = ImportJob(
            library, saver, source, format_id=args.format, fetch=not args.no_fetch,
            tags=args.tag, on_item=lines.item, policy=policy,
        )  # fmt: skip
        progress = _run(job, lines, saver)
        if progress.state == "failed" and progress.counts.total == 0:
            message = progress.message or "nothing could be read"
            if not message.startswith("cannot read"):
                message = f"cannot import {args.file}: {message}"
            _fail(message)
            return 1
        _summary(progress, lines, job.report_path)
    return 0


def _resume(library: Library, saver: Saver, policy: FetchPolicy) -> int:
    waiting = ImportJob.unfinished(library)
    if not waiting:
        print("no unfinished imports", file=sys.stderr)
        return 0
    stuck = 0
    for job_id in waiting:
        lines = _Lines()
        job = ImportJob(library, saver, job_id=job_id, on_item=lines.item, policy=policy)
        print(f"resuming import {job_id} of {job.progress.source}", file=sys.stderr)
        progress = _run(job, lines, saver)
        if progress.state in UNFINISHED and progress.message:
            # Left to resume (its file is out of reach): why, in one line.
            _fail(f"import {job_id} cannot go on: {progress.message}")
            stuck += 1
            continue
        _summary(progress, lines, job.report_path)
    return 1 if stuck else 0


def cmd_retry(args: argparse.Namespace) -> int:
    """Fetch link-only articles again (all, or those given): each either gets its
    text, or stays a link only with the new reason."""
    with (
        _open_library(args, create=False) as library,
        Saver(library, concurrency=args.jobs, save_timeout=args.save_timeout) as saver,
    ):
        wanted = args.ids or library.link_only_ids()
        articles = library.summaries(wanted)
        known = {a.id for a in articles}
        missing = [i for i in wanted if i not in known]
        if missing:
            _fail(f"no article with id {missing[0]}")
            return 1
        links = [a for a in articles if a.fetch_state is not None]
        for article in articles:
            if article.fetch_state is None:
                print(f"{article.id}: has its text already", file=sys.stderr)
        if not links:
            print("no link-only articles to fetch", file=sys.stderr)
            return 0
        failed = 0
        try:
            results = saver.save_many([a.url for a in links])
        except KeyboardInterrupt:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            saver.close()
            raise
        for article, result in zip(links, results, strict=True):
            if result.ok:
                print(f"{result.article_id}\t{result.title}", flush=True)
                continue
            failed += 1
            library.set_fetch_failed(article.id, result.error.message)
            _fail(f"{article.id} {shown(article.url)}: {result.error.message}")
        print(f"Fetched {len(links) - failed} of {len(links)}", file=sys.stderr)
        return 1 if failed else 0


def _tries(text: str) -> int:
    """Fetches of one page in all: 1 to 10 (argparse type)."""
    return _integer(text, 1, 10)


def add_commands(sub, common: argparse.ArgumentParser) -> None:
    """Add ``import`` and ``retry`` to ``sub`` (the parser's subparsers)."""
    p = sub.add_parser(
        "import",
        parents=[common],
        help="import a file from another service (Pocket, Instapaper, Omnivore, wallabag, "
        "Readeck, Karakeep, Readwise, Matter, bookmarks, newsreader's export) or a list "
        "of URLs (- for stdin); --resume goes on with imports left unfinished",
    )
    p.add_argument("file", metavar="FILE|-", nargs="?")
    p.add_argument(
        "--format", choices=sorted(imports.FORMATS), help="the file's format (default: detected)"
    )
    p.add_argument("--no-fetch", action="store_true", help="fetch no pages: items stay links only")
    p.add_argument("--resume", action="store_true", help="go on with unfinished imports")
    p.add_argument("--tag", "-t", action="append", default=[], metavar="T")
    p.add_argument(
        "--jobs", "-j", type=_jobs, default=8,
        help=f"pages fetched at once (default 8, at most {MAX_JOBS})",
    )  # fmt: skip
    p.add_argument(
        "--tries", type=_tries, default=_TRIES,
        help=f"fetches of a page that fails for a passing reason (default {_TRIES})",
    )  # fmt: skip
    p.add_argument("--save-timeout", type=_save_timeout, default=SAVE_TIMEOUT, **SAVE_TIMEOUT_HELP)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "retry", parents=[common], help="fetch link-only articles again (default: all of them)"
    )
    p.add_argument("ids", nargs="*", type=_article_id, metavar="ID")
    p.add_argument("--jobs", "-j", type=_jobs, default=4, help="pages fetched at once")
    p.add_argument("--save-timeout", type=_save_timeout, default=SAVE_TIMEOUT, **SAVE_TIMEOUT_HELP)
    p.set_defaults(func=cmd_retry)
