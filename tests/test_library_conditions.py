"""A library says clearly what state it is in: read-only, on a full disk, with a damaged
search index, with a file damaged in place.

Read-only folders and full disks are real: a read-only bind mount and a 1 MB tmpfs in a
user and mount namespace of their own (``unshare -r -m``, no privileges needed), or, for
read-only when not running as root, the permission bits.
"""

from __future__ import annotations

import functools
import os
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.errors import LibraryReadOnly, SearchIndexDamaged
from newsreader.library import files, search_index
from newsreader.library.library import Library
from tests.test_library import JPEG_A, JPEG_B, content, image
from tests.test_library_identity import snapshot

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "newsreader"]


@functools.cache
def namespaces() -> bool:
    """Whether this machine lets us make a user and mount namespace of our own."""
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-r", "-m", "true"], capture_output=True)
    return probe.returncode == 0


def run_steps(
    tmp_path: Path, steps: list[list[str]], mounts: str = ""
) -> list[tuple[int, str, str]]:
    """Run each argv in ``steps`` after the shell commands ``mounts``, in a namespace of
    their own when ``mounts`` is given: (exit status, stdout, stderr) of each."""
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    lines = ["set -e", mounts, "set +e"]
    for n, argv in enumerate(steps):
        lines.append(f"{shlex.join(argv)} > {out}/{n}.out 2> {out}/{n}.err; echo $? > {out}/{n}.rc")
    script = "\n".join(lines)
    command = ["unshare", "-r", "-m", "sh", "-c", script] if mounts else ["sh", "-c", script]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(command, check=True, env=env, timeout=120)
    return [
        (
            int((out / f"{n}.rc").read_text()),
            (out / f"{n}.out").read_text(),
            (out / f"{n}.err").read_text(),
        )
        for n in range(len(steps))
    ]


@pytest.fixture
def source(tmp_path) -> Path:
    with Library(tmp_path / "source") as library:
        for n in range(1, 4):
            library.save(content(n, images=(image(0, JPEG_A), image(1, JPEG_B))), tags=["t"])
    return tmp_path / "source"


def _cli(library: Path, *args: str) -> list[str]:
    return [*CLI, "--library", str(library), *args]


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


# A save through the library itself, as the window and the saver do.
SAVE = """
import sys
from newsreader.errors import NewsreaderError
from newsreader.library.library import Library
from tests.test_library import content, image
try:
    with Library(sys.argv[1]) as library:
        library.save(content(50, images=(image(0, b"\\xff\\xd8" + b"N" * 5000),)))
except NewsreaderError as exc:
    print(exc.message, file=sys.stderr)
    sys.exit(1)
"""

READS = [["list", "--state", "all"], ["search", "blåbær"], ["show", "2"], ["check"]]
WRITES = [
    ["tag", "1", "--add", "ny"],
    ["archive", "2"],
    ["favorite", "3"],
    ["delete", "1"],
    ["reindex"],
    ["check", "--repair"],
]


def _assert_reads_work(results: list[tuple[int, str, str]]) -> None:
    (list_rc, listed, _), (search_rc, found, _), (show_rc, shown, _), (check_rc, checked, _) = (
        results
    )
    assert list_rc == 0 and listed.count("Tittel") == 3
    assert search_rc == 0 and found.count("Tittel") == 3
    assert show_rc == 0 and "Tittel 2" in shown
    assert check_rc == 0 and "library is consistent" in checked


def _assert_one_line(result: tuple[int, str, str], words: str) -> None:
    code, _, err = result
    assert code == 1
    assert len(err.splitlines()) == 1 and words in err, err


def test_a_read_only_library_reads_and_refuses_writes_in_one_line(tmp_path, source):
    library = tmp_path / "mounted"
    shutil.copytree(source, library, symlinks=True)
    steps = [_cli(library, *args) for args in READS + WRITES] + [[*_python(SAVE), str(library)]]
    if os.geteuid() != 0:
        for path in [library, *library.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)
        mounts = ""
    elif namespaces():
        mounts = f"mount --bind {library} {library}\nmount -o remount,bind,ro {library}"
    else:
        pytest.skip("running as root without namespaces: nothing can make a folder read-only")
    before = snapshot(library)
    results = run_steps(tmp_path, steps, mounts)
    _assert_reads_work(results[: len(READS)])
    for result in results[len(READS) :]:
        _assert_one_line(result, "the library is read-only")
    assert snapshot(library) == before


def test_a_library_opened_read_only_refuses_every_change(source):
    before = snapshot(source)
    with Library(source, read_only=True) as library:
        assert library.read_only
        assert [hit.article.id for hit in library.search("blåbær")] != []
        assert library.check().clean
        for change in (
            lambda: library.save(content(9)),
            lambda: library.set_state(1, "archived"),
            lambda: library.set_tags(1, ["x"]),
            lambda: library.delete([1]),
            lambda: library.reindex(),
            lambda: library.check(repair=True),
        ):
            with pytest.raises(LibraryReadOnly, match="the library is read-only"):
                change()
    assert snapshot(source) == before


@pytest.mark.skipif(not namespaces(), reason="needs a mount namespace for a small tmpfs")
def test_a_full_disk_says_so_on_writes_and_still_reads(tmp_path, source):
    mount = tmp_path / "small-disk"
    mount.mkdir()
    library = mount / "lib"
    mounts = (
        f"mount -t tmpfs -o size=1m tmpfs {mount}\n"
        f"cp -a {source} {library}\n"
        f"dd if=/dev/zero of={mount}/filler bs=4k 2>/dev/null || true"
    )
    steps = [_cli(library, *args) for args in READS + WRITES] + [[*_python(SAVE), str(library)]]
    results = run_steps(tmp_path, steps, mounts)
    _assert_reads_work(results[: len(READS)])
    for result in results[len(READS) :]:
        _assert_one_line(result, "the disk is full")


# The disk fills while the library is open: file writes meet ENOSPC, SQLite SQLITE_FULL.
FILLS_WHILE_OPEN = """
import subprocess, sys
from newsreader.errors import DiskFull
from newsreader.library.library import Library
from tests.test_library import content, image
library = Library(sys.argv[1])
library.set_favorite(1, True)  # room enough so far
subprocess.run(["dd", "if=/dev/zero", "of=" + sys.argv[2], "bs=4k"], capture_output=True)
results = []
for change in (
    lambda: library.save(content(60, images=(image(0, b"\\xff\\xd8" + b"F" * 9000),))),
    lambda: library.save(content(61, text="ord " * 30000)),
    lambda: [library.set_tags(1, ["tag%d" % n]) for n in range(2000)],
):
    try:
        change()
        results.append("stored")
    except DiskFull as exc:
        results.append(exc.message)
print(len(library.list("all")), library.get(1).favorite, len(library.search("blåbær")))
print("\\n".join(results))
"""


@pytest.mark.skipif(not namespaces(), reason="needs a mount namespace for a small tmpfs")
def test_a_disk_that_fills_while_the_library_is_open(tmp_path, source):
    mount = tmp_path / "small-disk"
    mount.mkdir()
    library = mount / "lib"
    mounts = f"mount -t tmpfs -o size=1m tmpfs {mount}\ncp -a {source} {library}"
    steps = [[*_python(FILLS_WHILE_OPEN), str(library), str(mount / "filler")]]
    [(code, out, err)] = run_steps(tmp_path, steps, mounts)
    assert code == 0, err
    counts, *outcomes = out.splitlines()
    assert counts == "3 True 3"  # reads still work, the earlier change is kept
    assert len(outcomes) == 3
    assert all(line.startswith("the disk is full") for line in outcomes), outcomes


# --- a damaged search index ---------------------------------------------------------
def _scramble_index(db) -> None:
    db.execute("UPDATE articles_fts_data SET block = randomblob(length(block)) WHERE id > 1")


def _drop(table: str):
    def damage(db) -> None:
        db.execute(f"DROP TABLE {table}")

    damage.__name__ = f"drop_{table}"
    return damage


def _forget_documents(db) -> None:
    # The index loses its sizes of some documents: it disagrees with the articles.
    db.execute("DELETE FROM articles_fts_docsize WHERE id IN (1, 3)")


DAMAGES = [
    _scramble_index,
    _drop("articles_fts_idx"),
    _drop("articles_fts_data"),
    _drop("articles_fts_config"),
    _forget_documents,
]


@pytest.fixture
def indexed(tmp_path) -> Path:
    with Library(tmp_path / "lib") as library:
        for n in range(1, 40):
            library.save(content(n, text=f"Tekst nummer {n} om blåbær, multer og Tromsø."))
    return tmp_path / "lib"


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda d: d.__name__)
def test_a_damaged_search_index_is_reported_as_such_and_repaired(indexed, capsys, damage):
    with Library(indexed) as library:
        library.db.write(damage)
    lib = str(indexed)
    assert main(["--library", lib, "check"]) == 1
    out, err = capsys.readouterr()
    assert "the search index is damaged; run `newsreader check --repair`" in out
    assert "not a readable" not in out + err
    # Reading the articles does not need the index.
    assert main(["--library", lib, "show", "3"]) == 0
    assert main(["--library", lib, "list", "--limit", "2"]) == 0
    capsys.readouterr()
    # A search says what is wrong and what to do.
    assert main(["--library", lib, "search", "multer"]) == 1
    out, err = capsys.readouterr()
    assert err == "newsreader: the search index is damaged; run `newsreader check --repair`\n"
    assert main(["--library", lib, "check", "--repair"]) == 0
    assert "the search index was damaged; rebuilt" in capsys.readouterr().out
    with Library(indexed) as library:
        assert library.check().clean
        assert len(library.search_ids("multer")) == 39
        assert library.search("nummer 7")[0].article.id == 7
        assert not search_index.is_damaged(library.db)


@pytest.mark.parametrize("damage", DAMAGES[1:3], ids=lambda d: d.__name__)
def test_saving_into_a_damaged_index_names_the_index(indexed, damage):
    with Library(indexed) as library:
        library.db.write(damage)
        with pytest.raises(SearchIndexDamaged, match="run `newsreader check --repair`"):
            library.search("blåbær")
        with pytest.raises(SearchIndexDamaged):
            library.save(content(100))
        assert library.count() == 39
        library.reindex()  # also makes the index afresh
        library.save(content(100, text="Helt ny tekst om moltebær."))
        assert [h.article.id for h in library.search("moltebær")] == [40]


# --- files damaged in place --------------------------------------------------------
def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _zero_tail(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] + b"\x00" * (len(data) - len(data) // 2))


def _other_page(path: Path) -> None:
    # A valid compressed page, but not the one the name was made from.
    path.write_bytes(files.compress_raw(b"<p>another page</p>"))


@pytest.mark.parametrize("spoil", [_flip, _zero_tail])
def test_check_deep_finds_an_image_damaged_in_place(library, capsys, spoil):
    shared = image(0, JPEG_A)
    first = library.save(content(1, images=(shared, image(1, JPEG_B)))).article_id
    second = library.save(content(2, images=(shared,))).article_id
    damaged = library.get(first).images[0]
    size = damaged.file.stat().st_size
    spoil(damaged.file)
    assert damaged.file.stat().st_size == size
    assert library.check().clean  # only reading the bytes can tell
    report = library.check(deep=True)
    assert sorted(report.damaged) == [(first, damaged.name), (second, damaged.name)]
    assert not report.clean
    lib = str(library.paths.root)
    assert main(["--library", lib, "check", "--deep"]) == 1
    out = capsys.readouterr().out
    assert f"damaged file: {damaged.name} (article {first})" in out
    assert main(["--library", lib, "check", "--deep", "--repair"]) == 1  # now missing
    out = capsys.readouterr().out
    assert "damaged file removed" in out and "newsreader add https://example.no/a/1" in out
    # Removed, so that it counts as missing and a new save stores it again.
    report = library.check(deep=True)
    assert report.damaged == [] and len(report.missing) == 2
    library.save(content(1, images=(shared, image(1, JPEG_B))))
    assert library.check(deep=True).clean
    assert damaged.file.read_bytes() == JPEG_A


@pytest.mark.parametrize("spoil", [_flip, _other_page])
def test_check_deep_finds_a_damaged_stored_page(library, spoil):
    article_id = library.save(content(1)).article_id
    raw = library.get(article_id).raw_file
    spoil(library.paths.resolve(raw))
    report = library.check(deep=True)
    assert report.damaged == [(article_id, raw)]
    library.check(deep=True, repair=True)
    assert library.check(deep=True).missing == [(article_id, raw)]


def _assert_backed_up(result: tuple[int, str, str], archive: Path) -> None:
    code, out, err = result
    assert code == 0, err
    assert out.startswith("backed up 3 articles and 5 files to ") and err == ""
    with zipfile.ZipFile(archive) as zf:
        assert zf.testzip() is None
        assert "library.sqlite3" in zf.namelist() and len(zf.namelist()) == 7  # + manifest


def test_a_read_only_library_can_be_backed_up_elsewhere(tmp_path, source):
    library = tmp_path / "mounted"
    shutil.copytree(source, library, symlinks=True)
    archive = tmp_path / "elsewhere" / "backup.zip"
    archive.parent.mkdir()
    if os.geteuid() != 0:
        for path in [library, *library.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)
        mounts = ""
    elif namespaces():
        mounts = f"mount --bind {library} {library}\nmount -o remount,bind,ro {library}"
    else:
        pytest.skip("running as root without namespaces: nothing can make a folder read-only")
    before = snapshot(library)
    (result,) = run_steps(tmp_path, [_cli(library, "backup", str(archive))], mounts)
    _assert_backed_up(result, archive)
    assert snapshot(library) == before


@pytest.mark.skipif(not namespaces(), reason="needs a mount namespace for a small tmpfs")
def test_a_library_on_a_full_disk_can_be_backed_up_to_another(tmp_path, source):
    mount = tmp_path / "small-disk"
    mount.mkdir()
    library = mount / "lib"
    archive = tmp_path / "elsewhere.zip"
    mounts = (
        f"mount -t tmpfs -o size=1m tmpfs {mount}\n"
        f"cp -a {source} {library}\n"
        f"rm -f {library}/library.sqlite3-shm {library}/library.sqlite3-wal\n"
        f"dd if=/dev/zero of={mount}/filler bs=4k 2>/dev/null || true"
    )
    (result,) = run_steps(tmp_path, [_cli(library, "backup", str(archive))], mounts)
    _assert_backed_up(result, archive)
