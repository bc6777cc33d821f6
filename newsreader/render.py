"""Turning a stored article into text, Markdown, a standalone HTML page or JSON."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Sequence
from html import escape
from typing import Any
from urllib.parse import quote as percent_encoded

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
from newsreader.library.suggest import Suggestion

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


def suggestion_json(suggestion: Suggestion | None) -> dict[str, Any] | None:
    """``search --json --did-you-mean``'s ``did_you_mean``: the query offered, its
    corrections and how many articles it finds (counted up to suggest.FREQUENCY_CAP)."""
    if suggestion is None:
        return None
    return {
        "query": suggestion.query,
        "corrections": [
            {"typed": c.typed, "suggested": c.suggested} for c in suggestion.corrections
        ],
        "found": suggestion.found,
    }


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
# What the HTML says, escaped so that a CommonMark reader (Obsidian, Logseq, GitHub; spec
# https://spec.commonmark.org/0.31.2/) shows the same text: inline characters by
# render_highlights.markdown_escaped, a line that would start a block (a list, a rule)
# by markdown_line, code spans and fences longer than any run of backticks inside.
_md_escape = render_highlights.markdown_escaped
_md_line = render_highlights.markdown_line
_BREAK = "\n"  # a <br> in _inline's result; blocks make it a hard line break or a space
_BACKTICKS = re.compile("`+")


def _code_span(text: str) -> str:
    """``text`` as a code span (CommonMark 6.1): delimited by one more backtick than
    its longest run of backticks, padded by a space where it starts or ends with a
    backtick or with spaces at both ends (the one space the parser strips)."""
    text = " ".join(text.splitlines())  # a line ending inside would be parsed as one
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    padded = (
        text[0] == "`"
        or text[-1] == "`"
        or (text[0] == " " and text[-1] == " " and text.strip(" "))
    )
    return f"{fence} {text} {fence}" if padded else f"{fence}{text}{fence}"


def _code_fence(text: str) -> str:
    """``text`` as a fenced code block (CommonMark 4.5), its fence longer than any
    line of backticks inside."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"


def _destination(url: str) -> str:
    """``url`` as a link destination (CommonMark 6.3): white space, < and > as
    percent escapes, parentheses and backslashes escaped."""
    url = re.sub(r"[\s<>]", lambda match: percent_encoded(match.group(), safe=""), url.strip())
    return re.sub(r"([()\\])", r"\\\1", url) or "<>"


def _lines(text: str) -> list[str]:
    """_inline's result as lines (split at its breaks), each starting no block."""
    return [_md_line(line.strip()) for line in text.split(_BREAK) if line.strip()]


def _one_line(text: str) -> str:
    """_inline's result on one line (a heading, a table cell): breaks as spaces."""
    return " ".join(text.replace(_BREAK, " ").split())


ImageTarget = Callable[[StoredImage], str]
_Images = tuple[dict[str, StoredImage], ImageTarget]  # by original address; where to link


def original_address(image: StoredImage) -> str:
    """Where the image was saved from: what a Markdown text without files beside it
    links to (``show --format markdown``)."""
    return image.url


def _text(text: str | None) -> str:
    # HTML's white space is one space wherever it is: a line ending of the source
    # must not become one in Markdown, where a line may start a block.
    return _md_escape(re.sub(r"\s+", " ", text or ""))


def _wrapped(marker: str, inner: str) -> str:
    # Spaces stay outside the markers: "** bold**" is no emphasis (flanking rules).
    core = inner.strip()
    if not core:
        return inner
    return (
        inner[: len(inner) - len(inner.lstrip())]
        + marker
        + core
        + marker
        + (inner[len(inner.rstrip()) :])
    )


def _inline(element: etree._Element, images: _Images) -> str:
    """The element's content as inline Markdown on one line; a <br> as _BREAK."""
    out: list[str] = [_text(element.text)]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        inner = _inline(child, images)
        if tag in ("b", "strong"):
            out.append(_wrapped("**", inner))
        elif tag in ("i", "em"):
            out.append(_wrapped("*", inner))
        elif tag == "code":
            out.append(_code_span(child.text_content()))
        elif tag == "a" and child.get("href"):
            out.append(f"[{_one_line(inner)}]({_destination(child.get('href'))})")
        elif tag == "br":
            out.append(_BREAK)
        elif tag == "img":
            out.append(_md_image(child, images))
        else:
            out.append(inner)
        out.append(_text(child.tail))
    return "".join(out)


def _md_image(img: etree._Element, images: _Images) -> str:
    by_url, target_of = images
    original = img.get("data-original-src") or ""
    stored = by_url.get(original)
    # Never the stored src: that is a file name inside the library folder.
    target = target_of(stored) if stored else original
    return f"![{_one_line(_text(img.get('alt')))}]({_destination(target)})"


def _paragraph(text: str) -> str:
    """Lines joined by hard line breaks (a backslash at the line's end, 6.7)."""
    return "\\\n".join(_lines(text))


def _list_item(marker: str, text: str) -> str:
    # Continuation lines indented to the item's content, so they stay in the item.
    return marker + ("\\\n" + " " * len(marker)).join(_lines(text) or [""])


def _blocks(element: etree._Element, images: _Images) -> list[str]:
    blocks: list[str] = []
    if element.text and element.text.strip():
        blocks.append(_paragraph(_text(element.text)))
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if re.fullmatch(r"h[1-6]", tag):
            # Every # in the text is escaped, so none closes the heading (4.2).
            blocks.append("#" * int(tag[1]) + " " + _one_line(_inline(child, images)))
        elif tag in ("ul", "ol"):
            items = [li for li in child if li.tag == "li"]
            blocks.append(
                "\n".join(
                    _list_item(f"{n}. " if tag == "ol" else "- ", _inline(li, images))
                    for n, li in enumerate(items, 1)
                )
            )
        elif tag == "blockquote":
            inner = "\n\n".join(_blocks(child, images)) or _paragraph(_inline(child, images))
            blocks.append("\n".join("> " + line if line else ">" for line in inner.splitlines()))
        elif tag == "pre":
            blocks.append(_code_fence(child.text_content().rstrip("\n")))
        elif tag == "table":
            rows = [
                [_one_line(_inline(cell, images)) for cell in row if cell.tag in ("td", "th")]
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
            text = _paragraph(_inline(child, images))
            if text:
                blocks.append(text)
        if child.tail and child.tail.strip():
            blocks.append(_paragraph(_text(child.tail)))
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
    header = [f"# {_one_line(_text(article.title))}", ""]
    if line := byline(article):  # a link-only article may have none: no empty "**"
        header += [f"*{_one_line(_text(line))}*", ""]
    # An autolink when the address is one (6.5); else a link showing it.
    autolink = re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>\x00-\x1f]*", article.url)
    header.append(
        f"<{article.url}>" if autolink else f"[{_text(article.url)}]({_destination(article.url)})"
    )
    body: list[str] = []
    if article.content_html.strip():
        root = lxml.html.fragment_fromstring(article.content_html, create_parent="div")
        body = _blocks(root, images)
    notes = render_highlights.notes_markdown(highlights, article.url, note, note_label="Note")
    if notes:
        body += ["## Highlights", notes]
    return "\n".join(header) + "\n\n" + "\n\n".join(body) + "\n"
