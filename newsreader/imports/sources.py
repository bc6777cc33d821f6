"""Opening what an import reads: a file, or the members of a ZIP, with bounded memory.

A ZIP is only ever read, member by member, into memory through a counting reader: no
member is written anywhere, so a name like ``../../etc/passwd`` can do no harm; such a
name is still refused (``unsafe_name``) so that no reader matches it by accident. A
member larger than ``MAX_MEMBER_BYTES`` (by its header, or by what actually comes out
of it, which a forged header cannot hide), one that inflates more than
``MAX_RATIO`` times, or an archive inflating to more than ``MAX_TOTAL_BYTES`` in all
is refused with ``ImportError_``: the classic zip bomb ends in one clear line.
(Python's zipfile never gives more bytes than a member's header declares, and a
member whose data does not match its CRC is reported as damaged.)

Text is read as UTF-8 (a byte-order mark skipped); bytes that are not UTF-8 are read
as windows-1252, which is what Excel writes when it saves a CSV on Windows
(``capture.charset.STRAY_AS_WINDOWS_1252``, the handler the URL lists use too). UTF-16
and UTF-32 (Excel's "Unicode text", Notepad's "Unicode") are read by their byte-order
mark, or UTF-16 by its NULs without one, as the URL lists read them
(``capture.charset.text_file_codec``).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath
from typing import BinaryIO, NamedTuple

from newsreader.capture.charset import STRAY_AS_WINDOWS_1252, text_file_codec
from newsreader.errors import NewsreaderError
from newsreader.imports.records import ImportedItem, ImportProblem, Skipped

Record = ImportedItem | ImportProblem | Skipped


class CsvRow(NamedTuple):
    """One row of a CSV: where it is (``line N``), its values by column name, and how
    many lines of the file it took (quoted fields may hold line breaks)."""

    where: str
    values: dict[str, str]
    lines: int = 1


# One member (a CSV part, one article's HTML, a JSON file): far above any real one.
MAX_MEMBER_BYTES = 512 * 1024 * 1024
# Everything read from one archive, in all.
MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024
# Text compresses 5-10 times; more than this (on a member worth worrying about) is a bomb.
MAX_RATIO = 200
_RATIO_FLOOR = 1024 * 1024
# One CSV record (a row, with the lines its quoted fields hold), in characters: far
# above any real one (csv's own default limit for a field is 128 KB). A longer one
# costs only itself.
MAX_RECORD_CHARS = 16_000_000
# What text decoding looks at to recognise the encoding.
HEAD_BYTES = 4096
_WEB = ("http://", "https://")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A row that cannot be read and takes this many lines likely has a quote never closed.
MANY_LINES = 10


class ImportError_(NewsreaderError):
    """The file as a whole cannot be imported (one line, for the user)."""


def is_zip(path: str) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) in (b"PK\x03\x04", b"PK\x05\x06")


def unsafe_name(name: str) -> bool:
    """A member name that would leave the folder it were unpacked in."""
    if "\\" in name or "\x00" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return True
    return ".." in PurePosixPath(name).parts


class Archive:
    """A ZIP opened for reading members by name, within the limits above."""

    def __init__(self, path: str) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            raise ImportError_(f"not a readable ZIP archive: {error}") from error
        self._read = 0
        self.infos = [
            info
            for info in self._zip.infolist()
            if not info.is_dir() and not unsafe_name(info.filename)
        ]
        self.unsafe = [info.filename for info in self._zip.infolist() if unsafe_name(info.filename)]

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def size(self, name: str) -> int:
        """What a member's header says it inflates to."""
        return self._zip.getinfo(name).file_size

    def names(self) -> list[str]:
        return [info.filename for info in self.infos]

    def _check(self, info: zipfile.ZipInfo) -> None:
        if info.file_size > MAX_MEMBER_BYTES:
            raise ImportError_(f"{info.filename}: larger than {_mb(MAX_MEMBER_BYTES)}")
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise ImportError_(f"{info.filename}: inflates {MAX_RATIO}+ times (a zip bomb?)")

    @contextmanager
    def open(self, name: str) -> Iterator[BinaryIO]:
        """A member as a binary stream that stops with ImportError_ at the limits."""
        info = self._zip.getinfo(name)
        self._check(info)
        with self._zip.open(info) as raw:
            yield _Counted(raw, self, info.filename)  # type: ignore[misc]

    def read(self, name: str) -> bytes:
        with self.open(name) as stream:
            return stream.read()

    def _count(self, n: int, name: str, so_far: int) -> None:
        self._read += n
        if so_far > MAX_MEMBER_BYTES:
            raise ImportError_(f"{name}: larger than {_mb(MAX_MEMBER_BYTES)}")
        if self._read > MAX_TOTAL_BYTES:
            raise ImportError_(f"the archive inflates to more than {_mb(MAX_TOTAL_BYTES)}")


class _Counted(io.RawIOBase):
    """A member stream counting what comes out of it (a header may lie about sizes)."""

    def __init__(self, raw: BinaryIO, archive: Archive, name: str) -> None:
        self._raw, self._archive, self._name, self._total = raw, archive, name, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        try:
            data = self._raw.read(len(buffer))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            raise ImportError_(f"{self._name}: damaged in the archive ({error})") from error
        self._total += len(data)
        self._archive._count(len(data), self._name, self._total)
        buffer[: len(data)] = data
        return len(data)


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def text_stream(binary: BinaryIO) -> io.TextIOWrapper:
    """``binary`` as text (``text_codec``); lines kept as they are (``newline=""``, as
    csv wants)."""
    # peek: the first bytes decide the codec and are still read after.
    buffered = binary if hasattr(binary, "peek") else io.BufferedReader(binary)  # type: ignore[arg-type]
    codec, errors = text_codec(buffered.peek(HEAD_BYTES)[:HEAD_BYTES])  # type: ignore[union-attr]
    return io.TextIOWrapper(buffered, encoding=codec, errors=errors, newline="")


def decode(data: bytes) -> str:
    """Bytes of a small text member read as ``text_stream`` reads them."""
    codec, errors = text_codec(data[:HEAD_BYTES])
    return data.decode(codec, errors=errors)


def text_codec(head: bytes) -> tuple[str, str]:
    """The codec and error handler to read a text whose first bytes are ``head``:
    UTF-16 or UTF-32 as ``capture.charset.text_file_codec`` recognises them (by the
    byte-order mark, or UTF-16's NULs), undecodable bytes replaced; otherwise UTF-8
    (a BOM skipped), stray bytes as windows-1252."""
    codec = text_file_codec(head)
    if codec in (None, "utf-8-sig"):
        return "utf-8-sig", STRAY_AS_WINDOWS_1252
    return codec, "replace"


class _TooLong(Exception):
    """A CSV record grew past ``MAX_RECORD_CHARS``."""


class _Lines:
    """A text stream's physical lines as ``(number, text)``, numbered from 1; lines
    put ``back`` are given again first. A line longer than ``MAX_RECORD_CHARS`` comes
    as ``(number, None)``, its text dropped as it is read (memory stays bounded)."""

    def __init__(self, text: io.TextIOBase) -> None:
        self._text = text
        self._number = 0
        self._again: deque[tuple[int, str | None]] = deque()

    def next(self) -> tuple[int, str | None] | None:
        if self._again:
            return self._again.popleft()
        line = self._text.readline(MAX_RECORD_CHARS + 1)
        if not line:
            return None
        self._number += 1
        if len(line) <= MAX_RECORD_CHARS:
            return self._number, line
        while line and not line.endswith(("\n", "\r")):
            line = self._text.readline(MAX_RECORD_CHARS + 1)
        return self._number, None

    def back(self, lines: list[tuple[int, str | None]]) -> None:
        self._again.extendleft(reversed(lines))


class _Feed:
    """The lines csv.reader asks for, recording those of the record being read
    (``taken``) so that they can be read again; _TooLong past the record limit."""

    def __init__(self, lines: _Lines) -> None:
        self._lines = lines
        self.taken: list[tuple[int, str | None]] = []
        self._size = 0
        self.ended = False  # the file ended within the record

    def start(self) -> None:
        self.taken, self._size, self.ended = [], 0, False

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        got = self._lines.next()
        if got is None:
            self.ended = True
            raise StopIteration
        self.taken.append(got)
        line = got[1]
        if line is None:
            raise _TooLong
        self._size += len(line)
        if self._size > MAX_RECORD_CHARS:
            raise _TooLong
        return line


def _next_row(reader: Iterator[list[str]]) -> list[str] | None:
    # csv's field limit is one setting for the whole process: raised for this one
    # row only (a record is already bounded by MAX_RECORD_CHARS), then put back.
    limit = csv.field_size_limit(MAX_RECORD_CHARS + 1)
    try:
        return next(reader, None)
    finally:
        csv.field_size_limit(limit)


def csv_rows(text: io.TextIOBase, where: str = "") -> Iterator[CsvRow | ImportProblem]:
    """The rows of a CSV with a header line (read by Python's csv module, RFC 4180
    quoting), as ``CsvRow`` (``where``, row by lowercased and stripped column name).
    ``where`` is ``line N`` (the row's first line: a quoted title may hold line
    breaks), prefixed by the member name in a ZIP. Rows that are entirely empty are
    skipped. A header csv cannot read raises ImportError_.

    A bad row costs only itself, as an ImportProblem naming its first line: a row
    longer than ``MAX_RECORD_CHARS``, one csv cannot read, and one whose quote is
    never closed. That last one takes in the lines after it as one field, up to the
    next quote or the end of the file; it is recognised when such a field holds what
    reads as a row of the file, with a web address in the url column
    (``_unclosed_quote``). The lines after its first are then read again as rows of
    their own."""
    prefix = f"{where}: " if where else ""
    lines = _Lines(text)
    feed = _Feed(lines)
    reader = csv.reader(feed)
    try:
        header = _next_row(reader)
    except _TooLong as error:
        raise ImportError_(
            f"{prefix}line 1: a header longer than {MAX_RECORD_CHARS:,} characters"
        ) from error
    except csv.Error as error:
        raise ImportError_(f"{prefix}line 1: {error}") from error
    if header is None:
        return
    names = [name.strip().lower() for name in header]
    while True:
        feed.start()
        try:
            row = _next_row(reader)
        except _TooLong:
            yield ImportProblem(
                f"{prefix}line {feed.taken[0][0]}",
                f"a row longer than {MAX_RECORD_CHARS:,} characters: not read",
            )
            lines.back(feed.taken[1:])
            continue
        except csv.Error as error:
            yield ImportProblem(f"{prefix}line {feed.taken[0][0]}", f"not read: {error}")
            lines.back(feed.taken[1:])
            continue
        if row is None:
            return
        first = feed.taken[0][0]
        if len(feed.taken) > 1 and _unclosed_quote(row, names, feed.ended):
            yield ImportProblem(
                f"{prefix}line {first}",
                f"a quote is never closed (its field took in the next "
                f"{len(feed.taken) - 1} lines): row not read, the lines after it read again",
            )
            lines.back(feed.taken[1:])
            continue
        if not any(cell.strip() for cell in row):
            continue
        values = {name: (row[i] if i < len(row) else "") for i, name in enumerate(names)}
        yield CsvRow(f"{prefix}line {first}", values, len(feed.taken))


def _unclosed_quote(row: list[str], names: list[str], at_end: bool) -> bool:
    """Whether a row spanning lines is one whose quote was never closed: a field of it
    takes in what reads as rows of the file (``csv_rows``). Such a field holds the
    rest of the line its quote opened (the rest of a row: its URL, if that came after,
    maybe shifted by commas the quote was meant to hold), then whole lines, then the
    start of the line its closing quote is on, or a whole last line at the end of the
    file (``at_end``)."""
    if "url" not in names:
        return False
    url = names.index("url")
    for column, field in enumerate(row):
        pieces = _LINE_BREAK.split(field)
        if len(pieces) < 2:
            continue
        if column <= url and _has_url(pieces[0], url - column, len(names) - column, True):
            return True
        whole = pieces[1:] if at_end and column == len(row) - 1 else pieces[1:-1]
        if any(_has_url(piece, url, len(names)) for piece in whole):
            return True
    return False


def _has_url(line: str, url: int, columns: int, shifted: bool = False) -> bool:
    """Whether ``line`` read as CSV has ``columns`` columns or more and a web address
    in column ``url`` (or, ``shifted``, in any column after it)."""
    cells = next(csv.reader([line]), [])
    found = cells[url:] if shifted else cells[url : url + 1]
    return len(cells) >= columns and any(c.strip().lower().startswith(_WEB) for c in found)


def csv_records(
    text: io.TextIOBase,
    read_row: Callable[[str, dict[str, str]], Iterator[Record]],
    where: str = "",
) -> Iterator[Record]:
    """The records ``read_row(where, row)`` makes of each row of ``csv_rows``, with
    the problems of the rows that could not be read. A problem with a row that took
    ``MANY_LINES`` lines or more says that a quote may never have been closed."""
    for row in csv_rows(text, where):
        if isinstance(row, ImportProblem):
            yield row
            continue
        for record in read_row(row.where, row.values):
            if isinstance(record, ImportProblem) and row.lines >= MANY_LINES:
                record = ImportProblem(
                    record.where,
                    f"{record.message} (the row runs over {row.lines} lines: "
                    "a quote never closed?)",
                )
            yield record


def csv_file_records(
    path: str, read_row: Callable[[str, dict[str, str]], Iterator[Record]]
) -> Iterator[Record]:
    """``csv_records`` of the CSV file at ``path``."""
    with open(path, "rb") as handle, text_stream(handle) as text:
        yield from csv_records(text, read_row)


def csv_header(text: str) -> list[str]:
    """The column names of a CSV's first line (lowercased, stripped)."""
    first = next(csv.reader(io.StringIO(text)), [])
    return [name.strip().lower() for name in first]
