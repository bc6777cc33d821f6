"""Saved searches: a query kept under a name, listed as a view beside Unread,
Favourites and the tags (``Library.saved_searches``, schema 12).

A saved search is only its text: running it is running that query
(``Library.search_ids``), so the query language works there unchanged, and its count
is the number of articles the search lists (``Searcher.count``, which does not rank).

Names are one line, unique whatever their case (``str.casefold``: "Tromsø" and
"TROMSØ" are one name); a query is one line of words or filters the query language
reads (``query.parse``): one that reads as nothing (``"``, ``-``) is refused, as it
would list nothing. Every change is one write transaction, and every refusal one
line (SavedSearchInvalid), changing nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsreader.errors import SavedSearchInvalid, SavedSearchNotFound
from newsreader.library.db import Database
from newsreader.library.query import parse

if TYPE_CHECKING:
    from newsreader.library.library import Library

NAME_MAX = 100  # characters: a view's name in a chooser, not a sentence
QUERY_MAX = 2000  # characters: far more than any query typed in a search field

EMPTY_NAME = "a saved search needs a name"
EMPTY_QUERY = "a saved search needs a query: words or filters to search for"
# Why a name or query was refused (SavedSearchInvalid.reason).
REASONS = ("empty_name", "empty_query", "name_taken", "long_name", "long_query")


@dataclass(frozen=True)
class SavedSearch:
    """One saved search. ``position``: its place among them, from 0 (the order they
    are listed in); ``created_at``: ISO 8601 UTC."""

    id: int
    name: str
    query: str
    position: int
    created_at: str


def clean_name(name: str) -> str:
    """``name`` as stored: one line, white space runs as one space, no control
    characters. SavedSearchInvalid when nothing is left or it is too long."""
    cleaned = " ".join("".join(c if c.isprintable() else " " for c in name).split())
    if not cleaned:
        raise SavedSearchInvalid(EMPTY_NAME, "empty_name")
    if len(cleaned) > NAME_MAX:
        raise SavedSearchInvalid(
            f"a saved search's name is at most {NAME_MAX} characters", "long_name"
        )
    return cleaned


def clean_query(query: str) -> str:
    """``query`` as stored: one line without control characters, trimmed (spaces
    inside are kept: nothing in the query language depends on them, and a phrase is
    shown as typed). SavedSearchInvalid when it reads as nothing or is too long."""
    cleaned = "".join(c if c.isprintable() else " " for c in query).strip()
    if not cleaned or parse(cleaned).empty:
        raise SavedSearchInvalid(EMPTY_QUERY, "empty_query")
    if len(cleaned) > QUERY_MAX:
        raise SavedSearchInvalid(
            f"a saved search's query is at most {QUERY_MAX} characters", "long_query"
        )
    return cleaned


def narrowed(query: str, typed: str) -> str:
    """A saved search's ``query`` narrowed by the words ``typed`` (the window's search
    field, ``search --saved NAME WORDS…``): both, as one query (its groups must all
    match: query.py). A quote the saved query leaves open is closed first, so the typed
    words stay words of their own."""
    typed = typed.strip()
    if not typed:
        return query
    if query.count('"') % 2:
        query += '"'
    return f"{query} {typed}"


def _from_row(row) -> SavedSearch:
    return SavedSearch(row["id"], row["name"], row["query"], row["position"], row["created_at"])


_COLUMNS = "id, name, query, position, created_at"


class SavedSearches:
    """The saved searches of one library."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.db = library.db

    # --- reading ------------------------------------------------------------------
    def all(self) -> list[SavedSearch]:
        """Every saved search, in their order (``position``, then as made)."""
        rows = self.db.query(f"SELECT {_COLUMNS} FROM saved_searches ORDER BY position, id")
        return [_from_row(row) for row in rows]

    def get(self, search_id: int) -> SavedSearch:
        """Raises SavedSearchNotFound."""
        row = self.db.query_one(f"SELECT {_COLUMNS} FROM saved_searches WHERE id = ?", (search_id,))
        if row is None:
            raise SavedSearchNotFound(f"no saved search with id {search_id}")
        return _from_row(row)

    def named(self, name: str) -> SavedSearch:
        """The saved search called ``name`` (whatever its case). Raises
        SavedSearchNotFound, naming the saved searches there are."""
        key = " ".join(name.split()).casefold()
        searches = self.all()
        for search in searches:
            if search.name.casefold() == key:
                return search
        known = ", ".join(f"'{s.name}'" for s in searches)
        there = f" (there are {known})" if known else " (there are none)"
        raise SavedSearchNotFound(f"no saved search named '{' '.join(name.split())}'{there}")

    def count(self, search: SavedSearch) -> int:
        """How many articles ``search`` lists now (see ``Searcher.count``)."""
        with self.library._index_errors():
            return self.library.searcher.count(search.query)

    def with_counts(self) -> list[tuple[SavedSearch, int]]:
        """Every saved search with its count, in their order. A few milliseconds each
        on a small library, up to tens on 100,000 articles: the window reads them off
        its GUI thread."""
        return [(search, self.count(search)) for search in self.all()]

    # --- changing -----------------------------------------------------------------
    @staticmethod
    def _check_free(db: Database, name: str, other_than: int | None = None) -> None:
        key = name.casefold()
        for row in db.query("SELECT id, name FROM saved_searches"):
            if row["id"] != other_than and row["name"].casefold() == key:
                raise SavedSearchInvalid(
                    f"there is a saved search named '{row['name']}' already", "name_taken"
                )

    def add(self, name: str, query: str) -> SavedSearch:
        """Save ``query`` as ``name``, last in the order. Raises SavedSearchInvalid
        (an empty name or query, a name taken) and LibraryError (locked, read-only)."""
        name, query = clean_name(name), clean_query(query)

        def insert(db: Database) -> int:
            self._check_free(db, name)
            position = db.scalar("SELECT coalesce(max(position) + 1, 0) FROM saved_searches")
            return db.execute(
                "INSERT INTO saved_searches (name, query, position, created_at) "
                "VALUES (?, ?, ?, ?)",
                (name, query, position, self.library.now()),
            ).lastrowid

        return self.get(self.db.write(insert))

    def merge(self, searches: Iterable[tuple[str, str]]) -> int:
        """Add the (name, query) pairs whose name is not taken (an import): a saved
        search of that name already here is kept as it is; a pair that is not a valid
        saved search is left out. Returns how many were added; one transaction."""
        pairs = []
        for name, query in searches:
            try:
                pairs.append((clean_name(name), clean_query(query)))
            except SavedSearchInvalid:
                continue

        def insert(db: Database) -> int:
            taken = {row[0].casefold() for row in db.query("SELECT name FROM saved_searches")}
            position = db.scalar("SELECT coalesce(max(position) + 1, 0) FROM saved_searches")
            added = 0
            for name, query in pairs:
                if name.casefold() in taken:
                    continue
                taken.add(name.casefold())
                db.execute(
                    "INSERT INTO saved_searches (name, query, position, created_at) "
                    "VALUES (?, ?, ?, ?)",
                    (name, query, position + added, self.library.now()),
                )
                added += 1
            return added

        return self.db.write(insert) if pairs else 0

    def _change(self, search_id: int, sql: str, params: tuple, check=None) -> SavedSearch:
        def update(db: Database) -> None:
            if check is not None:
                check(db)
            if db.execute(sql, (*params, search_id)).rowcount == 0:
                raise SavedSearchNotFound(f"no saved search with id {search_id}")

        self.db.write(update)
        return self.get(search_id)

    def rename(self, search_id: int, name: str) -> SavedSearch:
        """Call the saved search ``name`` (its case may change). Raises
        SavedSearchInvalid, SavedSearchNotFound."""
        name = clean_name(name)
        return self._change(
            search_id,
            "UPDATE saved_searches SET name = ? WHERE id = ?",
            (name,),
            lambda db: self._check_free(db, name, other_than=search_id),
        )

    def set_query(self, search_id: int, query: str) -> SavedSearch:
        """Make the saved search find ``query``. Raises SavedSearchInvalid,
        SavedSearchNotFound."""
        query = clean_query(query)
        return self._change(search_id, "UPDATE saved_searches SET query = ? WHERE id = ?", (query,))

    def move(self, search_id: int, position: int) -> list[SavedSearch]:
        """Put the saved search at ``position`` (0 first; beyond the end is last),
        the others keeping their order; returns them all in the new order. Raises
        SavedSearchNotFound."""

        def reorder(db: Database) -> None:
            ids = [
                row[0] for row in db.query("SELECT id FROM saved_searches ORDER BY position, id")
            ]
            if search_id not in ids:
                raise SavedSearchNotFound(f"no saved search with id {search_id}")
            ids.remove(search_id)
            ids.insert(max(0, min(position, len(ids))), search_id)
            db.executemany(
                "UPDATE saved_searches SET position = ? WHERE id = ?",
                [(place, i) for place, i in enumerate(ids)],
            )

        self.db.write(reorder)
        return self.all()

    def remove(self, search_id: int) -> None:
        """Delete the saved search (the articles it lists are not touched). Raises
        SavedSearchNotFound."""

        def delete(db: Database) -> None:
            if db.execute("DELETE FROM saved_searches WHERE id = ?", (search_id,)).rowcount == 0:
                raise SavedSearchNotFound(f"no saved search with id {search_id}")

        self.db.write(delete)
