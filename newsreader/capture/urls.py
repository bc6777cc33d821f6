"""Checking URLs a person typed, and the normalised key that identifies an article."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, unquote, urljoin, urlsplit, urlunsplit

import courlan

from newsreader.errors import InvalidURL, UnsupportedScheme

ALLOWED_SCHEMES = ("http", "https")
_WHITESPACE = re.compile(r"\s")
_MANGLED_SCHEME = re.compile(r"(?i)(https?)(?::/?(?!/)|//)")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# The user-info part of an address ("user:password@"), found without parsing it, so
# that even an address the URL parser refuses can be shown without its password; also
# in front of an address typed without its scheme ("user:pw@vg.no/sak").
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@|[^/?#\s@]*@(?=[^/?#\s]))")
CREDENTIALS_NOTE = (
    "the user name and password in the address were used for this download only and are not stored"
)


def _without_userinfo(match: re.Match[str]) -> str:
    found = match.group(0)
    if found.lower().startswith("mailto:"):  # an e-mail address, not a user name
        return found
    return found[: found.index("://") + 3] if "://" in found else ""


# A user name and password inside any address in a text: "scheme://user:pw@". The user
# part stops at "/", "?" or "#", so "https://x.no/@name" (a path) is left alone.
_USERINFO_ANYWHERE = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s\"'<>@]*@")


def without_credentials(text: str) -> str:
    """``text`` (an address, an HTML fragment, plain text) with the user name and
    password taken out of every address in it. A page may carry them (a base href, a
    canonical or image address); they are never stored, shown or used to fetch: for
    images the same as browsers, which refuse subresources with embedded credentials
    (Chromium since version 59)."""
    if "@" not in text:
        return text
    return _USERINFO_ANYWHERE.sub(r"\1", text)


# The most characters of an address a message shows; a longer one is cut in the middle.
SHOWN_MAX = 300
# Longer addresses are refused: servers answer 414 well before (8 KB is common), and no
# article's address is near it.
MAX_URL_LENGTH = 16 * 1024


def shown(text: str) -> str:
    """``text`` (a URL, perhaps malformed) as it may appear in a one-line message:
    without user name or password, control and other unprintable characters escaped
    (``\\n``, ``\\x07``). Never raises."""
    text = _USERINFO.sub(_without_userinfo, text)
    if len(text) > SHOWN_MAX:  # a message stays readable: the start and the end
        text = f"{text[: SHOWN_MAX - 60]}…{text[-59:]}"
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def validate_url(text: str) -> str:
    """Return ``text`` as a fetchable http(s) URL, or raise InvalidURL saying why.

    This is the door every address comes in by (typed, imported, redirected to,
    forwarded to by a page): the URL returned has no fragment and no user name or
    password (``user:pw@``). Those are never stored, shown or sent to another host,
    as browsers hide them and curl and requests drop them on a redirect elsewhere;
    ``credentials`` reads them for the one request that may use them.
    Messages show the address through ``shown``, so they stay one line.
    """
    url = text.strip()
    if not url:
        raise InvalidURL("empty URL")
    if len(url) > MAX_URL_LENGTH:
        raise InvalidURL(
            f"too long to be an address ({len(url):,} characters, at most "
            f"{MAX_URL_LENGTH:,}): '{shown(url)}'"
        )
    if _CONTROL.search(url):
        raise InvalidURL(f"not a URL (contains control characters): '{shown(url)}'")
    if _WHITESPACE.search(url):
        raise InvalidURL(f"not a URL (contains spaces): '{shown(url)}'")
    mangled = _MANGLED_SCHEME.match(url)
    if mangled:  # "http//x.no", "http:/x.no", "http:x.no": a slip of the keyboard
        shown_url = shown(url)
        raise InvalidURL(f"not a URL: '{shown_url}' (did you mean {mangled.group(1).lower()}://…?)")
    try:
        parts = urlsplit(url)
        if not parts.scheme and not parts.netloc and "." in url.split("/", 1)[0]:
            # "vg.no/nyheter/..." typed without a scheme: what every browser accepts.
            url = "https://" + url
            parts = urlsplit(url)
    except ValueError as exc:  # "http://[::1/x": an address the URL parser refuses
        raise InvalidURL(f"malformed URL '{shown(url)}' ({exc})") from exc
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        if "@" in url.split("/", 1)[0] and "://" not in url:
            # "user:pw@vg.no/sak": what reads as the scheme is a user name; not echoed.
            raise UnsupportedScheme(
                "only http and https URLs can be saved (start it with https://)"
            )
        scheme = parts.scheme or shown(url)
        raise UnsupportedScheme(f"only http and https URLs can be saved, not {scheme!r}")
    try:
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError as exc:
        raise InvalidURL(f"malformed URL '{shown(url)}' ({exc})") from exc
    if not host:
        raise InvalidURL("URL has no host name")
    try:
        # Internationalised names (æøå.no) must still be valid host names.
        host.encode("idna")
    except UnicodeError as exc:
        raise InvalidURL(f"malformed host name {host!r}") from exc
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def credentials(text: str) -> tuple[str, str] | None:
    """The user name and password written into an address, percent-decoded, or None."""
    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return None
    if parts.username is None:
        return None
    return unquote(parts.username), unquote(parts.password or "")


def origin(url: str) -> tuple[str, str, int | None] | None:
    """Scheme, host and port (the default one filled in) of ``url``; None if unreadable."""
    try:
        parts = urlsplit(url)
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    except ValueError:
        return None
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def referrer(page: str, target: str) -> str | None:
    """The ``Referer`` to send from ``page`` to ``target``, as browsers do by default
    (the "strict-origin-when-cross-origin" policy of the W3C Referrer Policy spec):
    the page's address to its own origin, only its origin ("https://host/") to
    another, nothing from https to http. Never a user name, password or fragment."""
    mine, theirs = origin(page), origin(target)
    if mine is None or theirs is None or not mine[1]:
        return None
    if mine[0] == "https" and theirs[0] != "https":
        return None
    parts = urlsplit(page)
    netloc = parts.netloc.rpartition("@")[2]
    if mine == theirs:
        return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    return urlunsplit((parts.scheme, netloc, "/", "", ""))


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
    query = parts.query
    # courlan drops parameters without a value ("page.php?123", "?print"), which are
    # often what tells two pages apart: they are kept, sorted with the rest.
    valueless = {p for p in _query_of(url).split("&") if p and "=" not in p}
    if valueless - set(query.split("&")):
        query = "&".join(sorted(set(filter(None, query.split("&"))) | valueless))
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit(("", host, path, query, "")).removeprefix("//")


def _query_of(url: str) -> str:
    try:
        return urlsplit(url).query
    except ValueError:
        return ""


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
