"""Checking URLs a person typed, and the normalised key that identifies an article."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

import courlan

from newsreader.errors import InvalidURL

ALLOWED_SCHEMES = ("http", "https")
_WHITESPACE = re.compile(r"\s")
_MANGLED_SCHEME = re.compile(r"(?i)(https?)(?::/?(?!/)|//)")


def validate_url(text: str) -> str:
    """Return ``text`` as a fetchable http(s) URL, or raise InvalidURL saying why."""
    url = text.strip()
    if not url:
        raise InvalidURL("empty URL")
    if _WHITESPACE.search(url):
        raise InvalidURL(f"not a URL (contains spaces): {url!r}")
    mangled = _MANGLED_SCHEME.match(url)
    if mangled:  # "http//x.no", "http:/x.no", "http:x.no": a slip of the keyboard
        raise InvalidURL(f"not a URL: {url!r} (did you mean {mangled.group(1).lower()}://…?)")
    try:
        parts = urlsplit(url)
        if not parts.scheme and not parts.netloc and "." in url.split("/", 1)[0]:
            # "vg.no/nyheter/..." typed without a scheme: what every browser accepts.
            url = "https://" + url
            parts = urlsplit(url)
    except ValueError as exc:  # "http://[::1/x": an address the URL parser refuses
        raise InvalidURL(f"malformed URL ({exc})") from exc
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        shown = parts.scheme or url
        raise InvalidURL(f"only http and https URLs can be saved, not {shown!r}")
    try:
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError as exc:
        raise InvalidURL(f"malformed URL ({exc})") from exc
    if not host:
        raise InvalidURL("URL has no host name")
    try:
        # Internationalised names (æøå.no) must still be valid host names.
        host.encode("idna")
    except UnicodeError as exc:
        raise InvalidURL(f"malformed host name {host!r}") from exc
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, ""))


def url_key(url: str) -> str:
    """A normalised form of ``url`` for recognising the same article again.

    Lower-cased scheme and host, no fragment, tracking parameters (utm_*, fbclid...)
    removed, remaining parameters sorted, and no distinction between http and https
    or a leading ``www.``.
    """
    try:
        # Not strict: strict mode keeps only a short list of known parameters and
        # would merge article.php?story=1 with ?story=2. Given a string, courlan
        # unescapes HTML entities in it, so ?id=5&section=2 became ?id=5§ion=2: split
        # the URL first.
        normal = courlan.normalize_url(urlsplit(url), strict=False)
    except (ValueError, TypeError):
        normal = url
    parts = urlsplit(normal)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit(("", host, path, parts.query, "")).removeprefix("//")


def same_site(a: str, b: str) -> bool:
    host_a = (urlsplit(a).hostname or "").lower().removeprefix("www.")
    host_b = (urlsplit(b).hostname or "").lower().removeprefix("www.")
    return bool(host_a) and host_a == host_b


def trustworthy_canonical(canonical: str | None, final_url: str) -> str | None:
    """The page's canonical URL if it plausibly names this article, else None.

    Some sites point every page's canonical at their front page, or at another
    host entirely; using that to deduplicate would merge unrelated articles.
    """
    if not canonical:
        return None
    canonical = canonical.strip()
    parts = urlsplit(canonical)
    if parts.scheme not in ALLOWED_SCHEMES or not same_site(canonical, final_url):
        return None
    if parts.path in ("", "/") and urlsplit(final_url).path not in ("", "/"):
        return None
    return canonical


def split(url: str) -> SplitResult | None:
    """``urlsplit``, or None for an address it cannot read (``http://[abc``)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def absolute(base: str, href: str) -> str | None:
    """``href`` made absolute against ``base``; None if either cannot be read."""
    try:
        joined = urljoin(base, href.strip())
        urlsplit(joined)
    except ValueError:
        return None
    return joined
