"""Finding the URLs in what people paste, drop or import: one per line (or word).

Used by ``newsreader import`` for files and by the window for pasted and dropped
text, so both read lists the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsreader.errors import NewsreaderError

# Inside other text (CSV, HTML bookmarks) a URL ends at a comma: commas in URLs are
# rarer than CSV columns.
_URL_IN_TEXT = re.compile(r"""https?://[^\s"'<>,]+""", re.I)
_WHITESPACE = re.compile(r"\s")
_BARE_ADDRESS = re.compile(r"^[^\s<>\"',]+\.[a-z]{2,}(?:[/:?#][^\s<>\"']*)?$", re.I)


def read_url_list(stream: Iterable[str]) -> tuple[list[str], int]:
    """The URLs in a text file (or any lines), and how many non-blank lines held none.

    One URL per line; blank lines and # comments are skipped. A line that holds a URL
    among other text (a CSV row, a bookmarks-file entry) gives that URL. A line that
    is itself address-like (``vg.no/sak``, ``ftp://…``) is kept, so that it fails with
    a reason; any other line (a CSV header, HTML markup) is counted and skipped.
    Duplicates are saved once.
    """
    urls: list[str] = []
    skipped = 0
    for line in stream:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "\x00" in line:
            raise NewsreaderError("not a text file")
        found = _URL_IN_TEXT.search(line)
        if found:
            urls.append(found.group(0).rstrip(").,;"))
        elif ("://" in line and not _WHITESPACE.search(line)) or _BARE_ADDRESS.match(line):
            urls.append(line)
        else:
            skipped += 1
    return list(dict.fromkeys(urls)), skipped


def looks_like_address(word: str) -> bool:
    """Whether one word is meant as a web address (``https://…``, ``vg.no/sak``)."""
    return bool(_URL_IN_TEXT.fullmatch(word) or _BARE_ADDRESS.match(word) or "://" in word)


def urls_in_text(text: str) -> tuple[list[str], int]:
    """The URLs in pasted or dropped text: each whitespace-separated word is read as a
    line, so several links on one line are all found."""
    return read_url_list(text.split())
