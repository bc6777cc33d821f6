"""Search: matching across inflections and spellings, the query language, ranking,
snippets and highlights, and an index that never drifts from the articles.

A small relevance set of Norwegian (Bokmål and Nynorsk) and English articles, each
holding exactly the forms a case is about, so every assertion names the articles that
must be found, and in which order.
"""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from newsreader.cli import main
from newsreader.library import terms
from newsreader.library.db import Database
from newsreader.library.library import ArticleContent, ImageFile, Library
from newsreader.library.schema import MIGRATIONS
from newsreader.library.search import MATCH_END, MATCH_START, snippet
from tests.search_articles import plain_article

# name: (language, title, text, extra fields)
ARTICLES: dict[str, tuple[str, str, str, dict]] = {
    "mobbet": ("nb", "Keaton gråt i bilen", "Gutten forteller at han blir mobbet hver dag.", {}),
    "mobbes": ("nb", "Tall fra skolen", "Hvert år mobbes 39 000 elever i norske skoler.", {}),
    "mobbeofre": ("nb", "Trøst", "Han trøster andre mobbeofre i videoen.", {}),
    "kjendiser": ("nb", "Støtte", "Flere kjendiser har delt klippet på Instagram.", {}),
    "tromsø": ("nb", "Nordlys", "Vi får se om det blir nordlys over Tromsø i kveld.", {}),
    "café": ("nb", "Ny café på hjørnet", "Den åpner i morgen med kaffe og boller.", {}),
    "nynorsk": ("nn", "Vener", "Kjendisar og vener stilte opp for guten.", {}),
    "bullied": ("en", "A hard year", "She was bullied at school for most of the year.", {}),
    "bullying": ("en", "Schools act", "Bullying is down in the schools that tried it.", {}),
    "title-en": ("en", "Bullying, explained", "What the research says about it.", {}),
    "vg": (
        "nb",
        "Saken fra VG",
        "En sak om skolen og valget.",
        {"site": "VG", "url": "https://www.vg.no/nyheter/i/1", "author": "Ola Nordmann"},
    ),
    "nrk": (
        "nn",
        "Saka frå NRK",
        "Ei sak om skulen og valet.",
        {"site": "NRK", "url": "https://www.nrk.no/vestland/2", "published": "2017-12-08"},
    ),
    "old": ("en", "An old story", "Elections were held and counted.", {"published": "2016-05-01"}),
}


def make(name: str, n: int) -> ArticleContent:
    language, title, text, extra = ARTICLES[name]
    return plain_article(n, language, title, text, **extra)


@pytest.fixture
def corpus(library):
    """The relevance set saved, name → id; tags and states set for the filters."""
    ids = {name: library.save(make(name, n)).article_id for n, name in enumerate(ARTICLES)}
    library.add_tags(ids["mobbet"], ["skole"])
    library.add_tags(ids["bullied"], ["skole"])
    library.set_state(ids["mobbes"], "archived")
    library.set_favorite(ids["kjendiser"], True)
    library.mark_read(ids["tromsø"])
    return ids


@pytest.fixture
def found(library, corpus):
    """Search the relevance set: the names of the articles found, best first."""
    names = {article_id: name for name, article_id in corpus.items()}

    def search(query: str) -> list[str]:
        return [names[i] for i, _ in library.search_ids(query)]

    return search


def found_ids(library: Library, query: str) -> list[int]:
    return [i for i, _ in library.search_ids(query)]


def edited(name: str, n: int, **changes) -> ArticleContent:
    return ArticleContent(**{**make(name, n).__dict__, **changes})


# --- language-aware matching -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mobbing", {"mobbet", "mobbes"}),  # a form no article uses finds the others
        ("mobbet", {"mobbet", "mobbes"}),
        ("kjendis", {"kjendiser", "nynorsk"}),  # Bokmål kjendiser, Nynorsk kjendisar
        ("kjendisene", {"kjendiser", "nynorsk"}),
        ("mobbeoffer", {"mobbeofre"}),  # a compound whose last part inflects irregularly
        ("mobbeofre", {"mobbeofre"}),
        ("mobbeofferet", {"mobbeofre"}),
        ("bully", {"bullied", "bullying", "title-en"}),
        ("bullied", {"bullied", "bullying", "title-en"}),
        ("cafe", {"café"}),  # accents are only accents
        ("CAFÉ", {"café"}),
        ("Tromsø", {"tromsø"}),
        ("TROMSØ", {"tromsø"}),
        ("får", {"tromsø"}),
    ],
)
def test_a_word_finds_its_inflections_and_spellings(found, query, expected):
    assert set(found(query)) == expected


@pytest.mark.parametrize(
    ("language", "searched", "written", "meet"),
    [
        ("nb", "offer", "ofre", True),
        ("nb", "ofre", "offeret", True),
        ("nb", "offeret", "ofrene", True),
        ("nb", "sommer", "somrene", True),
        ("nb", "vinter", "vintre", True),
        ("nb", "sykkel", "sykler", True),
        ("nb", "regel", "reglene", True),
        ("nb", "mobbing", "mobbingen", True),
        ("nn", "kjendis", "kjendisar", True),
        ("nn", "bil", "bilane", True),
        ("en", "bully", "bullies", True),
        ("de", "Straße", "strasse", True),
        ("fr", "elite", "élites", True),
        ("nb", "for", "får", False),
        ("nb", "tromso", "tromsø", False),
        ("nb", "mann", "man", False),
        ("de", "schon", "schön", True),  # Snowball's German folds umlauts itself
        ("sv", "for", "för", False),
    ],
)
def test_match_keys(language, searched, written, meet):
    written_key = terms.match_key(terms.tokens(written)[0], language)
    assert (written_key in terms.query_keys(terms.tokens(searched)[0], language)) is meet


@pytest.mark.parametrize(
    ("query", "not_found"),
    [("for", "tromsø"), ("far", "tromsø"), ("tromso", "tromsø"), ("troms", "tromsø"),
     ("mobil", "mobbet"), ("mobbi", "mobbet"), ("caff", "café")],
)  # fmt: skip
def test_letters_of_their_own_are_not_folded_and_words_are_not_prefixes(found, query, not_found):
    # æ, ø and å are letters: for is not får, tromso is not Tromsø.
    assert not_found not in found(query)


def test_a_prefix_finds_every_word_it_starts(found):
    assert set(found("mobb*")) == {"mobbet", "mobbes", "mobbeofre"}
    assert set(found("bull*")) == {"bullied", "bullying", "title-en"}


# --- the query language ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mobbet dag", {"mobbet"}),  # every word must match
        ("mobbet Tromsø", set()),
        ('"blir mobbet"', {"mobbet"}),  # a phrase: these words, in this order
        ('"mobbet blir"', set()),
        ('"blir mobbes"', set()),  # as written: no inflections inside a phrase
        ("kjendis OR bully", {"kjendiser", "nynorsk", "bullied", "bullying", "title-en"}),
        ("mobbing OR tromsø dag", {"mobbet"}),  # OR binds closer than the space
        ("bully -school", {"title-en"}),  # "schools" is a form of school
        ('bully -"at school"', {"bullying", "title-en"}),
        ("title:bullying", {"title-en"}),
        ("title:mobbing", set()),
        ("author:nordmann", {"vg"}),
        ("site:vg.no", {"vg"}),
        ("site:nrk", {"nrk"}),
        ("site:VG skolen", {"vg"}),
        ("tag:skole", {"mobbet", "bullied"}),
        ("tag:SKOLE mobbing", {"mobbet"}),
        ("-tag:skole mobbing", {"mobbes"}),
        ("lang:en bully", {"bullied", "bullying", "title-en"}),
        ("lang:nn", {"nynorsk", "nrk"}),
        ("lang:nynorsk kjendis", {"nynorsk"}),
        ("lang:no kjendis", {"kjendiser", "nynorsk"}),
        ("lang:nb kjendis", {"kjendiser"}),
        ("is:archived", {"mobbes"}),
        ("mobbing is:unread", {"mobbet"}),
        ("mobbing -is:archived", {"mobbet"}),
        ("is:favorite", {"kjendiser"}),
        ("is:favourite kjendis", {"kjendiser"}),
        ("is:read", {"tromsø"}),
        ("after:2017-12-01 lang:nn", {"nrk", "nynorsk"}),  # nynorsk: saved today
        ("before:2018 lang:nn", {"nrk"}),
        ("before:2017", {"old"}),
        ("before:2017-12-09 after:2017-12-08", {"nrk"}),
        ("after:8.12.2017 before:2018", {"nrk"}),
    ],
)
def test_operators_and_filters(found, query, expected):
    assert set(found(query)) == expected


def test_only_exclusions_list_everything_else_newest_first(corpus, found):
    result = found("-mobbing -bully -kjendis")
    assert set(result) == set(ARTICLES) - {
        "mobbet", "mobbes", "kjendiser", "nynorsk", "bullied", "bullying", "title-en"
    }  # fmt: skip
    ids = [corpus[name] for name in result]
    assert ids == sorted(ids, reverse=True)


@pytest.mark.parametrize(
    "query",
    [
        '"', "*", "**", "-", "--", ":", "^", "(", ")", "{", "}", "+", "AND", "OR", "NOT",
        "NEAR(", "a:b", '"unbalanced', 'mobbet"', "(mobbet", "mobbet)", "mobbet^", "mobbet*",
        "title:", 'title:"', '-"', '""', "tag:", "is:", "is:awesome", "after:yesterday",
        "before:2017-13-45", "lang:", "lang:xx", "{title}: mobbet", "title:(mobbet)",
        "mobbet NOT dag", "mobbet AND", "OR mobbet", "mobbet OR", "- mobbet", "* mobbet",
        "mobbet -", "col:mobbet", "http://vg.no/x?y=1", "NEAR(mobbet dag)", "'mobbet'",
        "mobbet; DROP TABLE articles", "\x00", "\x02mobbet\x03", "é", "ß", "🙂",
    ],
)  # fmt: skip
def test_a_malformed_query_is_read_as_plain_words_and_never_raises(library, found, query):
    hits = library.search(query)
    assert isinstance(hits, list)
    assert library.count() == len(ARTICLES)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"mobbet', {"mobbet", "mobbes"}),  # the lone quote is dropped
        ("(mobbet", {"mobbet", "mobbes"}),
        ("mobbet^", {"mobbet", "mobbes"}),
        ("- mobbet", {"mobbet", "mobbes"}),  # a dash on its own excludes nothing
        ("is:awesome", set()),  # not a filter: the words is and awesome
        ("mobbet OR", {"mobbet", "mobbes"}),
    ],
)
def test_what_is_not_an_operator_is_a_word(found, query, expected):
    assert set(found(query)) == expected


# --- ranking ---------------------------------------------------------------------------------
def test_a_matching_title_ranks_above_a_passing_mention(library, found):
    assert found("bullying")[0] == "title-en"
    body = library.save(edited("mobbet", 100, text="Saken nevner mobbing en gang."))
    title = library.save(edited("mobbes", 101, title="Mobbing i skolen"))
    ranked = [i for i, _ in library.search_ids("mobbing")]
    assert ranked.index(title.article_id) < ranked.index(body.article_id)
    assert ranked[0] == title.article_id


def test_equal_matches_rank_newest_first(library):
    first = library.save(make("mobbet", 1)).article_id
    second = library.save(make("mobbet", 2)).article_id
    assert [i for i, _ in library.search_ids("mobbet")] == [second, first]


# --- results ---------------------------------------------------------------------------------
def test_snippets_mark_inflected_matches_in_the_original_text(library, corpus):
    hits = {hit.article.id: hit for hit in library.search("mobbing")}
    assert f"{MATCH_START}mobbet{MATCH_END}" in hits[corpus["mobbet"]].snippet
    assert f"{MATCH_START}mobbes{MATCH_END}" in hits[corpus["mobbes"]].snippet
    hit = library.search("cafe")[0]
    assert hit.article.id == corpus["café"]
    phrase = library.search('"blir mobbet"')[0].snippet
    assert re.sub(f"[{MATCH_START}{MATCH_END}]", "", phrase).startswith("Gutten forteller")
    assert re.findall(f"{MATCH_START}(.*?){MATCH_END}", phrase) == ["blir mobbet"]


def test_a_snippet_is_the_passage_with_the_most_distinct_matches_in_whole_words():
    words = ("skolen", "mobbet", "mobbes")
    text = (
        "Han ble mobbet. " + "Noe annet skjedde. " * 30
        + "På skolen blir mange mobbet, og flere mobbes. " + "Slutt. " * 30
    )  # fmt: skip
    marked = snippet(text, words)
    assert marked.startswith("…") and marked.endswith("…")
    words = re.findall(f"{MATCH_START}(.*?){MATCH_END}", marked)
    assert words == ["skolen", "mobbet", "mobbes"]  # three forms beat the lone first one
    plain = marked.replace(MATCH_START, "").replace(MATCH_END, "").strip("…")
    assert f" {plain} " in f" {' '.join(text.split())} "  # cut at word boundaries
    assert snippet("Kort tekst.", words) == "Kort tekst."
    assert snippet("Kort tekst.", ()) == "Kort tekst."
    # Only whole words; a letter whose lower case is longer does not shift the marks.
    assert (
        snippet("İstanbul: xmobbet MOBBET.", words)
        == f"İstanbul: xmobbet {MATCH_START}MOBBET{MATCH_END}."
    )


def test_the_highlight_pattern_marks_what_was_found_and_nothing_else(library, corpus):
    pattern = re.compile(library.highlight_pattern("mobbing kjendis"), re.IGNORECASE)
    text = "Mobbet og mobbes, kjendiser og Kjendisar; ikke mobil, kjendisfri eller mobbetid."
    assert pattern.findall(text) == ["Mobbet", "mobbes", "kjendiser", "Kjendisar"]
    phrase = re.compile(library.highlight_pattern('"blir mobbet" -dag'), re.IGNORECASE)
    assert phrase.findall("han blir  mobbet hver dag") == ["blir  mobbet"]
    assert library.highlight_pattern("tag:skole") is None


def test_cli_search_json_gives_snippet_offsets_and_takes_exclusions(library, corpus, capsys):
    assert main(["--library", str(library.paths.root), "search", "bully", "-years", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["id"] for h in hits] == [corpus["title-en"], corpus["bullying"]]
    for hit in hits:
        marked = [hit["snippet"][start:end] for start, end in hit["highlights"]]
        assert all(terms.match_key(w.lower(), "en") == "bulli" for w in marked)
    assert any(hit["highlights"] for hit in hits)


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "bully", "-nato", "-verden", "--json"],
        ["search", "--json", "-n", "5", "bully", "-nato", "-verden"],
        ["-v", "search", "bully", "--limit=5", "-verden", "--json", "-nato"],
    ],
)
def test_cli_search_reads_dashed_words_as_exclusions_not_options(library, corpus, capsys, argv):
    assert main(["--library", str(library.paths.root), *argv]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert {h["id"] for h in hits} == {corpus["bullied"], corpus["bullying"], corpus["title-en"]}


def test_a_decomposed_accent_is_found_and_marked(library):
    article_id = library.save(edited("café", 1, text="Vi drakk kaffe på cafe\u0301en.")).article_id
    assert [i for i, _ in library.search_ids("caféen")] == [article_id]
    assert f"{MATCH_START}caféen{MATCH_END}" in library.search("caféen")[0].snippet


def test_a_match_inside_a_longer_false_start_is_still_marked():
    assert (
        snippet("xa b og b", [r"a[\W_]+b", "b"])
        == f"xa {MATCH_START}b{MATCH_END} og {MATCH_START}b{MATCH_END}"
    )


def test_another_connections_saves_reach_a_compiled_search(library, corpus):
    before = found_ids(library, "mobbing")  # compiled and cached: mobbet, mobbes
    with Library(library.paths.root) as other:  # as the CLI beside the window
        new = other.save(edited("mobbet", 300, text="Ingen skal mobbe andre.")).article_id
    assert found_ids(library, "mobbing") == [new, *before]


# --- the index never drifts ------------------------------------------------------------------
def _index_ok(library: Library) -> bool:
    return library.check().index_ok


def test_a_failed_save_leaves_neither_article_nor_index_entry(library, corpus):
    # Two images at one position: the save fails after the article row went in.
    images = tuple(ImageFile(0, f"https://example.org/{n}.jpg", None, None) for n in (1, 2))
    broken = edited("bullied", 200, text="Zygomorphic flowers everywhere.", images=images)
    with pytest.raises(sqlite3.IntegrityError):
        library.save(broken)
    assert library.count() == len(ARTICLES)
    assert library.search("zygomorphic") == []
    assert library.db.scalar("SELECT count(*) FROM search_terms WHERE term = 'zygomorphic'") == 0
    assert _index_ok(library)


def test_updates_and_deletes_keep_the_index_in_step(library, corpus, found):
    article_id = corpus["mobbet"]
    changed = edited("mobbet", 0, text="Nå handler den om sykler.")
    assert library.save(changed, article_id=article_id).article_id == article_id
    assert article_id not in dict(library.search_ids("mobbet"))
    assert [i for i, _ in library.search_ids("sykkel")] == [article_id]
    assert _index_ok(library)
    library.delete([article_id, corpus["bullied"]])
    assert library.search_ids("sykkel") == []
    assert set(found("bully")) == {"bullying", "title-en"}
    assert _index_ok(library)


def test_the_index_holds_the_words_the_dictionary_expects(library):
    # terms.tokens must split text as SQLite's unicode61 does, or a word would be in
    # one and not the other.
    text = (
        "Æ, ø og å; l'été d'Île-de-France — naïve co-op's 3.5 % e-post_adresse x²! "
        "İstanbul ΣΟΦΙΑ Straße 東京 ‘quoted’ «sitat» 12:30 C++ under_score"
    )
    library.save(edited("mobbet", 1, text=text, title="T"))
    library.db.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, articles_fts, row)")
    indexed = {row[0] for row in library.db.query("SELECT term FROM temp.vocab")}
    expected = terms.distinct_tokens(["T", None, "example.org", text])
    assert indexed == expected
    stored = {row[0] for row in library.db.query("SELECT term FROM search_terms")}
    assert stored == expected


def test_reindex_rebuilds_the_same_index_with_progress(library, found):
    before = {q: library.search_ids(q) for q in ("mobbing", "bully", "kjendis", "site:vg.no")}
    with library.db.transaction() as db:
        db.execute("DELETE FROM search_terms")  # as if the stemming had changed
    library.searcher.dictionary_changed()
    assert found("mobbing") == []  # no inflections known, and "mobbing" itself is not there
    seen: list[tuple[int, int]] = []
    assert library.reindex(lambda done, total: seen.append((done, total))) == len(ARTICLES)
    assert seen[-1] == (len(ARTICLES), len(ARTICLES))
    assert {q: library.search_ids(q) for q in before} == before
    assert _index_ok(library)


def test_cli_reindex_reports_progress(library, corpus, capsys):
    assert main(["--library", str(library.paths.root), "reindex"]) == 0
    out, err = capsys.readouterr()
    assert f"indexed {len(ARTICLES)} of {len(ARTICLES)} articles" in err
    assert f"rebuilt: {len(ARTICLES)} articles" in out


def test_a_version_1_library_is_migrated_and_searchable(tmp_path):
    database = tmp_path / "library.sqlite3"
    old = Database(database, MIGRATIONS[:1])
    old.execute(
        """INSERT INTO articles (url, final_url, title, site, language, content_html, text,
                                 word_count, reading_minutes, saved_at, updated_at)
           VALUES ('https://www.vg.no/a', 'https://www.vg.no/a', 'Mobbing', 'VG', 'no-NO',
                   '<p>x</p>', ?, 3, 1, '2017-12-08T10:00', '2017-12-08T10:00')""",
        ("Gutten blir mobbet av andre elever hver eneste dag på skolen.",),
    )
    old.execute(
        """INSERT INTO articles (url, final_url, title, content_html, text,
                                 word_count, reading_minutes, saved_at, updated_at)
           VALUES ('https://example.org/b', 'https://example.org/b', 'Bullies', '<p>y</p>', ?,
                   3, 1, '2017-12-09T10:00', '2017-12-09T10:00')""",
        ("The boy was bullied by the other pupils at the school, and he said that it was "
         "hard for him to go there every day of the week with all of them.",),
    )  # fmt: skip
    old.close()
    with Library(tmp_path) as library:
        assert library.db.version == len(MIGRATIONS)
        first, second = library.ids()
        assert library.get(first).text.startswith("Gutten blir mobbet")
        assert library.get(first).language == "nb"
        assert library.get(second).language == "en"  # recognised from its text
        assert [i for i, _ in library.search_ids("mobbing site:vg.no")] == [first]
        assert [i for i, _ in library.search_ids("bully lang:en")] == [second]
        assert library.check().clean
