"""Every location newsreader reads or writes on disk is decided here.

The library folder holds the database and the files it names. Which one, first found
wins: ``--library DIR``, ``NEWSREADER_LIBRARY``, the folder chosen in the window's
Settings (``chosen_library_file``, read by the command line too), the platformdirs
user data folder.
The window's settings and log live in the platformdirs config and log folders.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import platformdirs

from newsreader import APP_NAME

LIBRARY_ENV = "NEWSREADER_LIBRARY"


def default_library_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resources_dir() -> Path:
    """The icon and desktop file, beside the package in a source checkout."""
    return Path(__file__).resolve().parent.parent / "resources"


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    return log_dir() / "newsreader.log"


def settings_file() -> Path:
    """The window's settings (geometry, theme, last article): an INI file, so it is
    the same readable file on every platform."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "window.ini"


def instance_name(library_root: Path) -> str:
    """The local-socket name of the window that has ``library_root`` open: one per user
    and library, so a second launch finds the window already showing that library."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    digest = hashlib.sha256(f"{user}\0{library_root.resolve()}".encode()).hexdigest()[:16]
    return f"{APP_NAME}-{digest}"


def socket_folder_candidates() -> list[Path]:
    """Where the single-instance socket may live (POSIX), best first: ``newsreader`` in
    ``$XDG_RUNTIME_DIR`` when that is an absolute path (the XDG Base Directory spec
    makes that folder the user's own, mode 0700), then ``newsreader-<uid>`` in the
    system's temporary folder (``tempfile.gettempdir()``). Whether one can be trusted
    is for the caller to check (``ui/single_instance.py``)."""
    candidates = []
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_absolute():
        candidates.append(Path(runtime) / APP_NAME)
    candidates.append(Path(tempfile.gettempdir()) / f"{APP_NAME}-{os.getuid()}")
    return candidates


def _library_tag(library_root: Path) -> str:
    """A folder name for per-library state: the library folder's name and a digest of
    its full path, so two libraries of the same name never share it."""
    root = library_root.expanduser().resolve()
    digest = hashlib.sha256(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{root.name or 'library'}-{digest}"


def backups_dir(library_root: Path) -> Path:
    """Where the library's backups go by default: automatic database backups and
    ``newsreader backup`` archives. In the user data area beside the default library
    (``~/.local/share/newsreader-backups/<name>-<digest>`` on Linux), never inside the
    library folder, so deleting or damaging the library leaves them alone."""
    base = Path(platformdirs.user_data_dir(f"{APP_NAME}-backups", appauthor=False))
    return base / _library_tag(library_root)


def sessions_dir(library_root: Path) -> Path:
    """Markers of the processes that have the library open (one file per process, see
    ``library/sessions.py``), in the user state area."""
    base = Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))
    return base / "sessions" / _library_tag(library_root)


def chosen_library_file() -> Path:
    """Where the Settings dialog keeps the library folder a person chose: one absolute
    path in UTF-8 (a file of our own rather than a key of ``window.ini``, so the
    Qt-free command line reads the same choice)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "library-location"


def chosen_library() -> Path | None:
    """The folder chosen in Settings, or None (none chosen, or the file unreadable or
    not an absolute path: then the default is used)."""
    try:
        text = chosen_library_file().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    path = Path(text).expanduser() if text else None
    return path if path is not None and path.is_absolute() else None


def choose_library(folder: str | os.PathLike[str] | None) -> None:
    """Remember ``folder`` (absolute) as the library for the next start; None forgets
    the choice. Written whole or not at all (a temporary file renamed over it).

    Raises OSError when the config folder cannot be written."""
    target = chosen_library_file()
    if folder is None or not str(folder).strip():
        target.unlink(missing_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".library-location.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(str(Path(folder).expanduser()) + "\n")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def library_overridden(explicit: str | os.PathLike[str] | None = None) -> bool:
    """Whether this run's library was given (``--library`` or the environment), so a
    choice in Settings waits for a run without them."""
    return bool(explicit) or bool(os.environ.get(LIBRARY_ENV))


def resolve_library_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The library folder: the explicit argument, else the environment, else the
    folder chosen in Settings, else the default."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get(LIBRARY_ENV)
    if from_env:
        return Path(from_env).expanduser().resolve()
    chosen = chosen_library()
    if chosen is not None:
        return chosen.resolve()
    return default_library_dir()


@dataclass(frozen=True)
class LibraryPaths:
    """The layout of one library folder."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "library.sqlite3"

    @property
    def images(self) -> Path:
        return self.root / "images"

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def tmp(self) -> Path:
        # Temporary files live inside the library so that os.replace() stays on one
        # filesystem and is atomic.
        return self.root / "tmp"

    @property
    def imports(self) -> Path:
        """Per-item reports of imports (``import-<job id>.csv``), made when first
        written; not named by database rows, so ``check`` leaves them alone."""
        return self.root / "imports"

    def import_report(self, job_id: int) -> Path:
        return self.imports / f"import-{job_id}.csv"

    def import_claim(self, job_id: int) -> Path:
        """The file whose lock says a process runs the job (library/job_claims.py)."""
        return self.imports / f".job-{job_id}.lock"

    def file_dirs(self) -> dict[str, Path]:
        """The folders whose files are named by database rows, by their row prefix."""
        return {"images": self.images, "raw": self.raw}

    def resolve(self, relative: str) -> Path:
        """The absolute path of a library-relative file name stored in the database.

        Checked by its text, not by resolving it, so that a managed folder may be a
        symbolic link to another disk.
        """
        parts = PurePosixPath(relative).parts
        managed = (*self.file_dirs(), "tmp")
        if not parts or parts[0] not in managed or ".." in parts:
            raise ValueError(f"not a library file name: {relative!r}")
        return self.root.joinpath(*parts)

    def create(self) -> None:
        for folder in (self.root, self.images, self.raw, self.tmp):
            folder.mkdir(parents=True, exist_ok=True)
