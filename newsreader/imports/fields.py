"""Small readers of single values, shared by the format readers.

Text from a file is cleaned of control characters (C0 but tab and line breaks, DEL,
C1, which no title, tag or note means and which would garble a list or a terminal);
a title, a tag or another one-line value (``line``) is one line, its runs of
whitespace one space; a title is at most ``MAX_TITLE_CHARS``, a tag at most
``MAX_TAG_CHARS``.
"""

from __future__ import annotations

import ast
import json
import math
import re

from newsreader.imports.records import ImportProblem, Skipped
from newsreader.library.highlights import color_of

_TRUE = {"1", "true", "yes", "y", "t", "on"}
# A Python-style list of tags longer than this is not a list of tags.
_MAX_LITERAL = 64 * 1024
# A title longer than this (a page's text pasted into the title column, a broken
# row) is cut: a real one is under 300 characters; 1,000 leaves room for the longest.
MAX_TITLE_CHARS = 1000
# A tag longer than this is not a tag: cut.
MAX_TAG_CHARS = 200
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Spaces, tabs and line breaks (a no-break space is kept as written).
_SPACES = re.compile(r"[ \t\n\r\u2028\u2029]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BLANK_LINES = re.compile(r"\n{3,}")


def text(value: object) -> str | None:
    """A stripped string without control characters (tab and line breaks kept),
    None for nothing."""
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    value = _CONTROLS.sub("", value).strip()
    return value or None


def line(value: object, most: int | None = None) -> str | None:
    """``text`` on one line: runs of whitespace (line breaks, tabs) one space; cut to
    at most ``most`` characters (code points), ending in "…" when cut."""
    value = text(value)
    if value is None:
        return None
    value = _SPACES.sub(" ", value)
    if most is not None and len(value) > most:
        value = value[: most - 1].rstrip() + "…"
    return value


def title(value: object, url: str | None = None) -> str | None:
    """A title (``line``, at most ``MAX_TITLE_CHARS``); None if it is only the URL."""
    found = line(value, MAX_TITLE_CHARS)
    return None if found is None or found == url else found


def paragraphs(value: object) -> str | None:
    """Text of several lines from markup (a bookmark's ``<DD>``): each line stripped
    (the source's indentation gone), its runs of spaces and tabs one space; line
    breaks kept, a run of blank lines one paragraph break."""
    value = text(value)
    if value is None:
        return None
    lines = (line(part) or "" for part in _LINE_BREAK.split(value))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip() or None


def flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    return isinstance(value, str) and value.strip().lower() in _TRUE


def tags(values: object) -> tuple[str, ...]:
    """Tags, each one ``line`` cut to ``MAX_TAG_CHARS``, empty ones and repeats
    dropped, order kept."""
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple):
        return ()
    seen: dict[str, None] = {}
    for value in values:
        if isinstance(value, dict):  # {"name": "…"} (Omnivore, Linkwarden labels)
            value = value.get("name") or value.get("label")
        name = line(value)
        if name:
            seen.setdefault(name[:MAX_TAG_CHARS].rstrip(), None)
    return tuple(seen)


def split_tags(value: str | None, separator: str) -> tuple[str, ...]:
    return tags((value or "").split(separator))


def lenient_list(value: str | None) -> list:
    """A list in a CSV cell (Instapaper's Tags): a JSON list (``["a","b"]``) when it is
    one; anything else read as a comma-separated list, brackets and quotes around it
    and its items dropped (``[a, "b"]``, ``a, b``)."""
    if not value or not value.strip():
        return []
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = None
    if isinstance(parsed, list):
        return parsed
    inner = value.strip()
    if inner.startswith("[") and inner.endswith("]"):
        inner = inner[1:-1]
    return [item.strip().strip("\"'").strip() for item in inner.split(",")]


def python_list(value: str | None) -> list | None:
    """A Python-style list literal (Readwise's ``['a', 'b']``), read with
    ``ast.literal_eval`` (literals only: no names, calls or attributes), None if it
    is not a list of strings."""
    if not value or not value.strip():
        return []
    if len(value) > _MAX_LITERAL:
        return None
    try:
        parsed = ast.literal_eval(value.strip())
    except (ValueError, SyntaxError, MemoryError, RecursionError, TypeError):
        return None
    if isinstance(parsed, list | tuple) and all(isinstance(v, str) for v in parsed):
        return list(parsed)
    return None


def fraction(value: object, *, percent: bool = False) -> float | None:
    """Reading progress as 0..1 (``percent``: the value is 0..100)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    if percent:
        number /= 100
    return min(max(number, 0.0), 1.0)


def color(name: object) -> str | None:
    """A service's colour as ours (None: the default; an unknown one too)."""
    if not isinstance(name, str) or not name.strip():
        return None
    try:
        return color_of(name)
    except ValueError:
        return None


def no_url(where: str) -> ImportProblem:
    return ImportProblem(where, "no URL")


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def not_a_web_link(where: str, url: str) -> Skipped:
    """A link of the file that is no web address (``javascript:``, ``ftp:``, ``place:``,
    a relative path), skipped with why; the report shows the link as given (without
    any password: ``urls.shown``)."""
    scheme = _SCHEME.match(url)
    if scheme is None:
        return Skipped(where, "a relative link, not a web address", url=url)
    return Skipped(where, f"a {scheme.group(1).lower()}: link, not a web page", url=url)
