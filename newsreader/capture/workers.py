"""A small pool of long-lived worker processes for work that may crash or hang.

trafilatura is not safe to call from several threads (SIGSEGV under concurrent
``extract()``, its issues #840 and #925) and can spin for minutes on a pathological
page. Each call here runs in its own process with a deadline; a worker that dies
or overruns is killed and replaced, and only that call fails.

Any thread may call ``run``: it borrows an idle worker, waiting if all are busy.

Workers die with their parent, quietly: on Linux the kernel kills them when the
parent goes (``prctl(PR_SET_PDEATHSIG)``, see prctl(2)); everywhere a watchdog
thread in each worker notices that it was handed to another parent and exits; and
a worker whose parent vanished mid-call exits without a traceback.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import ctypes.util
import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from newsreader.capture.deadline import Deadline
from newsreader.errors import Cancelled, ExtractionTimeout, NewsreaderError, WorkerCrashed

log = logging.getLogger(__name__)

T = TypeVar("T")

# A worker that has served this many calls is replaced, so that memory a library
# leaks or fragments in a long import session is given back.
MAX_CALLS_PER_WORKER = 250
# Address-space cap per worker, so one monstrous page fails with MemoryError
# instead of pushing the whole desktop into swap.
MEMORY_LIMIT_BYTES = 4 * 1024**3
# How often a worker's watchdog looks whether its parent is still there (seconds).
PARENT_CHECK_SECONDS = 0.25
# How long close() lets busy workers finish their call before killing them (seconds).
CLOSE_SECONDS = 2.0
# How often a call waiting for a free worker looks whether it was cancelled (seconds).
IDLE_POLL_SECONDS = 0.1
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent(parent_pid: int, death_signal: bool) -> None:
    """Make this worker end when ``parent_pid`` does.

    On Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` has the kernel kill it the moment
    the parent thread that started it ends (the pool starts workers from one thread
    that lives as long as the pool). Everywhere, a daemon thread checks every
    PARENT_CHECK_SECONDS whether the worker was re-parented (``getppid`` changed),
    and if so ends the process at once, printing nothing.
    """
    if death_signal and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError, TypeError):
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the line above ran
        os._exit(0)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def _worker_main(
    conn: Connection,
    preload: tuple[str, ...],
    warm_up: Callable[[], object] | None,
    parent_pid: int | None = None,
    death_signal: bool = True,
) -> None:
    if parent_pid is not None:
        _die_with_parent(parent_pid, death_signal)
    # Ctrl+C belongs to the parent, which shuts workers down in order.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Extraction libraries log heavily at WARNING; in a worker that would land on
    # the user's terminal with no context.
    logging.disable(logging.WARNING)
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    except (ImportError, ValueError, OSError):
        pass
    for module in preload:
        __import__(module)
    if warm_up is not None:
        # Libraries build caches and compile patterns on first use; pay that here,
        # while the worker is idle, rather than on the first page someone saves.
        with contextlib.suppress(Exception):
            warm_up()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):  # the parent is gone
            return
        if job is None:
            return
        func, args = job
        try:
            result = ("ok", func(*args))
        except NewsreaderError as exc:
            result = ("error", exc)
        except MemoryError:
            result = ("error", WorkerCrashed("ran out of memory on this page"))
        except Exception as exc:
            result = ("error", WorkerCrashed(f"{exc.__class__.__name__}: {exc}"))
        try:
            try:
                conn.send(result)
            except OSError:
                raise
            except Exception as exc:  # e.g. an unpicklable result
                conn.send(("error", WorkerCrashed(f"could not return the result: {exc}")))
        except OSError:  # the parent is gone (BrokenPipeError): nobody to tell
            os._exit(0)


class _Worker:
    def __init__(
        self,
        ctx: multiprocessing.context.BaseContext,
        preload: tuple[str, ...],
        warm_up: Callable[[], object] | None,
        death_signal: bool = True,
    ):
        parent, child = ctx.Pipe(duplex=True)
        self.conn: Connection = parent
        self._close_lock = threading.Lock()
        self.calls = 0
        self.process: BaseProcess = ctx.Process(
            target=_worker_main,
            args=(child, preload, warm_up, os.getpid(), death_signal),
            daemon=True,
            name="newsreader-worker",
        )
        self.process.start()
        child.close()

    def kill(self) -> None:
        """Kill the process and close the pipe. Safe to call twice, from two threads
        at once (``close`` and the call the worker was busy with both do)."""
        with contextlib.suppress(OSError, ValueError):
            if self.process.is_alive():
                self.process.kill()
        self.process.join(5)
        # Once only: a second close() of the same pipe could close a file descriptor
        # the number has been reused for meanwhile.
        with self._close_lock:
            if not self.conn.closed:
                with contextlib.suppress(OSError):
                    self.conn.close()

    def ask_to_stop(self) -> None:
        """Tell the worker to exit after its current call (if any); does not wait."""
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)


class WorkerPool:
    """``size`` worker processes, started on first use.

    ``death_signal=False`` leaves only the portable watchdog to end workers whose
    parent died (tests use it to exercise that path on Linux).
    """

    def __init__(
        self,
        size: int | None = None,
        preload: tuple[str, ...] = (),
        warm_up: Callable[[], object] | None = None,
        death_signal: bool = True,
    ) -> None:
        self.size = max(1, size or os.cpu_count() or 1)
        self.preload = preload
        self.warm_up = warm_up
        self.death_signal = death_signal
        # Linux's parent-death signal fires when the *thread* that started a worker
        # ends, so every worker is started from this one thread, which lives as long
        # as the pool (callers' threads may come and go).
        self._starter = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="worker-starter"
        )
        # spawn, not fork: the parent may be a Qt application with threads, and
        # forking such a process can deadlock the child.
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._started = False

    def start(self) -> None:
        """Start the workers now (they load their libraries in the background)."""
        with self._lock:
            if self._started or self._closed:
                return
            self._started = True
            for _ in range(self.size):
                self._idle.put(None)  # placeholder: a worker is started on first borrow

    def prestart(self) -> None:
        """Start every worker process now, instead of on first use. Each loads its
        libraries in the background, so the first page saved does not wait for that."""
        self.start()
        taken: list[_Worker | None] = []
        while True:
            try:
                taken.append(self._idle.get_nowait())
            except queue.Empty:
                break
        try:
            for i, worker in enumerate(taken):
                if worker is None:
                    taken[i] = self._spawn()
        except WorkerCrashed:  # closed meanwhile
            pass
        finally:
            for worker in taken:
                self._idle.put(worker)

    def _spawn(self) -> _Worker:
        with self._lock:
            # Checked under the lock close() takes, so no worker outlives the pool.
            if self._closed:
                raise WorkerCrashed("the extraction workers have been shut down")
            worker = self._starter.submit(
                _Worker, self._ctx, self.preload, self.warm_up, self.death_signal
            ).result()
            self._all.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()

    def run(
        self,
        func: Callable[..., T],
        *args: Any,
        timeout: float,
        cancel: Deadline | None = None,
    ) -> T:
        """Call ``func(*args)`` in a worker process and return its result.

        ``func`` must be importable by name (a module-level function). Raises what
        ``func`` raised if it is a NewsreaderError, ExtractionTimeout if it overran
        ``timeout`` seconds, WorkerCrashed if the worker died, ``Cancelled`` if
        ``cancel`` was cancelled meanwhile: the worker is killed at once (SIGKILL,
        from the cancelling thread) and replaced, so a cancel never waits for the call.
        A cancel that comes after the call has returned does not reach the worker,
        which another call may be using by then (``Deadline.on_cancel``'s unregister).
        """
        self.start()
        if self._closed:
            raise WorkerCrashed("the extraction workers have been shut down")
        worker = self._borrow(cancel)
        if self._closed:
            self._idle.put(None)  # pass the wake-up on to the next waiting caller
            raise WorkerCrashed("the extraction workers have been shut down")
        try:
            if worker is None or not worker.process.is_alive():
                if worker is not None:
                    self._retire(worker)
                worker = self._spawn()
            try:
                worker.conn.send((func, args))
            except (OSError, ValueError):
                # It died while idle; give the call a fresh worker once.
                self._retire(worker)
                worker = self._spawn()
                worker.conn.send((func, args))
            worker.calls += 1
            busy = worker
            killed: list[bool] = []

            def kill_busy() -> None:
                killed.append(True)
                _kill(busy)

            unhook = cancel.on_cancel(kill_busy) if cancel is not None else None
            try:
                answered = worker.conn.poll(timeout)
                status, payload = worker.conn.recv() if answered else (None, None)
            except (OSError, ValueError, EOFError) as exc:
                # Killed by a cancel, closed under us by close(), or crashed.
                worker.process.join(1)
                code = worker.process.exitcode
                self._retire(worker)
                worker = None
                if cancel is not None and cancel.cancelled:
                    raise Cancelled(cancel.reason) from exc
                if self._closed:
                    raise WorkerCrashed("the extraction workers have been shut down") from exc
                raise WorkerCrashed(_describe_exit(code)) from exc
            finally:
                if unhook is not None:
                    unhook()  # waits for a kill in progress; none comes after it
            if killed:  # the cancel killed it just after it answered: never lend it again
                self._retire(worker)
                worker = None
                raise Cancelled(cancel.reason)
            if not answered:
                self._retire(worker)
                worker = None
                raise ExtractionTimeout(f"extraction took longer than {timeout:.0f} s")
            if worker.calls >= MAX_CALLS_PER_WORKER:
                self._retire(worker)
                worker = None
            if status == "ok":
                return payload
            raise payload
        finally:
            self._idle.put(worker)

    def _borrow(self, cancel: Deadline | None) -> _Worker | None:
        """An idle worker (None: a slot to start one in), waited for until one is free,
        or until ``cancel`` is cancelled (``Cancelled``)."""
        while True:
            try:
                return self._idle.get(timeout=None if cancel is None else IDLE_POLL_SECONDS)
            except queue.Empty:
                if cancel is not None and cancel.cancelled:
                    raise Cancelled(cancel.reason) from None

    def close(self, timeout: float = CLOSE_SECONDS) -> None:
        """Stop every worker, within ``timeout`` seconds (plus the moment a kill takes)
        however many there are. Calls still waiting for a worker fail.

        All workers are asked to exit at once, then awaited against one shared
        deadline; any still running then (busy with a long call) is killed (SIGKILL).
        """
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        deadline = time.monotonic() + timeout
        for worker in workers:
            worker.ask_to_stop()
        for worker in workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
        for worker in workers:  # the stragglers: all signalled before any is awaited
            if worker.process.is_alive():
                worker.process.kill()
        for worker in workers:
            worker.kill()
        self._starter.shutdown(wait=False)
        self._idle.put(None)  # wake a waiting caller so it sees the pool is closed

    @property
    def alive(self) -> int:
        with self._lock:
            return sum(1 for w in self._all if w.process.is_alive())

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _kill(worker: _Worker) -> None:
    """Kill ``worker``'s process now (a signal; never waits)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        worker.process.kill()


def _describe_exit(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"the extraction process crashed ({name}) on this page"
    return f"the extraction process stopped unexpectedly (exit status {code})"
