"""Exporting articles to open formats: EPUB, Markdown, HTML, newsreader's JSON,
Netscape bookmarks and CSV. Qt-free; the library is read through its public API.

``export(library, ids, format_id, destination)`` writes the articles, in the order
given, to ``destination``: a file or a folder as ``FORMATS`` says. It is written
under a temporary name beside it and renamed when complete, so a cancelled or
failed export leaves nothing under the final name. Modules, one format each: epub,
markdown, html, own (newsreader's JSON, read back by imports/own.py), netscape,
csv_table; shared: common (reading, names, staging), xhtml (HTML to XHTML for EPUB).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newsreader.errors import ExportError
from newsreader.exports import csv_table, epub, html, markdown, netscape, own
from newsreader.exports.common import CancelCheck, Job, Progress, check_destination
from newsreader.library.library import Library

# Format id → (display name, "file" | "folder": what the destination is).
FORMATS: dict[str, tuple[str, str]] = {
    "epub": ("EPUB 3 book", "file"),
    "markdown": ("Markdown folder", "folder"),
    "html": ("HTML pages", "folder"),
    "json": ("newsreader JSON (ZIP)", "file"),
    "netscape": ("Netscape bookmarks (HTML)", "file"),
    "csv": ("CSV", "file"),
}
# The usual suffix of each format's file, for a name the user did not give.
SUFFIXES = {"epub": ".epub", "json": ".zip", "netscape": ".html", "csv": ".csv"}
_WRITERS: dict[str, Callable[[Job, Path], None]] = {
    "epub": epub.write,
    "markdown": markdown.write,
    "html": html.write,
    "json": own.write,
    "netscape": netscape.write,
    "csv": csv_table.write,
}


def default_stem(when: datetime | None = None) -> str:
    """The name (without suffix) of an export nobody named: ``newsreader-export-`` and
    the local date and time to the second."""
    return f"newsreader-export-{(when or datetime.now()):%Y-%m-%d-%H%M%S}"


def unused_path(folder: Path, stem: str, suffix: str = "") -> Path:
    """``folder / (stem + suffix)``, or ``stem-2``, ``stem-3``… when a file, folder or
    link of that name is there already: a name chosen for the user never replaces
    anything (two exports in the same second get two names)."""
    number = 1
    while True:
        candidate = folder / f"{stem}{'' if number == 1 else f'-{number}'}{suffix}"
        try:
            candidate.lstat()
        except FileNotFoundError:
            return candidate
        except OSError:  # a name the system refuses: export() says so in one line
            return candidate
        number += 1


@dataclass(frozen=True)
class ExportResult:
    path: Path  # the file or folder written
    articles: int  # articles written
    images: int  # distinct image files written (EPUB, Markdown, HTML, JSON)
    problems: tuple[str, ...]  # one line each: an article gone meanwhile, a missing file…


def export(
    library: Library,
    article_ids: Sequence[int],
    format_id: str,
    destination: Path,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ExportResult:
    """Write the articles ``article_ids`` (in that order; ids that are no article are
    reported in ``problems``) as ``format_id`` (a key of FORMATS) to ``destination``.

    ``progress(done, total)`` is called after each article; ``cancelled()`` is asked
    before each, and when it answers True the export stops with Cancelled, leaving
    nothing. ExportError (one line) when the destination cannot be written: its
    folder is missing, it is a non-empty folder (folder formats) or a folder (file
    formats), it is a symbolic link, a device or a pipe, or writing fails
    (permissions, disk full); ValueError for an unknown format. A regular file that
    exists is replaced, only once the new one is complete."""
    if format_id not in FORMATS:
        raise ValueError(f"unknown export format {format_id!r}")
    destination = Path(destination)
    ids = list(dict.fromkeys(article_ids))
    if not {summary.id for summary in library.summaries(ids)}:
        raise ExportError("nothing to export: none of the articles is in the library")
    # Before the work, not only when it is written: an EPUB is built first.
    check_destination(destination, FORMATS[format_id][1] == "folder")
    job = Job(library, ids, progress=progress, cancelled=cancelled)
    _WRITERS[format_id](job, destination)
    return ExportResult(destination, job.articles, len(job.image_names), tuple(job.problems))


__all__ = [
    "FORMATS",
    "SUFFIXES",
    "ExportError",
    "ExportResult",
    "default_stem",
    "export",
    "unused_path",
]
