"""Matter's CSV export.

Format: the header ``Title,Author,Publisher,URL,Tags,Word Count,In Queue,Favorited,
Read,Highlight Count,Last Interaction Date,File Id``, as written by a Matter-compatible
exporter (found by searching public code for the header; Matter publishes no
description of its own). ``In Queue`` False means archived, ``Favorited`` True a
favourite, tags joined by ``;`` (a ``,`` when no ``;`` is in the cell). Matter's export
carries no saved date: Last Interaction Date is kept as when it was read, only for an
item that is no longer in the queue. The least sure of the formats here: a variant
with other columns still reads, by name.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsreader.imports import fields
from newsreader.imports.dates import to_utc
from newsreader.imports.records import ImportedItem, ImportProblem
from newsreader.imports.sources import csv_file_records

ID = "matter"


def read(source: str) -> Iterator[ImportedItem | ImportProblem]:
    return csv_file_records(source, _row)


def _row(where: str, row: dict[str, str]) -> Iterator[ImportedItem | ImportProblem]:
    url = fields.text(row.get("url"))
    if not url:
        yield fields.no_url(where)
        return
    raw_tags = row.get("tags") or ""
    in_queue = row.get("in queue")
    archived = in_queue is not None and in_queue.strip() != "" and not fields.flag(in_queue)
    yield ImportedItem(
        url=url,
        title=fields.title(row.get("title"), url),
        tags=fields.split_tags(raw_tags, ";" if ";" in raw_tags else ","),
        state="archived" if archived else "unread",
        favorite=fields.flag(row.get("favorited")),
        read_at=to_utc(row.get("last interaction date")) if archived else None,
        author=fields.line(row.get("author")),
        site=fields.line(row.get("publisher")),
        source=ID,
        line=where,
    )
