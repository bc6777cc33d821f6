"""Bylines: the visible date and author under the headline win over guesses from the
body, and an author is the name alone, in any language."""

from __future__ import annotations

import lxml.html
import pytest

from newsreader.capture.authors import clean_author
from newsreader.capture.byline import read_byline
from newsreader.capture.dom import headline
from newsreader.capture.extract import extract_article

PROSE = (
    "<p>Lørdag møtte hele trettifire medlemmer opp for å rydde lysløypa før sesongen, og "
    "vi kvistet langs hele traseen fra klubbhuset til toppen av bakken.</p>"
    "<p>Avtalen med grunneieren ble inngått 14. februar 2019, og den gjelder fortsatt i "
    "mange år til, sier styrelederen til lokalavisen.</p>"
    "<p>Neste dugnad blir i mars, når vi skal male skibua og sette opp nye skilt langs "
    "løypa, og alle som kan bidra er hjertelig velkomne.</p>"
)


def article(byline: str, title: str = "Dugnad i lysløypa", lang: str = "nb") -> str:
    return (
        f"<html lang='{lang}'><head><title>{title} – Bjørkelia IL</title></head><body>"
        f"<header><a href='/'>Bjørkelia IL</a></header><main><article><h1>{title}</h1>"
        f"{byline}{PROSE}</article></main><footer>Bjørkelia idrettslag</footer></body></html>"
    )


@pytest.mark.parametrize(
    ("byline", "lang", "authors", "published", "updated"),
    [
        (
            "<div class='entry-meta'>Publisert 16. november 2026 av Torunn Bakkevig</div>",
            "nb",
            ("Torunn Bakkevig",),
            "2026-11-16",
            None,
        ),
        (
            "<p class='byline'>By Ann Berg | March 3, 2026</p>",
            "en",
            ("Ann Berg",),
            "2026-03-03",
            None,
        ),
        (
            "<div class='meta'><span class='author'>Von Petra Müller, Redakteurin</span> · "
            "3. März 2026 · Aktualisiert 5. März 2026</div>",
            "de",
            ("Petra Müller",),
            "2026-03-03",
            "2026-03-05",
        ),
        (
            "<div><span>Skrevet av</span> <a rel='author' href='/k'>Kari Hansen</a></div>"
            "<div>Publisert <time datetime='2026-03-03T08:00:00+01:00'>3. mars</time> "
            "<span>Oppdatert</span> <time datetime='2026-03-04T10:00'>i går</time></div>",
            "nb",
            ("Kari Hansen",),
            "2026-03-03",
            "2026-03-04",
        ),
        ("<p class='dateline'>03.03.2026 – 14:05</p>", "nb", (), "2026-03-03", None),
        (
            "<p>Par <span class='auteur'>Jean Dupont</span>, publié le 3 mars 2026</p>",
            "fr",
            ("Jean Dupont",),
            "2026-03-03",
            None,
        ),
        (
            "<p class='byline'>Por María López · 3 de marzo de 2026</p>",
            "es",
            ("María López",),
            "2026-03-03",
            None,
        ),
    ],
)
def test_the_byline_under_the_headline_is_read(byline, lang, authors, published, updated):
    page = lxml.html.document_fromstring(article(byline, lang=lang))
    found = read_byline(headline(page, "Dugnad i lysløypa"), lang)
    assert (found.authors, found.published, found.updated) == (authors, published, updated)


@pytest.mark.parametrize(
    ("byline", "lang", "authors", "published", "updated"),
    [
        (
            "<p class='byline'><span>Kari Hansen</span><br><span>Publisert 3. mars 2026, kl. "
            "08:15</span></p>",
            "nb",
            ("Kari Hansen",),
            "2026-03-03",
            None,
        ),
        (
            "<p class='byline'>Publisert 3. mars 2026, kl. 08:15 <span>Oppdatert 4. mars 2026, "
            "kl. 10:02</span></p>",
            "nb",
            (),
            "2026-03-03",
            "2026-03-04",
        ),
        (
            "<p class='byline'><span>Ann Berg</span><br><span>Published March 3, 2026</span></p>",
            "en",
            ("Ann Berg",),
            "2026-03-03",
            None,
        ),
    ],
)
def test_bylines_on_several_lines_with_times(byline, lang, authors, published, updated):
    page = lxml.html.document_fromstring(article(byline, lang=lang))
    found = read_byline(headline(page, "Dugnad i lysløypa"), lang)
    assert (found.authors, found.published, found.updated) == (authors, published, updated)


def test_a_byline_date_wins_over_a_date_in_the_body_text():
    page = article("<div class='entry-meta'>Publisert 3. mars 2026 av Torunn Bakkevig</div>")
    saved = extract_article(page, "https://il.example/dugnad")
    assert saved.published == "2026-03-03"
    assert saved.author == "Torunn Bakkevig"


def test_a_byline_never_sets_a_date_in_the_future():
    future = article("<div class='entry-meta'>Publisert 3. mars 2126</div>")
    without = article("<div class='entry-meta'>Publisert av styret</div>")
    # The future date is ignored: the article is dated as if the byline had none.
    published = extract_article(future, "https://il.example/dugnad").published
    assert published == extract_article(without, "https://il.example/dugnad").published
    assert published != "2126-03-03"


def test_a_byline_long_enough_to_be_prose_is_read_quickly_and_not_for_dates():
    # An article written straight into a <div>, full of dates: the byline zone ends at
    # the first sentence, and the article keeps the page's own date.
    prose = "On 3 March 1900 the harbour was built, and on 4 March 1900 it opened. " * 400
    html = (
        "<html lang='en'><head><title>Harbour</title><meta property='article:published_time' "
        "content='2026-03-03'></head><body><h1>Harbour</h1><div>" + prose + "</div></body></html>"
    )
    saved = extract_article(html, "https://gazette.example/harbour")
    assert saved.published == "2026-03-03"


def test_a_short_author_name_is_taken_only_as_a_whole_word():
    from newsreader.capture.byline import Byline, restates_byline

    assert restates_byline("AP · 3 March 2026", Byline(("AP",)))
    assert not restates_byline("Apples and grapes 2026", Byline(("AP",), "2026-03-03"))


def test_a_byline_full_of_other_things_gives_no_author():
    page = lxml.html.document_fromstring(
        article(
            "<div class='author-box'>in Uncategorized, Hinterlasse einen Kommentar, "
            "Interview: Jens Bergmann Foto: Max</div>"
        )
    )
    assert read_byline(headline(page, "Dugnad i lysløypa"), "de").authors == ()


@pytest.mark.parametrize(
    ("raw", "site", "expected"),
    [
        ("Kirsty Lindqvist; Science Reporter ·", None, "Kirsty Lindqvist"),
        ("By John Smith ·", None, "John Smith"),
        ("Ola Nordmann, journalist", None, "Ola Nordmann"),
        ("Jane Doe | March 3, 2026", None, "Jane Doe"),
        ("Jane Doe Senior Political Correspondent", None, "Jane Doe"),
        ("Skrevet av Kari Hansen", None, "Kari Hansen"),
        ("Text: Petra Müller, Redakteurin", None, "Petra Müller"),
        ("Auteur Anna Kubišta", None, "Anna Kubišta"),
        ("Vom Krimiblogger", None, "Krimiblogger"),
        ("Von: Wolfgang Schmale", None, "Wolfgang Schmale"),
        ("Rob Picheta; CNN", "CNN", "Rob Picheta"),
        (
            "Coastline Herald Newsroom; Ann Berg; Ola Nordmann",
            "Coastline Herald",
            "Ann Berg, Ola Nordmann",
        ),
        ("Jane Doe, Redaktion", None, "Jane Doe"),
        ("记者 张三", None, "张三"),
        ("홍길동 기자", None, "홍길동"),
        # Names stay as written.
        ("Von Miller", None, "Von Miller"),
        ("John Smith and Jane Doe", None, "John Smith and Jane Doe"),
        ("Redaktion", None, "Redaktion"),
        ("Deutscher Tennis Bund", "Deutscher Tennis Bund", "Deutscher Tennis Bund"),
        ("Datum", None, None),
        ("3. mars 2026", None, None),
    ],
)
def test_an_author_is_the_name_alone(raw, site, expected):
    assert clean_author(raw, site) == expected
