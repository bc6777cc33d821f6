"""The search dictionary's cost per save (issue 16, item 7): a save looks up only the words
its process does not know to be stored, and the dictionary still holds exactly what
``reindex`` builds, whatever rolls back or whoever else writes the library."""

from __future__ import annotations

import importlib
import random
import re
import sys

import pytest

from newsreader.cli import main
from newsreader.errors import LibraryError
from newsreader.library import known_words, search_index, terms
from newsreader.library.known_words import KnownWords
from newsreader.library.library import ArticleContent, ImageFile, Library

TEXTS = {
    "nb": "Gutten blir mobbet hver dag. Mobbingen på skolen må ta slutt, sier rektor i Tromsø.",
    "nn": "Kjendisar og vener stilte opp for guten då han vart mobba på skulen.",
    "en": "She was bullied at school; the bullying stopped when the teachers acted.",
    "de": "Die Häuser am Fluss wurden vom Hochwasser schwer beschädigt, sagte der Bürgermeister.",
    None: "İstanbul ΣΟΦΙΑ Straße 東京の大学 naïve café co-op's x² — ordinary words again.",
}


def article(n: int, language: str | None, text: str, **extra) -> ArticleContent:
    url = f"https://example.org/{n}"
    return ArticleContent(
        url=url,
        final_url=url,
        title=extra.pop("title", f"Sak {n}"),
        content_html=f"<p>{text}</p>",
        text=text,
        word_count=len(text.split()),
        reading_minutes=1,
        url_keys=(url,),
        language=language,
        **extra,
    )


def dictionary(library: Library) -> set[tuple[str, str, str]]:
    return {tuple(row) for row in library.db.query("SELECT language, term, key FROM search_terms")}


def reindexed(library: Library) -> set[tuple[str, str, str]]:
    library.reindex()
    return dictionary(library)


def stored(library: Library, word: str) -> bool:
    return bool(library.db.scalar("SELECT count(*) FROM search_terms WHERE term = ?", (word,)))


def saves(library: Library, start: int = 0) -> list[int]:
    """Articles in every language, each saved twice with its words shuffled (so the
    second saves meet words known already), with images' captions and tags."""
    ids = []
    for n, (language, text) in enumerate(TEXTS.items()):
        words = text.split()
        for copy in range(2):
            random.Random(n * 10 + copy).shuffle(words)
            url = f"https://example.org/{n}.jpg"
            image = ImageFile(0, url, None, None, alt="Fiskebåter i havn")
            content = article(
                start + n * 10 + copy, language, " ".join(words), images=(image,), author="Ola Ås"
            )
            ids.append(library.save(content, tags=[f"tema{copy}", "Skolemobbing"]).article_id)
    return ids


def test_the_dictionary_after_saves_is_the_one_reindex_builds(library):
    ids = saves(library)
    library.notebook.add(ids[0], 0, 10, note="Notatet nevner ordet zygomorf")
    library.notebook.set_article_note(ids[1], "Eget notat om hvalfangst")
    library.set_tags(ids[2], ["tema0", "nyord", "Skolemobbing"])  # none removed
    after_saves = dictionary(library)
    assert ("nb", "zygomorf", terms.match_key("zygomorf", "nb")) in after_saves
    assert after_saves == reindexed(library)


def test_a_known_word_is_not_looked_up_again(library):
    library.save(article(1, "nb", TEXTS["nb"]))
    looked_up: list[str] = []
    library.db.connection.set_trace_callback(looked_up.append)
    library.save(article(2, "nb", TEXTS["nb"] + " Helt nytt ord: fjordhest."))
    library.db.connection.set_trace_callback(None)
    lookups = [sql for sql in looked_up if "FROM search_terms WHERE language" in sql]
    # One look-up, of the new words alone (bound values show in the trace).
    assert len(lookups) == 1
    new = {"2", "helt", "nytt", "ord", "fjordhest"}  # "2" of the title, "Sak 2"
    assert set(re.findall(r"'([^']*)'", lookups[0].split(" IN ")[1])) == new
    assert stored(library, "fjordhest")


def test_a_rolled_back_transaction_leaves_no_word_known(library):
    library.save(article(1, "en", "Nothing special here."))

    def body(db):
        search_index.add_terms(db, "en", ["Zygomorphic flowers everywhere."])
        raise RuntimeError("the save failed after its words went in")

    with pytest.raises(RuntimeError):
        library.db.write(body)
    assert not stored(library, "zygomorphic")
    library.save(article(2, "en", "Zygomorphic flowers, stored this time."))
    assert stored(library, "zygomorphic")
    assert dictionary(library) == reindexed(library)


def test_a_reindex_by_another_library_object_is_seen(library, tmp_path):
    first = library.save(article(1, "en", "A quixotic plan for the harbour.")).article_id
    library.save(article(2, "en", "The harbour plan, again."))
    library.delete([first])
    # The window and the CLI each have their own connections to one library.
    with Library(library.paths.root) as other:
        other.reindex()
    assert not stored(library, "quixotic")  # its only article is gone
    library.save(article(3, "en", "Quixotic, still."))
    assert stored(library, "quixotic")
    assert main(["--library", str(library.paths.root), "reindex"]) == 0
    library.save(article(4, "en", "Quixotic harbour plans need a reindex."))
    assert dictionary(library) == reindexed(library)


def test_updates_and_deletes_keep_every_word_of_every_article(library):
    ids = saves(library)
    changed = article(99, "nb", "Nå handler saken om sykler og vinteren.", title="Ny tittel")
    library.save(changed, article_id=ids[0])
    library.delete([ids[3], ids[5]])
    library.save(article(100, "en", TEXTS["en"] + " Cyclists came back."))
    # Words of texts that are gone stay in the dictionary (it is not an index of
    # articles); every word of every article is there, with its key.
    assert dictionary(library) >= reindexed(library)


def test_an_import_batch_stores_its_words_once(library, tmp_path):
    export = tmp_path / "links.html"
    export.write_text(
        "<DL><DT><A HREF='https://example.org/a' TAGS='hvalfangst'>Hvalfangst i nord</A>"
        "<DT><A HREF='https://example.org/b' TAGS='hvalfangst'>Hvalfangsten tok slutt</A></DL>",
        encoding="utf-8",
    )
    assert main(["--library", str(library.paths.root), "import", str(export), "--no-fetch"]) == 0
    library.save(article(3, None, "Hvalfangst og hvalfangsten"))
    assert dictionary(library) == reindexed(library)


def test_known_words_stay_within_their_limit():
    known = KnownWords(limit=10)
    known.unknown(1, "nb", set())  # takes generation 1
    for n in range(30):
        known.learn(1, "nb", {f"ord{n}"})
        assert len(known) <= 10
    assert known.unknown(1, "nb", {"ord29", "ord0"}) == {"ord0"}  # the oldest was dropped
    assert known.unknown(1, "en", {"ord29"}) == {"ord29"}  # known per language
    assert known.unknown(2, "nb", {"ord29"}) == {"ord29"}  # another generation: forgotten
    known.learn(1, "nb", {"ord29"})  # learnt under a generation no longer current
    assert known.unknown(2, "nb", {"ord29"}) == {"ord29"}


def test_each_library_object_has_its_own_known_words(library, tmp_path):
    with Library(tmp_path / "other") as other:
        assert known_words.of(other.db) is not known_words.of(library.db)
        assert known_words.of(library.db) is known_words.of(library.db)


# --- a text is lower-cased whole when that gives the same words -------------------------------
def test_only_two_letters_lower_case_depending_on_more_than_themselves():
    # distinct_tokens lower-cases a text whole unless it holds one of these: every other
    # character must lower-case to one character that is a word character when it is.
    word = re.compile(r"[^\W_]")
    odd = []
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        low = char.lower()
        if low == char:
            continue
        if len(low) != 1 or bool(word.match(char)) != bool(word.match(low)):
            odd.append(char)
    assert set(odd) <= set(terms._CONTEXT_CASED)
    assert "Σ".lower() != "ΑΣ".lower()[-1]  # the final sigma: context, not the letter


@pytest.mark.parametrize(
    "text",
    [
        "İstanbul İSTANBUL",
        "ΟΔΟΣ ΣΟΦΙΑ ΑΣ'Β οδός",
        "Straße STRASSE Ǆemal ǅ",
        "東京の大学で Hello World",
        "plain ascii Words",
        "ÆØÅ æøå Ñandú",
    ],
)
def test_distinct_tokens_are_the_words_lower_cased_one_by_one(text):
    one_by_one = {terms._lower(word) for word in terms._TOKEN.findall(terms.index_text(text))}
    assert terms.distinct_tokens([text, None, ""]) == one_by_one


# --- the C stemmers give the stems of the pure-Python ones --------------------------------------
def _pure_stemmer(algorithm: str):
    module = importlib.import_module(f"snowballstemmer.{algorithm}_stemmer")
    return getattr(module, f"{algorithm.title()}Stemmer")()


@pytest.mark.parametrize("language", sorted(set(terms._SNOWBALL.values())))
def test_pystemmer_stems_as_snowballstemmer_does(language):
    # terms.py keys the dictionary with snowballstemmer, which runs PyStemmer's C code
    # when it is installed (a dependency, for speed): a stem that differed would key a
    # library's words differently on another machine. Words: stems made of the letters
    # the algorithm's own suffix tables use, with one of those suffixes.
    import Stemmer  # PyStemmer, a dependency: fails here, not the whole file, without it

    pure = _pure_stemmer(language)
    suffixes = sorted(
        {
            among.s
            for name, table in vars(type(pure)).items()
            if name.startswith("a_") and isinstance(table, list)
            for among in table
        }
    )
    letters = sorted({c for s in suffixes for c in s} | set("abcdeilmnorstu"))
    rng = random.Random(language)
    words = [
        "".join(rng.choices(letters, k=rng.randint(2, 7))) + rng.choice(suffixes)
        for _ in range(300)
    ]
    fast = Stemmer.Stemmer(language)
    assert [fast.stemWord(w) for w in words] == [pure.stemWord(w) for w in words]


def test_after_commit_runs_once_committed_and_never_after_a_rollback(library):
    ran: list[str] = []
    with pytest.raises(LibraryError, match="write transaction"):
        library.db.after_commit(lambda: ran.append("outside"))
    with library.db.transaction() as db:
        db.after_commit(lambda: ran.append("committed"))
        assert ran == []
    with pytest.raises(RuntimeError), library.db.transaction() as db:
        db.after_commit(lambda: ran.append("rolled back"))
        raise RuntimeError("no")
    assert ran == ["committed"]
