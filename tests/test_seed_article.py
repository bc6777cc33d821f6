"""The seed article end to end: a VG page saved through the CLI, then read and searched."""

from __future__ import annotations

import contextlib
import io
import json
import re

import pytest

from newsreader.cli import main
from newsreader.library.library import Library
from newsreader.library.terms import match_key
from tests.conftest import SEED_HEADING, SEED_PAGE, SEED_TEASERS, seed_paragraphs
from tests.server import FixtureServer

FURNITURE = (
    "Godta alle",  # cookie banner
    "informasjonskapsler",
    "Podkast",  # navigation
    "ANNONSE",  # ad
    "Mest lest",  # related-articles box
    "Trond Ellefsen",  # comments
    "Husk våre",
    "Ansvarlig redaktør",  # footer
    "Verdens Gang AS",
)


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def seed_server():
    server = FixtureServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def saved_seed(seed_server, tmp_path_factory):
    """The seed page saved once with `newsreader add`; (library dir, article json).

    Tests below only read it, so they share one save.
    """
    library_dir = tmp_path_factory.mktemp("seed") / "lib"
    code, out, err = _run(
        "--library", str(library_dir), "add", seed_server.url(SEED_PAGE), "--tag", "mobbing"
    )
    assert code == 0, err
    assert err == ""
    article_id, title = out.strip().split("\t")
    assert title == "Kjendiser støtter mobbeofferet Keaton Jones"
    code, out, err = _run("--library", str(library_dir), "show", article_id, "--format", "json")
    assert code == 0, err
    return library_dir, json.loads(out)


@pytest.fixture
def server(seed_server):
    return seed_server


def test_every_paragraph_and_the_subheading_survive(saved_seed):
    _, article = saved_seed
    text = article["text"]
    paragraphs = seed_paragraphs()
    assert len(paragraphs) == 24
    for paragraph in paragraphs:
        assert paragraph in text, f"lost paragraph: {paragraph[:60]}"
    # In order, too.
    positions = [text.index(p) for p in paragraphs]
    assert positions == sorted(positions)
    assert SEED_HEADING in text


def test_page_furniture_is_dropped(saved_seed):
    _, article = saved_seed
    for furniture in FURNITURE:
        assert furniture not in article["text"], furniture


def test_metadata(saved_seed):
    _, article = saved_seed
    assert article["language"] == "nb"
    assert article["site"] == "VG"
    assert article["author"] == "Ingrid Aarre Hansen"
    assert article["published"] == "2017-12-11"
    assert article["tags"] == ["mobbing"]
    assert article["state"] == "unread"
    assert article["favorite"] is False
    assert article["word_count"] > 500
    assert article["reading_minutes"] >= 2
    assert "æ" in article["text"] and "ø" in article["text"] and "å" in article["text"]


def test_images_are_local_files_and_furniture_images_are_not_stored(saved_seed, server):
    library_dir, article = saved_seed
    by_name = {image["url"].rsplit("/", 1)[1]: image for image in article["images"]}
    assert set(by_name) == {"lead.jpg", "bieber.jpg", "bloom.jpg"}
    assert by_name["lead.jpg"]["lead"] is True
    for name, image in by_name.items():
        path = library_dir.resolve() / image["file"].split(str(library_dir.resolve()) + "/", 1)[1]
        assert path.is_file(), name
        assert path.read_bytes() == (server.root / "vg" / "img" / name).read_bytes()
    assert (by_name["bieber.jpg"]["width"], by_name["bieber.jpg"]["height"]) == (640, 427)
    assert by_name["bieber.jpg"]["alt"] == "Justin Bieber"
    # The logo, the ad and the tracking pixel were never even requested.
    for furniture in ("logo.png", "ad-banner.jpg", "pixel.gif"):
        assert not server.requested(f"/vg/img/{furniture}"), furniture
    # Images were fetched with the article as Referer.
    assert all(
        r.headers.get("Referer") == server.url(SEED_PAGE) for r in server.requested("/vg/img/")
    )


def test_stored_article_html_never_points_at_the_network(saved_seed):
    library_dir, article = saved_seed
    with Library(library_dir) as library:
        stored = library.get(article["id"])
    assert "<h2>Trøst fra kjendiser</h2>" in stored.content_html
    sources = re.findall(r'<img[^>]*?\ssrc="([^"]*)"', stored.content_html)
    assert len(sources) == 2
    assert all(src.startswith("images/") for src in sources)
    assert (library_dir / sources[0]).is_file()


@pytest.mark.parametrize(
    "query", ["mobbet", "Bieber", "kjendisene", "KEATON tennessee", "sønderknust"]
)
def test_search_finds_it_by_a_word_of_its_text(saved_seed, capsys, query):
    library_dir, article = saved_seed
    # What is marked is the word or one of its inflections (mobbet: also mobbing).
    keys = {match_key(w.lower(), "nb") for w in query.split()}
    assert main(["--library", str(library_dir), "search", query, "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [hit["id"] for hit in hits] == [article["id"]]
    hit = hits[0]
    assert hit["highlights"]
    for start, end in hit["highlights"]:
        assert match_key(hit["snippet"][start:end].lower(), "nb") in keys


@pytest.mark.parametrize("query", ["Tromsø", "får", "mobbet Tromsø"])
def test_search_does_not_find_what_is_not_there(saved_seed, capsys, query):
    library_dir, _ = saved_seed
    assert main(["--library", str(library_dir), "search", query, "--json"]) == 1
    assert json.loads(capsys.readouterr().out) == []


def test_teasers_stay_links_until_the_teaser_rules_land(saved_seed):
    # Teaser removal is issue 5; until then the teasers are at least not mistaken
    # for article paragraphs in the stored HTML: they remain links.
    library_dir, article = saved_seed
    with Library(library_dir) as library:
        html = library.get(article["id"]).content_html
    kept = [t for t in SEED_TEASERS if t in html]
    assert kept
    for teaser in kept:
        assert f">{teaser}</a>" in html
