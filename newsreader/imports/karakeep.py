"""Karakeep's (formerly Hoarder's) JSON export.

Format, from hoarder-app/hoarder apps/web/lib/exportBookmarks.ts (``zExportSchema``:
``{"bookmarks": [{createdAt (epoch seconds), title, tags: [names], content: {type:
"link", url} | {type: "text", text}, note}]}``) and apps/web/lib/
importBookmarkParser.ts, whose reader of the same file also takes ``archived``; later
exports add ``favourited``, read when present. A text bookmark (a note without a
link) has nothing to save: skipped, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsreader.imports import fields
from newsreader.imports.dates import to_utc
from newsreader.imports.jsonstream import JsonArray
from newsreader.imports.records import ImportedItem, ImportProblem, Skipped
from newsreader.imports.sources import text_stream

ID = "karakeep"


def read(source: str) -> Iterator[ImportedItem | ImportProblem | Skipped]:
    with open(source, "rb") as handle, text_stream(handle) as text:
        for number, mark in enumerate(JsonArray(text, key="bookmarks"), 1):
            where = f"bookmark {number}"
            if not isinstance(mark, dict):
                yield ImportProblem(where, "not a bookmark")
                continue
            content = mark.get("content") if isinstance(mark.get("content"), dict) else {}
            kind = content.get("type")
            if kind and kind != "link":
                yield Skipped(where, f"a {kind} bookmark, not a link")
                continue
            url = fields.text(content.get("url"))
            if not url:
                yield fields.no_url(where)
                continue
            yield ImportedItem(
                url=url,
                title=fields.title(mark.get("title"), url),
                tags=fields.tags(mark.get("tags")),
                saved_at=to_utc(mark.get("createdAt")),
                state="archived" if fields.flag(mark.get("archived")) else "unread",
                favorite=fields.flag(mark.get("favourited") or mark.get("favorited")),
                note=fields.text(mark.get("note")),
                source=ID,
                line=where,
            )
