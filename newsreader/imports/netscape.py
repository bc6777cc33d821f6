"""Netscape bookmark files, as every browser exports them (Firefox, Chrome, Edge,
Safari, Brave, Vivaldi) and as Pinboard, Raindrop, Shaarli, Karakeep and Linkwarden
write them.

Format, from Microsoft's description of the Netscape Bookmark File Format
(https://learn.microsoft.com/previous-versions/windows/internet-explorer/
ie-developer/platform-apis/aa753582(v=vs.85)), the fixtures wallabag reads
(tests/fixtures/Import/chrome-bookmarks, shaarli-bookmarks.html), and Karakeep's
reader in apps/web/lib/importBookmarkParser.ts: ``<!DOCTYPE
NETSCAPE-Bookmark-file-1>``, folders as ``<DT><H3>Name</H3><DL><p>…</DL><p>``, links
as ``<DT><A HREF ADD_DATE LAST_MODIFIED TAGS="a,b" TOREAD="1">title</A>`` with an
optional ``<DD>description`` after. Tags are written with commas (Firefox, Pinboard,
Raindrop). The nesting is loose HTML (``<p>`` and ``<DT>`` never closed), so the
parser follows ``<DL>`` and ``</DL>`` only.

Every folder a link sits in becomes a tag, except the browser's own roots (the
toolbar and "Other bookmarks", marked ``PERSONAL_TOOLBAR_FOLDER`` /
``UNFILED_BOOKMARKS_FOLDER``). ``TOREAD="1"`` is unread, ``TOREAD="0"`` (Pinboard's
read) archived, no TOREAD unread. Links that are not web pages (``place:`` queries,
``javascript:`` bookmarklets, ``mailto:``, relative links) are skipped. A ``<DD>``
description is HTML text: its whitespace is read as HTML reads it, a blank line kept
as a paragraph break (``fields.paragraphs``).
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

from newsreader.imports import fields
from newsreader.imports.dates import to_utc
from newsreader.imports.records import ImportedItem, ImportProblem, Skipped
from newsreader.imports.sources import text_stream

ID = "netscape"
_ROOT_MARKS = ("personal_toolbar_folder", "unfiled_bookmarks_folder")
_WEB = ("http://", "https://")


def read(source: str) -> Iterator[ImportedItem | ImportProblem | Skipped]:
    parser = _Parser()
    with open(source, "rb") as handle, text_stream(handle) as text:
        while chunk := text.read(256 * 1024):
            parser.feed(chunk)
            yield from parser.take()
        parser.close()
        parser.finish()
        yield from parser.take()


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._folders: list[str | None] = []  # one per open <DL>: its folder's tag, or None
        self._pending: str | None = None  # an <H3> just read, waiting for its <DL>
        self._h3: dict | None = None
        self._h3_text = ""
        self._link: dict | None = None
        self._link_text = ""
        self._link_line = 0
        self._item: dict | None = None  # a link read, waiting for a possible <DD>
        self._dd: list[str] | None = None
        self._done: list = []
        self._count = 0

    def take(self) -> list:
        done, self._done = self._done, []
        return done

    def finish(self) -> None:
        self._emit()

    def handle_starttag(self, tag, attrs):
        if tag in ("dt", "dl", "h3", "a", "hr") or (tag == "dd" and self._item is None):
            self._emit()
        if tag == "dl":
            self._folders.append(self._pending)
            self._pending = None
        elif tag == "h3":
            self._h3, self._h3_text = {k.lower(): v for k, v in attrs}, ""
        elif tag == "a":
            self._link, self._link_text = {k.lower(): v for k, v in attrs}, ""
            self._link_line = self.getpos()[0]
        elif tag == "dd" and self._item is not None:
            self._dd = []

    def handle_endtag(self, tag):
        if tag == "dl":
            self._emit()
            if self._folders:
                self._folders.pop()
        elif tag == "h3" and self._h3 is not None:
            root = any(self._h3.get(mark, "").lower() == "true" for mark in _ROOT_MARKS)
            self._pending = None if root else fields.line(self._h3_text)
            self._h3 = None
        elif tag == "a" and self._link is not None:
            self._count += 1
            self._item = {
                "attrs": self._link,
                "title": self._link_text,
                "where": f"bookmark {self._count} (line {self._link_line})",
                "tags": [f for f in self._folders if f],
            }
            self._link = None

    def handle_data(self, data):
        if self._h3 is not None:
            self._h3_text += data
        elif self._link is not None:
            self._link_text += data
        elif self._dd is not None:
            self._dd.append(data)

    def _emit(self) -> None:
        item, self._item = self._item, None
        description = fields.paragraphs("".join(self._dd)) if self._dd is not None else None
        self._dd = None
        if item is None:
            return
        attrs, where = item["attrs"], item["where"]
        url = fields.text(attrs.get("href"))
        if not url:
            self._done.append(fields.no_url(where))
            return
        if not url.lower().startswith(_WEB):
            self._done.append(fields.not_a_web_link(where, url))
            return
        toread = attrs.get("toread")
        self._done.append(
            ImportedItem(
                url=url,
                title=fields.title(item["title"], url),
                tags=fields.tags(item["tags"] + list(fields.split_tags(attrs.get("tags"), ","))),
                saved_at=to_utc(attrs.get("add_date")),
                state="archived" if toread is not None and toread.strip() == "0" else "unread",
                description=description,
                source=ID,
                line=where,
            )
        )
