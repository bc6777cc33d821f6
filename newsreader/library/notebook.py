"""Reading and changing highlights and notes: ``Library.notebook``.

Every change is one write transaction (``Database.write``), like every change to
articles: it lands whole or not at all, and waits for another program's write lock
up to the library's ``busy_timeout`` before LibraryLocked. Words of notes go into the
search dictionary in the same transaction, so a note's inflections are found too.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from newsreader.errors import ArticleNotFound, HighlightNotFound
from newsreader.library import anchoring, highlights, search_index
from newsreader.library.db import Database, in_batches
from newsreader.library.highlights import Highlight, LibraryHighlight

if TYPE_CHECKING:
    from newsreader.library.library import Library


def library_highlight(row: sqlite3.Row) -> LibraryHighlight:
    """A row of ``Notebook.everything_rows`` as a LibraryHighlight."""
    return LibraryHighlight(
        highlights.from_row(row),
        row["title"],
        row["site"],
        row["url"],
        tuple(sorted(row["tag_names"].split("\x1f"))) if row["tag_names"] else (),
    )


def _clean(note: str) -> str:
    """A note as stored: NFC, as the library stores all text (and search reads queries),
    without white space at either end."""
    return unicodedata.normalize("NFC", note).strip()


def utc_time(value: str | None) -> str | None:
    """An ISO 8601 time as the library stores times: UTC, to the second (a time
    without an offset is taken as UTC). None stays None; ValueError for anything
    else, so that the Highlights view, which sorts them as text, sorts them right."""
    if value is None or value == "":
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except (ValueError, AttributeError) as exc:
        raise ValueError(f"not an ISO 8601 time: {value!r}") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _as_given(quote: anchoring.TextQuote) -> dict:
    """A quote as first given, kept as a W3C TextQuoteSelector beside the placed one."""
    return {"type": "TextQuoteSelector", "exact": quote.exact, "prefix": quote.prefix,
            "suffix": quote.suffix, "newsreader": "as first given"}  # fmt: skip


class Notebook:
    """The highlights and notes of one library."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.db = library.db

    # --- reading ------------------------------------------------------------------
    def of_article(self, article_id: int) -> list[Highlight]:
        """The article's highlights in reading order; those no longer found last."""
        return highlights.of_articles(self.db, [article_id])

    def of_articles(self, article_ids: Sequence[int]) -> list[Highlight]:
        """Highlights of several articles: by article id, each in reading order."""
        return highlights.of_articles(self.db, article_ids)

    def get(self, highlight_id: int) -> Highlight:
        """Raises HighlightNotFound."""
        found = highlights.get(self.db, highlight_id)
        if found is None:
            raise HighlightNotFound(f"no highlight with id {highlight_id}")
        return found

    def everything(
        self,
        color: str | None = None,
        tag: str | None = None,
        limit: int | None = None,
    ) -> list[LibraryHighlight]:
        """Every highlight in the library, newest first, with its article's title, site
        and URL (and tags): what the Highlights view lists. ``color`` and ``tag`` filter.

        One query: 10,000 highlights take about 30 ms here (docs/benchmarks.md), and
        making their objects as much again (see ``everything_rows``)."""
        return [library_highlight(row) for row in self.everything_rows(color, tag, limit)]

    def everything_rows(
        self,
        color: str | None = None,
        tag: str | None = None,
        limit: int | None = None,
    ) -> list[sqlite3.Row]:
        """``everything`` as the database's rows (the highlight's columns, ``title``,
        ``site``, ``url``, ``tag_names``), for a view that makes a LibraryHighlight
        (``library_highlight``) only of the rows it shows."""
        where, params = [], []
        if color:
            where.append("h.color = ?")
            params.append(color)
        if tag:
            where.append(
                "h.article_id IN (SELECT at.article_id FROM article_tags at JOIN tags t "
                "ON t.id = at.tag_id WHERE t.name = ?)"
            )
            params.append(tag)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        columns = ", ".join(f"h.{c.strip()}" for c in highlights.COLUMNS.split(","))
        return self.db.query(
            f"""SELECT {columns}, a.title, a.site, a.url,
                       (SELECT group_concat(t.name, char(31)) FROM article_tags at
                        JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id) AS tag_names
                FROM highlights h JOIN articles a ON a.id = h.article_id {clause}
                ORDER BY h.created_at DESC, h.id DESC LIMIT ?""",
            (*params, -1 if limit is None else limit),
        )

    def state(self) -> tuple:
        """Something that changes whenever a highlight, a note or the tags change
        (a highlight added, removed, edited, placed again or lost; an article note; an
        article deleted with its highlights; a tag added, removed or moved; the title
        or site of a highlighted article), and not when articles are saved, archived or
        read: a view listing highlights reads them again only then. One pass over the
        highlights, their notes and tags (~10 ms for 10,000)."""
        highlights_state = self.db.query_one(
            "SELECT count(*), max(id), total(text_start), sum(text_start IS NULL), "
            "group_concat(id || ' ' || color || ' ' || note, char(31)) FROM highlights"
        )
        others = self.db.query_one(
            "SELECT (SELECT group_concat(article_id || ' ' || tag_id, ' ') FROM article_tags), "
            "(SELECT group_concat(id || ' ' || name, char(31)) FROM tags), "
            "(SELECT group_concat(article_id || ' ' || note, char(31)) FROM article_notes), "
            "(SELECT group_concat(a.title || ' ' || coalesce(a.site, ''), char(31)) "
            " FROM articles a WHERE a.id IN (SELECT article_id FROM highlights))"
        )
        *figures, notes = highlights_state
        return (*figures, hash(notes), *(hash(value) for value in others))

    def count(self) -> int:
        return int(self.db.scalar("SELECT count(*) FROM highlights"))

    def lost(self) -> list[Highlight]:
        """Highlights no longer found in their article's text."""
        rows = self.db.query(
            f"SELECT {highlights.COLUMNS} FROM highlights WHERE text_start IS NULL "
            "ORDER BY article_id, id"
        )
        return [highlights.from_row(row) for row in rows]

    def article_notes(self) -> dict[int, str]:
        """Every article that has a note of its own: article id -> when the note was
        last changed (ISO 8601, UTC), the most recently changed first."""
        rows = self.db.query(
            "SELECT article_id, updated_at FROM article_notes ORDER BY updated_at DESC, article_id"
        )
        return {row[0]: row[1] for row in rows}

    def article_note(self, article_id: int) -> str:
        """The article's own note ('' for none)."""
        return highlights.note_of(self.db, article_id)

    # --- adding -------------------------------------------------------------------
    def _text_of(self, db: Database, article_id: int) -> str:
        text = db.scalar("SELECT text FROM article_texts WHERE article_id = ?", (article_id,))
        if text is None:
            raise ArticleNotFound(f"no article with id {article_id}")
        return text

    def _add_words(self, db: Database, article_id: int, texts: Iterable[str]) -> int:
        language = db.scalar("SELECT language FROM articles WHERE id = ?", (article_id,))
        return search_index.add_terms(db, language, texts)

    def _store(self, body) -> Highlight:
        with self.library._index_errors():
            found, new_words = self.db.write(body)
        if new_words:
            self.library.searcher.dictionary_changed()
        return found

    def add(
        self,
        article_id: int,
        start: int,
        end: int,
        *,
        color: str | None = None,
        note: str = "",
        expect: str | None = None,
    ) -> Highlight:
        """Highlight ``text[start:end]`` of the article's text (offsets in code points,
        end exclusive; white space at either end left out). The same passage
        highlighted already is given the colour (and the note, when one is given)
        instead of being stored twice. ``expect``: the text the caller saw there; if
        the article's text changed since (another program re-fetched it) and it is no
        longer there, HighlightNotFound, nothing stored. Raises ArticleNotFound,
        ValueError for an empty or out-of-range span or an unknown colour."""
        color = highlights.color_of(color)

        def store(db: Database) -> tuple[Highlight, int]:
            text = self._text_of(db, article_id)
            a, b = start, end
            if expect is not None and text[a:b] != expect:
                raise HighlightNotFound("the article changed meanwhile: select the passage again")
            if not 0 <= a < b <= len(text):
                raise ValueError(f"no passage at {a}-{b} in article {article_id}'s text")
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a == b:
                raise ValueError("a highlight needs some text, not only white space")
            same = self._same_passage(db, article_id, a, b, color, note)
            if same is not None:
                return same
            quote = anchoring.describe(text, a, b)
            now = self.library.now()
            made = Highlight(
                0, article_id, quote.exact, quote.prefix, quote.suffix, a, b,
                anchoring.MADE, color, _clean(note), now, now,
            )  # fmt: skip
            new_id = highlights.insert(db, made)
            return replace(made, id=new_id), self._add_words(db, article_id, [note])

        return self._store(store)

    def _same_passage(
        self, db: Database, article_id: int, start: int, end: int, color: str, note: str
    ) -> tuple[Highlight, int] | None:
        """The highlight of exactly ``start``..``end``, given ``color`` and ``note`` (when
        not empty); None when there is none."""
        row = db.query_one(
            f"SELECT {highlights.COLUMNS} FROM highlights "
            "WHERE article_id = ? AND text_start = ? AND text_end = ?",
            (article_id, start, end),
        )
        if row is None:
            return None
        found = highlights.from_row(row)
        changed = replace(found, color=color, note=_clean(note) or found.note)
        if changed == found:
            return found, 0
        changed = replace(changed, updated_at=self.library.now())
        db.execute(
            "UPDATE highlights SET color = ?, note = ?, updated_at = ? WHERE id = ?",
            (changed.color, changed.note, changed.updated_at, found.id),
        )
        return changed, self._add_words(db, article_id, [changed.note])

    def add_quote(
        self,
        article_id: int,
        quote: str,
        *,
        prefix: str = "",
        suffix: str = "",
        near: int | None = None,
        color: str | None = None,
        note: str = "",
        created_at: str | None = None,
        updated_at: str | None = None,
        origin: str | None = None,
        selectors: list[dict] | None = None,
        keep_lost: bool = False,
    ) -> Highlight:
        """Highlight ``quote`` where it is in the article's text (see anchoring.anchor,
        ``near`` an offset hint). For scripts and imports: times (ISO 8601) and the
        service it came from are kept, and ``selectors`` (other W3C selectors, such
        as wallabag's ranges) stored as they are.

        A quote not in the text raises HighlightNotFound, unless ``keep_lost``: then it
        is kept as no longer found (an import must not drop a highlight). Raises
        ArticleNotFound, ValueError for an empty quote or an unknown colour."""
        options = {
            "prefix": prefix, "suffix": suffix, "near": near, "color": color, "note": note,
            "created_at": created_at, "updated_at": updated_at, "origin": origin,
            "selectors": selectors, "keep_lost": keep_lost,
        }  # fmt: skip
        return self._store(lambda db: self.quote_in(db, article_id, quote, **options))

    def quote_in(
        self,
        db: Database,
        article_id: int,
        quote: str,
        *,
        prefix: str = "",
        suffix: str = "",
        near: int | None = None,
        color: str | None = None,
        note: str = "",
        created_at: str | None = None,
        updated_at: str | None = None,
        origin: str | None = None,
        selectors: list[dict] | None = None,
        keep_lost: bool = False,
    ) -> tuple[Highlight, int]:
        """``add_quote`` inside the caller's write transaction (an import writing many
        articles at once): the highlight and how many words were new to the search
        dictionary (then ``library.searcher.dictionary_changed()`` after the commit)."""
        color = highlights.color_of(color)
        quote, prefix, suffix = (unicodedata.normalize("NFC", v) for v in (quote, prefix, suffix))
        created_at, updated_at = utc_time(created_at), utc_time(updated_at)
        if not quote.strip():
            raise ValueError("the quote is empty")
        text = self._text_of(db, article_id)
        wanted = anchoring.TextQuote(quote.strip(), prefix, suffix)
        given = list(selectors or [])
        placed = anchoring.anchor(text, wanted, near, None)
        if placed is None and not keep_lost:
            raise HighlightNotFound(f"the quote is not in article {article_id}'s text")
        now = self.library.now()
        if placed is None:
            start = end = None
            kept, method = wanted, anchoring.LOST
        else:
            start, end = placed.start, placed.end
            if not origin:  # a script's quote: the same passage is not stored twice
                same = self._same_passage(db, article_id, start, end, color, note)
                if same is not None:
                    return same
            # The article's words: what the reader shows marked (a quote placed
            # approximately keeps what was given as one more selector).
            described = anchoring.describe(text, start, end)
            kept = described
            method = anchoring.MADE if placed.method == anchoring.QUOTE else placed.method
            if placed.method == anchoring.FUZZY and wanted.exact != described.exact:
                given = [*given, _as_given(wanted)]
        made = Highlight(
            0, article_id, kept.exact, kept.prefix, kept.suffix, start, end, method,
            color, _clean(note), created_at or now, updated_at or created_at or now,
            origin, json.dumps(given, ensure_ascii=False) if given else None,
        )  # fmt: skip
        new_id = highlights.insert(db, made)
        return replace(made, id=new_id), self._add_words(db, article_id, [quote, note])

    # --- changing -----------------------------------------------------------------
    def update(
        self, highlight_id: int, *, note: str | None = None, color: str | None = None
    ) -> Highlight:
        """Change a highlight's note or colour. Raises HighlightNotFound, ValueError."""
        new_color = highlights.color_of(color) if color is not None else None

        def store(db: Database) -> tuple[Highlight, int]:
            found = highlights.get(db, highlight_id)
            if found is None:
                raise HighlightNotFound(f"no highlight with id {highlight_id}")
            changed = replace(
                found,
                note=found.note if note is None else _clean(note),
                color=new_color or found.color,
            )
            if changed == found:
                return found, 0
            changed = replace(changed, updated_at=self.library.now())
            db.execute(
                "UPDATE highlights SET note = ?, color = ?, updated_at = ? WHERE id = ?",
                (changed.note, changed.color, changed.updated_at, highlight_id),
            )
            return changed, self._add_words(db, found.article_id, [changed.note])

        return self._store(store)

    def delete(self, highlight_ids: Iterable[int]) -> list[Highlight]:
        """Delete highlights; returns the ones that existed, as they were, for
        ``restore`` (Undo)."""
        ids = list(highlight_ids)
        with self.library._index_errors():
            return self.db.write(lambda db: highlights.delete(db, ids))

    def restore(self, gone: Sequence[Highlight]) -> list[Highlight]:
        """Put deleted highlights back (Undo), with their ids when free, placed again in
        their article's text as it is now (a re-fetch may have changed it meanwhile).
        Those whose article is gone are skipped; returns the ones restored, as stored."""

        def store(db: Database) -> list[Highlight]:
            kept: list[Highlight] = []
            for highlight in gone:
                text = db.scalar(
                    "SELECT text FROM article_texts WHERE article_id = ?", (highlight.article_id,)
                )
                if text is None:
                    continue  # its article went meanwhile
                back = highlights.placed_again(highlight, anchoring.LooseText(text))
                # Ids are never reused (AUTOINCREMENT), so the id is free unless this
                # same highlight was put back already (Undo pressed twice).
                taken = highlights.get(db, back.id) is not None
                if not taken:
                    highlights.insert(db, back, keep_id=True)
                    kept.append(back)
            return kept

        with self.library._index_errors():
            return self.db.write(store)

    def set_article_note(self, article_id: int, note: str) -> None:
        """Set the article's own note; an empty one removes it. Raises ArticleNotFound."""
        self._store(lambda db: (None, self.article_note_in(db, article_id, note)))

    def article_note_in(self, db: Database, article_id: int, note: str) -> int:
        """``set_article_note`` inside the caller's write transaction; how many words
        were new to the search dictionary."""
        note = _clean(note)
        self._text_of(db, article_id)  # the article exists
        now = self.library.now()
        if not note:
            db.execute("DELETE FROM article_notes WHERE article_id = ?", (article_id,))
            return 0
        # Not an upsert: SQLite fires the BEFORE INSERT trigger before it meets the
        # conflict, and the index would be told twice to forget the article.
        current = highlights.note_of(db, article_id)
        if current == note:
            return 0
        if current:
            db.execute(
                "UPDATE article_notes SET note = ?, updated_at = ? WHERE article_id = ?",
                (note, now, article_id),
            )
        else:
            db.execute(
                "INSERT INTO article_notes (article_id, note, created_at, updated_at) "
                "VALUES (?, ?, ?, ?)",
                (article_id, note, now, now),
            )
        return self._add_words(db, article_id, [note])

    def counts(self, article_ids: Sequence[int]) -> dict[int, int]:
        """How many highlights each article has (articles with none left out)."""
        found: dict[int, int] = {}
        for batch, marks in in_batches(article_ids):
            for row in self.db.query(
                f"SELECT article_id, count(*) FROM highlights WHERE article_id IN ({marks}) "
                "GROUP BY article_id",
                batch,
            ):
                found[row[0]] = row[1]
        return found
