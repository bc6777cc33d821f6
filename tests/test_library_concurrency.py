"""Writers wait their turn, and a writer killed at any moment leaves the library whole.

Real processes: one holds SQLite's write lock for a while, many save at once, one is
killed with SIGKILL again and again (benchmarks/kill_loop.py).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.errors import LibraryLocked
from newsreader.library import db as db_module
from newsreader.library.library import Library
from tests.test_library import JPEG_A, JPEG_B, content, image

ROOT = Path(__file__).resolve().parent.parent
KILL_LOOP = ROOT / "benchmarks" / "kill_loop.py"

# Holds the write lock of the database given as argv[1] for argv[2] seconds, the way
# another newsreader process (an import, a reindex) does: BEGIN IMMEDIATE ... COMMIT.
HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE articles SET progress = 0.5 WHERE id = 1")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
print("released", flush=True)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


class LockHolder:
    def __init__(self, database: Path, seconds: float) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(database), str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "locked"

    def finish(self) -> str:
        out, _ = self.process.communicate(timeout=30)
        return out.strip()


@pytest.fixture
def saved(tmp_path) -> Path:
    with Library(tmp_path / "lib") as library:
        for n in range(1, 4):
            library.save(content(n, images=(image(0, JPEG_A),)))
    return tmp_path / "lib"


@pytest.mark.parametrize("hold", [0.6, 1.5])
def test_a_write_waits_for_another_process_to_release_the_lock(saved, hold):
    with Library(saved, busy_timeout=20) as library:
        holder = LockHolder(library.paths.database, hold)
        began = time.monotonic()
        outcome = library.save(content(7, images=(image(0, JPEG_B),)), tags=["venter"])
        library.set_favorite(1, True)
        library.set_tags(2, ["a", "b"])
        waited = time.monotonic() - began
        assert holder.finish() == "released"
        # It really waited for the other process, and then its changes landed.
        assert waited >= hold * 0.8
        assert library.get(outcome.article_id).tags == ("venter",)
        assert library.get(1).favorite and library.get(1).progress == 0.5
        assert library.get(2).tags == ("a", "b")
        assert library.check().clean


@pytest.mark.parametrize(
    ("deadline", "change"),
    [
        (0.4, lambda lib: lib.set_state(1, "archived")),
        (0.8, lambda lib: lib.save(content(9))),
        (1.2, lambda lib: lib.delete([2])),
    ],
)
def test_a_lock_held_past_the_deadline_ends_in_one_clear_line(saved, deadline, change):
    with Library(saved, busy_timeout=deadline) as library:
        holder = LockHolder(library.paths.database, deadline + 3)
        began = time.monotonic()
        with pytest.raises(LibraryLocked) as raised:
            change(library)
        elapsed = time.monotonic() - began
        holder.finish()
        assert deadline <= elapsed < deadline + 2.0  # the bound: the deadline plus a margin
        message = raised.value.message
        assert "busy in another program" in message and "\n" not in message
        # Nothing of the refused change was stored.
        assert library.count() == 3 and library.get(1).state == "unread"
        assert library.get(2).id == 2


def test_the_cli_says_busy_in_one_line_after_its_deadline(saved, capsys, monkeypatch):
    monkeypatch.setattr(db_module, "WRITE_DEADLINE", 0.5)
    holder = LockHolder(saved / "library.sqlite3", 4)
    code = main(["--library", str(saved), "archive", "1", "2"])
    # Reading while the lock is held is not blocked (WAL).
    listed = main(["--library", str(saved), "list"])
    holder.finish()
    out, err = capsys.readouterr()
    assert code == 1 and listed == 0
    # Said once, not once per article: the second would only wait as long again.
    assert err.startswith("newsreader: the library at ") and err.count("\n") == 1
    assert re.search(
        r" is busy in another program \(waited \d\.\d s\); try again when it is done", err
    )
    assert out.count("Tittel") == 3


def test_many_writer_processes_at_once_never_fail_busy(tmp_path):
    library_dir = tmp_path / "lib"
    Library(library_dir).close()
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                str(KILL_LOOP),
                "--writer",
                str(library_dir),
                "--seed",
                str(n),
                "--count",
                "50",
                "--prefix",
                str(n + 1),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for n in range(6)
    ]
    present: set[int] = set()
    for process in writers:
        out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err
        assert "busy" not in err
        # By the number in the URL: an id freed by a delete may be given again.
        for line in out.splitlines():
            verb, _, number = line.split(" ")
            (present.add if verb == "saved" else present.discard)(int(number))
    with Library(library_dir) as library:
        stored = {int(library.get(i).url.rsplit("/", 1)[1]) for i in library.ids()}
        assert stored == present
        report = library.check(grace=0, deep=True)
        assert report.clean, report


def test_kill_loop_rounds_leave_only_orphans(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(KILL_LOOP),
            "--rounds",
            "4",
            "--min",
            "0.5",
            "--max",
            "1.2",
            "--library",
            str(tmp_path / "lib"),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        env=_env(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    totals = json.loads(result.stdout.splitlines()[-1])
    assert totals["rounds"] == 4
    assert totals["damaged_rounds"] == 0 and totals["lost"] == 0
    assert result.stdout.count(": ok\n") == 4
    with Library(tmp_path / "lib", create=False) as library:
        assert library.count() > 0


# Reads a rollback-journal database in a transaction for argv[2] seconds: its shared lock
# lets another connection begin writing there, but not commit.
OTHER_READER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN")
conn.execute("SELECT count(*) FROM log").fetchall()
print("reading", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


@pytest.mark.parametrize("hold", [0.5, 1.2])
def test_a_transaction_interrupted_by_a_busy_answer_runs_again_whole(tmp_path, saved, hold):
    # A busy answer in the middle of a transaction, for real: the transaction also writes
    # to a second database (attached, rollback journal) that another process is reading,
    # so its COMMIT, which needs that database to itself, is answered busy.
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE log (who TEXT)")
    conn.commit()
    conn.close()
    with Library(saved, busy_timeout=15) as library:
        library.db.execute("ATTACH DATABASE ? AS other", (str(other),))
        runs: list[int] = []

        def body(db) -> int:
            runs.append(1)
            db.execute("UPDATE articles SET progress = progress + 0.25 WHERE id = 1")
            db.execute("INSERT INTO other.log VALUES ('library')")
            return len(runs)

        holder = subprocess.Popen(
            [sys.executable, "-c", OTHER_READER, str(other), str(hold)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdout.readline().strip() == "reading"
        began = time.monotonic()
        runs_needed = library.db.write(body)
        waited = time.monotonic() - began
        holder.communicate(timeout=30)
        assert runs_needed > 1 and waited >= hold * 0.8
        # Every interrupted run was rolled back: the change landed once.
        assert library.get(1).progress == 0.25
        assert [row[0] for row in library.db.query("SELECT who FROM other.log")] == ["library"]


def test_check_looks_from_a_snapshot_when_another_program_keeps_the_lock(saved, capsys):
    from newsreader.library import consistency

    holder = LockHolder(saved / "library.sqlite3", 9)  # longer than the check may wait
    try:
        started = time.monotonic()
        code = main(["--library", str(saved), "check"])
        took = time.monotonic() - started
    finally:
        holder.finish()
    out, err = capsys.readouterr()
    assert took < consistency.LOCK_WAIT_SECONDS + 4  # not until the lock is free
    assert (code, out) == (0, "library is consistent\n")
    assert err.count("\n") == 1 and "the search index was only probed" in err
    # With the lock free, the same check is whole and says nothing more.
    assert main(["--library", str(saved), "check"]) == 0
    assert capsys.readouterr() == ("library is consistent\n", "")


def test_closing_the_library_under_a_thread_waiting_for_the_lock_ends_that_wait(saved):
    # The window's writer waits for another program's lock when the app quits: closing
    # must neither close the connection under its statement (a crash in sqlite3) nor
    # leave it waiting out the library's deadline.
    import threading

    from newsreader.errors import LibraryError

    holder = LockHolder(saved / "library.sqlite3", 6)
    library = Library(saved)
    library.get(1)  # this thread's connection, closed by close()
    outcome: list[object] = []

    def waiting_write() -> None:
        try:
            library.set_state(1, "archived")
            outcome.append("written")
        except LibraryError as exc:
            outcome.append(exc.message)

    writer = threading.Thread(target=waiting_write)
    writer.start()
    time.sleep(0.5)  # it is waiting for the lock now
    started = time.monotonic()
    library.close()
    writer.join(5)
    took = time.monotonic() - started
    holder.finish()
    assert not writer.is_alive() and took < 2
    assert outcome == ["the library is closed"]
    with Library(saved) as again:  # nothing was changed
        assert again.get(1).state == "unread"
