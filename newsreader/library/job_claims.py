"""Which process runs an import job: an exclusive ``flock`` on a file of the job's own
(``LibraryPaths.import_claim``), held for as long as the job runs.

The window resumes unfinished imports when it starts, and ``newsreader import
--resume`` does from the command line; without a claim both would fetch the same items
at once. The operating system drops a ``flock`` when its process dies, however it
dies (kill -9 included), so a job left by a crashed process is free to resume at once,
and no stale lock ever needs clearing (the same reasoning as ``sessions.py``).

Without ``fcntl`` (Windows) every claim succeeds: jobs are not guarded there.
"""

from __future__ import annotations

import logging
import os

from newsreader.paths import LibraryPaths

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)


class JobClaim:
    """This process's hold on one job; ``release`` (or leaving the ``with``) lets go."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the lock
            self._fd = None

    def __enter__(self) -> JobClaim:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def claim(paths: LibraryPaths, job_id: int) -> JobClaim | None:
    """Hold job ``job_id`` for this process: the claim, or None when another process
    (or another job object of this one) holds it. A folder that cannot be written
    gives an unguarded claim (logged): the import must not fail for want of a lock."""
    if fcntl is None:
        return JobClaim(None)
    path = paths.import_claim(job_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        log.info("import %s runs unguarded: cannot make %s: %s", job_id, path, exc)
        return JobClaim(None)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return JobClaim(fd)


def is_claimed(paths: LibraryPaths, job_id: int) -> bool:
    """Whether a live process runs job ``job_id`` now (a moment's answer)."""
    held = claim(paths, job_id)
    if held is None:
        return True
    held.release()
    return False
