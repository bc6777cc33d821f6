"""The image files an export carries beside its articles (newsreader's own ZIP).

An article of newsreader's export names its images by their paths in the ZIP
(``images`` in ``imports/own.py``'s format), and its HTML points at them by the same
paths. They are read back, within the archive's limits (``imports.sources.Archive``),
as ``capture/export_copy`` takes them: path → (bytes, media type). A file missing or
unreadable is left out: the image is then stored as not downloaded.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from newsreader.capture.export_copy import media_type
from newsreader.imports.sources import Archive, ImportError_, is_zip

log = logging.getLogger(__name__)


def export_files(source: str, names: Sequence[str]) -> dict[str, tuple[bytes, str]]:
    """The files ``names`` of the export at ``source``; {} when it is no ZIP (any
    longer: a file moved after its entries were written)."""
    found: dict[str, tuple[bytes, str]] = {}
    try:
        if not is_zip(source):
            return found
        with Archive(source) as archive:
            present = set(archive.names())
            for name in names:
                if name not in present:
                    continue
                try:
                    found[name] = (archive.read(name), media_type(name))
                except ImportError_ as exc:
                    log.warning("image %s of %s left out: %s", name, source, exc)
    except (ImportError_, OSError) as exc:
        log.warning("the images of %s could not be read: %s", source, exc)
    return found
