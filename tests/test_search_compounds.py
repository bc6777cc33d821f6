"""Compounds: a search word also finds the words that end in it (compounds.py), in
Norwegian Bokmål and Nynorsk, Danish, Swedish, German and Dutch, ranked below the word
itself; look-alikes that only end in its letters are not found.

The relevance set: articles in six languages (and English), and for each query the
articles it must find first (the word itself, in any inflection), then (a compound,
only), and those it must not find (a look-alike: a word ending in the same letters that
is not a compound of it, or a compound in a language whose words are not split).
``LIMITS`` are cases the rules get wrong, kept in the set so that
benchmarks/compound_relevance.py counts them in its precision and recall; they are not
asserted here.
"""

from __future__ import annotations

import re

import pytest

from newsreader.library import compounds, search_index
from newsreader.library.db import Database
from newsreader.library.library import ArticleContent, Library
from newsreader.library.schema import MIGRATIONS
from newsreader.library.search import MATCH_END, MATCH_START
from tests.search_articles import plain_article

# name: (language, title, text)
ARTICLES: dict[str, tuple[str, str, str]] = {
    # Bokmål
    "nb-bil": ("nb", "Parkert", "Bilen sto parkert utenfor hytta hele natten."),
    "nb-elbil": (
        "nb",
        "Lading om natten",
        "Elbilene står i kø ved ladestasjonene når el koster lite.",
    ),
    "nb-lastebil": (
        "nb",
        "Ulykke på E6",
        "En lastebil veltet i svingen. Lasten ble spredt over veien.",
    ),
    "nb-mobil": ("nb", "Mistet telefonen", "Hun mistet mobilen sin på bussen."),
    "nb-automobil": ("nb", "Museet", "Museet viser en automobil fra 1910."),
    "nb-stabil": ("nb", "Pasienten", "Situasjonen er stabil, sier legen."),
    "nb-mobbing": ("nb", "Et problem", "Mobbing skjer i mange klasser."),
    "nb-nettmobbing": (
        "nb",
        "Kveldene",
        "Nettmobbing skjer ofte om kvelden. Foreldre bør følge med på nett.",
    ),
    "nb-skolemobbing": (
        "nb",
        "Ny rapport",
        "Skolemobbingen har gått ned, viser tall fra skolen.",
    ),
    "nb-ball": ("nb", "Hagen", "Ballen ble liggende i hagen."),
    "nb-fotball": ("nb", "Skadet", "Fotballen traff ham i ansiktet. Han skadet foten."),
    "nb-bad": ("nb", "Oppussing", "Badet i leiligheten er nytt."),
    "nb-solbad": ("nb", "Taket", "Solbadet på taket åpner når sola skinner."),
    "nb-sak": ("nb", "Retten", "Saken ble utsatt til neste uke."),
    "nb-straffesak": (
        "nb",
        "Tiltalt",
        "Straffesaken mot direktøren starter i dag. Straff kan bli fengsel.",
    ),
    "nb-årsak": ("nb", "Brannen", "Årsaken til brannen er ukjent. Det skjedde i fjor vår, i år."),
    "nb-hus": ("nb", "Solgt", "Huset ble solgt for fire millioner."),
    "nb-sykehus": ("nb", "Akutten", "Han ble kjørt til sykehuset. Han var syk i flere dager."),
    "nb-lag": ("nb", "Seier", "Laget vant kampen 2–0."),
    "nb-landslag": ("nb", "Tap", "Landslaget tapte. Hele landet sørget."),
    "nb-forslag": ("nb", "Stortinget", "Forslaget ble vedtatt for første gang."),
    "nb-gave": ("nb", "Jul", "Gaven lå under treet."),
    "nb-julegave": ("nb", "Posten", "Julegaven kom fram til jul."),
    "nb-oppgave": ("nb", "Eksamen", "Oppgaven var vanskelig, men han ga seg ikke opp."),
    "nb-skrift": ("nb", "Brevet", "Skriften var liten og vanskelig å lese."),
    "nb-håndskrift": (
        "nb",
        "Pennen",
        "Håndskriften hans er pen. Han skriver med venstre hånd.",
    ),
    "nb-overskrift": (
        "nb",
        "Avisen",
        "Overskriften var feil, og det var over før han rakk å rette den.",
    ),
    "nb-dom": ("nb", "Lagmannsretten", "Dommen ble anket samme dag."),
    "nb-drapsdom": ("nb", "Anket", "Drapsdommen står. Drap gir lange straffer."),
    "nb-sykdom": ("nb", "Influensa", "Sykdommen sprer seg. Mange er syke."),
    "nb-vei": ("nb", "Hjem", "Det er lang vei hjem fra hytta."),
    "nb-motorvei": ("nb", "Stengt", "Motorveien ble stengt. En motor tok fyr."),
    # Nynorsk
    "nn-bil": ("nn", "Trafikk", "Bilane køyrde sakte over fjellet."),
    "nn-elbil": ("nn", "Straum", "Elbilane vart lada på kaia. Prisen på el er låg."),
    "nn-skule": ("nn", "Hausten", "Skulen opnar att etter ferien."),
    "nn-barneskule": ("nn", "Bygda", "Barneskulen i bygda får nytt tak. Barn og vaksne jubla."),
    "nn-veg": ("nn", "Ras", "Vegen vart stengd etter raset."),
    "nn-riksveg": ("nn", "Fjellet", "Riksvegen over fjellet er open att. Bygda er ikkje rik."),
    # Danish
    "da-bil": ("da", "Trafik", "Bilen holdt for rødt lys."),
    "da-lastbil": ("da", "Vejarbejde", "Lastbilerne kører om natten med tung last."),
    "da-sag": ("da", "Retten", "Sagen blev udsat til næste uge."),
    "da-retssag": (
        "da",
        "Direktøren",
        "Retssagen mod direktøren begynder i dag. Han mener, at han har ret.",
    ),
    "da-årsag": ("da", "Ulykken", "Årsagen til ulykken er ukendt. Det skete sidste år."),
    "da-hus": ("da", "Solgt", "Huset blev solgt i sidste uge."),
    "da-sygehus": ("da", "Skadestuen", "Han blev kørt på sygehuset. Han var syg længe."),
    # Swedish
    "sv-bil": ("sv", "Trafiken", "Bilen stod parkerad vid stationen."),
    "sv-lastbil": ("sv", "Vägarbete", "Lastbilarna körde hela natten med tung last."),
    "sv-bibliotek": ("sv", "Läsning", "Biblioteket har öppet hela sommaren."),
    "sv-stadsbibliotek": (
        "sv",
        "Kultur",
        "Stadsbiblioteket firar hundra år. Staden bjuder på tårta.",
    ),
    "sv-sak": ("sv", "Polisen", "Saken utreds av polisen."),
    "sv-orsak": ("sv", "Branden", "Orsaken till branden är okänd."),
    "sv-hus": ("sv", "Sålt", "Huset såldes i går."),
    "sv-sjukhus": ("sv", "Akuten", "Han fördes till sjukhuset. Han var sjuk länge."),
    "sv-gård": ("sv", "Landet", "Gården ligger vid sjön."),
    "sv-kyrkogård": (
        "sv",
        "Historia",
        "Kyrkogården är gammal. Här har stått en kyrka sedan medeltiden.",
    ),
    # German
    "de-haus": ("de", "Umzug", "Das Haus steht seit Jahren leer."),
    "de-krankenhaus": (
        "de",
        "Unfall",
        "Der Fahrer wurde ins Krankenhaus gebracht. Er war schwer krank.",
    ),
    "de-rathaus": ("de", "Stadtrat", "Im Rathaus tagt heute der Rat."),
    "de-lösung": ("de", "Technik", "Eine Lösung ist gefunden."),
    "de-problemlösung": (
        "de",
        "Beratung",
        "Die Problemlösung dauerte lange. Das Problem war groß.",
    ),
    "de-ende": ("de", "Der Film", "Am Ende des Films weinten alle."),
    "de-wochenende": ("de", "Freizeit", "Am Wochenende war die Woche vergessen."),
    "de-laufende": ("de", "Kosten", "Die laufenden Kosten steigen, und wir laufen hinterher."),
    "de-abend": ("de", "Ausflug", "Am Abend fahren wir ab."),
    "de-tal": ("de", "Wanderung", "Das Tal liegt im Nebel."),
    "de-rheintal": ("de", "Hochwasser", "Im Rheintal regnet es. Der Rhein steigt."),
    "de-total": ("de", "Chaos", "Das Chaos war total. Zum Glück war niemand tot."),
    "de-digital": ("de", "Schule", "Der Unterricht wird digital."),
    "de-solbad": ("de", "Kur", "Wir fahren morgen ins Solbad."),
    "de-preis": ("de", "Inflation", "Der Preis ist gestiegen."),
    "de-strompreis": ("de", "Energie", "Der Strompreis steigt. Strom wird teurer."),
    "de-spiel": ("de", "Fußball", "Das Spiel ging unentschieden aus."),
    "de-kartenspiel": (
        "de",
        "Abend",
        "Das Kartenspiel dauerte bis Mitternacht. Die Karten waren neu.",
    ),
    "de-beispiel": ("de", "Erklärung", "Ein Beispiel zeigt das Problem. Er war bei uns."),
    "de-haft": ("de", "Urteil", "Die Haft dauert drei Jahre."),
    "de-untersuchungshaft": (
        "de",
        "Verdacht",
        "Er sitzt in Untersuchungshaft. Die Untersuchung läuft.",
    ),
    "de-fehlerhaft": ("de", "Software", "Die Software ist fehlerhaft. Ein Fehler wurde gefunden."),
    "de-zeitung": ("de", "Presse", "Die Zeitung erscheint täglich."),
    "de-tageszeitung": ("de", "Bericht", "Die Tageszeitung berichtete. Jeden Tag neu."),
    # Dutch
    "nl-huis": ("nl", "Verhuizing", "Het huis staat al jaren leeg."),
    "nl-ziekenhuis": (
        "nl",
        "Ongeluk",
        "De bestuurder is naar het ziekenhuis gebracht. Hij is ziek.",
    ),
    "nl-thuis": ("nl", "Vandaag", "Ze blijft vandaag thuis."),
    "nl-werk": ("nl", "Verbouwing", "Het werk is bijna klaar."),
    "nl-huiswerk": ("nl", "Scholieren", "Het huiswerk kost veel tijd."),
    "nl-weg": ("nl", "Afgesloten", "De weg is afgesloten."),
    "nl-snelweg": ("nl", "File", "De snelweg was urenlang dicht. Het ging niet snel."),
    "nl-noorwegen": ("nl", "Vakantie", "Hij woont in Noorwegen."),
    "nl-school": ("nl", "Ochtend", "De school begint om acht uur."),
    "nl-basisschool": (
        "nl",
        "Nieuw dak",
        "De basisschool krijgt een nieuw dak. De basis is gelegd.",
    ),
    # English: not a language whose words are split
    "en-football": ("en", "Sport", "The football season starts in August."),
}

# query: (found first: the word itself, then: a compound only, never: look-alikes)
CASES: dict[str, tuple[set[str], set[str], set[str]]] = {
    "bil": (
        {"nb-bil", "nn-bil", "da-bil", "sv-bil"},
        {"nb-elbil", "nb-lastebil", "nn-elbil", "da-lastbil", "sv-lastbil"},
        {"nb-mobil", "nb-automobil", "nb-stabil"},
    ),
    "mobbing": ({"nb-mobbing"}, {"nb-nettmobbing", "nb-skolemobbing"}, set()),
    "ball": ({"nb-ball"}, {"nb-fotball"}, {"en-football"}),
    "bad": ({"nb-bad"}, {"nb-solbad"}, {"de-solbad"}),
    "sak": ({"nb-sak", "sv-sak"}, {"nb-straffesak"}, {"nb-årsak", "sv-orsak"}),
    "skule": ({"nn-skule"}, {"nn-barneskule"}, set()),
    "sag": ({"da-sag"}, {"da-retssag"}, {"da-årsag"}),
    "bibliotek": ({"sv-bibliotek"}, {"sv-stadsbibliotek"}, set()),
    "haus": ({"de-haus"}, {"de-krankenhaus", "de-rathaus"}, set()),
    "lösung": ({"de-lösung"}, {"de-problemlösung"}, set()),
    "ende": ({"de-ende"}, {"de-wochenende"}, {"de-laufende", "de-abend"}),
    "tal": ({"de-tal"}, {"de-rheintal"}, {"de-total", "de-digital"}),
    "huis": ({"nl-huis"}, {"nl-ziekenhuis"}, {"nl-thuis"}),
    "werk": ({"nl-werk"}, {"nl-huiswerk"}, set()),
    "hus": ({"nb-hus", "da-hus", "sv-hus"}, {"nb-sykehus", "da-sygehus", "sv-sjukhus"}, set()),
    "lag": ({"nb-lag"}, {"nb-landslag"}, {"nb-forslag"}),
    "vei": ({"nb-vei"}, {"nb-motorvei"}, set()),
    "gave": ({"nb-gave"}, {"nb-julegave"}, {"nb-oppgave"}),
    "skrift": ({"nb-skrift"}, {"nb-håndskrift"}, {"nb-overskrift"}),
    "dommen": ({"nb-dom"}, {"nb-drapsdom"}, {"nb-sykdom"}),
    "haft": ({"de-haft"}, {"de-untersuchungshaft"}, {"de-fehlerhaft"}),
    "veg": ({"nn-veg"}, {"nn-riksveg"}, set()),
    "gård": ({"sv-gård"}, {"sv-kyrkogård"}, set()),
    "preis": ({"de-preis"}, {"de-strompreis"}, set()),
    "spiel": ({"de-spiel"}, {"de-kartenspiel"}, {"de-beispiel"}),
    "zeitung": ({"de-zeitung"}, {"de-tageszeitung"}, set()),
    "weg": ({"nl-weg"}, {"nl-snelweg"}, {"nl-noorwegen"}),
    "school": ({"nl-school"}, {"nl-basisschool"}, set()),
}

# (query, article) the rules get wrong, each of a kind compounds.py names as a limit:
# a look-alike whose left letters are a word of the library that is no prefix or
# particle (år + sak); a head the stemmer strips whole inside a compound (Wochenende is
# keyed wochen); and the compounds of a word that is also a derivational suffix, which
# are given up with its derivations (drapsdom with sykdom, Untersuchungshaft with
# fehlerhaft).
LIMITS = {
    ("sak", "nb-årsak"),
    ("sag", "da-årsag"),
    ("ende", "de-wochenende"),
    ("dommen", "nb-drapsdom"),
    ("haft", "de-untersuchungshaft"),
}


def make(name: str, n: int) -> ArticleContent:
    language, title, text = ARTICLES[name]
    return plain_article(n, language, title, text)


def save_all(library: Library) -> dict[str, int]:
    """The relevance set saved: name → id."""
    return {name: library.save(make(name, n)).article_id for n, name in enumerate(ARTICLES)}


@pytest.fixture
def corpus(library):
    return save_all(library)


@pytest.fixture
def found(library, corpus):
    names = {article_id: name for name, article_id in corpus.items()}
    return lambda query: [names[i] for i, _ in library.search_ids(query)]


def _asserted(query: str, names: set[str]) -> set[str]:
    return {name for name in names if (query, name) not in LIMITS}


@pytest.mark.parametrize("query", sorted(CASES))
def test_a_word_finds_its_compounds_after_itself_and_no_look_alikes(found, query):
    first, then, never = CASES[query]
    result = found(query)
    assert set(result[: len(first)]) == first
    assert set(result[len(first) :]) >= _asserted(query, then)
    assert not set(result) & _asserted(query, never)


def test_a_compound_ranks_below_the_word_even_in_its_title(library, corpus):
    # bm25 alone would put the title first: a compound is its own tier below.
    strong = library.save(
        ArticleContent(**{**make("nb-elbil", 900).__dict__, "title": "Elbilen, elbilen, elbilen"})
    ).article_id
    ranks = library.search_ids("bil")
    ranked = [i for i, _ in ranks]
    words = {corpus[name] for name in CASES["bil"][0]}
    assert set(ranked[: len(words)]) == words
    assert strong in ranked[len(words) :]
    assert [rank for _, rank in ranks] == sorted(rank for _, rank in ranks)  # lower is better


def test_paging_and_counting_follow_the_tiers(library, corpus):
    whole = [i for i, _ in library.search_ids("bil")]
    assert len(whole) == len(CASES["bil"][0]) + len(CASES["bil"][1])
    assert library.searcher.count("bil") == len(whole)
    for size in (1, 3, 4, 5):
        pages = [
            i
            for offset in range(0, len(whole) + size, size)
            for i, _ in library.search_ids("bil", limit=size, offset=offset)
        ]
        assert pages == whole


def test_filters_and_exclusions_apply_to_compounds_too(found):
    assert set(found("bil lang:sv")) == {"sv-bil", "sv-lastbil"}
    assert set(found("bil -veltet")) == {"nb-bil", "nn-bil", "da-bil", "sv-bil"} | {
        "nb-elbil", "nn-elbil", "da-lastbil", "sv-lastbil"
    }  # fmt: skip
    assert set(found("bil kø")) == {"nb-elbil"}  # each word of a query may be a compound


def test_a_phrase_or_a_prefix_finds_no_compounds(found):
    assert set(found('"bilen"')) == {"nb-bil", "da-bil", "sv-bil"}
    assert "nb-elbil" not in found("bil*")


def test_snippets_and_the_highlight_mark_the_compounds(library, corpus):
    hits = {hit.article.id: hit.snippet for hit in library.search("bil")}
    assert f"{MATCH_START}Elbilene{MATCH_END}" in hits[corpus["nb-elbil"]]
    assert f"{MATCH_START}Bilen{MATCH_END}" in hits[corpus["nb-bil"]]
    hits = {hit.article.id: hit.snippet for hit in library.search("mobbing")}
    # The head (mobbingen) is no word of its own in the library: found inside the compound.
    assert f"{MATCH_START}Skolemobbingen{MATCH_END}" in hits[corpus["nb-skolemobbing"]]
    both = library.save(
        ArticleContent(
            **{**make("nb-elbil", 902).__dict__, "text": "Mobilen lå i elbilen. Lastebilen kom."}
        )
    ).article_id
    (hit,) = [hit for hit in library.search("bil") if hit.article.id == both]
    assert hit.snippet == (
        f"Mobilen lå i {MATCH_START}elbilen{MATCH_END}. {MATCH_START}Lastebilen{MATCH_END} kom."
    )
    pattern = re.compile(library.highlight_pattern("bil"), re.IGNORECASE)
    assert pattern.search("Elbilene står i kø")
    assert pattern.search("Lastbilarna körde")
    assert not pattern.search("Hun mistet mobilen sin")


def test_wider_is_only_there_when_a_word_has_compounds(library, corpus):
    assert library.searcher.compile("bil").wider is not None
    assert library.searcher.compile("fjellet").wider is None
    assert library.searcher.compile("lang:nb").wider is None


def test_a_new_article_brings_its_compounds_and_a_reindex_keeps_them(library, corpus):
    content = ArticleContent(
        **{**make("nb-bil", 901).__dict__, "text": "Varebilen var full av pakker og varer."}
    )
    new = library.save(content).article_id
    assert new in [i for i, _ in library.search_ids("bil")]
    library.reindex()
    assert new in [i for i, _ in library.search_ids("bil")]
    assert library.check().clean


def test_a_library_of_schema_10_gets_the_tails_of_its_words(tmp_path):
    old = Database(tmp_path / "library.sqlite3", MIGRATIONS[:10])
    old.execute(
        """INSERT INTO articles (id, url, final_url, title, language, word_count,
                                 reading_minutes, saved_at, updated_at)
           VALUES (1, 'https://example.no/a', 'https://example.no/a', 'Lading', 'nb', 4, 1,
                   '2026-04-08T10:00', '2026-04-08T10:00')"""
    )
    old.execute(
        "INSERT INTO article_texts (article_id, content_html, text) "
        "VALUES (1, '', 'Elbilen lades når el er billig.')"
    )
    old.executemany(
        "INSERT INTO search_terms (language, term, key) VALUES (?, ?, ?)",
        [
            row[:3]
            for row in map(search_index.term_row, ["nb"] * 4, ["elbilen", "el", "bil", "lades"])
        ],
    )
    old.close()
    with Library(tmp_path) as library:
        assert library.db.version == len(MIGRATIONS)
        assert library.db.scalar("SELECT tail FROM search_terms WHERE term = 'elbilen'") == (
            compounds.tail("elbil")
        )
        assert [i for i, _ in library.search_ids("bil")] == [1]
        assert library.check().clean


@pytest.mark.parametrize(
    ("language", "text", "found"),
    [
        ("nb", "el elbilene", {"elbilene"}),
        ("sv", "el elbilarna", {"elbilarna"}),
        ("de", "Elbilder", set()),  # el is not a German word here
        ("en", "el elbilene", set()),
        ("fr", "el elbilene", set()),
        (None, "el elbilene", set()),
    ],
)
def test_only_the_languages_that_write_compounds_as_one_word_split_them(
    tmp_path, language, text, found
):
    with Library(tmp_path) as library:
        library.save(
            ArticleContent(**{**make("nb-bil", 0).__dict__, "language": language, "text": text})
        )
        assert set(compounds.find(library.db, "bil", language or "")) == found


def test_a_number_glued_to_a_word_is_no_compound(tmp_path):
    with Library(tmp_path) as library:
        text = "Linje 66 og 66bilen, el og elbilen."
        library.save(ArticleContent(**{**make("nb-bil", 0).__dict__, "text": text}))
        assert set(compounds.find(library.db, "bil", "nb")) == {"elbilen"}


GRAB = "Der Grabstein am Grab ist alt. Du grabst im Garten, der Stein ist grau."
STRAND = "Sandstranden er lang. Stranden har sand, og randen er bratt."


@pytest.mark.parametrize(
    ("language", "text", "head", "found"),
    [
        # grabst (du grabst) and stein are words: Grabstein's head is Stein, not ein.
        ("de", GRAB, "ein", set()),
        ("de", "Der Grabstein am Grab ist alt, der Stein ist grau.", "stein", {"grabstein"}),
        # gebunden is a word: angebunden ends in it, not in und.
        ("de", "Das Boot ist angebunden. Es ist gebunden, und an dem Steg.", "und", set()),
        # sandstranden ends in strand, not in rand.
        ("nb", STRAND, "rand", set()),
        ("nb", STRAND, "strand", {"sandstranden"}),
    ],
)
def test_a_compound_s_head_is_its_last_part(tmp_path, language, text, head, found):
    with Library(tmp_path) as library:
        library.save(
            ArticleContent(**{**make("nb-bil", 0).__dict__, "language": language, "text": text})
        )
        assert set(compounds.find(library.db, head, language)) == found


@pytest.mark.parametrize(
    "words",
    [
        ["bil"],
        ["bil", "bilen", "biler", "elbil", "elbilene"],
        ["a.b", "ab", "a", "abc"],
        ["lösung", "problemlösung", "lösungen"],
    ],
)
def test_the_trie_of_the_compounds_matches_exactly_them(words):
    pattern = re.compile(compounds.word_trie(words))
    for word in words:
        assert pattern.fullmatch(word)
    prefixes = {w[:i] for w in words for i in range(len(w))} | {w + "x" for w in words}
    for other in prefixes - set(words):
        assert not pattern.fullmatch(other)
