"""newsreader's own JSON export, read back (the round trip of issue 15).

The format, which the export writes:

    {
      "format": "newsreader-export",
      "version": 1,
      "exported_at": "2025-07-01T12:00:00+00:00",
      "saved_searches": [                   optional (added in issue 16), in their order
        {"name": "…", "query": "a search as typed", "created_at": ISO 8601 UTC}
      ],
      "articles": [
        {
          "url": "https://…",                 required
          "title": "…", "author": "…", "site": "…", "description": "…",
          "published": ISO 8601 UTC or a date, "language": "nb",
          "updated": the page's own "updated" date or null,
          "final_url": "https://…" (after redirects), "canonical_url": "https://…" or null,
          "lead_image_url": "https://…" or null (the address of its lead image),
          "saved_at": ISO 8601 UTC, "read_at": ISO 8601 UTC or null,
          "state": "unread" | "archived",
          "favorite": false,
          "progress": 0.0 … 1.0 or null,
          "partial": false (true: the text came from a fallback, parts may be missing),
          "paywall": why the text likely stops at a paywall, or null,
          "fetch_state": null (the article has its text), or for a link only
                         "queued" (not fetched yet) or "failed" (could not be),
          "fetch_error": why it could not be fetched (one line) or null,
          "tags": ["…"],
          "note": "the article's own note" or null,
          "content_html": "<article>…</article>" or null,
          "content_file": "articles/12/content.html" or null,
          "images": ["images/3f/3f9a….jpg", …] (the files in the ZIP; the HTML's
                    <img src> names them so, data-original-src giving the address
                    each was saved from: an image left out, its file missing, is
                    kept under that address with its alt text and caption),
          "highlights": [
            {"quote": "…", "note": "…", "color": "yellow" | "green" | "blue" | "red",
             "created_at": ISO, "updated_at": ISO,
             "origin": null (made in newsreader) or the service it was imported from
                       ("wallabag"…); absent in older files: then "newsreader",
             "anchoring": how it was last placed in the article's text: "made",
                          "position", "quote", "fuzzy" or "lost" (library/anchoring.py),
             "selectors": [W3C selectors: first the TextQuoteSelector of the quote with
                           prefix/suffix, then its TextPositionSelector in the
                           article's plain text (when found), then any the highlight
                           was imported with]}
          ]
        }
      ]
    }

``version`` is 1; a reader refuses a larger one (a file from a newer newsreader).
Keys are only ever added within a version (older readers ignore them); read back,
a highlight's own quote and position selectors are where it is placed again, not
selectors to keep beside it (an export of the import would hold them twice).
The export is either this JSON alone, or a ZIP holding it as
``newsreader-export.json`` at its root with the files it names (``content_file``,
``images``) beside it, by those relative paths. Read element by element.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsreader.imports import fields
from newsreader.imports.dates import date_or_time, to_utc
from newsreader.imports.jsonstream import JsonArray
from newsreader.imports.records import (
    ImportedHighlight,
    ImportedItem,
    ImportedSavedSearch,
    ImportProblem,
)
from newsreader.imports.sources import Archive, ImportError_, decode, is_zip, text_stream

ID = "newsreader"
FORMAT = "newsreader-export"
VERSION = 1
ZIP_MEMBER = "newsreader-export.json"
MAX_CONTENT_BYTES = 64 * 1024 * 1024


def read(source: str) -> Iterator[ImportedItem | ImportProblem]:
    if is_zip(source):
        with Archive(source) as archive:
            if ZIP_MEMBER not in archive.names():
                raise ImportError_(f"a ZIP without {ZIP_MEMBER}: not a newsreader export")
            with archive.open(ZIP_MEMBER) as stream, text_stream(stream) as text:
                yield from _articles(text, archive)
    else:
        with open(source, "rb") as handle, text_stream(handle) as text:
            yield from _articles(text, None)


def _articles(
    text, archive: Archive | None
) -> Iterator[ImportedItem | ImportProblem | ImportedSavedSearch]:
    reader = JsonArray(text, key="articles")
    for number, article in enumerate(reader, 1):
        _check(reader.members)
        where = f"article {number}"
        if not isinstance(article, dict):
            yield ImportProblem(where, "not an article")
            continue
        yield _item(article, where, archive)
    _check(reader.members)
    # Last, after every article: the members of the object are all read by now.
    yield from _saved_searches(reader.members.get("saved_searches"))


def _saved_searches(found: object) -> Iterator[ImportedSavedSearch]:
    """The file's saved searches (absent in files made before issue 16); an entry
    without a name and a query of text is left out."""
    if not isinstance(found, list):
        return
    for number, entry in enumerate(found, 1):
        if isinstance(entry, dict):
            name, query = entry.get("name"), entry.get("query")
            if isinstance(name, str) and isinstance(query, str):
                yield ImportedSavedSearch(f"saved search {number}", name, query)


def _check(members: dict) -> None:
    if "format" in members and members["format"] != FORMAT:
        raise ImportError_(f"not a newsreader export (format {members['format']!r})")
    version = members.get("version")
    if isinstance(version, int) and version > VERSION:
        raise ImportError_(f"a newsreader export of version {version}: newer than this newsreader")


def _item(article: dict, where: str, archive: Archive | None) -> ImportedItem | ImportProblem:
    url = fields.text(article.get("url"))
    if not url:
        return fields.no_url(where)
    content = fields.text(article.get("content_html"))
    content_file = fields.text(article.get("content_file"))
    if content is None and content_file and archive is not None:
        try:
            content = decode(archive.read(content_file))
        except KeyError:
            return ImportProblem(where, f"{content_file} is not in the archive")
    images = article.get("images")
    fetch_state = article.get("fetch_state")
    return ImportedItem(
        url=url,
        title=fields.title(article.get("title"), url),
        tags=fields.tags(article.get("tags")),
        saved_at=to_utc(article.get("saved_at")),
        state="archived" if article.get("state") == "archived" else "unread",
        favorite=fields.flag(article.get("favorite")),
        progress=fields.fraction(article.get("progress")),
        read_at=to_utc(article.get("read_at")),
        author=fields.text(article.get("author")),
        site=fields.text(article.get("site")),
        description=fields.text(article.get("description")),
        published=date_or_time(article.get("published")),
        language=fields.text(article.get("language")),
        lead_image_url=fields.text(article.get("lead_image_url")),
        canonical_url=fields.text(article.get("canonical_url")),
        final_url=fields.text(article.get("final_url")),
        partial=fields.flag(article.get("partial")),
        paywall=fields.text(article.get("paywall")),
        fetch_state=fetch_state if fetch_state in ("queued", "failed") else None,
        fetch_error=fields.text(article.get("fetch_error")),
        updated=fields.text(article.get("updated")),
        content_html=content,
        highlights=tuple(_highlights(article.get("highlights"))),
        note=fields.text(article.get("note")),
        images=tuple(i for i in images if isinstance(i, str)) if isinstance(images, list) else (),
        source=ID,
        line=where,
    )


def _highlights(marks: object) -> Iterator[ImportedHighlight]:
    if not isinstance(marks, list):
        return
    for position, mark in enumerate(marks):
        if not isinstance(mark, dict) or not fields.text(mark.get("quote")):
            continue
        found = mark.get("selectors")
        given = [s for s in found if isinstance(s, dict)] if isinstance(found, list) else []
        quote, place, others = _own_selectors(mark["quote"], given)
        origin = mark.get("origin", "")
        anchoring = mark.get("anchoring")
        yield ImportedHighlight(
            quote=mark["quote"],
            note=mark.get("note") or "",
            color=fields.color(mark.get("color")),
            created_at=to_utc(mark.get("created_at")),
            updated_at=to_utc(mark.get("updated_at")),
            selectors=tuple(others),
            position=position,
            origin=origin if origin is None or isinstance(origin, str) else "",
            prefix=_text(quote.get("prefix")) if quote else "",
            suffix=_text(quote.get("suffix")) if quote else "",
            start=place[0] if place else None,
            end=place[1] if place else None,
            anchoring=anchoring if anchoring in ANCHORINGS else None,
        )


ANCHORINGS = ("made", "position", "quote", "fuzzy", "lost")  # library/anchoring.METHODS


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _own_selectors(
    quote: str, given: list[dict]
) -> tuple[dict | None, tuple[int, int] | None, list[dict]]:
    """The export's own TextQuoteSelector of ``quote`` and TextPositionSelector (the
    first two, as the format writes them), and the selectors left beside them; any
    restating them again (written by an older export of an import) is dropped."""

    def restates(selector: dict) -> bool:  # an earlier quote kept is marked newsreader
        exact = selector.get("exact") == quote and "newsreader" not in selector
        return selector.get("type") == "TextQuoteSelector" and exact

    own_quote = given[0] if given and restates(given[0]) else None
    place: tuple[int, int] | None = None
    rest = given[1:] if own_quote else given
    if own_quote and rest and rest[0].get("type") == "TextPositionSelector":
        start, end = rest[0].get("start"), rest[0].get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
            place = (start, end)
        rest = rest[1:]
    ours = {"type": "TextPositionSelector", "start": place[0], "end": place[1]} if place else None
    others = [s for s in rest if not restates(s) and s != ours]
    return own_quote, place, others
