"""The library: one SQLite database plus a folder of files, behind one object.

Everything that reads or changes saved articles goes through ``Library``; the
CLI and the window never touch SQL or the files directly.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from newsreader import languages
from newsreader.errors import (
    ArticleNotFound,
    Cancelled,
    LibraryDamaged,
    LibraryError,
    LibraryLocked,
    NotALibrary,
    SearchIndexDamaged,
)
from newsreader.library import consistency, failed_saves, files, highlights, search_index
from newsreader.library.db import (
    CancelCheck,
    Database,
    in_batches,
    raise_if_cancelled,
    translate_os_error,
)
from newsreader.library.failed_saves import FailedSave
from newsreader.library.models import (
    STATES,
    Article,
    ArticleSummary,
    CheckReport,
    SaveOutcome,
    SearchHit,
    StoredImage,
)
from newsreader.library.notebook import Notebook
from newsreader.library.saved_searches import SavedSearches
from newsreader.library.schema import MIGRATIONS
from newsreader.library.search import Searcher, matched_in
from newsreader.library.suggest import Suggester, Suggestion
from newsreader.paths import LibraryPaths

log = logging.getLogger(__name__)

ORPHAN_GRACE_SECONDS = consistency.ORPHAN_GRACE_SECONDS


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ImageFile:
    """An image as the capture pipeline hands it to the library."""

    position: int
    url: str
    name: str | None  # library-relative file name; None if the download failed
    data: bytes | None  # bytes to store under ``name``; None if already stored
    mime: str | None = None
    width: int | None = None
    height: int | None = None
    alt: str = ""
    caption: str = ""
    is_lead: bool = False
    error: str | None = None
    size: int | None = None  # bytes; defaults to len(data)

    def __post_init__(self) -> None:
        if self.size is None and self.data is not None:
            object.__setattr__(self, "size", len(self.data))


@dataclass(frozen=True)
class ArticleContent:
    """Everything the capture pipeline produced for one page, ready to store."""

    url: str
    final_url: str
    title: str
    content_html: str
    text: str
    word_count: int
    reading_minutes: int
    url_keys: tuple[str, ...]  # keys of the URLs the page was reached by: proof of identity
    canonical_url: str | None = None
    canonical_key: str | None = None  # the page's own claim: weaker, see Library._match
    author: str | None = None
    site: str | None = None
    description: str | None = None
    language: str | None = None
    published: str | None = None
    updated: str | None = None
    partial: bool = False
    paywall: str | None = None
    direction: str | None = None  # "rtl", or None for left to right
    unrefined: str | None = None  # why the copy is trafilatura's alone, if it is
    lead_image_url: str | None = None
    raw: bytes | None = None  # the page as downloaded; None to keep the stored one
    raw_encoding: str | None = None
    images: tuple[ImageFile, ...] = field(default_factory=tuple)


_SUMMARY_COLUMNS = """
    a.id, a.url, a.title, a.site, a.author, a.published, a.language, a.saved_at,
    a.word_count, a.reading_minutes, a.state, a.favorite, a.read_at, a.partial, a.paywall,
    a.progress, a.fetch_state, a.fetch_error,
    (SELECT group_concat(t.name, char(31)) FROM article_tags at JOIN tags t ON t.id = at.tag_id
     WHERE at.article_id = a.id) AS tag_list
"""

_ORDERS = {
    "saved": "a.saved_at DESC, a.id DESC",
    "published": "a.published IS NULL, a.published DESC, a.saved_at DESC",
    "title": "a.title COLLATE NOCASE, a.id",
    "site": "a.site IS NULL, a.site COLLATE NOCASE, a.saved_at DESC",
}


def _composed(content: ArticleContent) -> ArticleContent:
    """The content with its text in composed form (NFC): é as one character, as the
    search index and the reader's highlighting expect; a page may spell it as e and a
    combining accent."""
    fields = ("title", "author", "site", "description", "text", "content_html")
    changes = {
        name: unicodedata.normalize("NFC", value)
        for name in fields
        if isinstance(value := getattr(content, name), str)
        and not unicodedata.is_normalized("NFC", value)
    }
    return replace(content, **changes) if changes else content


# A link-only article's fields (an import file's) that a page without them keeps.
_FILE_FIELDS = ("author", "site", "description", "published", "language")


def _keep_the_files_fields(fields: dict, row, content: ArticleContent) -> None:
    """A link-only article getting its page (``row`` as stored, ``fields`` the page's):
    whatever the page does not say stays as the import file gave it, and so does the
    title when the page has none of its own (only its address)."""
    for name in _FILE_FIELDS:
        if not fields[name] and row[name]:
            fields[name] = row[name]
            if name == "language":
                fields["direction"] = languages.direction(row[name], fields["direction"])
    title = " ".join((fields["title"] or "").split())
    if row["title"] and (not title or title in (content.url, content.final_url)):
        fields["title"] = row["title"]


def _tags(value: str | None) -> tuple[str, ...]:
    return tuple(sorted(value.split("\x1f"), key=str.casefold)) if value else ()


def _writable(path: Path) -> bool:
    # os.access asks the kernel, so a read-only mount answers False even for root.
    return os.access(path, os.W_OK)


class Library:
    """A library folder. Safe to share between threads; each uses its own connection.

    ``create``: make the folder and database if there is none (else LibraryError).
    ``busy_timeout``: seconds a write waits in all for another program's write lock
    before LibraryLocked (default db.WRITE_DEADLINE, 60 s; see db.py); adjustable later
    as ``library.db.busy_timeout``. ``read_only``: open for reading only; by default
    chosen when the database or its folder cannot be written, and then every change
    raises LibraryReadOnly while listing, reading and searching work.

    Raises NotALibrary, changing nothing, when the folder's database is not
    newsreader's (identity.py), and SchemaTooNew when a newer newsreader wrote it.
    """

    def __init__(
        self,
        root: Path,
        create: bool = True,
        *,
        busy_timeout: float | None = None,
        read_only: bool | None = None,
    ) -> None:
        self.paths = LibraryPaths(Path(root))
        root = self.paths.root
        database = self.paths.database
        if root.exists() and not root.is_dir():
            raise NotALibrary(f"{root} is a file, not a library folder")
        exists = database.exists() or database.is_symlink()
        if not create and not exists:
            raise LibraryError(f"no library at {root} (saving an article creates one)")
        if read_only is None:
            read_only = exists and not (_writable(database) and _writable(root))
        if not exists:
            self._create_folders()  # the database is made inside it
        self.db = Database(database, MIGRATIONS, busy_timeout=busy_timeout, read_only=read_only)
        if not self.db.read_only:
            try:
                self._create_folders()
            except LibraryError:
                self.db.close()
                raise
        self.searcher = Searcher(self.db)
        self.suggester = Suggester(self.searcher)
        self.notebook = Notebook(self)
        self.saved_searches = SavedSearches(self)

    # The time every change is stamped with (ISO 8601, UTC, seconds).
    now = staticmethod(utc_now)

    def _create_folders(self) -> None:
        try:
            self.paths.create()
        except OSError as exc:
            raise translate_os_error(exc, self.paths.root) from exc

    @property
    def read_only(self) -> bool:
        """Whether the library was opened for reading only."""
        return self.db.read_only

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- saving -------------------------------------------------------------
    def find_by_url_keys(self, keys: Iterable[str]) -> int | None:
        for key in keys:
            found = self.db.scalar("SELECT article_id FROM article_urls WHERE key = ?", (key,))
            if found is not None:
                return int(found)
        return None

    def _write_files(
        self, content: ArticleContent, raw_name: str | None, only_missing: bool = False
    ) -> None:
        try:
            raw_present = raw_name is not None and self.paths.resolve(raw_name).is_file()
            if content.raw is not None and raw_name and not (only_missing and raw_present):
                files.write_atomic(self.paths, raw_name, files.compress_raw(content.raw))
            for image in content.images:
                if not image.name:
                    continue
                present = self.paths.resolve(image.name).is_file()
                if image.data is not None and not (only_missing and present):
                    files.write_atomic(self.paths, image.name, image.data)
                elif image.data is None and not present:
                    raise LibraryError(f"image file {image.name} is missing from the library")
        except OSError as exc:  # disk full, permissions, a read-only medium
            raise translate_os_error(exc, self.paths.root) from exc

    def _match(self, content: ArticleContent) -> int | None:
        found = self.find_by_url_keys(content.url_keys)
        if found is None and content.canonical_key:
            # A canonical URL alone is weak evidence (some sites give every page the
            # same one): merge only with an article of the same title.
            found = self.find_by_url_keys([content.canonical_key])
            title = self.db.scalar("SELECT title FROM articles WHERE id = ?", (found,))
            if found is not None and title != content.title:
                found = None
        return found

    def save(
        self,
        content: ArticleContent,
        tags: Sequence[str] = (),
        article_id: int | None = None,
        expect_raw_file: str | None = None,
        cancelled: CancelCheck | None = None,
    ) -> SaveOutcome:
        """Store a captured article, or update the one already saved under its URLs.

        Files are written first and the row naming them committed after, so a crash
        in between leaves at worst an unreferenced file (``check`` finds it), never a
        row pointing at nothing. State, favourite, tags and reading progress of an
        updated article are kept. With ``expect_raw_file``, the update is refused if
        the article's stored page changed meanwhile (a concurrent re-fetch).

        ``cancelled`` (a callable, e.g. a save's cancel switch) is asked while waiting
        for the write lock (db.Database.write): once it answers True before the
        transaction began, Cancelled is raised and no row is written (files already
        written stay unreferenced until ``check`` removes them).
        """
        self.db.require_writable()
        raise_if_cancelled(cancelled)
        now = utc_now()
        content = _composed(content)
        # Hashing a page is not free: name it once for both passes and the row.
        raw_name = files.raw_name(content.raw) if content.raw is not None else None
        self._write_files(content, raw_name)  # the slow part, outside the write lock

        def store(db: Database) -> tuple[int, bool, int, set[str]]:
            # Files are only ever removed under the write lock, which this transaction
            # now holds; one may have gone between the write above and here, though
            # (content-addressed files are shared), so make sure again.
            self._write_files(content, raw_name, only_missing=True)
            existing = article_id or self._match(content)
            if existing is not None:
                row = db.query_one(
                    "SELECT raw_file, fetch_state, title, author, site, description, "
                    "published, language FROM articles WHERE id = ?",
                    (existing,),
                )
                if row is None:
                    raise ArticleNotFound(f"no article with id {existing}")
                if expect_raw_file is not None and row["raw_file"] != expect_raw_file:
                    raise LibraryError(
                        f"article {existing} was re-fetched meanwhile; nothing was changed"
                    )
            old_files = self._files_of(existing) if existing else set()
            fields = {
                "url": content.url,
                "final_url": content.final_url,
                "canonical_url": content.canonical_url,
                "title": content.title,
                "author": content.author,
                "site": content.site,
                "description": content.description,
                "language": languages.normalise(content.language),
                "published": content.published,
                "updated": content.updated,
                "partial": int(content.partial),
                "paywall": content.paywall,
                "direction": content.direction,
                "unrefined": content.unrefined,
                "lead_image_url": content.lead_image_url,
                "host": search_index.host_of(content.final_url),
                "word_count": content.word_count,
                "reading_minutes": content.reading_minutes,
                "updated_at": now,
                # Real content: the article is no longer a link only (schema 8).
                "fetch_state": None,
                "fetch_error": None,
            }
            if existing and row["fetch_state"] is not None:
                _keep_the_files_fields(fields, row, content)
            if raw_name is not None:
                fields["raw_file"] = raw_name
                fields["raw_encoding"] = content.raw_encoding
            if existing:
                # The text row goes first, taking the article out of the index (its
                # trigger, schema 10); the row, images and tags then change with no
                # article in the index to keep in step, and the new text puts it back
                # once, rather than once per change.
                db.execute("DELETE FROM article_texts WHERE article_id = ?", (existing,))
                # The URL the person first saved stays the article's URL.
                fields.pop("url")
                assignments = ", ".join(f"{name} = :{name}" for name in fields)
                db.execute(
                    f"UPDATE articles SET {assignments} WHERE id = :id",
                    {**fields, "id": existing},
                )
                new_id, created = existing, False
                db.execute("DELETE FROM images WHERE article_id = ?", (new_id,))
            else:
                fields["saved_at"] = now
                names = ", ".join(fields)
                values = ", ".join(f":{name}" for name in fields)
                cursor = db.execute(f"INSERT INTO articles ({names}) VALUES ({values})", fields)
                new_id, created = int(cursor.lastrowid), True
            db.executemany(
                """INSERT INTO images (article_id, position, url, file, mime, width, height,
                                       size, alt, caption, is_lead, error)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    (
                        new_id,
                        image.position,
                        image.url,
                        image.name,
                        image.mime,
                        image.width,
                        image.height,
                        image.size,
                        image.alt,
                        image.caption,
                        int(image.is_lead),
                        image.error,
                    )
                    for image in content.images
                ],
            )
            tag_names = self._add_tags(new_id, tags)
            # The trigger on this insert indexes the article, in this transaction.
            db.execute(
                "INSERT INTO article_texts (article_id, content_html, text) VALUES (?, ?, ?)",
                (new_id, content.content_html, content.text),
            )
            if not created:
                # A re-fetch or reextract changes the text: every highlight is placed
                # in the new one, or kept as no longer found (anchoring.py).
                highlights.reanchor(db, new_id, content.text)
            new_words = search_index.add_terms(
                db,
                fields["language"],
                (
                    # The row's values: a link only keeps the file's where the page has
                    # none (_keep_the_files_fields), and those are what the index holds.
                    fields["title"],
                    fields["author"],
                    fields["site"],
                    fields["host"],
                    content.text,
                    *(image.caption for image in content.images),
                    *(image.alt for image in content.images),
                    *tag_names,
                ),
            )
            keys = [*content.url_keys, *([content.canonical_key] if content.canonical_key else [])]
            db.executemany(
                "INSERT OR IGNORE INTO article_urls (key, article_id) VALUES (?, ?)",
                [(key, new_id) for key in keys],
            )
            # Failures of any address the article is known by are over (any path saves
            # through here: the window, add, import, another process).
            failed_saves.clear_saved(db, new_id)
            return new_id, created, new_words, old_files

        with self._index_errors():
            new_id, created, new_words, old_files = self.db.write(store, cancelled)
        if new_words:
            self.searcher.dictionary_changed()
        self._remove_unused(old_files, cancelled)
        return SaveOutcome(new_id, created)

    def _files_of(self, article_id: int) -> set[str]:
        names = {
            row[0]
            for row in self.db.query(
                "SELECT file FROM images WHERE article_id = ? AND file IS NOT NULL", (article_id,)
            )
        }
        raw = self.db.scalar("SELECT raw_file FROM articles WHERE id = ?", (article_id,))
        if raw:
            names.add(raw)
        return names

    def _is_referenced(self, name: str) -> bool:
        return bool(
            self.db.scalar(
                "SELECT EXISTS (SELECT 1 FROM images WHERE file = ?) "
                "OR EXISTS (SELECT 1 FROM articles WHERE raw_file = ?)",
                (name, name),
            )
        )

    def _remove_unused(self, names: Iterable[str], cancelled: CancelCheck | None = None) -> None:
        names = list(names)
        if not names:
            return

        # Under the write lock, so that no save (in this process or another) can be
        # committing a row that names one of these files while it is removed.
        def remove(db: Database) -> None:
            for name in names:
                if not self._is_referenced(name):
                    files.remove(self.paths, name)

        try:
            self.db.write(remove, cancelled)
        except (LibraryLocked, Cancelled):
            # The change itself is committed; the files stay as orphans for check.
            log.warning("could not remove %d unused file(s): the library is busy", len(names))

    # --- failed saves (failed_saves.py) -------------------------------------
    def record_failed_save(self, url: str, kind: str, message: str) -> FailedSave | None:
        """Record that saving ``url`` failed (``kind`` one of failed_saves.KINDS, the
        one-line ``message``), or count one more attempt of a failure recorded under
        the same url_key. Stored without user name and password. None when an article
        is saved under that key already. Raises LibraryError (read-only, locked...)."""
        return self.db.write(lambda db: failed_saves.record(db, url, kind, message, utc_now()))

    def failed_saves(self) -> list[FailedSave]:
        """The recorded failures, oldest first: one small read, no write lock."""
        return failed_saves.listing(self.db)

    def dismiss_failed_saves(self, urls: Iterable[str]) -> int:
        """Forget the recorded failures of ``urls`` (any form of each); how many."""
        urls = list(urls)
        return self.db.write(lambda db: failed_saves.dismiss(db, urls))

    # --- tags and state -----------------------------------------------------
    def _add_tags(self, article_id: int, tags: Iterable[str]) -> list[str]:
        """Tag the article (blank tags ignored, names stripped); the names, whose words
        the caller puts in the search dictionary (``_add_tag_words``)."""
        names = sorted({t.strip() for t in tags if t and t.strip()})
        for tag in names:
            self.db.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (tag,))
            self.db.execute(
                "INSERT OR IGNORE INTO article_tags (article_id, tag_id) "
                "SELECT ?, id FROM tags WHERE name = ?",
                (article_id, tag),
            )
        return names

    def _add_tag_words(self, db: Database, article_ids: Sequence[int], names: Sequence[str]) -> int:
        """Put the words of tags ``names`` in the search dictionary, under the languages of
        the articles they were given to (schema 10 indexes tags). New words, counted."""
        if not names:
            return 0
        in_languages: set[str | None] = set()
        for batch, marks in in_batches(article_ids):
            in_languages.update(
                row[0]
                for row in db.query(
                    f"SELECT DISTINCT language FROM articles WHERE id IN ({marks})", batch
                )
            )
        return sum(search_index.add_terms(db, language, names) for language in in_languages)

    def _tagged(self, write: Callable[[Database], int]) -> None:
        """Run ``write`` (which returns how many new words it put in the dictionary) in a
        write transaction: tags are in the search index (schema 10)."""
        with self._index_errors():
            new_words = self.db.write(write)
        if new_words:
            self.searcher.dictionary_changed()

    def _require(self, article_id: int) -> None:
        if self.db.scalar("SELECT 1 FROM articles WHERE id = ?", (article_id,)) is None:
            raise ArticleNotFound(f"no article with id {article_id}")

    def add_tags(self, article_id: int, tags: Iterable[str]) -> None:
        tags = list(tags)

        def add(db: Database) -> int:
            self._require(article_id)
            return self._add_tag_words(db, [article_id], self._add_tags(article_id, tags))

        self._tagged(add)

    def set_tags(self, article_id: int, tags: Iterable[str]) -> None:
        tags = list(tags)

        def replace_tags(db: Database) -> int:
            self._require(article_id)
            db.execute("DELETE FROM article_tags WHERE article_id = ?", (article_id,))
            names = self._add_tags(article_id, tags)
            db.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags)")
            return self._add_tag_words(db, [article_id], names)

        self._tagged(replace_tags)

    def _update(self, article_id: int, sql: str, params: tuple) -> None:
        def update(db: Database) -> None:
            if db.execute(sql, (*params, article_id)).rowcount == 0:
                raise ArticleNotFound(f"no article with id {article_id}")

        self.db.write(update)

    def set_state(self, article_id: int, state: str) -> None:
        if state not in STATES:
            raise ValueError(f"unknown state {state!r}")
        self._update(article_id, "UPDATE articles SET state = ? WHERE id = ?", (state,))

    def set_favorite(self, article_id: int, favorite: bool) -> None:
        self._update(article_id, "UPDATE articles SET favorite = ? WHERE id = ?", (int(favorite),))

    def mark_read(self, article_id: int, read: bool = True) -> None:
        self._update(
            article_id,
            "UPDATE articles SET read_at = ? WHERE id = ?",
            (utc_now() if read else None,),
        )

    def set_progress(self, article_id: int, progress: float) -> None:
        progress = min(1.0, max(0.0, float(progress)))
        self._update(article_id, "UPDATE articles SET progress = ? WHERE id = ?", (progress,))

    def all_tags(self) -> list[str]:
        return [
            row[0] for row in self.db.query("SELECT name FROM tags ORDER BY name COLLATE NOCASE")
        ]

    # --- reading ------------------------------------------------------------
    def _summary(self, row) -> ArticleSummary:
        return ArticleSummary(
            id=row["id"],
            url=row["url"],
            title=row["title"],
            site=row["site"],
            author=row["author"],
            published=row["published"],
            language=row["language"],
            saved_at=row["saved_at"],
            word_count=row["word_count"],
            reading_minutes=row["reading_minutes"],
            state=row["state"],
            favorite=bool(row["favorite"]),
            read_at=row["read_at"],
            tags=_tags(row["tag_list"]),
            partial=bool(row["partial"]),
            paywall=row["paywall"],
            progress=row["progress"],
            fetch_state=row["fetch_state"],
            fetch_error=row["fetch_error"],
        )

    def get(self, article_id: int) -> Article:
        row = self.db.query_one(
            f"SELECT {_SUMMARY_COLUMNS}, a.*, t.content_html, t.text FROM articles a "
            "JOIN article_texts t ON t.article_id = a.id WHERE a.id = ?",
            (article_id,),
        )
        if row is None:
            raise ArticleNotFound(f"no article with id {article_id}")
        summary = self._summary(row)
        return Article(
            **summary.__dict__,
            final_url=row["final_url"],
            canonical_url=row["canonical_url"],
            description=row["description"],
            lead_image_url=row["lead_image_url"],
            updated=row["updated"],
            direction=row["direction"],
            unrefined=row["unrefined"],
            content_html=row["content_html"],
            text=row["text"],
            updated_at=row["updated_at"],
            raw_file=row["raw_file"],
            images=self.images(article_id),
        )

    def images(self, article_id: int) -> tuple[StoredImage, ...]:
        rows = self.db.query(
            "SELECT * FROM images WHERE article_id = ? ORDER BY position", (article_id,)
        )
        return tuple(
            StoredImage(
                position=row["position"],
                url=row["url"],
                file=self.paths.resolve(row["file"]) if row["file"] else None,
                mime=row["mime"],
                width=row["width"],
                height=row["height"],
                alt=row["alt"],
                caption=row["caption"],
                is_lead=bool(row["is_lead"]),
                error=row["error"],
                size=row["size"],
                name=row["file"],
            )
            for row in rows
        )

    def _where(self, state: str, tag: str | None, favorite: bool | None) -> tuple[str, list]:
        clauses, params = [], []
        if state != "all":
            if state not in STATES:
                raise ValueError(f"unknown state {state!r}")
            clauses.append("a.state = ?")
            params.append(state)
        if favorite is not None:
            clauses.append("a.favorite = ?")
            params.append(int(favorite))
        if tag:
            clauses.append(
                "a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t "
                "ON t.id = at.tag_id WHERE t.name = ?)"
            )
            params.append(tag)
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    def list(
        self,
        state: str = "unread",
        *,
        tag: str | None = None,
        favorite: bool | None = None,
        order: str = "saved",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ArticleSummary]:
        ids = self.list_ids(
            state, tag=tag, favorite=favorite, order=order, limit=limit, offset=offset
        )
        return self.summaries(ids)

    def list_ids(
        self,
        state: str = "unread",
        *,
        tag: str | None = None,
        favorite: bool | None = None,
        order: str = "saved",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[int]:
        """The ids of the listed articles, in order: cheap enough for 100,000 rows, so a
        view can hold the whole order and load summaries only for what it shows."""
        if order not in _ORDERS:
            raise ValueError(f"unknown order {order!r}")
        where, params = self._where(state, tag, favorite)
        rows = self.db.query(
            f"SELECT a.id FROM articles a {where} ORDER BY {_ORDERS[order]} LIMIT ? OFFSET ?",
            (*params, -1 if limit is None else limit, offset),
        )
        return [row[0] for row in rows]

    def summaries(self, article_ids: Sequence[int]) -> list[ArticleSummary]:
        """Summaries of the given articles, in the given order; unknown ids are skipped."""
        found: dict[int, ArticleSummary] = {}
        for batch, marks in in_batches(article_ids):
            for row in self.db.query(
                f"SELECT {_SUMMARY_COLUMNS} FROM articles a WHERE a.id IN ({marks})", batch
            ):
                found[row["id"]] = self._summary(row)
        return [found[i] for i in article_ids if i in found]

    def in_view(
        self, article_id: int, state: str, *, tag: str | None = None, favorite: bool | None = None
    ) -> bool:
        """Whether ``list_ids`` with these filters would list the article (by the same
        SQL, so a view and its updates agree on what belongs)."""
        where, params = self._where(state, tag, favorite)
        where = f"{where} AND a.id = ?" if where else "WHERE a.id = ?"
        return bool(
            self.db.scalar(
                f"SELECT EXISTS (SELECT 1 FROM articles a {where})", (*params, article_id)
            )
        )

    def count(
        self, state: str = "all", *, tag: str | None = None, favorite: bool | None = None
    ) -> int:
        where, params = self._where(state, tag, favorite)
        return int(self.db.scalar(f"SELECT count(*) FROM articles a {where}", params))

    def raw_page(self, article_id: int) -> tuple[bytes, str | None]:
        """The page as it was downloaded, and the charset it was read with."""
        row = self.db.query_one(
            "SELECT raw_file, raw_encoding FROM articles WHERE id = ?", (article_id,)
        )
        if row is None:
            raise ArticleNotFound(f"no article with id {article_id}")
        if not row["raw_file"]:
            raise LibraryError(f"article {article_id} has no stored page to re-extract from")
        try:
            return files.read_raw(self.paths, row["raw_file"]), row["raw_encoding"]
        except (OSError, EOFError, zlib.error) as exc:
            raise LibraryError(
                f"the stored page of article {article_id} is missing or damaged "
                f"({row['raw_file']}); run 'newsreader check'"
            ) from exc

    def data_version(self) -> int:
        """A number that changes whenever another connection (another process, or
        another thread of this one) has committed to the library since this thread's
        connection last asked; its own commits leave it unchanged. SQLite's ``PRAGMA
        data_version`` (sqlite.org/pragma.html#pragma_data_version): a read of the
        shared-memory index, which never waits for a writer in WAL mode."""
        return int(self.db.scalar("PRAGMA data_version"))

    def titles_version(self) -> tuple[int, int, str, int]:
        """Changes when titles do: (number of articles, highest id, latest
        ``updated_at``, total length of the titles). Titles are only written by
        ``save`` (which sets ``updated_at``, to the second) and go with ``delete``
        (count or highest id change); a title replaced by one of the same length in
        the same second as the last look goes unnoticed until the next change. One
        row from SQLite, so the window sees that its collated Title order still holds
        without reading 100,000 titles."""
        row = self.db.query_one(
            "SELECT count(*), coalesce(max(id), 0), coalesce(max(updated_at), ''),"
            " coalesce(sum(length(title)), 0) FROM articles"
        )
        return (int(row[0]), int(row[1]), str(row[2]), int(row[3]))

    def copy_version(self, article_id: int) -> tuple | None:
        """What tells one stored copy of an article from the next: (updated_at, raw_file,
        word_count, length of its text), or None if there is no such article. A cheap
        way to tell whether the copy shown is still the stored one (``updated_at`` is
        to the second; a re-fetch in the same second changes the others)."""
        row = self.db.query_one(
            "SELECT a.updated_at, a.raw_file, a.word_count, length(t.text) FROM articles a "
            "JOIN article_texts t ON t.article_id = a.id WHERE a.id = ?",
            (article_id,),
        )
        return tuple(row) if row is not None else None

    def titles(self) -> dict[int, str]:
        """Every article's title by id, in one query (for sorting a whole view by a
        collation the core cannot hold, such as the window's locale-aware one)."""
        return {row[0]: row[1] for row in self.db.query("SELECT id, title FROM articles")}

    def link_only_ids(self) -> list[int]:
        """Ids of the articles that are links only (``fetch_state`` 'queued' or
        'failed': imported without their text, or their page could not be fetched),
        oldest first: what "retry all" fetches."""
        return [
            row[0]
            for row in self.db.query(
                "SELECT id FROM articles WHERE fetch_state IS NOT NULL ORDER BY id"
            )
        ]

    def set_fetch_failed(self, article_id: int, reason: str) -> None:
        """Mark a link-only article as failed to fetch, with the one-line ``reason``.
        An article that has its content meanwhile (saved by something else) is left
        alone. Raises ArticleNotFound."""
        reason = " ".join(reason.split())[:500]

        def update(db: Database) -> None:
            self._require(article_id)
            db.execute(
                "UPDATE articles SET fetch_state = 'failed', fetch_error = ? "
                "WHERE id = ? AND fetch_state IS NOT NULL",
                (reason, article_id),
            )

        self.db.write(update)

    def ids(self) -> list[int]:
        return [row[0] for row in self.db.query("SELECT id FROM articles ORDER BY id")]

    # --- search -------------------------------------------------------------
    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Articles matching ``query`` (see query.py for the language), best first,
        with snippets."""
        ranked = self.search_ids(query, limit=limit, offset=offset)
        ids = [article_id for article_id, _ in ranked]
        snippets = self.snippets(query, ids)
        by_id = {summary.id: summary for summary in self.summaries(ids)}
        return [
            SearchHit(by_id[i], snippet, rank, source)
            for i, rank in ranked
            if i in by_id
            for source, snippet in [matched_in(snippets.get(i, ""))]
        ]

    def search_ids(
        self, query: str, *, limit: int | None = None, offset: int = 0
    ) -> list[tuple[int, float]]:
        """(id, rank) of the matching articles, best first.

        Ranking needs no snippets, so a view can rank every match at once and ask for
        snippets only for the rows it shows.
        """
        with self._index_errors():
            return self.searcher.ranked(query, limit, offset)

    def snippets(self, query: str, article_ids: Sequence[int]) -> dict[int, str]:
        """The best matching passage of each article, matched words between
        MATCH_START and MATCH_END; one from the reader's notes starts with where it
        was found (search.matched_in splits it off)."""
        with self._index_errors():
            return self.searcher.snippets(query, article_ids)

    def suggest(self, query: str, found: int | None = None) -> Suggestion | None:
        """What to offer when ``query`` finds fewer than suggest.FEW articles ("did you
        mean"): the query with its words that find little replaced by close words of
        the library that find far more, or None. ``found``: how many articles the search
        found, when known (else counted). Never changes what ``search`` finds."""
        with self._index_errors():
            return self.suggester.suggest(query, found)

    @contextmanager
    def _index_errors(self) -> Iterator[None]:
        """An error met while the full-text index was read or changed becomes
        SearchIndexDamaged when the index is what is damaged."""
        try:
            yield
        except LibraryError as exc:
            # Only SQLite's own errors of no known kind, or its "corrupt", (not busy,
            # read-only, full, a missing article) can come from a damaged index;
            # checking is not free.
            if (
                type(exc) in (LibraryError, LibraryDamaged)
                and isinstance(exc.__cause__, sqlite3.Error)
                and search_index.is_damaged(self.db)
            ):
                raise SearchIndexDamaged(search_index.DAMAGED) from exc
            raise
        except MemoryError as exc:
            # A scrambled structure record makes FTS5 ask for an absurd allocation,
            # which SQLite answers with SQLITE_NOMEM: the sqlite3 module raises that as
            # MemoryError (seen with random index blocks; see search_index.is_damaged).
            if search_index.is_damaged(self.db):
                raise SearchIndexDamaged(search_index.DAMAGED) from exc
            raise

    def highlight_pattern(self, query: str) -> str | None:
        """A regular expression for what ``query`` finds in an article's text."""
        return self.searcher.highlight_pattern(query)

    def reindex(self, progress: search_index.Progress | None = None) -> int:
        """Rebuild the search index and its dictionary from the stored articles, in one
        transaction: searches meanwhile see the old index. Returns the article count."""
        count = self.db.write(lambda db: search_index.repair(db, progress))
        self.searcher.dictionary_changed()
        return count

    # --- deleting -----------------------------------------------------------
    def delete(self, article_ids: Iterable[int]) -> list[int]:
        """Delete articles and the files only they used. Returns the ids that existed."""
        article_ids = list(dict.fromkeys(article_ids))

        def remove(db: Database) -> tuple[set[str], list[int]]:
            candidates: set[str] = set()
            deleted: list[int] = []
            for article_id in article_ids:
                candidates |= self._files_of(article_id)
                if db.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount:
                    deleted.append(article_id)
            db.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags)")
            return candidates, deleted

        with self._index_errors():
            candidates, deleted = self.db.write(remove)
        self._remove_unused(candidates)
        return deleted

    # --- consistency --------------------------------------------------------
    def check(
        self, repair: bool = False, grace: float = ORPHAN_GRACE_SECONDS, deep: bool = False
    ) -> CheckReport:
        """Compare the database with the files; with ``repair``, put right what can be.
        See consistency.check for what is reported and repaired."""
        report = consistency.check(self.db, self.paths, repair=repair, grace=grace, deep=deep)
        if report.repaired and not report.index_ok:
            self.searcher.dictionary_changed()
        return report

    # --- changing many articles at once ----------------------------------------
    # Each takes a list of ids and changes them all in ONE write transaction
    # (Database.write): the change lands for every article or for none, and waits for
    # another program's lock once (up to ``busy_timeout`` seconds), not once per article.
    # Ids are sent in batches of db.IN_BATCH, under SQLite's limit on parameters
    # (sqlite.org/limits.html, SQLITE_MAX_VARIABLE_NUMBER).
    def _require_all(self, article_ids: Sequence[int]) -> None:
        """Raise ArticleNotFound (naming the first) unless every id is an article."""
        found: set[int] = set()
        for batch, marks in in_batches(article_ids):
            found.update(
                row[0]
                for row in self.db.query(f"SELECT id FROM articles WHERE id IN ({marks})", batch)
            )
        missing = [i for i in article_ids if i not in found]
        if missing:
            more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
            raise ArticleNotFound(f"no article with id {missing[0]}{more}")

    def _update_many(self, article_ids: Iterable[int], column: str, value: object) -> None:
        article_ids = list(dict.fromkeys(int(i) for i in article_ids))

        def update(db: Database) -> None:
            self._require_all(article_ids)
            for batch, marks in in_batches(article_ids):
                db.execute(
                    f"UPDATE articles SET {column} = ? WHERE id IN ({marks})", (value, *batch)
                )

        if article_ids:
            self.db.write(update)

    def set_state_many(self, article_ids: Iterable[int], state: str) -> None:
        """``set_state`` for every id, in one transaction. Raises ValueError for an
        unknown state, ArticleNotFound if any id is not an article (then none is
        changed), LibraryLocked past ``busy_timeout``."""
        if state not in STATES:
            raise ValueError(f"unknown state {state!r}")
        self._update_many(article_ids, "state", state)

    def set_favorite_many(self, article_ids: Iterable[int], favorite: bool) -> None:
        """``set_favorite`` for every id, in one transaction; errors as set_state_many."""
        self._update_many(article_ids, "favorite", int(favorite))

    def mark_read_many(self, article_ids: Iterable[int], read: bool = True) -> None:
        """``mark_read`` for every id (one timestamp for all), in one transaction;
        errors as set_state_many."""
        self._update_many(article_ids, "read_at", utc_now() if read else None)

    def add_tags_many(self, article_ids: Iterable[int], tags: Iterable[str]) -> None:
        """``add_tags`` (blank tags ignored, names stripped) for every id, in one
        transaction; errors as set_state_many."""
        article_ids = list(dict.fromkeys(int(i) for i in article_ids))
        names = sorted({t.strip() for t in tags if t and t.strip()})

        def add(db: Database) -> int:
            self._require_all(article_ids)
            for name in names:
                db.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (name,))
                for batch, marks in in_batches(article_ids):
                    db.execute(
                        "INSERT OR IGNORE INTO article_tags (article_id, tag_id) "
                        f"SELECT a.id, t.id FROM articles a, tags t "
                        f"WHERE t.name = ? AND a.id IN ({marks})",
                        (name, *batch),
                    )
            return self._add_tag_words(db, article_ids, names)

        if article_ids and names:
            self._tagged(add)
