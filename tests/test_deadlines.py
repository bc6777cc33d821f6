"""Deadlines and cancellation: every download and every save ends within its limit
(plus a margin), whatever a server does, and a cancel stops it storing nothing.

Servers on 127.0.0.1 misbehave on purpose: headers or bodies dripped a byte at a
time, images that never answer. Deadlines are short so the suite stays fast.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsreader import saver as saver_module
from newsreader.capture.deadline import Deadline
from newsreader.capture.fetch import Fetcher, FetchLimits
from newsreader.errors import Cancelled, DeadlineExceeded, FetchError
from newsreader.import_job import ImportJob
from newsreader.library.library import Library
from newsreader.saver import Saver
from tests.server import FixtureServer, generated_png
from tests.test_saver import article_page

ROOT = Path(__file__).resolve().parent.parent
# Generous: the machine running the suite may be busy; the bounds still catch a
# save that waits for a server instead of its deadline (30 s and more).
MARGIN = 2.5
SAVE_TIMEOUT = 3.0


def _page_with_images(paths: list[str]) -> str:
    figures = "".join(
        f'<figure><img src="{p}" alt="picture {i}"></figure>' for i, p in enumerate(paths)
    )
    return article_page(image="/first.png").replace(
        '<figure><img src="/first.png" alt="A picture"></figure>', figures
    )


def _wait_for_request(server: FixtureServer, path: str, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while not server.requested(path):
        assert time.monotonic() < end, f"the server never saw a request for {path}"
        time.sleep(0.02)


@pytest.fixture
def slow_fetcher() -> Iterator[Fetcher]:
    # Silences may last 20 s: only a total deadline can end these downloads in time.
    fetcher = Fetcher(FetchLimits(connect_timeout=2, read_timeout=20, total_timeout=1.5))
    yield fetcher
    fetcher.close()


# --- the token -------------------------------------------------------------------------------
def test_a_child_deadline_ends_with_its_parent_and_is_cancelled_with_it():
    parent = Deadline(0.5, what="the save")
    child = parent.child(60)
    assert child.expires == parent.expires and child.remaining() <= 0.5
    seen: list[str] = []
    child.on_cancel(lambda: seen.append("child"))
    parent.cancel("stop")
    assert child.cancelled and child.reason == "stop" and seen == ["child"]
    with pytest.raises(Cancelled, match="^stop$"):
        child.check()


@pytest.mark.parametrize(("own", "parent", "named"), [(0.05, 10, "own"), (10, 0.05, "outer")])
def test_an_expired_deadline_names_the_limit_that_ran_out(own, parent, named):
    outer = Deadline(parent, what="outer")
    inner = outer.child(own, what="own")
    time.sleep(0.1)
    with pytest.raises(DeadlineExceeded, match=f"^{named} took longer than"):
        inner.check()


def test_a_released_child_is_no_longer_reached_by_its_parent():
    parent = Deadline()
    child = parent.child(5)
    child.release()
    parent.cancel()
    assert not child.cancelled
    callback_ran: list[bool] = []
    parent.on_cancel(lambda: callback_ran.append(True))  # already cancelled: runs at once
    assert callback_ran == [True]


# --- one download ---------------------------------------------------------------------------
@pytest.mark.parametrize("interval", [0.05, 0.3])
def test_headers_dripped_a_byte_at_a_time_are_cut_off_at_the_total_deadline(
    server, slow_fetcher, interval
):
    url = server.header_drip("/slow-headers", interval=interval)
    started = time.monotonic()
    with pytest.raises(
        DeadlineExceeded, match=r"^download from 127\.0\.0\.1 took longer than 1\.5 s$"
    ):
        slow_fetcher.fetch_page(url)
    assert time.monotonic() - started < 1.5 + MARGIN


def test_a_header_drip_after_redirects_is_cut_off_at_the_same_deadline(server, slow_fetcher):
    server.header_drip("/drip-at-the-end", interval=0.1)
    server.redirect("/hop2", "/drip-at-the-end")
    start = server.redirect("/hop1", "/hop2")
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded, match="took longer than 1.5 s"):
        slow_fetcher.fetch_page(start)
    assert time.monotonic() - started < 1.5 + MARGIN


@pytest.mark.parametrize("length", [True, False])
@pytest.mark.parametrize("interval", [0.05, 0.4, 10.0])
def test_a_dripped_body_is_cut_off_and_never_taken_for_a_whole_page(
    server, slow_fetcher, interval, length
):
    # Without a Content-Length the body ends when the connection does: the cut-off
    # must still fail, not return the bytes that came as if they were the page.
    def route(handler):
        handler.close_connection = True
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
        handler.wfile.write(b"Content-Length: 100000\r\n\r\n" if length else b"\r\n")
        handler.wfile.write(b"<html><body><p>" + b"word " * 300)
        try:
            while not server.release.wait(interval):
                handler.wfile.write(b"x")
                handler.wfile.flush()
        except OSError:
            pass

    server.routes["/slow-body"] = route
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded, match="took longer than 1.5 s"):
        slow_fetcher.fetch_page(server.url("/slow-body"))
    assert time.monotonic() - started < 1.5 + MARGIN


def test_a_callers_deadline_shorter_than_the_download_limit_wins(server):
    fetcher = Fetcher(FetchLimits(connect_timeout=2, read_timeout=20, total_timeout=30))
    try:
        url = server.header_drip("/drip", interval=0.1)
        started = time.monotonic()
        with pytest.raises(DeadlineExceeded, match=r"^the save took longer than 1 s$"):
            fetcher.fetch_page(url, deadline=Deadline(1.0, what="the save"))
        assert time.monotonic() - started < 1.0 + MARGIN
    finally:
        fetcher.close()


@pytest.mark.parametrize("kind", ["hang", "header_drip", "drip"])
def test_a_cancel_reaches_a_download_in_flight(server, kind):
    import threading

    fetcher = Fetcher(FetchLimits(connect_timeout=2, read_timeout=30, total_timeout=60))
    url = getattr(server, kind)("/stuck")
    deadline = Deadline()
    errors: list[BaseException] = []

    def fetch() -> None:
        try:
            fetcher.fetch_page(url, deadline=deadline)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=fetch)
    thread.start()
    try:
        _wait_for_request(server, "/stuck")
        time.sleep(0.2)  # well inside the request
        cancelled = time.monotonic()
        deadline.cancel("cancelled")
        thread.join(10)
        assert not thread.is_alive()
        assert time.monotonic() - cancelled < 2.0
        assert len(errors) == 1 and isinstance(errors[0], Cancelled)
    finally:
        fetcher.close()


@pytest.fixture
def unanswered_port() -> Iterator[int]:
    """A port whose connection attempts hang: its listener's queue is full and never
    accepted from, so the kernel drops further SYNs (Linux)."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    held = []
    for _ in range(8):
        probe = socket.socket()
        probe.settimeout(0.3)
        try:
            probe.connect(("127.0.0.1", port))
        except OSError:
            probe.close()
            break
        held.append(probe)
    else:
        pytest.skip("this system never leaves a connection attempt unanswered")
    yield port
    for sock in (*held, listener):
        sock.close()


def test_a_cancel_reaches_a_connection_attempt_that_hangs(unanswered_port):
    import threading

    fetcher = Fetcher(FetchLimits(connect_timeout=30, read_timeout=30, total_timeout=60))
    deadline = Deadline()
    errors: list[BaseException] = []

    def fetch() -> None:
        try:
            fetcher.fetch_page(f"http://127.0.0.1:{unanswered_port}/a", deadline=deadline)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=fetch)
    thread.start()
    try:
        time.sleep(0.5)
        assert thread.is_alive()  # still connecting
        cancelled = time.monotonic()
        deadline.cancel("cancelled")
        thread.join(10)
        assert time.monotonic() - cancelled < 2.0
        assert len(errors) == 1 and isinstance(errors[0], Cancelled)
    finally:
        fetcher.close()


def test_a_connection_attempt_that_hangs_ends_at_the_total_deadline(unanswered_port):
    fetcher = Fetcher(FetchLimits(connect_timeout=30, read_timeout=30, total_timeout=1.0))
    try:
        started = time.monotonic()
        with pytest.raises(FetchError, match="127.0.0.1"):
            fetcher.fetch_page(f"http://127.0.0.1:{unanswered_port}/a")
        assert time.monotonic() - started < 1.0 + MARGIN
    finally:
        fetcher.close()


# --- a whole save -----------------------------------------------------------------------------
def _saver(library, worker_pool, **kwargs) -> Saver:
    fetcher = Fetcher(FetchLimits(connect_timeout=2, read_timeout=30, total_timeout=60))
    return Saver(library, pool=worker_pool, fetcher=fetcher, **kwargs)


@pytest.mark.parametrize(("count", "kind"), [(60, "hang"), (12, "header_drip"), (8, "drip")])
def test_a_page_whose_images_never_arrive_is_saved_without_them_by_the_deadline(
    server, library, worker_pool, count, kind
):
    paths = [f"/silent/{n}.png" for n in range(count)]
    for path in paths:
        getattr(server, kind)(path)
    url = server.page("/news/gallery", _page_with_images(paths))
    saver = _saver(library, worker_pool, save_timeout=SAVE_TIMEOUT)
    try:
        started = time.monotonic()
        result = saver.save(url)
        took = time.monotonic() - started
    finally:
        saver.close()
    assert took < SAVE_TIMEOUT + MARGIN
    assert result.ok and result.images_stored == 0 and result.images_failed == count
    article = library.get(result.article_id)
    assert len(article.images) == count
    assert all(image.file is None for image in article.images)
    assert {image.error for image in article.images} == {
        f"not downloaded: the save took longer than {SAVE_TIMEOUT:g} s"
    }
    assert "<img" not in article.content_html  # the reader never reaches for the network


def test_images_that_arrive_in_time_are_kept_beside_those_that_do_not(server, library, worker_pool):
    good = [f"/gen/kept{n}_300x200.png" for n in range(3)]
    silent = [f"/never/{n}.png" for n in range(5)]
    for path in silent:
        server.hang(path)
    # The silent images come from another host name for the same server: two of them
    # would otherwise hold both of the host's slots (FetchLimits.per_host) until the
    # deadline, and whether a good one got a slot first would be up to the scheduler.
    elsewhere = [server.url(path).replace("127.0.0.1", "localhost") for path in silent]
    url = server.page("/news/mixed", _page_with_images(good + elsewhere))
    saver = _saver(library, worker_pool, save_timeout=SAVE_TIMEOUT)
    try:
        started = time.monotonic()
        result = saver.save(url)
        assert time.monotonic() - started < SAVE_TIMEOUT + MARGIN
    finally:
        saver.close()
    assert result.images_stored == 3 and result.images_failed == 5
    stored = {image.url: image for image in library.get(result.article_id).images}
    assert all(stored[server.url(path)].file is not None for path in good)
    assert all(stored[address].file is None for address in elsewhere)


def test_a_page_that_never_answers_fails_at_the_save_deadline_storing_nothing(
    server, library, worker_pool
):
    url = server.header_drip("/news/never", interval=0.1)
    saver = _saver(library, worker_pool, save_timeout=1.0)
    try:
        started = time.monotonic()
        with pytest.raises(DeadlineExceeded, match="^the save took longer than 1 s$"):
            saver.save(url)
        assert time.monotonic() - started < 1.0 + MARGIN
    finally:
        saver.close()
    assert library.count() == 0


@pytest.mark.parametrize("stage", ["page", "images", "header_drip"])
def test_closing_the_saver_stops_every_save_within_two_seconds(server, library, worker_pool, stage):
    paths = [f"/hanging/{n}.png" for n in range(6)]
    for path in paths:
        server.hang(path)
    if stage == "page":
        urls = [server.hang(f"/news/hanging{n}") for n in range(3)]
        watched = "/news/hanging"
    elif stage == "header_drip":
        urls = [server.header_drip(f"/news/drip{n}", interval=0.1) for n in range(3)]
        watched = "/news/drip"
    else:
        urls = [server.page(f"/news/story{n}", _page_with_images(paths)) for n in range(3)]
        watched = "/hanging/"
    saver = _saver(library, worker_pool, save_timeout=120)
    futures = [saver.submit(url) for url in urls]
    _wait_for_request(server, watched)
    time.sleep(0.3)
    started = time.monotonic()
    saver.close()
    assert time.monotonic() - started < 2.0
    results = [future.result(timeout=5) for future in futures]
    assert all(isinstance(r.error, Cancelled) for r in results), [r.error for r in results]
    assert library.count() == 0


def test_one_save_can_be_cancelled_and_the_saver_goes_on(server, library, worker_pool):
    stuck = server.hang("/news/stuck")
    fine = server.page("/news/fine", article_page(image="/gen/fine_300x200.png"))
    saver = _saver(library, worker_pool)
    try:
        future = saver.submit(stuck)
        _wait_for_request(server, "/news/stuck")
        started = time.monotonic()
        assert saver.cancel(stuck)
        result = future.result(timeout=5)
        assert time.monotonic() - started < 2.0
        assert isinstance(result.error, Cancelled)
        assert not saver.cancel(stuck)  # nothing of it runs any more
        assert saver.save(fine).ok
    finally:
        saver.close()
    assert library.count() == 1


def test_a_failed_image_of_a_timed_out_save_is_fetched_when_saved_again(
    server, library, worker_pool
):
    # Missing images are retried by saving the article again, as for any failed image.
    server.hang("/late.png")
    url = server.page("/news/late", article_page(image="/late.png"))
    saver = _saver(library, worker_pool, save_timeout=SAVE_TIMEOUT)
    try:
        first = saver.save(url)
        assert first.images_failed == 1
        server.page("/late.png", generated_png("late", 300, 200), content_type="image/png")
        second = saver.save(url)
    finally:
        saver.close()
    assert second.article_id == first.article_id and second.images_stored == 1


# --- the processes ------------------------------------------------------------------------------
def _env(library_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env["NEWSREADER_LIBRARY"] = str(library_dir)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _articles(library_dir: Path) -> int:
    library = Library(library_dir, create=True)
    try:
        return library.count()
    finally:
        library.close()


@pytest.mark.parametrize(
    ("command", "kind"),
    [("import", "hang"), ("import", "header_drip"), ("import", "images"), ("add", "hang")],
)
def test_ctrl_c_ends_an_import_within_seconds_with_one_line(server, tmp_path, command, kind):
    if kind == "images":
        paths = [f"/i/{n}.png" for n in range(8)]
        for path in paths:
            server.hang(path)
        urls = [server.page("/news/a", _page_with_images(paths))]
        watched = "/i/"
    else:
        urls = [getattr(server, kind)(f"/news/{n}") for n in range(3)]
        watched = "/news/"
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
    library_dir = tmp_path / "library"
    arguments = [str(listing)] if command == "import" else urls
    process = subprocess.Popen(
        [sys.executable, "-m", "newsreader", command, *arguments],
        env=_env(library_dir),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_request(server, watched)
        time.sleep(0.3)
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
        took = time.monotonic() - started
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()  # and close its pipes: no warning in the next test
    assert took < 4.0
    assert process.returncode == 130
    assert err.strip().splitlines() == ["newsreader: interrupted"], err
    assert out == ""
    if command == "add":
        assert _articles(library_dir) == 0
    else:
        # An import's links are in the library from the start, as links only, and the
        # job is left to resume (`newsreader import --resume`); no page was stored.
        with Library(library_dir, create=False) as library:
            listed = library.list("all")
            assert [a.fetch_state for a in listed] == ["queued"] * len(urls)
            assert all(a.word_count == 0 for a in listed)
            assert ImportJob.unfinished(library) == [1]


def test_sigterm_closes_the_window_promptly_during_a_hanging_save(server, tmp_path):
    url = server.hang("/news/forever", seconds=120)
    library_dir = tmp_path / "library"
    process = subprocess.Popen(
        [sys.executable, "-m", "newsreader", url],
        env=_env(library_dir),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_request(server, "/news/forever", timeout=60)
        time.sleep(0.3)
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=15)
        took = time.monotonic() - started
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert took < 4.0
    assert process.returncode == 0
    assert _articles(library_dir) == 0


@pytest.mark.parametrize("command", ["add", "import"])
def test_a_save_deadline_set_on_the_command_line_ends_the_save(server, tmp_path, command):
    url = server.header_drip("/news/slow", interval=0.1)
    listing = tmp_path / "urls.txt"
    listing.write_text(url + "\n", encoding="utf-8")
    library_dir = tmp_path / "library"
    argument = str(listing) if command == "import" else url
    started = time.monotonic()
    done = subprocess.run(
        # --tries 1: an import would otherwise try a page that ran out of time again.
        [sys.executable, "-m", "newsreader", command, "--save-timeout", "1.5"]
        + (["--tries", "1"] if command == "import" else [])
        + [argument],
        env=_env(library_dir),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    took = time.monotonic() - started
    # Starting Python and the extraction workers takes part of the margin.
    assert took < 1.5 + MARGIN + 5
    # `import` exits 0 when the file was read: the page stays a link only, with why.
    assert done.returncode == (1 if command == "add" else 0)
    # `add` says it once; `import` in its progress line and in its closing list.
    failures = [line for line in done.stderr.splitlines() if "took longer" in line]
    assert len(failures) == (1 if command == "add" else 2), done.stderr
    assert all(line.endswith("the save took longer than 1.5 s") for line in failures)
    assert "Traceback" not in done.stderr
    assert _articles(library_dir) == (0 if command == "add" else 1)


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["add", "--save-timeout", "0", "http://x.no/a"], "out of range"),
        (["add", "--save-timeout", "-3", "http://x.no/a"], "out of range"),
        (["add", "--save-timeout", "nan", "http://x.no/a"], "out of range"),
        (["add", "--save-timeout", "1e9", "http://x.no/a"], "out of range"),
        (["add", "--save-timeout", "soon", "http://x.no/a"], "not a number of seconds"),
        (["import", "--jobs", "100000000000", "urls.txt"], "too large; at most 16"),
        (["import", "--jobs", "0", "urls.txt"], "too small"),
    ],
)
def test_save_options_out_of_range_end_in_one_usage_line(tmp_path, arguments, says):
    done = subprocess.run(
        [sys.executable, "-m", "newsreader", *arguments],
        env=_env(tmp_path / "library"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], done.stderr
    assert not (tmp_path / "library").exists()


@pytest.mark.parametrize(
    ("stored", "expected"),
    [(None, saver_module.SAVE_TIMEOUT), ("30", 30.0), ("2.5", 2.5), ("0", None), ("-1", None),
     ("soon", None), ("1e9", None), ("nan", None)],
)  # fmt: skip
def test_the_windows_save_deadline_setting_is_read_within_its_range(tmp_path, stored, expected):
    from PySide6.QtCore import QSettings

    from newsreader.ui.app import SAVE_TIMEOUT_KEY, save_timeout

    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    if stored is not None:
        settings.setValue(SAVE_TIMEOUT_KEY, stored)
        settings.sync()
        settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    assert save_timeout(settings) == (saver_module.SAVE_TIMEOUT if expected is None else expected)
