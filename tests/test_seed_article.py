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
from tests.conftest import (
    SEED_HEADING,
    SEED_LAYOUT_NOTES,
    SEED_PAGE,
    SEED_TEASERS,
    seed_paragraphs,
)
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
    assert len(paragraphs) == 23
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


CAPTIONS = {
    "lead.jpg": "SÅR: Keaton Jones (11) forteller om mobbingen i videoen moren la ut. "
    "Foto: Kimberly Jones / Facebook",
    "bieber.jpg": "STØTTER: Justin Bieber. Foto: AP",
    "bloom.jpg": "RASENDE: Orlando Bloom. Foto: Reuters",
}


def test_images_are_local_files_with_captions_and_furniture_images_are_not_stored(
    saved_seed, server
):
    library_dir, article = saved_seed
    by_name = {image["url"].rsplit("/", 1)[1]: image for image in article["images"]}
    # In reading order: the lead photo from the article's header first.
    assert [image["url"].rsplit("/", 1)[1] for image in article["images"]] == [
        "lead.jpg",
        "bieber.jpg",
        "bloom.jpg",
    ]
    assert by_name["lead.jpg"]["lead"] is True
    assert {name: image["caption"] for name, image in by_name.items()} == CAPTIONS
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
    figures = re.findall(
        r'<figure><img src="([^"]*)"[^>]*><figcaption>([^<]*)</figcaption></figure>',
        stored.content_html,
    )
    assert [caption for _, caption in figures] == list(CAPTIONS.values())
    assert all(src.startswith("images/") for src, _ in figures)
    assert all((library_dir / src).is_file() for src, _ in figures)
    assert len(re.findall(r"<img\b", stored.content_html)) == 3
    # Captions go with their pictures, not into the article's prose.
    assert CAPTIONS["bieber.jpg"] not in article["text"]


def test_instagram_embed_is_a_quote_with_its_link(saved_seed):
    library_dir, article = saved_seed
    with Library(library_dir) as library:
        html = library.get(article["id"]).content_html
    assert '<blockquote class="embed">' in html
    assert 'href="https://www.instagram.com/p/Bcg7kQ2Aa1x/"' in html
    assert "Et innlegg delt av Justin Bieber (@justinbieber)" in article["text"]


@pytest.mark.parametrize(
    "query", ["mobbet", "Bieber", "kjendisene", "KEATON tennessee", "sønderknust"]
)
def test_search_finds_it_by_a_word_of_its_text(saved_seed, capsys, query):
    library_dir, article = saved_seed
    # What is marked is the word or one of its inflections (mobbet: also mobbing), or a
    # compound ending in one (Bieber: the hashtag #justinbieber of the embedded posts).
    keys = {match_key(w.lower(), "nb") for w in query.split()}
    assert main(["--library", str(library_dir), "search", query, "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [hit["id"] for hit in hits] == [article["id"]]
    hit = hits[0]
    assert hit["highlights"]
    for start, end in hit["highlights"]:
        marked = hit["snippet"][start:end].lower()
        assert any(match_key(marked[i:], "nb") in keys for i in range(len(marked) - 2)), marked


@pytest.mark.parametrize("query", ["Tromsø", "får", "mobbet Tromsø"])
def test_search_does_not_find_what_is_not_there(saved_seed, capsys, query):
    library_dir, _ = saved_seed
    assert main(["--library", str(library_dir), "search", query, "--json"]) == 1
    assert json.loads(capsys.readouterr().out) == []


def test_teasers_and_layout_notes_are_removed(saved_seed):
    library_dir, article = saved_seed
    with Library(library_dir) as library:
        html = library.get(article["id"]).content_html
    for teaser in (*SEED_TEASERS, *SEED_LAYOUT_NOTES):
        assert teaser not in article["text"], teaser
        assert teaser not in html, teaser
    assert "annen-sak" not in html
    # The same words inside a real paragraph stay.
    assert "skriver hun i en lang melding (artikkelen fortsetter under bildet):" in article["text"]


def test_flags_and_dates(saved_seed):
    _, article = saved_seed
    assert article["partial"] is False
    assert article["paywall"] is False and article["paywall_reason"] is None
    # Modified the same day it was published: no separate "updated" date.
    assert article["updated"] is None
