"""Pocket's exports: the ZIP (2024-2025), a bare CSV from it, and ril_export.html.

Format, from: wallabag/wallabag src/Import/PocketCsvImport.php and its fixture
tests/fixtures/Import/pocket.csv (columns ``title,url,time_added,tags,status``, status
``unread``/``archive``, tags joined by ``|``, time_added epoch seconds); Readeck's
internal/bookmarks/importer/pocket_file.go (every ``*.csv`` in the ZIP holds
bookmarks; columns read by name, case ignored); Karakeep's
apps/web/lib/importBookmarkParser.ts (``tags.split("|")``, ``status === "archive"``).
An older variant adds a ``cursor`` column (seen in exports quoted in importers'
tests), and some have no ``status``: columns are read by name, so neither changes
anything. newsreader's own CSV export (exports/csv_table.py) is Pocket's columns
followed by more (``favorite``, ``read_at``, ``progress``, ``author``, ``site``,
``published``, ``language``, ``description``, ``note``, ``saved_at``…): those are
read too when present, so that it imports back whole; Pocket's own files have none. The ZIP's
``annotations/part_*.json`` is read as a list of ``{url, title, highlights: [{quote,
created_at}]}``: that shape is from user reports of the export, not from a published
description, so the reader takes what it finds and ignores the rest.

ril_export.html, from wallabag's src/Import/PocketHtmlImport.php and fixture
tests/fixtures/Import/ril_export.html: ``<h1>Unread</h1><ul><li><a href time_added
tags="a,b">title</a>`` then ``<h1>Read Archive</h1>`` the same.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import partial
from html.parser import HTMLParser
from pathlib import PurePosixPath

from newsreader.imports import fields
from newsreader.imports.dates import date_or_time, to_utc
from newsreader.imports.records import ImportedHighlight, ImportedItem, ImportProblem
from newsreader.imports.sources import (
    Archive,
    csv_file_records,
    csv_records,
    decode,
    is_zip,
    text_stream,
)

CSV_ID, ZIP_ID, HTML_ID = "pocket_csv", "pocket_zip", "pocket_html"
_PART = re.compile(r"(^|/)part_\d+\.csv$")
# Annotations are quotes: a few MB at most. Bigger is not Pocket's.
MAX_ANNOTATIONS_BYTES = 64 * 1024 * 1024


def read(source: str) -> Iterator[ImportedItem | ImportProblem]:
    if is_zip(source):
        yield from read_zip(source)
    else:
        yield from read_csv(source)


def read_csv(source: str) -> Iterator[ImportedItem | ImportProblem]:
    return csv_file_records(source, partial(_row, {}, CSV_ID))


def read_zip(source: str) -> Iterator[ImportedItem | ImportProblem]:
    with Archive(source) as archive:
        for name in archive.unsafe:
            yield ImportProblem(name, "unsafe name in the archive: not read")
        highlights: dict[str, list[ImportedHighlight]] = {}
        for name in archive.names():
            path = PurePosixPath(name)
            if "annotations" in path.parts[:-1] and path.suffix == ".json":
                yield from _annotations(archive, name, highlights)
        parts = sorted(n for n in archive.names() if n.endswith(".csv"))
        for name in parts:
            with archive.open(name) as stream, text_stream(stream) as text:
                yield from csv_records(text, partial(_row, highlights, ZIP_ID), name)


def _row(
    highlights: dict, source: str, where: str, row: dict[str, str]
) -> Iterator[ImportedItem | ImportProblem]:
    url = fields.text(row.get("url"))
    if not url:
        yield fields.no_url(where)
        return
    yield ImportedItem(
        url=url,
        title=fields.title(row.get("title"), url),
        tags=fields.split_tags(row.get("tags"), "|"),
        saved_at=to_utc(row.get("time_added")) or to_utc(row.get("saved_at")),
        state="archived" if (row.get("status") or "").strip().lower() == "archive" else "unread",
        highlights=tuple(highlights.get(url, ())),
        source=source,
        line=where,
        # newsreader's own CSV export (exports/csv_table.py): Pocket's columns, then these.
        favorite=fields.flag(row.get("favorite")),
        progress=fields.fraction(row.get("progress")),
        read_at=to_utc(row.get("read_at")),
        author=fields.line(row.get("author")),
        site=fields.line(row.get("site")),
        published=date_or_time(row.get("published")),
        language=fields.line(row.get("language")),
        description=fields.text(row.get("description")),
        note=fields.text(row.get("note")),
    )


def _annotations(archive: Archive, name: str, into: dict) -> Iterator[ImportProblem]:
    info = next(i for i in archive.infos if i.filename == name)
    if info.file_size > MAX_ANNOTATIONS_BYTES:
        yield ImportProblem(name, "too large for Pocket highlights: not read")
        return
    try:
        data = json.loads(decode(archive.read(name)))
    except ValueError as error:
        yield ImportProblem(name, f"not valid JSON: {error}")
        return
    entries = data if isinstance(data, list) else [data]
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            continue
        url = fields.text(entry.get("url") or entry.get("given_url"))
        marks = entry.get("highlights")
        if not url or not isinstance(marks, list):
            yield ImportProblem(f"{name}: entry {number}", "highlights without a URL")
            continue
        for position, mark in enumerate(marks):
            quote = fields.text(mark.get("quote")) if isinstance(mark, dict) else None
            if quote:
                into.setdefault(url, []).append(
                    ImportedHighlight(
                        quote=quote,
                        created_at=to_utc(mark.get("created_at")),
                        position=position,
                    )
                )


def read_html(source: str) -> Iterator[ImportedItem | ImportProblem]:
    parser = _RilParser()
    with open(source, "rb") as handle, text_stream(handle) as text:
        while chunk := text.read(256 * 1024):
            parser.feed(chunk)
            yield from parser.take()
        parser.close()
        yield from parser.take()


class _RilParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.archived = False
        self._in_h1 = False
        self._heading = ""
        self._link: dict | None = None
        self._title = ""
        self._done: list[ImportedItem | ImportProblem] = []
        self._count = 0

    def take(self) -> list:
        done, self._done = self._done, []
        return done

    def handle_starttag(self, tag, attrs):
        if tag == "h1":
            self._in_h1, self._heading = True, ""
        elif tag == "a":
            self._link, self._title = dict(attrs), ""
            self._count += 1

    def handle_data(self, data):
        if self._in_h1:
            self._heading += data
        elif self._link is not None:
            self._title += data

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False
            self.archived = (
                "archive" in self._heading.lower() or self._heading.strip().lower() == "read"
            )
        elif tag == "a" and self._link is not None:
            link, self._link = self._link, None
            where = f"link {self._count} (line {self.getpos()[0]})"
            url = fields.text(link.get("href"))
            if not url:
                self._done.append(fields.no_url(where))
                return
            self._done.append(
                ImportedItem(
                    url=url,
                    title=fields.title(self._title, url),
                    tags=fields.split_tags(link.get("tags"), ","),
                    saved_at=to_utc(link.get("time_added")),
                    state="archived" if self.archived else "unread",
                    source=HTML_ID,
                    line=where,
                )
            )
