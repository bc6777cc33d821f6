"""What extraction hands back to the saver: the article, its metadata and its text."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsreader.capture.text import count_words, reading_minutes


@dataclass(frozen=True)
class ExtractedArticle:
    title: str
    author: str | None
    published: str | None  # ISO 8601 date, YYYY-MM-DD
    site: str | None
    description: str | None
    language: str | None
    canonical_url: str | None
    lead_image_url: str | None
    html: str  # the article body as an HTML fragment; links and images absolute
    text: str  # the article as plain text, paragraphs separated by blank lines
    updated: str | None = None  # YYYY-MM-DD, when later than published
    # The text came from the fallback block, not trafilatura: it may miss or add parts.
    partial: bool = False
    paywall: str | None = None  # why the text likely stops at a paywall or is cut short
    # Images that came inside the page (inline SVG, data: URLs): address → (bytes, type).
    inline_images: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    direction: str | None = None  # "rtl" for right-to-left text; None for left-to-right
    # Why newsreader's own refinements were left out (the copy is trafilatura's alone),
    # in one line; None when they were applied. The detail (a traceback) is for the log.
    unrefined: str | None = None
    unrefined_detail: str | None = None

    @property
    def word_count(self) -> int:
        return count_words(self.text)

    @property
    def reading_minutes(self) -> int:
        return reading_minutes(self.text)
