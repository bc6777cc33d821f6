"""Readeck's export ZIP (``readeck export``, Readeck 0.17 and later; also what a
user's own export gives).

Format, from Readeck's exporter internal/portability/export.go and portability.go
(codeberg.org/readeck/readeck, read through its mirror Bokovsky/readeck-mirror):
``data.json`` (the export's info, users, collections, and the bookmark ids), then per
bookmark ``bookmarks/<uid>/info.json`` (the Bookmark record, JSON-encoded from the Go
struct in internal/bookmarks/bookmarks.go: ``URL, Title, Created, Updated, Labels,
IsArchived, IsMarked`` (favourite), ``ReadProgress`` (percent), ``Authors, Lang,
SiteName, Site, Published, Description, Annotations``) and the bookmark's files under
``bookmarks/<uid>/container/`` with the article as ``index.html``. An annotation is
``{id, start_selector, start_offset, end_selector, end_offset, color, text, note,
created}`` (the names Readeck's SQL reads in GetAnnotations): ``text`` the quote,
``note`` the note, colours Readeck's yellow, red, blue, green. The article's images
are the container's files under ``_resources/``, which index.html names as
``./_resources/<name>`` (internal/bookmarks/container.go: ``ListResources``,
``ReplaceLinks``): handed to the importer with the HTML, not fetched again from the
site. A third-party script
(joecarpita/readeck-to-karakeep) reads the same info.json keys. Lower-case API names
(``url``, ``is_archived``…) are read as well.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace

from newsreader.imports import fields, selectors
from newsreader.imports.dates import to_utc
from newsreader.imports.records import ImportedHighlight, ImportedItem, ImportProblem
from newsreader.imports.sources import Archive, decode

ID = "readeck"
INFO = re.compile(r"^bookmarks/([^/]+)/info\.json$")
RESOURCE = re.compile(r"^bookmarks/([^/]+)/container/_resources/([^/]+)$")
MAX_INFO_BYTES = 64 * 1024 * 1024
MAX_CONTENT_BYTES = 64 * 1024 * 1024  # one article's HTML


def read(source: str) -> Iterator[ImportedItem | ImportProblem]:
    with Archive(source) as archive:
        for name in archive.unsafe:
            yield ImportProblem(name, "unsafe name in the archive: not read")
        names = set(archive.names())
        resources: dict[str, list[tuple[str, str]]] = {}
        for name in sorted(names):
            if found := RESOURCE.match(name):
                uid, file = found.groups()
                # Written ./_resources/<file> by Readeck; _resources/<file> read too.
                for src in (f"./_resources/{file}", f"_resources/{file}"):
                    resources.setdefault(uid, []).append((src, name))
        for name in sorted(n for n in names if INFO.match(n)):
            uid = INFO.match(name).group(1)  # type: ignore[union-attr]
            where = f"bookmark {uid}"
            if archive.size(name) > MAX_INFO_BYTES:
                yield ImportProblem(where, "info.json is too large: not read")
                continue
            try:
                record = json.loads(decode(archive.read(name)))
            except ValueError as error:
                yield ImportProblem(where, f"info.json is not valid JSON: {error}")
                continue
            if not isinstance(record, dict):
                yield ImportProblem(where, "info.json is not a bookmark")
                continue
            page = f"bookmarks/{uid}/container/index.html"
            content = None
            if page in names and archive.size(page) > MAX_CONTENT_BYTES:
                yield ImportProblem(where, "the saved page is too large: left out")
            elif page in names:
                content = decode(archive.read(page))
            item = _item(record, content, where)
            if isinstance(item, ImportedItem) and item.content_html and uid in resources:
                item = replace(item, image_sources=tuple(resources[uid]))
            yield item


def _get(record: dict, *names: str) -> object:
    for name in names:
        if name in record and record[name] not in (None, ""):
            return record[name]
    return None


def _item(record: dict, content: str | None, where: str) -> ImportedItem | ImportProblem:
    url = fields.text(_get(record, "URL", "url"))
    if not url:
        return fields.no_url(where)
    authors = _get(record, "Authors", "authors")
    return ImportedItem(
        url=url,
        title=fields.title(_get(record, "Title", "title"), url),
        tags=fields.tags(_get(record, "Labels", "labels")),
        saved_at=to_utc(_get(record, "Created", "created")),
        state="archived" if fields.flag(_get(record, "IsArchived", "is_archived")) else "unread",
        favorite=fields.flag(_get(record, "IsMarked", "is_marked")),
        progress=fields.fraction(_get(record, "ReadProgress", "read_progress"), percent=True),
        author=", ".join(fields.tags(authors)) or None if isinstance(authors, list) else None,
        site=fields.text(_get(record, "SiteName", "site_name", "Site", "site")),
        description=fields.text(_get(record, "Description", "description")),
        published=to_utc(_get(record, "Published", "published")),
        language=fields.text(_get(record, "Lang", "lang")),
        content_html=fields.text(content),
        highlights=tuple(_highlights(_get(record, "Annotations", "annotations"))),
        source=ID,
        line=where,
    )


def _highlights(annotations: object) -> Iterator[ImportedHighlight]:
    if not isinstance(annotations, list):
        return
    for position, mark in enumerate(annotations):
        if not isinstance(mark, dict):
            continue
        quote = fields.text(mark.get("text"))
        if not quote:
            continue
        found = [selectors.quote(quote)]
        span = selectors.xpath_range(
            mark.get("start_selector"),
            mark.get("start_offset"),
            mark.get("end_selector"),
            mark.get("end_offset"),
        )
        if span:
            found.append(span)
        yield ImportedHighlight(
            quote=quote,
            note=fields.text(mark.get("note")) or "",
            color=fields.color(mark.get("color")),
            created_at=to_utc(mark.get("created")),
            selectors=tuple(found),
            position=position,
        )
