"""The command line's saved searches: ``saved`` lists them with their counts,
``saved add|edit|rename|remove|move`` change them, ``search --saved NAME`` runs one."""

from __future__ import annotations

import json

import pytest

from newsreader.cli import main
from newsreader.library.library import Library
from tests.test_search_fields import article


@pytest.fixture
def lib(tmp_path):
    root = tmp_path / "lib"
    with Library(root) as library:
        for n, (title, text) in enumerate(
            [
                ("Mobbing i skolen", "Elevene fortalte om mobbing."),
                ("Mobbet på nett", "Hun ble mobbet i to år. Trump sa noe."),
                ("Stormen herjet", "Etter stormen kom regnet."),
            ],
            1,
        ):
            library.save(article(n, title=title, text=text))
    return root


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_and_run_a_saved_search(lib, capsys):
    code, out, err = run(
        capsys, "saved", "--library", str(lib), "add", "Uten Trump", "mobbing", "-trump"
    )
    assert code == 0, err
    assert out == "saved 'Uten Trump': mobbing -trump (1 now)\n"
    run(capsys, "--library", str(lib), "saved", "add", "Storm", "stormen")
    code, out, _ = run(capsys, "--library", str(lib), "saved")
    assert out.splitlines() == ["Uten Trump       1  mobbing -trump", "Storm            1  stormen"]
    code, out, _ = run(capsys, "--library", str(lib), "saved", "--json")
    listed = json.loads(out)
    assert [(s["name"], s["query"], s["count"]) for s in listed] == [
        ("Uten Trump", "mobbing -trump", 1),
        ("Storm", "stormen", 1),
    ]
    # Run it: the search's own output, whatever the name's case.
    code, out, _ = run(capsys, "--library", str(lib), "search", "--saved", "uten trump", "--json")
    assert code == 0 and [h["title"] for h in json.loads(out)] == ["Mobbing i skolen"]


def test_words_given_with_saved_narrow_it(lib, capsys):
    run(capsys, "--library", str(lib), "saved", "add", "Mobbing", "mobbing")
    _, out, _ = run(capsys, "--library", str(lib), "search", "--saved", "Mobbing", "--json")
    assert sorted(h["title"] for h in json.loads(out)) == ["Mobbet på nett", "Mobbing i skolen"]
    _code, out, _ = run(
        capsys, "--library", str(lib), "search", "--saved", "Mobbing", "-trump", "--json"
    )
    assert [h["title"] for h in json.loads(out)] == ["Mobbing i skolen"]


def test_edit_rename_move_remove(lib, capsys):
    for name, query in (("A", "mobbing"), ("B", "stormen"), ("C", "regnet")):
        run(capsys, "--library", str(lib), "saved", "add", name, query)
    _, out, _ = run(capsys, "--library", str(lib), "saved", "edit", "a", "mobbing", "OR", "stormen")
    assert out == "'A' now searches: mobbing OR stormen (3 now)\n"
    _, out, _ = run(capsys, "--library", str(lib), "saved", "rename", "b", "Været")
    assert out == "renamed 'B' to 'Været'\n"
    _, out, _ = run(capsys, "--library", str(lib), "saved", "move", "C", "1")
    assert out.split() == ["1", "C", "2", "A", "3", "Været"]
    _code, out, _ = run(capsys, "--library", str(lib), "saved", "remove", "VÆRET")
    assert out == "removed 'Været' (no article was changed)\n"
    with Library(lib) as library:
        assert [(s.name, s.query) for s in library.saved_searches.all()] == [
            ("C", "regnet"),
            ("A", "mobbing OR stormen"),
        ]
        assert len(library.ids()) == 3


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("saved", "add", "", "mobbing"), "newsreader: a saved search needs a name\n"),
        (
            ("saved", "add", "Ny"),
            "newsreader: a saved search needs a query: words or filters to search for\n",
        ),
        (
            ("saved", "add", "mobbing", "x"),
            "newsreader: there is a saved search named 'Mobbing' already\n",
        ),
        (
            ("saved", "remove", "ingen"),
            "newsreader: no saved search named 'ingen' (there are 'Mobbing')\n",
        ),
        (
            ("saved", "rename", "ingen", "x"),
            "newsreader: no saved search named 'ingen' (there are 'Mobbing')\n",
        ),
        (
            ("search", "--saved", "ingen"),
            "newsreader: no saved search named 'ingen' (there are 'Mobbing')\n",
        ),
        (
            ("saved", "edit", "Mobbing", '"'),
            "newsreader: a saved search needs a query: words or filters to search for\n",
        ),
    ],
)
def test_every_refusal_is_one_line_and_changes_nothing(lib, capsys, argv, message):
    run(capsys, "--library", str(lib), "saved", "add", "Mobbing", "mobbing")
    code, out, err = run(capsys, "--library", str(lib), *argv)
    assert (code, out, err) == (1, "", message)
    with Library(lib) as library:
        assert [(s.name, s.query) for s in library.saved_searches.all()] == [("Mobbing", "mobbing")]


def test_no_saved_searches_says_how_to_add_one(lib, capsys):
    code, out, err = run(capsys, "--library", str(lib), "saved")
    assert (code, out) == (0, "")
    assert "newsreader saved add NAME QUERY" in err
