"""Highlights and notes as the library stores them (schema migration 7).

A highlight is a passage of one article's plain text (``article_texts.text``), kept
as W3C Web Annotation selectors (anchoring.py): its quote with context, and its
offsets when it can be placed. It has a colour, a note, and created and updated
times. An article may have a note of its own (``article_notes``).

Everything here runs inside the caller's transaction (``Database.write``); the
``Library`` methods wrap them. Highlights go with their article (ON DELETE
CASCADE), which the window deletes only once its Undo time is over.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from newsreader.library import anchoring
from newsreader.library.db import Database, in_batches

# Colour identifiers, as stored (the window names and paints them). The four that
# Omnivore, Readeck and most readers offer, so imported colours keep their meaning.
COLORS = ("yellow", "green", "blue", "red")
DEFAULT_COLOR = "yellow"
# Other services' colour names, read as ours when importing.
COLOR_ALIASES = {
    "orange": "yellow",
    "pink": "red",
    "purple": "blue",
    "violet": "blue",
    "teal": "green",
}


@dataclass(frozen=True)
class Highlight:
    """One highlight. ``start``/``end`` are offsets (code points, end exclusive) in
    the article's text, both None when it is no longer found there (``anchoring`` is
    then LOST). ``selectors`` holds W3C selectors an import brought that newsreader
    does not use (wallabag's ranges, an XPath), as JSON, so an export gives them back."""

    id: int
    article_id: int
    quote: str
    prefix: str
    suffix: str
    start: int | None
    end: int | None
    anchoring: str  # one of anchoring.METHODS
    color: str
    note: str
    created_at: str  # ISO 8601, UTC
    updated_at: str
    origin: str | None = None  # where it was made: None here, else the service imported from
    selectors: str | None = None

    @property
    def found(self) -> bool:
        return self.start is not None

    @property
    def text_quote(self) -> anchoring.TextQuote:
        return anchoring.TextQuote(self.quote, self.prefix, self.suffix)

    def other_selectors(self) -> list[dict]:
        """The imported selectors kept in ``selectors`` (an empty list if none)."""
        try:
            value = json.loads(self.selectors) if self.selectors else []
        except ValueError:
            return []
        return value if isinstance(value, list) else []


@dataclass(frozen=True)
class LibraryHighlight:
    """A highlight with what the Highlights view shows of its article."""

    highlight: Highlight
    title: str
    site: str | None
    url: str
    tags: tuple[str, ...] = ()


def color_of(name: str | None) -> str:
    """The colour identifier for ``name`` (ours, or another service's alias); the
    default for none. Raises ValueError for a name that is no colour we know."""
    if not name:
        return DEFAULT_COLOR
    key = name.strip().lower()
    key = COLOR_ALIASES.get(key, key)
    if key not in COLORS:
        raise ValueError(f"unknown colour {name!r}: use one of {', '.join(COLORS)}")
    return key


COLUMNS = (
    "id, article_id, quote, prefix, suffix, text_start, text_end, anchoring, color, note, "
    "created_at, updated_at, origin, selectors"
)


def from_row(row) -> Highlight:
    """The Highlight of a row whose first columns are COLUMNS, in that order (the
    dataclass's own: positional is twice as fast, and an article opens with up to
    hundreds of them)."""
    return Highlight(*row[:_FIELDS])


_FIELDS = 14  # the columns of COLUMNS, the fields of Highlight

# Reading order: placed ones by position, the lost ones after them, oldest first.
ORDER = "(text_start IS NULL), text_start, text_end, created_at, id"


def of_articles(db: Database, article_ids: Sequence[int]) -> list[Highlight]:
    found: list[Highlight] = []
    for batch, marks in in_batches(article_ids):
        found.extend(
            from_row(row)
            for row in db.query(
                f"SELECT {COLUMNS} FROM highlights WHERE article_id IN ({marks}) "
                f"ORDER BY article_id, {ORDER}",
                batch,
            )
        )
    return found


def get(db: Database, highlight_id: int) -> Highlight | None:
    row = db.query_one(f"SELECT {COLUMNS} FROM highlights WHERE id = ?", (highlight_id,))
    return from_row(row) if row is not None else None


def insert(db: Database, highlight: Highlight, keep_id: bool = False) -> int:
    """Store ``highlight`` (its id kept when ``keep_id``, as Undo puts one back)."""
    values = {
        "article_id": highlight.article_id,
        "quote": highlight.quote,
        "prefix": highlight.prefix,
        "suffix": highlight.suffix,
        "text_start": highlight.start,
        "text_end": highlight.end,
        "anchoring": highlight.anchoring,
        "color": highlight.color,
        "note": highlight.note,
        "created_at": highlight.created_at,
        "updated_at": highlight.updated_at,
        "origin": highlight.origin,
        "selectors": highlight.selectors,
    }
    if keep_id:
        values["id"] = highlight.id
    names = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    cursor = db.execute(f"INSERT INTO highlights ({names}) VALUES ({marks})", values)
    return int(cursor.lastrowid)


def placed_again(highlight: Highlight, text: anchoring.LooseText) -> Highlight:
    """``highlight`` placed in ``text`` (see anchoring.anchor): where, how, and its quote
    and context as the text now has them (the words it had, when the page changed
    them, kept as an earlier quote: ``with_earlier_quote``); LOST, quote kept, when
    it is no longer there. Unchanged, it keeps how it was first placed."""
    placed = anchoring.anchor(text, highlight.text_quote, highlight.start, highlight.end)
    if placed is None:
        return replace(highlight, start=None, end=None, anchoring=anchoring.LOST)
    method = placed.method
    if method == anchoring.POSITION and highlight.found:
        method = highlight.anchoring  # made, or an earlier fuzzy placement
    described = anchoring.describe(text.text, placed.start, placed.end)
    return replace(
        highlight, start=placed.start, end=placed.end, anchoring=method,
        quote=described.exact, prefix=described.prefix, suffix=described.suffix,
        selectors=with_earlier_quote(highlight, described.exact),
    )  # fmt: skip


def reanchor(db: Database, article_id: int, text: str) -> list[tuple[int, str]]:
    """Place every highlight of ``article_id`` in its new ``text`` (``placed_again``)
    and store where, and how. Returns (id, method) of each whose place changed."""
    rows = db.query(f"SELECT {COLUMNS} FROM highlights WHERE article_id = ?", (article_id,))
    if not rows:
        return []
    haystack = anchoring.LooseText(text)
    changed: list[tuple[int, str]] = []
    for row in rows:
        highlight = from_row(row)
        now = placed_again(highlight, haystack)
        if now == highlight:
            continue
        # The quote only when it changed: an update of it re-indexes the whole article
        # (schema 7's triggers), 15 times the cost of moving 200 highlights otherwise.
        if now.quote != highlight.quote:
            db.execute(
                "UPDATE highlights SET quote = ?, selectors = ? WHERE id = ?",
                (now.quote, now.selectors, highlight.id),
            )
        db.execute(
            "UPDATE highlights SET text_start = ?, text_end = ?, anchoring = ?, prefix = ?, "
            "suffix = ? WHERE id = ?",
            (now.start, now.end, now.anchoring, now.prefix, now.suffix, highlight.id),
        )
        changed.append((highlight.id, now.anchoring))
    return changed


def with_earlier_quote(highlight: Highlight, new_quote: str) -> str | None:
    """``highlight.selectors`` (JSON) with its quote as first made added as a W3C
    TextQuoteSelector, once, when the text's words there are now ``new_quote``: the
    words the reader chose are never lost when the page edits them."""
    kept = highlight.other_selectors()
    if new_quote == highlight.quote or any(s.get("newsreader") for s in kept):
        return highlight.selectors
    kept.append(
        {"type": "TextQuoteSelector", "exact": highlight.quote, "prefix": highlight.prefix,
         "suffix": highlight.suffix, "newsreader": "as first made"}
    )  # fmt: skip
    return json.dumps(kept, ensure_ascii=False)


def delete(db: Database, highlight_ids: Iterable[int]) -> list[Highlight]:
    """Delete highlights; the ones that existed, as they were (for Undo)."""
    gone: list[Highlight] = []
    for highlight_id in dict.fromkeys(highlight_ids):
        found = get(db, highlight_id)
        if found is not None:
            db.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))
            gone.append(found)
    return gone


def note_of(db: Database, article_id: int) -> str:
    return db.scalar("SELECT note FROM article_notes WHERE article_id = ?", (article_id,)) or ""
