"""EPUB 3: the chosen articles as one book, written with EbookLib.

EbookLib (https://github.com/aerkalov/ebooklib) writes the container (``mimetype``
first and stored, ``META-INF/container.xml``), the package document and the
navigation document (the table of contents: one entry per article) and an NCX for
EPUB 2 readers. Each article is one XHTML content document (``xhtml.document``, ours:
EbookLib would re-read our XHTML with an HTML parser) with its language
(``lang``/``xml:lang``) and direction (``dir="rtl"``); the package lists every
article's language as ``dc:language``, the authors as ``dc:creator``, the addresses
as ``dc:source``, and reads right to left (``page-progression-direction="rtl"``)
when every article does. Images are the library's own files, inside the book.
Rules: EPUB 3.3, https://www.w3.org/TR/epub-33/; checked with EPUBCheck in the tests.
"""

from __future__ import annotations

import uuid
from collections import Counter
from html import escape
from pathlib import Path

from ebooklib import epub

from newsreader import render, render_highlights
from newsreader.exports import xhtml
from newsreader.exports.common import Entry, Job, image_file_name, staged

IMAGES = "images"
STYLESHEET = "style.css"
_CSS = """body { font-family: serif; line-height: 1.5; }
img { max-width: 100%; height: auto; }
.byline, .source { font-size: 0.9em; }
.link-only { font-style: italic; }
"""
# Said in the book where a link-only article's text would be.
LINK_ONLY_TEXT = "Saved as a link only: the article's text is not in the library."


class _Page(epub.EpubHtml):
    """A content document whose bytes are ours: EbookLib's own get_content parses
    the content again as HTML and rebuilds it."""

    def __init__(self, data: bytes, **kwargs) -> None:
        super().__init__(**kwargs)
        self.content = data

    def get_content(self, default=None) -> bytes:
        return self.content


def _chapter_html(job: Job, entry: Entry, book: epub.EpubBook, added: set[str]) -> str:
    article = entry.article

    def image_source(image) -> str | None:
        name = image_file_name(image)
        if name not in added:
            data = job.image_bytes(entry, image)
            if data is None:
                return None
            book.add_item(
                epub.EpubImage(
                    uid=f"image-{len(added) + 1}",
                    file_name=f"{IMAGES}/{name}",
                    media_type=image.mime or "image/jpeg",
                    content=data,
                )
            )
            added.add(name)
        return f"{IMAGES}/{name}"

    parts = [
        f"<h1>{escape(article.title)}</h1>",
        f'<p class="byline">{escape(render.byline(article))}</p>',
        f'<p class="source"><a href="{escape(article.url)}">{escape(article.url)}</a></p>',
    ]
    if entry.link_only:
        parts.append(f'<p class="link-only">{escape(LINK_ONLY_TEXT)}</p>')
    else:
        parts.append(render.with_image_sources(article.content_html, article.images, image_source))
    parts.append(render_highlights.notes_html(entry.highlights, entry.note))
    return "\n".join(parts)


def write(job: Job, destination: Path) -> None:
    """Write the book to ``destination`` (see the module's docstring)."""
    book = epub.EpubBook()
    book.set_identifier(f"urn:uuid:{uuid.uuid4()}")
    book.add_item(epub.EpubItem(uid="style", file_name=STYLESHEET, media_type="text/css",
                                content=_CSS.encode()))  # fmt: skip
    chapters: list[epub.EpubHtml] = []
    languages: Counter[str] = Counter()
    authors: dict[str, None] = {}
    directions: set[str] = set()
    added: set[str] = set()
    for entry in job.entries():
        article = entry.article
        direction = "rtl" if article.direction == "rtl" else "ltr"
        directions.add(direction)
        if article.language:
            languages[article.language] += 1
        if article.author:
            authors.setdefault(xhtml.xml_text(article.author), None)
        body = _chapter_html(job, entry, book, added)
        number = len(chapters) + 1
        data = xhtml.document(
            article.title,
            body,
            language=article.language,
            direction=direction,
            stylesheet=STYLESHEET,
        )
        chapter = _Page(
            data,
            uid=f"article-{number}",
            title=xhtml.xml_text(article.title),  # EbookLib puts it in XML as it is
            file_name=f"article-{number}.xhtml",
            lang=article.language,
            direction=direction if direction == "rtl" else None,
        )
        book.add_item(chapter)
        chapters.append(chapter)
        book.add_metadata("DC", "source", xhtml.xml_text(article.url))
    if len(chapters) == 1:
        book.set_title(chapters[0].title)
    else:
        book.set_title(f"{len(chapters)} articles from newsreader")
    ordered = [language for language, _ in languages.most_common()]
    # EbookLib writes the book's first language on the navigation document too.
    book.set_language(ordered[0] if ordered else "und")
    for language in ordered[1:]:
        book.add_metadata("DC", "language", language)
    for number, author in enumerate(authors, 1):
        book.add_author(author, uid=f"creator-{number}")
    if directions == {"rtl"}:
        book.set_direction("rtl")
    book.toc = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *chapters]
    with staged(destination, folder=False) as temporary:
        # EbookLib's pages option would parse every document again for page breaks
        # (we have none); its own writer otherwise only warns about a failed write.
        epub.write_epub(str(temporary), book, {"epub3_pages": False, "raise_exceptions": True})
