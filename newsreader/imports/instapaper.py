"""Instapaper's CSV export.

Format, from wallabag/wallabag src/Import/InstapaperImport.php and its fixtures
tests/fixtures/Import/instapaper-export.csv (old: ``URL,Title,Selection,Folder``) and
instapaper-export-new.csv (since November 2025: ``…,Timestamp,Tags``, Timestamp in
epoch seconds, Tags a JSON list such as ``["react","javascript"]``). Folder is
``Unread``, ``Archive``, ``Starred`` or the name of one of the user's folders, which
becomes a tag. wallabag reads Starred as archived and starred; so do we. Selection is
the text the user selected when saving: kept as the description.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsreader.imports import fields
from newsreader.imports.dates import to_utc
from newsreader.imports.records import ImportedItem, ImportProblem
from newsreader.imports.sources import csv_rows, text_stream

ID = "instapaper"


def read(source: str) -> Iterator[ImportedItem | ImportProblem]:
    with open(source, "rb") as handle, text_stream(handle) as text:
        for where, row in csv_rows(text):
            url = fields.text(row.get("url"))
            if not url:
                yield fields.no_url(where)
                continue
            folder = fields.text(row.get("folder")) or ""
            tags = fields.json_list(row.get("tags"))
            if tags is None:
                yield ImportProblem(where, "Tags is not a JSON list: tags left out")
                tags = []
            if folder and folder.lower() not in ("unread", "archive", "starred"):
                tags = [folder, *tags]
            title = fields.text(row.get("title"))
            yield ImportedItem(
                url=url,
                title=title if title != url else None,
                tags=fields.tags(tags),
                saved_at=to_utc(row.get("timestamp")),
                state="archived" if folder.lower() in ("archive", "starred") else "unread",
                favorite=folder.lower() == "starred",
                description=fields.text(row.get("selection")),
                source=ID,
                line=where,
            )
