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
import gzip
import hashlib
import json
import re
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from newsreader.library import backup
from newsreader.library.backup import BackupError
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


def content_matches(name: str, data: bytes) -> bool:
    """Whether a content-addressed file's bytes are what its name says (``files.py``:
    an image is named by the SHA-256 of its bytes, a raw page by that of the page)."""
    digest = PurePosixPath(name).name.split(".", 1)[0]
    if name.startswith("raw/"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, ValueError):
            return False
    return hashlib.sha256(data).hexdigest() == digest


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


def _extract(zf: zipfile.ZipFile, entry: dict, target: Path, archive: Path) -> None:
    digest = hashlib.sha256()
    size = 0
    try:
        with zf.open(entry["name"]) as source, open(target, "xb") as out:
            while chunk := source.read(backup.CHUNK):
                size += len(chunk)
                if size > entry["size"]:
                    break
                digest.update(chunk)
                out.write(chunk)
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise _damaged(archive, f"{entry['name']} is damaged ({exc})") from None
    if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
        raise _damaged(archive, f"{entry['name']} does not match its hash")


def check_database(database: Path, origin: Path) -> tuple[int, set[str]]:
    """``PRAGMA integrity_check`` and the schema of a database file about to become a
    library. Returns its article count and the files it names. Raises BackupError."""
    try:
        conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
        try:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
            if problems != ["ok"]:
                raise _damaged(origin, f"its database is damaged ({backup.one_line(problems[0])})")
            tables = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                "AND name IN ('articles', 'images')"
            ).fetchone()[0]
            if tables != 2:  # and no view standing in for one: reading it could be endless
                raise _damaged(origin, "its database is not a newsreader library")
            schema = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if schema > len(MIGRATIONS):
                raise _damaged(origin, f"its database is of a newer schema ({schema})")
            articles = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
        return articles, backup.referenced_files(database)
    except sqlite3.Error as exc:
        raise _damaged(origin, f"its database is damaged ({backup.one_line(str(exc))})") from None


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
    with zf, _staging(target) as staging:
        manifest = _manifest(zf, archive)
        paths = LibraryPaths(staging)
        try:
            paths.create()
            _extract(zf, manifest["database"], paths.database, archive)
            articles, named = check_database(paths.database, archive)
            result = RestoreResult(target, articles, 0)
            if manifest.get("database_only"):
                source = files_from or Path(str(manifest.get("files_from") or ""))
                result.files, result.missing = _copy_from_library(source, named, paths)
            else:
                listed = {entry["name"]: entry for entry in manifest["files"]}
                recorded = set(manifest.get("missing") or ())
                if named - listed.keys() - recorded:
                    raise _damaged(archive, "it lacks files its database names")
                for name in sorted(named & listed.keys()):
                    destination = paths.resolve(name)
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    _extract(zf, listed[name], destination, archive)
                result.files = len(named & listed.keys())
                result.missing = sorted(named - listed.keys())
        except OSError as exc:
            raise backup.os_error(exc, target) from exc
        with contextlib.suppress(FileNotFoundError):
            target.rmdir()  # empty, checked above
        try:
            staging.rename(target)
        except OSError as exc:
            raise backup.os_error(exc, target) from exc
    return result


def _copy_from_library(source: Path, named: set[str], paths: LibraryPaths) -> tuple[int, list[str]]:
    if not source.is_dir():
        raise BackupError(
            f"this backup holds the database only, and its files' library {source} "
            "is not there (name it with --files-from DIR)"
        )
    origin = LibraryPaths(source)
    copied, missing = 0, []
    for name in sorted(named):
        if not safe_name(name):
            missing.append(name)
            continue
        try:
            data = origin.resolve(name).read_bytes()
        except OSError:
            missing.append(name)
            continue
        if not content_matches(name, data):
            missing.append(name)
            continue
        destination = paths.resolve(name)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
        copied += 1
    return copied, missing
