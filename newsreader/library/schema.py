"""The library's schema, as an append-only list of migrations.

Migration N brings a database from ``user_version`` N-1 to N. Never edit a released
migration: add a new one.
"""

from __future__ import annotations

import re

from newsreader.library import search_index
from newsreader.library.db import Step
from newsreader.library.identity import APPLICATION_ID

_HIGHLIGHT_METHODS = "'made', 'position', 'quote', 'fuzzy', 'lost'"
_INDEXED = "title, author, site, text, notes"  # the index's columns from migration 7 to 9
# From migration 10: image captions and alt text, and the article's tags.
_INDEXED_10 = "title, author, site, text, notes, captions, tags"


def _reindexing(
    name: str,
    event: str,
    table: str,
    article: str,
    columns: str = _INDEXED,
    when: str = "",
    happens: str = "",
) -> list[str]:
    """A BEFORE trigger taking ``article``'s row out of the index and an AFTER trigger
    putting it back, both on ``event`` of ``table`` (as of migration 7). ``article`` is
    an expression of one article id with ``$`` for old or new, or ``IN (…)`` for
    several; ``when`` a condition on the changed row, again with ``$``.

    ``happens`` is a condition for the BEFORE trigger alone: that the change will be
    made. A BEFORE trigger runs before constraints are checked, so an INSERT OR IGNORE
    that is then ignored would take the article out and (no AFTER trigger runs for
    it) leave it out, and the next removal would remove it twice."""
    selected = f"WHERE id = {article}" if not article.startswith("IN ") else f"WHERE id {article}"
    unindex = (
        f"INSERT INTO articles_fts (articles_fts, rowid, {columns}) "
        f"SELECT 'delete', id, {columns} FROM article_search {selected}"
    )
    index = (
        f"INSERT INTO articles_fts (rowid, {columns}) "
        f"SELECT id, {columns} FROM article_search {selected}"
    )
    old, new = article.replace("$", "old"), article.replace("$", "new")
    conditions = [f"({c})" for c in (when.replace("$", "old"), happens) if c]
    before = f" WHEN {' AND '.join(conditions)}" if conditions else ""
    after = f" WHEN {when.replace('$', 'new')}" if when else ""
    return [
        f"CREATE TRIGGER {name}_unindex BEFORE {event} ON {table}{before} BEGIN "
        f"{unindex.replace(article, old)}; END",
        f"CREATE TRIGGER {name}_reindex AFTER {event} ON {table}{after} BEGIN "
        f"{index.replace(article, new)}; END",
    ]


def _index_triggers(columns: str = _INDEXED) -> list[str]:
    """Migration 7's triggers keeping the index in step with articles, their texts,
    highlights and notes. A new article is indexed when its text arrives (always right
    after its row, in one transaction); a deleted one leaves the index before its row
    goes (its highlights and notes then go by cascade, and find no row to re-index)."""
    return [
        "CREATE TRIGGER article_texts_indexed AFTER INSERT ON article_texts BEGIN "
        f"INSERT INTO articles_fts (rowid, {columns}) SELECT id, {columns} "
        "FROM article_search WHERE id = new.article_id; END",
        *_reindexing("article_texts", "UPDATE OF text", "article_texts", "$.article_id", columns),
        *_reindexing(
            "articles", "UPDATE OF title, author, site, host", "articles", "$.id", columns
        ),
        "CREATE TRIGGER articles_deleted BEFORE DELETE ON articles BEGIN "
        f"INSERT INTO articles_fts (articles_fts, rowid, {columns}) "
        f"SELECT 'delete', id, {columns} FROM article_search WHERE id = old.id; END",
        # Old and new article of a highlight are the same (no statement moves one);
        # an insert has no old row and a delete no new one, so each names its own.
        *_reindexing("highlight_added", "INSERT", "highlights", "new.article_id", columns),
        *_reindexing(
            "highlight_changed", "UPDATE OF quote, note", "highlights", "$.article_id", columns
        ),
        *_reindexing("highlight_removed", "DELETE", "highlights", "old.article_id", columns),
        *_reindexing("article_note_added", "INSERT", "article_notes", "new.article_id", columns),
        *_reindexing(
            "article_note_changed", "UPDATE OF note", "article_notes", "$.article_id", columns
        ),
        *_reindexing("article_note_removed", "DELETE", "article_notes", "old.article_id", columns),
    ]


def _trigger_names(statements: list[str]) -> list[str]:
    return [re.match(r"CREATE TRIGGER (\w+)", sql).group(1) for sql in statements]


def _field_triggers() -> list[str]:
    """Migration 10's triggers for what it adds to the index: images' captions and alt
    text, tags. An image without either is not in the index, so its rows change
    nothing there (Library.save writes an article's images and tags while its text row
    is absent, so a save indexes the article once, not once per image). A text row
    taken away takes the article out of the index (and a new one puts it back).

    A tag deleted outright first lets go of its articles here, while its name can
    still be read: a cascade would run after the tag is gone, and the index could not
    be told what to remove."""
    columns = _INDEXED_10
    added, removed = (f"{row}.alt <> '' OR {row}.caption <> ''" for row in ("new", "old"))
    return [
        *_reindexing("image_added", "INSERT", "images", "new.article_id", columns, added),
        *_reindexing(
            "image_changed",
            "UPDATE OF alt, caption, position",
            "images",
            "$.article_id",
            columns,
        ),
        *_reindexing("image_removed", "DELETE", "images", "old.article_id", columns, removed),
        *_reindexing(
            "tagged",
            "INSERT",
            "article_tags",
            "new.article_id",
            columns,
            happens="NOT EXISTS (SELECT 1 FROM article_tags WHERE article_id = new.article_id "
            "AND tag_id = new.tag_id)",
        ),
        *_reindexing("untagged", "DELETE", "article_tags", "old.article_id", columns),
        *_reindexing(
            "tag_renamed",
            "UPDATE OF name",
            "tags",
            "IN (SELECT article_id FROM article_tags WHERE tag_id = $.id)",
            columns,
            happens="NOT EXISTS (SELECT 1 FROM tags WHERE name = new.name AND id <> old.id)",
        ),
        "CREATE TRIGGER tag_deleted BEFORE DELETE ON tags BEGIN "
        "DELETE FROM article_tags WHERE tag_id = old.id; END",
        "CREATE TRIGGER article_texts_deleted BEFORE DELETE ON article_texts BEGIN "
        f"INSERT INTO articles_fts (articles_fts, rowid, {columns}) "
        f"SELECT 'delete', id, {columns} FROM article_search WHERE id = old.article_id; END",
    ]


MIGRATIONS: list[list[Step]] = [
    # 1: articles, their URLs, images, tags and a first full-text index.
    [
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            final_url TEXT NOT NULL,
            canonical_url TEXT,
            title TEXT NOT NULL,
            author TEXT,
            site TEXT,
            description TEXT,
            language TEXT,
            published TEXT,
            lead_image_url TEXT,
            content_html TEXT NOT NULL,
            text TEXT NOT NULL,
            word_count INTEGER NOT NULL,
            reading_minutes INTEGER NOT NULL,
            raw_file TEXT,
            raw_encoding TEXT,
            state TEXT NOT NULL DEFAULT 'unread' CHECK (state IN ('unread', 'archived')),
            favorite INTEGER NOT NULL DEFAULT 0 CHECK (favorite IN (0, 1)),
            read_at TEXT,
            progress REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
            saved_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX articles_saved_at ON articles (saved_at)",
        "CREATE INDEX articles_state ON articles (state, saved_at)",
        # Every URL an article is known by (as given, after redirects, canonical),
        # normalised, so saving it again under any of them updates it.
        """
        CREATE TABLE article_urls (
            key TEXT PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
        ) WITHOUT ROWID
        """,
        "CREATE INDEX article_urls_article ON article_urls (article_id)",
        """
        CREATE TABLE images (
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            url TEXT NOT NULL,
            file TEXT,
            mime TEXT,
            width INTEGER,
            height INTEGER,
            size INTEGER,
            alt TEXT NOT NULL DEFAULT '',
            caption TEXT NOT NULL DEFAULT '',
            is_lead INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            PRIMARY KEY (article_id, position)
        )
        """,
        "CREATE INDEX images_file ON images (file)",
        "CREATE INDEX articles_raw_file ON articles (raw_file)",
        """
        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE
        )
        """,
        """
        CREATE TABLE article_tags (
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
            PRIMARY KEY (article_id, tag_id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX article_tags_tag ON article_tags (tag_id)",
        # External-content FTS5 index kept in step by triggers, so it changes in the
        # same transaction as the article row and can never drift from it.
        # remove_diacritics 0: folding would make 'får' match 'far' and 'for'.
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5 (
            title, author, site, text,
            content = 'articles', content_rowid = 'id',
            tokenize = 'unicode61 remove_diacritics 0'
        )
        """,
        """
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, author, site, text)
            VALUES (new.id, new.title, new.author, new.site, new.text);
        END
        """,
        """
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, author, site, text)
            VALUES ('delete', old.id, old.title, old.author, old.site, old.text);
        END
        """,
        """
        CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, author, site, text
        ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, author, site, text)
            VALUES ('delete', old.id, old.title, old.author, old.site, old.text);
            INSERT INTO articles_fts (rowid, title, author, site, text)
            VALUES (new.id, new.title, new.author, new.site, new.text);
        END
        """,
    ],
    # 2: search that knows languages.
    # - The article texts move to their own table, so that filtering and sorting
    #   matches reads small rows instead of stepping over every text.
    # - The index reads its content through a view that adds the host to the site,
    #   so site:vg.no works, and triggers on both tables keep it in step.
    # - search_terms maps every indexed word to its match key (see terms.py).
    # - Indexes for the sort orders of the list: title serves the All view in order;
    #   published and site are covering scans the sort then reads instead of the rows.
    [
        """
        CREATE TABLE article_texts (
            article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            content_html TEXT NOT NULL,
            text TEXT NOT NULL
        )
        """,
        "INSERT INTO article_texts (article_id, content_html, text) "
        "SELECT id, content_html, text FROM articles",
        "DROP TRIGGER articles_fts_insert",
        "DROP TRIGGER articles_fts_delete",
        "DROP TRIGGER articles_fts_update",
        "DROP TABLE articles_fts",
        "ALTER TABLE articles DROP COLUMN content_html",
        "ALTER TABLE articles DROP COLUMN text",
        "ALTER TABLE articles ADD COLUMN host TEXT",
        search_index.fill_hosts_and_languages,
        """
        CREATE VIEW article_search (id, title, author, site, text) AS
        SELECT a.id, a.title, a.author, trim(coalesce(a.site, '') || ' ' || coalesce(a.host, '')),
               t.text
        FROM articles a JOIN article_texts t ON t.article_id = a.id
        """,
        # remove_diacritics 0: the index keeps words as written (får is not far);
        # search_terms decides which spellings and inflections meet.
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5 (
            title, author, site, text,
            content = 'article_search', content_rowid = 'id',
            tokenize = 'unicode61 remove_diacritics 0'
        )
        """,
        # Every change reads the indexed values back through the view, so what is
        # removed from the index is exactly what was added. A new article is indexed
        # when its text arrives (always right after its row, in one transaction).
        """
        CREATE TRIGGER article_texts_indexed AFTER INSERT ON article_texts BEGIN
            INSERT INTO articles_fts (rowid, title, author, site, text)
            SELECT id, title, author, site, text FROM article_search WHERE id = new.article_id;
        END
        """,
        """
        CREATE TRIGGER article_texts_unindex BEFORE UPDATE OF text ON article_texts BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, author, site, text)
            SELECT 'delete', id, title, author, site, text FROM article_search
            WHERE id = old.article_id;
        END
        """,
        """
        CREATE TRIGGER article_texts_reindex AFTER UPDATE OF text ON article_texts BEGIN
            INSERT INTO articles_fts (rowid, title, author, site, text)
            SELECT id, title, author, site, text FROM article_search WHERE id = new.article_id;
        END
        """,
        """
        CREATE TRIGGER articles_unindex BEFORE UPDATE OF title, author, site, host ON articles
        BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, author, site, text)
            SELECT 'delete', id, title, author, site, text FROM article_search WHERE id = old.id;
        END
        """,
        """
        CREATE TRIGGER articles_reindex AFTER UPDATE OF title, author, site, host ON articles
        BEGIN
            INSERT INTO articles_fts (rowid, title, author, site, text)
            SELECT id, title, author, site, text FROM article_search WHERE id = new.id;
        END
        """,
        """
        CREATE TRIGGER articles_deleted BEFORE DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, author, site, text)
            SELECT 'delete', id, title, author, site, text FROM article_search WHERE id = old.id;
        END
        """,
        # A dictionary, not an index of articles: a word whose last article is deleted
        # stays, and matches nothing. reindex starts it afresh.
        """
        CREATE TABLE search_terms (
            language TEXT NOT NULL,
            term TEXT NOT NULL,
            key TEXT NOT NULL,
            PRIMARY KEY (language, term)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX search_terms_key ON search_terms (key, language)",
        search_index.rebuild,
        "CREATE INDEX articles_title ON articles (title COLLATE NOCASE, id)",
        "CREATE INDEX articles_site ON articles (site COLLATE NOCASE, saved_at)",
        "CREATE INDEX articles_published ON articles (published, saved_at)",
        # Every column a search filter reads, by id: filtering thousands of matches
        # reads this small index instead of the article rows.
        "CREATE INDEX articles_facets "
        "ON articles (id, state, favorite, language, published, saved_at, read_at)",
    ],
    # 3: what extraction knows about the copy: the page's own "updated" date, whether
    # the text came from the fallback block, and why it may stop at a paywall.
    [
        "ALTER TABLE articles ADD COLUMN updated TEXT",
        "ALTER TABLE articles ADD COLUMN partial INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE articles ADD COLUMN paywall TEXT",
    ],
    # 4: the article's writing direction, and why a copy was saved without
    # newsreader's refinements (trafilatura's own extraction), when it was.
    [
        "ALTER TABLE articles ADD COLUMN direction TEXT CHECK (direction IN ('rtl'))",
        "ALTER TABLE articles ADD COLUMN unrefined TEXT",
        # Articles saved before this knew their language only: theirs reads right to
        # left when the language does (reextract reads the page's own dir). The codes
        # are languages.RIGHT_TO_LEFT as this migration was written: a migration never
        # changes once released.
        "UPDATE articles SET direction = 'rtl' WHERE language IN ('ar', 'arc', 'ary', "
        "'arz', 'bal', 'ckb', 'dv', 'fa', 'glk', 'he', 'iw', 'ji', 'ks', 'lad', 'lrc', "
        "'mzn', 'nqo', 'pnb', 'prs', 'ps', 'sam', 'sd', 'syr', 'ug', 'ur', 'yi')",
    ],
    # 5: the database says it is newsreader's (identity.py). Libraries made before this
    # are recognised by their tables; new ones are stamped as they are made.
    [f"PRAGMA application_id = {APPLICATION_ID:d}"],
    # 6: saves that failed, kept until their address is saved in any form
    # (failed_saves.py): one row per url_key, never with a password in the url.
    [
        """
        CREATE TABLE failed_saves (
            url_key TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            kind TEXT NOT NULL,
            message TEXT NOT NULL,
            failed_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1)
        )
        """,
    ],
    # 7: highlights and notes (highlights.py), and search over them: the index gets a
    # sixth column, notes, holding every highlight's quote and note and the article's
    # own note, so a word only in a note finds the article. Highlight ids are never
    # reused (AUTOINCREMENT): Undo puts a deleted one back under its own id.
    [
        f"""
        CREATE TABLE highlights (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            quote TEXT NOT NULL CHECK (quote <> ''),
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            text_start INTEGER,
            text_end INTEGER,
            anchoring TEXT NOT NULL CHECK (anchoring IN ({_HIGHLIGHT_METHODS})),
            color TEXT NOT NULL CHECK (color IN ('yellow', 'green', 'blue', 'red')),
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            origin TEXT,
            selectors TEXT,
            CHECK ((text_start IS NULL) = (text_end IS NULL)),
            CHECK ((text_start IS NULL) = (anchoring = 'lost')),
            CHECK (text_start IS NULL OR (text_start >= 0 AND text_end > text_start))
        )
        """,
        "CREATE INDEX highlights_article ON highlights (article_id, text_start)",
        "CREATE INDEX highlights_created ON highlights (created_at, id)",
        """
        CREATE TABLE article_notes (
            article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            note TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "DROP TRIGGER article_texts_indexed",
        "DROP TRIGGER article_texts_unindex",
        "DROP TRIGGER article_texts_reindex",
        "DROP TRIGGER articles_unindex",
        "DROP TRIGGER articles_reindex",
        "DROP TRIGGER articles_deleted",
        "DROP TABLE articles_fts",
        "DROP VIEW article_search",
        # Quotes and notes in the order they were made (group_concat keeps the order of
        # the rows it is given), so that what is removed from the index is exactly what
        # was added.
        """
        CREATE VIEW article_search (id, title, author, site, text, notes) AS
        SELECT a.id, a.title, a.author, trim(coalesce(a.site, '') || ' ' || coalesce(a.host, '')),
               t.text,
               coalesce((SELECT group_concat(line, char(10)) FROM (
                   SELECT h.quote || char(10) || h.note AS line FROM highlights h
                   WHERE h.article_id = a.id ORDER BY h.id)), '')
               || char(10) || coalesce((SELECT n.note FROM article_notes n
                                        WHERE n.article_id = a.id), '')
        FROM articles a JOIN article_texts t ON t.article_id = a.id
        """,
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5 (
            title, author, site, text, notes,
            content = 'article_search', content_rowid = 'id',
            tokenize = 'unicode61 remove_diacritics 0'
        )
        """,
        *_index_triggers(),
        search_index.rebuild,
    ],
    # 8: imports (issue 15). An article may be a link only, with no text yet: its row
    # (title, tags, dates, state as the import file gave them) lists and is found by its
    # title, and fetch_state says why its text is empty ('queued': to be fetched;
    # 'failed': fetching failed, fetch_error says why in one line). NULL: the article
    # has its content; Library.save of real content sets it back to NULL.
    # import_jobs and import_items hold an import job's progress, so that it resumes
    # after quitting, a crash or kill -9 where it stopped (import_job.py): the file's
    # records are written in order, and read_count commits with each batch.
    [
        "ALTER TABLE articles ADD COLUMN fetch_state TEXT "
        "CHECK (fetch_state IN ('queued', 'failed'))",
        "ALTER TABLE articles ADD COLUMN fetch_error TEXT",
        "CREATE INDEX articles_link_only ON articles (fetch_state) WHERE fetch_state IS NOT NULL",
        """
        CREATE TABLE import_jobs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source TEXT NOT NULL,
            format TEXT NOT NULL,
            fetch INTEGER NOT NULL CHECK (fetch IN (0, 1)),
            tags TEXT NOT NULL DEFAULT '[]',
            state TEXT NOT NULL CHECK (state IN
                ('reading', 'fetching', 'paused', 'cancelled', 'done', 'failed')),
            read_count INTEGER NOT NULL DEFAULT 0 CHECK (read_count >= 0),
            message TEXT,
            report TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE import_items (
            job_id INTEGER NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            place TEXT NOT NULL,
            url TEXT,
            title TEXT,
            article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('waiting', 'with_content', 'fetched',
                'link_only', 'merged', 'skipped', 'problem')),
            reason TEXT,
            content TEXT,
            images TEXT,
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            not_before REAL,
            http_status INTEGER,
            PRIMARY KEY (job_id, seq)
        )
        """,
        "CREATE INDEX import_items_waiting ON import_items (job_id, seq) WHERE outcome = 'waiting'",
        "CREATE INDEX import_items_article ON import_items (article_id)",
    ],
    # 9: Chinese, Japanese and Korean words inside a sentence are found. The view the
    # index reads gives every column through search_text() (terms.index_text, which
    # each connection defines: db.py), turning runs of CJK letters into overlapping
    # pairs; the index and its dictionary are rebuilt with them. Self-contained: the
    # view is made afresh as migration 7 made it, plus search_text().
    [
        "DROP VIEW article_search",
        """
        CREATE VIEW article_search (id, title, author, site, text, notes) AS
        SELECT a.id, search_text(a.title), search_text(a.author),
               search_text(trim(coalesce(a.site, '') || ' ' || coalesce(a.host, ''))),
               search_text(t.text),
               search_text(coalesce((SELECT group_concat(line, char(10)) FROM (
                   SELECT h.quote || char(10) || h.note AS line FROM highlights h
                   WHERE h.article_id = a.id ORDER BY h.id)), '')
               || char(10) || coalesce((SELECT n.note FROM article_notes n
                                        WHERE n.article_id = a.id), ''))
        FROM articles a JOIN article_texts t ON t.article_id = a.id
        """,
        search_index.rebuild,
    ],
    # 10: what the reader kept is searched, each part its own field: image captions and
    # alt text (captions), the article's tags (tags), beside the notes column of 7. The
    # view, index and triggers are made afresh (a trigger names the index's columns)
    # and the index and dictionary rebuilt. An image's caption and alt text count once
    # when they say the same; only images with either are read.
    [
        *(f"DROP TRIGGER {name}" for name in _trigger_names(_index_triggers())),
        "DROP TABLE articles_fts",
        "DROP VIEW article_search",
        """
        CREATE VIEW article_search (id, title, author, site, text, notes, captions, tags) AS
        SELECT a.id, search_text(a.title), search_text(a.author),
               search_text(trim(coalesce(a.site, '') || ' ' || coalesce(a.host, ''))),
               search_text(t.text),
               search_text(coalesce((SELECT group_concat(line, char(10)) FROM (
                   SELECT h.quote || char(10) || h.note AS line FROM highlights h
                   WHERE h.article_id = a.id ORDER BY h.id)), '')
               || char(10) || coalesce((SELECT n.note FROM article_notes n
                                        WHERE n.article_id = a.id), '')),
               search_text(coalesce((SELECT group_concat(line, char(10)) FROM (
                   SELECT CASE WHEN i.alt = '' OR i.alt = i.caption THEN i.caption
                               WHEN i.caption = '' THEN i.alt
                               ELSE i.caption || char(10) || i.alt END AS line
                   FROM images i
                   WHERE i.article_id = a.id AND (i.alt <> '' OR i.caption <> '')
                   ORDER BY i.position)), '')),
               search_text(coalesce((SELECT group_concat(name, char(10)) FROM (
                   SELECT g.name FROM article_tags at JOIN tags g ON g.id = at.tag_id
                   WHERE at.article_id = a.id ORDER BY g.id)), ''))
        FROM articles a JOIN article_texts t ON t.article_id = a.id
        """,
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5 (
            title, author, site, text, notes, captions, tags,
            content = 'article_search', content_rowid = 'id',
            tokenize = 'unicode61 remove_diacritics 0'
        )
        """,
        *_index_triggers(_INDEXED_10),
        *_field_triggers(),
        search_index.rebuild,
    ],
    # 11: "did you mean" (suggest.py): every dictionary word's loose key, the word
    # without its marks and with ø, æ, ß spelled in ASCII (terms.loose_key), indexed,
    # so that the words a mistyped or unaccented search word may have meant are found
    # by a few index lookups. The index holds the primary key too: (loose, language,
    # term) answers those lookups alone.
    [
        "ALTER TABLE search_terms ADD COLUMN loose TEXT NOT NULL DEFAULT ''",
        search_index.fill_loose_keys,
        "CREATE INDEX search_terms_loose ON search_terms (loose)",
    ],
    # 12: saved searches, named views of a query (library/saved_searches.py). A name is
    # unique whatever its case: NOCASE folds ASCII letters here, and the library compares
    # names by str.casefold() inside the write transaction for the others (Æ and æ).
    [
        """
        CREATE TABLE saved_searches (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),
            query TEXT NOT NULL CHECK (trim(query) <> ''),
            position INTEGER NOT NULL,
            created_at TEXT NOT NULL
        )
        """,
    ],
    # 13: a search word also finds the compounds that end in it (compounds.py). Each
    # word of a language whose compounds are split gets its match key written
    # backwards (``tail``), so that the words whose key ends in a search word's key
    # are one range of an index rather than a scan of the dictionary; the words of
    # other languages have none and are not in that index.
    [
        "ALTER TABLE search_terms ADD COLUMN tail TEXT",
        search_index.fill_tails,
        "CREATE INDEX search_terms_tail ON search_terms (language, tail) WHERE tail IS NOT NULL",
    ],
    # 14: the dictionary's generation: search_index.rebuild counts it up, so that each
    # process forgets which words it knew to be stored (known_words.py).
    [
        "CREATE TABLE search_terms_generation (generation INTEGER NOT NULL)",
        "INSERT INTO search_terms_generation (generation) VALUES (0)",
    ],
]
