"""The Title order is collated off the GUI thread (issue 13): the list shows SQLite's
order at once, then re-sorts in place, keeping the selection, when Qt's collation of
every title arrives from TitleOrder's thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QItemSelectionModel, QLocale

from newsreader.ui import title_collation
from newsreader.ui.list_model import ArticleListModel, ListQuery, View
from newsreader.ui.title_order import TitleOrder
from tests.test_library import content
from tests.test_polish import norwegian  # noqa: F401  (the fixture)
from tests.test_window import WAIT_MS, harness  # noqa: F401  (the fixture)

TITLES = ["«Øl for alle»", "Zebra i Oslo", "ål på Vestlandet", "Æbler", "apekatter", "(Bodø)"]
COLLATED = ["apekatter", "(Bodø)", "Zebra i Oslo", "Æbler", "«Øl for alle»", "ål på Vestlandet"]


def _titles(model: ArticleListModel) -> list[str]:
    return [model.index(r).data() for r in range(model.rowCount())]


def test_the_title_view_opens_at_once_and_is_collated_off_the_gui_thread(
    qtbot,
    library,
    norwegian,  # noqa: F811
):
    for n, title in enumerate(TITLES):
        library.save(content(n, title=title))
    threads = []
    collate = title_collation.title_ranks

    def recording(titles):  # the real collation, noting where it ran
        threads.append(threading.current_thread())
        return collate(titles)

    title_collation.title_ranks = recording
    try:
        model = ArticleListModel(library)
        model.set_query(ListQuery(view=View.ALL, order="title"))
        # Returned before any collation: SQLite's own order (punctuation first).
        assert _titles(model) != COLLATED and sorted(_titles(model)) == sorted(TITLES)
        view_selection = QItemSelectionModel(model)
        zebra = model.index(_titles(model).index("Zebra i Oslo"))
        view_selection.setCurrentIndex(zebra, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        qtbot.waitUntil(lambda: _titles(model) == COLLATED, timeout=WAIT_MS)
    finally:
        title_collation.title_ranks = collate
    assert threads and threading.main_thread() not in threads
    # The selection moved with its article.
    assert view_selection.currentIndex().data() == "Zebra i Oslo"
    assert [i.data() for i in view_selection.selectedIndexes()] == ["Zebra i Oslo"]


def test_articles_saved_since_are_placed_by_sqlite_until_collated_again(
    qtbot,
    library,
    norwegian,  # noqa: F811
):
    ids = [library.save(content(n, title=t)).article_id for n, t in enumerate(TITLES)]
    order = TitleOrder(library)
    with qtbot.waitSignal(order.changed, timeout=WAIT_MS):
        order.request()
    by_title = dict(zip(TITLES, ids, strict=True))
    assert order.order(ids) == [by_title[t] for t in COLLATED]
    new = library.save(content(99, title="Mmm")).article_id
    sqlite_order = library.list_ids("all", order="title")
    placed = order.order(sqlite_order)
    # Right after the article SQLite put before it, the others collated.
    before = sqlite_order[sqlite_order.index(new) - 1]
    assert placed.index(new) == placed.index(before) + 1
    assert [i for i in placed if i != new] == [by_title[t] for t in COLLATED]
    with qtbot.waitSignal(order.changed, timeout=WAIT_MS):
        order.request()
    titles = {i: t for t, i in by_title.items()} | {new: "Mmm"}
    assert [titles[i] for i in order.order(sqlite_order)] == [
        "apekatter",
        "(Bodø)",
        "Mmm",
        "Zebra i Oslo",
        "Æbler",
        "«Øl for alle»",
        "ål på Vestlandet",
    ]
    assert QLocale().language() is QLocale.Language.NorwegianBokmal


def test_the_collating_thread_ends_with_the_window(harness):  # noqa: F811
    """Its connection would otherwise outlive the library's close."""
    h = harness
    for n, title in enumerate(TITLES):
        h.library.save(content(n, title=title))
    order = h.window.model.title_order
    h.window.articles.order_combo.setCurrentIndex(h.window.articles.order_combo.findData("title"))
    h.qtbot.waitUntil(lambda: order.known, timeout=WAIT_MS)
    thread = order._thread
    assert thread is not None and thread.is_alive()
    h.window.close()
    thread.join(5)
    assert not thread.is_alive()


def test_the_titles_version_changes_with_titles_and_only_then(library):
    """What lets a later switch to the Title order skip reading every title."""
    first = library.save(content(1, title="Første")).article_id
    second = library.save(content(2, title="Andre")).article_id
    seen = [library.titles_version()]

    def unchanged() -> None:
        assert library.titles_version() == seen[-1]

    def changed() -> None:
        assert library.titles_version() not in seen
        seen.append(library.titles_version())

    library.set_favorite(first, True)
    library.mark_read(second)
    library.set_progress(first, 0.4)
    library.set_state(second, "archived")
    unchanged()
    library.save(content(1, title="Første, med ny tittel"))  # the same article again
    changed()
    library.save(content(3, title="Tredje"))
    changed()
    library.delete([second])
    changed()
    assert library.titles() == {first: "Første, med ny tittel", library.ids()[-1]: "Tredje"}
