"""Shared by the tests of newsreader.imports: the fixture folder, ZIPs built from it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from newsreader.imports import ImportedItem, ImportProblem, Skipped, read

FIXTURES = Path(__file__).parent / "fixtures" / "imports"


def zip_folder(folder: str, into: Path) -> Path:
    """A ZIP of ``fixtures/imports/<folder>``, its members named relative to it."""
    out = into / f"{folder}.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((FIXTURES / folder).rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(FIXTURES / folder).as_posix())
    return out


def records(path: Path | str) -> list:
    return list(read(str(path)))


def items(path: Path | str) -> list[ImportedItem]:
    return [r for r in records(path) if isinstance(r, ImportedItem)]


def problems(path: Path | str) -> list[ImportProblem]:
    return [r for r in records(path) if isinstance(r, ImportProblem)]


def skipped(path: Path | str) -> list[Skipped]:
    return [r for r in records(path) if isinstance(r, Skipped)]


def by_url(found: list[ImportedItem]) -> dict[str, ImportedItem]:
    return {item.url: item for item in found}
