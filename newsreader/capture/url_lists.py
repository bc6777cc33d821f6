"""Finding the URLs in what people paste, drop or import: one per line (or word).

Used by ``newsreader import`` for files and by the window for pasted and dropped
text, so both read lists the same way.

A file is read as a stream with bounded memory (``read_url_file``): at most
``MAX_FILE_BYTES`` in all, in pieces of at most ``MAX_LINE_BYTES``, so an endless
input (``/dev/zero``, a FIFO that never stops), a huge file or one giant line ends in
one clear error, never in memory growing without limit.
"""

from __future__ import annotations

import html
import io
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO, TextIO

from newsreader.capture.charset import STRAY_AS_WINDOWS_1252, text_file_codec
from newsreader.errors import NewsreaderError

# Inside other text (CSV, HTML bookmarks) a URL ends at a comma: commas in URLs are
# rarer than CSV columns.
_URL_IN_TEXT = re.compile(r"""https?://[^\s"'<>,]+""", re.I)
_WHITESPACE = re.compile(r"\s")
# The host part stops at the path (a "/", "?" or "#"): a dot in the path is not the
# host's, and a long line of "a.aa/a.aa/…" is then read once, not once a dot.
_BARE_ADDRESS = re.compile(r"^[^\s<>\"',/?#]+\.[a-z]{2,}(?:[/:?#][^\s<>\"']*)?$", re.I)


# A list of URLs to save is a few MB at most (100,000 URLs of 100 bytes: 10 MB); a
# browser's bookmarks file with its icons inline can be several times that.
MAX_FILE_BYTES = 50 * 1024 * 1024
# A line is read in pieces this long at most; a longer line (a bookmarks file written
# on one line) is cut between words, where no URL can be (see _SEPARATORS).
MAX_LINE_BYTES = 64 * 1024
# More URLs than this is not a reading list but a crawl: the import is refused.
MAX_URLS = 100_000
# Bytes no URL found in text can contain (_URL_IN_TEXT stops at each of them), so a
# long line may be cut after any of them.
_SEPARATORS = b" \t\r\n\"'<>,"
_CUT = re.compile(rb"[ \t\r\n\"'<>,]")
# Control characters no text file holds many of (tab, line breaks and escape aside).
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_NOT_TEXT_SHARE = 0.01


def read_url_file(path: str) -> tuple[list[str], int]:
    """The URLs in the file at ``path`` (``-``: standard input), as ``read_url_list``
    finds them, read with bounded memory.

    Raises NewsreaderError (one line) for input that is not a list of URLs: larger
    than ``MAX_FILE_BYTES`` (a regular file is refused before it is read; a stream,
    once that much has come), binary (a NUL byte, or more than 1 % control
    characters in a piece), or holding more than ``MAX_URLS`` URLs. OSError when the
    file cannot be opened or read. Text is read as UTF-8 (a BOM is skipped), bytes
    that are not UTF-8 read as windows-1252; UTF-16 and UTF-32 as
    ``charset.text_file_codec`` recognises them.
    """
    if path == "-":
        stdin = getattr(sys.stdin, "buffer", None)  # None: replaced by a text stream
        return read_url_stream(stdin if stdin is not None else _Encoded(sys.stdin))
    with open(path, "rb") as handle:
        return read_url_stream(handle)


class _Encoded:
    """A text stream read as UTF-8 bytes, a bounded line at a time."""

    def __init__(self, text: TextIO) -> None:
        self._text = text

    def readline(self, limit: int) -> bytes:
        return self._text.readline(limit).encode("utf-8", errors="replace")

    def fileno(self) -> int:
        raise OSError("not a file")


def read_url_stream(stream: BinaryIO | _Encoded) -> tuple[list[str], int]:
    """``read_url_file`` on an open binary stream (a file, a pipe, standard input)."""
    try:
        info = os.fstat(stream.fileno())
    except (OSError, AttributeError, ValueError):
        info = None  # not a real file (an in-memory stream): the running count decides
    if info is not None and stat.S_ISREG(info.st_mode) and info.st_size > MAX_FILE_BYTES:
        raise NewsreaderError(_too_large())
    peek = getattr(stream, "peek", None)
    codec = text_file_codec(peek(4096)) if callable(peek) else None
    if codec not in (None, "utf-8-sig"):
        # UTF-16 or UTF-32 (Windows Notepad's "Unicode"): read as text, a bounded line
        # at a time, like a text stream.
        text = io.TextIOWrapper(stream, encoding=codec, errors="replace")
        try:
            return read_url_list(_lines(_pieces(_Encoded(text))))
        finally:
            text.detach()  # the caller closes the stream it opened
    return read_url_list(_lines(_pieces(stream)))


def _too_large() -> str:
    return f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: not a list of URLs to import"


def _pieces(stream: BinaryIO | _Encoded) -> Iterator[tuple[bytes, bool]]:
    """The stream's lines as ``(bytes, False)``; a line longer than ``MAX_LINE_BYTES``
    as pieces ``(bytes, True)`` cut after a separator. A run of that many bytes with
    no separator in it (no URL is so long) is dropped. Never holds more than about
    twice ``MAX_LINE_BYTES``."""
    total = 0
    carry = b""  # the unfinished end of a long line, cut at its last separator
    long = False  # inside a line longer than one piece
    dropping = False  # inside a run too long to be anything: skip to a separator
    while True:
        chunk = stream.readline(MAX_LINE_BYTES)
        if not chunk:
            if carry:
                yield carry, True
            return
        total += len(chunk)
        if total > MAX_FILE_BYTES:
            raise NewsreaderError(_too_large())
        if b"\x00" in chunk or len(_CONTROL.findall(chunk)) > _NOT_TEXT_SHARE * len(chunk):
            raise NewsreaderError("not a text file")
        if dropping:
            cut = _CUT.search(chunk)
            if cut is None:
                continue
            chunk, dropping = chunk[cut.start() :], False
        if chunk.endswith(b"\n"):
            yield carry + chunk, long
            carry, long = b"", False
            continue
        long = True
        data = carry + chunk
        last = max(data.rfind(bytes((separator,))) for separator in _SEPARATORS)
        carry = data[last + 1 :] if last >= 0 else data
        if last >= 0:
            yield data[: last + 1], True
        if len(carry) > MAX_LINE_BYTES:
            carry, dropping = b"", True


def _lines(pieces: Iterable[tuple[bytes, bool]]) -> Iterator[str]:
    """Lines of text for ``read_url_list``: a piece of a long line gives each URL in
    it as a line of its own (a bookmarks file written on one line holds many)."""
    first = True
    for piece, of_long_line in pieces:
        if first:
            piece, first = piece.removeprefix(b"\xef\xbb\xbf"), False
        # A list put together from several sources may hold a line in windows-1252
        # (latin-1) among UTF-8 ones: bytes that are not UTF-8 are read as that.
        text = piece.decode("utf-8", errors=STRAY_AS_WINDOWS_1252)
        found = _URL_IN_TEXT.findall(text) if of_long_line else None
        if found:
            yield from found
        else:
            yield text


def read_url_list(stream: Iterable[str]) -> tuple[list[str], int]:
    """The URLs in a text file (or any lines), and how many non-blank lines held none.

    One URL per line; blank lines and # comments are skipped. A line that holds a URL
    among other text (a CSV row, a bookmarks-file entry) gives that URL. A line that
    is itself address-like (``vg.no/sak``, ``ftp://…``) is kept, so that it fails with
    a reason; any other line (a CSV header, HTML markup) is counted and skipped.
    Duplicates are saved once. NewsreaderError for a line with a NUL (not text) or
    more than ``MAX_URLS`` different URLs.
    """
    urls: dict[str, None] = {}
    skipped = 0
    for line in stream:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "\x00" in line:
            raise NewsreaderError("not a text file")
        found = _URL_IN_TEXT.search(line)
        if found:
            url = found.group(0).rstrip(").,;")
            if "<" in line:  # markup (a bookmarks file): its attributes hold entities
                url = _unescape_attribute(url)
            urls[url] = None
        elif ("://" in line and not _WHITESPACE.search(line)) or _BARE_ADDRESS.match(line):
            urls[line] = None
        else:
            skipped += 1
            continue
        if len(urls) > MAX_URLS:
            raise NewsreaderError(f"more than {MAX_URLS:,} URLs: split the list into parts")
    return list(urls), skipped


# A character reference ended by ";" (&amp; &#38; &#x26;): in an HTML attribute every
# such reference is decoded, while one without ";" before "=" or a letter is left as
# it is (HTML standard, "named character reference state"), so "?a=1&not=2" keeps
# its "&not". Browsers write "&" in a bookmark's HREF as "&amp;".
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _unescape_attribute(value: str) -> str:
    return _REFERENCE.sub(lambda match: html.unescape(match.group(0)), value)


def looks_like_address(word: str) -> bool:
    """Whether one word is meant as a web address (``https://…``, ``vg.no/sak``)."""
    return bool(_URL_IN_TEXT.fullmatch(word) or _BARE_ADDRESS.match(word) or "://" in word)


def urls_in_text(text: str) -> tuple[list[str], int]:
    """The URLs in pasted or dropped text: each whitespace-separated word is read as a
    line, so several links on one line are all found."""
    return read_url_list(text.split())
