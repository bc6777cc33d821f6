"""Downloading pages and images over HTTP(S), politely and within limits.

TLS verification is always on: trafilatura's own downloader retries without it on
certificate errors, which is why it is never used here.
"""

from __future__ import annotations

import email.utils
import os
import re
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from urllib.parse import urlsplit

import requests
import urllib3

from newsreader import __version__
from newsreader.capture.charset import decode_html
from newsreader.capture.client_redirect import forward_target
from newsreader.capture.deadline import Alarm, Deadline
from newsreader.capture.host_slots import HostSlots
from newsreader.capture.http_rules import Credentials, Session, describe_failure, redirect_target
from newsreader.capture.http_watch import Watch, WatchedAdapter
from newsreader.capture.sniff import sniff_binary
from newsreader.capture.urls import origin, referrer, shown, validate_url
from newsreader.errors import (
    Cancelled,
    DeadlineExceeded,
    FetchError,
    InvalidURL,
    NewsreaderError,
    NotAnArticle,
    PageTooLarge,
)

USER_AGENT = (
    f"newsreader/{__version__} (offline read-it-later app; saves pages a person asked for) "
    f"python-requests/{requests.__version__}"
)

HTML_TYPES = ("text/html", "application/xhtml+xml")

_LOOKS_LIKE_HTML = re.compile(rb"<\s*(!doctype\s+html|html|head|body|meta|title|p|div)\b", re.I)


@dataclass(frozen=True)
class FetchLimits:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0  # longest silence between two chunks
    total_timeout: float = 120.0  # longest whole download, against slow-drip servers
    max_page_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 10
    per_host: int = 2  # simultaneous requests to one host


@dataclass(frozen=True)
class Download:
    url: str
    final_url: str
    status: int
    content_type: str
    data: bytes
    content_language: str | None = None
    redirects: int = 0  # HTTP redirects followed on the way


@dataclass(frozen=True)
class FetchedPage:
    url: str
    final_url: str
    content_type: str
    data: bytes
    html: str
    encoding: str
    content_language: str | None = None


def _host(url: str) -> str:
    return urlsplit(url).hostname or "?"


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def sniff_type(data: bytes) -> str | None:
    """The media type of ``data`` when its first bytes show it is not a web page."""
    binary = sniff_binary(data)
    if binary:
        return binary
    head = data[:1024].lstrip()
    if head[:1] in (b"{", b"[") and not _LOOKS_LIKE_HTML.search(head):
        return "application/json"
    return None


class Fetcher:
    """HTTP client shared by the capture threads.

    Each thread gets its own ``requests.Session`` (sessions are not documented as
    thread-safe), and at most ``limits.per_host`` requests go to one host at once.
    """

    def __init__(self, limits: FetchLimits | None = None, user_agent: str = USER_AGENT) -> None:
        self.limits = limits or FetchLimits()
        self.user_agent = user_agent
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()
        # The user's proxy and CA settings, as requests would honour them.
        self._proxies = urllib.request.getproxies_environment()
        self._ca_bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        self._slots = HostSlots(self.limits.per_host)

    def _proxies_for(self, url: str) -> dict[str, str]:
        if not self._proxies or urllib.request.proxy_bypass_environment(_host(url), self._proxies):
            return {}
        return {
            scheme: self._proxies[scheme] for scheme in ("http", "https") if scheme in self._proxies
        }

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = Session()
            # With trust_env, requests rereads the whole environment (proxies, netrc,
            # CA bundle) on every request: a third of the capture pipeline's CPU time.
            # The environment is read once, in __init__, instead.
            session.trust_env = False
            session.max_redirects = self.limits.max_redirects
            session.verify = self._ca_bundle or True
            session.headers["User-Agent"] = self.user_agent
            adapter = WatchedAdapter()
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    @contextmanager
    def _host_slot(self, url: str, total: Deadline) -> Iterator[None]:
        """One of the host's ``per_host`` slots, in turn, waited for within ``total``."""
        host = _host(url)
        if not self._slots.acquire(host, total.remaining, lambda: total.cancelled):
            raise requests.exceptions.Timeout("out of time waiting for a turn at the host")
        try:
            yield
        finally:
            self._slots.release(host)

    @contextmanager
    def _held_slot(self, held: list[str]) -> Iterator[None]:
        """The slot ``download`` took for the first request, given back after it."""
        try:
            yield
        finally:
            self._slots.release(held.pop())

    def close(self) -> None:
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()

    # ------------------------------------------------------------------------
    def download(
        self,
        url: str,
        *,
        max_bytes: int,
        accept: str = "*/*",
        referer: str | None = None,
        check_type: object = None,
        deadline: Deadline | None = None,
        auth: Credentials | None = None,
    ) -> Download:
        """GET ``url`` into memory, following HTTP redirects, refusing anything over
        ``max_bytes``.

        Every hop's address goes through ``validate_url``. The whole download, headers
        included, ends by ``limits.total_timeout`` or ``deadline`` (whichever is
        sooner): the request's socket is shut down then, or at once when ``deadline``
        is cancelled. ``referer`` is the page that asks (sent as browsers do:
        ``urls.referrer``). ``auth`` goes only to its own origin. ``check_type``, if
        given, is called with the response's media type and first bytes before the
        body is read, so a wrong kind of content is refused early.

        Raises ``InvalidURL``, ``FetchError`` (``PageTooLarge``, ``DeadlineExceeded``),
        ``Cancelled``, or what ``check_type`` raises.
        """
        url = validate_url(url)
        outer = deadline or Deadline()
        # The first request waits for its turn at the host before its own time limit
        # starts: a page queued behind slow ones from the same site is not failed for
        # their slowness. The wait counts against the caller's deadline only.
        first = _host(url)
        if not self._slots.acquire(first, outer.remaining, lambda: outer.cancelled):
            raise outer.error()
        held = [first]  # released after the first request, or at the end
        try:
            return self._download(url, outer, held, max_bytes, accept, referer, check_type, auth)
        finally:
            if held:
                self._slots.release(held.pop())

    def _download(
        self,
        url: str,
        outer: Deadline,
        held: list[str],
        max_bytes: int,
        accept: str,
        referer: str | None,
        check_type: object,
        auth: Credentials | None,
    ) -> Download:
        total = outer.child(self.limits.total_timeout)
        watch = Watch()
        alarm = Alarm(total, self.limits.total_timeout, watch.fire)
        hop = [url]  # the address being fetched now, for the messages
        try:
            with watch.active():
                download = self._follow(
                    url, hop, max_bytes, accept, referer, check_type, total, auth, held
                )
            if watch.reason is not None:  # cut off, even if what came looked whole
                raise self._stopped(total, outer, hop[0])
            return download
        except Exception as exc:
            if watch.reason is not None or total.cancelled or total.expired:
                # Whatever broke after a cut-off (a truncated header block read as
                # complete, an empty body judged not a page) broke because of it.
                raise self._stopped(total, outer, hop[0]) from exc
            if isinstance(
                exc, (requests.exceptions.RequestException, urllib3.exceptions.HTTPError)
            ):
                raise describe_failure(exc, _host(hop[0]), self.limits) from exc
            raise
        finally:
            alarm.stop()  # once stopped, the alarm fires no more
            watch.close()  # and from here on nothing shuts this thread's sockets down
            total.release()

    def _stopped(self, total: Deadline, outer: Deadline, address: str) -> NewsreaderError:
        """The error for a download cut off by its own limit, the caller's, or a cancel."""
        if total.cancelled:
            return Cancelled(total.reason)
        if outer.expired:  # the caller's limit (a whole save's) ran out first
            return outer.error()
        return DeadlineExceeded(
            f"download from {_host(address)} took longer than {self.limits.total_timeout:g} s"
        )

    def _follow(
        self,
        url: str,
        hop: list[str],
        max_bytes: int,
        accept: str,
        referer: str | None,
        check_type: object,
        total: Deadline,
        auth: Credentials | None,
        held: list[str],
    ) -> Download:
        limits = self.limits
        address = url
        redirects = 0
        while True:
            hop[0] = address
            if total.cancelled or total.expired:
                raise requests.exceptions.Timeout("out of time before the request")
            headers = {"Accept": accept}
            sent_referer = referrer(referer, address) if referer else None
            if sent_referer:
                headers["Referer"] = sent_referer
            if auth is not None and origin(address) == auth.origin:
                headers["Authorization"] = auth.header
            slot = self._held_slot(held) if held else self._host_slot(address, total)
            with slot, self._get(address, headers, total) as response:
                target = redirect_target(response, address)
                if target is None:
                    return self._read(response, url, redirects, max_bytes, check_type, total)
            redirects += 1
            if redirects > limits.max_redirects:
                raise FetchError(f"too many redirects (more than {limits.max_redirects})")
            address = target

    def _get(self, address: str, headers: dict[str, str], total: Deadline) -> requests.Response:
        limits = self.limits
        try:
            return self._session().get(
                address,
                headers=headers,
                stream=True,
                timeout=(total.bound(limits.connect_timeout), total.bound(limits.read_timeout)),
                allow_redirects=False,
                proxies=self._proxies_for(address),
            )
        except ValueError as exc:  # an address requests or urllib3 cannot parse
            if isinstance(exc, requests.exceptions.RequestException):
                raise
            raise InvalidURL(f"malformed address '{shown(address)}' ({exc})") from exc

    def _read(
        self,
        response: requests.Response,
        url: str,
        redirects: int,
        max_bytes: int,
        check_type: object,
        total: Deadline,
    ) -> Download:
        if response.status_code >= 400:
            reason = response.reason or ""
            raise FetchError(
                f"HTTP {response.status_code} {reason}".strip(),
                status=response.status_code,
                retry_after=retry_after_seconds(response.headers.get("Retry-After")),
            )
        content_type = response.headers.get("Content-Type", "")
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise PageTooLarge(f"too large: {int(declared):,} bytes (limit {max_bytes:,})")
        chunks: list[bytes] = []
        size = 0
        checked = not callable(check_type)
        for chunk in _body_chunks(response):
            chunks.append(chunk)
            size += len(chunk)
            # Judge the type on the first kilobyte, not on whatever small piece the
            # first packet happened to carry.
            if not checked and size >= 1024:
                check_type(_media_type(content_type), b"".join(chunks))
                checked = True
            if size > max_bytes:
                raise PageTooLarge(f"too large: over {max_bytes:,} bytes")
            if total.cancelled or total.expired:
                raise requests.exceptions.Timeout("out of time while reading")
        if not checked:
            check_type(_media_type(content_type), b"".join(chunks))
        return Download(
            url,
            response.url,
            response.status_code,
            content_type,
            b"".join(chunks),
            response.headers.get("Content-Language"),
            redirects,
        )

    def fetch_page(
        self, url: str, *, deadline: Deadline | None = None, auth: Credentials | None = None
    ) -> FetchedPage:
        """Download a web page and decode it to text.

        A page that only forwards the browser (a meta refresh, a script setting
        ``location``, a "this page has moved" notice: ``client_redirect``) is followed
        to where it leads, with the same checks as an HTTP redirect, and every hop of
        either kind counts against ``limits.max_redirects``. ``deadline`` and
        ``auth`` are passed to every ``download``.
        """
        seen: set[str] = set()
        hops = 0
        address = url
        first: Download | None = None
        while True:
            download = self.download(
                address,
                max_bytes=self.limits.max_page_bytes,
                accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                check_type=_require_html,
                deadline=deadline,
                auth=auth,
            )
            first = first or download
            hops += download.redirects
            if not download.data.strip():
                raise FetchError("the page is empty")
            html, encoding = decode_html(download.data, download.content_type)
            if not _reads_as_text(html):
                raise NotAnArticle("not an article: the page is binary data, not text")
            seen.update((address, download.final_url))
            forward = forward_target(html, download.final_url)
            if forward is None:
                break
            if forward.target is None and forward.how == "waiting page":
                raise NotAnArticle(
                    f"not an article: the page only says “{forward.says}” until a script "
                    "replaces it, and newsreader does not run the page's scripts"
                )
            if forward.target is None:
                raise NotAnArticle(
                    "not an article: the page only says it has moved or is taking you "
                    "elsewhere, and names no single address to go on to"
                )
            hops += 1
            if hops > self.limits.max_redirects:
                raise FetchError(f"too many redirects (more than {self.limits.max_redirects})")
            try:
                address = validate_url(forward.target)
            except InvalidURL as exc:
                raise InvalidURL(
                    f"{shown(download.final_url)} forwards ({forward.how}) to an address that "
                    f"cannot be saved: {exc}"
                ) from exc
            if address in seen:
                raise FetchError(f"the page forwards ({forward.how}) in a loop back to itself")
        if hops > self.limits.max_redirects:
            raise FetchError(f"too many redirects (more than {self.limits.max_redirects})")
        return FetchedPage(
            url=first.url,
            final_url=download.final_url,
            content_type=download.content_type,
            data=download.data,
            html=html,
            encoding=encoding,
            content_language=download.content_language,
        )


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """The seconds a ``Retry-After`` header asks to wait (RFC 9110 §10.2.3): a number
    of seconds, or an HTTP date (then from ``now``, Unix time, default the clock).
    Never negative; None for no header or one that does not read."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # delay-seconds is 1*DIGIT, ASCII's (RFC 5234)
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # HTTP dates are GMT (RFC 9110 §5.6.7)
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _body_chunks(response: requests.Response) -> Iterator[bytes]:
    """The decoded body, chunk by chunk, each chunk from at most one socket read.

    ``iter_content`` waits for a full chunk, so a server that drips a byte at a time
    would hold it far past the total timeout; ``read1`` returns what has arrived.
    """
    raw = response.raw
    if not hasattr(raw, "read1"):  # urllib3 < 2.3
        yield from response.iter_content(chunk_size=65_536)
        return
    while True:
        chunk = raw.read1(65_536, decode_content=True)
        if not chunk:
            return
        yield chunk


_UNREADABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
# Text has next to no control characters or unreadable bytes; binary data read as
# text has a tenth or more (a 29-in-256 chance per byte for controls alone).
UNREADABLE_MAX_SHARE = 0.05


def _reads_as_text(html: str) -> bool:
    """Whether decoded page text is text, not binary data served as text/html."""
    sample = html[:65_536]
    return len(_UNREADABLE.findall(sample)) <= UNREADABLE_MAX_SHARE * max(len(sample), 1)


def _require_html(media_type: str, head: bytes) -> None:
    sniffed = sniff_type(head)
    if sniffed:
        raise NotAnArticle(f"not an article: {sniffed}")
    if media_type in HTML_TYPES:
        return
    if media_type in ("", "application/octet-stream", "text/plain") and _LOOKS_LIKE_HTML.search(
        head[:4096]
    ):
        return  # a misconfigured server sending a real page
    raise NotAnArticle(f"not an article: {media_type or 'unknown content type'}")
