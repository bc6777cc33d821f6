"""The article as HTML for the reader pane's QTextDocument.

Qt's rich text understands a subset of HTML 4, so the stored article is adapted
here: each image becomes its own centred block sized to the column, followed by
its caption; the header (title, byline, link to the original) is added on top.
String work with Qt's translation and locale only, so it is tested without a widget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from html import escape

import lxml.html
from lxml import etree
from PySide6.QtCore import QCoreApplication, QDate, QLocale, QObject

from newsreader.library.models import Article, StoredImage

# The natural size of a stored image file, or None if it cannot be read.
ImageSize = Callable[[str], tuple[int, int] | None]


@dataclass(frozen=True)
class Layout:
    column_px: int  # width of the text column; images are never wider


def human_date(iso: str | None, locale: QLocale | None = None) -> str:
    """The day of an ISO date or timestamp as the interface shows dates: '12 Dec 2017'
    in English, '12. des. 2017' in Norwegian (the translatable QLocale format
    "d MMM yyyy" in ``locale``, default QLocale()); the input unchanged if unparseable."""
    if not iso:
        return ""
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    # Translators: a QLocale date format (d, MMM, yyyy), e.g. "d. MMM yyyy".
    form = QCoreApplication.translate("dates", "d MMM yyyy")
    return (locale or QLocale()).toString(QDate(day.year, day.month, day.day), form)


# Unicode bidi isolates (UAX #9): a Hebrew site name beside "15 May 2026" must not
# reorder the date, nor an address read right to left inside a right-to-left article.
FIRST_STRONG_ISOLATE, LEFT_TO_RIGHT_ISOLATE, POP_ISOLATE = "\u2068", "\u2066", "\u2069"


def isolated(text: str, left_to_right: bool = False) -> str:
    """``text`` as a bidi isolate: its direction its own (or left to right), without
    reordering what stands around it."""
    opening = LEFT_TO_RIGHT_ISOLATE if left_to_right else FIRST_STRONG_ISOLATE
    return f"{opening}{text}{POP_ISOLATE}" if text else ""


def joined(parts: list[str]) -> str:
    """Details joined by " · ", each an isolate, so that scripts of both directions
    keep their order."""
    return " · ".join(isolated(p) for p in parts if p)


class ReaderTexts(QObject):
    """The reader's texts made outside a widget. A class, so that tr() has one context
    ("ReaderTexts") for lupdate and at run time, and %n plurals are extracted as such."""

    def minutes_read(self, minutes: int) -> str:
        return self.tr("%n min read", "", minutes)


@cache
def _texts() -> ReaderTexts:
    return ReaderTexts()


def byline(article: Article) -> str:
    parts = [article.site or "", article.author or "", human_date(article.published)]
    if article.reading_minutes:
        parts.append(_texts().minutes_read(article.reading_minutes))
    return joined(parts)


def _scaled(size: tuple[int, int] | None, column: int) -> tuple[int, int] | None:
    if not size or size[0] <= 0 or size[1] <= 0:
        return None
    width, height = size
    if width > column:
        height = max(1, round(height * column / width))
        width = column
    return width, height


def _figure(src: str, alt: str, caption: str, size: tuple[int, int] | None) -> etree._Element:
    figure = etree.Element("div", {"class": "figure", "align": "center"})
    img = etree.SubElement(figure, "img", {"src": src, "alt": alt})
    if size:
        img.set("width", str(size[0]))
        img.set("height", str(size[1]))
    if caption:
        text = etree.SubElement(figure, "p", {"class": "caption", "align": "center"})
        text.text = caption
    return figure


_INLINE = {"a", "span", "b", "i", "em", "strong", "small", "u", "sub", "sup", "picture"}
# Blocks that cannot hold another block in Qt's rich text: the image goes after them.
_TEXT_BLOCKS = {"p", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "dd", "li"}


def _body(article: Article, layout: Layout, image_size: ImageSize) -> tuple[str, set[str]]:
    """The article body adapted for Qt, and the image files it shows."""
    if not article.content_html.strip():
        return "", set()
    root = lxml.html.fragment_fromstring(article.content_html, create_parent="div")
    by_file = {image.name: image for image in article.images if image.name}
    shown: set[str] = set()
    for img in list(root.iter("img")):
        src = img.get("src") or ""
        container = img.getparent()
        while container is not root and container.tag in _INLINE:
            container = container.getparent()
        caption = ""
        if container.tag == "figure":
            found = container.find(".//figcaption")
            if found is not None:
                caption = " ".join(found.text_content().split())
                found.drop_tree()
        stored = by_file.get(src)
        if not caption and stored is not None:
            caption = stored.caption
        size = _scaled(image_size(src), layout.column_px) if src else None
        figure = _figure(src, img.get("alt") or "", caption, size)
        shown.add(src)
        if container is not root and container.tag in _TEXT_BLOCKS:
            container.addnext(figure)
        else:
            img.addnext(figure)
            # The text after the image follows the figure, not precedes it.
            figure.tail, img.tail = img.tail, None
        img.drop_tree()  # keeps the text that followed the image
        if container.tag == "figure":
            container.drop_tag()
    for span in root.iter("span"):
        if "nr-missing-image" in (span.get("class") or ""):
            span.set("class", "missing")
            # "[a photo of the harbour]" is not a word of the sentence beside it.
            if span.tail and not span.tail[:1].isspace():
                span.tail = " " + span.tail
    html = "".join(etree.tostring(child, encoding="unicode", method="html") for child in root)
    return (escape(root.text) if root.text else "") + html, shown


def _lead(article: Article, shown: set[str], layout: Layout, image_size: ImageSize) -> str:
    lead: StoredImage | None = next(
        (i for i in article.images if i.is_lead and i.name and i.name not in shown), None
    )
    if lead is None:
        return ""
    figure = _figure(
        lead.name or "",
        lead.alt,
        lead.caption,
        _scaled(image_size(lead.name or ""), layout.column_px),
    )
    return etree.tostring(figure, encoding="unicode", method="html")


def copy_notice(article: Article) -> str:
    """Why this copy may not be the whole article; empty when nothing suggests so."""
    notes = []
    if article.fetch_state == "queued":
        notes.append(
            QCoreApplication.translate(
                "reader",
                "Only the link is saved so far: the page will be fetched in the background, "
                "or now with Re-fetch (Ctrl+R).",
            )
        )
    elif article.fetch_state == "failed":
        notes.append(
            QCoreApplication.translate(
                "reader",
                "Only the link is saved: the page could not be fetched ({0}). Re-fetch "
                "(Ctrl+R) tries again.",
            ).format(article.fetch_error or QCoreApplication.translate("reader", "no reason given"))
        )
    if article.paywall:
        notes.append(
            QCoreApplication.translate("reader", "This copy may stop at a paywall: {0}.").format(
                article.paywall
            )
        )
    if article.unrefined:
        notes.append(
            QCoreApplication.translate(
                "reader",
                "This copy is the page as trafilatura extracted it, without newsreader's "
                "clean-up of images, captions and page furniture; re-fetching it may do better.",
            )
        )
    if article.partial:
        notes.append(
            QCoreApplication.translate(
                "reader",
                "Newsreader could not find the article's exact outline on this page; the text "
                "was taken from the page's main block and may miss or include a few parts.",
            )
        )
    return " ".join(notes)


def article_html(article: Article, layout: Layout, image_size: ImageSize) -> str:
    """The reader's HTML: header, lead image (if the body does not show it), body."""
    body, shown = _body(article, layout, image_size)
    lead = _lead(article, shown, layout, image_size)
    link = escape(article.url, quote=True)
    lang = f' lang="{escape(article.language, quote=True)}"' if article.language else ""
    # Qt lays every block out right to left under <html dir="rtl">, and its bidi
    # algorithm keeps Latin words inside Hebrew or Arabic sentences in place.
    direction = ' dir="rtl"' if article.direction == "rtl" else ""
    return (
        f"<html{lang}{direction}><body>"
        f'<h1 class="title">{escape(article.title)}</h1>'
        f'<p class="byline">{escape(byline(article))}</p>'
        f'<p class="source"><a href="{link}">'
        f"{escape(isolated(_short_url(article.url), left_to_right=True))}</a></p>"
        f"{_notice_html(article)}<hr/>{lead}{body}</body></html>"
    )


def _notice_html(article: Article) -> str:
    notice = copy_notice(article)
    return f'<p class="notice">{escape(notice)}</p>' if notice else ""


def _short_url(url: str) -> str:
    text = url.split("://", 1)[-1]
    return text if len(text) <= 70 else text[:69] + "…"
