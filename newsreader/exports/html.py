"""HTML: a folder with one self-contained page per article (``<title>.html``).

Each page is render.to_html: UTF-8 declared, the style inline, every image embedded
as a data: URI (RFC 2397), and a Content-Security-Policy that lets the browser load
nothing else, so a page reads the same offline, mailed or moved on its own.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newsreader import render
from newsreader.exports.common import Entry, Job, UniqueNames, staged

SUFFIX = ".html"
LINK_ONLY_HTML = (
    '<p class="link-only"><em>Saved as a link only: '
    "the article's text is not in the library.</em></p>"
)


def page(job: Job, entry: Entry) -> str:
    """One article's page (see the module's docstring)."""

    def image_source(image) -> str | None:
        data = job.image_bytes(entry, image)
        return render.data_uri(data, image.mime) if data is not None else None

    article = entry.article
    if entry.link_only:
        article = replace(article, content_html=LINK_ONLY_HTML)
    return render.to_html(article, entry.highlights, entry.note, image_source=image_source)


def write(job: Job, destination: Path) -> None:
    """Write the folder ``destination`` of pages."""
    names = UniqueNames()
    with staged(destination, folder=True) as temporary:
        for entry in job.entries():
            name = names.take(entry.article.title, SUFFIX, f"article-{entry.article.id}")
            (temporary / name).write_text(page(job, entry), encoding="utf-8")
