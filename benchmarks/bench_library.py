"""A large benchmark library built from the real pages of ../shared/corpus, shared by
window_100k.py and search_100k.py.

Every corpus page is decoded and extracted once with the app's own extractor (two worker
processes; trafilatura is not thread-safe). The extracted articles are then saved through
``Library.save`` in shuffled cycles until there are N of them (default 100,000, cached in
/tmp/newsreader-bench-100k; smaller sizes get their own folder):

- Cycle 0 is every extracted page as it is, under the page's own URL: ids 1..pages of a
  fresh library are the originals.
- Every later cycle saves varied copies. A copy drops a random 15-25% of the article's
  top-level blocks (paragraphs, headings, lists, figures: the blocks the app's
  ``html_to_text`` makes paragraphs of), and in three copies of ten swaps two adjacent
  blocks; its ``content_html`` is the kept blocks and its ``text`` their paragraphs, so
  both agree as in a real save. The few pages whose blocks do not split cleanly (their
  paragraphs straddle top-level elements) are copied whole. The title gets " #c" (the
  cycle); the URL is the page's own with ``bench_copy=c`` added to its query, so hosts
  (site: filters) are real. Language, author and site stay the page's.
- saved_at is spread evenly over seven years (2019-2025) in save order; a copy of a page
  that gave a publication date is published 0-30 days before it was saved, so before: and
  after: select real shares of the library.
- Fixed shares are archived, read, favourites or tagged (see ``TAGS`` and ``_mark``).
- Images: as a save whose image downloads all failed: placeholders in the text, rows kept
  (only those of the blocks a copy kept).

Everything is deterministic: the cycle orders and each copy's changes come from RNGs
seeded by the cycle and the article number, so an interrupted build resumes exactly and
a rebuild gives the same library. A marker file in the folder records what was built;
a marker of another ``LIBRARY_VERSION`` (or size) means the folder is built afresh, and
a cached library built by other code of the extractor or of terms.py is reported.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

DEFAULT_ARTICLES = 100_000
# 2: varied copies under the pages' own hosts, schema 2 (texts in their own table).
LIBRARY_VERSION = 2
MARKER = "bench-library.json"  # in the library folder: what was built, and whether it finished
FIRST_SAVED = datetime(2019, 1, 1, tzinfo=UTC)
SAVED_SPAN = timedelta(days=7 * 365)
TAGS = (("longread", 7), ("politics", 11), ("science", 13), ("to-cite", 97))
DROP_SHARE = (0.15, 0.25)  # a copy drops this share of its article's blocks (uniform)
SWAP_SHARE = 0.3  # share of copies that also swap two adjacent blocks
PUBLISHED_BEFORE_SAVED_DAYS = 30
_WORD = re.compile(r"[^\W\d_]{3,}")
# The code whose changes make a cached library differ from a fresh build: the extractor
# (the texts) and the match keys of the word dictionary (terms.py).
FINGERPRINTED = ("newsreader/capture/extract.py", "newsreader/library/terms.py")


def default_library(articles: int) -> Path:
    """One cached library per size, so a quick run never overwrites the big one."""
    name = "100k" if articles == DEFAULT_ARTICLES else str(articles)
    return Path(tempfile.gettempdir()) / f"newsreader-bench-{name}"


def code_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in FINGERPRINTED:
        digest.update((HERE.parent / name).read_bytes())
    return digest.hexdigest()[:16]


# --- the corpus, extracted ------------------------------------------------------------------
def _extract_page(pool, page) -> tuple[object, object] | None:
    from newsreader.capture.charset import decode_html
    from newsreader.capture.extract import extract_article

    try:
        html, _encoding = decode_html(page.file.read_bytes())
        return page, pool.run(extract_article, html, page.key, None, timeout=60)
    except Exception:  # a page without article text, or one that crashes trafilatura
        return None


def extract_corpus(corpus: Path) -> list[tuple[object, object]]:
    """(page, ExtractedArticle) for every corpus page that extracts, in corpus order."""
    from corpus import load_corpus

    from newsreader.capture.workers import WorkerPool

    pages = load_corpus(corpus)
    with (
        WorkerPool(size=2, preload=("newsreader.capture.extract",)) as pool,
        ThreadPoolExecutor(2) as threads,
    ):
        results = list(threads.map(lambda page: _extract_page(pool, page), pages))
    extracted = [r for r in results if r is not None and r[1].text.strip()]
    print(f"extracted {len(extracted)} of {len(pages)} corpus pages", flush=True)
    return extracted


def pick_words(texts: list[str]) -> tuple[str, str]:
    """A word in the most source pages, and a long word in exactly one."""
    frequency: Counter[str] = Counter()
    for text in texts:
        frequency.update({w.lower() for w in _WORD.findall(text)})
    common = max(frequency, key=lambda w: (frequency[w], w))
    rare = sorted(w for w, n in frequency.items() if n == 1 and len(w) >= 9)[0]
    return common, rare


# --- one source article, cut into blocks once -----------------------------------------------
@dataclass(frozen=True)
class Block:
    html: str  # images already replaced by their placeholders
    text: str  # its paragraphs as html_to_text gives them ('' for an image-only block)
    images: frozenset[str]  # URLs of the images in it


@dataclass(frozen=True)
class Source:
    """An extracted page, ready to be saved as itself or as a varied copy."""

    url: str  # the page's own address (https)
    article: object  # ExtractedArticle
    blocks: tuple[Block, ...]  # one whole block when the article does not split cleanly
    images: tuple[object, ...]  # ImageRef, in the article's order
    html: str  # the whole article, images replaced (what cycle 0 stores)


def _page_url(page, index: int) -> str:
    """The page's address as saved: its key if that is a web address."""
    key = page.key.strip().replace(" ", "%20")
    parts = urlsplit(key)
    if parts.scheme in ("http", "https") and parts.hostname:
        return key
    return f"https://corpus-{index}.invalid/{page.annotation['file']}"


def _top_level_parts(html: str) -> list[str]:
    """The article's top-level elements as HTML, as rewrite_images serialises them."""
    import lxml.html

    if not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    parts = [escape(root.text)] if root.text and root.text.strip() else []
    parts += [lxml.html.tostring(child, encoding="unicode") for child in root]
    return parts


def make_source(page, article, index: int) -> Source:
    from newsreader.capture.extract import html_to_text
    from newsreader.capture.images import find_images, rewrite_images

    refs = find_images(article.html, article.lead_image_url)
    failed = {ref.url: None for ref in refs}
    whole = rewrite_images(article.html, failed)
    parts = _top_level_parts(article.html)
    blocks = tuple(
        Block(
            html=rewrite_images(part, failed),
            text=html_to_text(part),
            images=frozenset(ref.url for ref in find_images(part)),
        )
        for part in parts
    )
    # Only split what splits cleanly: the blocks must give back the article's own
    # text and HTML. Otherwise (paragraphs straddling elements) the copy is whole.
    splits = (
        "\n\n".join(b.text for b in blocks if b.text) == article.text
        and "\n".join(b.html for b in blocks) == whole
        and sum(1 for b in blocks if b.text) > 1
    )
    if not splits:
        blocks = (Block(whole, article.text, frozenset(ref.url for ref in refs)),)
    return Source(_page_url(page, index), article, blocks, tuple(refs), whole)


def _copy_url(url: str, cycle: int) -> str:
    if cycle == 0:
        return url
    parts = urlsplit(url)
    query = f"{parts.query}&bench_copy={cycle}" if parts.query else f"bench_copy={cycle}"
    return urlunsplit(parts._replace(query=query, fragment=""))


def _varied_blocks(source: Source, rng: random.Random) -> list[Block]:
    blocks = list(source.blocks)
    if len(blocks) < 2:
        return blocks
    share = rng.uniform(*DROP_SHARE)
    kept = [b for b in blocks if rng.random() >= share]
    if not any(b.text for b in kept):  # never an empty article
        kept = [rng.choice([b for b in blocks if b.text])]
    if len(kept) > 2 and rng.random() < SWAP_SHARE:
        i = rng.randrange(len(kept) - 1)
        kept[i], kept[i + 1] = kept[i + 1], kept[i]
    return kept


def article_content(source: Source, n: int, cycle: int, saved: datetime):
    """The n-th article of the library: the source itself (cycle 0) or a varied copy."""
    from newsreader.capture.text import count_words, reading_minutes
    from newsreader.capture.urls import url_key
    from newsreader.library.library import ArticleContent, ImageFile

    article = source.article
    url = _copy_url(source.url, cycle)
    if cycle == 0:
        html, text, published = source.html, article.text, article.published
        refs = source.images
        title = article.title
    else:
        rng = random.Random(n)
        kept = _varied_blocks(source, rng)
        html = "\n".join(b.html for b in kept)
        text = "\n\n".join(b.text for b in kept if b.text)
        shown = set().union(*(b.images for b in kept))
        refs = tuple(r for r in source.images if r.url in shown or r.is_lead)
        published = None
        if article.published:
            days = rng.randint(0, PUBLISHED_BEFORE_SAVED_DAYS)
            published = (saved - timedelta(days=days)).date().isoformat()
        title = f"{article.title} #{cycle}"
    images = tuple(
        ImageFile(i, ref.url, None, None, alt=ref.alt, is_lead=ref.is_lead, error="benchmark")
        for i, ref in enumerate(refs)
    )
    words = count_words(text)
    return ArticleContent(
        url=url,
        final_url=url,
        title=title,
        content_html=html,
        text=text,
        word_count=words,
        reading_minutes=reading_minutes(text),
        url_keys=(url_key(url),),
        author=article.author,
        site=article.site,
        description=article.description,
        language=article.language,
        published=published,
        lead_image_url=article.lead_image_url,
        images=images,
    )


def make_sources(extracted: list[tuple[object, object]]) -> list[Source]:
    """Sources with URLs that no two pages share (after url_key normalisation)."""
    from newsreader.capture.urls import url_key

    sources, seen = [], set()
    for index, (page, article) in enumerate(extracted):
        source = make_source(page, article, index)
        if url_key(source.url) in seen:  # two corpus keys for one address: keep both
            parts = urlsplit(source.url)
            query = f"{parts.query}&bench_page={index}" if parts.query else f"bench_page={index}"
            source = replace(source, url=urlunsplit(parts._replace(query=query)))
        seen.add(url_key(source.url))
        sources.append(source)
    return sources


# --- saving ---------------------------------------------------------------------------------
def _mark(library, article_id: int, n: int) -> None:
    """Fixed shares: 70% archived (and read), 10% read but unread-state, 5% favourite."""
    if n % 10 < 7:
        library.set_state(article_id, "archived")
    if n % 10 < 8:
        library.mark_read(article_id)
    if n % 20 == 0:
        library.set_favorite(article_id, True)


def _save_all(library, sources: list[Source], total: int, start: int) -> None:
    import newsreader.library.library as library_module

    stamp = [""]
    # Library.save stamps saved_at with utc_now(); a library built in minutes would have
    # every article saved in the same few minutes, so the benchmark supplies the clock.
    library_module.utc_now = lambda: stamp[0]
    step = SAVED_SPAN / total
    began = time.perf_counter()
    orders: dict[int, list[int]] = {}
    for n in range(start, total):
        cycle, position = divmod(n, len(sources))
        if cycle not in orders:
            orders[cycle] = random.Random(cycle).sample(range(len(sources)), len(sources))
        saved = FIRST_SAVED + step * n
        stamp[0] = saved.isoformat(timespec="seconds")
        tags = [name for name, every in TAGS if n % every == 0]
        content = article_content(sources[orders[cycle][position]], n, cycle, saved)
        outcome = library.save(content, tags=tags)
        if not outcome.created:
            raise RuntimeError(f"article {n} ({content.url}) updated another instead of adding")
        _mark(library, outcome.article_id, n)
        if (n + 1) % 5000 == 0 or n + 1 == total:
            rate = (n + 1 - start) / (time.perf_counter() - began)
            print(f"  saved {n + 1:,}/{total:,} ({rate:.0f}/s)", flush=True)


def read_marker(folder: Path) -> dict | None:
    try:
        return json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_marker(folder: Path, info: dict) -> None:
    (folder / MARKER).write_text(json.dumps(info, indent=1), encoding="utf-8")


def _prepare_folder(folder: Path, articles: int, rebuild: bool) -> dict | None:
    """The marker of a reusable or resumable build, or None after clearing the folder."""
    marker = read_marker(folder)
    if folder.exists() and any(folder.iterdir()) and marker is None:
        sys.exit(f"{folder} holds something other than a benchmark library; not touching it")
    if marker is not None and (
        rebuild or marker["articles"] != articles or marker.get("version") != LIBRARY_VERSION
    ):
        print(f"removing the benchmark library in {folder} (rebuilding it)", flush=True)
        shutil.rmtree(folder)
        return None
    return marker


def ensure_library(folder: Path, articles: int, corpus: Path, rebuild: bool) -> dict:
    """Build the library unless a complete one of this size is there; its marker.

    The marker holds: articles, pages (extracted corpus pages, = the originals, ids
    1..pages), common and rare (words for quick searches), build_seconds. What this
    returns has ``built_now`` as well when the library was (re)built by this call."""
    from newsreader.library.library import Library

    marker = _prepare_folder(folder, articles, rebuild)
    if marker is not None and marker.get("complete"):
        if marker.get("code") != code_fingerprint():
            print(
                f"warning: {folder} was built by other code of {' or '.join(FINGERPRINTED)}; "
                "its texts or dictionary keys may differ from a fresh build (--rebuild)",
                flush=True,
            )
        return marker
    began = time.perf_counter()
    extracted = extract_corpus(corpus)
    sources = make_sources(extracted)
    common, rare = pick_words([article.text for _, article in extracted])
    split = sum(1 for s in sources if len(s.blocks) > 1)
    info = {
        "version": LIBRARY_VERSION,
        "articles": articles,
        "pages": len(sources),
        "pages_split": split,
        "common": common,
        "rare": rare,
        "code": code_fingerprint(),
    }
    folder.mkdir(parents=True, exist_ok=True)
    # A resumed build adds its time to the interrupted one's.
    earlier = (marker or {}).get("build_seconds", 0.0)
    _write_marker(folder, {**info, "complete": False, "build_seconds": earlier})
    print(f"{split} of {len(sources)} pages split into blocks for varied copies", flush=True)
    with Library(folder) as library:
        start = library.count("all")
        print(f"saving articles {start:,}..{articles:,} into {folder}", flush=True)
        try:
            _save_all(library, sources, articles, start)
        finally:
            spent = earlier + time.perf_counter() - began
            _write_marker(folder, {**info, "complete": False, "build_seconds": round(spent, 1)})
    info.update(complete=True, build_seconds=round(spent, 1), resumed=start > 0)
    _write_marker(folder, info)
    return {**info, "built_now": True}
