"""What a reader makes of one row of another service's export: plain records.

Every reader in this package turns a file into a stream of ``ImportedItem`` (one saved
article, with everything the file held about it) and ``ImportProblem`` (a row that
could not be read: kept and reported, never an exception that ends the import). A
reader knows nothing of the library: merging, de-duplicating (two rows with the same
URL both arrive) and fetching are the importer's job later.

Dates are ISO 8601 in UTC (``dates.to_utc``), the form the library stores. Colours are
the library's own (``newsreader.library.highlights.COLORS``), mapped by ``color_of``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

STATES = ("unread", "archived")


@dataclass(frozen=True)
class ImportedHighlight:
    """A highlighted passage. ``selectors`` holds W3C Web Annotation selectors the
    export gave (wallabag's XPath ranges as RangeSelector dicts, Readeck's), kept so
    that an export can give them back; ``position`` is the service's own offset or
    order of the passage, when it has one."""

    quote: str
    note: str = ""
    color: str | None = None  # one of highlights.COLORS, None for the default
    created_at: str | None = None
    updated_at: str | None = None
    selectors: tuple[dict, ...] = ()
    position: int | None = None
    # Carried by newsreader's own export only. Where it was made: '' not said (the
    # import's format), None in newsreader, else the service's id.
    origin: str | None = ""
    prefix: str = ""  # the text just before and after the quote (TextQuoteSelector)
    suffix: str = ""
    start: int | None = None  # where it was in the exported article's plain text
    end: int | None = None
    anchoring: str | None = None  # how it was last placed there (anchoring.METHODS)


@dataclass(frozen=True)
class ImportedItem:
    """One saved article as the export describes it. ``source`` is the format id
    (``pocket_csv``, ``wallabag``…) and ``line`` where in the file it was (a line
    number, or a ZIP member and line) for the per-item report."""

    url: str
    title: str | None = None
    tags: tuple[str, ...] = ()
    saved_at: str | None = None
    state: Literal["unread", "archived"] = "unread"
    favorite: bool = False
    progress: float | None = None  # 0..1
    read_at: str | None = None
    author: str | None = None
    site: str | None = None
    description: str | None = None
    published: str | None = None
    language: str | None = None
    content_html: str | None = None  # the export's own copy of the article
    highlights: tuple[ImportedHighlight, ...] = ()
    note: str | None = None
    source: str = ""
    line: str = ""
    images: tuple[str, ...] = field(default=())  # files the export references (own JSON)
    # Files of the export that content_html names otherwise than by their paths in the
    # ZIP: (the image source as the HTML writes it, the ZIP member). Readeck's.
    image_sources: tuple[tuple[str, str], ...] = ()
    # Carried by newsreader's own export only: what a save found on the page.
    lead_image_url: str | None = None
    canonical_url: str | None = None
    updated: str | None = None  # the page's own "updated" date
    final_url: str | None = None  # where the page was found after its redirects
    partial: bool = False  # the text came from a fallback (Article.partial)
    paywall: str | None = None  # why the text likely stops at a paywall
    fetch_state: str | None = None  # a link only's: "queued" or "failed" (Article's)
    fetch_error: str | None = None  # why it could not be fetched


@dataclass(frozen=True)
class ImportProblem:
    """A row that could not be read: ``where`` as in ``ImportedItem.line``."""

    where: str
    message: str


@dataclass(frozen=True)
class ImportedSavedSearch:
    """A saved search carried by newsreader's own export (library/saved_searches): not
    an item of the import, added to the library's saved searches unless one of that
    name is there. Always after every item of the file."""

    where: str
    name: str
    query: str


@dataclass(frozen=True)
class Skipped:
    """A row read but deliberately not imported (a Readwise feed item), with why."""

    where: str
    reason: str
    url: str | None = None  # the link as the file gives it, when it has one
