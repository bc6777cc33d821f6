"""``check``: comparing the database with the library's files and its search index, and
putting right what can be put right."""

from __future__ import annotations

import logging
import time

from newsreader.errors import Cancelled
from newsreader.library import files, integrity, search_index
from newsreader.library.db import Database
from newsreader.library.models import CheckReport
from newsreader.paths import LibraryPaths

log = logging.getLogger(__name__)

# How old an unreferenced file must be before check calls it an orphan.
ORPHAN_GRACE_SECONDS = 600.0
# How long a check that repairs nothing waits for another program's write lock before
# it looks from a read snapshot instead (seconds).
LOCK_WAIT_SECONDS = 3.0

_NAMED_FILES = (
    "SELECT article_id, file FROM images WHERE file IS NOT NULL "
    "UNION ALL SELECT id, raw_file FROM articles WHERE raw_file IS NOT NULL"
)


def check(
    db: Database,
    paths: LibraryPaths,
    *,
    repair: bool = False,
    grace: float = ORPHAN_GRACE_SECONDS,
    deep: bool = False,
) -> CheckReport:
    """Compare the database with the files; with ``repair``, put right what can be.

    Reports files named by rows but absent (``missing``), files no row names
    (``orphans``; only those older than ``grace`` seconds, since a save in another
    process writes its files before it commits the row naming them), leftover
    temporaries, and whether the full-text index passes FTS5's integrity-check
    (search_index.is_damaged). Highlights and article notes whose article is gone
    (``stray_rows``; the cascade should make them impossible) are reported, and
    highlights no longer found in their article's text (``lost_highlights``) listed,
    which is no fault. With ``deep``, every stored file is also read and compared
    with the SHA-256 its name was made from (files.verify): ``damaged`` lists those that
    differ, as (article id, file) for every article naming one.

    ``repair`` removes orphans, temporaries and stray rows, makes the search index
    afresh when it is damaged (search_index.repair), and removes damaged files, which
    then count as missing: the rows stay, so that saving the article again fetches them
    anew (a file of the same name and size is otherwise kept as it is:
    files.write_atomic). Missing files and lost highlights are only reported. A
    read-only library is checked without repairs (LibraryReadOnly if asked for them);
    its index can then only be probed.
    """
    if repair:
        db.require_writable()
    # Reading every file is slow: done before taking the write lock, and the damaged
    # ones read again under it (a save may have put them right meanwhile).
    suspects = _damaged(paths, {row[1] for row in db.query(_NAMED_FILES)}) if deep else set()

    def inspect(db: Database, thorough: bool = True) -> CheckReport:
        report = CheckReport(index_checked=thorough and not db.read_only)
        # The database's own structure first (pages, b-trees, indexes): the rest
        # reads through them (sqlite.org/pragma.html#pragma_quick_check).
        report.database_problem = integrity.complaint(db.connection, thorough=deep)
        referenced: dict[str, list[int]] = {}
        for row in db.query(_NAMED_FILES):
            referenced.setdefault(row[1], []).append(row[0])
        stored = files.stored_files(paths)
        for name, article_ids in sorted(referenced.items()):
            if name not in stored:
                report.missing.extend((article_id, name) for article_id in article_ids)
        settled = files.stored_files(paths, older_than=grace)
        report.orphans = sorted(settled - referenced.keys())
        report.temporaries = sorted(
            p.relative_to(paths.root).as_posix()
            for p in files.leftover_temporaries(paths, older_than=grace)
        )
        damaged = sorted(_damaged(paths, suspects & referenced.keys()))
        report.damaged = [(i, name) for name in damaged for i in referenced[name]]
        report.index_ok = not search_index.is_damaged(db, thorough=thorough)
        report.stray_rows = _stray_rows(db)
        report.lost_highlights = [
            (row[0], row[1])
            for row in db.query(
                "SELECT article_id, id FROM highlights WHERE text_start IS NULL "
                "ORDER BY article_id, id"
            )
        ]
        if repair:
            for table, rowid in report.stray_rows:
                if table == "import_items":
                    _repair_import_item(db, rowid)
                else:
                    db.execute(f"DELETE FROM {table} WHERE rowid = ?", (rowid,))
            for name in report.orphans + report.temporaries + damaged:
                files.remove(paths, name)
            if not report.index_ok:
                search_index.repair(db)
            report.repaired = True
        return report

    # The write lock keeps saves and deletes in any process from changing the picture
    # while it is compared; nothing can change a read-only library.
    if db.read_only:
        return inspect(db)
    if repair:
        return db.write(inspect)
    # Only looking: when another program keeps the lock (an import, a reindex), check
    # from a read snapshot after a short wait instead of waiting it out. FTS5's own
    # integrity-check is a write, so the index is then only probed; a file missing
    # from the snapshot's view is asked about again, as a delete committed meanwhile
    # removes its files after its rows.
    began = time.monotonic()
    try:
        return db.write(inspect, cancelled=lambda: time.monotonic() - began > LOCK_WAIT_SECONDS)
    except Cancelled:
        log.info("the library is busy: checking from a read snapshot")
    report = inspect(db, thorough=False)
    still = {(row[0], row[1]) for row in db.query(_NAMED_FILES)}
    report.missing = [
        (article_id, name)
        for article_id, name in report.missing
        if (article_id, name) in still and not paths.resolve(name).exists()
    ]
    return report


# Tables of the reader's own words, which go with their article (ON DELETE CASCADE),
# and an import's items, which name the article made of them (ON DELETE SET NULL)
# and go with their job (schema 8).
_OWNED_BY_ARTICLES = ("highlights", "article_notes", "import_items")


def _repair_import_item(db: Database, rowid: int) -> None:
    """An import item naming an article that is gone keeps its line in the report
    without the article; one whose job is gone goes."""
    db.execute(
        "UPDATE import_items SET article_id = NULL WHERE rowid = ? "
        "AND article_id NOT IN (SELECT id FROM articles)",
        (rowid,),
    )
    db.execute(
        "DELETE FROM import_items WHERE rowid = ? AND job_id NOT IN (SELECT id FROM import_jobs)",
        (rowid,),
    )


def _stray_rows(db: Database) -> list[tuple[str, int]]:
    """(table, rowid) of every highlight or article note whose article does not exist
    (sqlite.org/pragma.html#pragma_foreign_key_check), in table and rowid order."""
    stray: list[tuple[str, int]] = []
    for table in _OWNED_BY_ARTICLES:
        rows = db.query(f"PRAGMA foreign_key_check({table})")
        stray.extend(sorted((row[0], row[1]) for row in rows))
    return stray


def _damaged(paths: LibraryPaths, names: set[str]) -> set[str]:
    return {name for name in sorted(names) if not _intact(paths, name)}


def _intact(paths: LibraryPaths, name: str) -> bool:
    try:
        return files.verify(paths, name)
    except FileNotFoundError:
        return True  # reported as missing instead
    except OSError as exc:
        log.warning("cannot read %s: %s", name, exc)
        return False
