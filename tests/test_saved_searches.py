"""Saved searches (issue 16, item 6): a query kept under a name, listed as a view with
its count (schema 12). The core here, on a real library; the command line in
test_saved_searches_cli.py, the window in test_saved_searches_window.py."""

from __future__ import annotations

import sqlite3

import pytest

from newsreader.errors import SavedSearchInvalid, SavedSearchNotFound
from newsreader.library.db import Database
from newsreader.library.library import Library
from newsreader.library.saved_searches import (
    EMPTY_NAME,
    EMPTY_QUERY,
    NAME_MAX,
    REASONS,
    narrowed,
)
from newsreader.library.schema import MIGRATIONS
from tests.test_search_fields import article

TEXTS = {
    1: ("Mobbing i skolen", "Elevene fortalte om mobbing i skolegården."),
    2: ("Mobbet på nett", "Hun ble mobbet i to år, sa moren."),
    3: ("Stormen herjet", "Etter stormen kom regnet over Tromsø."),
    4: ("Skolestart i Tromsø", "Skolen åpnet dørene mandag."),
    5: ("Fiske i nord", "Båtene lå i havna hele uka."),
}


@pytest.fixture
def articles(library: Library) -> dict[int, int]:
    """Article number (TEXTS) -> id; 3 archived, 4 a favourite and tagged."""
    ids = {}
    for n, (title, text) in TEXTS.items():
        ids[n] = library.save(article(n, title=title, text=text)).article_id
    library.set_state(ids[3], "archived")
    library.set_favorite(ids[4], True)
    library.add_tags(ids[4], ["skole"])
    return ids


def test_a_saved_search_is_kept_with_its_name_query_and_order(library):
    saved = library.saved_searches
    first = saved.add("  Mobbing  ", "mobbing  OR mobbet")
    second = saved.add("Tromsø", "tromsø -stormen")
    assert (first.name, first.query, first.position) == ("Mobbing", "mobbing  OR mobbet", 0)
    assert second.position == 1
    assert first.created_at.endswith("+00:00")
    assert [s.name for s in saved.all()] == ["Mobbing", "Tromsø"]
    assert saved.get(second.id) == second
    assert saved.named("tromsØ") == second  # whatever its case


def test_the_count_is_the_number_of_articles_the_search_lists(library, articles):
    saved = library.saved_searches
    queries = [
        "mobbing",  # inflections: mobbing and mobbet
        "mobbing OR stormen",
        '"mobbet på nett"',
        "skole*",
        "tromsø -stormen",
        "is:unread",
        "is:favorite skole",
        "-mobbing",  # exclusion alone
        "tag:skole",
        "title:stormen",
        "lang:nb is:archived",
        "fiske OR båtene is:unread",
        "ingenting",
    ]
    for n, query in enumerate(queries):
        search = saved.add(f"s{n}", query)
        listed = library.search_ids(query)
        assert saved.count(search) == len(listed), query
    counts = {s.query: c for s, c in saved.with_counts()}
    assert counts["mobbing"] == 2 and counts["is:unread"] == 4 and counts["ingenting"] == 0
    assert counts["-mobbing"] == 3 and counts["tag:skole"] == 1


def test_the_count_follows_the_library(library, articles):
    search = library.saved_searches.add("Uleste om skole", "skole is:unread")
    assert library.saved_searches.count(search) == 2  # 1 (skolen) and 4 (Skolestart)
    library.set_state(articles[1], "archived")
    assert library.saved_searches.count(search) == 1
    library.delete([articles[4]])
    assert library.saved_searches.count(search) == 0


@pytest.mark.parametrize(
    ("name", "query", "message"),
    [
        ("", "mobbing", EMPTY_NAME),
        (" \t\n", "mobbing", EMPTY_NAME),
        ("Mobbing", "", EMPTY_QUERY),
        ("Mobbing", "   ", EMPTY_QUERY),
        ("Mobbing", '"', EMPTY_QUERY),  # reads as nothing: it would list nothing
        ("Mobbing", "- ( )", EMPTY_QUERY),
        ("x" * (NAME_MAX + 1), "mobbing", f"at most {NAME_MAX} characters"),
    ],
)
def test_an_empty_name_or_query_is_refused_in_one_line(library, name, query, message):
    with pytest.raises(SavedSearchInvalid) as raised:
        library.saved_searches.add(name, query)
    assert message in raised.value.message and "\n" not in raised.value.message
    assert raised.value.reason == ("empty_query" if name.strip() else "empty_name") or (
        raised.value.reason == "long_name" and len(name) > NAME_MAX
    )
    assert raised.value.reason in REASONS
    assert library.saved_searches.all() == []


def test_a_name_is_taken_whatever_its_case(library):
    saved = library.saved_searches
    saved.add("Tromsø", "tromsø")
    for taken in ("tromsø", "TROMSØ", " Tromsø "):
        with pytest.raises(SavedSearchInvalid, match="there is a saved search named 'Tromsø'") as e:
            saved.add(taken, "nord")
        assert e.value.reason == "name_taken"
    other = saved.add("Bodø", "bodø")
    with pytest.raises(SavedSearchInvalid, match="named 'Tromsø' already"):
        saved.rename(other.id, "TROMSØ")
    assert [s.name for s in saved.all()] == ["Tromsø", "Bodø"]


def test_a_name_with_a_line_break_becomes_one_line(library):
    search = library.saved_searches.add("Mobbing\ni\tskolen\x07", "mobbing")
    assert search.name == "Mobbing i skolen"


def test_rename_change_query_move_and_remove(library):
    saved = library.saved_searches
    a, b, c = (saved.add(name, name.lower()) for name in ("Alfa", "Beta", "Gamma"))
    assert saved.rename(a.id, "ALFA").name == "ALFA"  # its own name in another case
    assert saved.set_query(b.id, "beta OR delta").query == "beta OR delta"
    with pytest.raises(SavedSearchInvalid, match="needs a query"):
        saved.set_query(b.id, " ")
    assert saved.get(b.id).query == "beta OR delta"
    assert [s.name for s in saved.move(c.id, 0)] == ["Gamma", "ALFA", "Beta"]
    assert [s.position for s in saved.all()] == [0, 1, 2]
    assert [s.name for s in saved.move(c.id, 99)] == ["ALFA", "Beta", "Gamma"]
    saved.remove(b.id)
    assert [s.name for s in saved.all()] == ["ALFA", "Gamma"]
    for change in (
        lambda: saved.remove(b.id),
        lambda: saved.rename(b.id, "Ny"),
        lambda: saved.set_query(b.id, "ny"),
        lambda: saved.move(b.id, 0),
        lambda: saved.get(b.id),
    ):
        with pytest.raises(SavedSearchNotFound, match=f"no saved search with id {b.id}"):
            change()


def test_an_unknown_name_says_which_there_are(library):
    with pytest.raises(
        SavedSearchNotFound, match=r"no saved search named 'Mobbing' \(there are none\)"
    ):
        library.saved_searches.named("Mobbing")
    library.saved_searches.add("Tromsø", "tromsø")
    with pytest.raises(SavedSearchNotFound, match="there are 'Tromsø'"):
        library.saved_searches.named("Mobbing")


def test_merge_adds_the_names_not_taken_and_keeps_the_others(library):
    saved = library.saved_searches
    saved.add("Tromsø", "tromsø")
    added = saved.merge(
        [("TROMSØ", "annet"), ("Mobbing", "mobbing"), ("", "tom"), ("Tom", ""), ("mobbing", "x")]
    )
    assert added == 1
    assert [(s.name, s.query, s.position) for s in saved.all()] == [
        ("Tromsø", "tromsø", 0),
        ("Mobbing", "mobbing", 1),
    ]


def test_the_table_refuses_an_empty_name_and_a_second_name_in_another_case(library):
    """The schema's own guard, under the library's checks."""
    library.saved_searches.add("Mobbing", "mobbing")
    with library.db.transaction() as db:
        with pytest.raises(Exception) as raised:
            db.execute(
                "INSERT INTO saved_searches (name, query, position, created_at) "
                "VALUES ('MOBBING', 'x', 1, '2026-01-01')"
            )
        assert isinstance(raised.value.__cause__ or raised.value, sqlite3.IntegrityError)


def test_a_library_of_the_schema_before_gets_the_table(tmp_path):
    before = next(i for i, steps in enumerate(MIGRATIONS) if "saved_searches" in str(steps))
    old = Database(tmp_path / "library.sqlite3", MIGRATIONS[:before])
    assert old.version == before
    old.close()
    with Library(tmp_path) as library:
        assert library.db.version == len(MIGRATIONS) > before
        assert library.saved_searches.all() == []
        library.saved_searches.add("Mobbing", "mobbing")
        assert library.check().clean


def test_a_read_only_library_lists_them_and_refuses_changes(tmp_path):
    with Library(tmp_path) as library:
        library.saved_searches.add("Mobbing", "mobbing")
    with Library(tmp_path, read_only=True) as library:
        assert [s.name for s in library.saved_searches.all()] == ["Mobbing"]
        with pytest.raises(Exception, match="read"):
            library.saved_searches.add("Ny", "ny")


@pytest.mark.parametrize(
    ("query", "typed", "expected"),
    [
        ("mobbing", "", "mobbing"),
        ("mobbing", "  skole ", "mobbing skole"),
        ('"nordlys i', '-"sterkt nordlys"', '"nordlys i" -"sterkt nordlys"'),
        ('"a b" c', "d", '"a b" c d'),
    ],
)
def test_a_saved_query_narrowed_by_words_keeps_them_words_of_their_own(query, typed, expected):
    assert narrowed(query, typed) == expected
