"""Functions the worker-pool tests run in worker processes (they must be importable)."""

from __future__ import annotations

import os
import signal
import time

from newsreader.errors import ExtractionError


def echo(value: object) -> object:
    return value


def pid() -> int:
    return os.getpid()


def segfault() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def hard_exit() -> None:
    os._exit(3)


def sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "woke"


def typed_error() -> None:
    raise ExtractionError("nothing here")


def bug() -> None:
    raise ZeroDivisionError("division by zero")


def allocate_too_much() -> int:
    return len(bytearray(8 * 1024**3))


# Stand-ins for extract_article with its signature, for pipeline tests.
def extract_crash(html: str, url: str, content_language: str | None = None) -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def extract_hang(html: str, url: str, content_language: str | None = None) -> None:
    time.sleep(60)


def extract_with_a_bug_in_refine(html: str, url: str, content_language: str | None = None):
    """extract_article with one of newsreader's own steps failing as a bug would make it
    fail: the guard must save trafilatura's own article instead."""
    from newsreader.capture import extract

    strict = os.environ.pop(extract.STRICT_ENV, None)  # the guard as users have it

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("Input object is not an XML element: HtmlComment")

    original = extract.finish
    extract.finish = broken
    try:
        return extract.extract_article(html, url, content_language)
    finally:
        extract.finish = original
        if strict is not None:
            os.environ[extract.STRICT_ENV] = strict


def extract_with_slow_steps(html: str, url: str, content_language: str | None = None):
    """extract_article with one of newsreader's steps stuck (as a pathological page
    might make it), under a budget of one second: trafilatura's article must be saved."""
    from newsreader.capture import extract

    def stuck(*args: object, **kwargs: object) -> None:
        time.sleep(30)

    original, budget = extract.finish, extract.STEPS_BUDGET_SECONDS
    extract.finish, extract.STEPS_BUDGET_SECONDS = stuck, 1.0
    try:
        return extract.extract_article(html, url, content_language)
    finally:
        extract.finish, extract.STEPS_BUDGET_SECONDS = original, budget


def mark_and_sleep(marker: str, seconds: float) -> str:
    """Create the file ``marker`` (so a test knows this worker is busy), then sleep."""
    with open(marker, "w") as file:
        file.write(str(os.getpid()))
    time.sleep(seconds)
    return "woke"


def pid_when(path: str, seconds: float = 30) -> int:
    """This worker's process id, once the file ``path`` exists (given up after
    ``seconds``): a test decides when the call returns."""
    end = time.monotonic() + seconds
    while not os.path.exists(path) and time.monotonic() < end:
        time.sleep(0.01)
    return os.getpid()
