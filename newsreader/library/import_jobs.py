"""The stored state of import jobs (tables ``import_jobs`` and ``import_items``,
schema 8), so that a job resumes after quitting, a crash or kill -9.

A job's row says which file, in which format, with which options, how far the file
has been written (``read_count``) and in which state the job was left; an item's
row what became of one record of the file (``import_entries`` writes them), and for
one still ``waiting``: how many fetches were tried, the earliest time to try again
(``not_before``, Unix time) and the last HTTP status. The per-item report is made
from the items (``report_rows``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from newsreader.errors import LibraryError
from newsreader.library.db import Database
from newsreader.library.import_entries import OUTCOMES, WAITING

log = logging.getLogger(__name__)

# The states a job is stored in; the first three are unfinished (resumed at start).
UNFINISHED = ("reading", "fetching", "paused")
STATES = (*UNFINISHED, "cancelled", "done", "failed")


@dataclass(frozen=True)
class JobRecord:
    id: int
    source: str
    format_id: str
    fetch: bool
    tags: tuple[str, ...]
    state: str
    read_count: int
    message: str | None


@dataclass(frozen=True)
class WaitingItem:
    seq: int
    place: str
    url: str
    title: str | None
    article_id: int | None
    has_content: bool
    attempts: int
    not_before: float
    reason: str | None = None  # a note kept with the item (a password left out)


def create(library, source: str, format_id: str, fetch: bool, tags: Sequence[str]) -> int:
    """A new job in state 'reading'; its id."""
    now = library.now()

    def body(db: Database) -> int:
        cursor = db.execute(
            "INSERT INTO import_jobs (source, format, fetch, tags, state, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, 'reading', ?, ?)",
            (source, format_id, int(fetch), json.dumps(list(tags)), now, now),
        )
        return int(cursor.lastrowid)

    return library.db.write(body)


def get(library, job_id: int) -> JobRecord:
    """Raises LibraryError when there is no such job."""
    row = library.db.query_one("SELECT * FROM import_jobs WHERE id = ?", (job_id,))
    if row is None:
        raise LibraryError(f"no import job {job_id}")
    return JobRecord(
        row["id"], row["source"], row["format"], bool(row["fetch"]),
        tuple(json.loads(row["tags"] or "[]")), row["state"], row["read_count"], row["message"],
    )  # fmt: skip


def set_state(library, job_id: int, state: str, message: str | None = None) -> None:
    if state not in STATES:
        raise ValueError(f"unknown job state {state!r}")
    library.db.write(
        lambda db: db.execute(
            "UPDATE import_jobs SET state = ?, message = ?, updated_at = ? WHERE id = ?",
            (state, message, library.now(), job_id),
        )
    )


def unfinished(library) -> list[int]:
    """Jobs left reading, fetching or paused, oldest first."""
    marks = ", ".join("?" for _ in UNFINISHED)
    return [
        row[0]
        for row in library.db.query(
            f"SELECT id FROM import_jobs WHERE state IN ({marks}) ORDER BY id", UNFINISHED
        )
    ]


def counts(library, job_id: int) -> dict[str, int]:
    """How many items have each outcome (every outcome present, 0 when none)."""
    found = dict.fromkeys(OUTCOMES, 0)
    for row in library.db.query(
        "SELECT outcome, count(*) FROM import_items WHERE job_id = ? GROUP BY outcome", (job_id,)
    ):
        found[row[0]] = row[1]
    return found


def waiting(library, job_id: int) -> list[WaitingItem]:
    """The items still to fetch or to store from the export's copy, in file order."""
    return [
        WaitingItem(
            row["seq"],
            row["place"],
            row["url"],
            row["title"],
            row["article_id"],
            bool(row["has_content"]),
            row["attempts"],
            row["not_before"] or 0.0,
            row["reason"],
        )
        for row in library.db.query(
            "SELECT seq, place, url, title, article_id, content IS NOT NULL AS has_content, "
            "attempts, not_before, reason FROM import_items WHERE job_id = ? AND outcome = ? "
            "ORDER BY seq",
            (job_id, WAITING),
        )
    ]


def content_of(library, job_id: int, seq: int) -> tuple[str | None, dict[str, str]]:
    """The export's copy of an item's article and the export's files it names: the
    image source as the copy writes it → the file's path in the export's ZIP."""
    row = library.db.query_one(
        "SELECT content, images FROM import_items WHERE job_id = ? AND seq = ?", (job_id, seq)
    )
    if row is None:
        return None, {}
    files = json.loads(row["images"] or "{}")
    if isinstance(files, list):  # stored by an earlier newsreader: paths as written
        return row["content"], {name: name for name in files}
    return row["content"], files


def settle(
    library,
    job_id: int,
    seq: int,
    outcome: str,
    reason: str | None,
    *,
    attempts: int,
    status: int | None = None,
    article_id: int | None = None,
) -> None:
    """Record an item's final outcome; the export's copy it held is let go. A
    link-only outcome marks its article failed to fetch with the reason, unless the
    article has its content (another item or program saved it meanwhile)."""

    def body(db: Database) -> None:
        db.execute(
            "UPDATE import_items SET outcome = ?, reason = coalesce(?, reason), attempts = ?, "
            "http_status = ?, "
            "article_id = coalesce(?, article_id), content = NULL, images = NULL, "
            "not_before = NULL WHERE job_id = ? AND seq = ?",
            (outcome, reason, attempts, status, article_id, job_id, seq),
        )
        if outcome == "link_only" and reason:
            db.execute(
                "UPDATE articles SET fetch_state = 'failed', fetch_error = ? "
                "WHERE fetch_state IS NOT NULL AND id = (SELECT article_id FROM import_items "
                "WHERE job_id = ? AND seq = ?)",
                (" ".join(reason.split())[:500], job_id, seq),
            )
        if outcome == "link_only":
            _lose_placed_highlights(db, "job_id = ? AND seq = ?", (job_id, seq))

    library.db.write(body)


def postpone(
    library, job_id: int, seq: int, *, attempts: int, not_before: float, status: int | None,
    reason: str,
) -> None:  # fmt: skip
    """An item to try again after ``not_before`` (Unix time). ``reason``, why the
    last try failed, is logged: the item's own reason is for its outcome."""
    log.info("import item %s/%s tried again later: %s", job_id, seq, reason)
    library.db.write(
        lambda db: db.execute(
            "UPDATE import_items SET attempts = ?, not_before = ?, http_status = ? "
            "WHERE job_id = ? AND seq = ?",
            (attempts, not_before, status, job_id, seq),
        )
    )


def give_up_waiting(library, job_id: int, reason: str) -> int:
    """Every item still waiting becomes link only with ``reason`` (a cancelled job);
    their articles stay queued, for ``newsreader retry``. How many."""

    def body(db: Database) -> int:
        _lose_placed_highlights(db, "job_id = ? AND outcome = 'waiting'", (job_id,))
        return db.execute(
            "UPDATE import_items SET outcome = 'link_only', reason = ?, content = NULL, "
            "images = NULL WHERE job_id = ? AND outcome = 'waiting'",
            (reason, job_id),
        ).rowcount

    return library.db.write(body)


def _lose_placed_highlights(db: Database, items: str, params: tuple) -> None:
    """The highlights set where the export said (import_entries) of the items' articles
    left without their text: no longer found, until a fetch places them again."""
    db.execute(
        "UPDATE highlights SET text_start = NULL, text_end = NULL, anchoring = 'lost' "
        "WHERE text_start IS NOT NULL AND article_id IN (SELECT a.id FROM articles a "
        f"JOIN import_items i ON i.article_id = a.id WHERE a.fetch_state IS NOT NULL AND {items})",
        params,
    )


REPORT_COLUMNS = (
    "where", "url", "title", "outcome", "reason", "article_id", "attempts", "http_status",
)  # fmt: skip


def report_rows(library, job_id: int) -> Iterator[tuple]:
    """The report's rows (``REPORT_COLUMNS``), in file order."""
    yield from library.db.query(
        "SELECT place, url, title, outcome, reason, article_id, attempts, http_status "
        "FROM import_items WHERE job_id = ? ORDER BY seq",
        (job_id,),
    )
