"""Issue 13, polish: title sort, search snippets, shortcuts dialog, plurals.

Real library in a temp folder, real widgets on the offscreen platform.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale

from newsreader.library.library import Library
from newsreader.ui.list_model import ArticleListModel, ListQuery, View
from tests.test_library import content
from tests.test_window import WAIT_MS, harness  # noqa: F401 (the fixture)


@pytest.fixture
def norwegian() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.NorwegianBokmal, QLocale.Country.Norway))
    yield
    QLocale.setDefault(before)


def _titles(model: ArticleListModel) -> list[str]:
    return [model.index(r).data() for r in range(model.rowCount())]


@pytest.mark.parametrize(
    "titles",
    [
        ["«Øl for alle»", "Zebra i Oslo", "ål på Vestlandet", "Æbler", "apekatter"],
        ['"Bergen"', "— Ærlig talt", "[Ørret]", "Åpen dør", "Avis", "(Zoo)"],
        ["'Ølen'", "«Å leve»", "…zigzag", "Ære", "«Alta»", "–Bodø"],
    ],
)
def test_title_sort_ignores_leading_punctuation_and_follows_locale(
    qtbot, library: Library, norwegian, titles
):
    for n, title in enumerate(titles):
        library.save(content(n, title=title))
    model = ArticleListModel(library)
    model.set_query(ListQuery(view=View.ALL, order="title"))

    def bare(title: str) -> str:
        return title.lstrip("«\"'—–[(… ").casefold()

    norwegian_alphabet = "abcdefghijklmnopqrstuvwxyzæøå"
    expected = sorted(titles, key=lambda t: [norwegian_alphabet.index(c) for c in bare(t)[:1]])
    # Collated off the GUI thread: the list re-sorts in place when it is done.
    qtbot.waitUntil(
        lambda: [bare(t)[0] for t in _titles(model)] == [bare(t)[0] for t in expected],
        timeout=WAIT_MS,
    )
    shown = _titles(model)
    assert sorted(shown) == sorted(titles)


HARBOUR = """<html lang="en"><head><title>Harbour {n}</title></head><body><article>
<h1>Harbour {n}</h1>{figures}<p>The harbour was quiet this morning when the fishing boats
came back with a small catch, and the people on the pier talked about the weather for hours.</p>
<p>Later the wind picked up and the boats stayed in, which nobody minded very much at all,
since the coffee at the harbour café was as good as it had always been.</p></article>
</body></html>"""


@pytest.mark.parametrize(
    ("count", "words"), [(1, "1 image missing"), (2, "2 images missing"), (5, "5 images missing")]
)
def test_the_window_names_missing_images_in_the_right_number(
    harness,  # noqa: F811
    server,
    count,
    words,
):
    figures = "".join(
        f'<figure><img src="/missing-{i}.jpg" alt="Picture {i}"></figure>' for i in range(count)
    )
    url = server.page(f"/harbour-{count}", HARBOUR.format(n=count, figures=figures))
    harness.type_and_save(url)
    harness.wait_saved()
    status = harness.window.statusBar()
    harness.qtbot.waitUntil(lambda: f"Harbour {count}" in status.currentMessage(), timeout=WAIT_MS)
    assert f"({words})" in status.currentMessage()


@pytest.mark.parametrize("font_size", [9, 12, 16])
def test_the_shortcuts_dialog_lists_each_shortcut_once_and_fits(qtbot, qapp, font_size):
    from PySide6.QtGui import QFont, QKeySequence
    from PySide6.QtWidgets import QWidget

    from newsreader.ui.actions import SPECS
    from newsreader.ui.dialogs import ShortcutsDialog

    parent = QWidget()
    qtbot.addWidget(parent)
    font = QFont(qapp.font())
    font.setPointSize(font_size)
    parent.setFont(font)
    dialog = ShortcutsDialog(parent)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    keys = [
        key.strip()
        for row in range(table.rowCount())
        for key in table.item(row, 1).text().split(", ")
    ]
    assert len(keys) == len(set(keys))
    # The standard keys show their first binding only, none of the platform's aliases.
    for alias in ("Ctrl+G", "Ctrl+Shift+G", "Alt+Backspace", "Zoom In", "Zoom Out", "Undo"):
        assert alias not in keys
    native = QKeySequence.SequenceFormat.NativeText
    for spec in SPECS:
        for shortcut in spec.shortcuts:
            if isinstance(shortcut, str):
                assert QKeySequence(shortcut).toString(native) in keys
    # Everything in view: no scrolling, every row inside the visible area.
    assert table.verticalScrollBar().maximum() == 0
    assert table.horizontalScrollBar().maximum() == 0
    last = table.rowCount() - 1
    bottom = table.visualRect(table.model().index(last, 1)).bottom()
    assert bottom <= table.viewport().height()
    right = table.visualRect(table.model().index(last, 1)).right()
    assert right <= table.viewport().width()


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Slik blir skolen bedre\n\nMobbet elev fikk hjelp av kjendiser i helgen.", "mobbet"),
        ("Innledning\n\nRegn og vind i går.\n\nSlutt", "regn"),
        ("Første linje\nAndre linje om fisk\n\nOverskrift\n\nFisk i havet er viktig.", "fisk"),
    ],
)
def test_a_snippet_keeps_a_heading_apart_from_the_next_paragraph(text, word):
    from newsreader.library.search import MATCH_END, MATCH_START, SNIPPET_SEPARATOR, snippet

    marked = snippet(text, (word,)).replace(MATCH_START, "").replace(MATCH_END, "")
    blocks = [" ".join(b.split()) for b in text.replace("\n\n", "\n").split("\n")]
    # Every break between blocks shows as the separator, never as a bare space.
    assert marked.strip("…").split(SNIPPET_SEPARATOR) == blocks


@pytest.mark.parametrize(
    "before",
    [
        "Ord " * 30,
        "«Sitat» — " * 12 + "lange-ord-med-bindestrek " * 6,
        "(parentes) [klammer] " * 10 + "tall 1 234 567 ",
        "xx" * 20 + " kort " * 25,
    ],
)
def test_a_snippet_starts_and_ends_on_a_word_boundary(before):
    from newsreader.library.search import MATCH_END, MATCH_START, snippet

    text = before + "Her står mobbet midt i teksten, og " + "etterpå kommer mer tekst " * 20
    marked = snippet(text, ("mobbet",))
    plain = marked.replace(MATCH_START, "").replace(MATCH_END, "")
    assert plain.startswith("…") and plain.endswith("…")
    inner = plain[1:-1]
    assert f" {inner} " in f" {' '.join(text.split())} "
