"""A process that has the library open never reads its database with plain file I/O.

Closing any descriptor of a file drops every POSIX lock the process holds on it,
SQLite's included (fcntl(2); sqlite.org/howtocorrupt.html, 2.2). A newcomer found it:
the window's automatic backup read the database's header with open()/close(), which
dropped the window's locks; the next `newsreader list` then took the database for
unused, checkpointed and deleted the write-ahead log, and the window went on writing
to the deleted file (lost changes, then a malformed database). Each way this process
may look at its own library is followed here by a real other process opening and
closing the library, and the open library's next write must reach that other process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.library import backup, identity
from newsreader.library.library import Library
from tests.test_library import content

ROOT = Path(__file__).resolve().parent.parent


def _other_process(root: Path, code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


OPEN_AND_CLOSE = (
    "import sys; from pathlib import Path; from newsreader.library.library import Library;"
    " lib = Library(Path(sys.argv[1])); print(len(lib.ids())); lib.close()"
)
FAVOURITES = (
    "import sys; from pathlib import Path; from newsreader.library.library import Library;"
    " lib = Library(Path(sys.argv[1]));"
    " print(sorted(i for i in lib.ids() if lib.get(i).favorite)); lib.close()"
)


def _recognise(library: Library, tmp_path: Path) -> None:
    identity.recognise(library.paths.database)


def _automatic_backup(library: Library, tmp_path: Path) -> None:
    assert backup.auto_backup(library.paths.root, directory=tmp_path / "backups") is not None


def _second_library_object(library: Library, tmp_path: Path) -> None:
    Library(library.paths.root).close()  # another window of this process


def _full_backup(library: Library, tmp_path: Path) -> None:
    backup.write_archive(library.paths.root, tmp_path / "full.zip")


@pytest.mark.parametrize(
    "look", [_recognise, _automatic_backup, _full_backup, _second_library_object]
)
def test_looking_at_the_open_library_keeps_its_locks(tmp_path, look):
    library = Library(tmp_path / "lib")
    try:
        first, second = (library.save(content(i)).article_id for i in (1, 2))
        library.set_favorite(first, True)
        look(library, tmp_path)
        # Another program opens and closes the library: it must see it is in use.
        assert _other_process(library.paths.root, OPEN_AND_CLOSE) == "2"
        assert (library.paths.root / "library.sqlite3-wal").exists()
        library.set_favorite(second, True)
        assert _other_process(library.paths.root, FAVOURITES) == str(sorted([first, second]))
    finally:
        library.close()
    assert not identity.is_held(library.paths.database)


def test_a_closed_library_is_read_as_any_file_again(tmp_path):
    library = Library(tmp_path / "lib")
    assert identity.is_held(library.paths.database)
    library.close()
    assert not identity.is_held(library.paths.database)
    foreign = tmp_path / "lib" / "library.sqlite3"
    foreign.unlink()
    for leftover in ("-wal", "-shm"):
        (tmp_path / "lib" / f"library.sqlite3{leftover}").unlink(missing_ok=True)
    foreign.write_bytes(b"not a database at all" * 10)
    with pytest.raises(Exception, match="not a newsreader library"):
        identity.recognise(foreign)
