"""Plain records the library hands out. No behaviour, no Qt."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

STATES = ("unread", "archived")


@dataclass(frozen=True)
class StoredImage:
    position: int
    url: str
    file: Path | None  # absolute path of the local copy; None if it could not be stored
    mime: str | None
    width: int | None
    height: int | None
    alt: str
    caption: str
    is_lead: bool
    error: str | None
    size: int | None = None
    name: str | None = None  # the library-relative file name behind ``file``


@dataclass(frozen=True)
class ArticleSummary:
    id: int
    url: str
    title: str
    site: str | None
    author: str | None
    published: str | None
    language: str | None
    saved_at: str
    word_count: int
    reading_minutes: int
    state: str
    favorite: bool
    read_at: str | None
    tags: tuple[str, ...] = ()
    partial: bool = False  # the text came from a fallback; parts may be missing
    paywall: str | None = None  # why the text likely stops at a paywall or is cut short
    progress: float = 0.0  # how far in the reader is, 0 to 1 (the list shows it)
    # A link only, without its text yet (an import): "queued" (to be fetched) or
    # "failed" (fetch_error says why, one line); None when the article has its content.
    fetch_state: str | None = None
    fetch_error: str | None = None


@dataclass(frozen=True)
class Article(ArticleSummary):
    final_url: str = ""
    canonical_url: str | None = None
    description: str | None = None
    lead_image_url: str | None = None
    updated: str | None = None  # the page's own "updated" date, YYYY-MM-DD
    direction: str | None = None  # "rtl" for right-to-left text, None for left to right
    # Why this copy is trafilatura's extraction without newsreader's refinements; None
    # when they were applied (a bug of ours made them fail: the log has the detail).
    unrefined: str | None = None
    content_html: str = ""  # image sources are library-relative file names
    text: str = ""
    updated_at: str = ""
    raw_file: str | None = None
    images: tuple[StoredImage, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SearchHit:
    article: ArticleSummary
    snippet: str  # plain text, matched words wrapped in the markers below
    rank: float
    # Where the snippet was found: "text" (the article's), "note" (a note of the
    # reader's), "highlight" (a highlight's quote), "caption" or "alt" (an image's caption
    # or alt text), "tag" (the article's tags): search.IN_TEXT, IN_NOTE, IN_HIGHLIGHT,
    # IN_CAPTION, IN_ALT, IN_TAG.
    matched_in: str = "text"


@dataclass(frozen=True)
class SaveOutcome:
    article_id: int
    created: bool  # False when an article already saved under one of its URLs was updated


@dataclass
class CheckReport:
    missing: list[tuple[int, str]] = field(default_factory=list)  # (article id, file)
    orphans: list[str] = field(default_factory=list)
    temporaries: list[str] = field(default_factory=list)
    index_ok: bool = True
    # False when the index could only be probed, not checked with FTS5's integrity-check
    # (a read-only library, or another program holding the write lock throughout).
    index_checked: bool = True
    repaired: bool = False
    # (article id, file) whose bytes no longer match their name's hash (check --deep)
    damaged: list[tuple[int, str]] = field(default_factory=list)
    # SQLite's first complaint about the database itself (PRAGMA quick_check, or
    # integrity_check with --deep), one line; None when it passes. No repair mends it:
    # a backup does.
    database_problem: str | None = None
    # (table, rowid) of highlights and article notes whose article is gone (PRAGMA
    # foreign_key_check): the cascade should make them impossible; repair removes them.
    stray_rows: list[tuple[str, int]] = field(default_factory=list)
    # (article id, highlight id) of highlights no longer found in their article's text.
    # Not damage: they are kept, with their quote and note, and never repaired away.
    lost_highlights: list[tuple[int, int]] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """Nothing to repair or restore (lost highlights do not count)."""
        return (
            not (self.missing or self.orphans or self.temporaries or self.damaged)
            and not self.stray_rows
            and self.index_ok
            and self.database_problem is None
        )
