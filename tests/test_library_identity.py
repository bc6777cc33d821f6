"""A library knows itself: newsreader's databases carry its application id, and any
other file is refused before anything is written, next to it or in it."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.errors import NotALibrary
from newsreader.library import identity
from newsreader.library.db import Database
from newsreader.library.library import Library
from newsreader.library.schema import MIGRATIONS
from tests.test_library import content


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry under ``folder``: its kind, bytes' hash and modification time."""
    found: dict[str, tuple] = {}
    for path in sorted([folder, *folder.rglob("*")]):
        stat = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
        found[str(path.relative_to(folder))] = (path.is_dir(), digest, stat.st_mtime_ns)
    return found


def _wal_app(database: Path) -> None:
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('kjøpe melk')")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()


def _stamped_app(database: Path) -> None:
    # Another program that marks its files, as newsreader does (Fossil's id).
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA application_id = 252006673")
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()


def _look_alike(database: Path) -> None:
    # Some of our table names, not all: a coincidence, not a library.
    conn = sqlite3.connect(database)
    conn.executescript(
        "CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT);"
        "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT);"
        "PRAGMA user_version = 4;"
    )
    conn.close()


# Every one of our table names, with columns of another program's.
OUR_NAMES_OTHER_COLUMNS = (
    "CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT, body TEXT);"
    "CREATE TABLE article_urls (key TEXT PRIMARY KEY, article_id INTEGER);"
    "CREATE TABLE images (id INTEGER PRIMARY KEY, path TEXT);"
    "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT);"
    "CREATE TABLE article_tags (article_id INTEGER, tag_id INTEGER);"
    "PRAGMA user_version = 2;"
)


def _our_names_other_columns(database: Path) -> None:
    conn = sqlite3.connect(database)
    conn.executescript(OUR_NAMES_OTHER_COLUMNS)
    conn.close()


def _our_tables_unknown_version(database: Path) -> None:
    # Our very tables, unmarked, at a schema version no newsreader ever wrote unmarked.
    Database(database, MIGRATIONS[:2]).close()
    conn = sqlite3.connect(database)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 7}")
    conn.close()


def _pending_in_wal(database: Path, script: str) -> None:
    """A database in WAL mode whose changes are all still in its -wal file, as another
    program that is running (or was stopped) leaves it: copied while it is open."""
    source = database.parent.parent / f".running-{database.parent.name}"
    source.mkdir()
    conn = sqlite3.connect(source / "app.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.executescript(script)
    shutil.copyfile(source / "app.db", database)
    shutil.copyfile(source / "app.db-wal", database.with_name(database.name + "-wal"))
    conn.close()
    assert database.with_name(database.name + "-wal").stat().st_size > 0


def _wal_app_pending(database: Path) -> None:
    _pending_in_wal(database, "CREATE TABLE notes (x); INSERT INTO notes VALUES (1);")


def _wal_app_pending_some_written(database: Path) -> None:
    _pending_in_wal(
        database,
        "CREATE TABLE notes (x); INSERT INTO notes VALUES (1); PRAGMA wal_checkpoint;"
        "INSERT INTO notes VALUES (2); PRAGMA user_version = 9;",
    )


def _our_names_pending_in_wal(database: Path) -> None:
    _pending_in_wal(database, OUR_NAMES_OTHER_COLUMNS)


def _text(database: Path) -> None:
    database.write_text("id,title\n1,not a database\n" * 20)


def _empty(database: Path) -> None:
    database.write_bytes(b"")


def _folder(database: Path) -> None:
    database.mkdir()
    (database / "inside.txt").write_text("mine")


def _truncated_header(database: Path) -> None:
    database.write_bytes(b"SQLite format 3\x00" + b"\x10\x00\x01\x01")


def _pipe(database: Path) -> None:
    os.mkfifo(database)


OTHERS = {
    "sqlite-wal-app": _wal_app,
    "sqlite-stamped-app": _stamped_app,
    "sqlite-look-alike": _look_alike,
    "sqlite-our-names-other-columns": _our_names_other_columns,
    "sqlite-our-tables-unknown-version": _our_tables_unknown_version,
    "sqlite-wal-app-pending": _wal_app_pending,
    "sqlite-wal-app-partly-pending": _wal_app_pending_some_written,
    "sqlite-our-names-pending-in-wal": _our_names_pending_in_wal,
    "text-file": _text,
    "empty-file": _empty,
    "folder": _folder,
    "truncated-header": _truncated_header,
    "named-pipe": _pipe,
}


@pytest.mark.parametrize("kind", OTHERS)
def test_anything_that_is_not_a_library_is_refused_untouched(tmp_path, kind):
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "readme.txt").write_text("another program's folder")
    OTHERS[kind](folder / "library.sqlite3")
    before = snapshot(folder)
    for attempt in (
        lambda: Library(folder),
        lambda: Library(folder, create=False),
        lambda: Library(folder, read_only=True),
    ):
        with pytest.raises(NotALibrary) as raised:
            attempt()
        assert "\n" not in raised.value.message
        assert "library" in raised.value.message
    assert snapshot(folder) == before  # no WAL switch, no folders, no journal files


@pytest.mark.parametrize(
    "kind", ["sqlite-wal-app", "sqlite-wal-app-pending", "text-file", "empty-file", "folder"]
)
@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["search", "melk"],
        ["tag", "1", "--add", "x"],
        ["check", "--repair"],
        ["reindex"],
        ["add", "http://127.0.0.1:9/never-fetched"],
    ],
)
def test_the_cli_refuses_another_programs_file_in_one_line(tmp_path, capsys, kind, command):
    folder = tmp_path / "other"
    folder.mkdir()
    OTHERS[kind](folder / "library.sqlite3")
    before = snapshot(folder)
    code = main(["--library", str(folder), *command])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("newsreader: ")
    assert "not a newsreader library" in err or "is a folder" in err
    assert snapshot(folder) == before


def test_a_library_folder_that_is_a_file_is_refused_untouched(tmp_path, capsys):
    database = tmp_path / "notes.sqlite3"
    _wal_app(database)
    before = snapshot(tmp_path)
    code = main(["--library", str(database), "list"])
    assert code == 1
    assert capsys.readouterr().err == f"newsreader: {database} is a file, not a library folder\n"
    with pytest.raises(NotALibrary):
        Library(database)
    assert snapshot(tmp_path) == before


def test_a_new_library_is_stamped_and_made_whole(tmp_path):
    with Library(tmp_path / "lib") as library:
        library.save(content(1))
    database = tmp_path / "lib" / "library.sqlite3"
    header = identity.read_header(database)
    assert header.application_id == identity.APPLICATION_ID == 0x4E777352
    assert header.user_version == len(MIGRATIONS)
    # Nothing of the temporary database it was built under is left.
    assert sorted(p.name for p in (tmp_path / "lib").iterdir()) == [
        "images",
        "library.sqlite3",
        "raw",
        "tmp",
    ]
    assert identity.recognise(database)


def test_libraries_made_at_once_by_several_threads_are_one(tmp_path):
    errors: list[BaseException] = []
    opened: list[int] = []

    def open_it() -> None:
        try:
            with Library(tmp_path / "lib") as library:
                opened.append(library.db.version)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and opened == [len(MIGRATIONS)] * 6
    assert [p.name for p in (tmp_path / "lib").glob("*sqlite3*")] == ["library.sqlite3"]


@pytest.mark.parametrize("version", [1, 2, 4])
def test_a_library_from_before_the_mark_is_recognised_and_stamped(tmp_path, version):
    Database(tmp_path / "library.sqlite3", MIGRATIONS[:version]).close()
    assert identity.read_header(tmp_path / "library.sqlite3").application_id == 0
    assert identity.recognise(tmp_path / "library.sqlite3") is False
    with Library(tmp_path) as library:
        assert library.db.scalar("PRAGMA application_id") == identity.APPLICATION_ID
        assert library.db.version == len(MIGRATIONS)
    assert identity.read_header(tmp_path / "library.sqlite3").application_id == (
        identity.APPLICATION_ID
    )


def test_a_library_whose_tables_are_still_in_its_write_ahead_log_is_recognised(tmp_path):
    # A library from before the mark whose program stopped before SQLite copied its
    # first changes from the log into the file: the file alone shows no tables.
    source = tmp_path / "running"
    source.mkdir()
    conn = sqlite3.connect(source / "library.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    for step in MIGRATIONS[0]:
        if isinstance(step, str):
            conn.execute(step)
    conn.execute("PRAGMA user_version = 1")
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("library.sqlite3", "library.sqlite3-wal"):
        shutil.copyfile(source / name, copy / name)
    conn.close()
    assert identity.read_header(copy / "library.sqlite3") is None or not (
        identity._schema(identity.sqlite_uri(copy / "library.sqlite3", immutable="1")).columns
    )
    with Library(copy) as library:
        assert library.db.version == len(MIGRATIONS)
        assert library.db.scalar("PRAGMA application_id") == identity.APPLICATION_ID


def test_a_newer_library_is_refused_before_anything_is_written(tmp_path):
    Library(tmp_path).close()
    conn = sqlite3.connect(tmp_path / "library.sqlite3")
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 3}")
    conn.close()
    before = snapshot(tmp_path)
    for read_only in (None, True):
        with pytest.raises(Exception, match="newer newsreader"):
            Library(tmp_path, read_only=read_only)
    assert {k: v[:2] for k, v in snapshot(tmp_path).items()} == {
        k: v[:2] for k, v in before.items()
    }
