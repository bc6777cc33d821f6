"""wallabag's JSON export (wallabag 2.x, Export → JSON).

Format, from wallabag/wallabag src/Import/WallabagImport.php and WallabagV2Import.php
(what wallabag itself reads back) and the fixtures tests/fixtures/Import/
wallabag-v2-read.json and wallabag-v2-annotations.json: a JSON array of entries with
``url, title, content, is_archived, is_starred`` (booleans or 0/1), ``tags`` (names),
``created_at`` (``2024-01-01T10:00:00+0000``), ``published_at``, ``published_by`` (a
list of authors), ``language``, ``domain_name``, and ``annotations``: ``quote``,
``text`` (the note), ``created_at``, ``updated_at`` and annotator.js ``ranges``
(``start``/``end`` XPaths, ``startOffset``/``endOffset``), kept as W3C selectors.
Read element by element (jsonstream): an export with every article's HTML can be
gigabytes.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsreader.imports import fields, selectors
from newsreader.imports.dates import to_utc
from newsreader.imports.jsonstream import JsonArray
from newsreader.imports.records import ImportedHighlight, ImportedItem, ImportProblem
from newsreader.imports.sources import text_stream

ID = "wallabag"


def read(source: str) -> Iterator[ImportedItem | ImportProblem]:
    with open(source, "rb") as handle, text_stream(handle) as text:
        for number, entry in enumerate(JsonArray(text), 1):
            where = f"entry {number}"
            if not isinstance(entry, dict):
                yield ImportProblem(where, "not an entry")
                continue
            yield entry_item(entry, where)


def entry_item(entry: dict, where: str) -> ImportedItem | ImportProblem:
    url = fields.text(entry.get("url") or entry.get("given_url"))
    if not url:
        return fields.no_url(where)
    authors = entry.get("published_by")
    author = ", ".join(fields.tags(authors)) if isinstance(authors, list) else fields.line(authors)
    return ImportedItem(
        url=url,
        title=fields.title(entry.get("title"), url),
        tags=fields.tags(entry.get("tags")),
        saved_at=to_utc(entry.get("created_at")),
        state="archived" if fields.flag(entry.get("is_archived")) else "unread",
        favorite=fields.flag(entry.get("is_starred")),
        read_at=to_utc(entry.get("archived_at")),
        author=author or None,
        site=fields.line(entry.get("domain_name")),
        published=to_utc(entry.get("published_at"), future=True),
        language=fields.line(entry.get("language")),
        content_html=fields.text(entry.get("content")),
        highlights=tuple(_highlights(entry.get("annotations"))),
        source=ID,
        line=where,
    )


def _highlights(annotations: object) -> Iterator[ImportedHighlight]:
    if not isinstance(annotations, list):
        return
    for position, note in enumerate(annotations):
        if not isinstance(note, dict):
            continue
        quote = fields.text(note.get("quote"))
        if not quote:
            continue
        found = [selectors.quote(quote)]
        for span in note.get("ranges") or ():
            if isinstance(span, dict):
                selector = selectors.xpath_range(
                    span.get("start"),
                    span.get("startOffset"),
                    span.get("end"),
                    span.get("endOffset"),
                )
                if selector:
                    found.append(selector)
        yield ImportedHighlight(
            quote=quote,
            note=fields.text(note.get("text")) or "",
            created_at=to_utc(note.get("created_at")),
            updated_at=to_utc(note.get("updated_at")),
            selectors=tuple(found),
            position=position,
        )
