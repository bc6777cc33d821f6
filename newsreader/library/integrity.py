"""Whether a database file is sound, read without changing it.

One way to open a database for reading (``connect``: SQLite's ``mode=ro`` URI, built by
``identity.sqlite_uri``) and one way to run SQLite's own checks on it (``complaint``:
``PRAGMA quick_check`` or ``integrity_check``, https://sqlite.org/pragma.html#pragma_quick_check),
used by backups (the copy must be sound), restores (the archive's database) and the
start after an unclean shutdown (sessions.py).

Only SQLite's own verdict counts as damage: a complaint of the check, or the error codes
SQLITE_CORRUPT and SQLITE_NOTADB (https://sqlite.org/rescode.html). Any other error
(busy, an I/O error, a read-only folder holding a write-ahead log) says nothing about
the file and is raised for the caller to report as what it is.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from newsreader.library import identity, terms
from newsreader.library.db import SEARCH_TEXT, disk_nearly_full

DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
# Seconds a read waits for a lock before SQLite answers busy.
READ_TIMEOUT = 30.0


def connect(path: Path, timeout: float = READ_TIMEOUT) -> sqlite3.Connection:
    """A read-only connection to the database file ``path`` (``mode=ro``: never creates
    or changes the file; SQLite may add the shared-memory index of a WAL beside it).

    Where that index cannot be made (a read-only folder or medium, a full disk) and no
    write-ahead log holds changes, the file alone is the whole database and nobody can
    be writing to it: it is read as ``immutable``, without locks or the index
    (https://sqlite.org/uri.html#uriimmutable), as ``db.Database`` does for the window.
    """
    options = {"immutable": "1"} if _cannot_grow(path) else {"mode": "ro"}
    conn = sqlite3.connect(identity.sqlite_uri(path, **options), uri=True, timeout=timeout)
    # The search index's view calls it (db.py); SQLite 3.44 on checks FTS5 tables in
    # integrity_check, reading that view.
    conn.create_function(SEARCH_TEXT, 1, terms.index_text, deterministic=True)
    return conn


def _cannot_grow(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.exists() and wal.stat().st_size:
            return False
        if not os.access(path.parent, os.W_OK):  # also False on a read-only mount
            return True
        if path.with_name(path.name + "-shm").exists():
            return False  # the index is there already: mode=ro uses it
        return disk_nearly_full(path.parent)  # the index (32 KB and up) may not fit
    except OSError:
        return False


def one_line(message: str) -> str:
    """An SQLite check's message on one line: its first complaint (a row of
    ``PRAGMA quick_check`` may hold many, a line each), without the
    '*** in database main ***' heading."""
    complaints = message.replace("*** in database main ***", "").strip().splitlines()
    return " ".join((complaints[0] if complaints else message).split())


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether an SQLite error says the file itself is damaged or not a database."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in DAMAGE_CODES:
        return True
    text = str(exc)
    return "malformed" in text or "not a database" in text


def complaint(conn: sqlite3.Connection, thorough: bool = False) -> str | None:
    """Run ``PRAGMA quick_check`` (``integrity_check`` when ``thorough``) on ``conn``:
    None when it passes, else its first complaint on one line. An SQLite error that
    ``is_damage`` is returned as the complaint; any other is raised (sqlite3.Error)."""
    pragma = "integrity_check" if thorough else "quick_check"
    try:
        rows = [row[0] for row in conn.execute(f"PRAGMA {pragma}(5)")]
    except sqlite3.Error as exc:
        if is_damage(exc):
            return one_line(str(exc))
        raise
    return None if rows == ["ok"] else one_line(str(rows[0]) if rows else "no answer")


def quick_check(database: Path, timeout: float = READ_TIMEOUT) -> str | None:
    """``complaint`` of the database file ``database``, opened read-only. Raises
    sqlite3.Error when the check could not run for a reason other than damage."""
    try:
        conn = connect(database, timeout)
    except sqlite3.Error as exc:
        if is_damage(exc):
            return one_line(str(exc))
        raise
    try:
        return complaint(conn)
    finally:
        conn.close()
