"""What a backup and a restore do with files damaged in place (their bytes no longer what
their content-addressed names say), a restore that would not fit on the disk, and a
start after an unclean shutdown whose check cannot run."""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from newsreader.library import backup, files, integrity, restore, sessions
from newsreader.library.library import Library
from tests.test_backup import content, kill_a_holder, make_library, run


def _flip(data: bytes, at: int) -> bytes:
    spoiled = bytearray(data)
    spoiled[at] ^= 0xFF
    return bytes(spoiled)


# How a stored file goes bad: each keeps a plausible size, most the very same.
DAMAGE = {
    "image: a byte flipped": ("images/", lambda data: _flip(data, len(data) // 2)),
    "image: another image's bytes": ("images/", lambda data: b"\x89PNG" + data[4:][::-1]),
    "raw page: a byte flipped": ("raw/", lambda data: _flip(data, len(data) // 2)),
    "raw page: cut short": ("raw/", lambda data: data[: len(data) - 9]),
    "raw page: another page": ("raw/", lambda data: gzip.compress(b"<p>another page</p>")),
    "raw page: not gzip": ("raw/", lambda data: b"x" * len(data)),
}


def _damage_one(lib: Path, kind: str) -> str:
    folder, spoil = DAMAGE[kind]
    victim = sorted((lib / folder).rglob("*.*"))[1]
    victim.write_bytes(spoil(victim.read_bytes()))
    return victim.relative_to(lib).as_posix()


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_file_is_left_out_of_the_backup_and_listed(tmp_path, capsys, kind):
    lib = make_library(tmp_path / "lib", 4)
    name = _damage_one(lib, kind)
    assert not files.verify(Library(lib).paths, name)
    code, out, err = run(capsys, "--library", str(lib), "backup", str(tmp_path / "b.zip"))
    assert code == 0 and "backed up 4 articles and 7 files" in out
    assert err.count("\n") == 1 and "1 damaged file(s) were left out of the backup" in err
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        assert name not in zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["damaged"] == [name] and manifest["missing"] == []
    assert name not in [entry["name"] for entry in manifest["files"]]
    result = backup.write_archive(lib, tmp_path / "again.zip")
    assert result.damaged == (name,) and result.files == 7

    # The backup restores: everything but the damaged file, which check then names.
    outcome = restore.restore(tmp_path / "b.zip", tmp_path / "restored")
    assert (outcome.files, outcome.missing, outcome.damaged) == (7, [name], [name])
    with Library(tmp_path / "restored", create=False) as restored:
        report = restored.check(deep=True)
    assert [missing for _, missing in report.missing] == [name] and report.damaged == []


def _archive_with_damaged_member(good: Path, target: Path, prefix: str, spoil) -> str:
    """A copy of ``good`` as an older newsreader wrote it from a library holding a
    damaged file: the member's bytes spoiled and the manifest's hash and size made
    to match them, so only the content address can tell."""
    with zipfile.ZipFile(good) as zin:
        manifest = json.loads(zin.read("manifest.json"))
        name = next(e["name"] for e in manifest["files"] if e["name"].startswith(prefix))
        members = {info.filename: zin.read(info) for info in zin.infolist()}
    members[name] = spoil(members[name])
    for entry in manifest["files"]:
        if entry["name"] == name:
            entry["sha256"] = hashlib.sha256(members[name]).hexdigest()
            entry["size"] = len(members[name])
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(target, "w") as zout:
        for member, data in members.items():
            zout.writestr(member, data)
    return name


@pytest.mark.parametrize("kind", DAMAGE)
def test_restore_checks_every_file_against_its_content_address(tmp_path, kind):
    lib = make_library(tmp_path / "lib", 3)
    good = backup.write_archive(lib, tmp_path / "good.zip").path
    prefix, spoil = DAMAGE[kind]
    archive = tmp_path / "old.zip"
    name = _archive_with_damaged_member(good, archive, prefix, spoil)
    outcome = restore.restore(archive, tmp_path / "restored")
    assert outcome.damaged == [name] and outcome.missing == [name] and outcome.files == 5
    assert not (tmp_path / "restored" / name).exists()
    with Library(tmp_path / "restored", create=False) as restored:
        report = restored.check(deep=True)
    assert [missing for _, missing in report.missing] == [name] and report.damaged == []


@pytest.mark.parametrize("kind", ["raw page: a byte flipped", "image: a byte flipped"])
def test_a_database_only_restore_leaves_a_damaged_library_file_out(tmp_path, kind):
    lib = make_library(tmp_path / "lib", 3)
    auto = backup.auto_backup(lib)
    name = _damage_one(lib, kind)
    outcome = restore.restore(auto, tmp_path / "restored")
    assert outcome.damaged == [name] and outcome.missing == [name] and outcome.files == 5


def _inflated(good: Path, target: Path, size: int, count: int) -> None:
    """``good`` plus ``count`` small members whose central-directory entries (and the
    manifest) declare ``size`` bytes each, as a hostile or damaged archive may."""
    with zipfile.ZipFile(good) as zin:
        manifest = json.loads(zin.read("manifest.json"))
        members = {info.filename: zin.read(info) for info in zin.infolist()}
    extra = {f"images/{n:02x}/{n:02x}{'0' * 62}.png": b"tiny" for n in range(count)}
    manifest["files"] += [{"name": name, "sha256": "0" * 64, "size": size} for name in extra]
    members.update(extra)
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(target, "w") as zout:
        for member, data in members.items():
            zout.writestr(member, data)
    raw = bytearray(target.read_bytes())
    with zipfile.ZipFile(target) as zf:
        offset = zf.start_dir
        for info in zf.infolist():  # central directory records, in order
            assert raw[offset : offset + 4] == b"PK\x01\x02"
            if info.filename in extra:
                raw[offset + 24 : offset + 28] = size.to_bytes(4, "little")
            lengths = [
                int.from_bytes(raw[offset + i : offset + i + 2], "little") for i in (28, 30, 32)
            ]
            offset += 46 + sum(lengths)
    target.write_bytes(bytes(raw))


def test_restore_refuses_an_archive_that_would_not_fit_before_writing(tmp_path, capsys):
    lib = make_library(tmp_path / "lib", 2)
    good = backup.write_archive(lib, tmp_path / "good.zip").path
    size = 0xFFFF_FF00  # the largest a plain zip entry declares, about 4.3 GB
    free = shutil.disk_usage(tmp_path).free
    archive = tmp_path / "huge.zip"
    _inflated(good, archive, size, free // size + 2)
    before = sorted(p.name for p in tmp_path.iterdir())
    for target in (tmp_path / "new", tmp_path / "deeper" / "new"):
        code, out, err = run(capsys, "--library", str(target), "restore", str(archive))
        assert code == 1 and out == "" and err.count("\n") == 1
        assert "not enough room: needs " in err and " MB free" in err
        needed = int(err.split("needs ")[1].split(" MB")[0].replace(",", ""))
        assert needed * 1_000_000 >= size * (free // size + 2)
        assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written
    # The same archive with honest sizes would fit: the check is of the sizes declared.
    assert restore.restore(good, tmp_path / "fits").files == 4


# --- a check after an unclean shutdown that cannot run ------------------------------------
EXCLUSIVE = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
conn.execute("UPDATE articles SET progress = 0.25")
conn.execute("COMMIT")
print("held", flush=True)
time.sleep(60)
"""


def _held_exclusively(database: Path):
    holder = subprocess.Popen(
        [sys.executable, "-c", EXCLUSIVE, str(database)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline() == "held\n"

    def release() -> None:
        holder.kill()
        holder.communicate()

    return release


def _wal_is_a_folder(database: Path):
    wal = database.with_name(database.name + "-wal")
    saved = wal.with_name("saved-wal")
    if wal.exists():
        wal.rename(saved)
    wal.mkdir()

    def release() -> None:
        wal.rmdir()
        if saved.exists():
            saved.rename(wal)

    return release


def _database_is_a_folder(database: Path):
    saved = database.with_name("saved-database")
    database.rename(saved)
    database.mkdir()

    def release() -> None:
        database.rmdir()
        saved.rename(database)

    return release


@pytest.mark.parametrize("obstacle", [_held_exclusively, _wal_is_a_folder, _database_is_a_folder])
def test_a_check_that_cannot_run_is_not_damage_and_the_start_goes_on(tmp_path, caplog, obstacle):
    lib = make_library(tmp_path / "lib", 3)
    kill_a_holder(lib)
    database = lib / "library.sqlite3"
    release = obstacle(database)
    try:
        with pytest.raises(sqlite3.Error):
            integrity.quick_check(database, timeout=0.2)
        caplog.set_level(logging.WARNING, "newsreader.library.sessions")
        with sessions.Session(lib) as session:
            session_markers = list(session.left_uncleanly)
            assert session_markers
            assert session.check() is None  # no damage said, no backup offered
        assert "could not check" in caplog.text and "going on" in caplog.text
    finally:
        release()
    # The dead markers were kept: the next start checks again, and it passes.
    assert all(marker.exists() for marker in session_markers)
    with sessions.Session(lib) as session:
        report = session.check()
    assert report is not None and not report.damaged


def test_real_damage_is_still_damage(tmp_path):
    from tests.test_backup import damaged_database

    lib = make_library(tmp_path / "lib", 20)
    database = lib / "library.sqlite3"
    kill_a_holder(lib)
    database.write_bytes(damaged_database(database.read_bytes()))
    with sessions.Session(lib) as session:
        report = session.check()
    assert report is not None and report.damaged


def test_backup_copes_with_large_files_read_twice(tmp_path, monkeypatch):
    """Files above KEEP_IN_MEMORY are checked, then read again to be archived."""
    monkeypatch.setattr(backup, "KEEP_IN_MEMORY", 100)
    lib = tmp_path / "lib"
    with Library(lib) as library:
        for n in range(3):
            library.save(content(n, image=os.urandom(5000)))
    name = _damage_one(lib, "image: a byte flipped")
    result = backup.write_archive(lib, tmp_path / "b.zip")
    assert result.damaged == (name,) and result.files == 5
    outcome = restore.restore(result.path, tmp_path / "restored")
    assert outcome.files == 5 and outcome.missing == [name]
