"""Omnivore's export ZIP (2024, before the service closed).

Format, from omnivore-app/omnivore packages/export-handler/src/index.ts (the exporter
itself): members ``metadata_<from>_to_<to>.json`` (a JSON array of ``{id, slug,
title, description, author, url, state: "archived" | "active", readingProgress
(percent), thumbnail, labels: [names], savedAt, updatedAt, publishedAt}``),
``content/<slug>.html`` (the article as Omnivore kept it) and
``highlights/<slug>.md``: each highlight ``> quote`` (an empty line inside a quote
written as ``> ``), then a blank line and ``#label #label`` if it had labels, then a
blank line and its note; highlights separated by a blank line. wallabag's
src/Import/OmnivoreImport.php reads the same metadata (``state`` ``Archived``).
A bare metadata JSON (some tools unpacked it) is read too, without content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from newsreader.imports import fields
from newsreader.imports.dates import to_utc
from newsreader.imports.jsonstream import JsonArray
from newsreader.imports.records import ImportedHighlight, ImportedItem, ImportProblem
from newsreader.imports.sources import Archive, decode, is_zip, text_stream

ID = "omnivore"
METADATA = re.compile(r"(^|/)metadata_[^/]*\.json$")
MAX_CONTENT_BYTES = 64 * 1024 * 1024  # one article's HTML
_LABELS = re.compile(r"^#\S+(\s+#\S+)*$")


def read(source: str) -> Iterator[ImportedItem | ImportProblem]:
    if not is_zip(source):
        with open(source, "rb") as handle, text_stream(handle) as text:
            yield from _entries(JsonArray(text), "metadata", None, {})
        return
    with Archive(source) as archive:
        for name in archive.unsafe:
            yield ImportProblem(name, "unsafe name in the archive: not read")
        names = archive.names()
        by_slug = {}
        for name in names:
            path = PurePosixPath(name)
            if len(path.parts) >= 2 and path.parts[-2] in ("content", "highlights"):
                by_slug[(path.parts[-2], path.stem)] = name
        for name in sorted(n for n in names if METADATA.search(n)):
            with archive.open(name) as stream, text_stream(stream) as text:
                yield from _entries(JsonArray(text), name, archive, by_slug)


def _entries(entries, name: str, archive: Archive | None, by_slug: dict):
    for number, entry in enumerate(entries, 1):
        where = f"{name}: item {number}"
        if not isinstance(entry, dict):
            yield ImportProblem(where, "not an item")
            continue
        url = fields.text(entry.get("url") or entry.get("originalArticleUrl"))
        if not url:
            yield fields.no_url(where)
            continue
        slug = fields.text(entry.get("slug"))
        content = marks = None
        if archive is not None and slug:
            page = by_slug.get(("content", slug))
            if page and archive.size(page) > MAX_CONTENT_BYTES:
                yield ImportProblem(where, f"{page} is too large: left out")
            elif page:
                content = decode(archive.read(page))
            if ("highlights", slug) in by_slug:
                marks = decode(archive.read(by_slug[("highlights", slug)]))
        yield ImportedItem(
            url=url,
            title=fields.title(entry.get("title"), url),
            tags=fields.tags(entry.get("labels")),
            saved_at=to_utc(entry.get("savedAt")),
            state="archived" if (entry.get("state") or "").lower() == "archived" else "unread",
            progress=fields.fraction(entry.get("readingProgress"), percent=True),
            author=fields.line(entry.get("author")),
            description=fields.text(entry.get("description")),
            published=to_utc(entry.get("publishedAt"), future=True),
            content_html=fields.text(content),
            highlights=tuple(parse_highlights(marks or "")),
            source=ID,
            line=where,
        )


def parse_highlights(markdown: str) -> Iterator[ImportedHighlight]:
    """The highlights of one ``highlights/<slug>.md``, in order."""
    quote: list[str] = []
    note: list[str] = []
    position = 0
    in_quote = False

    def done():
        text = "\n".join(quote).strip()
        return ImportedHighlight(quote=text, note="\n\n".join(note).strip(), position=position)

    for block in re.split(r"\n\s*\n", markdown.replace("\r\n", "\n")):
        if not block.strip():
            continue
        if block.startswith(">"):
            if quote:
                yield done()
                position += 1
            quote, note = [], []
            for line in block.split("\n"):
                quote.append(line[1:].lstrip(" ") if line.startswith(">") else line)
            # "> " alone stood for an empty line between paragraphs
            quote = _paragraphs(quote)
            in_quote = True
        elif in_quote and _LABELS.match(block.strip()) and not note:
            continue  # the highlight's labels: not kept (our highlights have none)
        elif in_quote:
            note.append(block.strip())
    if quote:
        yield done()


def _paragraphs(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line == "" and out and out[-1] != "":
            out.append("")
        elif line:
            out.append(line)
    return out
