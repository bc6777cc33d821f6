"""EPUB 3: the chosen articles as one book, written with EbookLib.

EbookLib (https://github.com/aerkalov/ebooklib) writes the container (``mimetype``
first and stored, ``META-INF/container.xml``), the package document and the
navigation document (the table of contents: one entry per article) and an NCX for
EPUB 2 readers. Each article is one XHTML content document (``xhtml.document``, ours:
EbookLib would re-read our XHTML with an HTML parser) with its language
(``lang``/``xml:lang``) and direction (``dir="rtl"``); the package lists every
article's language as ``dc:language``, the authors as ``dc:creator``, the addresses
as ``dc:source``, and reads right to left (``page-progression-direction="rtl"``)
when every article does. Images are the library's own files, inside the book; one
of a type outside the core media types that every reading system shows (GIF, JPEG,
PNG, SVG: EPUB 3.2's list, which EPUBCheck 4 holds books to; a foreign type needs a
manifest fallback) is converted to PNG or JPEG with Pillow (``book_image``): AVIF,
WebP and BMP, which the fetcher gets from many sites. One Pillow cannot read is left
out, its alt text in its place, and reported once.
Rules: EPUB 3.3, https://www.w3.org/TR/epub-33/ (core media types:
https://www.w3.org/TR/epub-33/#sec-core-media-types); checked with EPUBCheck in the
tests.
"""

from __future__ import annotations

import io
import uuid
import warnings
from collections import Counter
from dataclasses import dataclass
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
# Image types every EPUB reading system shows (EPUB 3.2's core media types; 3.3 adds
# WebP, which EPUBCheck 4 and older readers refuse), by Pillow's format name.
CORE_IMAGE_TYPES = {"GIF": "image/gif", "JPEG": "image/jpeg", "PNG": "image/png"}
SVG = "image/svg+xml"
# Pillow formats that keep every pixel: converted to PNG; the others (AVIF, WebP…)
# are photos compressed with loss, converted to JPEG unless they have transparency.
_LOSSLESS_FORMATS = {"BMP", "DIB", "ICO", "PPM", "TGA", "TIFF", "PCX", "SGI", "QOI"}
JPEG_QUALITY = 90
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


@dataclass(frozen=True)
class BookImage:
    data: bytes
    media_type: str  # a core media type
    suffix: str  # ".png", ".jpg"… for the file name in the book


def book_image(data: bytes, mime: str | None) -> BookImage | None:
    """``data`` (an image whose stored type is ``mime``) as an image every EPUB
    reading system shows: as it is when it is GIF, JPEG, PNG or SVG (its type read
    from the bytes, so a wrong ``mime`` is mended), else its first frame converted by
    Pillow to PNG (transparency, or a lossless format such as BMP) or JPEG (AVIF,
    WebP photos). None when Pillow cannot read it (a type it has no decoder for, a
    damaged file, more pixels than Pillow's MAX_IMAGE_PIXELS)."""
    if mime == SVG:
        return BookImage(data, SVG, ".svg")
    from PIL import Image  # Pillow: only exports of books need it

    try:
        with warnings.catch_warnings():
            # A decompression bomb warning is an image too big to convert: left out.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as picture:
                kind = picture.format or ""
                if kind in CORE_IMAGE_TYPES:
                    suffix = ".jpg" if kind == "JPEG" else f".{kind.lower()}"
                    return BookImage(data, CORE_IMAGE_TYPES[kind], suffix)
                picture.load()
                transparent = picture.has_transparency_data
                out = io.BytesIO()
                if transparent or kind in _LOSSLESS_FORMATS:
                    converted = (
                        picture
                        if picture.mode in ("RGB", "RGBA", "L", "LA")
                        else (picture.convert("RGBA" if transparent else "RGB"))
                    )
                    converted.save(out, "PNG", optimize=False)
                    return BookImage(out.getvalue(), "image/png", ".png")
                converted = picture if picture.mode in ("RGB", "L") else picture.convert("RGB")
                converted.save(out, "JPEG", quality=JPEG_QUALITY)
                return BookImage(out.getvalue(), "image/jpeg", ".jpg")
    # Pillow's decoders raise many kinds of errors on data they cannot read (OSError,
    # ValueError, SyntaxError, EOFError, DecompressionBombError…): each means the same.
    except Exception:
        return None


class _Images:
    """The images put in the book, each once under its library name: what a page's
    ``<img>`` points at, or None (missing, or a type that could not be converted)."""

    def __init__(self, job: Job, book: epub.EpubBook) -> None:
        self.job, self.book = job, book
        self.targets: dict[str, str | None] = {}

    def source(self, entry: Entry, image) -> str | None:
        name = image_file_name(image)
        if name in self.targets:
            return self.targets[name]
        target = None
        data = self.job.image_bytes(entry, image)
        if data is not None:
            converted = book_image(data, image.mime)
            if converted is None:
                self.job.image_names.discard(image.name or str(image.file))
                self.job.problems.append(
                    f"article {entry.article.id}: image {name} ({image.mime or 'unknown type'}) "
                    "could not be converted to a type EPUB readers show; its alt text stands "
                    "in its place"
                )
            else:
                target = f"{IMAGES}/{Path(name).stem}{converted.suffix}"
                self.book.add_item(
                    epub.EpubImage(
                        uid=f"image-{len(self.targets) + 1}",
                        file_name=target,
                        media_type=converted.media_type,
                        content=converted.data,
                    )
                )
        self.targets[name] = target
        return target


def _chapter_html(job: Job, entry: Entry, images: _Images) -> str:
    article = entry.article

    def image_source(image) -> str | None:
        return images.source(entry, image)

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
    images = _Images(job, book)
    for entry in job.entries():
        article = entry.article
        direction = "rtl" if article.direction == "rtl" else "ltr"
        directions.add(direction)
        if article.language:
            languages[article.language] += 1
        if article.author:
            authors.setdefault(xhtml.xml_text(article.author), None)
        body = _chapter_html(job, entry, images)
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
    with staged(destination, folder=False) as temporary, warnings.catch_warnings():
        # EbookLib warns (two lines on stderr) before it raises a failed write's
        # OSError, which staged() makes our one line: the warning says nothing more.
        warnings.simplefilter("ignore", UserWarning)
        # EbookLib's pages option would parse every document again for page breaks
        # (we have none); its own writer otherwise only warns about a failed write.
        epub.write_epub(str(temporary), book, {"epub3_pages": False, "raise_exceptions": True})
