"""An article's plain text: from its stored HTML, and how long it is to read.

Word counts must mean the same in every script. Chinese and Japanese are written
without spaces between words and Thai, Lao, Khmer and Burmese put spaces only between
phrases, so counting runs of letters would make a full Chinese article a few dozen
"words" long: too short to be anything but cut off. Here

- Han, Hiragana and Katakana count one word per character, as word processors count
  East Asian text and as Unicode's default word boundaries (UAX #29) split Han;
- Thai, Lao, Khmer and Myanmar runs count one word per 4 characters: the average length
  of a running word in the Thai National Corpus (33 million words, PyThaiNLP's
  frequency list: 4.12 code points a word), taken for its neighbours too;
- everything else counts runs of letters and digits, as before.

Reading time uses the International Reading Speed Texts (Trauzettel-Klosinski and
Dietz, IOVS 2012): about 255 characters a minute for Chinese and 357 for Japanese;
other text 220 words a minute.
"""

from __future__ import annotations

import math
import re

import lxml.html

WORDS_PER_MINUTE = 220
CHINESE_CHARACTERS_PER_MINUTE = 255
JAPANESE_CHARACTERS_PER_MINUTE = 357
SOUTHEAST_ASIAN_CHARACTERS_PER_WORD = 4

# One word per character: CJK ideographs (with extensions and compatibility forms),
# Hiragana, Katakana (with its phonetic extensions and the half-width forms).
_IDEOGRAPHIC = (
    "\u3005\u3007\u3021-\u3029\u3038-\u303b"
    "\u3041-\u30fa\u30fc-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
_KANA = re.compile("[\u3041-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
# Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer.
_UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff"
_TOKENS = re.compile(
    rf"(?P<cjk>[{_IDEOGRAPHIC}]+)|(?P<sea>[{_UNSPACED}]+)|[^\W{_IDEOGRAPHIC}{_UNSPACED}]+"
)


_LETTERS = re.compile(r"[\W_]+")


def squashed(text: str) -> str:
    """Letters and digits only, case-folded: how two spellings of a name compare."""
    return _LETTERS.sub("", text.casefold())


def count_words(text: str) -> int:
    """Words in ``text`` (int, ≥ 0), counted per script as the module says."""
    return measure(text)[0]


_UNSPACED_SCRIPTS = re.compile(f"[{_IDEOGRAPHIC}{_UNSPACED}]")
_PLAIN_WORD = re.compile(r"\w+")


def measure(text: str) -> tuple[int, float]:
    """``(words, minutes)``: the word count and the reading time in minutes (unrounded)."""
    if text.isascii() or not _UNSPACED_SCRIPTS.search(text):  # nearly every text
        words = len(_PLAIN_WORD.findall(text))
        return words, words / WORDS_PER_MINUTE
    words = 0
    ideographs = 0
    for match in _TOKENS.finditer(text):
        if match.group("cjk"):
            ideographs += len(match.group("cjk"))
        elif match.group("sea"):
            words += math.ceil(len(match.group("sea")) / SOUTHEAST_ASIAN_CHARACTERS_PER_WORD)
        else:
            words += 1
    minutes = words / WORDS_PER_MINUTE
    if ideographs:
        japanese = _KANA.search(text) is not None
        rate = JAPANESE_CHARACTERS_PER_MINUTE if japanese else CHINESE_CHARACTERS_PER_MINUTE
        minutes += ideographs / rate
    return words + ideographs, minutes


def counted_in_runs(text: str) -> bool:
    """Whether ``count_words`` counts ``text`` as its runs of letters and digits: it
    holds none of the scripts counted by character (nearly every text)."""
    return text.isascii() or not _UNSPACED_SCRIPTS.search(text)


_NUMBERS = re.compile(r"\d+")


def prose_words(text: str) -> int:
    """Words of ``text`` that are not numbers: a byline full of dates and times
    ("3. mars 2026, kl. 08:15") is not a sentence."""
    return count_words(_NUMBERS.sub(" ", text))


def word_tokens(text: str) -> list[str]:
    """The words of ``text``, case-folded, as ``count_words`` counts them: a Han or kana
    character is a word of its own, a Thai (Lao, Khmer, Burmese) run one token."""
    found: list[str] = []
    for match in _TOKENS.finditer(text.casefold()):
        cjk = match.group("cjk")
        if cjk:
            found.extend(cjk)
        else:
            found.append(match.group(0))
    return found


def reading_minutes(text: str) -> int:
    """Whole minutes to read ``text``: at least 1 for any text, 0 for none."""
    words, minutes = measure(text)
    return max(1, round(minutes)) if words else 0


_BLOCK_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "pre",
        "table",
        "tr",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "figure",
        "figcaption",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "details",
        "summary",
        "hr",
    ]
)
_CELL_TAGS = frozenset(("td", "th"))

# Private-use characters: lxml refuses control characters, and pages never use these.
_BLOCK_BREAK = "\ue000"
_LINE_BREAK = "\ue001"
_KEEP = "\ue002"  # marks a block whose lines and indentation are kept (code)

_MARKERS = dict.fromkeys(map(ord, _BLOCK_BREAK + _LINE_BREAK + _KEEP))
_MARKER = re.compile(f"[{_BLOCK_BREAK}{_LINE_BREAK}{_KEEP}]")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))


def html_to_text(html: str) -> str:
    """The readable text of an article fragment: one paragraph per block, blank lines
    between them, whitespace inside a paragraph collapsed (``<br>`` kept as a newline).

    A ``<pre>`` block keeps its lines and their indentation (source code, poems laid
    out by hand). Image captions are left out: they are the pictures', not the prose.
    """
    if not html.strip():
        return ""
    # The markers below are private-use characters; a page's own (icon fonts use them)
    # would be taken for ours.
    if _MARKER.search(html):
        html = html.translate(_MARKERS)
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    # Captions belong to their pictures (and the images table), not to the prose.
    for caption in list(root.iter("figcaption")):
        caption.drop_tree()
    preformatted: list[str] = []
    for pre in list(root.iter("pre")):
        if pre.getparent() is None:
            continue
        preformatted.append(pre.text_content().replace("\r\n", "\n").strip("\n"))
        tail = pre.tail
        pre.clear()
        pre.text = f"{_KEEP}{len(preformatted) - 1}{_KEEP}"
        pre.tail = tail
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _BLOCK_TAGS:
            element.text = _BLOCK_BREAK + (element.text or "")
            element.tail = _BLOCK_BREAK + (element.tail or "")
        elif tag in _CELL_TAGS:
            element.tail = " " + (element.tail or "")
        elif tag == "br":
            element.tail = _LINE_BREAK + (element.tail or "")
    paragraphs = []
    for block in root.text_content().split(_BLOCK_BREAK):
        kept = block.strip()
        if kept.startswith(_KEEP) and kept.endswith(_KEEP) and kept.count(_KEEP) == 2:
            code = preformatted[int(kept.strip(_KEEP))]
            lines = [line.rstrip() for line in code.split("\n")]
            if any(lines):
                paragraphs.append("\n".join(lines))
            continue
        lines = (" ".join(line.split()) for line in block.split(_LINE_BREAK))
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
    # Soft hyphens and zero-width marks split a word for search and snippets alike.
    return "\n\n".join(paragraphs).translate(_INVISIBLE)
