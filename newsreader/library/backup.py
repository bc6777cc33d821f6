"""Backups of a library: one zip archive format, written while other processes write.

An archive holds ``manifest.json``, ``library.sqlite3`` (a snapshot taken with SQLite's
online backup API, ``sqlite3.Connection.backup``) and, for a full archive, every file the
snapshot names (``images/…``, ``raw/…``) under its library-relative name. The manifest
gives the format, the app and schema versions, the creation time (UTC, ISO 8601) and the
SHA-256 and size of every member; ``library/restore.py`` checks all of it before
restoring.

- ``write_archive`` (``newsreader backup``): a full archive. Files are content-addressed
  and never change once written; the only race is a file removed after the snapshot
  (its article deleted or re-saved meanwhile). Then a fresh snapshot is taken while
  holding the write lock, under which nothing is removed (``Library._remove_unused``),
  and the files it names that are still to copy are copied; the manifest lists the
  files of the final snapshot only. Each file is checked against its content address
  (``files.ContentCheck``) as it is copied: a damaged one is left out and listed under
  ``"damaged"`` (a file already gone from the library is listed under ``"missing"``).
- ``auto_backup``: the database alone (``"database_only": true``), kept ``KEEP`` deep.
  The files are immutable and content-addressed: a crash or a bad disk damages the
  database, which changes in place, while a daily copy of every image would cost the
  library's size seven times over. Restoring one takes the files from the library it
  was made of (``"files_from"``).

Archives are written to a temporary name in the destination folder and renamed into
place once complete and flushed, so a backup is there whole or not at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from newsreader import __version__
from newsreader.errors import LibraryError, LibraryLocked
from newsreader.library import files, identity, integrity
from newsreader.library.db import FULL_ERRNOS
from newsreader.library.integrity import one_line
from newsreader.paths import LibraryPaths, backups_dir

log = logging.getLogger(__name__)

ARCHIVE_FORMAT = "newsreader-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "library.sqlite3"
KEEP = 7  # automatic backups kept
DAY = 24 * 3600.0
CHUNK = 1 << 20
# A file up to this size is read once, checked and archived from memory; a larger one
# is read twice (checked, then archived) rather than held whole.
KEEP_IN_MEMORY = 32 << 20
# How long a backup waits for the write lock when a file vanished under it.
LOCK_TIMEOUT = 30.0
# auto-20261130T124700Z.zip (automatic) and newsreader-20261130T124700Z.zip (by hand).
BACKUP_NAME = re.compile(r"(?P<kind>auto|newsreader)-(?P<stamp>\d{8}T\d{6}Z)\.zip")
_STAMP = "%Y%m%dT%H%M%SZ"
_ZIP64 = 1 << 31


class BackupError(LibraryError):
    """A backup or restore could not be made; nothing was left behind."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    articles: int
    files: int  # library files archived
    missing: tuple[str, ...]  # files the database names that the library lacks
    damaged: tuple[str, ...]  # files left out: their bytes no longer match their name
    bytes: int  # size of the archive
    seconds: float


def os_error(exc: OSError, path: Path | str, doing: str = "write") -> BackupError:
    """One line for a failed read or write: no room (db.FULL_ERRNOS) said as such."""
    if exc.errno in FULL_ERRNOS:
        return BackupError(f"the disk is full: cannot {doing} {path}")
    return BackupError(f"cannot {doing} {path}: {exc.strerror or exc}")


def damaged(library: Path, why: str) -> BackupError:
    return BackupError(
        f"the library at {library} is damaged ({why}); no backup was made, "
        "and the older backups are kept"
    )


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_STAMP)


def stamp_time(name: str) -> datetime | None:
    """The creation time in a backup's file name, or None for any other name."""
    match = BACKUP_NAME.fullmatch(name)
    if match is None:
        return None
    return datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)


# --- the database -------------------------------------------------------------------------
def snapshot(source: Path, target: Path) -> int:
    """Copy the database ``source`` to the new file ``target`` with SQLite's online
    backup API in one step: one read transaction, so the copy is the database as one
    commit left it, and in WAL mode writers in other processes are not held up.

    The copy is switched to rollback-journal mode, so it is one self-contained file.
    Returns its article count. Raises BackupError.
    """
    try:
        src = integrity.connect(source)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)  # pages=-1: all at once
                dst.execute("PRAGMA journal_mode = DELETE")
                return int(dst.execute("SELECT count(*) FROM articles").fetchone()[0])
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise LibraryLocked(f"the library at {source.parent} is busy; try again") from exc
        if "disk is full" in text or "full" in text.split():
            raise BackupError(f"the disk is full: cannot write {target.parent}") from exc
        if integrity.is_damage(exc):
            raise damaged(source.parent, text) from exc
        # SQLite does not say which side failed; a failed write is the likelier.
        raise BackupError(f"cannot back up {source} into {target.parent}: {text}") from exc


def referenced_files(database: Path) -> set[str]:
    """The library-relative names of the files a database's rows name."""
    conn = integrity.connect(database)
    try:
        return {
            row[0]
            for row in conn.execute(
                "SELECT file FROM images WHERE file IS NOT NULL "
                "UNION SELECT raw_file FROM articles WHERE raw_file IS NOT NULL"
            )
        }
    finally:
        conn.close()


def _require_sound(copy: Path, library: Path) -> None:
    """Refuse to keep a copy of a damaged database: rotation would push the good
    backups out. The copy is checked, not the library: no lock on it is taken."""
    try:
        problem = integrity.quick_check(copy)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot check the copy of {library}: {one_line(str(exc))}") from exc
    if problem is not None:
        raise damaged(library, f"quick_check: {problem}")


def schema_of(database: Path) -> int:
    conn = integrity.connect(database)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


@contextlib.contextmanager
def write_lock(database: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the library's write lock (BEGIN IMMEDIATE) for the block; no save, delete
    or file removal in any process can happen meanwhile."""
    conn = sqlite3.connect(database, timeout=timeout, isolation_level=None)
    try:
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise LibraryLocked(
                f"the library at {database.parent} stayed busy for {timeout:g} s; try again"
            ) from exc
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
    finally:
        conn.close()


# --- writing an archive ---------------------------------------------------------------------
def _add(archive: zipfile.ZipFile, name: str, source: Path) -> tuple[str, int] | None:
    """Store ``source`` as member ``name``, uncompressed (images and pages are already
    compressed), once its bytes are checked against the content address in ``name``
    (files.ContentCheck). Returns its SHA-256 and size, or None, adding nothing, when
    the file is damaged. FileNotFoundError if it is gone."""
    with open(source, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        check = files.ContentCheck(name)
        kept: list[bytes] | None = [] if size <= KEEP_IN_MEMORY else None
        while chunk := handle.read(CHUNK):
            check.update(chunk)
            if kept is not None:
                kept.append(chunk)
        if not check.matches():
            return None
        handle.seek(0)
        chunks = iter(kept) if kept is not None else iter(lambda: handle.read(CHUNK), b"")
        info = zipfile.ZipInfo(name, date_time=time.gmtime()[:6])
        info.compress_type = zipfile.ZIP_STORED
        info.file_size = size
        digest = hashlib.sha256()
        written = 0
        with archive.open(info, "w", force_zip64=size >= _ZIP64) as out:
            for chunk in chunks:
                digest.update(chunk)
                out.write(chunk)
                written += len(chunk)
    return digest.hexdigest(), written


def _add_database(archive: zipfile.ZipFile, path: Path) -> tuple[str, int]:
    # The database is mostly text: deflated (level 1, cheap) it is a third of its size.
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    archive.write(path, DATABASE, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return digest.hexdigest(), path.stat().st_size


def _manifest(
    articles: int, schema: int, database: tuple[str, int], **extra: object
) -> dict[str, object]:
    return {
        "format": ARCHIVE_FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "schema_version": schema,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "articles": articles,
        "database": {"name": DATABASE, "sha256": database[0], "size": database[1]},
        **extra,
    }


def _destination(library_root: Path, path: Path | None, now: datetime) -> Path:
    name = f"newsreader-{stamp(now)}.zip"
    if path is None:
        return backups_dir(library_root) / name
    path = path.expanduser()
    return path / name if path.is_dir() else path


def _finish(part: Path, target: Path) -> None:
    with open(part, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(part, target)
    with contextlib.suppress(OSError):  # make the rename itself durable
        fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _between_snapshot_and_copy(library_root: Path) -> None:
    """Called once the snapshot's file list is known and before its files are copied:
    a seam for tests, which remove files here to meet the race with certainty."""


def _write(
    library_root: Path, target: Path, full: bool, lock_timeout: float = LOCK_TIMEOUT
) -> BackupResult:
    began = time.monotonic()
    paths = LibraryPaths(Path(library_root))
    if not paths.database.is_file():
        raise BackupError(f"no library at {paths.root}")
    # Another program's database is refused before anything opens it (NotALibrary).
    identity.recognise(paths.database)
    inside = target.resolve()
    if inside == paths.root.resolve() or paths.root.resolve() in inside.parents:
        # `check --repair` would later remove it as a file no article names.
        raise BackupError(
            f"a backup cannot go inside the library it backs up ({paths.root}); "
            "name a file or folder outside it"
        )
    if target.exists():
        raise BackupError(f"{target} already exists; name a new file or a folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, part_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part"
        )
        os.close(fd)
    except OSError as exc:
        raise os_error(exc, target) from exc
    part = Path(part_name)
    snap = part.with_suffix(".db")
    try:
        articles = snapshot(paths.database, snap)
        _require_sound(snap, paths.root)
        schema = schema_of(snap)
        copied: dict[str, tuple[str, int]] = {}
        missing: list[str] = []
        damaged_files: set[str] = set()

        def add(name: str) -> None:
            added = _add(archive, name, paths.resolve(name))
            if added is None:
                log.warning("left %s out of the backup: it is damaged", name)
                damaged_files.add(name)
            else:
                copied[name] = added

        with zipfile.ZipFile(part, "w", allowZip64=True) as archive:
            if full:
                wanted = referenced_files(snap)
                _between_snapshot_and_copy(paths.root)
                for name in sorted(wanted):
                    with contextlib.suppress(FileNotFoundError):
                        add(name)
                if wanted - copied.keys() - damaged_files:
                    # Removed after the snapshot: its article changed meanwhile. Take
                    # the snapshot again under the write lock, which file removal needs.
                    log.info(
                        "%d file(s) went during the backup; again under the lock",
                        len(wanted - copied.keys() - damaged_files),
                    )
                    with write_lock(paths.database, lock_timeout):
                        snap.unlink()
                        articles = snapshot(paths.database, snap)
                        wanted = referenced_files(snap)
                        for name in sorted(wanted - copied.keys() - damaged_files):
                            try:
                                add(name)
                            except FileNotFoundError:
                                missing.append(name)  # `check` reports it too
            database = _add_database(archive, snap)
            extra: dict[str, object]
            if full:
                extra = {
                    "database_only": False,
                    "files": [
                        {"name": name, "sha256": copied[name][0], "size": copied[name][1]}
                        for name in sorted(wanted & copied.keys())
                    ],
                    "missing": sorted(missing),
                    "damaged": sorted(wanted & damaged_files),
                }
            else:
                extra = {"database_only": True, "files": [], "files_from": str(paths.root)}
            manifest = _manifest(articles, schema, database, **extra)
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
        _finish(part, target)
        size = target.stat().st_size
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise os_error(exc, target) from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    finally:
        snap.unlink(missing_ok=True)
    files = len(manifest["files"])  # type: ignore[arg-type]
    left_out = tuple(manifest.get("damaged", ()))  # type: ignore[arg-type]
    return BackupResult(
        target, articles, files, tuple(missing), left_out, size, time.monotonic() - began
    )


def write_archive(
    library_root: Path, destination: Path | None = None, lock_timeout: float = LOCK_TIMEOUT
) -> BackupResult:
    """Write a full archive of the library (``newsreader backup``).

    ``destination``: a file to create, or a folder to put ``newsreader-<UTC stamp>.zip``
    in; default ``paths.backups_dir(library_root)``. Refuses an existing file. Raises
    BackupError (no library, unwritable place, full disk) or LibraryLocked (the write
    lock was needed and stayed taken ``lock_timeout`` seconds).
    """
    target = _destination(Path(library_root), destination, datetime.now(UTC))
    return _write(library_root, target, full=True, lock_timeout=lock_timeout)


# --- automatic backups --------------------------------------------------------------------
def backups(directory: Path, kind: str | None = None) -> list[tuple[datetime, Path]]:
    """The backups in ``directory`` (auto and by hand, or one ``kind``), oldest first."""
    found = []
    with contextlib.suppress(OSError):
        for entry in directory.iterdir():
            when = stamp_time(entry.name)
            if when and entry.is_file() and (kind is None or entry.name.startswith(kind)):
                found.append((when, entry))
    return sorted(found)


def latest_backup(library_root: Path, directory: Path | None = None) -> Path | None:
    """The newest backup of the library in its backups folder, or None."""
    found = backups(directory or backups_dir(library_root))
    return found[-1][1] if found else None


def _remove_leftovers(directory: Path, older_than: float = 3600.0) -> None:
    """Unfinished automatic backups of a process that died while writing one (an hour
    old: another process may be writing one now)."""
    cutoff = time.time() - older_than
    with contextlib.suppress(OSError):
        for entry in directory.glob(".auto-*.zip.*"):
            if entry.suffix in (".part", ".db") and entry.stat().st_mtime < cutoff:
                entry.unlink(missing_ok=True)


def auto_backup(
    library_root: Path,
    directory: Path | None = None,
    every: float = DAY,
    keep: int = KEEP,
    now: datetime | None = None,
) -> Path | None:
    """Back up the database if the newest automatic backup is ``every`` seconds old or
    more (or there is none), then delete all but the ``keep`` newest. Returns the new
    backup's path, or None when none was due. Raises BackupError or LibraryLocked.

    Made to run off the GUI thread: it opens its own connections.
    """
    now = now or datetime.now(UTC)
    directory = directory or backups_dir(library_root)
    existing = backups(directory, "auto")
    if existing and (now - existing[-1][0]).total_seconds() < every:
        return None
    _remove_leftovers(directory)
    result = _write(library_root, directory / f"auto-{stamp(now)}.zip", full=False)
    for _, old in backups(directory, "auto")[:-keep] if keep > 0 else []:
        try:
            old.unlink()
        except OSError as exc:
            log.warning("could not remove the old backup %s: %s", old, exc)
    return result.path
