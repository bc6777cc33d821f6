"""When an import fetches a page again, and when it gives up: the failure's kind.

- ``429 Too Many Requests`` and ``503 Service Unavailable`` are the server asking to
  come back later (RFC 6585 §4, RFC 9110 §15.6.4): the next request to that host
  waits what its ``Retry-After`` says (seconds or an HTTP date, RFC 9110 §10.2.3),
  at most ``FetchPolicy.retry_after_max``; without the header, the back-off below.
- Transient failures (a timeout, a connection broken off or reset, 408, 5xx, an
  extraction worker that crashed or ran out of time) are tried again after
  ``backoff`` seconds, doubling each time up to ``backoff_max``, with up to a fifth
  more or less at random so that many items of one host do not return in step.
- Everything else is permanent and is not tried again: 404, 410 and other 4xx, a
  host that does not exist or refuses connections (a dead site), not a web page, no
  article text in it. The item stays a link only with the reason.

``FetchPolicy.attempts`` bounds the tries of one item in all.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from newsreader.errors import (
    DeadlineExceeded,
    ExtractionTimeout,
    FetchError,
    LibraryLocked,
    NewsreaderError,
    WorkerCrashed,
)

_ASKED_TO_WAIT = (429, 503)
_TRANSIENT_STATUS = frozenset((408, 425, 500, 502, 504, 507, 509, 520, 521, 522, 523, 524))
# How fetch.py and http_rules.py word a failure worth trying again (their messages
# are the only record of which requests exception it was).
_TRANSIENT_WORDS = (
    "timed out",
    "stopped answering",
    "took longer",
    "broke off",
    "closed the connection",
    "network unreachable",
    "could not connect",
)


@dataclass(frozen=True)
class FetchPolicy:
    """How an import fetches: ``concurrency`` pages at once (``FetchLimits.per_host``
    still bounds each host); ``attempts`` tries of an item in all; back-off and the
    cap on ``Retry-After`` in seconds (see the module's docstring)."""

    concurrency: int = 8
    attempts: int = 4
    backoff: float = 5.0
    backoff_max: float = 300.0
    retry_after_max: float = 900.0


@dataclass(frozen=True)
class Verdict:
    retry: bool  # try again (when attempts remain)
    wait: float  # seconds before the next try
    host_wait: bool  # the host asked to wait: hold every item of the host, not only this
    status: int | None  # the HTTP status, when one refused the page


def verdict(error: NewsreaderError, attempt: int, policy: FetchPolicy) -> Verdict:
    """What to do after the ``attempt``-th try (1 for the first) failed with ``error``."""
    backoff = min(policy.backoff * 2 ** (attempt - 1), policy.backoff_max)
    backoff *= random.uniform(0.8, 1.2)
    status = getattr(error, "status", None) if isinstance(error, FetchError) else None
    if status in _ASKED_TO_WAIT:
        asked = getattr(error, "retry_after", None)
        wait = min(asked, policy.retry_after_max) if asked is not None else backoff
        return Verdict(True, wait, True, status)
    if status is not None:
        return Verdict(status in _TRANSIENT_STATUS, backoff, False, status)
    if isinstance(error, (DeadlineExceeded, ExtractionTimeout, WorkerCrashed, LibraryLocked)):
        return Verdict(True, backoff, False, None)
    if isinstance(error, FetchError) and any(w in error.message for w in _TRANSIENT_WORDS):
        return Verdict(True, backoff, False, None)
    return Verdict(False, 0.0, False, None)
