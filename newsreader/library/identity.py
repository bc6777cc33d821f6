"""Telling a newsreader library from any other file, without changing it.

A newsreader database carries ``APPLICATION_ID`` in its header (SQLite's
``PRAGMA application_id``, bytes 68-71 of the file: https://sqlite.org/fileformat.html).
Libraries made before the mark existed are recognised by their tables and stamped by
a migration (schema.py) once their tables, columns and schema version match ours.
Everything here reads the file with plain file I/O, through an ``immutable`` SQLite
connection, which takes no locks and creates no journal, WAL or shared-memory file, or
(for changes still in a write-ahead log) from copies in a temporary folder: a file that
is not ours, and its folder, are left exactly as they were.

Never with plain file I/O while this process has the database open through SQLite:
closing any descriptor of a file drops every POSIX lock the process holds on it
(fcntl(2)), SQLite's included, and another process may then checkpoint and delete the
write-ahead log under the open connections, which go on writing to the deleted file
(sqlite.org/howtocorrupt.html, 2.2). ``Database`` registers the files it has open
(``hold``/``release``); ``recognise`` answers for those without reading them: they
were recognised when they were opened.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from newsreader.errors import NotALibrary

# "NwsR" in ASCII: fixed forever, the same for every newsreader database. Chosen not to
# collide with the ids registered in SQLite's magic.txt (https://sqlite.org/src/file/magic.txt).
APPLICATION_ID = 0x4E777352

# Database files this process has open through SQLite (resolved path -> how many
# Database objects hold it): never opened with plain file I/O while held.
_held: Counter[Path] = Counter()
_held_lock = threading.Lock()


def hold(path: Path) -> None:
    """``path`` is open through SQLite in this process (see the module's docstring)."""
    with _held_lock:
        _held[path.resolve()] += 1


def release(path: Path) -> None:
    """One holder of ``path`` has closed every connection to it."""
    key = path.resolve()
    with _held_lock:
        _held[key] -= 1
        if _held[key] <= 0:
            del _held[key]


def is_held(path: Path) -> bool:
    """Whether this process has ``path`` open through SQLite."""
    with _held_lock:
        return path.resolve() in _held


# Tables every newsreader schema since version 1 has, with the columns all of them have
# (schema.py: migration 1, less those migration 2 dropped).
_OUR_COLUMNS = {
    "articles": {
        "id", "url", "final_url", "canonical_url", "title", "author", "site", "description",
        "language", "published", "lead_image_url", "word_count", "reading_minutes",
        "raw_file", "raw_encoding", "state", "favorite", "read_at", "progress", "saved_at",
        "updated_at",
    },
    "article_urls": {"key", "article_id"},
    "images": {
        "article_id", "position", "url", "file", "mime", "width", "height", "size", "alt",
        "caption", "is_lead", "error",
    },
    "tags": {"id", "name"},
    "article_tags": {"article_id", "tag_id"},
}  # fmt: skip
# A library whose tables are still only in its write-ahead log was stopped right after
# it was made: main file and log are then a few megabytes. Larger ones are not copied
# to be probed (another program's database may be any size).
WAL_PROBE_BYTES = 64 << 20

_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100


@dataclass(frozen=True)
class Header:
    """What the first 100 bytes of an SQLite file say (https://sqlite.org/fileformat.html)."""

    user_version: int
    application_id: int
    wal: bool  # file format version 2: the database is in WAL mode


def read_header(path: Path) -> Header | None:
    """The SQLite header of ``path``; None for an empty file. Raises NotALibrary for a
    file that is not an SQLite database, and OSError if it cannot be read."""
    with path.open("rb") as handle:
        data = handle.read(_HEADER_SIZE)
    if not data:
        return None
    if len(data) < _HEADER_SIZE or not data.startswith(_MAGIC):
        raise NotALibrary(f"{path} is not a newsreader library (not an SQLite database)")
    return Header(
        user_version=int.from_bytes(data[60:64], "big", signed=True),
        application_id=int.from_bytes(data[68:72], "big", signed=True),
        wal=data[18] == 2,
    )


def sqlite_uri(path: Path, **options: str) -> str:
    """A ``file:`` URI for ``path`` with query ``options`` (mode=ro, immutable=1...)."""
    query = "&".join(f"{key}={value}" for key, value in options.items())
    return f"file:{quote(str(path.resolve()))}" + (f"?{query}" if query else "")


@dataclass(frozen=True)
class _Schema:
    """What a probe of a database read: its tables' columns and two header fields."""

    columns: dict[str, set[str]]
    user_version: int
    application_id: int

    def ours(self, versions: int | None) -> bool:
        """Whether it is a newsreader library made before the mark: every table of
        ours with every column all our schemas have, and a schema version we know."""
        return (versions is None or 0 <= self.user_version <= versions) and all(
            self.columns.get(table, set()) >= wanted for table, wanted in _OUR_COLUMNS.items()
        )


def _schema(uri: str) -> _Schema | None:
    """Probe the database at ``uri``; None when SQLite cannot read it."""
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error:
        return None
    try:
        columns: dict[str, set[str]] = {}
        for table, column in conn.execute(
            "SELECT m.name, p.name FROM sqlite_master AS m, pragma_table_info(m.name) AS p "
            "WHERE m.type = 'table'"
        ):
            columns.setdefault(table, set()).add(column)
        return _Schema(
            columns,
            int(conn.execute("PRAGMA user_version").fetchone()[0]),
            int(conn.execute("PRAGMA application_id").fetchone()[0]),
        )
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _wal_of(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _schema_with_wal(path: Path) -> _Schema | None:
    """The schema of ``path`` with the changes still waiting in its write-ahead log,
    read from copies of both in a temporary folder: SQLite reading a WAL needs its
    shared-memory index, which it would create beside the original. None when there
    is no log, or the two are larger than WAL_PROBE_BYTES (see there)."""
    wal = _wal_of(path)
    try:
        logged = wal.stat().st_size
        size = path.stat().st_size + logged
    except OSError:
        return None
    if not logged or size > WAL_PROBE_BYTES:
        return None
    with tempfile.TemporaryDirectory(prefix="newsreader-probe-") as folder:
        copy = Path(folder) / "probe.sqlite3"
        try:
            shutil.copyfile(path, copy)
            shutil.copyfile(wal, _wal_of(copy))
        except OSError:
            return None
        return _schema(sqlite_uri(copy, mode="ro"))


def recognise(path: Path, versions: int | None = None) -> bool:
    """Whether the existing file ``path`` is a newsreader database. Returns False for a
    newsreader library made before the mark (to be stamped); raises NotALibrary, leaving
    the file and its folder untouched, for anything else: another program's database
    (also one with tables named like ours but other columns, or a schema version above
    ``versions``, the number of migrations this code knows), a file that is not a
    database, an empty file, a folder.

    Returns True when the header carries APPLICATION_ID, and for a database this
    process has open (``hold``), which is not read again (see the module's docstring).
    """
    if is_held(path):
        return True
    if path.is_dir():
        raise NotALibrary(f"{path} is a folder, not a newsreader library database")
    if path.exists() and not path.is_file():  # a pipe would never answer a read
        raise NotALibrary(f"{path} is not a regular file, not a newsreader library database")
    try:
        header = read_header(path)
    except OSError as exc:
        raise NotALibrary(f"cannot read {path}: {exc.strerror or exc}") from exc
    if header is not None and header.application_id == APPLICATION_ID:
        return True
    if header is not None and header.application_id != 0:
        raise NotALibrary(
            f"{path} belongs to another program (SQLite application id "
            f"{header.application_id:#010x}), not to newsreader; nothing was changed"
        )
    # No mark: a library from before the mark, or someone else's database. The main
    # file alone answers without touching anything (immutable: no locks, no files)...
    found = _schema(sqlite_uri(path, immutable="1")) if header is not None else None
    if found is not None and found.ours(versions):
        return False
    # ...unless its latest changes are still in the write-ahead log beside it (a
    # library whose program stopped before copying them back).
    found = _schema_with_wal(path)
    if found is not None and found.application_id == APPLICATION_ID:
        return True
    if found is not None and found.ours(versions):
        return False
    if header is None:
        raise NotALibrary(
            f"{path} is an empty file, not a newsreader library; move it away to "
            "start a new library there"
        )
    raise NotALibrary(
        f"{path} is an SQLite database of another program, not a newsreader library; "
        "nothing was changed"
    )
