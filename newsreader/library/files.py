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


def verify(paths: LibraryPaths, relative: str) -> bool:
    """Whether the stored file ``relative`` still holds the bytes its name was made from:
    an image's SHA-256 (``image_name``), a raw page's SHA-256 before compression
    (``raw_name``). A name in neither form is taken as it is (True). Reads the whole
    file; raises OSError if it cannot be read."""
    parts = PurePosixPath(relative).parts
    if len(parts) != 3:
        return True
    digest = parts[2].split(".", 1)[0]
    if len(digest) != 64 or parts[1] != digest[:2]:
        return True
    path = paths.resolve(relative)
    if parts[0] == "raw":
        try:
            data = gzip.decompress(path.read_bytes())
        except (EOFError, gzip.BadGzipFile, zlib.error):
            return False
        return sha256(data) == digest
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            hasher.update(chunk)
    return hasher.hexdigest() == digest


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
