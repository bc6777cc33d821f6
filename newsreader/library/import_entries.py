"""Writing an import file's records into the library, many in one transaction.

For each ``ImportedItem`` (imports/records.py):

- an article already known by the item's URL (any form of it: ``urls.url_key``) is
  **merged**, never duplicated: the earlier saved date is kept. When no earlier
  import brought the article (it was saved here), the file's tags are added; archived
  and favourite in the file win (a person who archived or starred it elsewhere did so
  later than saving it here), otherwise the library's state stays; the further
  reading progress, the library's read date else the file's; its highlights are added
  unless the article has the same quote already, and its note when the article has
  none. An article an earlier import brought keeps what the person made of it since
  (un-archived, a tag or highlight removed): importing a file again does not undo it.
  Two rows of one file with the same link merge the same way; the second is reported
  as skipped, naming the first.
- an export's copy that is only its service's "could not fetch it" sentence
  (``export_copy.is_placeholder``: wallabag's) is no copy: the page is fetched.
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
from newsreader.capture.export_copy import is_placeholder
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


def _address(url: str | None) -> str | None:
    """``url`` as the library stores an address (no password), None when it is none."""
    if not url:
        return None
    try:
        return validate_url(url)
    except InvalidURL:
        return None


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
                  content: str | None = None, images: dict[str, str] | None = None,
                  ) -> Written:  # fmt: skip
        self.db.execute(
            "INSERT INTO import_items (job_id, seq, place, url, title, article_id, outcome, "
            "reason, content, images) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self.job_id, seq, place, written.url, title, written.article_id,
                written.outcome, written.reason, content,
                json.dumps(images) if images and content is not None else None,
            ),
        )  # fmt: skip
        return written

    def record(self, seq: int, record: ImportedItem | ImportProblem | Skipped) -> Written:
        if isinstance(record, ImportProblem):
            return self._item_row(seq, record.where, Written(seq, PROBLEM, record.message))
        if isinstance(record, Skipped):
            url = shown(record.url) if record.url else None
            return self._item_row(seq, record.where, Written(seq, SKIPPED, record.reason, url=url))
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
        if content is not None and is_placeholder(content):
            content = None  # the service could not fetch it either: the page is fetched
        key = url_key(address)
        final = _address(item.final_url) or address
        # Known by the address it was saved from, or the one it was found at: a save
        # of either finds it (Library._match), and so does the import.
        keys = [key] if final == address else list(dict.fromkeys((key, url_key(final))))
        existing = self.db.query_one(
            "SELECT a.id, a.fetch_state FROM article_urls u JOIN articles a "
            f"ON a.id = u.article_id WHERE u.key IN ({', '.join('?' for _ in keys)}) "
            "ORDER BY u.key = ? DESC LIMIT 1",
            (*keys, key),
        )
        if existing is None:
            canonical = _address(item.canonical_url)
            if canonical:  # stored as saves store it: a weak claim (Library._match)
                keys.append(url_key(canonical))
            article_id = self._create(address, final, keys, item)
            outcome = WAITING if (self.fetch or content) else LINK_ONLY
            reason = dropped if outcome == WAITING else NOT_FETCHING
        else:
            article_id = existing["id"]
            # What the person set here since an earlier import brought the article
            # (an un-archived article, a tag or highlight removed) is not undone by
            # importing a file again: only the first import of it merges its marks.
            imported = self.db.scalar(
                "SELECT EXISTS (SELECT 1 FROM import_items WHERE article_id = ? AND job_id != ?)",
                (article_id, self.job_id),
            )
            self._merge(article_id, item, marks=not imported)
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
        if existing is None or not imported:
            self._notes(article_id, item, placed=existing is None and content is not None)
        written = Written(seq, outcome, reason, article_id, address, content is not None)
        # The export's own files the copy names: the source as written → the member.
        files = {name: name for name in item.images} | dict(item.image_sources)
        return self._item_row(seq, item.line, written, item.title, content, files)

    def _create(self, address: str, final: str, keys: list[str], item: ImportedItem) -> int:
        language = languages.normalise(item.language)
        host = search_index.host_of(address)
        failed = item.fetch_state == "failed" and bool(item.fetch_error) and not item.content_html
        fields = {
            "url": address,
            "final_url": final,
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
            "partial": int(item.partial),
            "paywall": item.paywall,
            # A link only that could not be fetched where it was exported stays so,
            # with why, until a fetch here says otherwise.
            "fetch_state": "failed" if failed else "queued",
            "fetch_error": " ".join(item.fetch_error.split())[:500] if failed else None,
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
        self.db.executemany(
            "INSERT OR IGNORE INTO article_urls (key, article_id) VALUES (?, ?)",
            [(key, article_id) for key in keys],
        )
        self.words.setdefault(language, []).extend(
            (fields["title"], item.author, item.site, host, *tags)
        )
        return article_id

    def _merge(self, article_id: int, item: ImportedItem, marks: bool) -> None:
        """The file's item into the article already there: the earlier saved date;
        with ``marks`` (not imported before) its tags, archived, favourite, progress
        and read date too. The import's own extra tags are always added."""
        tags = self.library._add_tags(article_id, (*(item.tags if marks else ()), *self.extra_tags))
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
                "archived": marks and item.state == "archived",
                "favorite": int(marks and item.favorite),
                "saved": item.saved_at,
                "progress": min(1.0, max(0.0, item.progress or 0.0)) if marks else 0.0,
                "read_at": item.read_at if marks else None,
                "id": article_id,
            },
        )

    def _notes(self, article_id: int, item: ImportedItem, placed: bool = False) -> None:
        """The item's highlights and note. ``placed``: the article is new and its
        text the export's copy, stored next (import_job): a highlight is set where
        the export says it was, and placed again in that text as any highlight is
        (highlights.reanchor), so it keeps how it was placed when that still holds."""
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
                    made, words = notebook.quote_in(
                        self.db,
                        article_id,
                        mark.quote,
                        prefix=mark.prefix,
                        suffix=mark.suffix,
                        near=mark.start,
                        color=mark.color,
                        note=mark.note or "",
                        created_at=mark.created_at,
                        updated_at=mark.updated_at,
                        origin=(item.source or None) if mark.origin == "" else mark.origin,
                        selectors=list(mark.selectors) or None,
                        keep_lost=True,
                    )
                except ValueError as exc:  # a time or colour the reader let through
                    log.warning("highlight of %s left out: %s", item.line, exc)
                    continue
                self.new_words += words
                if placed and mark.start is not None and mark.anchoring not in (None, "lost"):
                    self.db.execute(
                        "UPDATE highlights SET text_start = ?, text_end = ?, anchoring = ? "
                        "WHERE id = ? AND text_start IS NULL",
                        (mark.start, mark.end, mark.anchoring, made.id),
                    )
        if item.note and item.note.strip():
            current = self.db.scalar(
                "SELECT note FROM article_notes WHERE article_id = ?", (article_id,)
            )
            if not current:
                self.new_words += notebook.article_note_in(self.db, article_id, item.note)
