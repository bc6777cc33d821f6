"""What the search index takes on disk, for the index-size benchmarks
(cjk_index_size.py, fields_index_size.py): the FTS5 shadow tables plus the word
dictionary ``search_terms`` and its index, by SQLite's dbstat payload."""

from __future__ import annotations

INDEX_TABLES = (
    "articles_fts_data",
    "articles_fts_idx",
    "articles_fts_docsize",
    "articles_fts_config",
    "search_terms",
    "search_terms_key",
)


def stored_index_bytes(db) -> int:
    """Payload bytes of the index's tables in ``db`` (a newsreader Database), after
    FTS5's 'optimize' merged its segments, as a library settles to."""
    db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")
    marks = ", ".join("?" * len(INDEX_TABLES))
    return int(
        db.scalar(
            f"SELECT coalesce(sum(payload), 0) FROM dbstat WHERE name IN ({marks})",
            INDEX_TABLES,
        )
    )
