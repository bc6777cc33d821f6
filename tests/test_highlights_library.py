"""Highlights and notes in the library: storing, searching, and finding them again
after a re-fetch or reextract changed the article's text (real pipeline, local server)."""

from __future__ import annotations

import pytest

from newsreader.errors import ArticleNotFound, HighlightNotFound
from newsreader.library import anchoring
from newsreader.library.db import Database
from newsreader.library.library import Library
from newsreader.library.schema import MIGRATIONS
from tests.test_library import content

TEXT = (
    "Første avsnitt handler om skolen på Grünerløkka.\n\n"
    "Mobbing i skolen er et stort problem, sier rektor Åse Bø til avisen.\n\n"
    "Elevene på 7. trinn har fått nye regler for friminuttene.\n\n"
    "Siste avsnitt nevner mobbing i skolen igjen."
)


def span(text: str, passage: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(passage, start + 1)
    return start, start + len(passage)


@pytest.fixture
def article(library: Library) -> int:
    return library.save(content(1, text=TEXT)).article_id


# --- storing -----------------------------------------------------------------------------
def test_a_highlight_keeps_its_quote_context_position_colour_and_note(library, article):
    start, end = span(TEXT, "Mobbing i skolen er et stort problem")
    made = library.notebook.add(article, start, end, color="green", note="  Viktig!  ")
    (stored,) = library.notebook.of_article(article)
    assert stored == made
    assert (stored.quote, stored.start, stored.end) == (TEXT[start:end], start, end)
    assert stored.prefix == TEXT[start - anchoring.CONTEXT_CHARS : start]
    assert stored.suffix == TEXT[end : end + anchoring.CONTEXT_CHARS]
    assert (stored.color, stored.note, stored.anchoring) == ("green", "Viktig!", "made")
    assert stored.created_at == stored.updated_at


def test_white_space_at_the_ends_of_a_selection_is_left_out(library, article):
    start, end = span(TEXT, "Elevene på 7. trinn")
    made = library.notebook.add(article, start - 2, end)  # "\n\nElevene…"
    assert made.quote == "Elevene på 7. trinn" and made.start == start


BREAK = TEXT.index("\n\n")


@pytest.mark.parametrize(
    ("start", "end"), [(5, 5), (-1, 4), (0, len(TEXT) + 1), (10, 3), (BREAK, BREAK + 2)]
)
def test_an_empty_or_impossible_span_is_refused_and_nothing_stored(library, article, start, end):
    with pytest.raises(ValueError):
        library.notebook.add(article, start, end)
    assert library.notebook.count() == 0


def test_an_unknown_article_or_colour_is_refused(library, article):
    with pytest.raises(ArticleNotFound):
        library.notebook.add(article + 99, 0, 5)
    with pytest.raises(ValueError, match="unknown colour"):
        library.notebook.add(article, 0, 5, color="chartreuse")
    with pytest.raises(ArticleNotFound):
        library.notebook.set_article_note(article + 99, "x")
    assert library.notebook.count() == 0


def test_other_services_colour_names_are_read_as_ours(library, article):
    assert library.notebook.add(article, 0, 6, color="Pink").color == "red"
    assert library.notebook.add(article, 7, 14, color="orange").color == "yellow"
    assert library.notebook.add(article, 15, 22, color=None).color == "yellow"


def test_adding_by_quote_finds_the_passage_with_loose_white_space(library, article):
    made = library.notebook.add_quote(article, "fått  nye\nregler", note="n")
    assert TEXT[made.start : made.end] == "fått nye regler"
    assert made.quote == "fått nye regler" and made.anchoring == "made"


def test_a_quote_that_is_not_there_is_refused_or_kept_as_lost_for_imports(library, article):
    with pytest.raises(HighlightNotFound, match="not in article"):
        library.notebook.add_quote(article, "Dette står ikke i teksten i det hele tatt")
    assert library.notebook.count() == 0
    kept = library.notebook.add_quote(
        article,
        "Dette står ikke i teksten i det hele tatt",
        note="fra Pocket",
        created_at="2019-05-01T10:00:00+00:00",
        origin="pocket",
        selectors=[{"type": "RangeSelector", "startSelector": {"value": "/p[2]"}}],
        keep_lost=True,
    )
    assert (kept.found, kept.anchoring, kept.start) == (False, "lost", None)
    assert kept.created_at == kept.updated_at == "2019-05-01T10:00:00+00:00"
    assert kept.other_selectors()[0]["type"] == "RangeSelector"
    assert library.notebook.lost() == [kept]


def test_of_two_occurrences_the_quote_with_the_fitting_context_is_chosen(library, article):
    made = library.notebook.add_quote(
        article, "mobbing i skolen", prefix="Siste avsnitt nevner ", suffix=" igjen."
    )
    assert made.start == span(TEXT, "mobbing i skolen")[0]
    assert made.start > TEXT.index("Siste")


def test_update_changes_note_and_colour_and_the_time(library, article):
    made = library.notebook.add(article, 0, 6)
    changed = library.notebook.update(made.id, note="Ny merknad", color="blue")
    assert (changed.note, changed.color) == ("Ny merknad", "blue")
    assert library.notebook.get(made.id) == changed
    assert library.notebook.update(made.id, note="Ny merknad") == changed  # nothing new
    with pytest.raises(HighlightNotFound):
        library.notebook.update(made.id + 5, note="x")


def test_delete_and_restore_give_the_same_highlight_back(library, article):
    made = library.notebook.add(article, 0, 6, note="tilbake")
    gone = library.notebook.delete([made.id, made.id + 40])
    assert gone == [made] and library.notebook.count() == 0
    assert library.search_ids("tilbake") == []
    assert library.notebook.restore(gone) == [made]
    assert library.notebook.of_article(article) == [made]
    assert [i for i, _ in library.search_ids("tilbake")] == [article]


def test_restoring_for_an_article_deleted_meanwhile_is_skipped(library, article):
    made = library.notebook.add(article, 0, 6)
    gone = library.notebook.delete([made.id])
    library.delete([article])
    assert library.notebook.restore(gone) == []


def test_deleting_the_article_deletes_its_highlights_and_note(library, article):
    other = library.save(content(2)).article_id
    library.notebook.add(article, 0, 6, note="borte")
    keep = library.notebook.add(other, 0, 5, note="blir")
    library.notebook.set_article_note(article, "artikkelmerknad")
    library.delete([article])
    assert library.notebook.everything() and [
        h.highlight for h in library.notebook.everything()
    ] == [keep]
    assert library.db.scalar("SELECT count(*) FROM article_notes") == 0
    assert library.search_ids("borte") == [] and library.search_ids("artikkelmerknad") == []
    assert library.check().clean


def test_everything_lists_newest_first_with_the_article_and_filters(library, article):
    other = library.save(content(2)).article_id
    library.add_tags(other, ["skole"])
    first = library.notebook.add(article, 0, 6, color="blue")
    second = library.notebook.add(other, 0, 5, color="green")
    library.db.execute(  # made a minute apart
        "UPDATE highlights SET created_at = '2020-01-01T00:00:00+00:00' WHERE id = ?",
        (first.id,),
    )
    listed = library.notebook.everything()
    assert [h.highlight.id for h in listed] == [second.id, first.id]
    assert (listed[0].title, listed[0].site, listed[0].tags) == ("Tittel 2", "Eksempel", ("skole",))
    assert [h.highlight.id for h in library.notebook.everything(color="blue")] == [first.id]
    assert [h.highlight.id for h in library.notebook.everything(tag="skole")] == [second.id]
    assert library.notebook.counts([article, other, 999]) == {article: 1, other: 1}


# --- search ------------------------------------------------------------------------------
def test_a_word_only_in_a_note_finds_the_article_in_any_form(library, article):
    library.save(content(2))
    assert library.search_ids("klassekamerater") == []
    made = library.notebook.add(article, 0, 6, note="Husk klassekameratene hans")
    assert [i for i, _ in library.search_ids("klassekameratene")] == [article]
    assert [i for i, _ in library.search_ids("klassekamerat")] == [article]  # inflection
    library.notebook.update(made.id, note="noe annet")
    assert library.search_ids("klassekameratene") == []


def test_the_article_note_is_searched_and_removed_when_emptied(library, article):
    library.notebook.set_article_note(article, "Les dette før eksamen")
    assert library.notebook.article_note(article) == "Les dette før eksamen"
    assert [i for i, _ in library.search_ids("eksamen")] == [article]
    library.notebook.set_article_note(article, "   ")
    assert library.notebook.article_note(article) == ""
    assert library.search_ids("eksamen") == []


def test_has_filters_find_articles_with_highlights_and_with_notes(library, article):
    plain = library.save(content(2)).article_id
    noted = library.save(content(3)).article_id
    highlighted = library.save(content(4)).article_id
    library.notebook.add(highlighted, 0, 5)
    library.notebook.add(article, 0, 5, note="merknad")
    library.notebook.set_article_note(noted, "egen merknad")
    assert {i for i, _ in library.search_ids("has:highlights")} == {highlighted, article}
    assert {i for i, _ in library.search_ids("has:notes")} == {article, noted}
    assert {i for i, _ in library.search_ids("-has:notes")} == {plain, highlighted}


def test_the_index_stays_consistent_through_every_change(library, article):
    made = library.notebook.add(article, 0, 6, note="én")
    library.notebook.update(made.id, note="to")
    library.notebook.set_article_note(article, "tre")
    library.notebook.set_article_note(article, "fire")
    library.save(content(1, text=TEXT + "\n\nEt nytt avsnitt."))  # re-anchors
    library.notebook.delete([made.id])
    library.notebook.set_article_note(article, "")
    library.db.execute(
        "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)"
    )
    assert library.check().clean


def test_a_version_6_library_is_migrated_and_its_articles_still_found(tmp_path):
    old = Database(tmp_path / "library.sqlite3", MIGRATIONS[:6])
    old.execute(
        """INSERT INTO articles (url, final_url, title, language, word_count,
                                 reading_minutes, saved_at, updated_at)
           VALUES ('https://a.example/1', 'https://a.example/1', 'Skolen', 'nb', 9, 1,
                   '2026-01-01T10:00', '2026-01-01T10:00')"""
    )
    old.execute(
        "INSERT INTO article_texts (article_id, content_html, text) VALUES (1, '<p>x</p>', ?)",
        ("Gutten blir mobbet av andre elever på skolen.",),
    )
    old.close()
    with Library(tmp_path) as library:
        assert library.db.version == len(MIGRATIONS) >= 7
        assert [i for i, _ in library.search_ids("mobbing")] == [1]
        library.notebook.add(1, 0, 6, note="notat")
        assert [i for i, _ in library.search_ids("notat")] == [1]
        assert library.check().clean


# --- finding them again after the text changed (real pipeline) -------------------------
PAGE = """<!doctype html><html lang="nb"><head><meta charset="utf-8">
<title>Mobbing i skolen | Eksempelavisen</title>
<meta property="og:title" content="Mobbing i skolen">
<meta property="og:site_name" content="Eksempelavisen">
</head><body><nav><a href="/">Forsiden</a></nav>
<article><h1>Mobbing i skolen</h1>
{paragraphs}
</article><footer>Eksempelavisen AS</footer></body></html>"""

PARAGRAPHS = [
    "Rektor Åse Bø ved Grünerløkka skole sier at skolen har jobbet lenge med arbeidsmiljøet "
    "i klassene, og at lærerne nå følger bedre med i friminuttene enn før.",
    "Mobbing i skolen er et stort problem, og tallene fra Elevundersøkelsen viser at "
    "nesten seks prosent av elevene blir mobbet to eller tre ganger i måneden.",
    "Foreldrene på 7. trinn har bedt om et møte med kommunen før sommeren, fordi de mener "
    "at tiltakene kommer for sent for barna som allerede har det vondt.",
    "Kommunen svarer at saken skal behandles i oppvekstkomiteen i juni, og at det vil bli "
    "satt av mer penger til miljøarbeidere fra høsten av.",
]
PASSAGE = "tallene fra Elevundersøkelsen viser at nesten seks prosent av elevene blir mobbet"
OTHER = "Foreldrene på 7. trinn har bedt om et møte med kommunen"


def page(paragraphs: list[str]) -> str:
    return PAGE.format(paragraphs="\n".join(f"<p>{p}</p>" for p in paragraphs))


@pytest.fixture
def saved(server, saver, library):
    """A page saved from the local server with two highlights on it, and a way to
    change the page and fetch it again."""
    url = server.page("/nyheter/mobbing", page(PARAGRAPHS))
    result = saver.save(url)
    assert result.ok, result.error
    text = library.get(result.article_id).text
    first = library.notebook.add(result.article_id, *span(text, PASSAGE), note="Kilde?")
    second = library.notebook.add(result.article_id, *span(text, OTHER), color="blue")

    def refetch(paragraphs: list[str]) -> str:
        server.page("/nyheter/mobbing", page(paragraphs))
        again = saver.save(url)
        assert again.ok and again.article_id == result.article_id
        return library.get(result.article_id).text

    return result.article_id, first, second, refetch


def placed(library, highlight_id: int):
    return library.notebook.get(highlight_id)


def test_an_unchanged_refetch_leaves_highlights_as_they_were(library, saved):
    article, first, second, refetch = saved
    refetch(PARAGRAPHS)
    assert library.notebook.of_article(article) == [first, second]


def test_words_added_before_move_the_highlight_with_its_passage(library, saved):
    _article, first, second, refetch = saved
    text = refetch(["Oppdatert klokken 14.30: saken er utvidet med flere kilder.", *PARAGRAPHS])
    for old in (first, second):
        now = placed(library, old.id)
        assert now.start > old.start and text[now.start : now.end] == old.quote
        assert now.anchoring == "quote" and now.note == old.note and now.color == old.color


def test_a_slightly_edited_passage_is_found_fuzzily_and_the_words_chosen_kept(library, saved):
    _article, first, _, refetch = saved
    edited = [p.replace("nesten seks prosent", "rundt sju prosent") for p in PARAGRAPHS]
    text = refetch(edited)
    now = placed(library, first.id)
    assert now.anchoring == "fuzzy" and now.found
    assert "rundt sju prosent av elevene blir mobbet" in text[now.start : now.end]
    assert text[now.start : now.end].startswith("tallene fra")
    assert now.quote == text[now.start : now.end]  # what the reader now sees marked
    # What the reader chose, kept for the record (and for an export).
    assert [s["exact"] for s in now.other_selectors()] == [PASSAGE]


def test_a_removed_passage_is_kept_as_lost_and_found_again_when_it_returns(library, saved):
    article, first, second, refetch = saved
    refetch([PARAGRAPHS[0], PARAGRAPHS[2], PARAGRAPHS[3]])
    lost = placed(library, first.id)
    assert (lost.found, lost.anchoring, lost.quote, lost.note) == (False, "lost", PASSAGE, "Kilde?")
    assert placed(library, second.id).found
    assert library.notebook.lost() == [lost]
    # Still searchable by its quote and its note, though the text no longer has it.
    assert [i for i, _ in library.search_ids("Elevundersøkelsen")] == [article]
    assert [i for i, _ in library.search_ids("kilde")] == [article]
    text = refetch(PARAGRAPHS)
    back = placed(library, first.id)
    assert back.anchoring == "quote" and text[back.start : back.end] == PASSAGE


def test_a_passage_that_now_occurs_twice_stays_with_its_context(library, saved):
    _article, _, second, refetch = saved
    repeated = f"Les også: {OTHER} – se egen sak."
    text = refetch([repeated, *PARAGRAPHS])
    now = placed(library, second.id)
    assert text[now.start : now.end] == OTHER
    assert now.start > text.index("Mobbing i skolen er")  # the original paragraph


def test_reextract_re_anchors_highlights_in_the_rebuilt_text(library, saver, saved):
    article, first, second, _ = saved
    rebuilt = library.get(article).text
    # As an older extraction might have stored it: a teaser line before the text.
    older = "Les mer om mobbing i skolen her.\n\n" + rebuilt
    library.db.execute("UPDATE article_texts SET text = ? WHERE article_id = ?", (older, article))
    library.db.execute(
        "UPDATE highlights SET text_start = text_start + 34, text_end = text_end + 34"
    )
    saver.reextract(article)
    assert library.get(article).text == rebuilt
    for old in (first, second):
        now = placed(library, old.id)
        assert (now.start, now.end) == (old.start, old.end)
        assert now.anchoring == "quote"
    assert library.check().clean


def test_the_notebook_state_changes_with_highlights_notes_and_tags_only(library, article):
    book = library.notebook
    seen = [book.state()]

    def changed() -> bool:
        seen.append(book.state())
        return seen[-1] != seen[-2]

    library.set_state(article, "archived")
    library.mark_read(article)
    assert not changed()
    made = book.add(article, 0, 6)
    assert changed()
    book.update(made.id, note="merknad")
    assert changed()
    book.set_article_note(article, "egen")
    assert changed()
    library.add_tags(article, ["skole"])
    assert changed()
    library.save(content(1, text="Helt ny tekst uten det gamle ordet."))  # now lost
    assert book.get(made.id).anchoring == "lost" and changed()
    library.save(content(2))
    assert not changed()
    book.delete([made.id])
    assert changed()


# --- the review's cases ----------------------------------------------------------------
def test_undo_puts_a_highlight_back_under_its_id_though_another_was_made_since(library, article):
    first = library.notebook.add(article, 0, 6, note="første")
    second = library.notebook.add(article, 7, 14, note="andre")
    gone = library.notebook.delete([second.id])
    third = library.notebook.add(article, 15, 22, note="tredje, laget imens")
    assert third.id != second.id  # ids are never given again
    assert library.notebook.restore(gone) == [second]
    assert {h.id for h in library.notebook.of_article(article)} == {
        first.id,
        second.id,
        third.id,
    }


def test_undo_after_a_refetch_places_the_highlight_in_the_text_as_it_is_now(library, article):
    start, end = span(TEXT, "Elevene på 7. trinn")
    made = library.notebook.add(article, start, end)
    gone = library.notebook.delete([made.id])
    new_text = "En ny ingress foran alt det andre.\n\n" + TEXT
    library.save(content(1, text=new_text))
    (back,) = library.notebook.restore(gone)
    assert new_text[back.start : back.end] == "Elevene på 7. trinn"
    assert library.notebook.get(made.id) == back


def test_the_same_words_at_the_old_offsets_are_not_taken_without_their_context(library):
    text = "Katter sover. Hunden løp. Katten satt på matta."
    article = library.save(content(5, text=text)).article_id
    made = library.notebook.add(article, *span(text, "Katten satt"))
    # Words put in before move the passage; the old offsets now hold other words,
    # and the words "Katten satt" at them would be wrong even if they were there.
    moved = "Katten satt. Katter sover. Hunden løp. Katten satt på matta."
    library.save(content(5, text=moved))
    now = library.notebook.get(made.id)
    assert now.start == moved.rindex("Katten satt") and now.anchoring == "quote"


def test_a_note_and_a_quote_in_decomposed_unicode_are_stored_as_the_library_stores_text(
    library,
):
    import unicodedata

    text = "Han drakk kaffe på en kafé i Tromsø."
    article = library.save(content(6, text=text)).article_id
    decomposed = unicodedata.normalize("NFD", "kafé i Tromsø")
    made = library.notebook.add_quote(
        article, decomposed, note=unicodedata.normalize("NFD", "Blåbærkafé")
    )
    assert made.anchoring == "made" and text[made.start : made.end] == "kafé i Tromsø"
    assert made.note == "Blåbærkafé"
    assert [i for i, _ in library.search_ids("blåbærkafé")] == [article]


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("2019-05-01T10:00:00Z", "2019-05-01T10:00:00+00:00"),
        ("2019-05-01T12:00:00+02:00", "2019-05-01T10:00:00+00:00"),
        ("2019-05-01 10:00:00", "2019-05-01T10:00:00+00:00"),
        ("2019-05-01", "2019-05-01T00:00:00+00:00"),
    ],
)
def test_imported_times_are_stored_in_utc(library, article, value, stored):
    made = library.notebook.add_quote(article, "Elevene", created_at=value)
    assert made.created_at == made.updated_at == stored


@pytest.mark.parametrize("value", ["yesterday", "1556704800", "01.05.2019"])
def test_a_time_that_is_not_iso_8601_is_refused(library, article, value):
    with pytest.raises(ValueError, match="ISO 8601"):
        library.notebook.add_quote(article, "Elevene", created_at=value)
    assert library.notebook.count() == 0


def test_the_notebook_state_sees_a_tag_moved_and_a_title_changed(library, article):
    library.notebook.add(article, 0, 6)
    library.add_tags(article, ["x"])
    before = library.notebook.state()
    library.set_tags(article, ["y"])  # one tag for another: as many as before
    moved = library.notebook.state()
    assert moved != before
    library.save(content(1, text=TEXT, title="Ny tittel"))
    assert library.notebook.state() != moved


def test_a_passage_seen_in_an_older_version_is_refused_not_stored_elsewhere(library, article):
    start, end = span(TEXT, "Elevene på 7. trinn")
    library.save(content(1, text="Ny ingress.\n\n" + TEXT))  # another program re-fetched
    with pytest.raises(HighlightNotFound, match="changed meanwhile"):
        library.notebook.add(article, start, end, expect="Elevene på 7. trinn")
    assert library.notebook.count() == 0


def test_the_same_passage_twice_is_one_highlight_given_the_new_colour(library, article):
    start, end = span(TEXT, "Elevene på 7. trinn")
    made = library.notebook.add(article, start, end, note="første")
    again = library.notebook.add(article, start, end, color="red")
    assert again.id == made.id and (again.color, again.note) == ("red", "første")
    by_quote = library.notebook.add_quote(article, "Elevene på 7. trinn", color="blue")
    assert by_quote.id == made.id and library.notebook.count() == 1


def test_text_and_markdown_say_a_highlight_was_placed_approximately(library, saved):
    from newsreader import render_highlights

    _article, first, second, refetch = saved
    refetch([p.replace("nesten seks prosent", "rundt sju prosent") for p in PARAGRAPHS])
    fuzzy, exact = placed(library, first.id), placed(library, second.id)
    assert "placed approximately" in render_highlights.highlight_text(fuzzy)
    assert "placed approximately" in render_highlights.highlight_markdown(fuzzy, "https://x.no/")
    assert "placed approximately" not in render_highlights.highlight_text(exact)


def test_the_columns_read_are_the_highlights_fields_in_order():
    import dataclasses

    from newsreader.library import highlights

    columns = [c.strip().removeprefix("text_") for c in highlights.COLUMNS.split(",")]
    assert columns == [f.name for f in dataclasses.fields(highlights.Highlight)]
