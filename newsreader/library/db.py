"""A small wrapper around sqlite3: one connection per thread, explicit transactions,
versioned migrations that refuse a database newer than the code.

Every statement goes through ``execute``/``query`` with bound parameters; nothing
formats values into SQL.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsreader.errors import LibraryError, LibraryLocked, SchemaTooNew

log = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]
# A migration step: an SQL statement, or a function for what SQL cannot do alone
# (stemming words, detecting languages). Both run inside the migration's transaction.
Step = str | Callable[["Database"], None]

# How long a writer waits for another writer (another thread, or the CLI while the
# window is open) before giving up with LibraryLocked.
BUSY_TIMEOUT_MS = 15_000


# Values per IN (...) query, well under SQLite's limit on bound parameters.
IN_BATCH = 400


def in_batches(values: Sequence[Any], size: int = IN_BATCH) -> Iterator[tuple[list, str]]:
    """``values`` in batches for ``IN (...)``, each with its string of placeholders."""
    for start in range(0, len(values), size):
        batch = list(values[start : start + size])
        yield batch, ", ".join("?" * len(batch))


def _translate(exc: sqlite3.Error, path: Path) -> LibraryError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return LibraryLocked(f"the library at {path} is busy in another program; try again")
    if "not a database" in text or "malformed" in text:
        return LibraryError(f"{path} is not a readable newsreader library ({text})")
    return LibraryError(f"library error: {text}")


class Database:
    """A SQLite database file shared by the threads of one process."""

    def __init__(self, path: Path, migrations: Sequence[Sequence[Step]]) -> None:
        self.path = path
        self._migrations = migrations
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False
        self._migrate()

    # Connections -------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,  # we issue BEGIN/COMMIT ourselves
                check_same_thread=False,  # so close() may run on another thread
            )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                log.warning("SQLite refused WAL mode for %s (got %s)", self.path, mode)
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc
        return conn

    @property
    def connection(self) -> sqlite3.Connection:
        if self._closed:
            raise LibraryError("the library is closed")
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for conn in self._all:
                conn.close()
            self._all.clear()

    # Statements --------------------------------------------------------------
    @contextmanager
    def _errors_translated(self) -> Iterator[None]:
        # Constraint violations and misuse are programming errors and stay as they
        # are; everything else (locked, damaged, full disk) becomes a LibraryError.
        try:
            yield
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError):
            raise
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc

    def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        with self._errors_translated():
            return self.connection.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Params]) -> sqlite3.Cursor:
        with self._errors_translated():
            return self.connection.executemany(sql, rows)

    def query(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        return self.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        return self.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: Params = ()) -> Any:
        row = self.execute(sql, params).fetchone()
        return None if row is None else row[0]

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """A write transaction: committed on success, rolled back on any exception.

        BEGIN IMMEDIATE takes the write lock up front, so two writers wait for each
        other at the start instead of failing halfway through.
        """
        conn = self.connection
        if conn.in_transaction:
            raise LibraryError("nested transactions are not supported")
        self.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            conn.rollback()
            raise
        else:
            try:
                conn.commit()
            except sqlite3.Error as exc:
                conn.rollback()
                raise _translate(exc, self.path) from exc

    # Schema ------------------------------------------------------------------
    @property
    def version(self) -> int:
        return int(self.scalar("PRAGMA user_version"))

    def _migrate(self) -> None:
        latest = len(self._migrations)
        current = self.version
        if current > latest:
            self.close()
            raise SchemaTooNew(
                f"the library at {self.path.parent} was written by a newer newsreader "
                f"(schema {current}, this version knows {latest}); "
                "upgrade newsreader to open it"
            )
        for version in range(current + 1, latest + 1):
            log.info("migrating %s to schema %d", self.path, version)
            with self.transaction():
                # Another process may have migrated while we waited for the lock.
                if self.version >= version:
                    continue
                for step in self._migrations[version - 1]:
                    if callable(step):
                        step(self)
                    else:
                        self.execute(step)
                self.execute(f"PRAGMA user_version = {version:d}")
