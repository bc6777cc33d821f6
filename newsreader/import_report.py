"""An import's per-item report, as a CSV file the person can open (any spreadsheet).

One row per record of the import file, in its order, under the header
``import_jobs.REPORT_COLUMNS``: where in the file (a line, or a ZIP member and
line), the link, the title, the outcome (``with_content``, ``fetched``,
``link_only``, ``merged``, ``skipped``, ``problem``; ``waiting`` while the job is
unfinished), the reason in one line, the article's id, the fetches tried and the
last HTTP status. Written by Python's csv module (RFC 4180 quoting), in UTF-8 with a
byte-order mark so that spreadsheet programs read its non-ASCII text right, under a
temporary name and renamed, so a reader never sees half a report. A text that a
spreadsheet would take for a formula (a title from the file starting with ``=``…)
starts with a ``'`` (OWASP, "CSV Injection").
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from newsreader.library import import_jobs
from newsreader.library.db import translate_os_error

# A text cell starting so is a formula to a spreadsheet program: OWASP's "CSV
# Injection" advice is to start it with a single quote, which shows it as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """``value`` as a cell: '' for None, a text a spreadsheet would run made text."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return f"'{value}"
    return value


def write_report(library, job_id: int) -> Path:
    """Write (or write again) the report of job ``job_id``; its path. Raises
    LibraryError when the library's folder cannot be written."""
    target = library.paths.import_report(job_id)
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(import_jobs.REPORT_COLUMNS)
            for row in import_jobs.report_rows(library, job_id):
                writer.writerow([_cell(value) for value in row])
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise translate_os_error(exc, library.paths.root) from exc
    return target
