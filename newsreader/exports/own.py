"""newsreader's own JSON export, version 1, as defined in newsreader/imports/own.py
(which reads it back): a ZIP holding ``newsreader-export.json`` at its root (with
the library's saved searches, whatever articles are exported), each
article's stored HTML as ``articles/<id>/content.html`` and its images under their
library names (``images/3f/3f9a….jpg``), byte for byte the library's files. Texts
and images go into the ZIP article by article; only the JSON (metadata, notes and
highlights, without the texts) is held until the end, where it is written.
"""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsreader.exports.common import Entry, Job, staged
from newsreader.imports.own import FORMAT, VERSION, ZIP_MEMBER
from newsreader.render_highlights import highlight_json

_HIGHLIGHT_KEYS = (
    "quote", "note", "color", "created_at", "updated_at", "origin", "anchoring", "selectors",
)  # fmt: skip


def article_json(entry: Entry, content_file: str | None, images: list[str]) -> dict[str, Any]:
    """One article as the format's ``articles`` element."""
    article = entry.article
    return {
        "url": article.url,
        "title": article.title,
        "author": article.author,
        "site": article.site,
        "description": article.description,
        "published": article.published,
        "language": article.language,
        "updated": article.updated,
        "final_url": article.final_url,
        "canonical_url": article.canonical_url,
        "lead_image_url": article.lead_image_url,
        "saved_at": article.saved_at,
        "read_at": article.read_at,
        "state": article.state,
        "favorite": article.favorite,
        "progress": article.progress,
        "partial": article.partial,
        "paywall": article.paywall,
        "fetch_state": article.fetch_state,
        "fetch_error": article.fetch_error,
        "tags": list(article.tags),
        "note": entry.note or None,
        "content_html": None,
        "content_file": content_file,
        "images": images,
        "highlights": [
            {key: value for key, value in highlight_json(h).items() if key in _HIGHLIGHT_KEYS}
            for h in entry.highlights
        ],
    }


def _add_article(job: Job, entry: Entry, archive: zipfile.ZipFile, written: set[str]) -> dict:
    article = entry.article
    if entry.link_only or not article.content_html.strip():
        return article_json(entry, None, [])
    content_file = f"articles/{article.id}/content.html"
    archive.writestr(content_file, article.content_html)
    images = []
    for image in article.images:
        if not image.name:
            continue
        if image.name not in written:
            data = job.image_bytes(entry, image)
            if data is None:
                continue
            # Images are compressed already: stored, not deflated again.
            archive.writestr(image.name, data, compress_type=zipfile.ZIP_STORED)
            written.add(image.name)
        images.append(image.name)
    return article_json(entry, content_file, images)


def write(job: Job, destination: Path) -> None:
    """Write the ZIP ``destination`` (see the module's docstring)."""
    header = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        # Before the articles, so a reader meets them first (imports/own.py reads
        # them wherever they are).
        "saved_searches": [
            {"name": s.name, "query": s.query, "created_at": s.created_at}
            for s in job.library.saved_searches.all()
        ],
    }
    with (
        staged(destination, folder=False) as temporary,
        zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        written: set[str] = set()
        articles = [_add_article(job, entry, archive, written) for entry in job.entries()]
        document = {**header, "articles": articles}
        archive.writestr(ZIP_MEMBER, json.dumps(document, ensure_ascii=False, indent=1))
