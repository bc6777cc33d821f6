"""Small readers of single values, shared by the format readers."""

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


def text(value: object) -> str | None:
    """A stripped string, None for nothing."""
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    value = value.strip()
    return value or None


def flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    return isinstance(value, str) and value.strip().lower() in _TRUE


def tags(values: object) -> tuple[str, ...]:
    """Tags, stripped, empty ones and repeats dropped, order kept."""
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple):
        return ()
    seen: dict[str, None] = {}
    for value in values:
        if isinstance(value, dict):  # {"name": "…"} (Omnivore, Linkwarden labels)
            value = value.get("name") or value.get("label")
        name = text(value)
        if name:
            seen.setdefault(name, None)
    return tuple(seen)


def split_tags(value: str | None, separator: str) -> tuple[str, ...]:
    return tags((value or "").split(separator))


def json_list(value: str | None) -> list | None:
    """A JSON list in a CSV cell (Instapaper's Tags), None if it is none."""
    if not value or not value.strip():
        return []
    try:
        parsed = json.loads(value)
    except ValueError:
        return None
    return parsed if isinstance(parsed, list) else None


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
    return Skipped(where, f"not a web page ({scheme.group(1)}:)", url=url)
