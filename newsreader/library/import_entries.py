"""Writing an import file's records into the library, many in one transaction.

For each ``ImportedItem`` (imports/records.py):

- an article already known by the item's URL (any form of it: ``urls.url_key``) is
  **merged**, never duplicated: the file's tags are added; archived and favourite in
  the file win (a person who archived or starred it elsewhere did so later than
  saving it here), otherwise the library's state stays; the earlier saved date is
  kept, the further reading progress, the library's read date else the file's; its
  highlights are added unless the article has the same quote already, and its note
  when the article has none. Two rows of one file with the same link merge the same
  way; the second is reported as skipped, naming the first.
- any other item becomes a **link-only** article at once (``fetch_state`` 'queued',
  empty text): the file's title (else the address), tags, saved date (not "today"),
  state, favourite, progress, read date, author, site, description, published date
  and language, so it lists and is found by its title before any page is fetched.
  Its highlights are kept as no longer found until the text arrives (``Library.save``
  then places them), its note is set.

Every record gets a row in ``import_items`` (schema 8) saying what became of it; an
item left ``waiting`` is fetched, or stored from the export's copy (``content``),
by the import job afterwards. ``import_jobs.read_count`` moves on in the same
transaction, so a job resumed after a crash starts exactly after the last batch
written: nothing twice, nothing lost.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from newsreader import languages
from newsreader.capture.text import squashed
from newsreader.capture.urls import credentials, shown, url_key, validate_url
from newsreader.errors import InvalidURL
from newsreader.imports.records import ImportedItem, ImportProblem, Skipped
from newsreader.library import search_index
from newsreader.library.db import Database

log = logging.getLogger(__name__)

# What became of a record (import_items.outcome). WAITING: to be fetched or stored from
# the export's copy by the job; the others are final.
WAITING, WITH_CONTENT, FETCHED, LINK_ONLY = "waiting", "with_content", "fetched", "link_only"
MERGED, SKIPPED, PROBLEM = "merged", "skipped", "problem"
OUTCOMES = (WAITING, WITH_CONTENT, FETCHED, LINK_ONLY, MERGED, SKIPPED, PROBLEM)

# An import's state is stored to resume it, so a password could only be used by
# storing it: it is not used at all.
CREDENTIALS_DROPPED = "the user name and password in the link were not used and are not stored"
NOT_FETCHING = "not fetched: fetching was off (newsreader retry fetches it)"


@dataclass(frozen=True)
class Written:
    """One record as written: its outcome so far, why, and its article."""

    seq: int
    outcome: str
    reason: str | None = None
    article_id: int | None = None
    url: str | None = None
    has_content: bool = False


def write_batch(
    library,
    job_id: int,
    first_seq: int,
    records: Sequence[ImportedItem | ImportProblem | Skipped],
    *,
    extra_tags: Sequence[str] = (),
    fetch: bool = True,
) -> list[Written]:
    """Write ``records`` (numbered from ``first_seq``, the file's order) in one write
    transaction, and move the job's ``read_count`` past them. Returns each record's
    row as written. Raises LibraryError (busy past the wait, read-only, disk full):
    then nothing of the batch is written."""

    def body(db: Database) -> tuple[list[Written], int]:
        writer = _Writer(library, db, job_id, tuple(extra_tags), fetch)
        written = [writer.record(first_seq + n, record) for n, record in enumerate(records)]
        writer.add_words()
        db.execute(
            "UPDATE import_jobs SET read_count = ?, updated_at = ? WHERE id = ?",
            (first_seq + len(records), library.now(), job_id),
        )
        return written, writer.new_words

    with library._index_errors():
        written, new_words = library.db.write(body)
    if new_words:
        library.searcher.dictionary_changed()
    return written


class _Writer:
    """Writes one batch's records inside its transaction."""

    def __init__(self, library, db: Database, job_id: int, extra_tags: tuple, fetch: bool):
        self.library = library
        self.db = db
        self.job_id = job_id
        self.extra_tags = extra_tags
        self.fetch = fetch
        self.now = library.now()
        self.new_words = 0
        # New entries' words, by language, for the search dictionary: added once per
        # batch (add_terms looks each word up once, not once per article).
        self.words: dict[str | None, list[str | None]] = {}

    def add_words(self) -> None:
        for language, texts in self.words.items():
            self.new_words += search_index.add_terms(self.db, language, texts)

    def _item_row(self, seq: int, place: str, written: Written, title: str | None = None,
                  content: str | None = None, images: Sequence[str] = ()) -> Written:  # fmt: skip
        self.db.execute(
            "INSERT INTO import_items (job_id, seq, place, url, title, article_id, outcome, "
            "reason, content, images) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self.job_id, seq, place, written.url, title, written.article_id,
                written.outcome, written.reason, content,
                json.dumps(list(images)) if images else None,
            ),
        )  # fmt: skip
        return written

    def record(self, seq: int, record: ImportedItem | ImportProblem | Skipped) -> Written:
        if isinstance(record, ImportProblem):
            return self._item_row(seq, record.where, Written(seq, PROBLEM, record.message))
        if isinstance(record, Skipped):
            return self._item_row(seq, record.where, Written(seq, SKIPPED, record.reason))
        return self._item(seq, record)

    def _item(self, seq: int, item: ImportedItem) -> Written:
        try:
            address = validate_url(item.url)
        except InvalidURL as exc:
            reason = f"not a web address: {exc}"
            written = Written(seq, SKIPPED, reason, url=shown(item.url))
            return self._item_row(seq, item.line, written, item.title)
        # A password in a file's link is never stored (validate_url drops it), nor used.
        dropped = CREDENTIALS_DROPPED if credentials(item.url) else None
        content = item.content_html if item.content_html and item.content_html.strip() else None
        key = url_key(address)
        existing = self.db.query_one(
            "SELECT a.id, a.fetch_state FROM article_urls u JOIN articles a "
            "ON a.id = u.article_id WHERE u.key = ?",
            (key,),
        )
        if existing is None:
            article_id = self._create(address, key, item)
            outcome = WAITING if (self.fetch or content) else LINK_ONLY
            reason = dropped if outcome == WAITING else NOT_FETCHING
        else:
            article_id = existing["id"]
            self._merge(article_id, item)
            first = self.db.scalar(
                "SELECT place FROM import_items WHERE job_id = ? AND article_id = ? LIMIT 1",
                (self.job_id, article_id),
            )
            link_only = existing["fetch_state"] is not None
            if first is not None:
                outcome, reason = SKIPPED, f"the same link as {first}: merged into it"
                content = None
            elif link_only and (self.fetch or content):
                outcome, reason = WAITING, "in the library already as a link only: merged"
            elif link_only:
                outcome, reason = LINK_ONLY, NOT_FETCHING
            else:
                outcome, reason = MERGED, f"in the library already (article {article_id})"
                content = None
        self._notes(article_id, item)
        written = Written(seq, outcome, reason, article_id, address, content is not None)
        return self._item_row(seq, item.line, written, item.title, content, item.images)

    def _create(self, address: str, key: str, item: ImportedItem) -> int:
        language = languages.normalise(item.language)
        host = search_index.host_of(address)
        fields = {
            "url": address,
            "final_url": address,
            "title": " ".join((item.title or "").split()) or address,
            "author": item.author,
            "site": item.site,
            "description": item.description,
            "language": language,
            "published": item.published[:10] if item.published else None,  # a date, as saves
            "updated": item.updated[:10] if item.updated else None,
            "canonical_url": item.canonical_url,
            "lead_image_url": item.lead_image_url,
            "host": host,
            "word_count": 0,
            "reading_minutes": 0,
            "state": item.state,
            "favorite": int(item.favorite),
            "read_at": item.read_at,
            "progress": min(1.0, max(0.0, item.progress or 0.0)),
            "saved_at": item.saved_at or self.now,
            "updated_at": self.now,
            "fetch_state": "queued",
        }
        names = ", ".join(fields)
        values = ", ".join(f":{name}" for name in fields)
        cursor = self.db.execute(f"INSERT INTO articles ({names}) VALUES ({values})", fields)
        article_id = int(cursor.lastrowid)
        # Tagged before its (empty) text indexes the row, tags included: the trigger on
        # that insert (schema 7; tags in the index from schema 10).
        tags = self.library._add_tags(article_id, (*item.tags, *self.extra_tags))
        self.db.execute(
            "INSERT INTO article_texts (article_id, content_html, text) VALUES (?, '', '')",
            (article_id,),
        )
        self.db.execute(
            "INSERT OR IGNORE INTO article_urls (key, article_id) VALUES (?, ?)",
            (key, article_id),
        )
        self.words.setdefault(language, []).extend(
            (fields["title"], item.author, item.site, host, *tags)
        )
        return article_id

    def _merge(self, article_id: int, item: ImportedItem) -> None:
        tags = self.library._add_tags(article_id, (*item.tags, *self.extra_tags))
        if tags:
            language = self.db.scalar("SELECT language FROM articles WHERE id = ?", (article_id,))
            self.words.setdefault(language, []).extend(tags)
        self.db.execute(
            """UPDATE articles SET
                   state = CASE WHEN :archived THEN 'archived' ELSE state END,
                   favorite = CASE WHEN :favorite THEN 1 ELSE favorite END,
                   saved_at = CASE WHEN :saved IS NOT NULL AND :saved < saved_at
                                   THEN :saved ELSE saved_at END,
                   progress = max(progress, :progress),
                   read_at = coalesce(read_at, :read_at)
               WHERE id = :id""",
            {
                "archived": item.state == "archived",
                "favorite": int(item.favorite),
                "saved": item.saved_at,
                "progress": min(1.0, max(0.0, item.progress or 0.0)),
                "read_at": item.read_at,
                "id": article_id,
            },
        )

    def _notes(self, article_id: int, item: ImportedItem) -> None:
        notebook = self.library.notebook
        if item.highlights:
            have = {
                squashed(row[0])
                for row in self.db.query(
                    "SELECT quote FROM highlights WHERE article_id = ?", (article_id,)
                )
            }
            for mark in sorted(item.highlights, key=lambda h: (h.position is None, h.position)):
                quote = squashed(mark.quote)
                if not quote or quote in have:
                    continue
                have.add(quote)
                try:
                    _, words = notebook.quote_in(
                        self.db,
                        article_id,
                        mark.quote,
                        color=mark.color,
                        note=mark.note or "",
                        created_at=mark.created_at,
                        updated_at=mark.updated_at,
                        origin=item.source or None,
                        selectors=list(mark.selectors) or None,
                        keep_lost=True,
                    )
                except ValueError as exc:  # a time or colour the reader let through
                    log.warning("highlight of %s left out: %s", item.line, exc)
                    continue
                self.new_words += words
        if item.note and item.note.strip():
            current = self.db.scalar(
                "SELECT note FROM article_notes WHERE article_id = ?", (article_id,)
            )
            if not current:
                self.new_words += notebook.article_note_in(self.db, article_id, item.note)
