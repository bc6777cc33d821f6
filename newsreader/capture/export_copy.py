"""An article's copy from another service's export, made safe and shaped as ours.

Omnivore, wallabag and Readeck exports carry each article's HTML as that service
stored it; newsreader's own export carries ours. It never goes through trafilatura
(it is the article already, and short ones would be judged "no article text"), but
through the same cleaning every fetched page gets after extraction:
``unrefined.CLEANER`` (lxml_html_clean: scripts, styles, forms, frames, event
attributes) and ``refine.finish`` (only safe links, the attributes we keep, the
headline repeated at the top and teaser links removed, images as figures with their
captions). Images come through ``PreparedPage`` stand-ins as in ``page_prep``: a web
address is downloaded by the saver like any page's image; a file the export itself
holds (newsreader's ZIP, Readeck's) is handed over as an inline payload, as a ``data:`` image is.

Pure functions of their input, cheap enough for the importer's threads (lxml only).
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Mapping
from html import unescape

import lxml.etree
import lxml.html

from newsreader import languages
from newsreader.capture.dom import drop_unnamable_attributes
from newsreader.capture.extracted import ExtractedArticle
from newsreader.capture.prepared import INLINE_SCHEME, PageImage, PreparedPage, stand_in
from newsreader.capture.refine import finish
from newsreader.capture.text import html_to_text
from newsreader.capture.unrefined import CLEANER
from newsreader.capture.urls import absolute, split
from newsreader.errors import ExtractionError


def _container(html: str) -> lxml.html.HtmlElement:
    """The body of ``html`` (a fragment or a whole document) as one ``<div>``."""
    try:
        document = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ExtractionError("the export's copy of the article is empty") from exc
    body = document.find("body")
    source = body if body is not None else document
    div = lxml.html.Element("div")
    div.text = source.text
    for child in list(source):
        div.append(child)
    return div


def _stand_ins(
    root: lxml.html.HtmlElement,
    base_url: str,
    files: Mapping[str, tuple[bytes, str]],
    prepared: PreparedPage,
    originals: Mapping[str, str],
) -> None:
    """Each image as a numbered stand-in recorded in ``prepared`` (its caption taken
    from its figure); an image of the export's own files as an inline payload; any
    other image (a relative path to nowhere, a ``data:`` or ``javascript:`` source) out."""
    for img in list(root.iter("img")):
        src = (img.get("src") or "").strip()
        alt = " ".join((img.get("alt") or "").split())
        figure = next(img.iterancestors("figure"), None)
        caption = ""
        if figure is not None and figure.getparent() is not None:
            found = figure.find("figcaption")
            if found is not None:
                caption = " ".join(found.text_content().split())
                found.drop_tree()
        if src in files:
            # Kept under the address it was saved from (newsreader's export writes it
            # as data-original-src, as the library stores it), else under its file.
            original = originals.get(src, "")
            parts = split(original) if original else None
            known = parts is not None and parts.scheme.lower() in ("http", "https")
            url = original if known else f"{INLINE_SCHEME}{src}"
            prepared.inline[url] = files[src]
        else:
            # An image newsreader's export left out (its file was missing) is kept
            # under the address it was saved from, not its file's name taken as one.
            original = originals.get(src, "")
            url = original or (absolute(base_url, src) if src else None)
            parts = split(url) if url else None
            if parts is None or parts.scheme.lower() not in ("http", "https"):
                img.drop_tree()
                continue
        new = stand_in(prepared, PageImage(url, alt=alt, caption=caption), alt)
        # A figure alone around its image is made again around the restored one.
        alone = figure is not None and len(figure.findall(".//img")) == 1
        old = figure if alone else img
        new.tail = old.tail
        old.getparent().replace(old, new)


def export_copy(
    html: str,
    url: str,
    *,
    title: str | None,
    language: str | None = None,
    files: Mapping[str, tuple[bytes, str]] | None = None,
) -> ExtractedArticle:
    """The article from an export's ``html`` of the page at ``url``, cleaned as a
    fetched page's article is, with its plain text. ``files`` maps an image source in
    the HTML to the bytes and media type the export holds for it (newsreader's ZIP,
    Readeck's container files).
    Metadata beyond ``title`` and ``language`` is the importer's to add (the export's
    fields). Raises ExtractionError when no text is left."""
    root = _container(html)
    drop_unnamable_attributes(root)  # the cleaner cannot delete them
    # Where each of the export's own image files was saved from, read before the
    # cleaner drops the data- attributes: newsreader's export writes it so.
    originals = {
        (img.get("src") or "").strip(): (img.get("data-original-src") or "").strip()
        for img in root.iter("img")
        if img.get("data-original-src")
    }
    cleaned = CLEANER.clean_html(root)
    prepared = PreparedPage()
    _stand_ins(cleaned, url, files or {}, prepared, originals)
    body = finish(cleaned, prepared, url, url, None, title)
    text = html_to_text(body)
    if not text.strip():
        raise ExtractionError("the export's copy of the article holds no text")
    language = languages.settle(languages.normalise(language), text)
    inline = {address: data for address, data in prepared.inline.items() if address in body}
    return ExtractedArticle(
        title=title or url,
        author=None,
        published=None,
        site=None,
        description=None,
        language=language,
        canonical_url=None,
        lead_image_url=None,
        html=body,
        text=text,
        inline_images=inline,
        direction=languages.direction(language),
    )


# What a service stores as an article's body when its own fetch failed: wallabag's
# default wallabag.fetching_error_message (app/config/wallabag.yml, "wallabag can't
# retrieve contents for this article. Please <a …>troubleshoot this issue</a>.") and
# the error_message of Graby, the extractor wallabag runs ("[unable to retrieve
# full-text content]"). Compared lower-cased, on the body's text.
PLACEHOLDERS = (
    "wallabag can't retrieve contents for this article.",
    "[unable to retrieve full-text content]",
)
_PLACEHOLDER_MAX_CHARS = 1000  # a body longer than this is an article, whatever it says
_TAG = re.compile(r"<[^>]*>")


def is_placeholder(html: str) -> bool:
    """True when an export's copy is a service's "could not fetch it" sentence rather
    than the article (``PLACEHOLDERS``): the page is to be fetched instead."""
    if len(html) > _PLACEHOLDER_MAX_CHARS * 4:
        return False
    text = " ".join(unescape(_TAG.sub(" ", html)).split()).lower().replace("\u2019", "'")
    return len(text) <= _PLACEHOLDER_MAX_CHARS and text.startswith(PLACEHOLDERS)


def media_type(name: str) -> str:
    """The media type of an image file the export names, by its extension."""
    return mimetypes.guess_type(name)[0] or "application/octet-stream"
