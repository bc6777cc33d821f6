"""Knowing whether the library was left by a process that did not exit cleanly.

Every process that opens the library (the window, each command) holds a marker file in
``paths.sessions_dir(library)`` with an exclusive ``flock`` on it, and removes it when it
exits cleanly. The operating system drops the lock when a process dies, however it
dies (kill -9 included), so a marker nobody holds a lock on was left by an unclean
shutdown, whatever its process id has become since. The next process to start claims
such markers and runs SQLite's ``PRAGMA quick_check`` (integrity.py); a marker is removed
only once the check passed, so every start checks again until the library is repaired or
replaced. Only the check's own complaint (or SQLite saying the file is corrupt or not a
database) counts as damage: a check that could not run (busy, an I/O error, a read-only
folder holding a write-ahead log) is logged, and the start goes on.

Without ``fcntl`` (Windows) sessions are not tracked and nothing is ever reported.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shlex
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from newsreader.library import backup, integrity
from newsreader.paths import LibraryPaths, sessions_dir

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

QUICK_CHECK_TIMEOUT = 10.0  # seconds a quick_check waits for a lock


@dataclass(frozen=True)
class HealthReport:
    """What the start after an unclean shutdown found.

    ``problem`` is quick_check's first complaint (integrity.complaint), None when it
    passed; ``backup`` the newest backup of the library, when there is one.
    """

    library: Path
    problem: str | None
    backup: Path | None

    @property
    def damaged(self) -> bool:
        return self.problem is not None

    def restore_target(self) -> Path:
        """A new folder beside the library to restore into."""
        when = backup.stamp_time(self.backup.name) if self.backup else None
        name = f"{self.library.name}-restored-{backup.stamp(when) if when else 'backup'}"
        target, number = self.library.with_name(name), 1
        while target.exists():
            number += 1
            target = self.library.with_name(f"{name}-{number}")
        return target

    def advice(self) -> str:
        """One line for the terminal: what is wrong and the command that restores."""
        head = (
            f"the library at {self.library} failed SQLite's quick_check after newsreader "
            f"was stopped uncleanly ({self.problem})"
        )
        if self.backup is None:
            return f"{head}; there is no backup of it to restore"
        return (
            f"{head}; restore the latest backup into a new folder with: newsreader restore "
            f"{shlex.quote(str(self.backup))} --library {shlex.quote(str(self.restore_target()))}"
        )


class Session:
    """This process's mark on a library; ``close`` (or leaving the ``with``) removes it.

    ``left_uncleanly`` holds the markers of dead processes this start claimed; ``check``
    runs quick_check when there are any.
    """

    def __init__(self, library_root: Path) -> None:
        self.library = Path(library_root)
        self.folder = sessions_dir(self.library)
        self.left_uncleanly: list[Path] = []
        self._marker: Path | None = None
        self._fd: int | None = None
        if fcntl is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.left_uncleanly = self._dead_markers()
            self._mark()
        except OSError as exc:  # a read-only home: run without the safety net
            log.info("cannot keep a session marker in %s: %s", self.folder, exc)

    def _dead_markers(self) -> list[Path]:
        dead = []
        for marker in self.folder.iterdir():
            if marker.name.startswith("."):
                continue  # still being created; see _mark
            try:
                fd = os.open(marker, os.O_RDWR)
            except OSError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)  # its process is alive
                continue
            os.close(fd)
            dead.append(marker)
        return dead

    def _mark(self) -> None:
        # Locked under a hidden name first, then renamed: another process never sees
        # this marker unlocked.
        hidden = self.folder / f".{os.getpid()}-{time.time_ns()}"
        fd = os.open(hidden, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, json.dumps({"pid": os.getpid(), "started": time.time()}).encode())
        marker = self.folder / hidden.name[1:]
        os.rename(hidden, marker)
        self._fd, self._marker = fd, marker

    def check(self) -> HealthReport | None:
        """After an unclean shutdown, quick_check the database: None when there was
        none (or the check could not run: logged, the markers kept for the next start),
        else the report (its ``backup`` only when the check failed). The dead markers
        are removed when the check passes, kept when it fails."""
        if not self.left_uncleanly:
            return None
        database = LibraryPaths(self.library).database
        if not database.exists():
            problem = None
        else:
            # info: the caller presents the outcome; the CLI prints warnings on stderr.
            log.info("%s was left uncleanly; running quick_check", self.library)
            try:
                problem = integrity.quick_check(database, QUICK_CHECK_TIMEOUT)
            except sqlite3.Error as exc:
                log.warning(
                    "could not check %s after an unclean shutdown (%s); going on",
                    database,
                    integrity.one_line(str(exc)),
                )
                return None
        if problem is None:
            for marker in self.left_uncleanly:
                with contextlib.suppress(OSError):
                    marker.unlink()
            return HealthReport(self.library, None, None)
        log.info("quick_check of %s failed: %s", database, problem)
        return HealthReport(self.library, problem, backup.latest_backup(self.library))

    def close(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self._marker.unlink()
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
