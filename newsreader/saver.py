"""The capture pipeline: URL → fetch → extract → images → library.

``Saver`` is what both the command line and the window use to save articles. It
runs saves on a few background threads, sends extraction to worker processes,
and reports each save's progress through a callback (called on a background
thread: a GUI must hop back to its own thread before touching widgets).
"""

from __future__ import annotations

import enum
import logging
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace

from newsreader.capture.charset import decode_stored
from newsreader.capture.deadline import CANCELLED, Deadline
from newsreader.capture.extract import ExtractedArticle, extract_article, warm_up
from newsreader.capture.fetch import Fetcher, FetchLimits
from newsreader.capture.http_rules import Credentials
from newsreader.capture.images import (
    PARALLEL_DOWNLOADS,
    ImageResult,
    download_images,
    find_images,
    image_result,
    rewrite_images,
)
from newsreader.capture.urls import (
    CREDENTIALS_NOTE,
    shown,
    trustworthy_canonical,
    url_key,
    validate_url,
    without_credentials,
)
from newsreader.capture.workers import WorkerPool
from newsreader.errors import Cancelled, CaptureError, ExtractionTimeout, NewsreaderError
from newsreader.library import files
from newsreader.library.library import ArticleContent, ImageFile, Library
from newsreader.library.models import Article

log = logging.getLogger(__name__)

EXTRACT_TIMEOUT = 60.0  # seconds one page may take in trafilatura
# Seconds a whole save may take: page, extraction and images. The page and its
# extraction are bounded on their own (FetchLimits, EXTRACT_TIMEOUT); the images
# get what is left, and those not in by then are stored as failed, to retry later.
SAVE_TIMEOUT = 180.0
# Why an image of a copy stored without the network (an import with fetching off) is
# missing: saving the article's address again fetches it.
IMAGES_NOT_FETCHED = "not downloaded: fetching was off; save the article again to get it"
# The deadlines a person may set for a whole save (--save-timeout, the window's setting).
SAVE_TIMEOUT_RANGE = (1.0, 3600.0)


class SaveState(enum.Enum):
    QUEUED = "queued"
    FETCHING = "fetching"
    EXTRACTING = "extracting"
    IMAGES = "downloading images"
    STORING = "storing"
    SAVED = "saved"
    FAILED = "failed"


StateCallback = Callable[[str, SaveState, str], None]


@dataclass(frozen=True)
class SaveResult:
    url: str
    article_id: int | None = None
    title: str | None = None
    created: bool = False
    images_stored: int = 0
    images_failed: int = 0
    error: NewsreaderError | None = None
    notice: str | None = None  # something the person should know, e.g. credentials dropped

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class ReextractResult:
    article_id: int
    title: str
    words_before: int
    words_after: int
    images_before: int  # stored image files before
    images_after: int  # and after
    gained: tuple[str, ...] = ()  # image addresses the article has now and had not
    lost: tuple[str, ...] = ()  # image addresses it had and has no more
    to_fetch: int = 0  # gained images that need the network: re-save the article
    partial_before: bool = False
    partial_after: bool = False
    paywall_before: str | None = None
    paywall_after: str | None = None

    @property
    def changed(self) -> bool:
        return bool(
            self.words_before != self.words_after
            or self.gained
            or self.lost
            or self.partial_before != self.partial_after
            or self.paywall_before != self.paywall_after
        )


# A site "named" by a host with a user name before it ("u:pw@x.no:8080"); "@VGnett",
# a handle, is a name.
_HOST_WITH_USERINFO = re.compile(r"[^\s/@]+@[A-Za-z0-9.-]+(?::[0-9]+)?")


def _without_page_credentials(article: ExtractedArticle) -> ExtractedArticle:
    """``article`` with no user name or password in any address the page gave it (its
    canonical, lead image, images and links; a site named by a host with them)."""
    fields = {
        name: without_credentials(value)
        for name in ("html", "text", "canonical_url", "lead_image_url")
        if (value := getattr(article, name)) and "@" in value
    }
    if article.site and _HOST_WITH_USERINFO.fullmatch(article.site):
        fields["site"] = article.site.rsplit("@", 1)[1]  # "user:pw@host" → "host"
    return replace(article, **fields) if fields else article


def _log_unrefined(article: ExtractedArticle, url: str) -> None:
    """A copy saved without our refinements is a bug to fix: log why, with the page."""
    if article.unrefined:
        log.warning(
            "saved %s as trafilatura alone extracts it: %s%s",
            url,
            article.unrefined,
            f"\n{article.unrefined_detail}" if article.unrefined_detail else "",
        )


def _same_copy(before: Article, content: ArticleContent) -> bool:
    """Whether re-extraction gave exactly the stored copy: text, HTML, metadata, images."""
    fields = (
        "title",
        "author",
        "site",
        "description",
        "language",
        "published",
        "updated",
        "partial",
        "paywall",
        "direction",
        "unrefined",
        "canonical_url",
        "lead_image_url",
        "text",
        "content_html",
        "word_count",
        "reading_minutes",
    )
    stored = [(image.url, image.name, image.caption, image.is_lead) for image in before.images]
    new = [(image.url, image.name, image.caption, image.is_lead) for image in content.images]
    return stored == new and all(getattr(before, name) == getattr(content, name) for name in fields)


def _image_files(results: Sequence[ImageResult]) -> tuple[list[ImageFile], dict[str, str | None]]:
    """Library records for downloaded images, and the URL → file map for the article."""
    records: list[ImageFile] = []
    local: dict[str, str | None] = {}
    for result in results:
        if result.tracker:
            continue
        name = files.image_name(result.data, result.mime) if result.ok else None
        local[result.ref.url] = name
        records.append(_image_record(len(records), result, name))
    return records, local


def _image_record(position: int, result: ImageResult, name: str | None) -> ImageFile:
    return ImageFile(
        position=position,
        url=result.ref.url,
        name=name,
        data=result.data,
        mime=result.mime,
        width=result.width,
        height=result.height,
        alt=result.ref.alt,
        caption=result.ref.caption,
        is_lead=result.ref.is_lead,
        error=result.error,
    )


def _content(
    article: ExtractedArticle,
    *,
    url: str,
    final_url: str,
    canonical: str | None,
    keys: tuple[str, ...],
    canonical_key: str | None,
    local: dict[str, str | None],
    images: Sequence[ImageFile],
    raw: bytes | None = None,
    raw_encoding: str | None = None,
) -> ArticleContent:
    return ArticleContent(
        url=url,
        final_url=final_url,
        canonical_url=canonical,
        title=article.title,
        author=article.author,
        site=article.site,
        description=article.description,
        language=article.language,
        published=article.published,
        updated=article.updated,
        partial=article.partial,
        paywall=article.paywall,
        lead_image_url=article.lead_image_url,
        content_html=rewrite_images(article.html, local),
        text=article.text,
        word_count=article.word_count,
        reading_minutes=article.reading_minutes,
        direction=article.direction,
        unrefined=article.unrefined,
        url_keys=keys,
        canonical_key=canonical_key,
        raw=raw,
        raw_encoding=raw_encoding,
        images=tuple(images),
    )


class Saver:
    """Saves URLs into a library. Close it (or use it as a context manager) when done.

    ``save_timeout`` (seconds, default ``SAVE_TIMEOUT``) bounds each whole save;
    ``extract_timeout`` the extraction of one page.
    """

    def __init__(
        self,
        library: Library,
        *,
        fetcher: Fetcher | None = None,
        pool: WorkerPool | None = None,
        concurrency: int = 4,
        workers: int | None = None,
        extract_timeout: float = EXTRACT_TIMEOUT,
        save_timeout: float = SAVE_TIMEOUT,
        extract: Callable[..., ExtractedArticle] = extract_article,
    ) -> None:
        self.library = library
        # What the caller passes in, the caller closes.
        self.fetcher = fetcher or Fetcher(FetchLimits())
        self.pool = pool or WorkerPool(
            workers, preload=("newsreader.capture.extract",), warm_up=warm_up
        )
        self._owns_fetcher = fetcher is None
        self._owns_pool = pool is None
        self.extract_timeout = extract_timeout
        self.save_timeout = save_timeout
        # Cancelled by close(): every save's deadline is a child of it.
        self._root = Deadline(what="the save")
        self._running: dict[str, list[Deadline]] = {}
        self._running_lock = threading.Lock()
        # The function run in the worker processes; tests pass one that crashes
        # or hangs to exercise the pool's recovery.
        self._extract = extract
        self._threads = ThreadPoolExecutor(concurrency, thread_name_prefix="save")
        # Each save downloads at most PARALLEL_DOWNLOADS images at once, on threads
        # enough for every save: one save's silent images never hold another's.
        self._image_threads = ThreadPoolExecutor(
            concurrency * PARALLEL_DOWNLOADS, thread_name_prefix="image"
        )
        self._closed = threading.Event()

    def close(self) -> None:
        """Stop: saves not yet started are cancelled, running ones stop where they are
        (their downloads are cut off, their extraction workers killed) and store
        nothing. Returns within about 2 s (``WorkerPool.close``'s bound)."""
        self._closed.set()
        self._root.cancel()
        if self._owns_pool:
            self.pool.close()
        # Queued saves are not cancelled outright: they run, find the saver closed,
        # and resolve to a "cancelled" result, so every future carries a SaveResult.
        self._threads.shutdown(wait=True)
        self._image_threads.shutdown(wait=True)
        if self._owns_fetcher:
            self.fetcher.close()

    def _check_open(self) -> None:
        if self._closed.is_set():
            raise Cancelled(CANCELLED)

    def cancel(self, url: str) -> bool:
        """Stop the running saves of ``url`` (as given to ``save``/``submit``): they end
        as ``Cancelled`` within a moment, storing nothing. False if none was running."""
        with self._running_lock:
            deadlines = list(self._running.get(url, ()))
        for deadline in deadlines:
            deadline.cancel("cancelled")
        return bool(deadlines)

    @contextmanager
    def _deadline(self, url: str) -> Iterator[Deadline]:
        deadline = self._root.child(self.save_timeout, what="the save")
        with self._running_lock:
            self._running.setdefault(url, []).append(deadline)
        try:
            yield deadline
        finally:
            with self._running_lock:
                running = self._running.get(url, [])
                running.remove(deadline)
                if not running:
                    self._running.pop(url, None)
            deadline.release()

    def __enter__(self) -> Saver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- one URL ------------------------------------------------------------
    def save(
        self, url: str, tags: Sequence[str] = (), on_state: StateCallback | None = None
    ) -> SaveResult:
        """Fetch, extract and store one URL. Raises a NewsreaderError on failure.

        The save ends within ``save_timeout`` seconds (plus storing): past it, the
        page or its extraction fails with ``DeadlineExceeded``, while images not in
        yet are stored as failed (saving the URL again fetches them). ``close()`` or
        ``cancel(url)`` makes it fail with ``Cancelled``, storing nothing. A user name
        and password in ``url`` go to its own origin only and are never stored.
        """

        def report(state: SaveState, detail: str = "") -> None:
            if on_state is not None:
                on_state(url, state, detail)

        address = validate_url(url)
        auth = Credentials.of(url)
        with self._deadline(url) as deadline:
            report(SaveState.FETCHING)
            page = self.fetcher.fetch_page(address, deadline=deadline, auth=auth)
            self._check_open()
            deadline.check()
            report(SaveState.EXTRACTING)
            try:
                article = self.pool.run(
                    self._extract,
                    page.html,
                    page.final_url,
                    page.content_language,
                    timeout=min(self.extract_timeout, deadline.remaining()),
                    cancel=deadline,  # a cancel kills the worker, not waits for it
                )
            except ExtractionTimeout as exc:
                if deadline.cancelled or deadline.expired:
                    raise deadline.error() from exc
                raise
            article = _without_page_credentials(article)
            _log_unrefined(article, page.final_url)
            self._check_open()
            deadline.check()
            result = self._store(
                article,
                url=url,
                address=address,
                final_url=page.final_url,
                tags=tags,
                deadline=deadline,
                report=report,
                raw=page.data,
                raw_encoding=page.encoding,
            )
        result = replace(result, notice=CREDENTIALS_NOTE if auth is not None else None)
        report(SaveState.SAVED, article.title)
        return result

    def _store(
        self,
        article: ExtractedArticle,
        *,
        url: str,
        address: str,
        final_url: str,
        tags: Sequence[str],
        deadline: Deadline,
        report: Callable[..., None],
        raw: bytes | None,
        raw_encoding: str | None,
        images: bool = True,
    ) -> SaveResult:
        """The images of an extracted article downloaded (``images``; else each is
        recorded as not downloaded), and the article stored: the second half of a save."""
        report(SaveState.IMAGES)
        refs = find_images(article.html, article.lead_image_url)
        wanted = [ref for ref in refs if images or ref.url in article.inline_images]
        downloaded = iter(
            download_images(
                self.fetcher,
                wanted,
                final_url,
                self._image_threads,
                inline=article.inline_images,
                deadline=deadline,
            )
        )
        results = [
            next(downloaded) if ref in wanted else ImageResult(ref, error=IMAGES_NOT_FETCHED)
            for ref in refs
        ]
        records, local = _image_files(results)
        # Out of time is no reason to drop the article (the missing images are
        # recorded as failed); a cancel is.
        if deadline.cancelled:
            raise deadline.error()
        self._check_open()
        # Still under the deadline: a cancel or close() stops the wait for the write
        # lock (nothing stored); running out of time does not.
        report(SaveState.STORING)
        canonical = trustworthy_canonical(article.canonical_url, final_url)
        outcome = self.library.save(
            _content(
                article,
                url=address,
                final_url=final_url,
                canonical=canonical,
                keys=tuple(dict.fromkeys(url_key(u) for u in (address, final_url))),
                canonical_key=url_key(canonical) if canonical else None,
                local=local,
                images=records,
                raw=raw,
                raw_encoding=raw_encoding,
            ),
            tags=tags,
            cancelled=lambda: deadline.cancelled,
        )
        return SaveResult(
            url=url,
            article_id=outcome.article_id,
            title=article.title,
            created=outcome.created,
            images_stored=sum(1 for r in records if r.name),
            images_failed=sum(1 for r in records if not r.name),
        )

    def save_copy(
        self,
        url: str,
        article: ExtractedArticle,
        tags: Sequence[str] = (),
        *,
        images: bool = True,
        on_state: StateCallback | None = None,
        final_url: str | None = None,
    ) -> SaveResult:
        """Store an article whose copy is in hand (an export's, made safe by
        ``capture.export_copy``) as a save stores a fetched one: its images downloaded
        when reachable (none with ``images=False``: each is then recorded as not
        downloaded, and saving the URL again fetches it), under the same deadline and
        cancel switch; the page itself is not fetched. ``final_url``, where the page
        was found after its redirects when the copy was made (newsreader's export
        says), is stored and known as the article's too; default ``url``. Matches an
        article saved under ``url`` as ``save`` does. Raises a NewsreaderError on
        failure."""

        def report(state: SaveState, detail: str = "") -> None:
            if on_state is not None:
                on_state(url, state, detail)

        address = validate_url(url)
        final = validate_url(final_url) if final_url else address
        self._check_open()
        with self._deadline(url) as deadline:
            result = self._store(
                _without_page_credentials(article),
                url=url,
                address=without_credentials(address),
                final_url=without_credentials(final),
                tags=tags,
                deadline=deadline,
                report=report,
                raw=None,
                raw_encoding=None,
                images=images,
            )
        report(SaveState.SAVED, article.title)
        return result

    def _save_reporting(
        self, url: str, tags: Sequence[str], on_state: StateCallback | None
    ) -> SaveResult:
        try:
            self._check_open()
            return self.save(url, tags, on_state)
        except NewsreaderError as exc:
            # A save cut short by close() fails as cancelled, not as a "crash".
            error = Cancelled(CANCELLED) if self._closed.is_set() else exc
        except Exception as exc:  # a bug, not the user's doing: log it in full
            log.exception("unexpected error while saving %s", shown(url))
            error = CaptureError(f"internal error: {exc.__class__.__name__}: {exc}")
        if on_state is not None:
            on_state(url, SaveState.FAILED, error.message)
        return SaveResult(url=url, error=error)

    def submit(
        self, url: str, tags: Sequence[str] = (), on_state: StateCallback | None = None
    ) -> Future[SaveResult]:
        """Save ``url`` in the background. The future's result never raises for a failed
        save: it carries the error instead."""
        if on_state is not None:
            on_state(url, SaveState.QUEUED, "")
        return self._threads.submit(self._save_reporting, url, tags, on_state)

    def save_many(
        self,
        urls: Iterable[str],
        tags: Sequence[str] = (),
        on_state: StateCallback | None = None,
        on_done: Callable[[SaveResult], None] | None = None,
    ) -> list[SaveResult]:
        """Save several URLs at once; results come back in the order of ``urls``."""
        futures = [self.submit(url, tags, on_state) for url in urls]
        results = []
        for future in futures:
            result = future.result()
            if on_done is not None:
                on_done(result)
            results.append(result)
        return results

    # --- re-extraction --------------------------------------------------------
    def reextract(self, article_id: int) -> ReextractResult:
        """Rebuild an article from its stored page with the current rules, offline."""
        before = self.library.get(article_id)
        raw, encoding = self.library.raw_page(article_id)
        html = decode_stored(raw, encoding)
        article = self.pool.run(
            self._extract, html, before.final_url, before.language, timeout=self.extract_timeout
        )
        article = _without_page_credentials(article)
        _log_unrefined(article, before.final_url)
        # Reuse the images already stored; never reach for the network.
        stored = {
            image.url: image
            for image in before.images
            if image.name and image.file is not None and image.file.is_file()
        }
        records: list[ImageFile] = []
        local: dict[str, str | None] = {}
        for ref in find_images(article.html, article.lead_image_url):
            old = stored.get(ref.url)
            if old is None and ref.url in article.inline_images:
                # An image that came inside the page needs no network: keep it now.
                result = image_result(ref, *article.inline_images[ref.url])
                if result.tracker:
                    continue
                if result.ok:
                    name = files.image_name(result.data, result.mime)
                    local[ref.url] = name
                    records.append(_image_record(len(records), result, name))
                    continue
            local[ref.url] = old.name if old else None
            records.append(
                ImageFile(
                    position=len(records),
                    url=ref.url,
                    name=old.name if old else None,
                    data=None,
                    mime=old.mime if old else None,
                    width=old.width if old else None,
                    height=old.height if old else None,
                    size=old.size if old else None,
                    alt=ref.alt,
                    caption=ref.caption,
                    is_lead=ref.is_lead,
                    error=None if old else "not downloaded yet: re-fetch the article to get it",
                )
            )
        canonical = trustworthy_canonical(article.canonical_url, before.final_url)
        content = _content(
            article,
            url=before.url,
            final_url=before.final_url,
            canonical=canonical,
            keys=(),
            canonical_key=None,
            local=local,
            images=records,
        )
        if not _same_copy(before, content):  # an unchanged copy is not written again
            self.library.save(content, article_id=article_id, expect_raw_file=before.raw_file)
        old_urls = [image.url for image in before.images]
        new_urls = [record.url for record in records]
        return ReextractResult(
            article_id=article_id,
            title=article.title,
            words_before=before.word_count,
            words_after=article.word_count,
            images_before=len(stored),
            images_after=sum(1 for r in records if r.name),
            gained=tuple(url for url in new_urls if url not in old_urls),
            lost=tuple(url for url in old_urls if url not in new_urls),
            to_fetch=sum(1 for r in records if not r.name),
            partial_before=before.partial,
            partial_after=article.partial,
            paywall_before=before.paywall,
            paywall_after=article.paywall,
        )
