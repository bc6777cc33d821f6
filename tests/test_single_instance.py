"""The single-instance socket lives in a folder only its user can enter; a folder
someone else prepared is not trusted, and then no socket is made or used."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsreader import paths
from newsreader.ui import single_instance
from newsreader.ui.single_instance import InstanceServer, hand_over, server_address

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX socket folders")

ROOT = Path(__file__).resolve().parent.parent
HAND_OVER = """
import sys
from PySide6.QtCore import QCoreApplication
from newsreader.ui.single_instance import hand_over
app = QCoreApplication([])
print("handed" if hand_over(sys.argv[1], sys.argv[2:]) else "nobody")
"""


@pytest.fixture
def places(monkeypatch) -> Iterator[tuple[Path, Path]]:
    """A runtime folder and a temporary folder of our own, with short paths (a socket
    path must stay under about 100 bytes)."""
    base = Path(tempfile.mkdtemp(prefix="nr-"))
    runtime, temporary = base / "run", base / "tmp"
    runtime.mkdir(mode=0o700)
    temporary.mkdir(mode=0o1777)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    yield runtime, temporary
    shutil.rmtree(base, ignore_errors=True)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_the_socket_is_made_in_a_private_folder_of_the_runtime_dir(qtbot, places, tmp_path):
    runtime, _ = places
    name = paths.instance_name(tmp_path / "library")
    server = InstanceServer(name)
    try:
        assert server.listen()
        folder = runtime / "newsreader"
        assert server.address == str(folder / name)
        assert _mode(folder) == 0o700 and folder.lstat().st_uid == os.getuid()
        assert stat.S_ISSOCK((folder / name).lstat().st_mode)
        # A second launch finds it there.
        launch = subprocess.run(
            [sys.executable, "-c", HAND_OVER, name, "https://example.no/"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=30,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=False,
        )
        # The launch waits for the answer while this loop is not running: the bytes
        # went out, which counts as handed over.
        assert launch.stdout.strip() == "handed", launch.stderr
    finally:
        server.close()


def test_without_a_runtime_dir_a_private_folder_in_tmp_is_used(places, monkeypatch):
    _, temporary = places
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    address = server_address("newsreader-x")
    folder = temporary / f"newsreader-{os.getuid()}"
    assert address == str(folder / "newsreader-x")
    assert _mode(folder) == 0o700


def _squat(path: Path, how: str, elsewhere: Path) -> None:
    if how.startswith("mode "):
        path.mkdir()
        path.chmod(int(how.split()[1], 8))
    elif how == "link to a private folder":
        target = elsewhere / f"target-{path.parent.name}"
        target.mkdir(mode=0o700)
        path.symlink_to(target)
    elif how == "a file":
        path.write_text("")
    elif how == "another user's":
        if os.getuid() != 0:
            pytest.skip("only root can give a folder to another user")
        path.mkdir(mode=0o700)
        os.chown(path, 65534, 65534)


SQUATS = ["mode 755", "mode 750", "mode 701", "mode 1777", "link to a private folder", "a file"]


@pytest.mark.parametrize("how", [*SQUATS, "another user's"])
def test_a_folder_someone_else_prepared_is_refused(qtbot, places, tmp_path, how, caplog):
    runtime, temporary = places
    for candidate in (runtime / "newsreader", temporary / f"newsreader-{os.getuid()}"):
        _squat(candidate, how, tmp_path)
    name = paths.instance_name(tmp_path / "library")
    assert single_instance.socket_folder() is None
    assert "not using" in caplog.text
    server = InstanceServer(name)
    assert not server.listen()
    assert hand_over(name, ["https://example.no/"]) is False
    # Nothing was made in the squatted places, and their modes were left alone.
    for candidate in (runtime / "newsreader", temporary / f"newsreader-{os.getuid()}"):
        if candidate.is_dir() and not candidate.is_symlink():
            assert list(candidate.iterdir()) == []
    server.close()


def test_a_refused_runtime_folder_falls_back_to_tmp(places):
    runtime, temporary = places
    _squat(runtime / "newsreader", "mode 755", runtime)
    assert single_instance.socket_folder() == temporary / f"newsreader-{os.getuid()}"
    assert _mode(runtime / "newsreader") == 0o755


@pytest.mark.parametrize("runtime_value", ["absolute", "", "relative/run", None])
def test_paths_chooses_the_socket_folders_and_the_ui_only_checks_them(
    places, monkeypatch, runtime_value
):
    runtime, temporary = places
    fallback = temporary / f"newsreader-{os.getuid()}"
    if runtime_value is None:
        monkeypatch.delenv("XDG_RUNTIME_DIR")
    elif runtime_value != "absolute":
        monkeypatch.setenv("XDG_RUNTIME_DIR", runtime_value)
    expected = [runtime / "newsreader", fallback] if runtime_value == "absolute" else [fallback]
    assert paths.socket_folder_candidates() == expected
    assert single_instance.socket_folder() == expected[0]
