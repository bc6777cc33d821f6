"""Netscape bookmarks: the file every browser imports (and Pinboard, Raindrop,
wallabag, Karakeep, Linkwarden…).

Format, from Microsoft's description of the Netscape Bookmark File Format
(https://learn.microsoft.com/previous-versions/windows/internet-explorer/
ie-developer/platform-apis/aa753582(v=vs.85)) and what newsreader's own reader
(newsreader/imports/netscape.py) and Pinboard take: ``<!DOCTYPE
NETSCAPE-Bookmark-file-1>``, a ``<DL>`` of ``<DT><A HREF ADD_DATE TAGS TOREAD>`` with
the title, and the description in ``<DD>``. ADD_DATE is the saved time in epoch
seconds, TAGS the tags joined by commas, TOREAD="1" for unread and "0" for archived
(Pinboard's read). Links sit in no folder, so a folder never turns into a tag.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path

from newsreader.exports.common import Job, staged

HEADER = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
"""


def epoch_seconds(iso: str | None) -> int | None:
    """An ISO 8601 time as whole seconds since 1970 (UTC when it has no offset)."""
    if not iso:
        return None
    try:
        return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())
    except ValueError:
        return None


def write(job: Job, destination: Path) -> None:
    """Write the bookmarks file ``destination`` (see the module's docstring)."""
    with (
        staged(destination, folder=False) as temporary,
        temporary.open("w", encoding="utf-8") as out,
    ):
        out.write(HEADER)
        for entry in job.entries():
            article = entry.article
            attributes = [f'HREF="{escape(article.url)}"']
            added = epoch_seconds(article.saved_at)
            if added is not None:
                attributes.append(f'ADD_DATE="{added}"')
            if article.tags:
                if any("," in tag for tag in article.tags):
                    job.problems.append(
                        f"article {article.id}: a tag with a comma is split in two in a "
                        "bookmarks file (TAGS are separated by commas)"
                    )
                attributes.append(f'TAGS="{escape(",".join(article.tags))}"')
            attributes.append(f'TOREAD="{0 if article.state == "archived" else 1}"')
            out.write(f"    <DT><A {' '.join(attributes)}>{escape(article.title)}</A>\n")
            if article.description:
                out.write(f"    <DD>{escape(' '.join(article.description.split()))}\n")
        out.write("</DL><p>\n")
