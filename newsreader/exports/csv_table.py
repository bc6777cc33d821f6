"""CSV: one row per article, written with Python's csv module (RFC 4180 quoting,
UTF-8, a header row).

The first five columns are Pocket's export (``title,url,time_added,tags,status``:
epoch seconds, tags joined by ``|``, ``unread``/``archive``), which wallabag,
Readeck, Karakeep, Omnivore and newsreader itself import; the rest carry what
newsreader knows besides, each named by its meaning.
"""

from __future__ import annotations

import csv
from pathlib import Path

from newsreader.exports.common import Job, staged
from newsreader.exports.netscape import epoch_seconds

COLUMNS = (
    *("title", "url", "time_added", "tags", "status"),
    *("favorite", "saved_at", "read_at", "progress", "author", "site", "published"),
    *("language", "word_count", "description", "note", "highlights", "link_only"),
)


def write(job: Job, destination: Path) -> None:
    """Write the CSV file ``destination`` (see the module's docstring)."""
    with (
        staged(destination, folder=False) as temporary,
        temporary.open("w", encoding="utf-8", newline="") as out,
    ):
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for entry in job.entries():
            article = entry.article
            if any("|" in tag for tag in article.tags):
                job.problems.append(
                    f"article {article.id}: a tag with '|' is split in two in the CSV's "
                    "tags column (Pocket's separator)"
                )
            added = epoch_seconds(article.saved_at)
            writer.writerow(
                (
                    article.title,
                    article.url,
                    "" if added is None else added,
                    "|".join(article.tags),
                    "archive" if article.state == "archived" else "unread",
                    int(article.favorite),
                    article.saved_at,
                    article.read_at or "",
                    article.progress,
                    article.author or "",
                    article.site or "",
                    article.published or "",
                    article.language or "",
                    article.word_count,
                    article.description or "",
                    entry.note,
                    len(entry.highlights),
                    int(entry.link_only),
                )
            )
