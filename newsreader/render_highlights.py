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
from html import escape
from typing import Any
from urllib.parse import quote as percent_encoded

from newsreader.library.anchoring import FUZZY
from newsreader.library.highlights import Highlight
from newsreader.library.models import ArticleSummary

LOST_TEXT = "no longer found in the article"
# A highlight placed again where the page's words changed (anchoring FUZZY).
APPROXIMATE_TEXT = "placed approximately: the page's words changed here"
# Words from each end of a long quote a text fragment names (textStart,textEnd).
_FRAGMENT_WORDS = 5
_FRAGMENT_WHOLE_CHARS = 80  # a quote up to this long is named whole
# Characters CommonMark (https://spec.commonmark.org/0.31.2/) gives a meaning inline:
# emphasis, code, links, raw HTML and autolinks (<), and what GFM and Obsidian add
# (| tables, ~ strikethrough, #tags); each is escaped by a backslash (spec 2.4). An
# & only where it would start an entity or character reference (spec 2.5).
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<>#|~]|&(?=#?[0-9A-Za-z]+;)")


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
    # Those an import brought, but none saying again what the two above say (the
    # service's own quote of it; an export read back by an earlier newsreader).
    selectors.extend(
        s
        for s in highlight.other_selectors()
        if s not in selectors and not _restates(s, highlight.quote)
    )
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


def _restates(selector: dict, quote: str) -> bool:
    """A TextQuoteSelector of the highlight's own quote (an earlier quote kept when
    the page changed is marked ``newsreader``: highlights.with_earlier_quote)."""
    return (
        selector.get("type") == "TextQuoteSelector"
        and selector.get("exact") == quote
        and "newsreader" not in selector
    )


def _fragment_part(text: str) -> str:
    # Text fragment syntax reserves - , & (and the URL's own delimiters); quote()
    # leaves "-" as it is (an unreserved character), so a leading one would read as a
    # suffix marker.
    return percent_encoded(text, safe="").replace("-", "%2D")


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


def markdown_escaped(text: str) -> str:
    """``text`` for Markdown, every character that would have a meaning inline
    escaped (CommonMark 0.31.2, 2.4 and 2.5, and GFM's | and ~ and Obsidian's #), so
    a reader sees the text as it was: ``<script>`` stays text, ``*`` a star."""
    return _MARKDOWN_SPECIAL.sub(lambda match: "\\" + match.group(), text)


def _hashtag(tag: str) -> str:
    # Obsidian and Logseq end a #tag at white space: join a tag's words with dashes.
    return "#" + "-".join(tag.split())


# A line starting like this would be an ordered list item (digits then . or ), then a
# space or the line's end), a bullet, a thematic break or a setext heading's underline
# (CommonMark 0.31.2, 4.1, 4.3, 5.2); # > * _ ` < are escaped anywhere already.
_LINE_START = re.compile(r"^(\d+)([.)](?:\s|$))|^([-+=~])")


def markdown_line(line: str) -> str:
    """A line of ``markdown_escaped`` text that starts no block where it starts a
    line (a paragraph, a list item, a quote): a leading ``1984.`` or ``-`` escaped."""

    def escape_marker(match: re.Match[str]) -> str:
        if match.group(1):
            return f"{match.group(1)}\\{match.group(2)}"
        return "\\" + match.group(3)

    return _LINE_START.sub(escape_marker, line, count=1)


def _block_quote(text: str) -> str:
    lines = [markdown_line(markdown_escaped(line.strip())) for line in text.strip().split("\n")]
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def highlight_markdown(
    highlight: Highlight,
    url: str,
    lost_text: str = LOST_TEXT,
    approximate_text: str = APPROXIMATE_TEXT,
) -> str:
    """One highlight: block quote, link to the passage, note (a lost one says so)."""
    link = f"[↗]({text_fragment_url(url, highlight.quote)})"
    parts = [f"{_block_quote(highlight.quote)} {link}"]
    if not highlight.found:
        parts.append(f"*({markdown_escaped(lost_text)})*")
    elif highlight.anchoring == FUZZY:
        parts.append(f"*({markdown_escaped(approximate_text)})*")
    if highlight.note:
        parts.append(highlight.note.strip())  # the person's own words, Markdown as typed
    return "\n\n".join(parts)


def notes_markdown(
    highlights: Sequence[Highlight],
    url: str,
    note: str = "",
    *,
    lost_text: str = LOST_TEXT,
    note_label: str | None = None,
    approximate_text: str = APPROXIMATE_TEXT,
) -> str:
    """The article's own note (after ``note_label`` in bold, when given), then its
    highlights (``highlight_markdown``), as Markdown blocks with one blank line
    between; '' for none. What ``article_markdown`` puts under the article's heading,
    and ``show --format markdown`` under its own "Highlights" heading (labelled there:
    among the quotes it would read as one of them)."""
    text = note.strip()
    if text and note_label:
        text = f"**{note_label}:** {text}"
    blocks = [text] if text else []
    blocks.extend(highlight_markdown(h, url, lost_text, approximate_text) for h in highlights)
    return "\n\n".join(blocks)


def article_markdown(
    article: ArticleSummary,
    highlights: Sequence[Highlight],
    note: str = "",
    *,
    level: int = 2,
    lost_text: str = LOST_TEXT,
    approximate_text: str = APPROXIMATE_TEXT,
) -> str:
    """An article's highlights and notes in reading order, under its title (a
    heading of ``level``), with its source, link and tags."""
    heading = "#" * max(1, min(6, level))
    lines = [f"{heading} {markdown_escaped(article.title)}", ""]
    source = markdown_escaped(article.site or article.url)
    lines.append(f"Source: [{source}]({article.url})")
    if article.tags:
        lines.append("Tags: " + " ".join(_hashtag(t) for t in article.tags))
    blocks = ["\n".join(lines)]
    notes = notes_markdown(
        highlights, article.url, note, lost_text=lost_text, approximate_text=approximate_text
    )
    if notes:
        blocks.append(notes)
    return "\n\n".join(blocks) + "\n"


# --- plain text and HTML (``highlights`` and ``show``) -----------------------------
def highlight_text(highlight: Highlight, lost_text: str = LOST_TEXT) -> str:
    """One highlight as plain text: ``[id] colour`` (and ``lost_text`` when it is no
    longer found), the quote's lines after "> ", then the note as written."""
    head = f"[{highlight.id}] {highlight.color}"
    if not highlight.found:
        head += f" · {lost_text}"
    elif highlight.anchoring == FUZZY:
        head += f" · {APPROXIMATE_TEXT}"
    quote = [line.strip() for line in highlight.quote.strip().split("\n")]
    lines = [head, *(f"> {line}" if line else ">" for line in quote)]
    if highlight.note:
        lines.append(highlight.note.strip())
    return "\n".join(lines)


def notes_text(highlights: Sequence[Highlight], note: str = "", lost_text: str = LOST_TEXT) -> str:
    """The article's note ("Note: …") and its highlights (``highlight_text``) with
    one blank line between; '' for none."""
    blocks = [f"Note: {note.strip()}"] if note.strip() else []
    blocks.extend(highlight_text(h, lost_text) for h in highlights)
    return "\n\n".join(blocks)


# Each colour's background in a standalone page: the reader's light shades
# (ui/highlight_colors.SHADES; this module is Qt-free, a test keeps them equal).
HTML_COLORS = {"yellow": "#fbe89a", "green": "#c5ebb4", "blue": "#bfdcf7", "red": "#f8c4c9"}


def notes_html(highlights: Sequence[Highlight], note: str = "", lost_text: str = LOST_TEXT) -> str:
    """The article's note and highlights as an HTML ``<section class="highlights">``
    (each quote a ``<blockquote>`` edged in its colour, its note a paragraph below);
    '' for none. Everything is escaped."""
    if not highlights and not note.strip():
        return ""
    parts = ['<section class="highlights">', "<h2>Highlights</h2>"]
    if note.strip():
        parts.append(f'<p class="note">{_html_lines(note)}</p>')
    for h in highlights:
        color = HTML_COLORS.get(h.color, HTML_COLORS["yellow"])
        paragraphs = [p for p in re.split(r"\n\s*\n", h.quote.strip()) if p.strip()]
        quote = "".join(f"<p>{_html_lines(p)}</p>" for p in paragraphs)
        parts.append(
            f'<blockquote id="highlight-{h.id}" class="highlight {escape(h.color)}" '
            f'style="background: {color}; color: #000; padding: 0.1em 1em">{quote}</blockquote>'
        )
        if not h.found:
            parts.append(f'<p class="lost"><em>{escape(lost_text)}</em></p>')
        if h.note:
            parts.append(f'<p class="note">{_html_lines(h.note)}</p>')
    parts.append("</section>")
    return "\n".join(parts) + "\n"


def _html_lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.strip().split("\n"))
