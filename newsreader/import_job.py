"""An import as a background job: the file into the library, then the pages fetched.

``ImportJob`` reads the file on a thread of its own (``imports.read``), writes every
record into the library in batches (``library/import_entries``: link-only entries
and merges, listed at once), then stores the articles whose copy the export carried
(``capture/export_copy`` through ``Saver.save_copy``: cleaned, images fetched when
reachable, never the live page: the export's copy is what the person had, and a page
gone since would take it away; only a copy holding no text at all is replaced by the
page) and fetches the pages of the others through the
``Saver``, many hosts at once within the per-host limit, trying again after
``Retry-After`` and transient failures (``import_retry``). A page that cannot be
fetched leaves its article a link only, with the reason.

Everything a job did is stored as it goes (``library/import_jobs``): after quitting,
a crash or kill -9, ``ImportJob(library, saver, job_id=…)`` resumes where it stopped
(``ImportJob.unfinished`` lists the jobs to resume), and nothing is written twice:
the file's records are skipped up to the last batch committed, and an item fetched
again updates its own article (``Library.save`` matches it by its URL).

Qt-free. Callbacks run on the job's threads; a GUI hops to its own thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path

from newsreader import imports
from newsreader.capture.export_copy import export_copy
from newsreader.errors import CaptureError, ExtractionError, LibraryError, NewsreaderError
from newsreader.import_files import export_files
from newsreader.import_report import write_report
from newsreader.import_retry import FetchPolicy, verdict
from newsreader.import_schedule import Schedule, host_of
from newsreader.library import import_jobs, job_claims
from newsreader.library.import_entries import (
    FETCHED,
    LINK_ONLY,
    OUTCOMES,
    PROBLEM,
    SKIPPED,
    WAITING,
    WITH_CONTENT,
    Written,
    write_batch,
)
from newsreader.library.import_jobs import WaitingItem
from newsreader.library.library import Library
from newsreader.saver import Saver, SaveResult

log = logging.getLogger(__name__)

BATCH = 500  # records written in one transaction
PROGRESS_INTERVAL = 0.25  # seconds between progress reports, state changes aside
CLOSE_DEADLINE = 3.0  # seconds close() waits for the job's threads
RATE_WINDOW = 50  # items finished lately, for the estimate of the time left
RUNNING_ELSEWHERE = "this import is running in another newsreader (a window or a command)"
DELETED_REASON = "deleted from the library during the import"
CANCELLED_REASON = "not fetched: the import was cancelled (newsreader retry fetches it)"


def link_only_list(library: Library) -> Path | None:
    """The addresses of every link-only article (``Library.link_only_ids``), one per
    line, written as a file under the library's imports folder: imported as a list of
    links, it fetches them again as an import job does (an entry already there as a
    link only is fetched, not duplicated: ``import_entries``). None when there are none."""
    ids = set(library.link_only_ids())
    if not ids:
        return None
    urls = [a.url for a in library.summaries(sorted(ids))]
    folder = library.paths.imports
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"link-only-{time.strftime('%Y%m%d-%H%M%S')}.txt"
    number = 1
    while path.exists():
        number += 1
        path = path.with_name(f"link-only-{time.strftime('%Y%m%d-%H%M%S')}-{number}.txt")
    path.write_text("".join(f"{url}\n" for url in urls), encoding="utf-8")
    return path


class DeletedMeanwhile(LibraryError):
    """The item's article was deleted from the library while the item waited."""


class EmptyCopy(ExtractionError):
    """The export's copy of an article holds no text (``export_copy``)."""


@dataclass(frozen=True)
class ImportCounts:  # outcomes so far
    total: int = 0  # items read from the file (problems and skipped included)
    with_content: int = 0  # stored from the export's own copy of the article
    fetched: int = 0  # page fetched and stored
    link_only: int = 0  # kept as link only (fetch failed, or fetching off); reason in report
    merged: int = 0  # already in the library: tags/state merged
    skipped: int = 0  # deliberately not imported (Skipped records, duplicates in file)
    problems: int = 0  # rows that could not be read (ImportProblem)
    waiting: int = 0  # still to be fetched
    saved_searches: int = 0  # saved searches the file brought and the library lacked


@dataclass(frozen=True)
class ImportProgress:
    job_id: int
    source: str  # the file's name as given
    format_name: str  # imports.FORMATS[id][0]
    state: str  # "reading" | "fetching" | "paused" | "cancelled" | "done" | "failed"
    counts: ImportCounts
    seconds_left: float | None  # estimate, None until known
    message: str | None = None  # one line when state == "failed" (file unreadable)


@dataclass(frozen=True)
class ItemDone:
    """What became of one record, as it became final (for a line per item)."""

    where: str
    url: str | None
    title: str | None
    outcome: str
    reason: str | None
    article_id: int | None


def _counts(by_outcome: dict[str, int], saved_searches: int = 0) -> ImportCounts:
    return ImportCounts(
        saved_searches=saved_searches,
        total=sum(by_outcome.values()),
        with_content=by_outcome[WITH_CONTENT],
        fetched=by_outcome[FETCHED],
        link_only=by_outcome[LINK_ONLY],
        merged=by_outcome["merged"],
        skipped=by_outcome[SKIPPED],
        problems=by_outcome[PROBLEM],
        waiting=by_outcome[WAITING],
    )


class ImportJob:
    """One import: a new one from ``path``, or the stored job ``job_id`` resumed.

    ``format_id`` (a key of ``imports.FORMATS``) overrides detection; ``fetch``
    False stores no page and downloads nothing (items stay links only, the export's
    copies are stored without their images); ``tags`` are added to every item.
    ``on_progress`` gets an ``ImportProgress`` a few times a second and at every
    state change, ``on_item`` an ``ItemDone`` per record as it becomes final; both
    on the job's threads. ``policy`` sets concurrency, tries and back-off.
    """

    def __init__(
        self,
        library: Library,
        saver: Saver,
        path: str | None = None,
        *,
        job_id: int | None = None,
        format_id: str | None = None,
        fetch: bool = True,
        on_progress: Callable[[ImportProgress], None] | None = None,
        tags: Sequence[str] = (),
        on_item: Callable[[ItemDone], None] | None = None,
        policy: FetchPolicy | None = None,
    ) -> None:
        if (path is None) == (job_id is None):
            raise ValueError("give the file to import or the job to resume, not both")
        if format_id is not None and format_id not in imports.FORMATS:
            raise ValueError(f"unknown import format {format_id!r}")
        self.library, self.saver = library, saver
        self.policy = policy or FetchPolicy()
        self._on_progress, self._on_item = on_progress, on_item
        self._lock = threading.Lock()
        self._by_outcome = dict.fromkeys(OUTCOMES, 0)
        self._message: str | None = None
        self._saved_searches = 0  # saved searches added from the file (own exports)
        self._paused, self._stop, self._cancel = (threading.Event() for _ in range(3))
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._running: dict[Future, WaitingItem] = {}
        self._fetched_live: set[int] = set()  # items whose export's copy held no text
        self._finished_at: deque[float] = deque(maxlen=RATE_WINDOW)
        self._last_report = 0.0
        self._report_path: Path | None = None
        self._claim: job_claims.JobClaim | None = None
        self._job_id = job_id
        self._resumed = job_id is not None
        if job_id is None:
            # Stored absolute: a job resumed from another working folder reads the
            # same file (the progress shows it as given).
            self._path = str(Path(path).absolute()) if path != "-" else path
            self._source, self._format_id, self._fetch = path, format_id, fetch
            self._tags, self._state = tuple(tags), "reading"
        else:
            stored = import_jobs.get(library, job_id)
            self._source, self._format_id, self._fetch = (
                stored.source, stored.format_id, stored.fetch,
            )  # fmt: skip
            self._path = stored.source
            self._tags, self._message = stored.tags, stored.message
            self._state = "fetching" if stored.state == "paused" else stored.state
            if stored.state == "paused":  # left paused: it goes on when resumed
                self._paused.set()
            self._by_outcome = import_jobs.counts(library, job_id)

    # --- the contract ---------------------------------------------------------------
    @staticmethod
    def unfinished(library: Library) -> list[int]:
        """Ids of the jobs left reading, fetching or paused, which no other process
        runs now (job_claims): to resume at start."""
        return [
            job_id
            for job_id in import_jobs.unfinished(library)
            if not job_claims.is_claimed(library.paths, job_id)
        ]

    @property
    def job_id(self) -> int | None:
        return self._job_id

    @property
    def report_path(self) -> Path | None:
        return self._report_path

    @property
    def progress(self) -> ImportProgress:
        with self._lock:
            counts = _counts(self._by_outcome, self._saved_searches)
            state = "paused" if self._paused.is_set() and self._state in (
                "reading", "fetching",
            ) else self._state  # fmt: skip
            left = self._seconds_left(counts) if state == "fetching" else None
            format_id = self._format_id
        name = imports.FORMATS[format_id][0] if format_id in imports.FORMATS else ""
        return ImportProgress(
            self._job_id or 0, self._source, name, state, counts, left, self._message
        )

    def start(self) -> None:
        """Start the job on its own thread; returns at once."""
        if self._thread is not None:
            raise RuntimeError("the import job was started already")
        if self._state in ("done", "cancelled", "failed"):
            self._report(force=True)
            return
        self._thread = threading.Thread(target=self._run, name="import-job", daemon=True)
        self._thread.start()

    def pause(self) -> None:
        """Start no more fetches (those running finish); ``resume`` goes on."""
        self._paused.set()
        self._wake.set()

    def resume(self) -> None:
        self._paused.clear()
        self._wake.set()

    def cancel(self) -> None:
        """Stop fetching: running fetches are cut off, items not fetched stay links
        only. A file still being read is read to its end first (its entries are
        written, as links only)."""
        self._cancel.set()
        self._cut_off_running()
        self._wake.set()

    def wait(self, timeout: float) -> bool:
        """True when the job has finished (or was never started), within ``timeout`` s."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def close(self) -> None:
        """Stop the job's threads within ``CLOSE_DEADLINE`` s; it stays resumable."""
        self._stop.set()
        self._cut_off_running()
        self._wake.set()
        self.wait(CLOSE_DEADLINE)

    # --- the job's thread -----------------------------------------------------------
    def _cut_off_running(self) -> None:
        with self._lock:
            urls = [item.url for item in self._running.values()]
        for url in urls:
            self.saver.cancel(url)

    def _run(self) -> None:
        try:
            if self._job_id is None and not self._begin():
                return
            if self._claim is None:
                self._claim = job_claims.claim(self.library.paths, self._job_id)
                if self._claim is None:
                    self._unreadable(RUNNING_ELSEWHERE)
                    return
            if self._state == "reading" and not self._read():
                return
            if self._cancel.is_set():
                self._end("cancelled")
            elif not self._stop.is_set():
                self._set_state("fetching")
                self._fetch_all()
                if self._cancel.is_set():
                    self._end("cancelled")
                elif not self._stop.is_set():
                    self._end("done")
        except NewsreaderError as exc:
            # The library failed (busy past its wait, read-only, disk full): the job
            # stays as stored and resumes when started again.
            log.warning("import job %s stopped: %s", self._job_id, exc.message)
            self._message = exc.message
        except Exception:  # a bug: logged in full, the job stays resumable
            log.exception("import job %s failed", self._job_id)
            self._message = "internal error; see the log"
        finally:
            if self._claim is not None:
                if self._job_id is not None and self._state not in ("done", "cancelled"):
                    self._write_report()
                self._claim.release()
                self._claim = None
            self._report(force=True)

    def _begin(self) -> bool:
        """Recognise the file and make the job's row; False when it cannot be read."""
        try:
            self._format_id = self._format_id or imports.detect(self._path)
        except imports.ImportError_ as exc:
            return self._unreadable(exc.message)
        except OSError as exc:
            return self._unreadable(f"cannot read {self._source}: {exc.strerror or exc}")
        self._job_id = import_jobs.create(
            self.library, self._path, self._format_id, self._fetch, self._tags
        )
        # Held from the start: a window starting meanwhile must not resume it too.
        self._claim = job_claims.claim(self.library.paths, self._job_id)
        self._report(force=True)
        return True

    def _unreadable(self, message: str) -> bool:
        with self._lock:
            self._state, self._message = "failed", message
        return False

    def _read(self) -> bool:
        """Write the file's records from where the last run stopped; False when the job
        ends here (stopped, or nothing in the file could be read)."""
        done = import_jobs.get(self.library, self._job_id).read_count
        resumed = self._resumed
        batch: list = []
        failure: str | None = None
        opened = False  # the file gave a record in this run
        records = imports.read(self._path, self._format_id)
        searches: list[tuple[str, str]] = []
        try:
            for number, record in enumerate(records):
                if not opened:
                    opened = True
                    with self._lock:
                        self._message = None  # why it could not go on last time
                if isinstance(record, imports.ImportedSavedSearch):
                    # After every item (imports/own.py): not numbered among them, and
                    # added again on a resume (a name already there is kept).
                    searches.append((record.name, record.query))
                    continue
                if number < done:
                    continue
                batch.append(record)
                if len(batch) >= BATCH:
                    done = self._write(done, batch)
                    batch = []
                    while self._paused.is_set() and not self._halted():
                        self._wake.wait(0.5)
                        self._wake.clear()
                    # Cancelling stops the fetching, not the reading: the rest of the
                    # file is written (seconds), as links only. Quitting stops here,
                    # resumable.
                    if self._stop.is_set():
                        return False
        except imports.ImportError_ as exc:
            failure = exc.message
        except NewsreaderError as exc:  # a list of links refused as a whole (url_lists)
            failure = exc.message
        except OSError as exc:
            failure = f"cannot read {self._path}: {exc.strerror or exc}"
        if failure is not None and resumed and not opened:
            # The file moved, was deleted or is out of reach (a disk not mounted): the
            # rest of it is not lost, the job waits for it to be back.
            message = f"{failure} (the import goes on when the file is back there)"
            import_jobs.set_state(self.library, self._job_id, "reading", message)
            with self._lock:
                self._message = message
            return False
        if failure is not None and done + len(batch) == 0:
            import_jobs.set_state(self.library, self._job_id, "failed", failure)
            self._unreadable(failure)
            return False
        if failure is not None:
            batch.append(imports.ImportProblem("file", f"the rest could not be read: {failure}"))
        if batch:
            self._write(done, batch)
        if searches:
            added = self.library.saved_searches.merge(searches)
            with self._lock:
                self._saved_searches += added
        return True

    def _halted(self) -> bool:
        return self._stop.is_set() or self._cancel.is_set()

    def _write(self, first: int, batch: list) -> int:
        written = write_batch(
            self.library, self._job_id, first, batch, extra_tags=self._tags, fetch=self._fetch
        )
        with self._lock:
            for row in written:
                self._by_outcome[row.outcome] += 1
        for row, record in zip(written, batch, strict=True):
            if row.outcome != WAITING:
                self._item_done(row, record)
        self._report()
        return first + len(batch)

    def _item_done(self, row: Written, record) -> None:
        if self._on_item is not None:
            where = getattr(record, "line", None) or getattr(record, "where", "")
            title = getattr(record, "title", None)
            self._on_item(ItemDone(where, row.url, title, row.outcome, row.reason, row.article_id))

    # --- fetching -------------------------------------------------------------------
    def _fetch_all(self) -> None:
        items = import_jobs.waiting(self.library, self._job_id)
        per_host = self.saver.fetcher.limits.per_host
        schedule = Schedule(items, per_host, time.time())
        pool = ThreadPoolExecutor(self.policy.concurrency, thread_name_prefix="import-fetch")
        try:
            while not self._halted():
                if self._paused.is_set() and not self._running:
                    self._hold_while_paused()
                    continue
                now = time.time()
                # Paused: running fetches finish and are recorded, none starts.
                while not self._paused.is_set() and len(self._running) < self.policy.concurrency:
                    item = schedule.take(now)
                    if item is None:
                        break
                    with self._lock:
                        self._running[pool.submit(self._one, item)] = item
                if not self._running and not len(schedule):
                    return
                pause = schedule.seconds_to_next(now)
                pause = 0.25 if pause is None else min(max(pause, 0.01), 0.25)
                if self._running:
                    finished, _ = wait(list(self._running), pause, FIRST_COMPLETED)
                else:
                    finished = set()
                    self._wake.wait(pause)
                    self._wake.clear()
                for future in finished:
                    with self._lock:
                        item = self._running.pop(future)
                    schedule.done(item)
                    self._settle(item, future.result(), schedule)
                self._report()
        finally:
            self._cut_off_running()
            pool.shutdown(wait=False, cancel_futures=True)
            wait(list(self._running), CLOSE_DEADLINE)

    def _hold_while_paused(self) -> None:
        self._set_state("paused")
        while self._paused.is_set() and not self._halted():
            self._wake.wait(0.5)
            self._wake.clear()
        if not self._halted():
            self._set_state("fetching")

    def _one(self, item: WaitingItem) -> SaveResult | NewsreaderError:
        """Fetch or store one item, on a pool thread: its result, or the error."""
        try:
            # The item's article as it is now, not as the job found it: one the
            # person deleted meanwhile (while the item waited for a Retry-After)
            # stays deleted.
            if item.article_id is None or not self.library.db.scalar(
                "SELECT EXISTS (SELECT 1 FROM articles WHERE id = ?)", (item.article_id,)
            ):
                return DeletedMeanwhile(DELETED_REASON)
            if item.has_content:
                try:
                    return self._store_copy(item)
                except EmptyCopy as exc:
                    if not self._fetch:
                        raise
                    # The copy holds no text (scripts only, an empty body): the live
                    # page instead, rather than nothing.
                    log.info("the export's copy of %s is empty (%s): fetching it", item.url, exc)
                    with self._lock:
                        self._fetched_live.add(item.seq)
            return self.saver.save(item.url)
        except NewsreaderError as exc:
            return exc
        except Exception as exc:  # a bug, not the page's doing: logged in full
            log.exception("import of %s failed", item.url)
            return CaptureError(f"internal error: {exc.__class__.__name__}: {exc}")

    def _store_copy(self, item: WaitingItem) -> SaveResult:
        content, names = import_jobs.content_of(self.library, self._job_id, item.seq)
        row = self.library.db.query_one(
            "SELECT title, author, site, description, published, language, updated, "
            "final_url, canonical_url, lead_image_url, partial, paywall FROM articles "
            "WHERE id = ?",
            (item.article_id,),
        )
        if row is None:
            raise DeletedMeanwhile(DELETED_REASON)
        files = export_files(self._path, names) if names else {}
        try:
            article = export_copy(
                content or "", item.url, title=row["title"], language=row["language"], files=files
            )
        except ExtractionError as exc:
            raise EmptyCopy(exc.message) from exc
        # The export's fields, as the entry has them: the copy has no page metadata.
        article = replace(
            article,
            author=row["author"],
            site=row["site"],
            description=row["description"],
            published=row["published"],
            updated=row["updated"],
            canonical_url=row["canonical_url"],
            lead_image_url=row["lead_image_url"],
            partial=bool(row["partial"]),
            paywall=row["paywall"],
        )
        return self.saver.save_copy(
            item.url, article, images=self._fetch, final_url=row["final_url"] or None
        )

    def _settle(self, item: WaitingItem, result, schedule: Schedule) -> None:
        tries = item.attempts + 1
        with self._lock:
            live = item.seq in self._fetched_live
        if isinstance(result, SaveResult):
            outcome = WITH_CONTENT if item.has_content and not live else FETCHED
            import_jobs.settle(
                self.library, self._job_id, item.seq, outcome, None,
                attempts=tries, article_id=result.article_id,
            )  # fmt: skip
            self._finished(item, outcome, item.reason, result.article_id, result.title)
            return
        if isinstance(result, DeletedMeanwhile):
            import_jobs.settle(
                self.library, self._job_id, item.seq, SKIPPED, result.message, attempts=tries
            )
            self._finished(item, SKIPPED, result.message, None, item.title)
            return
        if self._halted():  # cut off by close() or cancel(): still waiting
            return
        error: NewsreaderError = result
        judged = verdict(error, tries, self.policy)
        if judged.retry and tries < self.policy.attempts:
            until = time.time() + judged.wait
            import_jobs.postpone(
                self.library, self._job_id, item.seq, attempts=tries, not_before=until,
                status=judged.status, reason=error.message,
            )  # fmt: skip
            if judged.host_wait:
                schedule.hold(host_of(item), until)
            schedule.add(replace(item, attempts=tries, not_before=until), time.time())
            return
        reason = error.message
        if live:
            reason = f"the export's copy holds no text, and the page: {reason}"
        elif item.has_content:
            reason = f"the export's copy could not be stored: {reason}"
        import_jobs.settle(
            self.library, self._job_id, item.seq, LINK_ONLY, reason,
            attempts=tries, status=judged.status,
        )  # fmt: skip
        self._finished(item, LINK_ONLY, reason, item.article_id, item.title)

    def _finished(self, item, outcome, reason, article_id, title) -> None:
        with self._lock:
            self._by_outcome[WAITING] -= 1
            self._by_outcome[outcome] += 1
            self._finished_at.append(time.monotonic())
        if self._on_item is not None:
            self._on_item(ItemDone(item.place, item.url, title, outcome, reason, article_id))

    # --- state and reports -----------------------------------------------------------
    def _seconds_left(self, counts: ImportCounts) -> float | None:
        if counts.waiting == 0:
            return 0.0
        times = self._finished_at
        if len(times) < 2 or times[-1] <= times[0]:
            return None
        rate = (len(times) - 1) / (times[-1] - times[0])  # items a second, lately
        return counts.waiting / rate

    def _set_state(self, state: str) -> None:
        import_jobs.set_state(self.library, self._job_id, state)
        with self._lock:
            self._state = state
        self._report(force=True)

    def _end(self, state: str) -> None:
        if state == "cancelled":
            given_up = import_jobs.give_up_waiting(self.library, self._job_id, CANCELLED_REASON)
            with self._lock:
                self._by_outcome[WAITING] -= given_up
                self._by_outcome[LINK_ONLY] += given_up
        self._write_report()
        self._set_state(state)

    def _write_report(self) -> None:
        try:
            self._report_path = write_report(self.library, self._job_id)
        except LibraryError as exc:
            # Stopped (Ctrl+C, quitting) after its owner closed the library: the
            # report is made again when the job resumes, so this is no news.
            level = logging.INFO if self._stop.is_set() else logging.WARNING
            log.log(level, "the report of import %s could not be written: %s", self._job_id, exc)

    def _report(self, force: bool = False) -> None:
        if self._on_progress is None:
            return
        now = time.monotonic()
        if not force and now - self._last_report < PROGRESS_INTERVAL:
            return
        self._last_report = now
        self._on_progress(self.progress)
