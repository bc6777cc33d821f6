"""What indexing captions, alt text and tags (schema 10) costs in index size.

    .venv/bin/python benchmarks/fields_index_size.py [CORPUS]   # default ../shared/corpus

Extracts every page of the evaluation corpus (real saved pages; see its README) and the
seed article's fixture page (tests/fixtures/site/vg) with newsreader's own extraction,
in this process, and stores them in two fresh libraries: one at schema 9 (title,
author, site, text and notes indexed) and one at schema 10 (captions and alt text, and
tags, too). Each article gets two or three tags from a small list, as a reader's would
be. Both indexes are rebuilt (search_index.rebuild: index and dictionary) and merged
into one segment (FTS5 'optimize'); the report gives their bytes (FTS5's shadow tables
plus the word dictionary ``search_terms`` and its index, SQLite's dbstat payload), the
UTF-8 bytes of the texts, captions and alt text, and the ratio of the two indexes.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import DEFAULT_CORPUS, load_corpus
from index_size import stored_index_bytes

from newsreader.capture.charset import decode_html
from newsreader.capture.extract import extract_article
from newsreader.capture.images import find_images
from newsreader.library import search_index
from newsreader.library.db import Database
from newsreader.library.schema import MIGRATIONS

TAGS = ("nyheter", "les senere", "politikk", "klima", "teknologi", "research", "to read")
SEED_PAGE = ROOT / "tests" / "fixtures" / "site" / "vg" / "keaton-jones.html"


def extracted(corpus: Path) -> list[tuple[str, str, str | None, list[tuple[str, str]]]]:
    """(title, text, language, [(alt, caption)]) of every page that extracts."""
    pages = [("https://www.vg.no/nyheter/keaton-jones", SEED_PAGE.read_bytes())]
    pages += [(page.url, page.file.read_bytes()) for page in load_corpus(corpus)]
    found = []
    for url, data in pages:
        html, _ = decode_html(data)
        try:
            article = extract_article(html, url)
        except Exception as exc:  # a page extraction refuses is not stored either
            print(f"skipped {url}: {exc}", file=sys.stderr)
            continue
        images = [(ref.alt, ref.caption) for ref in find_images(article.html)]
        found.append((article.title, article.text, article.language, images))
    return found


def index_bytes(articles: list, migrations: list) -> int:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "library.sqlite3", migrations)
        try:
            db.execute("BEGIN")
            for n, (title, text, language, images) in enumerate(articles, 1):
                db.execute(
                    "INSERT INTO articles (id, url, final_url, title, language, word_count, "
                    "reading_minutes, saved_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, 1, "
                    "'2026-01-01', '2026-01-01')",
                    (n, f"https://example.org/{n}", f"https://example.org/{n}", title, language),
                )
                db.executemany(
                    "INSERT INTO images (article_id, position, url, alt, caption) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [
                        (n, position, f"https://example.org/{n}/{position}.jpg", alt, caption)
                        for position, (alt, caption) in enumerate(images)
                    ],
                )
                for tag in {TAGS[n % len(TAGS)], TAGS[(n * 3) % len(TAGS)], TAGS[n % 2]}:
                    db.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (tag,))
                    db.execute(
                        "INSERT INTO article_tags (article_id, tag_id) "
                        "SELECT ?, id FROM tags WHERE name = ?",
                        (n, tag),
                    )
                db.execute(
                    "INSERT INTO article_texts (article_id, content_html, text) VALUES (?, '', ?)",
                    (n, text),
                )
            search_index.rebuild(db)
            db.execute("COMMIT")
            return stored_index_bytes(db)
        finally:
            db.close()


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    articles = extracted(corpus)
    text = sum(len(a[1].encode()) for a in articles)
    kept = sum(len(f"{alt} {caption}".encode()) for a in articles for alt, caption in a[3])
    images = sum(len(a[3]) for a in articles)
    with_text = sum(1 for a in articles for alt, caption in a[3] if alt or caption)
    before = index_bytes(articles, MIGRATIONS[:9])
    after = index_bytes(articles, MIGRATIONS)
    print(f"articles: {len(articles)}, images: {images} ({with_text} with alt text or caption)")
    print(f"text: {text:,} bytes; alt text and captions: {kept:,} bytes")
    print(f"index at schema 9:  {before:,} bytes ({before / text:.1%} of the text)")
    print(f"index at schema 10: {after:,} bytes ({after / text:.1%} of the text)")
    print(f"schema 10 / schema 9: {after / before:.3f}")


if __name__ == "__main__":
    main()
