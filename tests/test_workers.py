"""The extraction worker pool: crashes, hangs and errors fail one call, never the pool."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from newsreader.capture.workers import WorkerPool
from newsreader.errors import ExtractionError, ExtractionTimeout, WorkerCrashed
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
