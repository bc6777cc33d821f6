"""The library's files: content-addressed images and compressed raw pages.

A file is always complete or absent: it is written to the library's tmp folder,
flushed, and renamed into place. Names derive from the content's SHA-256, so the
same bytes are stored once however many articles use them.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import logging
import os
import tempfile
import time
import zlib
from pathlib import Path, PurePosixPath

from newsreader.paths import LibraryPaths

log = logging.getLogger(__name__)

IMAGE_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/avif": ".avif",
    "image/bmp": ".bmp",
    "image/svg+xml": ".svg",
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def image_name(data: bytes, mime: str) -> str:
    """The library-relative name an image's bytes are stored under."""
    digest = sha256(data)
    return f"images/{digest[:2]}/{digest}{IMAGE_EXTENSIONS.get(mime, '.img')}"


def raw_name(data: bytes) -> str:
    digest = sha256(data)
    return f"raw/{digest[:2]}/{digest}.html.gz"


def write_atomic(paths: LibraryPaths, relative: str, data: bytes) -> Path:
    """Write ``data`` to the library file ``relative`` so it is never seen half-written."""
    target = paths.resolve(relative)
    if target.exists() and target.stat().st_size == len(data):
        return target  # content-addressed: same name, same bytes
    target.parent.mkdir(parents=True, exist_ok=True)
    paths.tmp.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=paths.tmp, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _move_into_place(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target


def _move_into_place(source: str, target: Path) -> None:
    # Another process removing the last file of a fan-out folder removes the folder
    # too (``remove``), maybe between our mkdir and this rename: make it again.
    for attempt in range(8):
        try:
            os.replace(source, target)
            return
        except FileNotFoundError:
            if attempt == 7 or not os.path.exists(source):
                raise
            target.parent.mkdir(parents=True, exist_ok=True)


def content_address(relative: str) -> str | None:
    """The SHA-256 (hex) the library file name ``relative`` was made from
    (``image_name``: images/ab/<digest>.<ext>, ``raw_name``: raw/ab/<digest>.html.gz),
    or None for a name of another shape, which cannot be checked."""
    parts = PurePosixPath(relative).parts
    if len(parts) != 3:
        return None
    digest = parts[2].split(".", 1)[0]
    if len(digest) != 64 or parts[1] != digest[:2]:
        return None
    return digest


class ContentCheck:
    """Checks bytes fed in pieces against the content address of the name they are
    stored under: an image's SHA-256, a raw page's SHA-256 after gzip decompression
    (decompressed a piece at a time, so a hostile file cannot fill the memory).

    ``update(chunk)`` with the file's bytes in order, then ``matches()``: True when they
    hash to the name's address, or when the name has none (``content_address``)."""

    def __init__(self, relative: str) -> None:
        self.expected = content_address(relative)
        self._hash = hashlib.sha256()
        self._raw = PurePosixPath(relative).parts[0] == "raw"
        self._inflate = zlib.decompressobj(wbits=31) if self._raw else None
        self._broken = False

    def update(self, chunk: bytes) -> None:
        if self.expected is None or self._broken:
            return
        if self._inflate is None:
            self._hash.update(chunk)
            return
        try:
            self._decompress(chunk)
        except zlib.error:
            self._broken = True

    def _decompress(self, data: bytes) -> None:
        while data:
            if self._inflate.eof:  # another gzip member follows (as gzip.decompress reads)
                self._inflate = zlib.decompressobj(wbits=31)
            self._hash.update(self._inflate.decompress(data, _PIECE))
            data = self._inflate.unconsumed_tail or self._inflate.unused_data

    def matches(self) -> bool:
        if self.expected is None:
            return True
        if self._inflate is not None and not self._broken:
            try:
                self._hash.update(self._inflate.flush())  # at most a window's worth
            except zlib.error:
                self._broken = True
        if self._broken or (self._inflate is not None and not self._inflate.eof):
            return False  # not gzip, or cut short
        return self._hash.hexdigest() == self.expected


_PIECE = 1 << 20  # bytes read or decompressed at a time


def matches(relative: str, data: bytes) -> bool:
    """Whether ``data`` is what the library file name ``relative`` says (ContentCheck)."""
    check = ContentCheck(relative)
    check.update(data)
    return check.matches()


def verify(paths: LibraryPaths, relative: str) -> bool:
    """Whether the stored file ``relative`` still holds the bytes its name was made from
    (``ContentCheck``). A name of another shape is taken as it is (True). Reads the
    whole file a piece at a time; raises OSError if it cannot be read."""
    check = ContentCheck(relative)
    if check.expected is None:
        return True
    with paths.resolve(relative).open("rb") as handle:
        while chunk := handle.read(_PIECE):
            check.update(chunk)
    return check.matches()


def compress_raw(data: bytes) -> bytes:
    # mtime=0 keeps the compressed bytes a pure function of the input. Level 3 is
    # within a few percent of level 6 on HTML at a third of the CPU time.
    return gzip.compress(data, compresslevel=3, mtime=0)


def read_raw(paths: LibraryPaths, relative: str) -> bytes:
    return gzip.decompress(paths.resolve(relative).read_bytes())


def remove(paths: LibraryPaths, relative: str) -> bool:
    """Delete a library file if it is there. Failing to delete leaves an orphan, which
    ``check`` reports; it is never an error for the operation that asked."""
    path = paths.resolve(relative)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        log.warning("could not remove %s: %s", path, exc)
        return False
    with contextlib.suppress(OSError):  # drop the fan-out folder once it is empty
        path.parent.rmdir()
    return True


def stored_files(paths: LibraryPaths, older_than: float = 0.0) -> set[str]:
    """Files under the library's managed folders, as library-relative names; with
    ``older_than``, only those last changed at least that many seconds ago."""
    found: set[str] = set()
    cutoff = time.time() - older_than
    for folder in paths.file_dirs().values():
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            if path.is_file() and (not older_than or path.stat().st_mtime <= cutoff):
                found.add(path.relative_to(paths.root).as_posix())
    return found


def leftover_temporaries(paths: LibraryPaths, older_than: float = 0.0) -> list[Path]:
    if not paths.tmp.is_dir():
        return []
    cutoff = time.time() - older_than
    return [
        p
        for p in paths.tmp.iterdir()
        if p.is_file() and (not older_than or p.stat().st_mtime <= cutoff)
    ]
