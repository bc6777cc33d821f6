"""The extraction worker pool: crashes, hangs and errors fail one call, never the pool."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from newsreader.capture.deadline import Deadline
from newsreader.capture.workers import WorkerPool
from newsreader.errors import Cancelled, ExtractionError, ExtractionTimeout, WorkerCrashed
from tests import worker_jobs


@pytest.fixture(scope="module")
def pool():
    with WorkerPool(size=2) as p:
        yield p


def test_runs_in_another_process(pool):
    assert pool.run(worker_jobs.echo, {"å": [1, 2]}, timeout=30) == {"å": [1, 2]}
    assert pool.run(worker_jobs.pid, timeout=30) != os.getpid()


def test_a_segfault_fails_that_call_and_the_worker_is_replaced(pool):
    with pytest.raises(WorkerCrashed, match="crashed \\(SIGSEGV\\)"):
        pool.run(worker_jobs.segfault, timeout=30)
    assert pool.run(worker_jobs.echo, "still here", timeout=30) == "still here"


def test_an_exit_fails_that_call(pool):
    with pytest.raises(WorkerCrashed, match="exit status 3"):
        pool.run(worker_jobs.hard_exit, timeout=30)
    assert pool.run(worker_jobs.echo, 1, timeout=30) == 1


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_hang_times_out_and_the_worker_is_killed():
    with WorkerPool(size=1) as pool:
        hung = pool.run(worker_jobs.pid, timeout=30)
        started = time.monotonic()
        with pytest.raises(ExtractionTimeout, match="longer than 1 s"):
            pool.run(worker_jobs.sleep, 60, timeout=1)
        assert time.monotonic() - started < 10
        assert not _exists(hung)
        assert pool.run(worker_jobs.pid, timeout=30) != hung


def test_typed_errors_pass_through_and_bugs_become_worker_errors(pool):
    with pytest.raises(ExtractionError, match="^nothing here$"):
        pool.run(worker_jobs.typed_error, timeout=30)
    with pytest.raises(WorkerCrashed, match="ZeroDivisionError: division by zero"):
        pool.run(worker_jobs.bug, timeout=30)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is a Linux limit")
def test_runaway_memory_fails_the_call_not_the_machine(pool):
    with pytest.raises(WorkerCrashed, match="out of memory"):
        pool.run(worker_jobs.allocate_too_much, timeout=60)
    assert pool.run(worker_jobs.echo, 2, timeout=30) == 2


def test_calls_from_many_threads_share_the_workers(pool):
    results: list[object] = []
    errors: list[BaseException] = []

    def call(n: int) -> None:
        try:
            results.append(pool.run(worker_jobs.echo, n, timeout=30))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=call, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == list(range(12))
    assert pool.alive <= pool.size


def test_a_closed_pool_refuses_work():
    pool = WorkerPool(size=1)
    assert pool.run(worker_jobs.echo, "x", timeout=30) == "x"
    worker = pool.run(worker_jobs.pid, timeout=30)
    pool.close()
    assert pool.alive == 0
    assert not _exists(worker)
    with pytest.raises(WorkerCrashed, match="shut down"):
        pool.run(worker_jobs.echo, "x", timeout=30)


ORPHANING_PARENT = """
import sys, threading, time
from newsreader.capture.workers import WorkerPool
from tests import worker_jobs

pool = WorkerPool(size=2, death_signal=sys.argv[1] == "signal")
pool.prestart()
# One worker busy with a long call, the other idle, when the parent is killed.
threading.Thread(target=pool.run, args=(worker_jobs.sleep, 30), kwargs={"timeout": 60}).start()
while pool.alive < 2:
    time.sleep(0.05)
print(" ".join(str(w.process.pid) for w in pool._all), flush=True)
time.sleep(60)
"""


def _running(pid: int) -> bool:
    """Alive and not a zombie (in a container nobody may reap an orphan)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        return _exists(pid)


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is a POSIX signal")
@pytest.mark.parametrize(
    "how",
    [
        pytest.param(
            "signal",
            marks=pytest.mark.skipif(
                not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's"
            ),
        ),
        "watchdog",
    ],
)
def test_workers_die_quietly_with_a_killed_parent(how):
    import signal
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    parent = subprocess.Popen(
        [sys.executable, "-c", ORPHANING_PARENT, how],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    try:
        line = parent.stdout.readline()
        workers = [int(pid) for pid in line.split()]
        assert len(workers) == 2, line or parent.stderr.read()
        time.sleep(0.5)  # the long call has reached its worker
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 5
        while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [pid for pid in workers if _running(pid)] == []
        # Every process holding the terminal (here a pipe) is gone: its end is readable.
        _, err = parent.communicate(timeout=10)
        assert "Traceback" not in err and "Error" not in err, err
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(10)


def _busy_pool(size: int, tmp_path) -> tuple[WorkerPool, list[int], list[threading.Thread], list]:
    """A pool whose ``size`` workers are all in the middle of a 60 s call."""
    pool = WorkerPool(size=size)
    pool.prestart()
    outcomes: list[object] = []

    def call(n: int) -> None:
        try:
            outcomes.append(
                pool.run(worker_jobs.mark_and_sleep, str(tmp_path / f"busy{n}"), 60, timeout=120)
            )
        except WorkerCrashed as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=call, args=(n,)) for n in range(size)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    markers = [tmp_path / f"busy{n}" for n in range(size)]
    while not all(m.exists() and m.read_text() for m in markers):
        assert time.monotonic() < deadline, "the workers never started their calls"
        time.sleep(0.05)
    return pool, [int(m.read_text()) for m in markers], threads, outcomes


@pytest.mark.parametrize(("size", "timeout"), [(3, 1.0), (5, 0.5), (6, 1.0)])
def test_closing_a_busy_pool_is_bounded_whatever_its_size(tmp_path, size, timeout):
    # Each worker is busy for 60 s: waiting for them one after another would take
    # size x timeout; all at once it takes timeout, plus the kills.
    pool, pids, threads, outcomes = _busy_pool(size, tmp_path)
    started = time.monotonic()
    pool.close(timeout=timeout)
    took = time.monotonic() - started
    assert took < timeout + 1.5 < size * timeout, f"close took {took:.1f} s"
    assert pool.alive == 0
    assert [pid for pid in pids if _running(pid)] == []
    for thread in threads:
        thread.join(10)
    assert not any(thread.is_alive() for thread in threads)
    # Every interrupted call failed with the pool's error, none hung or returned.
    assert len(outcomes) == size and all(isinstance(o, WorkerCrashed) for o in outcomes)


def test_closing_an_idle_pool_lets_its_workers_exit_by_themselves(tmp_path):
    with WorkerPool(size=3) as pool:
        pids = sorted({pool.run(worker_jobs.pid, timeout=30) for _ in range(6)})
        workers = list(pool._all)
    codes = [w.process.exitcode for w in workers]
    assert codes == [0] * len(workers)  # asked to stop and did, not killed
    assert [pid for pid in pids if _running(pid)] == []


def test_a_cancelled_call_kills_its_worker_at_once_and_the_pool_goes_on(tmp_path):
    with WorkerPool(size=1) as pool:
        for seconds in (60, 5):  # the call's own time limit is far off either way
            cancel = Deadline()
            marker = tmp_path / f"busy-{seconds}"
            outcome: list[BaseException] = []

            def call(cancel=cancel, marker=marker, seconds=seconds, outcome=outcome) -> None:
                try:
                    pool.run(
                        worker_jobs.mark_and_sleep, str(marker), seconds, timeout=120, cancel=cancel
                    )
                except BaseException as exc:
                    outcome.append(exc)

            thread = threading.Thread(target=call)
            thread.start()
            deadline = time.monotonic() + 60
            while not (marker.exists() and marker.read_text()):
                assert time.monotonic() < deadline
                time.sleep(0.02)
            busy = int(marker.read_text())
            started = time.monotonic()
            cancel.cancel("cancelled")
            thread.join(10)
            assert time.monotonic() - started < 2.0
            assert [type(e) for e in outcome] == [Cancelled]
            assert not _running(busy)
            assert pool.run(worker_jobs.echo, seconds, timeout=30) == seconds


def test_a_call_waiting_for_a_busy_pool_can_be_cancelled(tmp_path):
    pool, pids, threads, _ = _busy_pool(1, tmp_path)
    try:
        for already in (False, True):
            cancel = Deadline()
            if already:
                cancel.cancel("cancelled")
            else:
                threading.Timer(0.3, cancel.cancel, args=("cancelled",)).start()
            started = time.monotonic()
            with pytest.raises(Cancelled):
                pool.run(worker_jobs.echo, 1, timeout=30, cancel=cancel)
            assert time.monotonic() - started < 2.0
        assert _running(pids[0])  # the busy worker was none of its business
    finally:
        pool.close(timeout=0.1)
    for thread in threads:
        thread.join(10)
