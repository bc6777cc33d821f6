"""Language codes and recognising a text's language."""

from __future__ import annotations

import pytest

from newsreader import languages
from tests.conftest import seed_paragraphs

ENGLISH = (
    "The school said it was aware of the video and that it would not comment on the case, "
    "but the boy's mother told reporters that he had been bullied for months and that the "
    "teachers could have done more. She said that she hoped the attention would help."
)
NYNORSK = (
    "Eg har ikkje sett henne sidan ho flytta frå bygda, men dei seier at ho har det bra. "
    "Kva skal me gjere no? Det er berre å vente og sjå korleis det går med dei andre, "
    "for ingen veit kva som skjer etter at skulen er ferdig for i år."
)
DANISH = (
    "Jeg har ikke set hende siden hun flyttede fra byen, men de siger at hun har det godt. "
    "Hvad skal vi gøre nu? Det er bare at vente og se, hvordan det går med de andre, efter "
    "at skolen er færdig for i år, og meget af det bliver sværere end vi troede."
)
GERMAN = (
    "Die Schule sagte, sie habe von dem Video erfahren und werde sich nicht zu dem Fall "
    "äußern, aber die Mutter des Jungen sagte, er sei seit Monaten gemobbt worden und die "
    "Lehrer hätten mehr tun können. Sie hoffe, dass die Aufmerksamkeit hilft."
)


@pytest.mark.parametrize(
    ("code", "stored"),
    [
        ("nb-NO", "nb"),
        ("no", "nb"),
        ("NO", "nb"),
        ("nn_NO", "nn"),
        ("en-US", "en"),
        ("de", "de"),
        ("eng", "en"),
        ("english", None),
        ("", None),
        (None, None),
        ("x", None),
        ("en US", None),
    ],
)
def test_declared_codes_are_normalised(code, stored):
    assert languages.normalise(code) == stored


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("\n\n".join(seed_paragraphs()), "nb"),
        (ENGLISH, "en"),
        (NYNORSK, "nn"),
        (DANISH, "da"),
        (GERMAN, "de"),
        ("Путин заявил, что переговоры продолжатся на следующей неделе в Москве.", "ru"),
    ],
)
def test_the_language_of_a_text_is_recognised(text, language):
    assert languages.detect(text) == language


def test_a_short_text_says_nothing():
    assert languages.detect("Keaton Jones") is None
    assert languages.settle(None, "Keaton Jones") is None
    assert languages.settle("nb-NO", "Keaton Jones") == "nb"


def test_a_page_that_declares_the_wrong_language_is_overruled_by_its_text():
    # Site templates often say lang="en" whatever the article is written in.
    norwegian = "\n\n".join(seed_paragraphs())
    assert languages.settle("en", norwegian) == "nb"
    assert languages.settle("no", norwegian) == "nb"
    assert languages.settle(None, ENGLISH) == "en"
    # A close relative is not overruled: Bokmål and Danish share most small words.
    assert languages.settle("da", DANISH) == "da"


def test_language_filters_name_groups():
    assert languages.members("no") == ("nb", "nn")
    assert languages.members("Norsk") == ("nb", "nn")
    assert languages.members("nynorsk") == ("nn",)
    assert languages.members("English") == ("en",)
    assert languages.members("nb") == ("nb",)
    assert languages.members("EN") == ("en",)
    assert languages.members("???") == ()
