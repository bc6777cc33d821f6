"""Reading the elements of a big JSON array one at a time, with bounded memory.

wallabag's export holds every article's HTML in one JSON array; tens of thousands of
them make a file of gigabytes. ``JsonArray`` reads a top-level array (``[{…}, {…}]``)
or the array under one key of a top-level object (``{"bookmarks": [{…}]}``) element by
element, holding only the element being read (at most ``MAX_ELEMENT_CHARS``) and a
read-ahead. The object's other members (a format version, an export date) are kept in
``members``. (The PyPI package ``ijson`` does this in C and would replace this module
if the project took a dependency for it.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TextIO

from newsreader.imports.sources import ImportError_

CHUNK = 1024 * 1024
MAX_ELEMENT_CHARS = 256 * 1024 * 1024
_WHITESPACE = " \t\r\n"
_DECODER = json.JSONDecoder()


class JsonArray:
    def __init__(self, text: TextIO, key: str | None = None) -> None:
        self._text, self._key = text, key
        self._buf, self._pos, self._eof = "", 0, False
        self.members: dict[str, object] = {}

    def _fill(self, at_least: int = CHUNK) -> bool:
        if self._eof:
            return False
        if self._pos > CHUNK:
            self._buf, self._pos = self._buf[self._pos :], 0
        piece = self._text.read(max(at_least, CHUNK))
        if not piece:
            self._eof = True
            return False
        self._buf += piece
        return True

    def _peek(self) -> str:
        while True:
            while self._pos < len(self._buf) and self._buf[self._pos] in _WHITESPACE:
                self._pos += 1
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._fill():
                return ""

    def _expect(self, char: str) -> None:
        if self._peek() != char:
            found = self._peek() or "the end of the file"
            raise ImportError_(f"not the JSON expected: {char!r} wanted, {found!r} found")
        self._pos += 1

    def _value(self) -> object:
        self._peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as error:
                if len(self._buf) - self._pos > MAX_ELEMENT_CHARS:
                    raise ImportError_("a JSON element is too large to import") from error
                if not self._fill(len(self._buf) - self._pos):  # double the window
                    raise ImportError_(f"not valid JSON: {error.msg}") from error
                continue
            cut = end == len(self._buf) and not isinstance(value, dict | list | str)
            if cut and self._fill():  # a number or word cut at the window's end
                continue
            self._pos = end
            return value

    def __iter__(self) -> Iterator[object]:
        first = self._peek()
        if self._key is None:
            if first != "[":
                raise ImportError_("not a JSON array")
            yield from self._elements()
            return
        self._expect("{")
        if self._peek() == "}":
            return
        while True:
            name = self._value()
            self._expect(":")
            if name == self._key and self._peek() == "[":
                yield from self._elements()
            else:
                self.members[str(name)] = self._value()
            after = self._peek()
            if after == "}":
                return
            self._expect(",")

    def _elements(self) -> Iterator[object]:
        self._expect("[")
        if self._peek() == "]":
            self._pos += 1
            return
        while True:
            yield self._value()
            after = self._peek()
            if after == "]":
                self._pos += 1
                return
            self._expect(",")
