"""What a page says about itself: JSON-LD, OpenGraph and ``<meta>`` tags.

trafilatura reads these too, but takes the first plausible value it meets; a page
that names its publisher's Facebook page as ``article:publisher`` gets a URL for a
site name. ``PageMetadata`` is read before the page is pruned, and ``choose_*``
decide when trafilatura's guess gives way to the page's own declaration.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

import lxml.html

from newsreader.capture.authors import clean_author
from newsreader.capture.text import squashed

_ARTICLE_TYPES = frozenset(
    [
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "BlogPosting",
        "SocialMediaPosting",
        "LiveBlogPosting",
        "TechArticle",
        "ScholarlyArticle",
        "Report",
        "Review",
        "WebPage",
    ]
)
_URLISH = re.compile(
    r"^(https?:|www\.|/)|://|\.(com|net|org|no|de|se|dk|fr|uk|io)(/|$)|\.\w{2,4}/\S", re.I
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class PageMetadata:
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # YYYY-MM-DD
    updated: str | None = None
    site: str | None = None
    description: str | None = None
    image: str | None = None
    free: bool | None = None  # isAccessibleForFree, where the page says


def clean(value: object) -> str | None:
    """A string with its whitespace collapsed (the first, from a list); None if empty."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def iso_date(value: object) -> str | None:
    """YYYY-MM-DD from an ISO date or timestamp; None if it is not a real date."""
    text = clean(value)
    match = _ISO_DATE.search(text or "")
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        return None


def _types(item: dict) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def _walk(data: object):
    if isinstance(data, list):
        for item in data:
            yield from _walk(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), (list, dict)):
                yield from _walk(data[key])


def _names(value: object) -> list[str]:
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    if isinstance(value, dict):
        return _names(value.get("name"))
    name = clean(value)
    return [name] if name and not _URLISH.search(name) else []


def _image(value: object) -> str | None:
    if isinstance(value, list):
        return next((url for url in map(_image, value) if url), None)
    if isinstance(value, dict):
        return clean(value.get("url") or value.get("contentUrl"))
    return clean(value)


def _free(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def _json_ld(page: lxml.html.HtmlElement) -> dict | None:
    """The page's main article object from its JSON-LD, if it has one."""
    best: dict | None = None
    for script in page.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):
            continue
        for item in _walk(data):
            kinds = _types(item)
            if not kinds & _ARTICLE_TYPES:
                continue
            # A WebPage wrapper is a last resort; an Article is what the page is about.
            if best is None or (kinds - {"WebPage"} and "WebPage" in _types(best)):
                best = item
    return best


def _meta(page: lxml.html.HtmlElement, *names: str) -> str | None:
    for name in names:
        for value in page.xpath(
            "//meta[@property=$n or @name=$n or @itemprop=$n]/@content", n=name
        ):
            cleaned = clean(value)
            if cleaned:
                return cleaned
    return None


def read_metadata(page: lxml.html.HtmlElement) -> PageMetadata:
    ld = _json_ld(page) or {}
    publisher = ld.get("publisher")
    authors = _names(ld.get("author")) or _names(_meta(page, "author", "dc.creator"))
    return PageMetadata(
        title=clean(ld.get("headline")) or _meta(page, "og:title", "twitter:title"),
        authors=tuple(dict.fromkeys(authors)),
        published=iso_date(ld.get("datePublished"))
        or iso_date(_meta(page, "article:published_time", "datePublished", "date", "dc.date")),
        updated=iso_date(ld.get("dateModified"))
        or iso_date(_meta(page, "article:modified_time", "og:updated_time", "dateModified")),
        site=_meta(page, "og:site_name", "application-name")
        or (_names(publisher)[0] if _names(publisher) else None),
        description=clean(ld.get("description")) or _meta(page, "og:description", "description"),
        image=_image(ld.get("image")) or _meta(page, "og:image", "twitter:image"),
        free=_free(ld.get("isAccessibleForFree")),
    )


# --- choosing between trafilatura and the page -----------------------------------------------
_ADDRESS = re.compile(r"^[\w.-]+:\d+$|^\d{1,3}(\.\d{1,3}){3}$|^\[?[0-9a-f]*:[0-9a-f:]+\]?$", re.I)


def plausible_name(value: str | None) -> bool:
    """A person's or site's name rather than an address or a paragraph."""
    return (
        bool(value)
        and len(value) <= 120
        and not _URLISH.search(value)
        and not _ADDRESS.match(value)
    )


def choose_site(found: str | None, page: PageMetadata, url: str) -> str | None:
    if plausible_name(found):
        return found
    if plausible_name(page.site):
        return page.site
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return host or None


def choose_author(found: str | None, page: PageMetadata, site: str | None = None) -> str | None:
    """The article's authors, names alone (``authors.clean_author``): what trafilatura
    found when it reads as names, else the page's own JSON-LD or meta authors."""
    site = site or page.site
    found = clean_author(found, site) if plausible_name(found) else None
    return found or clean_author(", ".join(page.authors), site)


def choose_published(
    found: str | None,
    page: PageMetadata,
    today: date | None = None,
    byline: str | None = None,
) -> str | None:
    """The publication date (YYYY-MM-DD): the date of the visible ``byline`` over a date
    trafilatura guessed (from the body text, the URL…), unless the page's own markup
    says the same as trafilatura; then trafilatura's, then the markup's. Never a date
    after ``today``."""
    found = iso_date(found)
    today_text = (today or datetime.now().date()).isoformat()
    byline = byline if byline and byline <= today_text else None
    if byline and not (found and found == page.published):
        return byline
    # A "published" date after the page's own modification date is a misread.
    misread = bool(found and page.updated and page.published and found > page.updated)
    if found and found <= today_text and not misread:
        return found
    return page.published if page.published and page.published <= today_text else None


def choose_updated(
    published: str | None, page: PageMetadata, byline: str | None = None
) -> str | None:
    """The page's "updated" date when it is later than ``published``; else None."""
    for updated in (page.updated, byline):
        if updated and (not published or updated > published):
            return updated
    return None


_TITLE_SEPARATORS = re.compile(
    r"\s+[|\-\u2013\u2014·»:/]\s+|\s*[|»]\s*"
    # "标题-新华网": a dash without spaces only before a last word without spaces.
    r"|(?<=\S)[-\u2013\u2014](?=[^\s\d\-\u2013\u2014][^\s\-\u2013\u2014]*$)"
)


def clean_title(title: str, site_names: list[str], headings: list[str]) -> str:
    """The title without the site's name that pages append to ``<title>``."""
    parts = [part for part in _TITLE_SEPARATORS.split(title) if part and part.strip()]
    if len(parts) < 2:
        return title
    squashed_headings = {squashed(h) for h in headings if h}
    # The page's own heading is the title as its editors wrote it.
    if squashed(title) in squashed_headings:
        return title
    for end in range(len(parts) - 1, 0, -1):
        head = title[: title.find(parts[end - 1]) + len(parts[end - 1])]
        if squashed(head) in squashed_headings:
            return head.strip()
    names = {squashed(name) for name in site_names if name}
    # A host name also stands for the site without its domain ending (daheim-solar.de).
    names |= {squashed(name.rsplit(".", 1)[0]) for name in site_names if "." in name}
    names.discard("")
    last = squashed(parts[-1])
    # The site's name exactly; never a word that merely occurs in it.
    if last and last in names:
        return title[: title.rfind(parts[-1])].rstrip(" |-\u2013\u2014·»:/").strip() or title
    return title
