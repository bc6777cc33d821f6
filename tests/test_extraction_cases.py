"""Each extraction case page (tests/fixtures/site/cases) saved through the whole pipeline.

``cases.json`` says, for every page, what an ideal extraction keeps and drops; its
README describes the pages. Each page is saved once, from the test server, into a
real library; the tests below compare the stored article with the manifest.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsreader.capture.fetch import Fetcher, FetchLimits
from newsreader.library.library import Library
from newsreader.library.models import Article
from newsreader.saver import Saver
from tests.server import FIXTURES, FixtureServer, generated_png

CASES = json.loads((FIXTURES / "cases" / "cases.json").read_text(encoding="utf-8"))
_GENERATED = re.compile(r"^/gen/(?P<name>[\w-]+)_(?P<width>\d+)x(?P<height>\d+)\.(png|jpg)$")


@pytest.fixture(scope="module")
def saved(tmp_path_factory, worker_pool):
    """Every case page saved once: (server, library, {case: Article})."""
    server = FixtureServer().start()
    library = Library(tmp_path_factory.mktemp("cases") / "library")
    fetcher = Fetcher(FetchLimits(connect_timeout=2, read_timeout=5, total_timeout=10))
    try:
        with Saver(library, pool=worker_pool, fetcher=fetcher) as saver:
            names = list(CASES)
            results = saver.save_many(server.url(CASES[name]["page"]) for name in names)
        failed = {name: r.error.message for name, r in zip(names, results, strict=True) if r.error}
        assert not failed
        articles = {
            name: library.get(result.article_id)
            for name, result in zip(names, results, strict=True)
        }
        yield server, library, articles
    finally:
        fetcher.close()
        library.close()
        server.stop()


def _matches(pattern: str, html: str) -> bool:
    if pattern.startswith("re:"):
        return re.search(pattern[3:], html, re.DOTALL) is not None
    return pattern in html


def _expected_bytes(server: FixtureServer, spec: dict) -> bytes | None:
    if "generated" in spec:
        g = spec["generated"]
        return generated_png(g["name"], g["width"], g["height"])
    match = _GENERATED.match(spec.get("url", ""))
    if match:
        return generated_png(match["name"], int(match["width"]), int(match["height"]))
    return None


@pytest.mark.parametrize("case", list(CASES))
def test_text_keeps_the_article_and_drops_the_furniture(saved, case):
    article: Article = saved[2][case]
    spec = CASES[case]
    text = " ".join(article.text.split())
    missing = [s for s in spec["keep_text"] if " ".join(s.split()) not in text]
    leaked = [s for s in spec["drop_text"] if " ".join(s.split()) in text]
    assert (missing, leaked) == ([], [])
    assert article.language == spec["language"]


@pytest.mark.parametrize("case", list(CASES))
def test_images_are_the_articles_own_stored_locally_with_captions(saved, case):
    server, _, articles = saved
    article: Article = articles[case]
    spec = CASES[case]
    images = [image for image in article.images if image.name]
    # Every image in the manifest, in reading order, each with its caption.
    assert len(images) == len(spec["images"]), [i.url for i in article.images]
    for image, expected in zip(images, spec["images"], strict=True):
        if "url" in expected:
            assert image.url == server.url(expected["url"])
        assert image.caption == expected["caption"]
        assert image.file is not None and image.file.is_file()
        data = image.file.read_bytes()
        wanted = _expected_bytes(server, expected)
        if wanted is not None:
            assert data == wanted
        for forbidden in expected.get("svg_not_contains", ()):
            assert image.mime == "image/svg+xml"
            assert forbidden not in data.decode("utf-8")
        # The article shows the local copy, never the address it came from.
        assert f'src="{image.name}"' in article.content_html
    assert not [i for i in article.images if not i.name], "an image failed to download"
    for path in spec.get("images_dropped", ()):
        assert server.url(path) not in {i.url for i in article.images}


@pytest.mark.parametrize("case", list(CASES))
def test_placeholders_rejected_candidates_and_furniture_are_never_requested(saved, case):
    server = saved[0]
    requested = [path for path in CASES[case]["never_requested"] if server.requested(path)]
    assert requested == []


@pytest.mark.parametrize("case", list(CASES))
def test_stored_html_structure_and_links(saved, case):
    server, _, articles = saved
    html = articles[case].content_html
    spec = CASES[case]
    assert [p for p in spec["html_contains"] if not _matches(p, html)] == []
    assert [p for p in spec["html_not_contains"] if _matches(p, html)] == []
    hrefs = set(re.findall(r'href="([^"]*)"', html))
    wanted = [server.url(link) if link.startswith("/") else link for link in spec["links"]]
    assert [link for link in wanted if link not in hrefs] == []
    # Images point at library files only: nothing in a saved article reaches out.
    sources = re.findall(r'\ssrc="([^"]*)"', html)
    assert [src for src in sources if src.startswith(("http", "data:"))] == []


@pytest.mark.parametrize("case", list(CASES))
def test_partial_and_paywall_flags(saved, case):
    article: Article = saved[2][case]
    flags = CASES[case]["flags"]
    if flags.get("partial") is not None:
        assert article.partial is flags["partial"]
    if flags.get("paywall") is not None:
        assert (article.paywall is not None) is flags["paywall"], article.paywall


def test_metadata_falls_back_to_the_pages_own_declarations(saved):
    article: Article = saved[2]["metadata"]
    expected = CASES["metadata"]["metadata"]
    assert article.title == expected["title"]
    assert article.author == ", ".join(expected["authors"])
    assert article.published == expected["published"]
    assert article.updated == expected["updated"]
    assert article.site == expected["site"]
    assert article.description == expected["description"]
    assert article.language == expected["language"]
    assert article.reading_minutes == max(1, round(article.word_count / 220))


def test_cases_readme_describes_every_page():
    readme = (FIXTURES / "cases" / "README.md").read_text(encoding="utf-8")
    for spec in CASES.values():
        assert Path(spec["page"]).name in readme


def test_reader_and_list_tell_the_person_when_a_copy_may_be_incomplete(saved):
    from newsreader.ui.list_delegate import details_line
    from newsreader.ui.reader_html import Layout, article_html

    articles = saved[2]
    paywalled, weak, free = articles["paywall-jsonld"], articles["weak"], articles["free-long"]
    html = article_html(paywalled, Layout(600), lambda _: None)
    assert '<p class="notice">This copy may stop at a paywall: ' in html
    assert "isAccessibleForFree: false" in html
    assert "paywall?" in details_line(paywalled)
    assert "may miss or include a few parts" in article_html(weak, Layout(600), lambda _: None)
    assert "partial" in details_line(weak)
    assert 'class="notice"' not in article_html(free, Layout(600), lambda _: None)
    assert "paywall?" not in details_line(free) and "partial" not in details_line(free)
