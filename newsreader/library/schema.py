"""The library's schema, as an append-only list of migrations.

Migration N brings a database from ``user_version`` N-1 to N. Never edit a released
migration: add a new one.
"""

from __future__ import annotations

MIGRATIONS: list[list[str]] = [
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
]
