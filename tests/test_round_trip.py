"""The round trip of issue 15: a library exported to newsreader's JSON (with its files)
and imported into an empty library gives the same articles, fields, tags, states,
progress, highlights, notes and byte-identical images. Both halves are the real
commands (`export`, `import`), over real libraries in temp folders.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from newsreader.capture.urls import url_key
from newsreader.cli import main
from newsreader.library import files
from newsreader.library.library import Library
from tests.conftest import SEED_PAGE, seed_paragraphs
from tests.export_helpers import JPEG, content, fill, image

# What an article must keep through the round trip: every field a person set or the
# page gave (ids, and the times of this library's own bookkeeping, are the new library's).
KEPT = (
    "url", "title", "site", "author", "published", "language", "saved_at", "state",
    "favorite", "read_at", "tags", "progress", "description", "direction", "final_url",
    "canonical_url", "lead_image_url", "updated",
)  # fmt: skip
MOVED_FINAL = "https://example.no/ny-adresse/4"
WALLABAG_RANGE = {
    "type": "RangeSelector",
    "startSelector": {"type": "XPathSelector", "value": "/p[3]"},
    "endSelector": {"type": "XPathSelector", "value": "/p[3]"},
}
HIGHLIGHT_KEPT = ("quote", "note", "color", "created_at", "updated_at", "prefix", "suffix")


def _by_url(library: Library) -> dict:
    return {a.url: a for a in (library.get(i) for i in library.ids())}


def _image_bytes(library: Library, article) -> list[bytes | None]:
    return [image.file.read_bytes() if image.file else None for image in article.images]


@pytest.fixture
def exported(library: Library, saver, server, tmp_path: Path) -> tuple[Path, Path]:
    """The test's library: the VG seed page saved through the real pipeline (images,
    captions, its text as the pipeline makes it) with highlights and a note, and the
    awkward articles of export_helpers (made-up texts, Hebrew, shared images)."""
    saved = saver.save(server.url(SEED_PAGE), tags=["mobbing", "Ålesund"])
    assert saved.ok, saved.error
    seed = saved.article_id
    library.notebook.add_quote(seed, "Keaton Jones", note="Gutten i videoen", color="blue")
    library.notebook.add_quote(seed, seed_paragraphs()[1][:60])
    # One brought by an import, with the service's own selectors.
    library.notebook.add_quote(
        seed, seed_paragraphs()[2][:40], origin="wallabag", selectors=[WALLABAG_RANGE]
    )
    library.set_progress(seed, 0.25)
    fill(library)
    # Found elsewhere after its redirects, with a canonical address of its own.
    moved = content(4, "Flyttet", "Teksten om flyttingen. Den er kort.")
    library.save(
        replace(
            moved,
            final_url=MOVED_FINAL,
            canonical_url="https://example.no/kanonisk/4",
            url_keys=(*moved.url_keys, url_key(MOVED_FINAL)),
            canonical_key=url_key("https://example.no/kanonisk/4"),
            updated="2024-03-05",
        )
    )
    archive = tmp_path / "alt.zip"
    assert main(["--library", str(library.paths.root), "export", "--format", "json", "--all",
                 "--output", str(archive)]) == 0  # fmt: skip
    return library.paths.root, archive


def test_a_library_exported_and_imported_into_an_empty_one_is_the_same(exported, tmp_path, capsys):
    source_dir, archive = exported
    target_dir = tmp_path / "target"
    assert main(["--library", str(target_dir), "import", str(archive)]) == 0
    out, err = capsys.readouterr()
    assert "3" in out + err
    with Library(target_dir) as target:
        source = Library(source_dir)
        before, after = _by_url(source), _by_url(target)
        assert set(after) == set(before)
        for url, old in before.items():
            new = after[url]
            for name in KEPT:
                assert getattr(new, name) == getattr(old, name), (url, name)
            assert new.fetch_state is None  # readable at once, offline
            if url.endswith(SEED_PAGE):
                # The pipeline's own text comes back as it was (export_helpers' texts are
                # made up beside their HTML, so only the seed's can be compared).
                assert new.text == old.text
            if url.endswith(SEED_PAGE):
                # Images: the same files, byte for byte, under the addresses they were
                # saved from, with their captions and alt text. (export_helpers puts
                # figures inside sentences and a 12×8 image, which no save makes.)
                assert _image_bytes(target, new) == _image_bytes(source, old)
                assert [(i.url, i.alt, i.caption, i.is_lead) for i in new.images] == [
                    (i.url, i.alt, i.caption, i.is_lead) for i in old.images
                ]
                assert new.images
            assert target.notebook.article_note(new.id) == source.notebook.article_note(old.id)
            old_marks = source.notebook.of_article(old.id)
            new_marks = target.notebook.of_article(new.id)
            assert len(new_marks) == len(old_marks), url
            for was, now in zip(old_marks, new_marks, strict=True):
                for name in HIGHLIGHT_KEPT:
                    if name in ("prefix", "suffix") and not url.endswith(SEED_PAGE):
                        continue  # context from export_helpers' made-up texts
                    assert getattr(now, name) == getattr(was, name), (url, name)
                assert now.found == was.found, (url, was.quote)
                if was.found and url.endswith(SEED_PAGE):
                    assert (now.start, now.end) == (was.start, was.end)
        # A later save of the address it was found at finds it.
        moved = after["https://example.no/artikkel/4"].id
        assert target.find_by_url_keys([url_key(MOVED_FINAL)]) == moved
        assert target.check().clean
        # Every image file is the library's own name for its bytes (content-addressed).
        for article in after.values():
            for image in article.images:
                assert image.name == files.image_name(image.file.read_bytes(), image.mime)


def test_importing_the_same_export_twice_changes_nothing(exported, tmp_path, capsys):
    _, archive = exported
    target_dir = tmp_path / "target"
    assert main(["--library", str(target_dir), "import", str(archive)]) == 0
    with Library(target_dir) as target:
        first = {url: (a.id, a.tags, a.state) for url, a in _by_url(target).items()}
        marks = {a: len(target.notebook.of_article(a)) for a, *_ in first.values()}
    assert main(["--library", str(target_dir), "import", str(archive)]) == 0
    with Library(target_dir) as target:
        again = {url: (a.id, a.tags, a.state) for url, a in _by_url(target).items()}
        assert again == first
        assert {a: len(target.notebook.of_article(a)) for a in marks} == marks


def _highlights(library: Library) -> dict[str, list[tuple]]:
    """Each article's highlights: quote, origin, selectors kept beside the quote's own,
    and where and how they are placed."""
    return {
        url: [
            (h.quote, h.origin, h.other_selectors(), h.anchoring, h.start, h.end)
            for h in library.notebook.of_article(article.id)
        ]
        for url, article in _by_url(library).items()
    }


def _export(library_dir: Path, archive: Path) -> dict[str, list[list[dict]]]:
    assert main(["--library", str(library_dir), "export", "--format", "json", "--all",
                 "--output", str(archive)]) == 0  # fmt: skip
    with zipfile.ZipFile(archive) as opened:
        document = json.loads(opened.read("newsreader-export.json"))
    return {a["url"]: [h["selectors"] for h in a["highlights"]] for a in document["articles"]}


def test_highlights_keep_selectors_origin_and_anchoring_through_two_round_trips(exported, tmp_path):
    source_dir, archive = exported
    with Library(source_dir) as source:
        before = _highlights(source)
    first_selectors = _export(source_dir, tmp_path / "first.zip")
    once, twice = tmp_path / "once", tmp_path / "twice"
    assert main(["--library", str(once), "import", str(archive)]) == 0
    again = _export(once, tmp_path / "again.zip")
    # Not one more quote and position each time (the same where the text is the same).
    assert {url: [[x["type"] for x in h] for h in marks] for url, marks in again.items()} == {
        url: [[x["type"] for x in h] for h in marks] for url, marks in first_selectors.items()
    }
    seed_url = next(url for url in again if url.endswith(SEED_PAGE))
    assert again[seed_url] == first_selectors[seed_url]
    assert main(["--library", str(twice), "import", str(tmp_path / "again.zip")]) == 0
    for target in (once, twice):
        with Library(target) as library:
            after = _highlights(library)
        assert set(after) == set(before)
        for url, marks in before.items():
            if url.endswith(SEED_PAGE):
                assert after[url] == marks, url
            else:  # export_helpers' made-up texts: the place may differ
                assert [m[:3] for m in after[url]] == [m[:3] for m in marks], url
    seed = next(marks for url, marks in before.items() if url.endswith(SEED_PAGE))
    assert {m[1] for m in seed} == {None, "wallabag"} and {m[3] for m in seed} == {"made"}


def test_partial_paywall_a_failed_link_and_a_missing_image_come_through(library, tmp_path):
    jpeg = image(0, JPEG, "image/jpeg", "https://example.no/bilder/borte.jpg")
    cut = content(1, "Bak betalingsmuren", "Første avsnitt. Resten er bak muren.", images=(jpeg,))
    figure = (
        f'<figure><img src="{jpeg.name}" alt="{jpeg.alt}" data-original-src="{jpeg.url}">'
        f"<figcaption>{jpeg.caption}</figcaption></figure>"
    )  # as a save stores it: the figure between paragraphs
    cut = replace(cut, content_html=f"<p>Første avsnitt.</p>{figure}<p>Resten er bak muren.</p>")
    kept = library.save(replace(cut, partial=True, paywall="the text stops at a paywall"))
    (stored,) = library.get(kept.article_id).images
    stored.file.unlink()  # gone from the library's folder: exported without it
    links = tmp_path / "links.txt"
    links.write_text("https://example.no/borte\n")
    assert main(["--library", str(library.paths.root), "import", "--no-fetch", str(links)]) == 0
    gone = next(a.id for a in library.list("all") if a.url == "https://example.no/borte")
    library.set_fetch_failed(gone, "HTTP 410 Gone")
    archive, target_dir = tmp_path / "export.zip", tmp_path / "target"
    # Exit 1: the missing image is reported; the rest is exported.
    assert main(["--library", str(library.paths.root), "export", "--format", "json", "--all",
                 "--output", str(archive)]) == 1  # fmt: skip
    assert main(["--library", str(target_dir), "import", "--no-fetch", str(archive)]) == 0
    with Library(target_dir) as target:
        after = _by_url(target)
        paywalled = after["https://example.no/artikkel/1"]
        assert (paywalled.partial, paywalled.paywall) == (True, "the text stops at a paywall")
        assert paywalled.fetch_state is None
        (image_after,) = paywalled.images
        assert image_after.file is None  # not downloaded: fetching was off
        assert (image_after.url, image_after.alt, image_after.caption) == (
            stored.url, stored.alt, stored.caption,
        )  # fmt: skip
        link = after["https://example.no/borte"]
        assert (link.fetch_state, link.fetch_error) == ("failed", "HTTP 410 Gone")
