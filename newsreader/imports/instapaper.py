"""Instapaper's CSV export.

Format, from wallabag/wallabag src/Import/InstapaperImport.php and its fixtures
tests/fixtures/Import/instapaper-export.csv (old: ``URL,Title,Selection,Folder``) and
instapaper-export-new.csv (since November 2025: ``…,Timestamp,Tags``, Timestamp in
epoch seconds, Tags a JSON list such as ``["react","javascript"]``; Tags that are
not JSON, as an edited file may hold, are read as a comma-separated list). Folder is
``Unread``, ``Archive``, ``Starred`` or the name of one of the user's folders, which
becomes a tag. wallabag reads Starred as archived and starred; so do we. Selection is
the text the user selected when saving: kept as the description.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsreader.imports import fields
from newsreader.imports.dates import to_utc
from newsreader.imports.records import ImportedItem, ImportProblem
from newsreader.imports.sources import csv_file_records

ID = "instapaper"


def read(source: str) -> Iterator[ImportedItem | ImportProblem]:
    return csv_file_records(source, _row)


def _row(where: str, row: dict[str, str]) -> Iterator[ImportedItem | ImportProblem]:
    url = fields.text(row.get("url"))
    if not url:
        yield fields.no_url(where)
        return
    folder = fields.line(row.get("folder")) or ""
    tags = fields.lenient_list(row.get("tags"))
    if folder and folder.lower() not in ("unread", "archive", "starred"):
        tags = [folder, *tags]
    yield ImportedItem(
        url=url,
        title=fields.title(row.get("title"), url),
        tags=fields.tags(tags),
        saved_at=to_utc(row.get("timestamp")),
        state="archived" if folder.lower() in ("archive", "starred") else "unread",
        favorite=folder.lower() == "starred",
        description=fields.text(row.get("selection")),
        source=ID,
        line=where,
    )
