"""Keeping the search index and its word dictionary in step with the articles.

The full-text index itself follows the articles through triggers (see schema.py).
The dictionary in ``search_terms`` needs Python (stemming), so the library calls
``add_terms`` inside the transaction that saves an article, and ``rebuild`` renews
both from the stored articles. A process remembers which words it knows are stored
(known_words.py), so a save looks up and keys only the words new to it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import urlsplit

from newsreader import languages
from newsreader.errors import LibraryError
from newsreader.library import compounds, known_words, terms
from newsreader.library.db import Database, in_batches

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


def host_of(url: str | None) -> str | None:
    """The host an article came from, without ``www.``: what site: filters match."""
    try:
        host = urlsplit(url or "").hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


# The dictionary's generation (schema 14): ``rebuild`` counts it up, so that every
# process drops what it knew was stored (known_words.py).
GENERATION_TABLE = "search_terms_generation"


def generation(db: Database) -> int:
    """The dictionary's generation, as this transaction sees it."""
    return int(db.scalar(f"SELECT generation FROM {GENERATION_TABLE}"))


def add_terms(db: Database, language: str | None, texts: Iterable[str | None]) -> int:
    """Put the words of one article's texts into the dictionary. Returns how many
    were new. Runs inside the caller's write transaction.

    Only words this process does not know to be stored already (known_words.py) are
    looked up, and only new ones are keyed and inserted; the words looked up are
    known once the transaction commits."""
    stem_language = terms.stemmer_language(language)
    words = terms.distinct_tokens(texts)
    if not words:
        return 0
    known = known_words.of(db)
    current = generation(db)
    unknown = known.unknown(current, stem_language, words)
    if not unknown:
        return 0
    stored: set[str] = set()
    for batch, marks in in_batches(sorted(unknown)):
        stored.update(
            row[0]
            for row in db.query(
                f"SELECT term FROM search_terms WHERE language = ? AND term IN ({marks})",
                (stem_language, *batch),
            )
        )
    new = sorted(unknown - stored)
    db.executemany(_INSERT_TERM, [term_row(stem_language, word) for word in new])
    db.after_commit(lambda: known.learn(current, stem_language, unknown))
    return len(new)


# A word of the dictionary: its match key, its loose key (schema 11), and for languages
# whose compounds are split that key backwards (compounds.tail, schema 13), else NULL
# (not in that index).
_TERM_COLUMNS = ("language", "term", "key", "loose", "tail")
_INSERT_TERM = (
    f"INSERT INTO search_terms ({', '.join(_TERM_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(_TERM_COLUMNS))})"
)


def term_row(stem_language: str, word: str) -> tuple[str, str, str, str, str | None]:
    """The dictionary row of ``word`` in an article of ``stem_language``, as
    _TERM_COLUMNS name its values: computed only for words not stored yet."""
    key = terms.match_key(word, stem_language)
    return (
        stem_language,
        word,
        key,
        terms.loose_key(word),
        compounds.tail(key) if compounds.splits(stem_language) else None,
    )


def fill_tails(db: Database) -> None:
    """Migration 13: the ``tail`` of every word of a language whose compounds are
    split (see term_row)."""
    rows = db.query(
        f"SELECT language, term, key FROM search_terms "
        f"WHERE language IN ({', '.join('?' * len(compounds.LANGUAGES))})",
        tuple(sorted(compounds.LANGUAGES)),
    )
    db.executemany(
        "UPDATE search_terms SET tail = ? WHERE language = ? AND term = ?",
        [(compounds.tail(row[2]), row[0], row[1]) for row in rows],
    )


def rebuild(db: Database, progress: Progress | None = None) -> int:
    """Index every article afresh, and rebuild the dictionary. Runs inside the
    caller's transaction, so searches see the old index until it commits.
    Returns the number of articles indexed."""
    db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")
    db.execute("DELETE FROM search_terms")
    if db.scalar("SELECT 1 FROM sqlite_master WHERE name = ?", (GENERATION_TABLE,)):
        # Not before schema 14 (earlier migrations rebuild too): no process knows
        # any word of a library that has not reached it.
        db.execute(f"UPDATE {GENERATION_TABLE} SET generation = generation + 1")
    ids = [row[0] for row in db.query("SELECT id FROM articles ORDER BY id")]
    columns = indexed_columns(db)
    names = ", ".join(columns)
    marks = ", ".join("?" * (len(columns) + 1))
    known: set[tuple[str, str]] = set()
    # Migrations 2, 9 and 10 rebuild a dictionary without the loose keys of schema 11
    # and the tails of schema 13: only the columns there are filled.
    present = {row[1] for row in db.query("PRAGMA table_info(search_terms)")}
    filled = [i for i, name in enumerate(_TERM_COLUMNS) if name in present]
    insert = (
        f"INSERT INTO search_terms ({', '.join(_TERM_COLUMNS[i] for i in filled)}) "
        f"VALUES ({', '.join('?' * len(filled))})"
    )
    done = 0
    for batch, marks_in in in_batches(ids):
        # Each text is read once, for the index and the dictionary both.
        rows = db.query(
            f"SELECT s.id, {', '.join('s.' + c for c in columns)}, a.language "
            f"FROM article_search s JOIN articles a ON a.id = s.id WHERE s.id IN ({marks_in})",
            batch,
        )
        db.executemany(
            f"INSERT INTO articles_fts (rowid, {names}) VALUES ({marks})",
            [(row["id"], *(row[c] for c in columns)) for row in rows],
        )
        new: list[tuple] = []
        for row in rows:
            stem_language = terms.stemmer_language(row["language"])
            texts = [row[c] for c in columns]
            for word in terms.distinct_tokens(texts):
                if (stem_language, word) not in known:
                    known.add((stem_language, word))
                    entry = term_row(stem_language, word)
                    new.append(tuple(entry[i] for i in filled))
        db.executemany(insert, new)
        done += len(batch)
        if progress is not None:
            progress(done, len(ids))
    log.info("search index rebuilt: %d articles, %d words", len(ids), len(known))
    return len(ids)


def indexed_columns(db: Database) -> list[str]:
    """The columns the index holds, as the ``article_search`` view gives them (four
    before migration 7 added ``notes``, five before 10 added ``captions`` and ``tags``:
    migrations 2, 7 and 9 rebuild with this too)."""
    cursor = db.execute("SELECT * FROM article_search LIMIT 0")
    return [d[0] for d in cursor.description if d[0] != "id"]


def fill_hosts_and_languages(db: Database) -> None:
    """Migration 2: hosts for site: filters, and a language for every article that
    can have one (declared codes normalised, the rest recognised from the text)."""
    cursor = db.execute(
        "SELECT a.id, a.final_url, a.language, t.text FROM articles a "
        "JOIN article_texts t ON t.article_id = a.id"
    )
    # Reading one text at a time: a large library's texts need not fit in memory.
    updates = [
        (host_of(row["final_url"]), languages.settle(row["language"], row["text"]), row["id"])
        for row in cursor
    ]
    db.executemany("UPDATE articles SET host = ?, language = ? WHERE id = ?", updates)


def fill_loose_keys(db: Database) -> None:
    """Migration 11: every word's loose key (terms.loose_key), for "did you mean"."""
    rows = db.query("SELECT language, term FROM search_terms")
    db.executemany(
        "UPDATE search_terms SET loose = ? WHERE language = ? AND term = ?",
        [(terms.loose_key(row[1]), row[0], row[1]) for row in rows],
    )


def stored_languages(db: Database) -> list[str]:
    """The stemmer languages of the dictionary ('' for words of no known language).

    Walks the primary key from one language to the next instead of reading every word.
    """
    rows = db.query(
        """WITH RECURSIVE present(language) AS (
               SELECT min(language) FROM search_terms
               UNION ALL
               SELECT (SELECT min(language) FROM search_terms WHERE language > present.language)
               FROM present WHERE present.language IS NOT NULL
           )
           SELECT language FROM present WHERE language IS NOT NULL"""
    )
    return [row[0] for row in rows]


def expand(db: Database, word: str, in_languages: Sequence[str]) -> set[str]:
    """The indexed words that ``word`` finds: its inflections and other spellings in
    every language of the library, and the word itself."""
    found = {word}
    for language in in_languages:
        keys = sorted(terms.query_keys(word, language))
        found.update(
            row[0]
            for row in db.query(
                f"SELECT term FROM search_terms WHERE key IN ({', '.join('?' * len(keys))}) "
                "AND language = ?",
                (*keys, language),
            )
        )
    return found


# The full-text table as schema migration 10 made it (migrations never change, so this
# copy is what a repair recreates when the table itself is gone).
FTS_COLUMNS = "title, author, site, text, notes, captions, tags"
FTS_TABLE_SQL = """
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, author, site, text, notes, captions, tags,
    content = 'article_search', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0'
)
"""
# The tables FTS5 keeps this index in, as it creates them
# (https://sqlite.org/fts5.html, "shadow tables"; external content, so no _content).
FTS_SHADOW_TABLES = {
    "articles_fts_data": "CREATE TABLE articles_fts_data (id INTEGER PRIMARY KEY, block BLOB)",
    "articles_fts_idx": "CREATE TABLE articles_fts_idx (segid, term, pgno, "
    "PRIMARY KEY (segid, term)) WITHOUT ROWID",
    "articles_fts_docsize": "CREATE TABLE articles_fts_docsize (id INTEGER PRIMARY KEY, sz BLOB)",
    "articles_fts_config": "CREATE TABLE articles_fts_config (k PRIMARY KEY, v) WITHOUT ROWID",
}
DAMAGED = "the search index is damaged; run `newsreader check --repair`"


def _present(db: Database) -> set[str]:
    return {
        row[0] for row in db.query("SELECT name FROM sqlite_master WHERE name LIKE 'articles_fts%'")
    }


def is_damaged(db: Database, thorough: bool = True) -> bool:
    """Whether the full-text index is damaged: a table of it missing, or (``thorough``,
    on a writable library only) FTS5's own 'integrity-check' failing, which compares
    the index with the articles (https://sqlite.org/fts5.html#the_integrity_check_command).
    A read-only library can only be probed: SQLite runs that command as a write."""
    if not {"articles_fts", *FTS_SHADOW_TABLES} <= _present(db):
        return True
    try:
        if thorough and not db.read_only:
            db.execute(
                "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)"
            )
        else:
            db.query("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'a* OR e*' LIMIT 50")
    except LibraryError as exc:
        log.info("the search index failed its check: %s", exc)
        return True
    except MemoryError:
        # A scrambled structure record makes FTS5 ask for an absurd allocation: SQLite
        # answers SQLITE_NOMEM, which the sqlite3 module raises as MemoryError.
        log.info("the search index failed its check: SQLite ran out of memory reading it")
        return True
    return False


def repair(db: Database, progress: Progress | None = None) -> int:
    """Make the full-text index afresh, whatever state its tables are in, and fill it
    (``rebuild``). Runs inside the caller's write transaction. Returns the number of
    articles indexed.

    FTS5 reads its structure record whenever it opens the table, even to drop it, so a
    damaged one cannot be dropped: instead every shadow table is emptied (or made
    again), given the records of an empty index as FTS5 writes them for a new table
    (copied from a blank one in the temp schema), and refilled.
    """
    present = _present(db)
    if "articles_fts" not in present:
        for name in FTS_SHADOW_TABLES:  # what the table left behind
            db.execute(f"DROP TABLE IF EXISTS {name}")
        db.execute(FTS_TABLE_SQL)
        return rebuild(db, progress)
    for name, create in FTS_SHADOW_TABLES.items():
        db.execute(f"DELETE FROM {name}" if name in present else create)
    db.execute("DROP TABLE IF EXISTS temp.blank_fts")
    db.execute(f"CREATE VIRTUAL TABLE temp.blank_fts USING fts5 ({FTS_COLUMNS})")
    db.execute("INSERT INTO articles_fts_data SELECT * FROM temp.blank_fts_data")
    db.execute("INSERT INTO articles_fts_config SELECT * FROM temp.blank_fts_config")
    db.execute("DROP TABLE temp.blank_fts")
    return rebuild(db, progress)


def words_starting(db: Database, prefix: str, in_languages: Sequence[str], most: int) -> list[str]:
    """The dictionary's words that begin with ``prefix`` (lower-case, as terms.tokens
    gives them), in any of ``in_languages``, sorted; at most ``most`` + 1, so that a
    caller can tell that there are more."""
    found: set[str] = set()
    for language in in_languages:
        found.update(
            row[0]
            for row in db.query(
                "SELECT term FROM search_terms WHERE language = ? AND term >= ? AND term < ? "
                "ORDER BY term LIMIT ?",
                (language, prefix, prefix + "\U0010ffff", most + 1),
            )
        )
        if len(found) > most:
            break
    return sorted(found)[: most + 1]
