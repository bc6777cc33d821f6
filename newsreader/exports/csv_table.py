"""CSV: one row per article, written with Python's csv module (RFC 4180 quoting,
UTF-8 with a byte order mark, a header row).

The byte order mark makes Excel and LibreOffice read the file as UTF-8 (without it
Excel takes the system's code page and shows æøå as two letters each); csv readers
that decode ``utf-8-sig``, newsreader's import among them, skip it. A text cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run as a
formula by a spreadsheet program (CSV injection): it gets a ``'`` in front, as OWASP
advises (https://owasp.org/www-community/attacks/CSV_Injection), which the
spreadsheet shows as text and does not show.

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

# What a spreadsheet program reads as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = (
    *("title", "url", "time_added", "tags", "status"),
    *("favorite", "saved_at", "read_at", "progress", "author", "site", "published"),
    *("language", "word_count", "description", "note", "highlights", "link_only"),
)


def cell(value: object) -> object:
    """``value`` as a CSV cell: a text a spreadsheet would run as a formula with a
    ``'`` in front (see the module's docstring); numbers as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write(job: Job, destination: Path) -> None:
    """Write the CSV file ``destination`` (see the module's docstring)."""
    with (
        staged(destination, folder=False) as temporary,
        temporary.open("w", encoding="utf-8-sig", newline="") as out,
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
            row = (
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
            writer.writerow(cell(value) for value in row)
