"""Text that pages draw with markup: characters as images, code as one element a line.

- **Images that stand for characters.** WordPress, Twitter, Discourse and others
  replace emoji with ``<img class="emoji" alt="🙂" src=".../1f642.svg">``. Such an
  image is the character in its ``alt``: it becomes that text, in place, never a
  picture of the article and never nothing.
- **Code blocks.** Syntax highlighters (Prism and prism-react-renderer, highlight.js
  with line numbers, GitHub's and Pygments' tables, Shiki, CodeMirror) often write one
  element per source line with no newline between them, and line numbers in a gutter.
  Each block becomes a plain ``<pre><code>`` of its source, one line per line with
  its indentation, which trafilatura keeps as it is.
"""

from __future__ import annotations

import re
import unicodedata

import lxml.html
from lxml import etree

from newsreader.capture.dom import WORD_SPLIT, count_up_to, tokens

# --- images that stand for characters ----------------------------------------------------------
# "gaiji": Japanese sites draw characters fonts lack (𠮷, 髙) as images of them.
_CHARACTER_IMAGE_TOKENS = frozenset(
    [
        "emoji",
        "emojione",
        "twemoji",
        "joypixels",
        "emoticon",
        "emoticons",
        "smiley",
        "smilies",
        "gaiji",
    ]
)
_CHARACTER_IMAGE_PATH = re.compile(
    r"/(?:emoji|emojis|twemoji|emojione|joypixels|emoticons?|smil(?:ies|eys))/|/72x72/", re.I
)
# Drawn at the size of a letter: a picture of a character is never larger than this.
CHARACTER_IMAGE_MAX_SIDE = 72
# An alt text this short may be a shortcode (":smile:") or a text smiley (":-)").
_SHORT_ALT = 24
# Code points that join or modify emoji without being characters of their own.
_EMOJI_JOINERS = frozenset(("\u200d", "\ufe0e", "\ufe0f", "\u20e3"))


def _is_symbol_text(text: str) -> bool:
    """Whether ``text`` is a few emoji or symbols and nothing else (no letters; digits,
    # and * only as keycaps: 1️⃣)."""
    if not text or len(text) > 16:
        return False
    keycap = "\u20e3" in text
    for character in text:
        if keycap and (character.isdigit() or character in "#*"):
            continue
        category = unicodedata.category(character)
        if character in _EMOJI_JOINERS or category in ("So", "Sk", "Sm", "Mn", "Cf"):
            continue
        if "\U0001f1e6" <= character <= "\U0001f1ff":  # regional indicators (flags)
            continue
        return False
    return True


def _side(img: etree._Element, name: str) -> int | None:
    match = re.match(r"\s*(\d{1,5})", img.get(name) or "")
    return int(match.group(1)) if match else None


def character_of(img: etree._Element) -> str | None:
    """The text an ``<img>`` stands for (its alt), or None for a real picture."""
    alt = " ".join((img.get("alt") or "").split())
    if len(alt) > _SHORT_ALT:
        return None  # a description: every character an image stands for is shorter
    width, height = _side(img, "width"), _side(img, "height")
    if (width or 0) > CHARACTER_IMAGE_MAX_SIDE or (height or 0) > CHARACTER_IMAGE_MAX_SIDE:
        return None
    source = " ".join(img.get(name) or "" for name in ("src", "data-src", "data-lazy-src"))
    marked = (
        bool(tokens(img) & _CHARACTER_IMAGE_TOKENS)
        or "wp-smiley" in (img.get("class") or "")
        or bool(_CHARACTER_IMAGE_PATH.search(source))
    )
    letter_sized = width is not None and height is not None  # small, by the check above
    # An alt of symbols alone is not enough: a photo may be described as "📷".
    if _is_symbol_text(alt) and (marked or letter_sized):
        return alt
    # One character drawn at the size of a letter (a character a font lacks).
    if letter_sized and len(alt) == 1 and not alt.isspace():
        return alt
    if marked and len(alt) <= _SHORT_ALT:
        return alt
    return None


def _put_text(element: etree._Element, text: str) -> None:
    """Replace ``element`` by ``text`` (and its tail), joined to the text around it."""
    parent = element.getparent()
    if parent is None:
        return
    joined = text + (element.tail or "")
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + joined
    else:
        parent.text = (parent.text or "") + joined
    parent.remove(element)


def characters_for_images(page: lxml.html.HtmlElement) -> None:
    """Every image that stands for a character becomes that character, in place."""
    for img in list(page.iter("img")):
        text = character_of(img)
        if text is not None:
            _put_text(img, text)


# --- code blocks -------------------------------------------------------------------------------
# Class names of line-number gutters (whole class names, not words of them).
_GUTTER_CLASSES = frozenset(
    [
        "lnt",  # Hugo's Chroma, in a table
        "ln",  # Hugo's Chroma, inline
        "linenos",
        "lineno",
        "linenodiv",
        "line-numbers-rows",
        "gutter",
        "gl",
        "rouge-gutter",
        "hljs-ln-numbers",
        "hljs-ln-n",
        "blob-num",
        "line-number",
        "linenumber",
        "react-syntax-highlighter-line-number",
        "codemirror-gutters",
        "codemirror-linenumber",
        "cm-gutters",
        "cm-linenumber",
        "line-numbers-wrapper",
        "ec-line-number",
    ]
)
# Class names of tables and containers that are code blocks without a <pre>.
_CODE_CONTAINER_CLASSES = frozenset(
    [
        "highlight",
        "highlighttable",
        "hljs-ln",
        "codemirror-code",
        "cm-content",
        "view-lines",
        "codeblock",
        "code-block",
        "sourcecode",
        "source-code",
    ]
)
_LINE_TAGS = frozenset(("div", "p", "li", "tr", "pre"))


def _classes(element: etree._Element) -> set[str]:
    return set((element.get("class") or "").lower().split())


def _is_gutter(element: etree._Element) -> bool:
    return not _classes(element).isdisjoint(_GUTTER_CLASSES)


def _is_line(element: etree._Element) -> bool:
    """An element a highlighter writes for one source line."""
    if element.tag in _LINE_TAGS:
        return True
    words = set(WORD_SPLIT.split((element.get("class") or "").lower()))
    return "line" in words and not _is_gutter(element)


def _flat_text(element: etree._Element) -> str:
    """An element's text without gutters, ``<br>`` as a newline."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and not _is_gutter(child):
            parts.append("\n" if child.tag == "br" else _flat_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _lines(element: etree._Element, found: list[etree._Element]) -> None:
    """The outermost line elements under ``element``, in order, gutters skipped."""
    for child in element:
        if not isinstance(child.tag, str) or _is_gutter(child):
            continue
        if _is_line(child) and not any(_is_line(e) for e in child if isinstance(e.tag, str)):
            found.append(child)
        else:
            _lines(child, found)


def code_text(block: etree._Element) -> str:
    """The source code a block shows: one line per line, indentation kept."""
    lines: list[etree._Element] = []
    _lines(block, lines)
    whole = _flat_text(block)
    # Lines written as elements with no newline between them need newlines put in.
    if len(lines) >= 2 and whole.count("\n") < len(lines) - 1:
        text = "\n".join(_flat_text(line).rstrip("\n") for line in lines)
    else:
        text = whole
    text = text.replace("\r\n", "\n").replace("\xa0", " ")
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))


# Candidates found in C: every <pre>, and containers whose class names one.
_CANDIDATES = etree.XPath(
    "//pre | //table[contains(@class, 'ighlight') or contains(@class, 'hljs-ln')]"
    " | //div[contains(@class, 'ighlight') or contains(@class, 'odeMirror-code')"
    " or contains(@class, 'cm-content') or contains(@class, 'view-lines')"
    " or contains(@class, 'ode-block') or contains(@class, 'odeblock')"
    " or contains(@class, 'ourcecode') or contains(@class, 'ource-code')]"
    # Code written outside <pre>, its lines separated by <br>.
    " | //code[count(br) >= 2]"
)


# Code cells or lines inside a container, or a block of code (not a word of it in a
# sentence): what tells a code container from a "highlight" box of prose. In C.
_HOLDS_CODE = etree.XPath(
    "boolean(.//code[not(ancestor::p or ancestor::li or ancestor::span or ancestor::a)]"
    " | .//*[@class][contains(@class, 'code') or contains(@class, 'view-line')"
    " or contains(@class, 'cm-line')])"
)


def _holds_code_lines(element: etree._Element) -> bool:
    """Whether a container without <pre> is code: cells or lines named as code."""
    return bool(_HOLDS_CODE(element))


def _code_blocks(page: lxml.html.HtmlElement) -> list[etree._Element]:
    blocks: list[etree._Element] = []
    taken: set[etree._Element] = set()  # lxml keeps one proxy per node while it lives
    for element in _CANDIDATES(page):
        if taken and not taken.isdisjoint(element.iterancestors()):
            continue  # inside a block already found
        if element.tag == "code":
            if element.xpath("ancestor::pre"):
                continue
        elif element.tag != "pre":
            if _classes(element).isdisjoint(_CODE_CONTAINER_CLASSES):
                continue
            # A wrapper around one <pre>: the <pre> is the block. A wrapper around
            # several is the block itself (CodeMirror writes one <pre> a line), and so
            # is a table of code cells (GitHub, highlight.js); a "highlight" box of
            # prose (a fact box) is neither.
            pres = count_up_to(element.iter("pre"), 2)
            if pres == 1 or (pres == 0 and not _holds_code_lines(element)):
                continue
        blocks.append(element)
        taken.add(element)
    return blocks


# Markup every code block has some of (CodeMirror and SyntaxHighlighter write <pre>
# or <code> inside their containers): a page with none is not searched. Three scans
# of the page's text, each a fraction of the search they spare most pages.
CODE_MARKS = ("<pre", "<code", "ighlight")


def plain_code_blocks(page: lxml.html.HtmlElement, html: str | None = None) -> None:
    """Every code block becomes ``<pre><code>`` holding its source as plain text.
    ``html``, the page's markup, lets a page without a trace of code skip the search."""
    if html is not None and not any(mark in html for mark in CODE_MARKS):
        return
    for block in _code_blocks(page):
        if block.getparent() is None:
            continue
        text = code_text(block)
        if not text.strip():
            continue
        pre = etree.Element("pre")
        code = etree.SubElement(pre, "code")
        code.text = text
        pre.tail = block.tail
        block.getparent().replace(block, pre)
