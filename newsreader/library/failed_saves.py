"""The record of saves that failed, kept in the library until the address is saved.

One row per article address (its ``url_key``, capture/urls.py): failing again
updates it and counts the attempt. The row goes in the same transaction that stores
an article known by that key, whatever stored it (the window, ``newsreader add``,
an import, another process): see ``clear_saved``, called by ``Library.save``.

The address is kept as given minus any user name and password
(``urls.without_credentials``): a password is never written to the library.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsreader.capture.urls import url_key, without_credentials
from newsreader.errors import (
    Cancelled,
    DeadlineExceeded,
    ExtractionError,
    FetchError,
    InvalidURL,
    LibraryError,
    NewsreaderError,
    NotAnArticle,
    UnsupportedScheme,
)
from newsreader.library.db import Database, in_batches

# Why a save failed, as an identifier (stored; the window translates what it shows).
UNSUPPORTED_SCHEME = "unsupported_scheme"  # ftp:, mailto:, htp: ... only http(s) is saved
INVALID_URL = "invalid_url"  # not an address at all (spaces, a broken host or port)
NOT_AN_ARTICLE = "not_an_article"  # a PDF, an image, JSON...
TIMEOUT = "timeout"
FETCH = "fetch"  # the network, TLS, an HTTP status
EXTRACTION = "extraction"
LIBRARY = "library"  # the library could not store it (full disk, read-only, locked)
OTHER = "other"
KINDS = (
    UNSUPPORTED_SCHEME,
    INVALID_URL,
    NOT_AN_ARTICLE,
    TIMEOUT,
    FETCH,
    EXTRACTION,
    LIBRARY,
    OTHER,
)
# Failures the same address can never get past: retrying them is pointless, editing
# the address is what helps.
NOT_RETRYABLE = frozenset({UNSUPPORTED_SCHEME, INVALID_URL})

MESSAGE_MAX = 500  # characters of the one-line reason kept


def kind_of(error: NewsreaderError | None) -> str:
    """The kind (one of ``KINDS``) of a save's error, most specific class first."""
    for cls, kind in (
        (UnsupportedScheme, UNSUPPORTED_SCHEME),
        (InvalidURL, INVALID_URL),
        (NotAnArticle, NOT_AN_ARTICLE),
        (DeadlineExceeded, TIMEOUT),
        (FetchError, FETCH),
        (ExtractionError, EXTRACTION),
        (LibraryError, LIBRARY),
    ):
        if isinstance(error, cls):
            return kind
    return OTHER


def worth_recording(error: NewsreaderError | None) -> bool:
    """Whether a failed save is recorded: not when the person cancelled it."""
    return error is not None and not isinstance(error, Cancelled)


def retryable(kind: str) -> bool:
    """Whether retrying the same address can succeed (not for NOT_RETRYABLE kinds)."""
    return kind not in NOT_RETRYABLE


def one_line(message: str) -> str:
    """``message`` on one line, at most MESSAGE_MAX characters."""
    text = " ".join(message.split())
    return text if len(text) <= MESSAGE_MAX else text[: MESSAGE_MAX - 1] + "…"


def key_of(url: str) -> str:
    """The key a failure is recorded under: ``url_key`` of ``url`` without user name
    and password, or for an address it cannot read (a failure of kind INVALID_URL may
    be anything typed) that address itself."""
    url = without_credentials(url.strip())
    try:
        return url_key(url) or url
    except ValueError:
        return url


@dataclass(frozen=True)
class FailedSave:
    url: str  # as given, without user name and password
    url_key: str
    kind: str  # one of KINDS
    message: str  # one line
    failed_at: str  # ISO 8601, UTC, seconds
    attempts: int  # how many times saving it failed

    @property
    def retryable(self) -> bool:
        return retryable(self.kind)


_COLUMNS = "url, url_key, kind, message, failed_at, attempts"


def _record(row) -> FailedSave:
    return FailedSave(
        row["url"], row["url_key"], row["kind"], row["message"], row["failed_at"], row["attempts"]
    )


def record(db: Database, url: str, kind: str, message: str, now: str) -> FailedSave | None:
    """Record (or count again) a failure of ``url``, inside a write transaction. None,
    and nothing written, when an article is already saved under its key (saved in
    another form or by another process meanwhile)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of failure {kind!r}")
    url = without_credentials(url.strip())
    key = key_of(url)
    if db.scalar("SELECT 1 FROM article_urls WHERE key = ?", (key,)):
        return None
    db.execute(
        f"""INSERT INTO failed_saves ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, 1)
            ON CONFLICT (url_key) DO UPDATE SET url = excluded.url, kind = excluded.kind,
                message = excluded.message, failed_at = excluded.failed_at,
                attempts = attempts + 1""",
        (url, key, kind, one_line(message), now),
    )
    row = db.query_one(f"SELECT {_COLUMNS} FROM failed_saves WHERE url_key = ?", (key,))
    return _record(row)


def listing(db: Database) -> list[FailedSave]:
    """Every recorded failure, oldest first."""
    rows = db.query(f"SELECT {_COLUMNS} FROM failed_saves ORDER BY failed_at, rowid")
    return [_record(row) for row in rows]


def dismiss(db: Database, urls: Iterable[str]) -> int:
    """Forget the failures of ``urls`` (any form of each address); how many went."""
    keys = list(dict.fromkeys(key_of(u) for u in urls))
    gone = 0
    for batch, marks in in_batches(keys):
        gone += db.execute(f"DELETE FROM failed_saves WHERE url_key IN ({marks})", batch).rowcount
    return gone


def clear_saved(db: Database, article_id: int) -> None:
    """Forget the failures of every address ``article_id`` is known by: called in the
    transaction that stores it (Library.save)."""
    db.execute(
        "DELETE FROM failed_saves WHERE url_key IN "
        "(SELECT key FROM article_urls WHERE article_id = ?)",
        (article_id,),
    )
