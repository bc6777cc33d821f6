"""Telling a newsreader library from any other file, without changing it.

A newsreader database carries ``APPLICATION_ID`` in its header (SQLite's
``PRAGMA application_id``, bytes 68-71 of the file: https://sqlite.org/fileformat.html).
Libraries made before the mark existed are recognised by their tables and stamped by
a migration (schema.py). Everything here reads the file with plain file I/O or through
an ``immutable`` SQLite connection, which takes no locks and creates no journal, WAL or
shared-memory file: a file that is not ours is left exactly as it was.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from newsreader.errors import NotALibrary

# "NwsR" in ASCII: fixed forever, the same for every newsreader database. Chosen not to
# collide with the ids registered in SQLite's magic.txt (https://sqlite.org/src/file/magic.txt).
APPLICATION_ID = 0x4E777352

# Tables every newsreader schema since version 1 has (schema.py, migration 1).
_OUR_TABLES = frozenset({"articles", "article_urls", "images", "tags", "article_tags"})

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


def _tables(uri: str) -> set[str] | None:
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error:
        return None
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _wal_has_content(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def recognise(path: Path) -> bool:
    """Whether the existing file ``path`` is a newsreader database. Returns False for a
    newsreader library made before the mark (to be stamped); raises NotALibrary, leaving
    the file untouched, for anything else: another program's database, a file that is
    not a database, an empty file, a folder.

    Returns True when the header carries APPLICATION_ID.
    """
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
    # file alone answers without touching anything...
    tables = _tables(sqlite_uri(path, immutable="1")) if header is not None else set()
    if tables is not None and tables >= _OUR_TABLES:
        return False
    # ...unless its latest changes are still in the write-ahead log beside it (a
    # library whose program stopped before copying them back). That log exists
    # already, so reading it through SQLite adds at most its shared-memory index.
    if _wal_has_content(path):
        tables = _tables(sqlite_uri(path, mode="ro"))
        if tables is not None and tables >= _OUR_TABLES:
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
