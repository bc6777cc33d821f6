"""Restoring a backup (``library/backup.py``) into a new library folder, after checking it.

The archive is treated as hostile: only members the manifest names are read, every
member name must be a library file name (``images/…``, ``raw/…``: no ``..``, no absolute
path, no other folder) or the archive is refused, sizes and SHA-256 hashes must match
the manifest, the database must pass ``PRAGMA integrity_check`` and be of a schema this
code knows. Everything is written into a fresh staging folder beside the target and
renamed to the target only when all of it checked out; on any failure the staging
folder is removed and the target is left as it was. The current library is never
written: the target must be a new or empty folder.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import math
import re
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from newsreader.library import backup, files, integrity
from newsreader.library.backup import BackupError
from newsreader.library.db import Database
from newsreader.library.schema import MIGRATIONS
from newsreader.paths import LibraryPaths

MAX_MANIFEST = 256 << 20  # bytes: ~150 bytes a file, so room for a million files
_HEX64 = re.compile(r"[0-9a-f]{64}")
# A file name as the library writes them (files.image_name, files.raw_name), loosely:
# a managed folder, then plain name parts.
_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


@dataclass
class RestoreResult:
    target: Path
    articles: int
    files: int
    missing: list[str] = field(default_factory=list)  # named by the database, not restored
    damaged: list[str] = field(default_factory=list)  # of those, the ones left out as damaged


def safe_name(name: object) -> bool:
    """Whether ``name`` is a library file name that stays inside the library folder."""
    if not isinstance(name, str) or "\\" in name or "\x00" in name:
        return False
    parts = PurePosixPath(name).parts
    return (
        2 <= len(parts) <= 4
        and parts[0] in ("images", "raw")
        and name == "/".join(parts)
        and all(_PART.fullmatch(part) and part not in (".", "..") for part in parts[1:])
    )


def _damaged(archive: Path, why: str) -> BackupError:
    return BackupError(f"{archive} is not a usable newsreader backup: {why}; nothing was restored")


def _check_target(target: Path) -> None:
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise BackupError(f"{target} exists and is not a folder; restore into a new folder")
    if target.is_dir() and any(target.iterdir()):
        raise BackupError(
            f"{target} is not empty; restore into a new folder (--library NEW), "
            "never over a library"
        )


def _manifest(zf: zipfile.ZipFile, archive: Path) -> dict:
    names = [info.filename for info in zf.infolist()]
    if len(set(names)) != len(names):
        raise _damaged(archive, "it names a member twice")
    for name in names:
        if name not in (backup.MANIFEST, backup.DATABASE) and not safe_name(name):
            raise _damaged(archive, f"it holds {name!r}, which is not a library file")
    try:
        info = zf.getinfo(backup.MANIFEST)
    except KeyError:
        raise _damaged(archive, "it has no manifest") from None
    if info.file_size > MAX_MANIFEST:
        raise _damaged(archive, "its manifest is too large")
    try:
        with zf.open(info) as handle:
            manifest = json.loads(handle.read(MAX_MANIFEST + 1))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise _damaged(archive, "its manifest is not readable") from None
    if not isinstance(manifest, dict) or manifest.get("format") != backup.ARCHIVE_FORMAT:
        raise _damaged(archive, "it was not written by newsreader")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > backup.FORMAT_VERSION:
        raise BackupError(
            f"{archive} was written by a newer newsreader (backup format {version}); "
            "upgrade newsreader to restore it"
        )
    schema = manifest.get("schema_version")
    if not isinstance(schema, int) or schema < 0:
        raise _damaged(archive, "its manifest has no schema version")
    if schema > len(MIGRATIONS):
        raise BackupError(
            f"{archive} holds a library of a newer newsreader (schema {schema}, this "
            f"version knows {len(MIGRATIONS)}); upgrade newsreader to restore it"
        )
    for key in ("missing", "damaged"):
        listed = manifest.get(key, [])
        if not isinstance(listed, list) or not all(isinstance(name, str) for name in listed):
            raise _damaged(archive, f"its manifest's {key} list is malformed")
    entries = [manifest.get("database"), *(manifest.get("files") or [])]
    if not isinstance(manifest.get("files", []), list):
        raise _damaged(archive, "its manifest's file list is not a list")
    seen: set[str] = set()
    for entry in entries:
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("sha256"), str)
            and _HEX64.fullmatch(entry["sha256"])
            and isinstance(entry.get("size"), int)
            and entry["size"] >= 0
        ):
            raise _damaged(archive, "its manifest is malformed")
        name = entry.get("name")
        if name in seen or (name != backup.DATABASE and not safe_name(name)):
            raise _damaged(archive, f"its manifest names {name!r}")
        seen.add(name)
        try:
            member = zf.getinfo(name)
        except KeyError:
            raise _damaged(archive, f"{name} is missing from it") from None
        if member.file_size != entry["size"]:
            raise _damaged(archive, f"{name} has the wrong size")
    if entries[0]["name"] != backup.DATABASE:
        raise _damaged(archive, "its manifest names no database")
    return manifest


def _extract(zf: zipfile.ZipFile, entry: dict, target: Path, archive: Path) -> bool:
    """Write member ``entry`` to ``target``, checking its size and SHA-256 against the
    manifest (BackupError if they differ: the archive is damaged) and, for a library
    file, its bytes against its content address (files.ContentCheck). Returns False,
    leaving nothing at ``target``, when only the latter fails: the file was already
    damaged in the library the backup was made of."""
    digest = hashlib.sha256()
    content = files.ContentCheck(entry["name"]) if entry["name"] != backup.DATABASE else None
    size = 0
    try:
        with zf.open(entry["name"]) as source, open(target, "xb") as out:
            while chunk := source.read(backup.CHUNK):
                size += len(chunk)
                if size > entry["size"]:
                    break
                digest.update(chunk)
                if content is not None:
                    content.update(chunk)
                out.write(chunk)
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise _damaged(archive, f"{entry['name']} is damaged ({exc})") from None
    if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
        raise _damaged(archive, f"{entry['name']} does not match its hash")
    if content is not None and not content.matches():
        target.unlink()
        return False
    return True


def check_database(database: Path, origin: Path) -> tuple[int, set[str]]:
    """``PRAGMA integrity_check`` and the schema of a database file about to become a
    library. Returns its article count and the files it names. Raises BackupError."""
    try:
        conn = integrity.connect(database)
        try:
            problem = integrity.complaint(conn, thorough=True)
            if problem is not None:
                raise _damaged(origin, f"its database is damaged ({problem})")
            tables = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                "AND name IN ('articles', 'images')"
            ).fetchone()[0]
            if tables != 2:  # and no view standing in for one: reading it could be endless
                raise _damaged(origin, "its database is not a newsreader library")
            schema = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if schema > len(MIGRATIONS):
                raise _damaged(origin, f"its database is of a newer schema ({schema})")
            foreign = _code_of(conn) - _code_of_schema(schema)
            if foreign:
                kind, name = sorted(foreign)[0][:2]
                raise _damaged(
                    origin,
                    f"its database holds a {kind} newsreader does not make ({name!r}): "
                    "it would run on every change",
                )
            articles = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
        return articles, backup.referenced_files(database)
    except sqlite3.Error as exc:
        why = integrity.one_line(str(exc))
        raise _damaged(origin, f"its database is damaged ({why})") from None


def _code_of(conn: sqlite3.Connection) -> set[tuple[str, str, str]]:
    """The triggers and views of a database, (type, name, SQL): what runs by itself
    when the library reads or writes. A restored archive may hold only ours."""
    return {
        (row[0], row[1], row[2] or "")
        for row in conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'view')"
        )
    }


@functools.cache
def _code_of_schema(version: int) -> frozenset[tuple[str, str, str]]:
    """The triggers and views our migrations make, up to schema ``version``, read
    from a database built by them in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="newsreader-schema-") as folder:
        reference = Database(Path(folder) / "library.sqlite3", MIGRATIONS[:version])
        try:
            return frozenset(_code_of(reference.connection))
        finally:
            reference.close()


def _check_room(manifest: dict, target: Path) -> None:
    """Refuse, before anything is written, an archive whose members (their sizes as the
    manifest declares them) would not fit in the free space of ``target``'s disk."""
    needed = sum(entry["size"] for entry in [manifest["database"], *manifest.get("files", [])])
    place = target
    while not place.exists() and place != place.parent:
        place = place.parent
    try:
        free = shutil.disk_usage(place).free
    except OSError:
        return  # the writing itself will say what is wrong
    if needed > free:
        raise BackupError(
            f"not enough room: needs {math.ceil(needed / 1e6):,} MB, {free // 1_000_000:,} MB "
            f"free on the disk of {target}; nothing was restored"
        )


@contextlib.contextmanager
def _staging(target: Path) -> Iterator[Path]:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.restoring-"))
    except OSError as exc:
        raise backup.os_error(exc, target) from exc
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def restore(archive: Path, target: Path, files_from: Path | None = None) -> RestoreResult:
    """Check the backup ``archive`` and restore it as the new library folder ``target``.

    A database-only backup takes its files from the library it was made of (its
    manifest's ``files_from``; ``files_from`` overrides it), each checked against its
    content address; files it cannot find there are left missing, as ``check`` then
    reports (saving the article again fetches them). Raises BackupError with one line
    on any problem: ``target`` not new or empty, archive missing, not ours, damaged,
    truncated or hostile, database failing its integrity check, schema too new.
    """
    archive = Path(archive).expanduser()
    target = Path(target).expanduser().absolute()
    _check_target(target)
    try:
        zf = zipfile.ZipFile(archive)
    except FileNotFoundError:
        raise BackupError(f"no backup at {archive}") from None
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise _damaged(archive, f"not a complete zip archive ({exc})") from None
    except OSError as exc:
        raise backup.os_error(exc, archive, "read") from exc
    with zf:
        manifest = _manifest(zf, archive)
        _check_room(manifest, target)
        with _staging(target) as staging:
            paths = LibraryPaths(staging)
            try:
                paths.create()
                _extract(zf, manifest["database"], paths.database, archive)
                articles, named = check_database(paths.database, archive)
                result = RestoreResult(target, articles, 0)
                if manifest.get("database_only"):
                    source = files_from or Path(str(manifest.get("files_from") or ""))
                    result.files, result.missing, result.damaged = _copy_from_library(
                        source, named, paths
                    )
                else:
                    listed = {entry["name"]: entry for entry in manifest["files"]}
                    recorded = {*(manifest.get("missing") or ()), *(manifest.get("damaged") or ())}
                    if named - listed.keys() - recorded:
                        raise _damaged(archive, "it lacks files its database names")
                    result.damaged = sorted(named & set(manifest.get("damaged") or ()))
                    for name in sorted(named & listed.keys()):
                        destination = paths.resolve(name)
                        destination.parent.mkdir(parents=True, exist_ok=True)
                        if _extract(zf, listed[name], destination, archive):
                            result.files += 1
                        else:
                            result.damaged.append(name)
                    result.missing = sorted(named - listed.keys() | set(result.damaged))
                    result.damaged.sort()
            except OSError as exc:
                raise backup.os_error(exc, target) from exc
            with contextlib.suppress(FileNotFoundError):
                target.rmdir()  # empty, checked above
            try:
                staging.rename(target)
            except OSError as exc:
                raise backup.os_error(exc, target) from exc
    return result


def _copy_from_library(
    source: Path, named: set[str], paths: LibraryPaths
) -> tuple[int, list[str], list[str]]:
    """Copy the files ``named`` from the library ``source``, each checked against its
    content address. Returns the number copied, those not restored (gone or damaged)
    and, of those, the damaged ones."""
    if not source.is_dir():
        raise BackupError(
            f"this backup holds the database only, and its files' library {source} "
            "is not there (name it with --files-from DIR)"
        )
    origin = LibraryPaths(source)
    copied, missing, damaged = 0, [], []
    for name in sorted(named):
        if not safe_name(name):
            missing.append(name)
            continue
        try:
            data = origin.resolve(name).read_bytes()
        except OSError:
            missing.append(name)
            continue
        if not files.matches(name, data):
            missing.append(name)
            damaged.append(name)
            continue
        destination = paths.resolve(name)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
        copied += 1
    return copied, missing, damaged
