"""A fuzzy match may not pair contradicting numbers (issue 16, "tails" 2): a quote whose
figures differ from the passage's is another claim, and stays unplaced (lost) rather
than pinned on it; numbers written differently (separators, scripts, a per cent sign)
are the same figure, and edits of words still match approximately. library/numerals.py
and library/anchoring.py, pure; then a real library in tmp_path re-anchoring."""

from __future__ import annotations

import pytest

from newsreader.library import numerals
from newsreader.library.anchoring import FUZZY, TextQuote, anchor, describe, find_fuzzy
from tests.test_library import content


# --- numerals ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("prices rose 5% in 2023", ["5", "2023"]),
        ("prisene steg 5 % i 2023", ["5", "2023"]),
        ("1.234,5 · 1,234.5 · 1 234,5 · 1\u00a0234,50", ["1234.5"] * 4),  # comma, point, spaces
        ("1,5 · 1.5 · 0,500", ["1.5", "1.5", "0.5"]),  # one mark before not three digits
        ("1.500 · 1,500 · 12\u202f500 · 1'000'000 · 1,00,000",
         ["1500", "1500", "12500", "1000000", "100000"]),
        ("in 2023 100 people, 5, 6 and 7.", ["2023", "100", "5", "6", "7"]),  # not groups
        ("٥٪ في عام ٢٠٢٣ و ٣٫١٤", ["5", "2023", "3.14"]),  # Arabic-Indic, Arabic separator
        ("मूल्य में १२ प्रतिशत · 価格は２０２３年", ["12", "2023"]),  # Devanagari, fullwidth
        ("COVID-19, 2020-2023, -5 og −3,5 grader", ["19", "2020", "2023", "-5", "-3.5"]),
        ("x² ① kl. 12.00", ["12"]),  # superscripts and circled digits are not figures
    ],
)  # fmt: skip
def test_numbers_are_read_as_values_whatever_their_script_and_marks(text, values):
    assert numerals.numbers(text) == values


@pytest.mark.parametrize(
    ("quoted", "found", "agreeing"),
    [
        (["5", "2023"], ["15", "2024"], False),
        (["5", "2023"], ["5", "2024"], False),
        (["2", "3"], ["3", "2"], False),  # the same figures, swapped
        (["5", "2023"], ["2023"], False),  # a quoted figure gone
        (["5", "2023"], ["5", "2023"], True),
        (["2023"], ["5", "2023"], True),  # a figure added
        (["5", "2023"], ["5", "105", "2023"], True),
        ([], ["5"], True),
        (["5"], [], True),  # words for figures ("five per cent")
    ],
)
def test_the_quoted_numbers_agree_when_the_passage_has_them_in_order(quoted, found, agreeing):
    assert numerals.agree(quoted, found) is agreeing


# --- anchoring ----------------------------------------------------------------------------
def _placed(text: str, passage: str, edited: str):
    """Where ``passage`` of ``text``, described there, is placed once it reads ``edited``."""
    start = text.index(passage)
    quote = describe(text, start, start + len(passage))
    changed = text.replace(passage, edited)
    return changed, anchor(changed, quote, start, start + len(passage))


@pytest.mark.parametrize(
    ("text", "passage", "edited"),
    [
        ("Last year prices rose 5% in 2023, the bureau said.",
         "prices rose 5% in 2023", "prices rose 15% in 2024"),
        ("Bjørnen spiste 40 kilo blåbær på én uke i august.",
         "Bjørnen spiste 40 kilo blåbær på én uke", "Bjørnen spiste 45 kilo blåbær på én uke"),
        ("The bridge was closed for 12 days in March.",
         "The bridge was closed for 12 days", "The bridge was closed for 14 days"),
        ("Renten ble satt opp til 4,5 prosent i desember i fjor.",  # decimal comma
         "Renten ble satt opp til 4,5 prosent", "Renten ble satt opp til 4,75 prosent"),
        ("Det kom 12 500 tilskuere til kampen på Lerkendal i går.",  # grouped by a space
         "Det kom 12 500 tilskuere til kampen", "Det kom 12 800 tilskuere til kampen"),
        ("Temperaturen falt til -5 grader i Tromsø i natt.",  # the sign
         "Temperaturen falt til -5 grader i Tromsø", "Temperaturen falt til 5 grader i Tromsø"),
        ("Rosenborg snudde kampen fra 2-1 til 3-2 etter pause.",  # the same figures swapped
         "Rosenborg snudde kampen fra 2-1 til 3-2", "Rosenborg snudde kampen fra 3-2 til 2-1"),
        ("ارتفعت الأسعار بنسبة ٥٪ في عام ٢٠٢٣ حسب المكتب.",  # Arabic-Indic digits
         "ارتفعت الأسعار بنسبة ٥٪ في عام ٢٠٢٣", "ارتفعت الأسعار بنسبة ٦٪ في عام ٢٠٢٣"),
        ("पिछले साल कीमतों में ५ प्रतिशत की वृद्धि हुई थी।",  # Devanagari digits
         "कीमतों में ५ प्रतिशत की वृद्धि हुई", "कीमतों में ८ प्रतिशत की वृद्धि हुई"),
        ("Consumer prices in Norway rose 5% in 2023 compared with the year before.",
         "prices in Norway rose 5% in 2023 compared with the year before",
         "prices in Norway rose a lot in 2023 compared with the year before"),  # a figure gone
    ],
)  # fmt: skip
def test_a_passage_whose_numbers_contradict_the_quote_is_not_taken(text, passage, edited):
    changed, placed = _placed(text, passage, edited)
    assert placed is None, changed[placed.start : placed.end]  # lost, not pinned on it
    assert find_fuzzy(changed, TextQuote(passage)) is None


@pytest.mark.parametrize(
    ("text", "passage", "edited"),
    [
        ("Last year prices rose 5% in 2023, the bureau said.",  # a word inserted
         "prices rose 5% in 2023", "prices rose by 5% in 2023"),
        ("The bridge was closd for 12 days in March.",  # a typo fixed
         "The bridge was closd for 12 days", "The bridge was closed for 12 days"),
        ("Prisene steg med 5 prosent i 2023, sier byrået.",  # punctuation and a sign
         "Prisene steg med 5 prosent i 2023", "Prisene steg med 5 % i 2023,"),
        ("Det kom 12 500 tilskuere til kampen på Lerkendal i går.",  # grouped otherwise
         "Det kom 12 500 tilskuere til kampen", "Det kom 12.500 tilskuere til selve kampen"),
        ("Renten ble satt opp til 4,5 prosent i desember i fjor.",
         "Renten ble satt opp til 4,5 prosent", "Renta ble satt opp til 4.5 prosent"),
        ("Last year consumer prices rose 5% in 2023, the bureau said.",  # a figure added
         "consumer prices rose 5% in 2023", "consumer prices rose 5% to 105 in 2023"),
    ],
)  # fmt: skip
def test_an_edit_that_keeps_the_numbers_is_still_placed_approximately(text, passage, edited):
    changed, placed = _placed(text, passage, edited)
    assert placed is not None and placed.method == FUZZY
    assert changed[placed.start : placed.end].strip(" ,") == edited.strip(" ,")


@pytest.mark.parametrize(
    ("text", "passage", "edited"),
    [
        ("ارتفعت أسعار المواد الغذائية في البلاد بنسبة ٥٪ في عام ٢٠٢٣ حسب المكتب.",  # ASCII digits
         "ارتفعت أسعار المواد الغذائية في البلاد بنسبة ٥٪ في عام ٢٠٢٣",
         "ارتفعت أسعار المواد الغذائية في البلاد بنسبة 5٪ في عام 2023"),
        ("Styringsrenten ble i går satt opp til 4,5 i Norges Bank.",  # a decimal point
         "Styringsrenten ble i går satt opp til 4,5", "Styringsrenten ble i går satt opp til 4.5"),
    ],
)  # fmt: skip
def test_a_figure_respelled_at_the_end_of_the_quote_is_still_the_same(text, passage, edited):
    # No run of agreeing characters reaches into the respelled figure, so the passage
    # placed ends short of it; the figure right beside it is still the passage's.
    changed, placed = _placed(text, passage, edited)
    assert placed is not None and placed.method == FUZZY
    assert edited.startswith(changed[placed.start : placed.end])


def test_of_alike_stretches_the_one_whose_numbers_agree_is_taken():
    # One sentence per year, all alike: the most alike stretch has the wrong year.
    text = (
        "Prices rose 6% in 2023 across the whole country, the bureau said. "
        "Prices rose 5% in 2023 across the whole kountry, the bureau said."
    )
    quote = TextQuote("Prices rose 5% in 2023 across the whole country")
    placed = find_fuzzy(text, quote)
    assert placed is not None
    assert text[placed.start : placed.end] == "Prices rose 5% in 2023 across the whole kountry"


# --- in the library -------------------------------------------------------------------------
TEXT = (
    "Statistisk sentralbyrå la fram tallene i dag.\n\n"
    "Prisene på matvarer steg med 5,2 prosent i 2023, mer enn året før.\n\n"
    "Økningen var størst for frukt og grønnsaker."
)
QUOTE = "Prisene på matvarer steg med 5,2 prosent i 2023"


def test_a_refetched_text_with_other_figures_leaves_the_highlight_lost(library):
    article_id = library.save(content(1, text=TEXT)).article_id
    start = TEXT.index(QUOTE)
    made = library.notebook.add(article_id, start, start + len(QUOTE), note="Sjekk")
    # The same article saved again with this year's figures: not the highlighted claim.
    library.save(content(1, text=TEXT.replace("5,2 prosent i 2023", "3,1 prosent i 2024")))
    now = library.notebook.get(made.id)
    assert (now.found, now.anchoring, now.quote, now.note) == (False, "lost", QUOTE, "Sjekk")
    # A wording change with the same figures is placed approximately.
    library.save(content(1, text=TEXT.replace("Prisene på matvarer", "Prisene på mat")))
    now = library.notebook.get(made.id)
    assert now.found and now.anchoring == "fuzzy"
    assert now.quote == "Prisene på mat steg med 5,2 prosent i 2023"
