"""Backups: archives taken while another process writes, restores that refuse damaged
and hostile archives untouched, rotating automatic backups, unclean shutdowns."""

from __future__ import annotations

import json
import logging
import os
import shlex
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.errors import NewsreaderError
from newsreader.library import backup, files, integrity, restore, sessions
from newsreader.library.library import ArticleContent, ImageFile, Library
from newsreader.library.schema import MIGRATIONS
from newsreader.paths import backups_dir

ROOT = Path(__file__).resolve().parent.parent


def page(n: int) -> str:
    return f"""<html lang="en"><head><title>Harbour report {n}</title></head><body><article>
<h1>Harbour report {n}</h1>
<p>Boat number {n} came back to the harbour this morning with a small catch, and the
people on the pier talked about the weather and the price of fish for hours on end.</p>
<figure><img src="/gen/boat{n}_64x48.png" alt="Boat {n}"><figcaption>Boat {n} at the pier
</figcaption></figure>
<p>Later the wind picked up and the boats stayed in, which nobody minded very much at all,
since the coffee at the harbour café was as good as it had always been, said skipper {n}.</p>
</article></body></html>"""


def content(n: int, image: bytes | None = None) -> ArticleContent:
    image = image if image is not None else f"image {n}".encode() * 50
    name = files.image_name(image, "image/png")
    return ArticleContent(
        url=f"https://example.org/{n}",
        final_url=f"https://example.org/{n}",
        title=f"Article {n}",
        content_html=f"<p>Text of article {n}</p>",
        text=f"Text of article {n}",
        word_count=4,
        reading_minutes=1,
        url_keys=(f"example.org/{n}",),
        raw=f"<html><body><p>page {n}</p></body></html>".encode(),
        images=(ImageFile(0, f"https://example.org/{n}.png", name, image, "image/png"),),
    )


def make_library(root: Path, count: int) -> Path:
    with Library(root) as library:
        for n in range(count):
            library.save(content(n))
    return root


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def read_only_ids(database: Path, *, stored: bool = False) -> dict[int, str]:
    """Id → URL of the database's articles; ``stored``: only those with their text (an
    import lists every link at once, as a link only, before fetching the pages)."""
    where = " WHERE fetch_state IS NULL" if stored else ""
    conn = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, timeout=10)
    try:
        return dict(conn.execute(f"SELECT id, url FROM articles{where}"))
    finally:
        conn.close()


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


# --- a backup during an import ------------------------------------------------------------
def test_a_backup_during_an_import_restores_every_article_saved_before_it(server, tmp_path, capsys):
    free = 8  # pages served at once; the others wait until the backup is done
    released = threading.Event()

    def held(n: int):
        body = page(n).encode()

        def route(handler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            sent = 0
            # The held pages come a byte a second (so no read timeout ends them) until
            # the backup is done: the import is certainly still running during it.
            while n >= free and sent < len(body) - 1 and not released.wait(1):
                handler.wfile.write(body[sent : sent + 1])
                handler.wfile.flush()
                sent += 1
            handler.wfile.write(body[sent:])

        return route

    urls = []
    for n in range(60):
        server.routes[f"/story/{n}"] = held(n)
        url = server.url(f"/story/{n}")
        # The held pages come from another host name for the same server: two of them
        # would otherwise hold both of the host's turns (FetchLimits.per_host) and the
        # free pages' images would wait behind them.
        urls.append(url if n < free else url.replace("127.0.0.1", "localhost"))
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls) + "\n")
    lib = tmp_path / "lib"
    importer = subprocess.Popen(
        [sys.executable, "-m", "newsreader", "--library", str(lib), "import", str(listing)],
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        before: dict[int, str] = {}
        while len(before) < free:
            assert time.monotonic() < deadline, "the import saved nothing in 90 s"
            assert importer.poll() is None, importer.stderr.read().decode()
            time.sleep(0.1)
            if (lib / "library.sqlite3").exists():
                try:
                    before = read_only_ids(lib / "library.sqlite3", stored=True)
                except sqlite3.OperationalError:  # the import is still creating it
                    before = {}
        result = backup.write_archive(lib, tmp_path / "during.zip")
        still_importing = importer.poll() is None
    finally:
        released.set()
        _, stderr = importer.communicate(timeout=180)
    assert importer.returncode == 0, stderr.decode()
    assert still_importing, "the import ended before the backup did: nothing was concurrent"
    assert len(before) == free
    # Every link was in the library at once; the pages not fetched yet as links only.
    assert result.articles == 60
    assert len(read_only_ids(lib / "library.sqlite3", stored=True)) == 60

    target = tmp_path / "restored"
    code, out, err = run(capsys, "--library", str(target), "restore", str(result.path))
    assert (code, err) == (0, ""), err
    assert f"restored {result.articles} articles" in out
    restored = read_only_ids(target / "library.sqlite3")
    assert before.items() <= restored.items()
    assert run(capsys, "--library", str(target), "check") == (0, "library is consistent\n", "")
    with Library(target, create=False) as library:
        for article_id in before:
            images = library.images(article_id)
            assert images and all(Path(image.file).is_file() for image in images)
            assert library.raw_page(article_id)[0].startswith(b"<html")


def _restores_whole(archive: Path, target: Path) -> int:
    """Restore ``archive`` into ``target``; it must lack nothing. Returns its articles."""
    result = restore.restore(archive, target)
    assert result.missing == []
    with Library(target, create=False) as restored:
        report = restored.check(grace=0)
    assert report.clean, report
    return result.articles


def test_a_backup_while_another_process_deletes_and_saves_is_always_complete(tmp_path):
    """Files go away under a backup when their articles are deleted: every archive still
    holds every file its database names (the race itself is made certain below)."""
    lib = make_library(tmp_path / "lib", 30)
    churn = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from tests.test_backup import content\n"
            "from newsreader.library.library import Library\n"
            "lib = Library(Path(sys.argv[1]))\n"
            "n = 1000\n"
            "end = time.monotonic() + 60\n"
            "while time.monotonic() < end:\n"
            "    new = lib.save(content(n)).article_id\n"
            "    lib.delete([new - 25])\n"
            "    n += 1\n",
            str(lib),
        ],
        env=environment(),
        cwd=ROOT,
    )
    try:
        time.sleep(1.0)
        assert churn.poll() is None
        for round_ in range(5):
            archive = backup.write_archive(lib, tmp_path / f"b{round_}.zip").path
            _restores_whole(archive, tmp_path / f"r{round_}")
    finally:
        churn.kill()
        churn.wait(30)


@pytest.mark.parametrize(
    ("change", "articles"),
    [
        (lambda library: library.delete([3]), 9),
        (lambda library: library.delete([1, 2, 5, 8]), 6),
        (lambda library: library.save(content(4, image=b"a new picture" * 40)), 10),
        (lambda library: (library.delete([7]), library.save(content(11))), 10),
    ],
)
def test_files_removed_between_snapshot_and_copy_are_taken_again_under_the_lock(
    tmp_path, caplog, monkeypatch, change, articles
):
    lib = make_library(tmp_path / "lib", 10)
    changed = []

    def meanwhile(root: Path) -> None:  # another connection changes the library
        with Library(root) as library:
            change(library)
        changed.append(root)

    monkeypatch.setattr(backup, "_between_snapshot_and_copy", meanwhile)
    caplog.set_level(logging.INFO, "newsreader.library.backup")
    result = backup.write_archive(lib, tmp_path / "b.zip")
    assert changed == [lib] and "again under the lock" in caplog.text
    assert result.articles == articles and result.missing == ()
    assert _restores_whole(result.path, tmp_path / "restored") == articles
    with zipfile.ZipFile(result.path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    named = backup.referenced_files(tmp_path / "restored" / "library.sqlite3")
    assert {entry["name"] for entry in manifest["files"]} == named


def test_backup_failures_are_one_line_and_leave_nothing(tmp_path, capsys):
    lib = make_library(tmp_path / "lib", 3)
    taken = tmp_path / "taken.zip"
    taken.write_bytes(b"keep me")
    readonly = tmp_path / "readonly"
    readonly.mkdir()
    readonly.chmod(0o500)
    cases = [
        (["--library", str(lib), "backup", str(taken)], "already exists"),
        (["--library", str(tmp_path / "nothing"), "backup"], "no library at"),
        (["--library", str(lib), "backup", str(readonly / "b.zip")], "cannot write"),
        (["--library", str(lib), "backup", str(taken / "sub" / "b.zip")], "cannot write"),
    ]
    try:
        for argv, message in cases:
            code, out, err = run(capsys, *argv)
            if os.geteuid() == 0 and "readonly" in argv[-1]:
                continue  # root writes anywhere
            assert code == 1, argv
            assert err.count("\n") == 1 and err.startswith("newsreader: ") and message in err
            assert out == ""
        assert taken.read_bytes() == b"keep me"
        assert list(readonly.iterdir()) in ([], [readonly / "b.zip"])
    finally:
        readonly.chmod(0o700)


@pytest.mark.parametrize("inside", [".", "images", "inside.zip", "raw/deep/b.zip"])
def test_a_backup_inside_the_library_it_backs_up_is_refused(tmp_path, capsys, inside):
    lib = make_library(tmp_path / "lib", 2)
    before = sorted(p.relative_to(lib) for p in lib.rglob("*") if "sqlite3" not in p.name)
    code, out, err = run(capsys, "--library", str(lib), "backup", str(lib / inside))
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "cannot go inside the library it backs up" in err
    after = sorted(p.relative_to(lib) for p in lib.rglob("*") if "sqlite3" not in p.name)
    assert after == before


def test_another_programs_database_is_not_backed_up_and_not_touched(tmp_path, capsys):
    from tests.test_library_identity import snapshot

    folder = tmp_path / "other"
    folder.mkdir()
    conn = sqlite3.connect(folder / "library.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE articles (raw_file)")
    conn.execute("CREATE TABLE notes (text)")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO notes VALUES ('pending in the log')")
    before = snapshot(folder)  # the log holds changes while another program has it open
    code, out, err = run(capsys, "--library", str(folder), "backup", str(tmp_path / "b.zip"))
    after = snapshot(folder)  # before the other program closes (and checkpoints) its log
    conn.close()
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "not" in err and "newsreader" in err, err
    assert "internal error" not in err
    assert not (tmp_path / "b.zip").exists()
    assert after == before


def test_the_default_place_is_the_backups_folder(tmp_path, capsys):
    lib = make_library(tmp_path / "lib", 2)
    code, out, _ = run(capsys, "--library", str(lib), "backup")
    assert code == 0
    made = list(backups_dir(lib).iterdir())
    assert len(made) == 1 and backup.stamp_time(made[0].name) is not None
    assert str(made[0]) in out
    manifest = json.loads(zipfile.ZipFile(made[0]).read("manifest.json"))
    assert manifest["format"] == "newsreader-backup"
    assert manifest["schema_version"] == len(MIGRATIONS)
    assert manifest["articles"] == 2 and len(manifest["files"]) == 4
    # A folder as PATH gets a new file in it.
    folder = tmp_path / "folder"
    folder.mkdir()
    assert run(capsys, "--library", str(lib), "backup", str(folder))[0] == 0
    assert [p.suffix for p in folder.iterdir()] == [".zip"]


# --- restoring hostile and damaged archives -----------------------------------------------
@pytest.fixture
def good_archive(tmp_path) -> Path:
    lib = make_library(tmp_path / "lib", 4)
    return backup.write_archive(lib, tmp_path / "good.zip").path


def rebuild(source: Path, target: Path, change) -> Path:
    """A copy of the archive ``source`` with its members passed through ``change``
    (name, bytes) -> list of (name, bytes)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            for name, data in change(info.filename, zin.read(info)):
                zout.writestr(zipfile.ZipInfo(name), data)
    return target


def with_manifest(source: Path, target: Path, edit, extra=()) -> Path:
    def change(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            edit(manifest)
            return [(name, json.dumps(manifest).encode()), *extra]
        return [(name, data)]

    return rebuild(source, target, change)


def damaged_database(data: bytes, pages: range | None = None) -> bytes:
    """The database file ``data`` with the headers of ``pages`` (0-based; default every
    page but the first, which holds the file header) overwritten."""
    spoiled = bytearray(data)
    page_size = int.from_bytes(data[16:18], "big")
    for page in pages or range(1, len(data) // page_size):
        spoiled[page * page_size : page * page_size + 40] = b"\xff" * 40
    return bytes(spoiled)


def hostile_archives(good: Path, where: Path) -> dict[str, Path]:
    import hashlib

    made: dict[str, Path] = {}
    raw = good.read_bytes()
    for cut in (len(raw) // 2, len(raw) - 10, 100, 0):
        made[f"truncated at {cut}"] = where / f"cut{cut}.zip"
        made[f"truncated at {cut}"].write_bytes(raw[:cut])
    made["not a zip"] = where / "text.zip"
    made["not a zip"].write_text("hello, this is not an archive\n")
    made["a database"] = where / "db.zip"
    sqlite3.connect(made["a database"]).execute("CREATE TABLE t (x)").connection.close()

    # A flipped byte in a stored image: the zip's CRC and our hash both disagree.
    with zipfile.ZipFile(good) as zf:
        image = next(i for i in zf.infolist() if i.filename.startswith("images/"))
        offset = image.header_offset + 30 + len(image.filename.encode()) + len(image.extra)
    flipped = bytearray(raw)
    flipped[offset + 5] ^= 0xFF
    made["flipped byte"] = where / "flipped.zip"
    made["flipped byte"].write_bytes(bytes(flipped))

    def drop(prefix):
        return lambda name, data: [] if name.startswith(prefix) else [(name, data)]

    made["no manifest"] = rebuild(good, where / "nomanifest.zip", drop("manifest"))
    made["file missing"] = rebuild(good, where / "nofile.zip", drop("raw/"))
    made["no database"] = rebuild(good, where / "nodb.zip", drop("library.sqlite3"))

    def replace_image(name, data):
        return [(name, b"other bytes" if name.startswith("images/") else data)]

    made["image replaced"] = rebuild(good, where / "replaced.zip", replace_image)
    made["other format"] = with_manifest(
        good, where / "format.zip", lambda m: m.update(format="someone-else")
    )
    made["newer schema"] = with_manifest(
        good, where / "schema.zip", lambda m: m.update(schema_version=len(MIGRATIONS) + 1)
    )
    made["newer format"] = with_manifest(
        good, where / "fmt2.zip", lambda m: m.update(format_version=99)
    )
    made["manifest not json"] = rebuild(
        good,
        where / "badjson.zip",
        lambda n, d: [(n, b"{not json" if n == "manifest.json" else d)],
    )
    made["manifest nested deeply"] = rebuild(
        good,
        where / "deep.zip",
        lambda n, d: [(n, b"[" * 100_000 if n == "manifest.json" else d)],
    )
    made["manifest a list"] = rebuild(
        good, where / "list.zip", lambda n, d: [(n, b"[1, 2]" if n == "manifest.json" else d)]
    )
    for evil in (
        "../evil.txt",
        "/tmp/evil-abs.txt",
        "images/../../evil.txt",
        "images/ab/../../../evil.txt",
        "raw\\..\\..\\evil.txt",
        "tmp/evil.txt",
        "library.sqlite3-wal",
        "images/ab/.hidden",
    ):
        # An entry outside the library, listed in the manifest or merely present.
        listed = where / f"listed-{len(made)}.zip"
        made[f"listed {evil}"] = with_manifest(
            good,
            listed,
            lambda m, evil=evil: m["files"].append(
                {"name": evil, "sha256": hashlib.sha256(b"x").hexdigest(), "size": 1}
            ),
            extra=[(evil, b"x")],
        )
        made[f"present {evil}"] = rebuild(
            good,
            where / f"present-{len(made)}.zip",
            lambda n, d, evil=evil: [(n, d), (evil, b"x")] if n == "manifest.json" else [(n, d)],
        )

    # Databases that are not a newsreader library, with a manifest that matches them.
    for kind, script in {
        "another program's database": "CREATE TABLE notes (x); INSERT INTO notes VALUES (1);",
        "a view that never ends": "CREATE TABLE images (file); CREATE VIEW articles (raw_file) "
        "AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n;",
        "a database of a newer schema": "CREATE TABLE images (file); "
        "CREATE TABLE articles (raw_file); PRAGMA user_version = 999;",
    }.items():
        db = where / f"{len(made)}.sqlite3"
        conn = sqlite3.connect(db)
        conn.executescript(script)
        conn.close()
        data = db.read_bytes()
        made[kind] = with_manifest(
            rebuild(
                good,
                where / f"{len(made)}-step.zip",
                lambda n, d, data=data: [(n, data if n == "library.sqlite3" else d)],
            ),
            where / f"{len(made)}.zip",
            lambda m, data=data: m["database"].update(
                sha256=hashlib.sha256(data).hexdigest(), size=len(data)
            ),
        )

    # Our own database with code added that runs by itself on a change or a read.
    with zipfile.ZipFile(good) as zf:
        ours = zf.read("library.sqlite3")
    for kind, script in {
        "a trigger of its own": "CREATE TRIGGER wipe AFTER UPDATE ON articles "
        "BEGIN DELETE FROM articles; END;",
        "one of our triggers rewritten": "DROP TRIGGER articles_deleted; "
        "CREATE TRIGGER articles_deleted AFTER DELETE ON articles BEGIN DELETE FROM images; END;",
        "a view of its own": "CREATE VIEW peek AS SELECT url FROM articles;",
    }.items():
        db = where / f"{len(made)}.sqlite3"
        db.write_bytes(ours)
        conn = sqlite3.connect(db)
        conn.executescript(script)
        conn.close()
        data = db.read_bytes()
        made[kind] = with_manifest(
            rebuild(
                good,
                where / f"{len(made)}-step.zip",
                lambda n, d, data=data: [(n, data if n == "library.sqlite3" else d)],
            ),
            where / f"{len(made)}.zip",
            lambda m, data=data: m["database"].update(
                sha256=hashlib.sha256(data).hexdigest(), size=len(data)
            ),
        )

    # A damaged database whose manifest hash was made to match: integrity_check finds it.
    def spoil(name, data):
        return [(name, damaged_database(data) if name == "library.sqlite3" else data)]

    spoiled = rebuild(good, where / "spoiled-step.zip", spoil)
    new_db = zipfile.ZipFile(spoiled).read("library.sqlite3")
    made["damaged database"] = with_manifest(
        spoiled,
        where / "spoiled.zip",
        lambda m: m["database"].update(sha256=hashlib.sha256(new_db).hexdigest()),
    )
    return made


def test_damaged_truncated_and_hostile_archives_are_refused_untouched(
    good_archive, tmp_path, capsys
):
    where = tmp_path / "bad"
    where.mkdir()
    archives = hostile_archives(good_archive, where)
    restores = tmp_path / "restores"
    restores.mkdir()
    for kind, archive in archives.items():
        target = restores / "new"
        code, out, err = run(capsys, "--library", str(target), "restore", str(archive))
        assert code == 1, kind
        assert out == "", kind
        assert err.startswith("newsreader: ") and err.count("\n") == 1, (kind, err)
        assert "Traceback" not in err and "internal error" not in err, (kind, err)
        assert list(restores.iterdir()) == [], kind  # no target, no staging left
    assert not list(tmp_path.rglob("evil*"))
    assert not Path("/tmp/evil-abs.txt").exists()
    # The same archive unharmed restores.
    assert run(capsys, "--library", str(restores / "new"), "restore", str(good_archive))[0] == 0


def test_restore_names_the_kind_of_problem(good_archive, tmp_path):
    where = tmp_path / "bad"
    where.mkdir()
    archives = hostile_archives(good_archive, where)
    expected = {
        "truncated at 100": "not a complete zip archive",
        "not a zip": "not a complete zip archive",
        "flipped byte": "images/",
        "no manifest": "no manifest",
        "file missing": "is missing from it",
        "other format": "not written by newsreader",
        "newer schema": "newer newsreader",
        "newer format": "newer newsreader",
        "listed ../evil.txt": "not a library file",
        "present /tmp/evil-abs.txt": "not a library file",
        "damaged database": "database is damaged",
        "another program's database": "not a newsreader library",
        "a view that never ends": "not a newsreader library",
        "a database of a newer schema": "newer schema",
        "manifest nested deeply": "manifest is not readable",
        "a trigger of its own": "holds a trigger newsreader does not make ('wipe')",
        "one of our triggers rewritten": "trigger newsreader does not make ('articles_deleted')",
        "a view of its own": "holds a view newsreader does not make ('peek')",
    }
    for kind, words in expected.items():
        with pytest.raises(NewsreaderError, match=None) as caught:
            restore.restore(archives[kind], tmp_path / "target")
        assert words in caught.value.message, (kind, caught.value.message)
        assert not (tmp_path / "target").exists()


def test_restore_refuses_a_target_that_is_not_new_and_never_touches_it(
    good_archive, tmp_path, capsys
):
    lib = tmp_path / "lib"
    before = sorted(p.relative_to(lib) for p in lib.rglob("*"))
    file_target = tmp_path / "a-file"
    file_target.write_text("x")
    full = tmp_path / "full"
    full.mkdir()
    (full / "notes.txt").write_text("mine")
    for target in (lib, file_target, full):
        code, _, err = run(capsys, "--library", str(target), "restore", str(good_archive))
        assert code == 1 and err.count("\n") == 1, err
    assert sorted(p.relative_to(lib) for p in lib.rglob("*")) == before
    assert file_target.read_text() == "x" and (full / "notes.txt").read_text() == "mine"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(capsys, "--library", str(empty), "restore", str(good_archive))[0] == 0
    assert len(read_only_ids(empty / "library.sqlite3")) == 4
    code, _, err = run(
        capsys, "--library", str(tmp_path / "x"), "restore", str(tmp_path / "no.zip")
    )
    assert code == 1 and "no backup at" in err


# --- automatic backups --------------------------------------------------------------------
def test_automatic_backups_are_due_daily_and_the_last_seven_are_kept(tmp_path):
    from datetime import UTC, datetime, timedelta

    lib = make_library(tmp_path / "lib", 3)
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    made = []
    for day in range(10):
        when = start + timedelta(days=day)
        made.append(backup.auto_backup(lib, now=when))
        # Within the day: nothing is due.
        assert backup.auto_backup(lib, now=when + timedelta(hours=23)) is None
    kept = [path for _, path in backup.backups(backups_dir(lib))]
    assert kept == made[-7:]
    assert backup.latest_backup(lib) == made[-1]
    # Every 6 hours, keeping 3: configurable.
    folder = tmp_path / "six-hourly"
    for hour in range(0, 48, 2):
        backup.auto_backup(lib, folder, every=6 * 3600, keep=3, now=start + timedelta(hours=hour))
    kept = [when for when, _ in backup.backups(folder)]
    assert kept == [start + timedelta(hours=h) for h in (30, 36, 42)]
    # Someone else's files in the folder are never touched.
    (folder / "notes.zip").write_text("mine")
    backup.auto_backup(lib, folder, every=0, keep=1, now=start + timedelta(days=5))
    assert (folder / "notes.zip").read_text() == "mine"


@pytest.mark.parametrize("pages", [None, range(2, 3), range(4, 6)])
def test_a_damaged_database_is_not_backed_up_and_older_backups_are_kept(tmp_path, capsys, pages):
    """Rotation must not push the good backups out with copies of a damaged database:
    whether the copy fails or quick_check on the copy does."""
    from datetime import UTC, datetime, timedelta

    lib = make_library(tmp_path / "lib", 30)
    good = backup.auto_backup(lib)
    database = lib / "library.sqlite3"
    database.write_bytes(damaged_database(database.read_bytes(), pages))
    with pytest.raises(NewsreaderError, match="is damaged .* no backup was made") as caught:
        backup.auto_backup(lib, keep=1, now=datetime.now(UTC) + timedelta(days=2))
    assert "\n" not in caught.value.message
    code, _, err = run(capsys, "--library", str(lib), "backup", str(tmp_path / "b.zip"))
    assert code == 1 and err.count("\n") == 1 and "is damaged" in err
    assert [path for _, path in backup.backups(backups_dir(lib))] == [good]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib"]
    assert not [p for p in backups_dir(lib).iterdir() if p != good]


def test_a_database_only_backup_restores_with_the_files_of_its_library(tmp_path, capsys):
    lib = make_library(tmp_path / "lib", 5)
    auto = backup.auto_backup(lib)
    with zipfile.ZipFile(auto) as zf:
        assert sorted(zf.namelist()) == ["library.sqlite3", "manifest.json"]
    # A file damaged in place in the library is not copied: it is reported missing.
    victim = sorted((lib / "images").rglob("*.png"))[0]
    victim.write_bytes(b"x" * victim.stat().st_size)
    code, out, err = run(capsys, "--library", str(tmp_path / "new"), "restore", str(auto))
    assert code == 0 and "restored 5 articles and 9 files" in out
    assert "1 file(s) could not be restored" in err
    code, out, _ = run(capsys, "--library", str(tmp_path / "new"), "check")
    assert code == 1 and "missing file: images/" in out
    # Its library gone: one line naming --files-from.
    moved = tmp_path / "moved"
    lib.rename(moved)
    code, _, err = run(capsys, "--library", str(tmp_path / "new2"), "restore", str(auto))
    assert code == 1 and "--files-from" in err and err.count("\n") == 1
    assert not (tmp_path / "new2").exists()
    code, _, _ = run(
        capsys,
        "--library",
        str(tmp_path / "new2"),
        "restore",
        str(auto),
        "--files-from",
        str(moved),
    )
    assert code == 0


# --- unclean shutdowns --------------------------------------------------------------------
HOLDER = """
import sys, time
from pathlib import Path
from newsreader.library.library import Library
from newsreader.library.sessions import Session
session = Session(Path(sys.argv[1]))
library = Library(Path(sys.argv[1]))
library.set_state(1, "archived")
print("ready", flush=True)
time.sleep(120)
"""


def kill_a_holder(lib: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lib)],
        env=environment(),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "ready\n"
        # While it runs, it is not taken for dead.
        with sessions.Session(lib) as alive:
            assert alive.check() is None
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate(timeout=30)


def test_a_clean_exit_leaves_nothing_to_check(tmp_path):
    lib = make_library(tmp_path / "lib", 2)
    with sessions.Session(lib) as session:
        assert session.check() is None
    with sessions.Session(lib) as session:
        assert session.check() is None


def test_after_kill_9_the_next_start_runs_quick_check(tmp_path, capsys):
    lib = make_library(tmp_path / "lib", 3)
    kill_a_holder(lib)
    with sessions.Session(lib) as session:
        report = session.check()
    assert report is not None and not report.damaged  # it ran, and passed
    with sessions.Session(lib) as session:
        assert session.check() is None  # a passed check is not repeated
    kill_a_holder(lib)
    assert run(capsys, "--library", str(lib), "list")[0] == 0  # the CLI checks, and goes on


@pytest.mark.parametrize("pages", [None, range(2, 3)])
def test_a_damaged_database_after_kill_9_offers_the_latest_backup(tmp_path, capsys, pages):
    lib = make_library(tmp_path / "lib", 40)
    older = backup.auto_backup(lib)
    time.sleep(1.1)  # backups are named by the second
    latest = backup.write_archive(lib).path
    assert backup.latest_backup(lib) == latest != older
    kill_a_holder(lib)
    database = lib / "library.sqlite3"
    database.write_bytes(damaged_database(database.read_bytes(), pages))
    code, out, err = run(capsys, "--library", str(lib), "list")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "quick_check" in err
    command = err.split("with: ", 1)[1].strip()
    assert shlex.split(command)[:3] == ["newsreader", "restore", str(latest)]
    # The line is checked again at every start until the library is replaced...
    assert "quick_check" in run(capsys, "--library", str(lib), "search", "x")[2]
    # ...and the command it gives works.
    argv = shlex.split(command)[1:]
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, ""), err
    restored = Path(argv[argv.index("--library") + 1])
    assert restored.parent == lib.parent
    assert run(capsys, "--library", str(restored), "check")[0] == 0
    assert len(read_only_ids(restored / "library.sqlite3")) == 40


def test_quick_check_names_what_it_found(tmp_path):
    lib = make_library(tmp_path / "lib", 20)
    database = lib / "library.sqlite3"
    assert integrity.quick_check(database) is None
    database.write_bytes(damaged_database(database.read_bytes()))
    assert integrity.quick_check(database)
    database.write_bytes(b"\0" * 4096)
    assert integrity.quick_check(database)
    database.write_bytes(b"SQLite format 3\0" + b"\xee" * 5000)
    assert integrity.quick_check(database)


# --- the window ---------------------------------------------------------------------------
def damaged_after_kill(tmp_path: Path, with_backup: bool = True) -> tuple[Path, Path | None]:
    lib = make_library(tmp_path / "lib", 12)
    latest = backup.write_archive(lib).path if with_backup else None
    kill_a_holder(lib)
    database = lib / "library.sqlite3"
    database.write_bytes(damaged_database(database.read_bytes()))
    return lib, latest


def answer_the_dialog(seen: list, restore_it: bool) -> None:
    """Answer the offer once it is shown (for up to 10 s), noting what it said."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from newsreader.ui.backups import RestoreOfferDialog

    def answer(tries: int = 200) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RestoreOfferDialog):
            if tries:
                QTimer.singleShot(50, lambda: answer(tries - 1))
            return
        seen.append(dialog.text() + "\n" + dialog.informativeText())
        others = [b for b in dialog.buttons() if b is not dialog.restore_button]
        (dialog.restore_button if restore_it else others[0]).click()

    QTimer.singleShot(50, answer)


def test_the_window_offers_the_latest_backup_and_opens_the_restored_library(qtbot, tmp_path):
    from newsreader.ui.backups import start_session

    lib, latest = damaged_after_kill(tmp_path)
    seen: list[str] = []
    answer_the_dialog(seen, restore_it=True)
    session, opened = start_session(lib)
    session.close()
    assert "fails SQLite's check" in seen[0] and str(latest) in seen[0]
    assert opened != lib and opened.parent == lib.parent and str(opened) in seen[0]
    with Library(opened, create=False) as restored:
        assert restored.count() == 12 and restored.check(grace=0).clean


def test_declining_the_offer_or_having_no_backup_keeps_the_library(qtbot, tmp_path):
    from newsreader.ui.backups import start_session

    lib, _ = damaged_after_kill(tmp_path / "one")
    seen: list[str] = []
    answer_the_dialog(seen, restore_it=False)
    session, opened = start_session(lib)
    session.close()
    assert opened == lib and len(seen) == 1
    lib, _ = damaged_after_kill(tmp_path / "two", with_backup=False)
    answer_the_dialog(seen, restore_it=False)
    session, opened = start_session(lib)
    session.close()
    assert opened == lib and "no backup" in seen[1]
    assert sorted(p.name for p in lib.parent.iterdir()) == ["lib"]


def test_automatic_backups_run_off_the_gui_thread_and_report_by_signal(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from newsreader.ui.backups import AutoBackups

    lib = make_library(tmp_path / "lib", 3)
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    auto = AutoBackups(lib, settings)
    with qtbot.waitSignal(auto.made, timeout=30_000) as made:
        auto.start(first_ms=0)
    assert Path(made.args[0]).is_file() and backup.latest_backup(lib) == Path(made.args[0])
    with qtbot.waitSignal(auto.made, timeout=30_000) as again:
        assert auto.run_if_due()
    assert again.args == [""]  # not due for a day
    settings.setValue("backups/every_hours", 0)
    assert not auto.run_if_due()
    gone = AutoBackups(
        tmp_path / "no-library", QSettings(str(tmp_path / "w2.ini"), QSettings.Format.IniFormat)
    )
    with qtbot.waitSignal(gone.failed, timeout=30_000) as failed:
        gone.run_if_due()
    assert failed.args[0].startswith("no library at") and "\n" not in failed.args[0]
    auto.close()
    gone.close()


def test_running_out_of_room_is_one_line_and_leaves_nothing(tmp_path):
    """A file size limit (RLIMIT_FSIZE) stands in for a full disk: writes fail midway."""
    import resource

    lib = tmp_path / "lib"
    with Library(lib) as library:
        for n in range(6):
            library.save(content(n, image=os.urandom(120_000)))
    archive = backup.write_archive(lib, tmp_path / "whole.zip").path
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    for argv in (
        ["--library", str(lib), "backup", str(out_dir / "b.zip")],
        ["--library", str(out_dir / "restored"), "restore", str(archive)],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "newsreader", *argv],
            env=environment(),
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=limited,
        )
        assert done.returncode == 1, done.stderr
        assert done.stderr.count("\n") == 1, done.stderr
        assert f"into {out_dir}" in done.stderr or f"cannot write {out_dir}" in done.stderr
        if "restore" in argv:  # (SQLite says only "disk I/O error" for its own writes)
            # A file-size limit (EFBIG) is no room, as a full disk (ENOSPC) or quota is.
            assert "the disk is full" in done.stderr, done.stderr
        assert list(out_dir.iterdir()) == []


def test_a_check_with_many_complaints_is_said_by_its_first():
    # PRAGMA quick_check may put many complaints in one row, a line each.
    row = (
        "*** in database main ***\nOn tree page 48 cell 145: Offset 58167 out of range\n"
        "On tree page 48 cell 144: Offset 4967 out of range\n"
    )
    assert backup.one_line(row) == "On tree page 48 cell 145: Offset 58167 out of range"
    assert backup.one_line("database disk image is malformed") == (
        "database disk image is malformed"
    )


def test_a_damaged_library_names_the_command_that_restores_its_latest_backup(tmp_path, capsys):
    lib = make_library(tmp_path / "lib", 3)
    assert run(capsys, "--library", str(lib), "backup")[0] == 0
    database = lib / "library.sqlite3"
    database.write_bytes(damaged_database(database.read_bytes()))
    code, out, err = run(capsys, "--library", str(lib), "list", "--state", "all")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "is not a readable newsreader library" in err
    command = err.split("with: ", 1)[1].strip()
    assert command.startswith("newsreader restore ") and "--library " in command
    # The command as printed restores the library.
    restored = run(capsys, *shlex.split(command)[1:])
    assert restored[0] == 0, restored
    target = Path(shlex.split(command)[-1])
    assert run(capsys, "--library", str(target), "list", "--state", "all")[1].count("\n") == 3
