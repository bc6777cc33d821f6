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
(``capture.charset.STRAY_AS_WINDOWS_1252``, the handler the URL lists use too).
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath
from typing import BinaryIO

from newsreader.capture.charset import STRAY_AS_WINDOWS_1252
from newsreader.errors import NewsreaderError

# One member (a CSV part, one article's HTML, a JSON file): far above any real one.
MAX_MEMBER_BYTES = 512 * 1024 * 1024
# Everything read from one archive, in all.
MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024
# Text compresses 5-10 times; more than this (on a member worth worrying about) is a bomb.
MAX_RATIO = 200
_RATIO_FLOOR = 1024 * 1024
# One CSV field (a title, a highlight): csv's own default is 128 KB.
MAX_FIELD_CHARS = 16 * 1024 * 1024


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
    """``binary`` as text: UTF-8 (BOM skipped), stray bytes as windows-1252; lines
    kept as they are (``newline=""``, as csv wants)."""
    buffered = binary if isinstance(binary, io.BufferedIOBase) else io.BufferedReader(binary)  # type: ignore[arg-type]
    return io.TextIOWrapper(
        buffered, encoding="utf-8-sig", errors=STRAY_AS_WINDOWS_1252, newline=""
    )


def decode(data: bytes) -> str:
    """Bytes of a small text member read as ``text_stream`` reads them."""
    return data.decode("utf-8-sig", errors=STRAY_AS_WINDOWS_1252)


def csv_rows(text: io.TextIOBase, where: str = "") -> Iterator[tuple[str, dict[str, str]]]:
    """The rows of a CSV with a header line, as (``where``, row by lowercased and
    stripped column name). ``where`` is ``line N`` (the row's first line: a quoted
    title may hold line breaks), prefixed by the member name in a ZIP. Rows that are
    entirely empty are skipped. A row csv cannot read ends the file with ImportError_
    naming its line."""
    csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(text)
    prefix = f"{where}: " if where else ""
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise ImportError_(f"{prefix}line 1: {error}") from error
    if header is None:
        return
    names = [name.strip().lower() for name in header]
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader, None)
        except csv.Error as error:
            raise ImportError_(f"{prefix}line {start}: {error}") from error
        if row is None:
            return
        here, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        values = {name: (row[i] if i < len(row) else "") for i, name in enumerate(names)}
        yield f"{prefix}line {here}", values


def csv_header(text: str) -> list[str]:
    """The column names of a CSV's first line (lowercased, stripped)."""
    first = next(csv.reader(io.StringIO(text)), [])
    return [name.strip().lower() for name in first]
