"""A save cancelled (or a Saver closed) while it waits for the write lock another
process holds stops waiting at once and stores nothing (db.Database.write's
``cancelled``; Saver keeps the save's deadline alive through storing)."""

from __future__ import annotations

import threading
import time

import pytest

from newsreader.errors import Cancelled
from newsreader.library.library import Library
from newsreader.saver import Saver, SaveState
from tests.test_library import JPEG_A, JPEG_B, content, image
from tests.test_library_concurrency import LockHolder
from tests.test_saver import article_page

HOLD = 20.0  # seconds the other process holds the lock: far past every bound below


def _stop(holder: LockHolder) -> None:
    holder.process.kill()
    holder.process.communicate()


def _switch_after(seconds: float) -> tuple[threading.Event, threading.Timer]:
    flag = threading.Event()
    timer = threading.Timer(seconds, flag.set)
    timer.start()
    return flag, timer


@pytest.mark.parametrize(
    ("change", "after"),
    [
        (lambda lib, c: lib.save(content(9, images=(image(0, JPEG_B),)), cancelled=c), 0.3),
        (lambda lib, c: lib.save(content(1, images=(image(0, JPEG_B),)), cancelled=c), 0.6),
        (lambda lib, c: lib.save(content(8), tags=["t"], cancelled=c), 0.0),
        (lambda lib, c: lib.db.write(lambda db: db.execute("DELETE FROM articles"), c), 0.4),
    ],
)
def test_a_cancel_stops_the_wait_for_the_lock_and_stores_nothing(tmp_path, change, after):
    with Library(tmp_path / "lib") as library:
        for n in range(1, 4):
            library.save(content(n, images=(image(0, JPEG_A),)))
        before = [library.get(n) for n in range(1, 4)]
        holder = LockHolder(library.paths.database, HOLD)
        try:
            flag, timer = _switch_after(after)
            began = time.monotonic()
            with pytest.raises(Cancelled) as raised:
                change(library, flag.is_set)
            elapsed = time.monotonic() - began
            timer.cancel()
        finally:
            _stop(holder)
        assert elapsed < after + 1.0  # pauses between attempts are at most 0.25 s
        assert "nothing was stored" in raised.value.message
        assert "\n" not in raised.value.message
        assert library.count() == 3
        assert [library.get(n) for n in range(1, 4)] == before
        assert library.check().clean


@pytest.mark.parametrize("stop", ["close", "cancel"])
def test_closing_or_cancelling_a_save_that_waits_to_store_returns_at_once(
    server, library, worker_pool, fetcher, stop
):
    urls = [server.page(f"/news/{n}", article_page(f"Story number {n}", str(n))) for n in (1, 2)]
    saver = Saver(library, pool=worker_pool, fetcher=fetcher)
    saver.save(urls[0])  # the library has one article before
    holder = LockHolder(library.paths.database, HOLD)
    try:
        storing = threading.Event()

        def on_state(url: str, state: SaveState, detail: str) -> None:
            if state is SaveState.STORING:
                storing.set()

        future = saver.submit(urls[1], on_state=on_state)
        assert storing.wait(30)
        time.sleep(0.3)  # well into the wait for the lock
        began = time.monotonic()
        if stop == "close":
            saver.close()
        else:
            assert saver.cancel(urls[1])
        result = future.result(timeout=5)
        elapsed = time.monotonic() - began
    finally:
        _stop(holder)
        saver.close()
    assert elapsed < 2.0  # close()'s documented bound
    assert isinstance(result.error, Cancelled)
    assert library.count() == 1
    assert [a.title for a in library.list()] == ["Story number 1"]
    assert library.check().clean
