"""Reading the files people bring from other services into plain records.

``read(path)`` recognises the format from the file (``detect``) and yields
``ImportedItem``, ``ImportProblem`` and ``Skipped`` records (``records``), one per
row, in the file's order, holding only what one row needs in memory. Nothing here
touches the library, the network or Qt: the importer that writes the records into the
library, fetches pages and reports per item builds on this.

Modules, one format each: pocket (ZIP, CSV, ril_export.html), instapaper, omnivore,
wallabag, readeck, karakeep, readwise, matter, netscape (every browser's bookmarks),
own (newsreader's JSON export, the format documented there), url_list. Shared:
sources (files and ZIPs within limits, text decoding, CSV rows), jsonstream (big
JSON arrays element by element), dates, fields, selectors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from newsreader.imports import (
    instapaper,
    karakeep,
    matter,
    netscape,
    omnivore,
    own,
    pocket,
    readeck,
    readwise,
    url_list,
    wallabag,
)
from newsreader.imports.detect import detect
from newsreader.imports.records import (
    ImportedHighlight,
    ImportedItem,
    ImportedSavedSearch,
    ImportProblem,
    Skipped,
)
from newsreader.imports.sources import ImportError_

Record = ImportedItem | ImportProblem | Skipped | ImportedSavedSearch

# Format id → (what it is, for messages and the report; its reader).
FORMATS: dict[str, tuple[str, Callable[[str], Iterator[Record]]]] = {
    "pocket_zip": ("Pocket export (ZIP)", pocket.read_zip),
    "pocket_csv": ("Pocket CSV", pocket.read_csv),
    "pocket_html": ("Pocket ril_export.html", pocket.read_html),
    "instapaper": ("Instapaper CSV", instapaper.read),
    "omnivore": ("Omnivore export", omnivore.read),
    "wallabag": ("wallabag JSON", wallabag.read),
    "readeck": ("Readeck export (ZIP)", readeck.read),
    "karakeep": ("Karakeep JSON", karakeep.read),
    "readwise": ("Readwise Reader CSV", readwise.read),
    "matter": ("Matter CSV", matter.read),
    "netscape": ("bookmarks file", netscape.read),
    "newsreader": ("newsreader export", own.read),
    "url_list": ("list of links", url_list.read),
}


def read(path: str, format_id: str | None = None) -> Iterator[Record]:
    """The records of the file at ``path``, in the format given or detected.
    ImportError_ (one line) for a file that cannot be imported as a whole."""
    format_id = format_id or detect(path)
    return FORMATS[format_id][1](path)


__all__ = [
    "FORMATS",
    "ImportError_",
    "ImportProblem",
    "ImportedHighlight",
    "ImportedItem",
    "ImportedSavedSearch",
    "Skipped",
    "detect",
    "read",
]
