"""Which export a file is, from the file itself (never from its name).

A ZIP by its member names (Pocket's ``part_*.csv`` and ``annotations/``, Omnivore's
``metadata_*.json``, Readeck's ``bookmarks/<id>/info.json``, ours
``newsreader-export.json``); JSON by its shape (ours by its ``format`` member,
Karakeep by ``{"bookmarks": …}``, wallabag and Omnivore by the keys of the array's
first element); HTML by its doctype or markers (Netscape's ``<!DOCTYPE
NETSCAPE-Bookmark-file-1>``, Pocket's ``<title>Pocket Export</title>`` or its
Unread/Read Archive headings with ``time_added``); CSV by its header's column names;
anything else with links in it as a list of URLs. A file that is none of these raises
ImportError_ with one line saying what it looks like.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from newsreader.capture.url_lists import looks_like_address
from newsreader.imports.jsonstream import JsonArray
from newsreader.imports.sources import Archive, ImportError_, csv_header, decode, is_zip

HEAD_BYTES = 64 * 1024

# CSV headers: the columns each export always has (lowercased).
_CSV = (
    ("readwise", {"url", "document tags", "saved date", "location"}),
    ("instapaper", {"url", "title", "selection", "folder"}),
    ("matter", {"title", "url", "in queue", "favorited"}),
    # Pocket's time_added is its own (its status column is missing from some exports).
    ("pocket_csv", {"url", "time_added"}),
)


def detect(path: str) -> str:
    """The format id of the file at ``path`` (a key of ``newsreader.imports.FORMATS``)."""
    if is_zip(path):
        return _zip(path)
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    if not head.strip():
        raise ImportError_("an empty file: nothing to import")
    if head.startswith(b"%PDF"):
        raise ImportError_("a PDF document, not an export or a list of links")
    text = decode(head).lstrip()
    if "\x00" in text:  # (UTF-16 and UTF-32 text, decoded, holds none)
        raise ImportError_("a binary file, not an export or a list of links")
    lower = text[:4096].lower()
    if text.startswith(("{", "[")):
        return _json(path, text)
    if "<!doctype netscape-bookmark-file" in lower:
        return "netscape"
    if lower.startswith(("<!doctype html", "<html", "<?xml")) or "<head" in lower:
        if "<title>pocket export</title>" in lower or (
            "time_added=" in lower and re.search(r"<h1>\s*(unread|read archive)", lower)
        ):
            return "pocket_html"
        if "<dl" in lower and "<a href" in lower:
            return "netscape"  # a bookmarks file without its doctype
        raise ImportError_("an HTML page, not a bookmarks file or Pocket's ril_export.html")
    first_line = text.split("\n", 1)[0]
    if "," in first_line and not looks_like_address(first_line.strip()):
        columns = set(csv_header(text))
        for format_id, needed in _CSV:
            if needed <= columns:
                return format_id
        if not _has_links(text):
            shown = ", ".join(sorted(columns)[:8])
            raise ImportError_(f"a CSV file with columns {shown}: not an export newsreader knows")
    if _has_links(text):
        return "url_list"
    raise ImportError_("a text file without links: nothing to import")


def _has_links(text: str) -> bool:
    return bool(re.search(r"https?://\S", text)) or any(
        looks_like_address(line.strip()) for line in text.splitlines()[:50] if line.strip()
    )


def _zip(path: str) -> str:
    with Archive(path) as archive:
        names = archive.names()
    paths = [PurePosixPath(n) for n in names]
    if "newsreader-export.json" in names:
        return "newsreader"
    if any(re.fullmatch(r"part_\d+\.csv", p.name) for p in paths) or any(
        "annotations" in p.parts[:-1] for p in paths
    ):
        return "pocket_zip"
    if any(re.fullmatch(r"metadata_.*\.json", p.name) for p in paths):
        return "omnivore"
    if any(re.fullmatch(r"bookmarks/[^/]+/info\.json", n) for n in names):
        return "readeck"
    shown = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
    raise ImportError_(
        f"a ZIP archive holding {shown or 'nothing'}: not an export newsreader knows"
    )


def _json(path: str, head: str) -> str:
    if head.startswith("{"):
        if re.search(r'"format"\s*:\s*"newsreader-export"', head):
            return "newsreader"
        if re.search(r'^\{\s*"bookmarks"\s*:', head) or re.search(r'"bookmarks"\s*:\s*\[', head):
            return "karakeep"
        keys = re.findall(r'"([A-Za-z_]+)"\s*:', head[:2000])
        raise ImportError_(
            f"a JSON object with {', '.join(dict.fromkeys(keys[:6])) or 'no keys'}: "
            "not an export newsreader knows"
        )
    first = _first_element(path)
    if isinstance(first, dict):
        keys = set(first)
        if {"is_archived", "url"} <= keys or {"is_starred", "url"} <= keys:
            return "wallabag"
        if "slug" in keys and ("savedAt" in keys or "labels" in keys):
            return "omnivore"
        shown = ", ".join(sorted(keys)[:8])
        raise ImportError_(f"a JSON list of objects with {shown}: not an export newsreader knows")
    raise ImportError_("a JSON list, but not of entries: not an export newsreader knows")


def _first_element(path: str) -> object:
    from newsreader.imports.sources import text_stream

    with open(path, "rb") as handle, text_stream(handle) as text:
        try:
            for element in JsonArray(text):
                return element
        except ImportError_ as error:
            raise ImportError_(f"a JSON file that does not read: {error}") from error
    return None
