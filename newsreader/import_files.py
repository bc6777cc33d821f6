"""The image files an export carries beside its articles (newsreader's own ZIP, Readeck's).

An article of newsreader's export names its images by their paths in the ZIP
(``images`` in ``imports/own.py``'s format), and its HTML points at them by the same
paths; Readeck's HTML names its container's files relative to itself
(``imports/readeck.py``), mapped to their paths in the ZIP. They are read back,
within the archive's limits (``imports.sources.Archive``), as
``capture/export_copy`` takes them: source as written → (bytes, media type). A file
missing or unreadable is left out: the image is then stored as not downloaded.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from newsreader.capture.export_copy import media_type
from newsreader.imports.sources import Archive, ImportError_, is_zip

log = logging.getLogger(__name__)


def export_files(source: str, names: Mapping[str, str]) -> dict[str, tuple[bytes, str]]:
    """The files of the export at ``source`` that ``names`` maps an image source of
    an article's HTML to (source as written → path in the ZIP), by that source; {}
    when it is no ZIP (any longer: a file moved after its entries were written)."""
    found: dict[str, tuple[bytes, str]] = {}
    try:
        if not is_zip(source):
            return found
        with Archive(source) as archive:
            present = set(archive.names())
            for src, name in names.items():
                if name not in present:
                    continue
                try:
                    found[src] = (archive.read(name), media_type(name))
                except ImportError_ as exc:
                    log.warning("image %s of %s left out: %s", name, source, exc)
    except (ImportError_, OSError) as exc:
        log.warning("the images of %s could not be read: %s", source, exc)
    return found
