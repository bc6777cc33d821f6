"""The command line's highlights and notes: highlights, highlight, unhighlight, note,
and what show, search and check say of them. A real library in tmp_path."""

from __future__ import annotations

import json
import sqlite3

import pytest

from newsreader import cli, cli_highlights, render_highlights
from newsreader.library import db, terms
from newsreader.library.library import Library
from tests.test_cli import lib, run  # noqa: F401  (lib is a fixture)
from tests.test_library import content

BEAR = (
    "Første avsnitt handler om blåbær i Tromsø.\n\n"
    "Bjørnen spiste 40 kilo blåbær på én uke i august, sa forskeren.\n\n"
    "Siste avsnitt: æøå og været på Svalbard var kaldt."
)
SCHOOL = "Rapporten viser at skolene i Finnmark trenger flere lærere neste år."


@pytest.fixture
def library_dir(lib):  # noqa: F811
    """Article 1 (the bear, tags natur and nord norge) and article 2 (the school)."""
    with Library(lib) as library:
        library.save(content(1, text=BEAR, title="Bjørn og blåbær"), tags=["natur", "nord norge"])
        library.save(content(2, text=SCHOOL, title="Lærere i nord"))
    return lib


def cli_run(capsys, lib, *argv):  # noqa: F811
    return run(capsys, "--library", lib, *argv)


def test_highlight_adds_one_by_its_quote_and_says_where(library_dir, capsys):
    code, out, err = cli_run(
        capsys, library_dir, "highlight", "1", "Bjørnen spiste 40 kilo blåbær",
        "--note", "Så mye på én uke!", "--color", "green",
    )  # fmt: skip
    assert (code, err) == (0, "")
    start = BEAR.index("Bjørnen")
    assert out == f"1\tarticle 1, characters {start}-{start + 29}\n"
    with Library(library_dir) as library:
        [made] = library.notebook.of_article(1)
    assert (made.quote, made.note, made.color) == (
        "Bjørnen spiste 40 kilo blåbær", "Så mye på én uke!", "green",
    )  # fmt: skip
    # White space in the quote compares loosely (a passage copied across a paragraph).
    code, out, _ = cli_run(
        capsys, library_dir, "highlight", "1", "i Tromsø. Bjørnen spiste", "--json"
    )
    assert code == 0
    made = json.loads(out)
    assert made["quote"] == "i Tromsø.\n\nBjørnen spiste"
    assert made["color"] == "yellow"
    position = [s for s in made["selectors"] if s["type"] == "TextPositionSelector"]
    assert BEAR[position[0]["start"] : position[0]["end"]] == made["quote"]


@pytest.mark.parametrize(
    "quote",
    ["Isbjørnen spiste", "blåbær i Bergen", "Bjørnen spiste 41 kilo"],
)
def test_a_quote_not_in_the_article_is_one_line_and_stores_nothing(library_dir, capsys, quote):
    code, out, err = cli_run(capsys, library_dir, "highlight", "1", quote)
    assert (code, out) == (1, "")
    assert err == (
        "newsreader: the quote is not in article 1's text "
        "(--fuzzy takes the most similar passage)\n"
    )
    with Library(library_dir) as library:
        assert library.notebook.count() == 0


@pytest.mark.parametrize(
    ("quote", "passage"),
    [
        ("Bjørnen spiste 40 kilo blåber på én uke", "Bjørnen spiste 40 kilo blåbær på én uke"),
        ("æøå og været på Svalbard var iskaldt", "æøå og været på Svalbard var kaldt"),
    ],
)
def test_fuzzy_takes_the_most_similar_passage_and_says_so(library_dir, capsys, quote, passage):
    code, out, err = cli_run(capsys, library_dir, "highlight", "1", quote, "--fuzzy")
    assert (code, err) == (0, "")
    start = BEAR.index(passage)
    assert out == (
        f"1\tarticle 1, characters {start}-{start + len(passage)}, approximately: “{passage}”\n"
    )
    with Library(library_dir) as library:
        [made] = library.notebook.of_article(1)
    # The article's words are the quote (what the reader marks); the words as given
    # are kept beside them as another TextQuoteSelector.
    assert (made.quote, made.anchoring) == (passage, "fuzzy")
    assert [s["exact"] for s in made.other_selectors()] == [quote]


def test_fuzzy_does_not_take_a_passage_whose_numbers_say_otherwise(library_dir, capsys):
    quote = "Bjørnen spiste 41 kilo blåbær på én uke"  # the article says 40
    code, out, err = cli_run(capsys, library_dir, "highlight", "1", quote, "--fuzzy")
    assert (code, out, err) == (1, "", "newsreader: the quote is not in article 1's text\n")
    with Library(library_dir) as library:
        assert library.notebook.count() == 0


def test_fuzzy_does_not_take_an_unrelated_sentence(library_dir, capsys):
    code, _, err = cli_run(
        capsys, library_dir, "highlight", "2", "Bjørnen spiste 40 kilo blåbær", "--fuzzy"
    )
    assert (code, err) == (1, "newsreader: the quote is not in article 2's text\n")


def test_an_empty_quote_and_an_unknown_article_are_one_line(library_dir, capsys):
    assert cli_run(capsys, library_dir, "highlight", "1", "  ") == (
        1, "", "newsreader: the quote is empty\n",
    )  # fmt: skip
    assert cli_run(capsys, library_dir, "highlight", "42", "blåbær") == (
        1, "", "newsreader: no article with id 42\n",
    )  # fmt: skip
    assert cli_run(capsys, library_dir, "note", "42", "tekst") == (
        1, "", "newsreader: no article with id 42\n",
    )  # fmt: skip


@pytest.mark.parametrize("color", ["lilla", "gul", ""])
def test_an_unknown_colour_is_a_one_line_usage_error_listing_the_colours(
    library_dir, capsys, color
):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--library", library_dir, "highlight", "1", "blåbær", "--color", color])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(
        f"newsreader: argument --color/-c: invalid colour {color!r} "
        "(choose from yellow, green, blue, red)"
    )
    with pytest.raises(SystemExit):
        cli.main(["--library", library_dir, "highlights", "--color", color])
    assert "choose from yellow, green, blue, red" in capsys.readouterr().err


def test_another_services_colour_name_is_taken_as_ours(library_dir, capsys):
    code, out, _ = cli_run(
        capsys, library_dir, "highlight", "1", "blåbær i Tromsø", "-c", "Orange", "--json"
    )
    assert (code, json.loads(out)["color"]) == (0, "yellow")


def _highlight(library_dir, capsys, article, quote, *options):
    code, out, err = cli_run(capsys, library_dir, "highlight", str(article), quote, *options)
    assert code == 0, err
    return int(out.split("\t")[0])


def test_highlights_of_an_article_in_reading_order_with_notes(library_dir, capsys):
    late = _highlight(library_dir, capsys, 1, "været på Svalbard", "-n", "Kaldt!")
    early = _highlight(library_dir, capsys, 1, "blåbær i Tromsø", "-c", "red")
    assert cli_run(capsys, library_dir, "note", "1", "Les igjen før turen.")[:2] == (
        0, "note set on article 1\n",
    )  # fmt: skip
    code, out, err = cli_run(capsys, library_dir, "highlights", "1")
    assert (code, err) == (0, "")
    assert out == (
        "1  Bjørn og blåbær — Eksempel  [natur, nord norge]\n"
        "https://example.no/a/1\n\n"
        "Note: Les igjen før turen.\n\n"
        f"[{early}] red\n> blåbær i Tromsø\n\n"
        f"[{late}] yellow\n> været på Svalbard\nKaldt!\n"
    )
    # An article with nothing, asked for by id, says so; an unknown id is one line.
    code, out, err = cli_run(capsys, library_dir, "highlights", "2", "7")
    assert code == 1
    assert out.endswith("(no highlights or notes)\n")
    assert err == "newsreader: no article with id 7\n"


def test_highlights_of_the_library_grouped_by_article_newest_first(library_dir, capsys):
    _highlight(library_dir, capsys, 1, "Bjørnen spiste", "-c", "green")
    _highlight(library_dir, capsys, 2, "flere lærere", "-n", "Gjelder også Troms?")
    _highlight(library_dir, capsys, 1, "blåbær i Tromsø")
    code, out, _ = cli_run(capsys, library_dir, "highlights")
    assert code == 0
    # Article 1 has the newest highlight; its highlights in reading order.
    assert [line for line in out.splitlines() if line[:1].isdigit()] == [
        "1  Bjørn og blåbær — Eksempel  [natur, nord norge]",
        "2  Lærere i nord — Eksempel",
    ]
    assert out.index("> blåbær i Tromsø") < out.index("> Bjørnen spiste") < out.index("lærere")
    green = cli_run(capsys, library_dir, "highlights", "--color", "green", "--json")[1]
    assert [[h["quote"] for h in a["highlights"]] for a in json.loads(green)] == [
        ["Bjørnen spiste"]
    ]
    tagged = json.loads(cli_run(capsys, library_dir, "highlights", "--tag", "Natur", "--json")[1])
    assert [a["id"] for a in tagged] == [1]
    assert cli_run(capsys, library_dir, "highlights", "--tag", "sport") == (
        1, "", "newsreader: no highlights\n",
    )  # fmt: skip


def test_an_article_with_only_a_note_is_listed(library_dir, capsys):
    assert cli_run(capsys, library_dir, "highlights") == (1, "", "newsreader: no highlights\n")
    cli_run(capsys, library_dir, "note", "2", "Spør rektor om dette")
    code, out, _ = cli_run(capsys, library_dir, "highlights")
    assert code == 0
    assert out.startswith("2  Lærere i nord")
    assert "Note: Spør rektor om dette" in out
    # ... but not when only one colour of highlight is asked for.
    assert cli_run(capsys, library_dir, "highlights", "--color", "blue") == (
        1, "", "newsreader: no highlights\n",
    )  # fmt: skip


def test_markdown_for_note_taking_apps(library_dir, capsys):
    _highlight(library_dir, capsys, 1, "Bjørnen spiste 40 kilo blåbær", "-n", "Så mye!\n\n*Sjekk*")
    cli_run(capsys, library_dir, "note", "1", "Artikkelens egen merknad")
    code, out, _ = cli_run(capsys, library_dir, "highlights", "1", "--markdown")
    assert code == 0
    fragment = "https://example.no/a/1#:~:text=Bj%C3%B8rnen%20spiste%2040%20kilo%20bl%C3%A5b%C3%A6r"
    assert out == (
        "## Bjørn og blåbær\n\n"
        "Source: [Eksempel](https://example.no/a/1)\n"
        "Tags: #natur #nord-norge\n\n"
        "Artikkelens egen merknad\n\n"
        f"> Bjørnen spiste 40 kilo blåbær [↗]({fragment})\n\n"
        "Så mye!\n\n*Sjekk*\n"
    )


def test_json_has_w3c_selectors_and_the_article_note(library_dir, capsys):
    hid = _highlight(library_dir, capsys, 1, "æøå og været", "-n", "Særlig øyene")
    cli_run(capsys, library_dir, "note", "1", "Min merknad")
    code, out, _ = cli_run(capsys, library_dir, "highlights", "1", "--json")
    assert code == 0
    [article] = json.loads(out)
    assert (article["id"], article["note"], article["tags"]) == (
        1, "Min merknad", ["natur", "nord norge"],
    )  # fmt: skip
    [highlight] = article["highlights"]
    assert (highlight["id"], highlight["note"], highlight["found"]) == (hid, "Særlig øyene", True)
    quote, position = highlight["selectors"]
    start = BEAR.index("æøå")
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": "æøå og været",
        "prefix": BEAR[start - 32 : start],
        "suffix": BEAR[start + 12 : start + 44],
    }
    assert position == {"type": "TextPositionSelector", "start": start, "end": start + 12}


def _resave(library_dir, text):
    with Library(library_dir) as library:
        library.save(content(1, text=text, title="Bjørn og blåbær"))


def test_a_highlight_lost_after_the_text_changed_is_reported_and_kept(library_dir, capsys):
    kept = _highlight(library_dir, capsys, 1, "Første avsnitt handler om blåbær")
    lost = _highlight(library_dir, capsys, 1, "Bjørnen spiste 40 kilo blåbær", "-n", "Husk")
    fuzzy = _highlight(library_dir, capsys, 1, "æøå og været på Svalbard var kaldt")
    # Saved again with the bear's paragraph gone and the last one edited slightly.
    _resave(
        library_dir,
        "Første avsnitt handler om blåbær i Tromsø.\n\n"
        "Siste avsnitt: æøå og været på Svalbard var iskaldt.",
    )
    code, out, _ = cli_run(capsys, library_dir, "highlights", "1")
    assert code == 0
    assert f"[{lost}] yellow · no longer found in the article\n> Bjørnen spiste" in out
    assert out.index(f"[{kept}]") < out.index(f"[{fuzzy}]") < out.index(f"[{lost}]")
    article = json.loads(cli_run(capsys, library_dir, "highlights", "1", "--json")[1])[0]
    by_id = {h["id"]: h for h in article["highlights"]}
    assert (by_id[lost]["found"], by_id[lost]["anchoring"], by_id[lost]["note"]) == (
        False, "lost", "Husk",
    )  # fmt: skip
    assert [s["type"] for s in by_id[lost]["selectors"]] == ["TextQuoteSelector"]
    assert by_id[fuzzy]["anchoring"] == "fuzzy"
    markdown = cli_run(capsys, library_dir, "highlights", "1", "--markdown")[1]
    assert f"*({render_highlights.LOST_TEXT})*\n\nHusk" in markdown
    code, out, err = cli_run(capsys, library_dir, "check")
    assert (code, err) == (0, "")
    assert out == (
        f"article 1: 1 highlight no longer found in its text ({lost}); "
        "kept: newsreader highlights 1\n"
        "library is consistent\n"
    )
    # Repairing removes nothing of it.
    assert cli_run(capsys, library_dir, "check", "--repair")[0] == 0
    with Library(library_dir) as library:
        assert [h.id for h in library.notebook.lost()] == [lost]


def test_check_finds_and_repairs_highlights_and_notes_of_no_article(library_dir, capsys):
    _highlight(library_dir, capsys, 1, "blåbær i Tromsø")
    connection = sqlite3.connect(f"{library_dir}/library.sqlite3")
    # The index's triggers read its view, which calls search_text() (db.py).
    connection.create_function(db.SEARCH_TEXT, 1, terms.index_text)
    with connection:  # foreign keys are off by default in a plain connection
        connection.execute(
            "INSERT INTO highlights (id, article_id, quote, anchoring, color, created_at, "
            "updated_at) VALUES (77, 999, 'borte', 'lost', 'red', 'x', 'x')"
        )
        connection.execute(
            "INSERT INTO article_notes VALUES (998, 'foreldreløs merknad', 'x', 'x')"
        )
    connection.close()
    code, out, err = cli_run(capsys, library_dir, "check")
    assert code == 1
    assert "highlight 77 of an article that is gone\n" in out
    assert "article note 998 of an article that is gone\n" in out
    assert "library is consistent" not in out
    assert err == "run 'newsreader check --repair' to clean up\n"
    code, out, _ = cli_run(capsys, library_dir, "check", "--repair")
    assert code == 0
    assert "removed highlight 77 of an article that is gone" in out
    assert cli_run(capsys, library_dir, "check") == (0, "library is consistent\n", "")
    with Library(library_dir) as library:
        assert library.notebook.count() == 1


def test_unhighlight_deletes_and_names_unknown_ids(library_dir, capsys):
    one = _highlight(library_dir, capsys, 1, "blåbær i Tromsø")
    two = _highlight(library_dir, capsys, 2, "flere lærere")
    code, out, err = cli_run(capsys, library_dir, "unhighlight", str(one), "99")
    assert (code, out, err) == (
        1, f"deleted highlight {one}\n", "newsreader: no highlight with id 99\n",
    )  # fmt: skip
    with Library(library_dir) as library:
        assert [h.id for h in library.notebook.of_articles([1, 2])] == [two]


def test_note_sets_shows_and_removes_notes(library_dir, capsys):
    assert cli_run(capsys, library_dir, "note", "1") == (
        1, "", "newsreader: article 1 has no note\n",
    )  # fmt: skip
    cli_run(capsys, library_dir, "note", "1", "Blåbærturen i høst")
    assert cli_run(capsys, library_dir, "note", "1") == (0, "Blåbærturen i høst\n", "")
    hid = _highlight(library_dir, capsys, 1, "blåbær i Tromsø")
    assert cli_run(capsys, library_dir, "note", "-H", str(hid), "Tromsø, ikke Bodø")[:2] == (
        0, f"note set on highlight {hid}\n",
    )  # fmt: skip
    assert cli_run(capsys, library_dir, "note", str(hid), "--highlight")[1] == "Tromsø, ikke Bodø\n"
    assert cli_run(capsys, library_dir, "note", "1", "")[:2] == (0, "note removed from article 1\n")
    assert cli_run(capsys, library_dir, "note", "-H", "99", "x") == (
        1, "", "newsreader: no highlight with id 99\n",
    )  # fmt: skip
    with Library(library_dir) as library:
        assert library.notebook.article_note(1) == ""
        assert library.notebook.get(hid).note == "Tromsø, ikke Bodø"


def test_show_includes_highlights_and_notes_in_every_format(library_dir, capsys, tmp_path):
    hid = _highlight(library_dir, capsys, 1, "Bjørnen spiste 40 kilo", "-n", "Sjekk <tallet>")
    cli_run(capsys, library_dir, "note", "1", "Til turen")
    text = cli_run(capsys, library_dir, "show", "1")[1]
    assert text.endswith(
        "\n\nHighlights\n==========\n\nNote: Til turen\n\n"
        f"[{hid}] yellow\n> Bjørnen spiste 40 kilo\nSjekk <tallet>\n"
    )
    markdown = cli_run(capsys, library_dir, "show", "1", "-f", "markdown")[1]
    section = markdown[markdown.index("## Highlights") :]
    assert section.startswith(
        "## Highlights\n\n**Note:** Til turen\n\n> Bjørnen spiste 40 kilo [↗]("
    )
    assert section.endswith(")\n\nSjekk <tallet>\n")
    article = json.loads(cli_run(capsys, library_dir, "show", "1", "-f", "json")[1])
    assert article["note"] == "Til turen"
    assert [h["id"] for h in article["highlights"]] == [hid]
    html = cli_run(capsys, library_dir, "show", "1", "-f", "html")[1]
    assert '<section class="highlights">' in html
    assert f'<blockquote id="highlight-{hid}" class="highlight yellow"' in html
    assert "<p>Bjørnen spiste 40 kilo</p></blockquote>" in html
    assert '<p class="note">Sjekk &lt;tallet&gt;</p>' in html
    # An article with none shows no section, and JSON has empty fields.
    assert "Highlights" not in cli_run(capsys, library_dir, "show", "2")[1]
    assert "## Highlights" not in cli_run(capsys, library_dir, "show", "2", "-f", "markdown")[1]
    plain = json.loads(cli_run(capsys, library_dir, "show", "2", "-f", "json")[1])
    assert (plain["note"], plain["highlights"]) == ("", [])


def test_html_highlight_colours_are_the_readers_light_shades():
    from newsreader.ui.highlight_colors import SHADES

    assert {c: light for c, (light, _) in SHADES.items()} == render_highlights.HTML_COLORS


def test_search_says_when_it_matched_only_in_a_note(library_dir, capsys):
    cli_run(capsys, library_dir, "note", "2", "Spør rektoren om vikarene")
    _highlight(library_dir, capsys, 1, "blåbær i Tromsø", "-n", "Plukket med bestemor")
    code, out, _ = cli_run(capsys, library_dir, "search", "rektoren")
    assert code == 0
    assert out == (
        "     2  Lærere i nord — Eksempel\n        in your note: Spør **rektoren** om vikarene\n"
    )
    hits = json.loads(cli_run(capsys, library_dir, "search", "bestemor", "--json")[1])
    assert [(h["id"], h["matched_in"]) for h in hits] == [(1, "note")]
    start, end = hits[0]["highlights"][0]
    assert hits[0]["snippet"][start:end] == "bestemor"
    # A word in the text still shows the text, and says nothing more.
    hits = json.loads(cli_run(capsys, library_dir, "search", "Svalbard", "--json")[1])
    assert [(h["id"], h["matched_in"]) for h in hits] == [(1, "text")]
    assert "Svalbard" in hits[0]["snippet"]


def test_search_finds_the_quote_of_a_lost_highlight_and_says_so(library_dir, capsys):
    _highlight(library_dir, capsys, 1, "Bjørnen spiste 40 kilo blåbær")
    _resave(library_dir, "Første avsnitt handler om blåbær i Tromsø.")
    code, out, _ = cli_run(capsys, library_dir, "search", "kilo")
    assert code == 0
    assert out.splitlines()[1] == "        in your highlight: Bjørnen spiste 40 **kilo** blåbær"


def test_has_notes_and_has_highlights_filters(library_dir, capsys):
    _highlight(library_dir, capsys, 1, "blåbær i Tromsø")
    cli_run(capsys, library_dir, "note", "2", "Viktig")

    def ids(query):
        code, out, _ = cli_run(capsys, library_dir, "search", query, "--json")
        return sorted(h["id"] for h in json.loads(out)) if code == 0 else []

    assert ids("has:highlights") == [1]
    assert ids("has:notes") == [2]
    assert ids("-has:highlights") == [2]
    cli_run(capsys, library_dir, "note", "-H", "1", "med notat")
    assert ids("has:notes") == [1, 2]
    assert ids("has:notes notat") == [1]


def test_the_new_commands_are_commands_not_addresses():
    assert set(cli_highlights.COMMANDS) <= set(cli.COMMANDS)
    for command in cli_highlights.COMMANDS:
        assert cli._window_urls([command, "1"], cli.COMMANDS) == ([command, "1"], [])
