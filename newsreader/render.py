"""Turning a stored article into text, Markdown, a standalone HTML page or JSON."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

import lxml.html
from lxml import etree

from newsreader import render_highlights
from newsreader.library.highlights import Highlight
from newsreader.library.models import Article, ArticleSummary, SearchHit, StoredImage
from newsreader.library.search import (
    IN_ALT,
    IN_CAPTION,
    IN_HIGHLIGHT,
    IN_NOTE,
    IN_TAG,
    MATCH_END,
    MATCH_START,
)

FORMATS = ("text", "markdown", "html", "json")


def image_json(image: StoredImage) -> dict[str, Any]:
    return {
        "file": str(image.file) if image.file else None,
        "url": image.url,
        "alt": image.alt,
        "caption": image.caption,
        "width": image.width,
        "height": image.height,
        "mime": image.mime,
        "lead": image.is_lead,
        "error": image.error,
    }


def summary_json(article: ArticleSummary, images: tuple[StoredImage, ...] = ()) -> dict[str, Any]:
    return {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "author": article.author,
        "site": article.site,
        "published": article.published,
        "language": article.language,
        "saved_at": article.saved_at,
        "word_count": article.word_count,
        "reading_minutes": article.reading_minutes,
        "state": article.state,
        "favorite": article.favorite,
        "read_at": article.read_at,
        "partial": article.partial,
        "paywall": article.paywall is not None,
        "paywall_reason": article.paywall,
        "tags": list(article.tags),
        "fetch_state": article.fetch_state,
        "fetch_error": article.fetch_error,
        "images": [image_json(i) for i in images],
    }


def article_json(
    article: Article, highlights: Sequence[Highlight] = (), note: str = ""
) -> dict[str, Any]:
    """The article with its text, its ``highlights`` (render_highlights.highlight_json,
    reading order) and its own ``note`` ('' for none)."""
    data = summary_json(article, article.images)
    data.update(
        final_url=article.final_url,
        canonical_url=article.canonical_url,
        description=article.description,
        updated=article.updated,
        direction=article.direction or "ltr",
        refined=article.unrefined is None,
        unrefined_reason=article.unrefined,
        updated_at=article.updated_at,
        progress=article.progress,
        text=article.text,
        note=note,
        highlights=[render_highlights.highlight_json(h) for h in highlights],
    )
    return data


def snippet_offsets(marked: str) -> tuple[str, list[list[int]]]:
    """Strip match markers from a snippet; return the text and [start, end) offsets."""
    plain: list[str] = []
    spans: list[list[int]] = []
    position = 0
    start = None
    for part in re.split(f"([{MATCH_START}{MATCH_END}])", marked):
        if part == MATCH_START:
            start = position
        elif part == MATCH_END:
            if start is not None:
                spans.append([start, position])
            start = None
        else:
            plain.append(part)
            position += len(part)
    return "".join(plain), spans


def hit_json(hit: SearchHit) -> dict[str, Any]:
    snippet, highlights = snippet_offsets(hit.snippet)
    data = summary_json(hit.article)
    del data["images"]
    data.update(snippet=snippet, highlights=highlights, rank=hit.rank, matched_in=hit.matched_in)
    return data


# What a search hit's snippet says when it comes from what the reader kept, not the text
# (SearchHit.matched_in).
MATCHED_IN = {
    IN_NOTE: "in your note: ",
    IN_HIGHLIGHT: "in your highlight: ",
    IN_CAPTION: "in a caption: ",
    IN_ALT: "in an image's alt text: ",
    IN_TAG: "in a tag: ",
}


def snippet_with(marked: str, start: str, end: str) -> str:
    return " ".join(marked.replace(MATCH_START, start).replace(MATCH_END, end).split())


def byline(article: ArticleSummary) -> str:
    parts = [article.site, article.author, article.published]
    if article.reading_minutes:
        parts.append(f"{article.reading_minutes} min read")
    return " · ".join(p for p in parts if p)


def to_text(article: Article, highlights: Sequence[Highlight] = (), note: str = "") -> str:
    """Title, byline, URL and text; then, when there are any, a Highlights section
    (render_highlights.notes_text)."""
    text = f"{article.title}\n{byline(article)}\n{article.url}\n\n{article.text}\n"
    notes = render_highlights.notes_text(highlights, note)
    return f"{text}\n\nHighlights\n==========\n\n{notes}\n" if notes else text


# --- HTML -----------------------------------------------------------------------------------
# A page that stands alone: every image inside it as a data: URI (RFC 2397), the style
# inline, and a policy that forbids a browser to load anything else, so it reads the
# same mailed, moved or offline.
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
_STYLE = (
    "body { max-width: 40em; margin: 2em auto; padding: 0 1em; font: 1.1em/1.6 serif; } "
    "img { max-width: 100%; height: auto; }"
)
MISSING_IMAGE_CLASS = "missing-image"
ImageSource = Callable[[StoredImage], "str | None"]


def data_uri(data: bytes, mime: str | None) -> str:
    """``data:`` URI (RFC 2397) of ``data``, base64."""
    return f"data:{mime or 'application/octet-stream'};base64,{base64.b64encode(data).decode()}"


def embedded(image: StoredImage) -> str | None:
    """The stored copy of ``image`` as a data: URI; None when there is none (never
    stored, or its file is missing from the library)."""
    try:
        return data_uri(image.file.read_bytes(), image.mime) if image.file else None
    except OSError:
        return None


def with_image_sources(
    content_html: str, images: Sequence[StoredImage], source: ImageSource
) -> str:
    """``content_html`` with each ``<img>`` pointing at ``source(image)`` (the stored
    image it shows, found by its original address, or by its library file name). An
    image without a source becomes its alt text in a ``<span class="missing-image">``,
    so nothing points back into the library folder."""
    if not content_html.strip():
        return content_html
    by_key = {image.url: image for image in images}
    by_key.update((image.name, image) for image in images if image.name)
    root = lxml.html.fragment_fromstring(content_html, create_parent="div")
    for img in list(root.iter("img")):
        stored = by_key.get(img.get("data-original-src") or "") or by_key.get(img.get("src") or "")
        target = source(stored) if stored is not None else None
        if target:
            img.set("src", target)
            continue
        alt = img.get("alt") or ""
        span = etree.Element("span", {"class": MISSING_IMAGE_CLASS})
        span.text = f"[{alt}]" if alt else "[image]"
        span.tail = img.tail
        img.getparent().replace(img, span)
    parts = [escape(root.text)] if root.text else []
    parts += [lxml.html.tostring(child, encoding="unicode") for child in root]
    return "".join(parts)


def to_html(
    article: Article,
    highlights: Sequence[Highlight] = (),
    note: str = "",
    *,
    image_source: ImageSource = embedded,
) -> str:
    """A standalone page (UTF-8): images embedded (``image_source``, data: URIs by
    default), nothing loaded from the network or the library folder. The note and
    highlights, when there are any, follow the article in a section of their own
    (render_highlights.notes_html); the article's text is not marked."""
    lang = f' lang="{escape(article.language)}"' if article.language else ""
    direction = ' dir="rtl"' if article.direction == "rtl" else ""
    body = with_image_sources(article.content_html, article.images, image_source)
    return f"""<!DOCTYPE html>
<html{lang}{direction}>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<title>{escape(article.title)}</title>
<style>{_STYLE}</style>
</head>
<body>
<header>
<h1>{escape(article.title)}</h1>
<p class="byline">{escape(byline(article))}</p>
<p class="source"><a href="{escape(article.url)}">{escape(article.url)}</a></p>
</header>
<article>
{body}
</article>
{render_highlights.notes_html(highlights, note)}</body>
</html>
"""


# --- Markdown --------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


ImageTarget = Callable[[StoredImage], str]
_Images = tuple[dict[str, StoredImage], ImageTarget]  # by original address; where to link


def original_address(image: StoredImage) -> str:
    """Where the image was saved from: what a Markdown text without files beside it
    links to (``show --format markdown``)."""
    return image.url


def _inline(element: etree._Element, images: _Images) -> str:
    out: list[str] = [_md_escape(element.text or "")]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        inner = _inline(child, images)
        if tag in ("b", "strong") and inner.strip():
            out.append(f"**{inner.strip()}**")
        elif tag in ("i", "em") and inner.strip():
            out.append(f"*{inner.strip()}*")
        elif tag == "code":
            out.append(f"`{child.text_content()}`")
        elif tag == "a" and child.get("href"):
            out.append(f"[{inner.strip()}]({child.get('href')})")
        elif tag == "br":
            out.append("  \n")
        elif tag == "img":
            out.append(_md_image(child, images))
        else:
            out.append(inner)
        out.append(_md_escape(child.tail or ""))
    return "".join(out)


def _md_image(img: etree._Element, images: _Images) -> str:
    by_url, target_of = images
    original = img.get("data-original-src") or ""
    stored = by_url.get(original)
    # Never the stored src: that is a file name inside the library folder.
    target = target_of(stored) if stored else original
    return f"![{_md_escape(img.get('alt') or '')}]({target})"


def _blocks(element: etree._Element, images: _Images) -> list[str]:
    blocks: list[str] = []
    if element.text and element.text.strip():
        blocks.append(_md_escape(element.text.strip()))
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if re.fullmatch(r"h[1-6]", tag):
            blocks.append("#" * int(tag[1]) + " " + " ".join(_inline(child, images).split()))
        elif tag in ("ul", "ol"):
            items = [li for li in child if li.tag == "li"]
            blocks.append(
                "\n".join(
                    (f"{n}. " if tag == "ol" else "- ") + " ".join(_inline(li, images).split())
                    for n, li in enumerate(items, 1)
                )
            )
        elif tag == "blockquote":
            inner = "\n\n".join(_blocks(child, images)) or _inline(child, images).strip()
            blocks.append("\n".join("> " + line if line else ">" for line in inner.splitlines()))
        elif tag == "pre":
            blocks.append("```\n" + child.text_content().rstrip("\n") + "\n```")
        elif tag == "table":
            rows = [
                [
                    " ".join(_inline(cell, images).split()).replace("|", "\\|")
                    for cell in row
                    if cell.tag in ("td", "th")
                ]
                for row in child.iter("tr")
            ]
            rows = [row for row in rows if row]
            if rows:
                width = max(len(row) for row in rows)
                rows = [row + [""] * (width - len(row)) for row in rows]
                lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
                lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
                blocks.append("\n".join(lines))
        elif tag == "img":
            blocks.append(_md_image(child, images))
        elif tag in ("div", "section", "figure", "article"):
            blocks.extend(_blocks(child, images))
        else:
            text = (
                " ".join(_inline(child, images).split())
                if tag != "p"
                else _inline(child, images).strip()
            )
            if text:
                blocks.append(text)
        if child.tail and child.tail.strip():
            blocks.append(_md_escape(child.tail.strip()))
    return blocks


def to_markdown(
    article: Article,
    highlights: Sequence[Highlight] = (),
    note: str = "",
    *,
    image_target: ImageTarget = original_address,
) -> str:
    """The article as Markdown; its note and highlights, when there are any, in a
    "Highlights" section at the end (render_highlights.notes_markdown). An image
    links to ``image_target(image)``: by default the address it was saved from (a
    text alone carries no files); the Markdown export links its copy beside it."""
    images = ({image.url: image for image in article.images}, image_target)
    header = [
        f"# {_md_escape(article.title)}",
        "",
        f"*{_md_escape(byline(article))}*",
        "",
        f"<{article.url}>",
    ]
    body: list[str] = []
    if article.content_html.strip():
        root = lxml.html.fragment_fromstring(article.content_html, create_parent="div")
        body = _blocks(root, images)
    notes = render_highlights.notes_markdown(highlights, article.url, note, note_label="Note")
    if notes:
        body += ["## Highlights", notes]
    return "\n".join(header) + "\n\n" + "\n\n".join(body) + "\n"
