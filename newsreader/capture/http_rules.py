"""What the fetcher makes of HTTP: where a redirect leads, whose credentials go
where, and a failure of requests or urllib3 put in one line naming the failing host."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import requests
import urllib3

from newsreader.capture.urls import absolute, credentials, origin, shown, validate_url
from newsreader.errors import FetchError, InvalidURL, NewsreaderError

if TYPE_CHECKING:
    from newsreader.capture.fetch import FetchLimits


def describe_connection_error(exc: Exception, host: str) -> str:
    text = str(exc)
    if (
        "Name or service not known" in text
        or "nodename nor servname" in text
        or ("NameResolutionError" in text or "getaddrinfo failed" in text)
    ):
        return f"host not found: {host}"
    if "Connection refused" in text:
        return f"connection refused by {host}"
    if "Network is unreachable" in text:
        return f"network unreachable (are you offline?) while connecting to {host}"
    if "RemoteDisconnected" in text or "Connection aborted" in text:
        return f"{host} closed the connection without answering"
    return f"could not connect to {host}"


def describe_failure(exc: Exception, host: str, limits: FetchLimits) -> NewsreaderError:
    """One line for a requests/urllib3 failure; ``host`` is the one that failed."""
    text = str(exc)
    if isinstance(exc, requests.exceptions.SSLError):
        if "CERTIFICATE_VERIFY_FAILED" in text or "certificate" in text.lower():
            return FetchError(
                f"secure connection to {host} failed: its certificate could not be verified"
            )
        return FetchError(f"secure connection to {host} failed (does it serve https on that port?)")
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return FetchError(f"timed out connecting to {host} after {limits.connect_timeout:g} s")
    if isinstance(exc, (requests.exceptions.ReadTimeout, urllib3.exceptions.ReadTimeoutError)):
        return FetchError(f"{host} stopped answering (nothing for {limits.read_timeout:g} s)")
    if isinstance(exc, requests.exceptions.InvalidSchema):
        return InvalidURL(f"an address on the way to {host} is not a web page")
    if isinstance(exc, (requests.exceptions.InvalidURL, urllib3.exceptions.LocationValueError)):
        return InvalidURL(f"malformed address for {host}")
    if isinstance(exc, requests.exceptions.ProxyError):
        return FetchError(f"the proxy refused the connection to {host}")
    if isinstance(exc, requests.exceptions.ConnectionError):
        return FetchError(describe_connection_error(exc, host))
    if isinstance(
        exc,
        (
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
            urllib3.exceptions.ProtocolError,
            urllib3.exceptions.DecodeError,
        ),
    ):
        return FetchError(f"the download from {host} broke off")
    return FetchError(f"could not download from {host}: {exc.__class__.__name__}")


class Session(requests.Session):
    """A session that leaves redirects to ``Fetcher``: requests would parse a
    ``Location`` even when not following it (for ``Response.next``), and fail on a
    malformed or non-UTF-8 one before the fetcher could say what was wrong."""

    def get_redirect_target(self, resp: requests.Response) -> None:
        return None


@dataclass(frozen=True)
class Credentials:
    """A user name and password from a typed address, for requests to its origin only."""

    origin: tuple[str, str, int | None]
    user: str
    password: str

    @classmethod
    def of(cls, url: str) -> Credentials | None:
        """The credentials written into ``url`` (``user:pw@``), or None."""
        found, where = credentials(url), origin(url)
        if found is None or where is None:
            return None
        return cls(where, *found)

    @property
    def header(self) -> str:
        """The ``Authorization`` header value (Basic, RFC 7617, UTF-8)."""
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"

    def __repr__(self) -> str:  # never in a log or a traceback
        return f"Credentials({self.origin!r}, ...)"


REDIRECT_STATUSES = (301, 302, 303, 307, 308)


# A Location with an authority part that names no host.
_NO_HOST = re.compile(r"(?i)^(?:[a-z][a-z0-9+.-]*:)?//(?:[/?#]|$)")


def redirect_target(response: requests.Response, address: str) -> str | None:
    """Where a redirect response sends us (validated), or None if it is not one.

    ``Location`` arrives as bytes that http.client decodes as Latin-1; bytes that are
    not UTF-8 are percent-encoded as they are, as browsers do (Chromium), rather than
    refused. Raises InvalidURL for a target that cannot be saved.
    """
    location = response.headers.get("Location")
    if response.status_code not in REDIRECT_STATUSES or location is None:
        return None
    if not location.strip():
        raise FetchError(
            f"{shown(address)} answered {response.status_code} (a redirect) without saying where to"
        )
    if _NO_HOST.match(location.strip()):  # "http://", "//", "http:///x": urljoin keeps ours
        raise InvalidURL(
            f"{shown(address)} redirected to an address with no host: '{shown(location)}'"
        )
    raw = location.encode("latin-1", errors="replace")
    try:
        location = raw.decode("utf-8")
    except UnicodeDecodeError:
        location = "".join(chr(b) if b < 0x80 else f"%{b:02X}" for b in raw)
    target = absolute(address, location)
    if target is None:
        raise InvalidURL(f"{shown(address)} redirected to a malformed address: '{shown(location)}'")
    try:
        return validate_url(target)
    except InvalidURL as exc:
        raise InvalidURL(
            f"{shown(address)} redirected to an address that cannot be saved: {exc}"
        ) from exc
