"""Typed errors raised by the core. The CLI and the UI decide how to show them.

Every message is written for the person using the app: one line, no traceback,
saying what went wrong and, where it helps, what to do.
"""

from __future__ import annotations


class NewsreaderError(Exception):
    """Base of every error a user can cause or meet."""

    @property
    def message(self) -> str:
        return str(self)


# Capture: things that go wrong between a URL and an extracted article.
class CaptureError(NewsreaderError):
    """Saving one URL failed; the library is unchanged."""


class InvalidURL(CaptureError):
    pass


class UnsupportedScheme(InvalidURL):
    """An address newsreader cannot fetch at all (ftp:, mailto:, a mistyped scheme):
    only http and https are saved, so retrying it cannot help; editing it can."""


class FetchError(CaptureError):
    """The page could not be downloaded (network, TLS, HTTP status, timeout).

    ``status``: the HTTP status that refused it, when one did; ``retry_after``: the
    seconds its ``Retry-After`` header asked to wait (RFC 9110 §10.2.3, given as
    seconds or as an HTTP date), None when there was none or it did not read."""

    def __init__(
        self, message: str = "", *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class PageTooLarge(FetchError):
    pass


class NotAnArticle(CaptureError):
    """The URL answered with something that is not a web page (PDF, image, JSON...)."""


class ExtractionError(CaptureError):
    """The page was downloaded but no article could be extracted from it."""


class ExtractionTimeout(ExtractionError):
    pass


class WorkerCrashed(ExtractionError):
    pass


# Library: storage problems.
class LibraryError(NewsreaderError):
    pass


class SchemaTooNew(LibraryError):
    pass


class LibraryLocked(LibraryError):
    pass


class ArticleNotFound(LibraryError):
    pass


# Deadlines and cancellation (capture/deadline.py).
class HighlightNotFound(LibraryError):
    """No highlight with that id, or a quote that is not in the article's text."""


class Cancelled(CaptureError):
    """The work was stopped on purpose (the app is closing, the save was cancelled);
    nothing of it was stored."""


class DeadlineExceeded(FetchError):
    """A download or a whole save ran past its time limit."""


class NotALibrary(LibraryError):
    """The folder or database file belongs to something else; nothing was changed."""


class LibraryReadOnly(LibraryError):
    """The library can be read but not changed (read-only folder, file or medium)."""


class DiskFull(LibraryError):
    """A write failed for lack of space; reading still works."""


class SearchIndexDamaged(LibraryError):
    """The full-text index is damaged; the articles are not. ``check --repair`` rebuilds it."""


class LibraryDamaged(LibraryError):
    """SQLite says the database file is damaged or not a database at all."""


# Export (newsreader/exports).
class ExportError(NewsreaderError):
    """The export's destination cannot be written (no such folder, no permission, a
    folder that is not empty, the disk full); nothing is left under its name."""


# Saved searches (library/saved_searches.py).
class SavedSearchInvalid(NewsreaderError):
    """A saved search's name or query cannot be taken: empty, the name taken already,
    too long; nothing was changed. ``reason``: which, as an identifier
    (saved_searches.REASONS), for a window that says it in its own language."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class SavedSearchNotFound(LibraryError):
    """No saved search with that id or name."""
