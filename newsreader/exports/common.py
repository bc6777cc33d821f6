"""What every export format shares: reading the chosen articles through the library's
public API, progress and cancelling, file names made from titles, and writing under
a temporary name that becomes the destination's only when the export is complete."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import stat
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from newsreader.errors import ArticleNotFound, Cancelled, ExportError
from newsreader.library.highlights import Highlight
from newsreader.library.library import Library
from newsreader.library.models import Article, StoredImage

Progress = Callable[[int, int], None]  # (articles done, articles in all)
CancelCheck = Callable[[], bool]


@dataclass(frozen=True)
class Entry:
    """One article to export, with its highlights (reading order) and its own note."""

    article: Article
    highlights: list[Highlight]
    note: str

    @property
    def link_only(self) -> bool:
        """Saved as a link only (an import whose page could not be fetched): the
        article has its metadata and no text. ``fetch_state`` comes with schema 8."""
        return getattr(self.article, "fetch_state", None) is not None


@dataclass
class Job:
    """One export run: hands out the articles one by one (``entries``), reports
    progress after each, stops with Cancelled when asked to, and collects problems
    (one line each) and counts for ExportResult."""

    library: Library
    article_ids: Sequence[int]
    progress: Progress | None = None
    cancelled: CancelCheck | None = None
    problems: list[str] = field(default_factory=list)
    articles: int = 0
    image_names: set[str] = field(default_factory=set)  # library names of images written
    missing_images: set[Path] = field(default_factory=set)  # reported already: once each

    def check_cancelled(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled("export cancelled; nothing was written")

    def entries(self) -> Iterator[Entry]:
        total = len(self.article_ids)
        notebook = self.library.notebook
        for done, article_id in enumerate(self.article_ids, 1):
            self.check_cancelled()
            try:
                article = self.library.get(article_id)
            except ArticleNotFound:
                self.problems.append(f"no article with id {article_id}")
            else:
                highlights = notebook.of_article(article_id)
                yield Entry(article, highlights, notebook.article_note(article_id))
                self.articles += 1
            if self.progress is not None:
                self.progress(done, total)
        self.check_cancelled()

    def image_bytes(self, entry: Entry, image: StoredImage) -> bytes | None:
        """The stored copy's bytes, or None (with a problem noted, the first time for
        each file) when the library lacks the file; None without a problem for an
        image never stored."""
        if image.file is None:
            return None
        try:
            data = image.file.read_bytes()
        except OSError:
            if image.file in self.missing_images:
                return None  # shared by articles: said once
            self.missing_images.add(image.file)
            self.problems.append(
                f"article {entry.article.id}: image {image.name} is missing from the "
                "library (see 'newsreader check'); exported without it"
            )
            return None
        self.image_names.add(image.name or str(image.file))
        return data


# --- file names ----------------------------------------------------------------------------
# Characters no file system or note app takes in a name: Windows' reserved ones, and
# those Obsidian gives a meaning in links (# ^ [ ] |).
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*#^\[\]]')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)
MAX_NAME_BYTES = 200  # ext4 and most others allow 255 bytes; room for " (2)" and the suffix


def safe_name(title: str, fallback: str) -> str:
    """``title`` as a file name (without suffix) that every common file system and
    note app takes: Unicode kept (composed, NFC), unsafe characters replaced by a
    space, at most MAX_NAME_BYTES of UTF-8 cut at a character, no leading dot, no
    Windows device name; ``fallback`` when nothing is left."""
    name = unicodedata.normalize("NFC", title)
    name = " ".join(_UNSAFE.sub(" ", name).split()).strip(". ")
    encoded = name.encode()
    if len(encoded) > MAX_NAME_BYTES:
        name = encoded[:MAX_NAME_BYTES].decode(errors="ignore").rstrip(". ")
    if _WINDOWS_RESERVED.match(name):
        name = f"{name}_"
    return name or fallback


class UniqueNames:
    """Hands out file names from titles, none twice (compared without case, as on
    macOS and Windows): "Title", "Title (2)", "Title (3)"…"""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, title: str, suffix: str, fallback: str) -> str:
        base = safe_name(title, fallback)
        candidate, number = f"{base}{suffix}", 1
        while candidate.casefold() in self._taken:
            number += 1
            candidate = f"{base} ({number}){suffix}"
        self._taken.add(candidate.casefold())
        return candidate


def image_file_name(image: StoredImage) -> str:
    """The name an image is exported under: its library name without the folders
    (a hash of its bytes and the type's suffix, so the same image is written once)."""
    return Path(image.name or image.file or "image").name


# --- writing -------------------------------------------------------------------------------
def _cannot_write(destination: Path, error: OSError) -> ExportError:
    reason = error.strerror or str(error)
    return ExportError(f"cannot write {destination}: {reason}")


def check_destination(destination: Path, folder: bool) -> None:
    """ExportError (one line) when ``destination`` cannot take the export: its folder
    is missing, or it is a folder where a file is to go, or a file or a folder that
    is not empty where a folder is to go, or it is no regular file or folder (a
    symbolic link, a device, a pipe: never replaced), or its name is one the system
    refuses."""
    try:
        _check(destination, folder)
    except OSError as error:  # a name too long, a folder that cannot be read
        raise _cannot_write(destination, error) from error


def _check(destination: Path, folder: bool) -> None:
    parent = destination.parent
    if not parent.is_dir():
        raise ExportError(f"cannot write {destination}: there is no folder {parent}")
    try:
        mode = destination.lstat().st_mode  # the name itself: a link is not followed
    except FileNotFoundError:
        return
    if stat.S_ISDIR(mode):
        if not folder:
            raise ExportError(f"cannot write {destination}: it is a folder")
        if any(destination.iterdir()):
            raise ExportError(f"{destination} is a folder that is not empty: choose a new one")
    elif folder and stat.S_ISREG(mode):
        raise ExportError(f"cannot write {destination}: a file of that name exists")
    elif not stat.S_ISREG(mode):
        # Renaming onto it would replace the link or the device (/dev/full, a pipe)
        # with a file, not write where it leads.
        raise ExportError(
            f"cannot write {destination}: it is a {_kind(mode)}, not a "
            f"{'folder' if folder else 'regular file'}; choose another name"
        )


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "symbolic link"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISFIFO(mode):
        return "pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


@contextmanager
def staged(destination: Path, folder: bool) -> Iterator[Path]:
    """A temporary file or folder beside ``destination`` to write the export into;
    renamed to ``destination`` when the block ends normally (a file replaces one of
    the same name), removed when it raises (Cancelled, Ctrl+C, any error). So a
    cancelled or failed export leaves nothing under the final name. OSError becomes
    ExportError."""
    destination = Path(destination)
    check_destination(destination, folder)
    # A name of our own rather than tempfile's: those are private (0600), and the
    # export should get the permissions any new file of the user's gets (the umask).
    short = destination.name.encode()[:100].decode(errors="ignore")  # room in 255 bytes
    temporary = destination.parent / f".{short}.{secrets.token_hex(4)}.part"
    try:
        if folder:
            temporary.mkdir()
        else:
            os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    except OSError as error:
        raise _cannot_write(destination, error) from error
    try:
        yield temporary
        if folder:
            if destination.is_dir():  # an empty folder, checked above
                destination.rmdir()
            temporary.rename(destination)
        else:
            os.replace(temporary, destination)
    except OSError as error:
        _remove(temporary)
        raise _cannot_write(destination, error) from error
    except BaseException:
        _remove(temporary)
        raise


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
