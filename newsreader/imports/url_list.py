"""Plain lists of URLs (one a line, or any text with links in it), read as
``newsreader import`` always read them: by capture/url_lists.py, which it reuses (a
list is de-duplicated there, and lines without a link are counted, not reported one
by one)."""

from __future__ import annotations

from collections.abc import Iterator

from newsreader.capture.url_lists import read_url_file
from newsreader.imports.records import ImportedItem, ImportProblem

ID = "url_list"


def read(source: str) -> Iterator[ImportedItem | ImportProblem]:
    urls, skipped = read_url_file(source)
    for number, url in enumerate(urls, 1):
        yield ImportedItem(url=url, source=ID, line=f"link {number}")
    if skipped:
        yield ImportProblem("file", f"{skipped} line(s) held no link")
