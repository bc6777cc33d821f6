"""Did you mean (issue 16, item 4): a search that finds nothing or very little offers
the closest words of the library's vocabulary, with ø/o, å/a, æ/ae, ü/u, ö/o, ß/ss as
near letters, in the library, in `search` (plain and --json) and in the window. The
search itself always runs as typed.

A relevance set: each case is a query, the query offered (or None), over a small
library whose words are chosen so that exactly one answer is right.
"""

from __future__ import annotations

import json

import pytest

from newsreader.cli import main
from newsreader.library import suggest
from newsreader.library.db import Database
from newsreader.library.library import ArticleContent, Library
from newsreader.library.schema import MIGRATIONS
from newsreader.library.suggest import Correction, distance
from tests.search_articles import plain_article

# (language, title, text, how many articles like it)
ARTICLES: tuple[tuple[str, str, str, int], ...] = (
    ("nb", "Nordlys over Tromsø", "Vi får se nordlys over Tromsø i kveld.", 12),
    ("nb", "Stavanger", "En sak om Tromso, skrevet uten ø.", 1),  # a misspelling in a text
    ("nb", "Bærum kommune", "Bærum bygger ny skole.", 2),
    ("nb", "Åpen dag", "Skolen holder åpen dag for nye elever.", 2),
    ("nb", "Lillehammer", "Snø på Lillehammer.", 2),
    ("nb", "Skrivefeil", "Turen gikk til Lilehammer.", 1),
    ("de", "Die Straße in München", "Eine Straße in München wird gesperrt.", 2),
    ("nb", "Zürich", "Banken i Zürich.", 2),
    ("nb", "Øl", "Nytt øl fra bryggeriet.", 2),
    ("en", "The government", "The government met the parliament today.", 2),
    ("en", "Football", "The football match ended in a draw.", 2),
    ("en", "A mark", "He left a mark on the game.", 3),
    ("en", "In March", "It happened in March.", 1),
    ("nb", "Bilen", "Bilen sto parkert.", 1),  # a word of its own, one edit from bis
    ("de", "Bis morgen", "Wir warten bis morgen.", 12),
)


def _content(n: int, language: str, title: str, text: str) -> ArticleContent:
    return plain_article(n, language, title, text)


def fill(library: Library) -> None:
    n = 0
    for language, title, text, copies in ARTICLES:
        for _ in range(copies):
            n += 1
            library.save(_content(n, language, title, text))


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Library:
    """The relevance set, saved once for the module's read-only cases."""
    library = Library(tmp_path_factory.mktemp("suggest") / "library")
    fill(library)
    yield library
    library.close()


def offered(library: Library, query: str) -> str | None:
    found = library.suggest(query)
    return None if found is None else found.query


CASES = (
    # missing ø, å, æ
    ("tromso", "tromsø"),
    ("Tromso", "Tromsø"),  # as typed: a capital stays one
    ("baerum", "bærum"),
    ("apen dag", "åpen dag"),
    ("ol", "øl"),  # two letters: no whole edit allowed, a near letter is
    # an umlaut typed plain or as German spells it without one (in Norwegian: Snowball's
    # German stemmer folds umlauts, ue and ß itself, so munchen, muenchen and strasse
    # find München and Straße already)
    ("zurich", "zürich"),
    ("Zuerich", "Zürich"),
    ("munchen", None),
    ("muenchen", None),
    ("strasse", None),
    # typos of one and two letters
    ("goverment", "government"),
    ("gane", "game"),
    ("parlaiment", "parliament"),  # two letters swapped
    ("parlimant", "parliament"),  # two edits in a long word
    ("warliament", "parliament"),  # one edit, in the first letter
    # the rest of the query kept as typed: filters, fields, phrases, exclusions, OR
    ("tromso lang:nb", "tromsø lang:nb"),
    ("title:tromso", "title:tromsø"),
    ('"nordlys over tromso"', '"nordlys over tromsø"'),
    ("nordlys -footbal tromso", "nordlys -footbal tromsø"),
    ("tromso OR baerum", "tromsø OR bærum"),
    # equally close words: the one in more articles (mark: 3, march: 1)
    ("marc", "mark"),
    # nothing to offer: the search finds enough, nonsense, no word that finds more
    ("tromsø", None),
    ("nordlys", None),
    ("xqzvwk", None),
    ("qqqqqqqqqq", None),
    ("lilehammer", None),  # finds 1; Lillehammer only 2, not much more
    ("bil", None),  # finds 1: a word of the library, not a typo of bis (12)
    ("bilem", "bilen"),  # finds none: the closest word, however rare
    ("tromso*", None),  # a prefix is never corrected
    ("lang:nb", None),  # filters only
    ("-tromso", None),  # an exclusion is never corrected
    ("tromsø lang:en", None),  # the words find plenty; the filter leaves nothing
    ("tromso lang:en", None),  # tromsø lang:en would find no more than this does
)


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_did_you_mean(shared, query, expected):
    assert offered(shared, query) == expected


def test_a_word_that_finds_very_little_is_corrected(shared):
    # "tromso" is in one article (misspelt there); Tromsø is in twelve.
    assert [hit.article.title for hit in shared.search("tromso")] == ["Stavanger"]
    found = shared.suggest("tromso")
    assert found is not None and found.query == "tromsø"
    assert found.corrections == (Correction("tromso", "tromsø"),)
    assert found.found == 12


def test_the_search_itself_runs_as_typed(shared):
    before = [hit.article.id for hit in shared.search("goverment")]
    assert before == []
    assert offered(shared, "goverment") == "government"
    assert [hit.article.id for hit in shared.search("goverment")] == before
    assert shared.search_ids("zurich") == []


def test_the_caller_s_count_is_used(shared):
    # The window and the CLI know how many the search found: enough means no offer.
    assert shared.suggest("tromso", found=suggest.FEW) is None
    assert shared.suggest("goverment", found=0).query == "government"


def test_near_letters_cost_less_than_other_letters():
    assert distance("tromso", "tromsø") < distance("tromsa", "tromsø") == 1
    assert distance("baerum", "bærum") < 1 and distance("strasse", "straße") < 1
    assert distance("muenchen", "münchen") < 1 and distance("aapen", "åpen") < 1
    assert distance("tromsö", "tromsø") < 1  # both typed as o
    assert distance("nordlsy", "nordlys") == 1  # a swap is one edit


def test_a_library_of_schema_10_gets_the_loose_keys(tmp_path):
    old = Database(tmp_path / "library.sqlite3", MIGRATIONS[:10])
    for n in (1, 2):
        old.execute(
            """INSERT INTO articles (id, url, final_url, title, language, word_count,
                                     reading_minutes, saved_at, updated_at)
               VALUES (?, ?, ?, 'Nordlys', 'nb', 4, 1, '2026-04-08T10:00', '2026-04-08T10:00')""",
            (n, f"https://example.no/{n}", f"https://example.no/{n}"),
        )
        old.execute(
            "INSERT INTO article_texts (article_id, content_html, text) VALUES (?, '', ?)",
            (n, "Nordlys over Tromsø."),
        )
    old.executemany(
        "INSERT INTO search_terms (language, term, key) VALUES ('nb', ?, ?)",
        [("nordlys", "nordlys"), ("over", "over"), ("tromsø", "tromsø")],
    )
    old.close()
    with Library(tmp_path) as library:
        assert library.db.version == len(MIGRATIONS)
        assert offered(library, "tromso") == "tromsø"
        assert library.check().clean


def test_a_reindexed_library_keeps_its_loose_keys(tmp_path):
    with Library(tmp_path) as library:
        fill(library)
        library.reindex()
        assert offered(library, "tromso") == "tromsø"
        assert offered(library, "goverment") == "government"


def test_two_edit_typos_are_found_when_the_first_two_letters_are_shared_by_many(
    library, monkeypatch
):
    # Five words of 7-11 letters start with "pa"; when more than SCAN do, the words
    # sharing the first three letters are read instead, and parliament is among them.
    words = "painters pancakes paramount parliament passages pavements"
    for n, word in enumerate(words.split() * 2):
        library.save(_content(n, "en", word.title(), f"The {word} of the year."))
    monkeypatch.setattr(suggest, "SCAN", 3)
    assert offered(library, "parlimant") == "parliament"


# --- the command line --------------------------------------------------------------------------
def _run(capsys, library: Library, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(library.paths.root), "search", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_says_what_was_probably_meant(shared, capsys):
    code, out, err = _run(capsys, shared, "tromso", "lang:nb")
    assert code == 0  # one hit: found, so 0 as before
    assert "Stavanger" in out
    assert err.splitlines() == ["newsreader: did you mean: tromsø lang:nb"]
    code, out, err = _run(capsys, shared, "goverment")
    assert code == 1 and out == ""
    assert err.splitlines() == ["newsreader: no matches; did you mean: government"]
    code, out, err = _run(capsys, shared, "nordlys")
    assert code == 0 and err == ""
    # One hit shown of the 13 the search finds: it found enough, whatever --limit shows.
    code, out, err = _run(capsys, shared, "tromso OR nordlys", "--limit", "1")
    assert code == 0 and len(out.splitlines()) == 2 and err == ""


def test_search_json_stays_a_list_and_gives_the_offer_when_asked(shared, capsys):
    code, out, err = _run(capsys, shared, "goverment", "--json")
    assert code == 1 and json.loads(out) == []  # the shape scripts read, unchanged
    assert err.splitlines() == ["newsreader: did you mean: government"]
    code, out, err = _run(capsys, shared, "goverment", "--json", "--did-you-mean")
    assert code == 1 and err == ""
    assert json.loads(out) == {
        "hits": [],
        "did_you_mean": {
            "query": "government",
            "corrections": [{"typed": "goverment", "suggested": "government"}],
            "found": 2,
        },
    }
    code, out, _ = _run(capsys, shared, "nordlys", "--json", "--did-you-mean")
    data = json.loads(out)
    assert code == 0 and data["did_you_mean"] is None and len(data["hits"]) == 12


# --- the window --------------------------------------------------------------------------------
from PySide6.QtCore import QPoint, Qt  # noqa: E402

from tests.test_window import harness  # noqa: E402, F401  (a fixture)


def _click_link(qtbot, label, before: str, link: str) -> None:
    """Click the middle of ``link``, which follows ``before`` on the label's one line."""
    metrics = label.fontMetrics()
    left = label.contentsRect().left() + label.margin()
    x = left + metrics.horizontalAdvance(before) + metrics.horizontalAdvance(link) // 2
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(x, label.height() // 2))


def test_the_window_offers_the_word_and_a_click_searches_for_it(harness):  # noqa: F811
    library = harness.library
    for n, (title, text) in enumerate(
        [("Nordlys over Tromsø", "Nordlys i Tromsø.")] * 3 + [("Fotball", "Fotball i regn.")]
    ):
        library.save(_content(n + 1, "nb", title, text))
    window = harness.window
    window.model.reload()
    offer = window.articles.suggestion_label
    assert offer.isHidden()

    harness.search("Tromso lang:nb")
    assert harness.row_titles() == []  # the search ran as typed
    assert not offer.isHidden()
    assert offer.text() == 'Did you mean <a href="search">Tromsø lang:nb</a>?'
    _click_link(harness.qtbot, offer, "Did you mean ", "Tromsø lang:nb")
    assert window.search.text() == "Tromsø lang:nb"
    harness.wait_searched()
    assert harness.row_titles() == ["Nordlys over Tromsø"] * 3
    assert offer.isHidden()

    harness.search("xqzvwk")  # nothing to offer
    assert harness.row_titles() == [] and offer.isHidden()
    harness.search("fotbal")  # finds nothing, and the offer comes with the new result
    assert not offer.isHidden() and "fotball" in offer.text()
    # The link takes the keyboard too: Tab to it, Enter.
    offer.setFocus()
    harness.qtbot.keyClick(offer, Qt.Key.Key_Tab)
    harness.qtbot.keyClick(offer, Qt.Key.Key_Return)
    assert window.search.text() == "fotball"
    harness.wait_searched()
    assert harness.row_titles() == ["Fotball"] and offer.isHidden()
    harness.search("fotbal")
    window.articles.clear_search()  # the view again: no offer
    assert offer.isHidden()
