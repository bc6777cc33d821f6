"""One save's images, however slow their hosts, never keep another save's images from
downloading: each save downloads a few images at a time, on threads enough for every
save (``images.download_images``, ``Saver``), and one host still gets at most
``FetchLimits.per_host`` requests at once.

Hosts are told apart by name: "127.0.0.1" and "localhost" reach the same server but
are two hosts to the fetcher; raw listeners on 127.0.0.2 and 127.0.0.3 (Linux answers
on all of 127/8) accept connections and never answer.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from newsreader.capture.deadline import Deadline
from newsreader.capture.fetch import Fetcher, FetchLimits
from newsreader.capture.images import PARALLEL_DOWNLOADS, ImageRef, download_images
from newsreader.saver import Saver
from tests.server import FixtureServer, generated_png, respond
from tests.test_saver import article_page

SILENT_IMAGES = 20


class Mute:
    """A listener on ``address`` that accepts connections and never answers."""

    def __init__(self, address: str) -> None:
        self.listener = socket.create_server((address, 0))
        self.port = self.listener.getsockname()[1]
        self.address = address
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                self.held.append(self.listener.accept()[0])
            except OSError:
                return

    def url(self, path: str) -> str:
        return f"http://{self.address}:{self.port}{path}"

    def close(self) -> None:
        self.listener.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def mutes() -> Iterator[list[Mute]]:
    try:
        made = [Mute("127.0.0.2"), Mute("127.0.0.3")]
    except OSError:
        pytest.skip("this system answers on 127.0.0.1 only")
    yield made
    for mute in made:
        mute.close()


def _silent_refs(server: FixtureServer, mutes: list[Mute], spread: str) -> list[ImageRef]:
    server.hang("/silent.png")
    if spread == "one host":
        return [ImageRef(server.url(f"/silent.png?{n}")) for n in range(SILENT_IMAGES)]
    urls = [server.url("/silent.png"), *(mute.url("/silent.png") for mute in mutes)]
    return [ImageRef(f"{urls[n % len(urls)]}?{n}") for n in range(SILENT_IMAGES)]


def _localhost(url: str) -> str:
    return url.replace("//127.0.0.1:", "//localhost:")


def _wait_for(server: FixtureServer, path: str) -> None:
    end = time.monotonic() + 30
    while not server.requested(path):
        assert time.monotonic() < end, f"the server never saw {path}"
        time.sleep(0.02)


@pytest.mark.parametrize("spread", ["one host", "three hosts"])
def test_one_pages_silent_images_do_not_hold_another_pages_images(server, mutes, spread):
    fetcher = Fetcher(FetchLimits(connect_timeout=2, read_timeout=30, total_timeout=60))
    threads = ThreadPoolExecutor(2 * PARALLEL_DOWNLOADS)  # as a Saver of 2 saves has
    stuck = Deadline(60)
    try:
        silent = _silent_refs(server, mutes, spread)
        blocking = threading.Thread(
            target=download_images,
            args=(fetcher, silent, server.url("/a"), threads),
            kwargs={"deadline": stuck},
            daemon=True,
        )
        blocking.start()
        _wait_for(server, "/silent.png")
        healthy = [ImageRef(_localhost(server.url(f"/gen/healthy{n}_300x200.png"))) for n in (1, 2)]
        results = download_images(
            fetcher, healthy, "http://localhost/b", threads, deadline=Deadline(20)
        )
        assert [r.error for r in results] == [None, None]
        assert [r.data for r in results] == [generated_png(f"healthy{n}", 300, 200) for n in (1, 2)]
        assert blocking.is_alive()  # the silent page is still waiting
    finally:
        stuck.cancel("cancelled")
        threads.shutdown(wait=True)
        fetcher.close()


def test_a_hosts_requests_stay_within_its_limit_however_many_pages_ask(server):
    limits = FetchLimits(connect_timeout=2, read_timeout=30, total_timeout=60, per_host=2)
    fetcher = Fetcher(limits)
    threads = ThreadPoolExecutor(3 * PARALLEL_DOWNLOADS)
    running = 0
    most = 0
    lock = threading.Lock()

    def slow(handler) -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        respond(handler, generated_png("slow", 300, 200), content_type="image/png")

    server.routes["/slow.png"] = slow
    try:
        pages = [
            threading.Thread(
                target=download_images,
                args=(
                    fetcher,
                    [ImageRef(server.url(f"/slow.png?{page}-{n}")) for n in range(6)],
                    server.url("/"),
                    threads,
                ),
                kwargs={"deadline": Deadline(30)},
            )
            for page in range(3)
        ]
        for page in pages:
            page.start()
        for page in pages:
            page.join(60)
        assert len(server.requested("/slow.png")) == 18
        assert most <= limits.per_host
    finally:
        threads.shutdown(wait=True)
        fetcher.close()


@pytest.mark.parametrize("spread", ["one host", "three hosts"])
def test_a_save_gets_its_images_while_another_saves_images_never_answer(
    server, mutes, library, worker_pool, spread
):
    fetcher = Fetcher(FetchLimits(connect_timeout=2, read_timeout=30, total_timeout=60))
    saver = Saver(library, pool=worker_pool, fetcher=fetcher, concurrency=2, save_timeout=60)
    try:
        silent = _silent_refs(server, mutes, spread)
        figures = "".join(f'<figure><img src="{ref.url}" alt="x"></figure>' for ref in silent)
        page = article_page(image="/first.png").replace(
            '<figure><img src="/first.png" alt="A picture"></figure>', figures
        )
        stuck_url = server.page("/stuck", page)
        stuck = saver.submit(stuck_url)
        _wait_for(server, "/silent.png")
        healthy = article_page(image="/gen/healthy_400x300.png")
        healthy_url = _localhost(server.page("/healthy", healthy))
        result = saver.submit(healthy_url).result(timeout=60)
        assert result.ok and result.images_stored == 1 and result.images_failed == 0
        assert not stuck.done()  # the other save is still waiting for its images
        saver.cancel(stuck_url)
        assert stuck.result(timeout=30).error is not None
    finally:
        saver.close()
        fetcher.close()
