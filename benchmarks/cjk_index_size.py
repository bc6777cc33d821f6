"""What indexing CJK runs as pairs of letters costs in index size, per article.

    .venv/bin/python benchmarks/cjk_index_size.py [SHARED]   # default ../shared

Saves each article on its own into a fresh library twice: once with the schema before
the pairs (migration 7: a run between punctuation is one token) and once with the
current one, merges the index into one segment (FTS5 'optimize'), and reports the
index's bytes (FTS5's shadow tables plus the word dictionary ``search_terms`` and its
index, SQLite's dbstat payload) against the UTF-8 bytes of the article's text.

The Chinese articles are the field cases' pages (../shared/field-cases: the tea-farmers
article and the GBK library notice), alone and together as one longer article; a
Norwegian article (the seed article, ../shared/seed) is the reference.
A library of one article stores every word it has once: in a large library most pairs
are shared with other articles, so these figures are an upper bound.
"""

from __future__ import annotations

import random
import re
import sys
import tempfile
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from index_size import stored_index_bytes

from newsreader.library.db import Database
from newsreader.library.library import ArticleContent, Library
from newsreader.library.schema import MIGRATIONS

PAGES = {
    "tea farmers (zh)": "field-cases/cjk-search-substring/pages/news/spring-tea.html",
    "library notice (zh)": "field-cases/charset-gb2312-gbk/pages/news/2026/library.html",
}
LIBRARY = 2000  # articles in the larger libraries


def paragraphs(path: Path) -> tuple[str, str]:
    """(title, text) of a page: its h1 and the paragraphs of its article."""
    data = path.read_bytes()
    try:
        markup = data.decode("utf-8")
    except UnicodeDecodeError:
        markup = data.decode("gbk")  # the GBK case's page (it says gb2312)
    tree = lxml.html.fromstring(markup)
    title = tree.findtext(".//h1") or path.stem
    body = tree.find(".//article")
    body = tree.body if body is None else body  # the GBK page has no <article>
    text = "\n\n".join(p.text_content().strip() for p in body.iter("p"))
    return title.strip(), text


Article = tuple[str, str, str]  # title, text, language


def index_bytes(articles: list[Article], migrations: list) -> int:
    """Bytes of the index of a fresh library holding ``articles``, merged."""
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "library.sqlite3", migrations)
        try:
            if len(migrations) == len(MIGRATIONS):
                _save(Path(folder), articles)
            else:
                _save_unpaired(db, articles)
            return stored_index_bytes(db)
        finally:
            db.close()


def _save(folder: Path, articles: list[Article]) -> None:
    with Library(folder) as library:
        for n, (title, text, language) in enumerate(articles):
            url = f"https://example.org/{n}"
            library.save(
                ArticleContent(
                    url=url,
                    final_url=url,
                    title=title,
                    content_html="<p>x</p>",
                    text=text,
                    word_count=len(text),
                    reading_minutes=1,
                    url_keys=(url,),
                    language=language,
                )
            )


def _save_unpaired(db: Database, articles: list[Article]) -> None:
    # The schema before the pairs (7): rows as the library wrote them, and the
    # dictionary as it was then (one token per run; keys as long as the words).
    words: set[str] = set()
    for n, (title, text, language) in enumerate(articles, 1):
        db.execute(
            "INSERT INTO articles (id, url, final_url, title, language, word_count, "
            "reading_minutes, saved_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, 1, "
            "'2026-01-01', '2026-01-01')",
            (n, f"https://example.org/{n}", f"https://example.org/{n}", title, language),
        )
        db.execute(
            "INSERT INTO article_texts (article_id, content_html, text) VALUES (?, '<p>x</p>', ?)",
            (n, text),
        )
        words.update(w.lower() for w in re.findall(r"[^\W_]+", f"{title} {text}"))
    db.executemany(
        "INSERT INTO search_terms (language, term, key) VALUES ('', ?, ?)",
        [(w, w) for w in words],
    )


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.findall(r"[^。！？!?.\n]+[。！？!?.]", text) if s.strip()]


def drawn(pool: list[str], language: str, count: int, seed: int) -> list[Article]:
    """``count`` articles of 25 sentences drawn from ``pool`` (seeded), in paragraphs of 5."""
    rng = random.Random(seed)
    made = []
    for n in range(count):
        picked = rng.choices(pool, k=25)
        text = "\n\n".join("".join(picked[i : i + 5]) for i in range(0, 25, 5))
        made.append((f"{picked[0][:12]} {n}", text, language))
    return made


def report(name: str, articles: list[Article]) -> None:
    size = sum(len(text.encode("utf-8")) for _, text, _ in articles)
    before = index_bytes(articles, MIGRATIONS[:7])
    after = index_bytes(articles, MIGRATIONS)
    print(f"{name:34} {size:10,} {before:10,} {after:10,} {before / size:8.0%} {after / size:8.0%}")


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    chinese = [(*paragraphs(shared / path), "zh") for path in PAGES.values()]
    text = (shared / "seed" / "vg-keaton-jones.txt").read_text(encoding="utf-8")
    norwegian = (text.splitlines()[0], text, "nb")
    print(
        f"{'library':34} {'text B':>10} {'before B':>10} {'pairs B':>10} {'before':>8} {'pairs':>8}"
    )
    for article, name in zip(chinese, PAGES, strict=True):
        report(f"one article: {name}", [article])
    report("one article: seed article (nb)", [norwegian])
    pool = [s for _, text, _ in chinese for s in sentences(text)]
    report(f"{LIBRARY} zh articles ({len(pool)} sentences)", drawn(pool, "zh", LIBRARY, 1))
    pool = sentences(norwegian[1])
    report(f"{LIBRARY} nb articles ({len(pool)} sentences)", drawn(pool, "nb", LIBRARY, 1))


if __name__ == "__main__":
    main()
