"""library/anchoring.py: placing a quote in a text, and finding it again after the text
changed (position, quote with context, fuzzy, lost). Pure functions: no library."""

from __future__ import annotations

import pytest

from newsreader.library import anchoring
from newsreader.library.anchoring import (
    CONTEXT_CHARS,
    FUZZY,
    FUZZY_MIN_CHARS,
    POSITION,
    QUOTE,
    LooseText,
    TextQuote,
    anchor,
    describe,
    find_fuzzy,
    find_quote,
    loosened,
)

NORSK = (
    "Kjendiser støtter mobbeofferet. Videoen av gutten har gått verden rundt.\n\n"
    "Mange skrev til ham på sosiale medier, og flere tilbød seg å møte ham.\n\n"
    "Skolen sier at den tar saken på største alvor, og at elevene skal følges opp."
)
ENGLISH = (
    "The harbour was quiet this morning when the fishing boats came back.\n\n"
    "Later the wind picked up and the boats stayed in, which nobody minded.\n\n"
    "The coffee at the harbour café was as good as it had always been."
)


def _quote(text: str, passage: str, occurrence: int = 0) -> tuple[TextQuote, int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(passage, start + 1)
    return describe(text, start, start + len(passage)), start, start + len(passage)


# --- describe and LooseText -------------------------------------------------------------
def test_describe_keeps_the_passage_and_its_context():
    quote, start, end = _quote(NORSK, "flere tilbød seg")
    assert quote.exact == "flere tilbød seg"
    assert quote.prefix == NORSK[start - CONTEXT_CHARS : start]
    assert quote.suffix == NORSK[end : end + CONTEXT_CHARS]
    # At the very start and end of the text the context is shorter.
    assert describe(NORSK, 0, 9) == TextQuote("Kjendiser", "", NORSK[9 : 9 + CONTEXT_CHARS])
    assert describe(NORSK, len(NORSK) - 5, len(NORSK)).suffix == ""


@pytest.mark.parametrize(("start", "end"), [(5, 5), (-1, 3), (10, 4), (0, len(NORSK) + 1)])
def test_describe_refuses_an_empty_or_outside_span(start, end):
    with pytest.raises(ValueError):
        describe(NORSK, start, end)


def test_loose_text_maps_back_to_the_original():
    text = "Blåbær\u00ad og\n\n  tytte\u200bbær\u2029i  Tromsø"
    loose = LooseText(text)
    assert loose.loose == "Blåbær og tyttebær i Tromsø"
    at = loose.loose.index("tyttebær")
    start, end = loose.original(at, at + len("tyttebær"))
    assert text[start:end] == "tytte\u200bbær"
    assert loosened("  a\u00a0\n b\u00ad c ") == "a b c"


# --- position -----------------------------------------------------------------------------
@pytest.mark.parametrize("text", [NORSK, ENGLISH])
def test_an_unchanged_text_is_placed_by_position(text):
    passage = text.split("\n\n")[1][:30]
    quote, start, end = _quote(text, passage)
    assert anchor(text, quote, start, end) == anchoring.Placement(start, end, POSITION)
    assert anchor(LooseText(text), quote, start, end).method == POSITION


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (NORSK, "Oppdatert kl. 12.00.\n\n" + NORSK),  # words added before
        (ENGLISH, "Updated: a correction.\n\n" + ENGLISH),
        (NORSK, NORSK.replace("Videoen av gutten har gått verden rundt.", "")),  # removed
    ],
)
def test_a_moved_passage_is_found_by_its_quote(before, after):
    quote, start, end = _quote(before, "på sosiale medier" if "sosiale" in before else "the wind")
    placed = anchor(after, quote, start, end)
    assert placed.method == QUOTE
    assert after[placed.start : placed.end] == quote.exact


# --- quote with context ---------------------------------------------------------------------
TWICE_NB = (
    "Bjørnen spiste blåbær i august. Forskerne fulgte den hele høsten.\n\n"
    "Elgen spiste blåbær i september. Jegerne så den ved vannet."
)
TWICE_EN = (
    "In spring the river was high. The bridge was closed for a week.\n\n"
    "In autumn the storm came. The bridge was closed for a day."
)


@pytest.mark.parametrize(
    ("text", "passage"),
    [(TWICE_NB, "spiste blåbær i"), (TWICE_EN, "The bridge was closed for a")],
)
@pytest.mark.parametrize("occurrence", [0, 1])
def test_of_two_occurrences_the_one_whose_context_fits(text, passage, occurrence):
    quote, start, end = _quote(text, passage, occurrence)
    # Words added before move both: the position no longer holds, and the nearest
    # occurrence to the old position would be the wrong one for the second.
    changed = "Ny innledning som er lang nok til å flytte alt sammen godt forbi. " + text
    placed = find_quote(changed, quote, near=start)
    shift = len(changed) - len(text)
    assert (placed.start, placed.end) == (start + shift, end + shift)
    # Even when the hint points at the other one.
    other_start = _quote(text, passage, 1 - occurrence)[1]
    placed = find_quote(changed, quote, near=other_start + shift)
    assert placed.start == start + shift


@pytest.mark.parametrize("text", [TWICE_NB, TWICE_EN])
def test_without_context_the_nearest_occurrence(text):
    passage = "spiste blåbær i" if "blåbær" in text else "The bridge was closed for a"
    second = text.index(passage, text.index(passage) + 1)
    bare = TextQuote(passage)
    assert find_quote(text, bare, near=second).start == second
    assert find_quote(text, bare, near=0).start == text.index(passage)
    assert find_quote(text, bare).start == text.index(passage)  # no hint: the first


@pytest.mark.parametrize(
    ("quote", "text"),
    [
        # The reader's document breaks paragraphs with U+2029, the stored text with \n\n.
        ("rundt.\u2029Mange skrev", NORSK),
        ("rundt.\n\nMange skrev", NORSK.replace("\n\n", "\u2029")),
        ("came back.\u2029\u2029Later the", ENGLISH),
        # A no-break space, a line break, a run of spaces.
        ("største\u00a0alvor", NORSK),
        ("gått\nverden   rundt", NORSK),
        ("harbour\u00a0café", ENGLISH),
        # A soft hyphen or a zero-width space where a browser broke a word.
        ("mobbe\u00adofferet", NORSK),
        ("fishing\u200b boats", ENGLISH),
    ],
)
def test_white_space_differences_do_not_matter(quote, text):
    placed = find_quote(text, TextQuote(quote))
    assert placed is not None and placed.method == QUOTE
    assert loosened(text[placed.start : placed.end]) == loosened(quote)


def test_a_quote_of_only_white_space_is_not_placed():
    assert find_quote(NORSK, TextQuote(" \n\u2029 ")) is None
    assert anchor(NORSK, TextQuote("\u00ad")) is None


# --- fuzzy ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "passage", "edited"),
    [
        (NORSK, "flere tilbød seg å møte ham", "mange tilbød seg å møte ham"),  # a word
        (NORSK, "Skolen sier at den tar saken på største alvor",
         "Skolen sier at den tar saken på aller største alvor"),  # a word added
        (ENGLISH, "the wind picked up and the boats stayed in",
         "the wind picked up and the ships stayed in"),
        ("Bjørnen spiste 40 kilo blåbær på én uke i august.",
         "Bjørnen spiste 40 kilo blåbær på én uke", "Bjørnen spiste 40 kg blåbær på én uke"),
        ("The bridge was closed for 12 days in March.",
         "The bridge was closed for 12 days", "The bridge was shut for 12 days"),
        # A changed number is another claim: tests/test_anchoring_numbers.py.
    ],
)  # fmt: skip
def test_an_edited_passage_is_found_fuzzily(text, passage, edited):
    quote, start, end = _quote(text, passage)
    changed = text.replace(passage, edited)
    placed = anchor(changed, quote, start, end)
    assert placed is not None and placed.method == FUZZY
    assert changed[placed.start : placed.end].strip(" .") == edited


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        (NORSK, "Regjeringen vil bygge flere veier i Nord-Norge neste år."),
        (NORSK, "Været i helgen blir kaldt med snø på fjellet."),
        (ENGLISH, "The council voted to close the old library next year."),
        (ENGLISH, "Prices of train tickets will rise again in January."),
    ],
)
def test_an_unrelated_sentence_of_the_same_language_is_not_found(text, quote):
    assert find_fuzzy(text, TextQuote(quote)) is None
    assert anchor(text, TextQuote(quote), 10, 10 + len(quote)) is None  # lost


@pytest.mark.parametrize("quote", ["møte hamm", "gått verdn", "boats camee", "the harbr"])
def test_a_quote_shorter_than_the_minimum_is_not_placed_fuzzily(quote):
    assert len(quote) < FUZZY_MIN_CHARS
    text = NORSK + "\n\n" + ENGLISH
    assert find_fuzzy(text, TextQuote(quote)) is None
    assert anchor(text, TextQuote(quote)) is None


def test_a_quote_of_the_minimum_length_is_placed_fuzzily():
    quote = "verden rundtt"  # "verden rundt" with a typing slip
    assert len(loosened(quote)) >= FUZZY_MIN_CHARS
    placed = find_fuzzy(NORSK, TextQuote(quote))
    assert NORSK[placed.start : placed.end] == "verden rundt"


def test_a_text_shorter_than_the_quote_does_not_hold_it():
    quote = TextQuote("Mange skrev til ham på sosiale medier, og flere tilbød seg")
    assert find_fuzzy("Mange skrev til ham.", quote) is None
    assert find_fuzzy("", quote) is None


def test_a_fuzzy_match_takes_whole_words():
    text = "Forskerne fulgte bjørnen gjennom hele høsten i Pasvik."
    placed = find_fuzzy(text, TextQuote("fulgte bjørnene gjennom hele"))
    assert placed is not None
    assert text[placed.start : placed.end] == "fulgte bjørnen gjennom hele"


# --- lost -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "passage"),
    [
        (NORSK, "Mange skrev til ham på sosiale medier, og flere tilbød seg å møte ham."),
        (ENGLISH, "Later the wind picked up and the boats stayed in, which nobody minded."),
    ],
)
def test_a_removed_paragraph_is_lost(text, passage):
    quote, start, end = _quote(text, passage)
    changed = text.replace(passage + "\n\n", "")
    assert passage not in changed
    assert anchor(changed, quote, start, end) is None


def test_an_old_position_outside_a_shorter_text_is_no_harm():
    quote, start, end = _quote(NORSK, "følges opp")
    short = "følges opp, sier rektor."
    placed = anchor(short, quote, start, end)
    assert (placed.start, placed.end, placed.method) == (0, 10, QUOTE)
    assert anchor("", quote, start, end) is None


# --- a passage that grew or shrank is taken whole (the review's case) -------------------
@pytest.mark.parametrize(
    ("quote", "text", "passage"),
    [
        (
            "The committee approved the new budget on Tuesday after a long debate",
            "Intro. The committee finally approved the new budget on Tuesday after a long "
            "debate in the chamber. Then lunch.",
            "The committee finally approved the new budget on Tuesday after a long debate",
        ),
        (
            "The committee approved the new budget on Tuesday after a long debate",
            "Intro. The committee approved the budget on Tuesday after a debate. Then lunch.",
            "The committee approved the budget on Tuesday after a debate",
        ),
        (
            "Kommunestyret vedtok det nye budsjettet tirsdag etter en lang debatt",
            "Innledning. Kommunestyret vedtok til slutt det nye budsjettet tirsdag etter en "
            "lang og opphetet debatt. Så lunsj.",
            "Kommunestyret vedtok til slutt det nye budsjettet tirsdag etter en lang og "
            "opphetet debatt",
        ),
    ],
)
def test_a_fuzzy_match_covers_the_edited_passage_from_its_first_word_to_its_last(
    quote, text, passage
):
    placed = anchoring.find_fuzzy(text, anchoring.TextQuote(quote))
    assert placed is not None and placed.method == anchoring.FUZZY
    assert text[placed.start : placed.end] == passage
