"""A small wrapper around sqlite3: one connection per thread, explicit transactions,
versioned migrations that refuse a database newer than the code, and writers that
wait their turn.

Every statement goes through ``execute``/``query`` with bound parameters; nothing
formats values into SQL.

Waiting for the write lock: SQLite answers SQLITE_BUSY when another connection (another
thread, the CLI while the window is open, an import) holds it. Each attempt lets SQLite's
own busy handler wait ``BUSY_SLICE_MS`` (https://sqlite.org/c3ref/busy_timeout.html);
between attempts the library sleeps a jittered, growing pause ("full jitter",
https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/), so that
writers that met at the lock do not meet again; only when ``busy_timeout`` seconds have
passed does LibraryLocked reach the caller. A busy answer in the middle of a transaction
run by ``write`` retries the whole transaction. A writer may also pass ``cancelled``, a
plain callable asked before each attempt (so at least every BUSY_SLICE_MS + BACKOFF_CAP
seconds): once it answers True while the lock is still being waited for, nothing is
written and ``Cancelled`` is raised.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import random
import secrets
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from newsreader.errors import (
    Cancelled,
    DiskFull,
    LibraryDamaged,
    LibraryError,
    LibraryLocked,
    LibraryReadOnly,
    SchemaTooNew,
)
from newsreader.library import identity, terms

log = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]
# A migration step: an SQL statement, or a function for what SQL cannot do alone
# (stemming words, detecting languages). Both run inside the migration's transaction.
Step = str | Callable[["Database"], None]
T = TypeVar("T")
# Asked between attempts to take the write lock: True stops the wait (see ``write``).
CancelCheck = Callable[[], bool]

# How long, in seconds, a writer waits in all for the write lock held by another writer
# before LibraryLocked (the default of Database's and Library's ``busy_timeout``). Long
# enough to outwait a save or an import's steady stream of saves; a reindex of a very
# large library may take longer, and then the message says to try again.
WRITE_DEADLINE = 60.0
# SQLite's own busy handler per attempt, in milliseconds.
BUSY_SLICE_MS = 50
# The SQL function that gives a text as the search index is fed it (terms.index_text).
SEARCH_TEXT = "search_text"
# The pause between attempts: uniform in [0, min(cap, first * 2**attempt)] seconds.
BACKOFF_FIRST = 0.005
BACKOFF_CAP = 0.25
# Below this much free space an I/O error while writing is reported as a full disk:
# SQLite says SQLITE_FULL for its database pages, but only "disk I/O error" when its
# shared-memory index cannot grow.
FULL_DISK_BYTES = 1 << 20


# Values per IN (...) query, well under SQLite's limit on bound parameters.
IN_BATCH = 400


def in_batches(values: Sequence[Any], size: int = IN_BATCH) -> Iterator[tuple[list, str]]:
    """``values`` in batches for ``IN (...)``, each with its string of placeholders."""
    for start in range(0, len(values), size):
        batch = list(values[start : start + size])
        yield batch, ", ".join("?" * len(batch))


def _primary(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def is_busy(exc: BaseException) -> bool:
    """Whether SQLite refused because another connection holds a lock."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    if _primary(exc) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return True
    text = str(exc)
    return "database is locked" in text or "database table is locked" in text


def disk_nearly_full(folder: Path) -> bool:
    """Whether ``folder``'s disk has less than FULL_DISK_BYTES free (False if unknown)."""
    try:
        return shutil.disk_usage(folder).free < FULL_DISK_BYTES
    except OSError:
        return False


def full_disk(folder: Path) -> DiskFull:
    return DiskFull(
        f"the disk is full: nothing could be written to the library at {folder}; "
        "free some space and try again (reading still works)"
    )


def read_only(folder: Path) -> LibraryReadOnly:
    return LibraryReadOnly(f"the library is read-only ({folder}); nothing was changed")


# The errno values that mean "no room" (a full disk, a quota, a file-size limit).
FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def translate_os_error(exc: OSError, folder: Path) -> LibraryError:
    """A file operation's OSError as the library's error for it."""
    if exc.errno in FULL_ERRNOS:
        return full_disk(folder)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return read_only(folder)
    return LibraryError(f"cannot write to the library at {folder}: {exc.strerror or exc}")


def _locked(folder: Path, waited: float | None) -> LibraryLocked:
    how_long = f" (waited {waited:.{1 if waited < 10 else 0}f} s)" if waited else ""
    return LibraryLocked(
        f"the library at {folder} is busy in another program{how_long}; try again when it is done"
    )


def _translate(exc: sqlite3.Error, path: Path, waited: float | None = None) -> LibraryError:
    text = str(exc)
    primary = _primary(exc)
    folder = path.parent
    if is_busy(exc):
        return _locked(folder, waited)
    if primary == sqlite3.SQLITE_FULL:
        return full_disk(folder)
    if primary == sqlite3.SQLITE_READONLY:
        return read_only(folder)
    if primary == sqlite3.SQLITE_IOERR and disk_nearly_full(folder):
        return full_disk(folder)
    if primary in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT) or "malformed" in text:
        return LibraryDamaged(f"{path} is not a readable newsreader library ({text})")
    return LibraryError(f"library error: {text}")


def raise_if_cancelled(cancelled: CancelCheck | None) -> None:
    """Raise Cancelled if ``cancelled`` is given and answers True."""
    if cancelled is not None and cancelled():
        raise Cancelled("cancelled while waiting for the library's write lock; nothing was stored")


def _backoff(attempt: int) -> float:
    return random.uniform(0, min(BACKOFF_CAP, BACKOFF_FIRST * 2**attempt))


class Database:
    """A newsreader SQLite database file shared by the threads of one process.

    ``busy_timeout``: seconds a write waits in all for another writer's lock (default
    WRITE_DEADLINE); a mutable attribute, so a caller that must not wait long (the
    window's thread) may lower it. ``read_only``: open for reading only (a read-only
    folder, file or medium); every write then raises LibraryReadOnly. ``create``: make
    the database when it does not exist (else LibraryError).

    An existing file is opened only when it is recognised as newsreader's (identity.py);
    anything else raises NotALibrary and is left untouched. A new database is built under
    a temporary name and linked into place complete, so a crash never leaves an empty or
    half-made database behind.
    """

    def __init__(
        self,
        path: Path,
        migrations: Sequence[Sequence[Step]],
        *,
        busy_timeout: float | None = None,
        read_only: bool = False,
        create: bool = True,
        _new: bool = False,
    ) -> None:
        self.path = path
        self.busy_timeout = WRITE_DEADLINE if busy_timeout is None else busy_timeout
        self.read_only = read_only
        self._migrations = migrations
        self._local = threading.local()
        self._all: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._lock = threading.Lock()
        self._closed = False
        self._held = False
        self._immutable = False
        # Why writes are refused when the library was opened for writing but had to be
        # read instead (a full disk leaves no room for SQLite's shared-memory index).
        self._write_error: LibraryError | None = None
        if _new:
            pass  # _build's temporary file: SQLite makes it
        elif path.exists() or path.is_symlink():
            identity.recognise(path, len(migrations))
        elif read_only or not create:
            raise LibraryError(f"no library at {path.parent} (saving an article creates one)")
        else:
            self._build()
        self._migrate()
        # From here on this process must never read the file with plain I/O.
        identity.hold(self.path)
        self._held = True

    def _build(self) -> None:
        temporary = self.path.with_name(f".{self.path.name}.new-{secrets.token_hex(4)}")
        try:
            Database(temporary, self._migrations, busy_timeout=self.busy_timeout, _new=True).close()
            try:
                os.link(temporary, self.path)
            except FileExistsError:
                pass  # another process made it first: use theirs
            except OSError:  # a filesystem without hard links
                if not self.path.exists():
                    os.replace(temporary, self.path)
        except OSError as exc:
            raise translate_os_error(exc, self.path.parent) from exc
        finally:
            for leftover in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(OSError):
                    temporary.with_name(temporary.name + leftover).unlink()

    # Connections -------------------------------------------------------------
    def _uri(self) -> str:
        if not self.read_only:
            return identity.sqlite_uri(self.path)
        wal = self.path.with_name(self.path.name + "-wal")
        if self._immutable or not (wal.exists() and wal.stat().st_size):
            # Nothing waits in a write-ahead log, and nobody can write here: the file
            # alone is the whole library, read without locks or shared memory (which
            # a read-only folder could not hold).
            return identity.sqlite_uri(self.path, immutable="1")
        return identity.sqlite_uri(self.path, mode="ro")

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self._uri(),
            uri=True,
            timeout=BUSY_SLICE_MS / 1000,
            isolation_level=None,  # we issue BEGIN/COMMIT ourselves
            check_same_thread=False,  # so close() may run on another thread
        )
        try:
            conn.row_factory = sqlite3.Row
            # The search index's view of an article feeds CJK runs to the index as
            # pairs of letters (terms.index_text): every connection that can save,
            # delete or check an article needs it.
            conn.create_function(SEARCH_TEXT, 1, terms.index_text, deterministic=True)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA busy_timeout = {BUSY_SLICE_MS:d}")
            if not self.read_only:
                if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                    if mode.lower() != "wal":
                        log.warning("SQLite refused WAL mode for %s (got %s)", self.path, mode)
                conn.execute("PRAGMA synchronous = NORMAL")
        except BaseException:
            conn.close()
            raise
        return conn

    def _connect(self) -> sqlite3.Connection:
        try:
            return self._retrying(self._open)
        except sqlite3.Error as exc:
            if self.read_only and not self._immutable and _primary(exc) == sqlite3.SQLITE_CANTOPEN:
                # A write-ahead log without its shared-memory index in a folder where
                # that cannot be made: read the main file alone.
                log.warning("reading %s without its write-ahead log", self.path)
                self._immutable = True
                return self._connect()
            error = _translate(exc, self.path)
            if isinstance(error, DiskFull) and not self.read_only:
                # Reading needs no room; writing will say the disk is full.
                log.info("the disk is full: opening %s for reading only", self.path)
                self.read_only = True
                self._write_error = error
                return self._connect()
            raise error from exc

    @property
    def connection(self) -> sqlite3.Connection:
        if self._closed:
            self._close_own()
            raise LibraryError("the library is closed")
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._all.append((threading.current_thread(), conn))
        return conn

    def close(self) -> None:
        """Close the connections of this thread and of threads that have ended. A live
        thread's connection may be in the middle of a statement (the window's writer
        waiting for the lock when the app quits): closing it under that statement
        crashes the sqlite3 module, so that thread closes it itself, at its next
        attempt or access, which fails with "the library is closed"."""
        with self._lock:
            self._closed = True
            here = threading.current_thread()
            left = []
            for thread, conn in self._all:
                if thread is here or not thread.is_alive():
                    conn.close()
                else:
                    left.append((thread, conn))
            self._all = left
            self._release_when_all_closed()

    def _release_when_all_closed(self) -> None:
        # Called with self._lock held.
        if self._closed and self._held and not self._all:
            self._held = False
            identity.release(self.path)

    def _close_own(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            return
        self._local.conn = None
        with self._lock:
            self._all = [(t, c) for t, c in self._all if c is not conn]
        conn.close()
        with self._lock:
            self._release_when_all_closed()

    # Waiting -----------------------------------------------------------------
    def _retrying(
        self,
        operation: Callable[[], T],
        deadline: float | None = None,
        cancelled: CancelCheck | None = None,
    ) -> T:
        """``operation()``, again after a jittered pause while SQLite answers busy,
        until ``deadline`` (time.monotonic(); default busy_timeout from now). Raises
        Cancelled, before an attempt, once ``cancelled()`` answers True."""
        if deadline is None:
            deadline = time.monotonic() + self.busy_timeout
        attempt = 0
        while True:
            raise_if_cancelled(cancelled)
            if self._closed:  # closed by another thread while this one waited
                raise LibraryError("the library is closed")
            try:
                return operation()
            except sqlite3.OperationalError as exc:
                remaining = deadline - time.monotonic()
                if not is_busy(exc) or remaining <= 0:
                    raise
            time.sleep(min(_backoff(attempt), remaining))
            attempt += 1

    # Statements --------------------------------------------------------------
    @contextmanager
    def _errors_translated(self, began: float | None = None) -> Iterator[None]:
        # Constraint violations and misuse are programming errors and stay as they
        # are; everything else (locked, damaged, full disk) becomes a LibraryError.
        try:
            yield
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError):
            raise
        except sqlite3.Error as exc:
            waited = None if began is None else time.monotonic() - began
            raise _translate(exc, self.path, waited) from exc

    def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        conn = self.connection
        began = time.monotonic()
        with self._errors_translated(began):
            if conn.in_transaction:
                # A busy answer inside a transaction cannot be waited out here: the
                # transaction's snapshot is stale. ``write`` runs it again from the start.
                return conn.execute(sql, params)
            return self._retrying(lambda: conn.execute(sql, params))

    def executemany(self, sql: str, rows: Sequence[Params]) -> sqlite3.Cursor:
        with self._errors_translated():
            return self.connection.executemany(sql, rows)

    def query(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        conn = self.connection
        if conn.in_transaction:
            return self.execute(sql, params).fetchall()
        began = time.monotonic()
        with self._errors_translated(began):
            return self._retrying(lambda: conn.execute(sql, params).fetchall())

    def query_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Params = ()) -> Any:
        row = self.query_one(sql, params)
        return None if row is None else row[0]

    def require_writable(self) -> None:
        """Raise LibraryReadOnly if the library was opened for reading only."""
        if self.read_only:
            raise self._write_error or read_only(self.path.parent)

    @contextmanager
    def transaction(
        self, deadline: float | None = None, cancelled: CancelCheck | None = None
    ) -> Iterator[Database]:
        """A write transaction: committed on success, rolled back on any exception.

        BEGIN IMMEDIATE takes the write lock up front, so two writers wait for each
        other at the start instead of failing halfway through; the wait is retried with
        backoff until ``deadline`` (time.monotonic(); default busy_timeout from now),
        then LibraryLocked, or Cancelled as soon as ``cancelled()`` answers True while
        waiting (nothing begun). A busy answer later in the body raises LibraryLocked
        at once: use ``write`` to have the whole transaction run again.
        """
        self.require_writable()
        conn = self.connection
        if conn.in_transaction:
            raise LibraryError("nested transactions are not supported")
        began = time.monotonic()
        with self._errors_translated(began):
            self._retrying(lambda: conn.execute("BEGIN IMMEDIATE"), deadline, cancelled)
        committed: list[Callable[[], None]] = []
        self._local.after_commit = committed
        try:
            yield self
        except BaseException:
            if conn.in_transaction:
                conn.rollback()
            raise
        else:
            try:
                conn.commit()
            except sqlite3.Error as exc:
                conn.rollback()
                raise _translate(exc, self.path, time.monotonic() - began) from exc
        finally:
            self._local.after_commit = None
        for callback in committed:
            callback()

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` once the write transaction running on this thread has
        committed, never if it rolls back (how a process remembers what is stored only
        once it is: search_index's known words). Raises LibraryError outside one."""
        committed = getattr(self._local, "after_commit", None)
        if committed is None:
            raise LibraryError("after_commit needs a write transaction on this thread")
        committed.append(callback)

    def write(self, body: Callable[[Database], T], cancelled: CancelCheck | None = None) -> T:
        """``body(db)`` in one write transaction, run again from the start if another
        connection's lock interrupts it (until busy_timeout has passed in all). The
        body must do nothing outside the database that cannot be done twice.

        ``cancelled``: asked before every attempt to take the lock; once it answers
        True, Cancelled is raised and nothing is written (a body already running
        finishes and commits)."""
        began = time.monotonic()
        deadline = began + self.busy_timeout
        attempt = 0
        while True:
            try:
                with self.transaction(deadline, cancelled) as db:
                    return body(db)
            except LibraryLocked as exc:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise _locked(self.path.parent, time.monotonic() - began) from exc
                log.info("write to %s interrupted by another writer; running it again", self.path)
            time.sleep(min(_backoff(attempt), remaining))
            attempt += 1

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
        if current < latest and self.read_only:
            self.close()
            if self._write_error is not None:
                raise self._write_error
            raise LibraryReadOnly(
                f"the library at {self.path.parent} was made by an older newsreader and "
                "must be upgraded, which cannot be done while it is read-only"
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
