"""Readwise Reader's CSV export.

Format, from Readeck's internal/bookmarks/importer/readwise.go (columns ``Title, URL,
Document tags, Saved date, Location`` read by name; Saved date as
``2006-01-02 15:04:05-07:00``; a ``favorite`` tag means favourite; Location
``archive`` means archived) and the header quoted in importers' tests
(windchime-yk/readwise-to-raindrop README: ``Title,URL,ID,Document tags,Saved
date,Reading progress,Location,Seen``, progress 0..1, Location one of new, later,
shortlist, archive, feed). Tags are a Python-style list (``['a', 'b']``, single
quotes: not JSON), read with ``ast.literal_eval``. Rows located in ``feed`` are RSS
items the user never saved: skipped (a ``Skipped`` record) unless ``feed=True``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from newsreader.imports import fields
from newsreader.imports.dates import to_utc
from newsreader.imports.records import ImportedItem, ImportProblem, Skipped
from newsreader.imports.sources import csv_file_records

ID = "readwise"


def read(source: str, *, feed: bool = False) -> Iterator[ImportedItem | ImportProblem | Skipped]:
    return csv_file_records(source, partial(_row, feed))


def _row(
    feed: bool, where: str, row: dict[str, str]
) -> Iterator[ImportedItem | ImportProblem | Skipped]:
    location = (row.get("location") or "").strip().lower()
    if location == "feed" and not feed:
        yield Skipped(where, "an RSS feed item, not a saved article")
        return
    url = fields.text(row.get("url"))
    if not url:
        yield fields.no_url(where)
        return
    tags = fields.python_list(row.get("document tags"))
    if tags is None:  # not Readwise's own form: read leniently, the row is not lost
        tags = [str(tag) for tag in fields.lenient_list(row.get("document tags"))]
    favorite = any(t.strip().lower() == "favorite" for t in tags)
    tags = [t for t in tags if t.strip().lower() != "favorite"]
    yield ImportedItem(
        url=url,
        title=fields.title(row.get("title"), url),
        tags=fields.tags(tags),
        saved_at=to_utc(row.get("saved date")),
        state="archived" if location == "archive" else "unread",
        favorite=favorite,
        progress=fields.fraction(row.get("reading progress")),
        source=ID,
        line=where,
    )
