"""Highlights and notes as JSON and as Markdown that note-taking apps take as it is.

JSON follows the W3C Web Annotation Data Model's selectors
(https://www.w3.org/TR/annotation-model/#selectors): a TextQuoteSelector and, when the
passage is found, a TextPositionSelector in the article's plain text (``text`` of
``show --format json``), plus any selector an import brought (wallabag's ranges).

Markdown is what Obsidian and Logseq expect of a highlight (Readwise's export does
the same): the quote as a block quote, the note below it, a link back to the passage
in the original page (a text fragment, https://wicg.github.io/scroll-to-text-fragment/,
which Chrome, Edge and Safari follow), and the article's tags as #tags.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote as percent_encoded

from newsreader.library.highlights import Highlight
from newsreader.library.models import ArticleSummary

LOST_TEXT = "no longer found in the article"
# Words from each end of a long quote a text fragment names (textStart,textEnd).
_FRAGMENT_WORDS = 5
_FRAGMENT_WHOLE_CHARS = 80  # a quote up to this long is named whole
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def highlight_json(highlight: Highlight) -> dict[str, Any]:
    """One highlight: quote, note, colour, times (ISO 8601, UTC), where it is
    (``found``, ``anchoring``: how it was last placed) and its W3C ``selectors``."""
    selectors: list[dict[str, Any]] = [
        {
            "type": "TextQuoteSelector",
            "exact": highlight.quote,
            "prefix": highlight.prefix,
            "suffix": highlight.suffix,
        }
    ]
    if highlight.found:
        selectors.append(
            {"type": "TextPositionSelector", "start": highlight.start, "end": highlight.end}
        )
    selectors.extend(highlight.other_selectors())
    return {
        "id": highlight.id,
        "article_id": highlight.article_id,
        "quote": highlight.quote,
        "note": highlight.note,
        "color": highlight.color,
        "created_at": highlight.created_at,
        "updated_at": highlight.updated_at,
        "found": highlight.found,
        "anchoring": highlight.anchoring,
        "origin": highlight.origin,
        "selectors": selectors,
    }


def _fragment_part(text: str) -> str:
    # Text fragment syntax reserves - , & (and the URL's own delimiters).
    return percent_encoded(text, safe="")


def text_fragment_url(url: str, quote: str) -> str:
    """``url`` with a text fragment that makes a browser scroll to ``quote``
    (``#:~:text=start,end`` for a long one). Any fragment of ``url`` is replaced."""
    words = quote.split()
    base = url.split("#", 1)[0]
    if not words:
        return base
    if len(" ".join(words)) <= _FRAGMENT_WHOLE_CHARS or len(words) <= 2 * _FRAGMENT_WORDS:
        directive = _fragment_part(" ".join(words))
    else:
        start = " ".join(words[:_FRAGMENT_WORDS])
        end = " ".join(words[-_FRAGMENT_WORDS:])
        directive = f"{_fragment_part(start)},{_fragment_part(end)}"
    return f"{base}#:~:text={directive}"


def _escaped(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _hashtag(tag: str) -> str:
    # Obsidian and Logseq end a #tag at white space: join a tag's words with dashes.
    return "#" + "-".join(tag.split())


def _block_quote(text: str) -> str:
    lines = [line.strip() for line in text.strip().split("\n")]
    return "\n".join(f"> {_escaped(line)}" if line else ">" for line in lines)


def highlight_markdown(highlight: Highlight, url: str, lost_text: str = LOST_TEXT) -> str:
    """One highlight: block quote, link to the passage, note (a lost one says so)."""
    link = f"[↗]({text_fragment_url(url, highlight.quote)})"
    parts = [f"{_block_quote(highlight.quote)} {link}"]
    if not highlight.found:
        parts.append(f"*({_escaped(lost_text)})*")
    if highlight.note:
        parts.append(highlight.note.strip())  # the person's own words, Markdown as typed
    return "\n\n".join(parts)


def article_markdown(
    article: ArticleSummary,
    highlights: Sequence[Highlight],
    note: str = "",
    *,
    level: int = 2,
    lost_text: str = LOST_TEXT,
) -> str:
    """An article's highlights and notes in reading order, under its title (a
    heading of ``level``), with its source, link and tags."""
    heading = "#" * max(1, min(6, level))
    lines = [f"{heading} {_escaped(article.title)}", ""]
    source = _escaped(article.site or article.url)
    lines.append(f"Source: [{source}]({article.url})")
    if article.tags:
        lines.append("Tags: " + " ".join(_hashtag(t) for t in article.tags))
    blocks = ["\n".join(lines)]
    if note.strip():
        blocks.append(note.strip())
    blocks.extend(highlight_markdown(h, article.url, lost_text) for h in highlights)
    return "\n\n".join(blocks) + "\n"
