"""Matching highlights between the article's plain text and the reader's document:
a real QTextDocument made from the article's HTML by the reader's own renderer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor, QTextDocument

from newsreader.capture.text import html_to_text
from newsreader.library import anchoring
from newsreader.library.highlights import Highlight
from newsreader.ui import highlight_colors, theme
from newsreader.ui.reader_passages import DocumentPassages

BODY = (
    "<p>Første&nbsp;avsnitt <b>om</b> skolen 😀 og fot\u00adball på Grünerløkka.</p>"
    "<figure><img src='x.png'><figcaption>Bilde: Åse Bø / NTB</figcaption></figure>"
    "<p>Andre avsnitt om skolen, med 𝒳 og flere tegn.<br>Ny linje i samme avsnitt.</p>"
    "<ul><li>Et punkt om skolen</li><li>Et annet punkt</li></ul>"
    "<p>Tredje 😀 avsnitt om skolen.</p>"
)
HEADER = "<h1>Om skolen 😀</h1><p>Av Åse Bø</p>"


@pytest.fixture
def document(qapp) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(HEADER + BODY)
    return document


@pytest.fixture
def text() -> str:
    return html_to_text(BODY)


@pytest.fixture
def passages(document) -> DocumentPassages:
    body = document.toRawText().index("Første")
    probe = DocumentPassages(document)
    return DocumentPassages(document, probe.to_qt(body))


def selected(document: QTextDocument, start: int, end: int) -> str:
    cursor = QTextCursor(document)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


def stored(text: str, passage: str, occurrence: int = 0) -> Highlight:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(passage, start + 1)
    quote = anchoring.describe(text, start, start + len(passage))
    return Highlight(
        1, 1, quote.exact, quote.prefix, quote.suffix, start, start + len(passage),
        anchoring.MADE, "yellow", "", "", "",
    )  # fmt: skip


def loose(value: str) -> str:
    return anchoring.loosened(value.replace("\u00ad", ""))


@pytest.mark.parametrize(
    "passage",
    [
        "Tredje 😀 avsnitt",  # after two emoji: UTF-16 positions differ from code points
        "Første avsnitt om",  # a no-break space in the document
        "fotball på Grünerløkka",  # a soft hyphen in the document only
        "med 𝒳 og flere tegn.\nNy linje",  # a line break, an astral letter
        "punkt om skolen\n\nEt annet",  # list items
        "Grünerløkka.\n\nAndre avsnitt",  # a captioned picture between the two
    ],
)
def test_a_stored_highlight_is_found_in_the_document(document, passages, text, passage):
    highlight = stored(text, passage)
    start, end = passages.span_of(highlight, text)
    shown = selected(document, start, end)
    if "Andre" in passage:  # the caption between is part of the document's span
        assert shown.startswith("fot") is False and "Bilde: Åse Bø" in shown
        assert loose(shown).startswith("Grünerløkka.") and loose(shown).endswith("Andre avsnitt")
    else:
        assert loose(shown) == loose(passage)


def test_of_several_occurrences_the_one_at_the_stored_place_is_found(document, passages, text):
    # "om skolen" is in four places of the body ("Om skolen" in the title).
    for occurrence in range(text.count("om skolen")):
        highlight = stored(text, "om skolen", occurrence)
        start, _ = passages.span_of(highlight, text)
        before = document.toRawText()[: passages.from_qt(start)]
        assert before.count("om skolen") == occurrence


def test_a_lost_highlight_has_no_place(passages, text):
    highlight = stored(text, "Første avsnitt")
    lost = Highlight(**{**highlight.__dict__, "start": None, "end": None, "anchoring": "lost"})
    assert passages.spans_of([lost], text) == {}
    # The article's text changed and the document shown is an older rendering.
    other = text.replace("Første avsnitt", "Ikke i dokumentet")
    assert passages.span_of(highlight, other) is None


@pytest.mark.parametrize(
    "passage", ["skolen 😀 og fotball", "avsnitt om skolen, med 𝒳 og", "Tredje 😀 avsnitt"]
)
def test_a_selection_in_the_document_is_a_passage_of_the_text(document, passages, text, passage):
    raw = document.toRawText()
    if "fotball" in passage:  # the soft hyphen is in the document
        start = raw.index("skolen 😀 og fot")
        end = raw.index("ball", start) + 4
    else:
        start = raw.index(passage)
        end = start + len(passage)
    found = passages.article_span(passages.to_qt(start), passages.to_qt(end), text)
    assert found is not None and text[found[0] : found[1]] == passage


def test_a_selection_over_a_captioned_picture_is_the_text_around_it(document, passages, text):
    raw = document.toRawText()
    start = raw.index("på Grünerløkka")
    end = raw.index("Andre avsnitt") + len("Andre avsnitt")
    found = passages.article_span(passages.to_qt(start), passages.to_qt(end), text)
    assert found is not None
    assert text[found[0] : found[1]] == "på Grünerløkka.\n\nAndre avsnitt"


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("Av Åse Bø", "Første"),  # from the byline into the body
        ("på Grünerløkka", "Bilde: Åse Bø"),  # from the body into a caption
    ],
)
def test_a_selection_from_the_text_into_what_it_has_not_is_no_passage(
    document, passages, text, first, last
):
    # Over several blocks, only one end of which is the article's text.
    raw = document.toRawText()
    start = raw.index(first)
    end = raw.index(last, start) + len(last)
    assert "\u2029" in raw[start:end]
    assert passages.article_span(passages.to_qt(start), passages.to_qt(end), text) is None


def test_a_selection_outside_the_text_is_no_passage(document, passages, text):
    raw = document.toRawText()
    for words in ("Om skolen 😀", "Bilde: Åse Bø / NTB", "Av Åse Bø"):
        start = raw.index(words)
        span = (passages.to_qt(start), passages.to_qt(start + len(words)))
        assert passages.article_span(*span, text) is None, words
    only_space = passages.to_qt(raw.index("\u2029"))
    assert passages.article_span(only_space, only_space + 1, text) is None


def test_qt_positions_and_code_points_convert_both_ways(passages):
    for offset in range(len(passages.raw) + 1):
        assert passages.from_qt(passages.to_qt(offset)) == offset


def _contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio)."""

    def luminance(color: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in (color.redF(), color.greenF(), color.blueF()))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("name", ["light", "sepia", "dark"])
def test_every_highlight_colour_keeps_the_text_readable(name):
    colors = theme.THEMES[name]
    for color in highlight_colors.SHADES:
        shade = highlight_colors.shade(color, colors.dark)
        assert _contrast(shade, QColor(colors.reader_text)) >= 7.0, (name, color)
        assert shade != QColor(colors.reader_background)


def test_a_highlight_placed_fuzzily_is_found_by_the_text_at_its_place(qapp):
    body = "<p>Innledning.</p><p>Kommunestyret vedtok til slutt budsjettet tirsdag.</p>"
    text = html_to_text(body)
    document = QTextDocument()
    document.setHtml(HEADER + body)
    start = text.index("Kommunestyret")
    end = text.index(" tirsdag") + len(" tirsdag")
    quote = anchoring.describe(text, start, end)
    fuzzy = Highlight(
        1, 1, "Kommunestyret vedtok budsjettet tirsdag", quote.prefix, quote.suffix,
        start, end, anchoring.FUZZY, "yellow", "", "", "",
    )  # fmt: skip
    span = DocumentPassages(document).span_of(fuzzy, text)
    assert span is not None
    assert selected(document, *span) == "Kommunestyret vedtok til slutt budsjettet tirsdag"


def test_many_captions_before_do_not_send_a_highlight_to_an_earlier_occurrence(qapp):
    # The same sentence ends every long paragraph; 40 captioned pictures at the top
    # push the proportional hint about 6,000 characters off, next to an earlier
    # occurrence: only the context (the paragraph's number) tells them apart.
    caption = "Bildetekst som er ganske lang og beskriver bildet i detalj. " * 5
    filler = "fyll " * 1000
    parts = [
        f"<figure><img src='x{n}.png'><figcaption>{caption}</figcaption></figure>"
        for n in range(40)
    ]
    for n in range(50):
        parts.append(f"<p>Avsnitt nummer {n}. {filler}Skolen og elevene der.</p>")
    body = "".join(parts)
    text = html_to_text(body)
    document = QTextDocument()
    document.setHtml(body)
    passages = DocumentPassages(document)
    start = text.index("Skolen og elevene der.", text.index("Avsnitt nummer 25."))
    highlight = stored_at(text, start, len("Skolen og elevene der."))
    assert highlight.prefix.endswith("fyll ")  # the quote alone, not its number, near
    span = passages.span_of(highlight, text)
    found_at = passages.from_qt(span[0])
    raw = document.toRawText()
    assert raw.rfind("Avsnitt nummer", 0, found_at) == raw.index("Avsnitt nummer 25.")


def stored_at(text: str, start: int, length: int) -> Highlight:
    quote = anchoring.describe(text, start, start + length)
    return Highlight(
        1, 1, quote.exact, quote.prefix, quote.suffix, start, start + length,
        anchoring.MADE, "yellow", "", "", "",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "right"),
    [
        ("Mobbing i skolen", False),
        ("مرحبا بالعالم", True),  # Arabic
        ("שלום עולם", True),  # Hebrew
        ("« 12 » שלום", True),  # neutral characters first
        ("12 Tromsø", False),
        ("", False),
    ],
)
def test_quotes_in_the_lists_are_aligned_by_their_writing_direction(text, right):
    from newsreader.ui.highlight_delegate import text_alignment

    assert bool(text_alignment(text) & Qt.AlignmentFlag.AlignRight) == right
