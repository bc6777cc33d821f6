"""`newsreader check` looks at the database itself, not only at the files and the
search index: a newcomer's damaged library (an index missing rows) was reported
"consistent". Damage is made here the way a crash or a dropped lock leaves it: bytes
of an index's page overwritten while nothing has the file open."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.library.library import Library
from tests.test_library import content

ROOT = Path(__file__).resolve().parent.parent


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newsreader", "--library", str(root), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )


def _damage_index(database: Path, index: str) -> None:
    """Overwrite the middle of ``index``'s root page (after a checkpoint, with no
    connection open)."""
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        (root,) = db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (index,)
        ).fetchone()
    db.close()
    with open(database, "r+b") as handle:
        handle.seek((root - 1) * page_size + 8)
        handle.write(b"\xff" * 64)


@pytest.mark.parametrize("index", ["articles_saved_at", "articles_state"])
@pytest.mark.parametrize("deep", [False, True])
def test_check_says_the_database_is_damaged_and_how_to_restore(tmp_path, index, deep):
    root = tmp_path / "lib"
    library = Library(root)
    for n in range(40):
        library.save(content(n, title=f"Sak {n}"))
    library.close()
    _damage_index(root / "library.sqlite3", index)
    done = _cli(root, "check", *(["--deep"] if deep else []))
    assert done.returncode == 1
    lines = [line for line in done.stdout.splitlines() if "database is damaged" in line]
    assert len(lines) == 1 and "restore" in lines[0]
    assert "library is consistent" not in done.stdout
    assert "Traceback" not in done.stderr


def test_check_passes_a_sound_database(tmp_path):
    root = tmp_path / "lib"
    library = Library(root)
    library.save(content(1))
    library.close()
    done = _cli(root, "check", "--deep")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "library is consistent" in done.stdout
