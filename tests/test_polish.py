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
    qapp, library: Library, norwegian, titles
):
    for n, title in enumerate(titles):
        library.save(content(n, title=title))
    model = ArticleListModel(library)
    model.set_query(ListQuery(view=View.ALL, order="title"))

    def bare(title: str) -> str:
        return title.lstrip("«\"'—–[(… ").casefold()

    norwegian_alphabet = "abcdefghijklmnopqrstuvwxyzæøå"
    expected = sorted(titles, key=lambda t: [norwegian_alphabet.index(c) for c in bare(t)[:1]])
    shown = _titles(model)
    assert [bare(t)[0] for t in shown] == [bare(t)[0] for t in expected]
    assert sorted(shown) == sorted(titles)
