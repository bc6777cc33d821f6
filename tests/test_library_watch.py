"""The window sees what other programs do to its library (issue 13, item 5).

A real window over a real library in a temp folder; the other program is the real
command line in a subprocess (``python -m newsreader --library DIR …``), saving from
the test HTTP server, or a second ``Library`` on its own connection (another window).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint

from newsreader.library.library import Library
from newsreader.ui.list_model import ArticleRole, View
from tests.conftest import SEED_PAGE
from tests.test_library import content
from tests.test_window import SEED_TITLE, WAIT_MS, harness  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parent.parent


def cli(library: Library, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "newsreader", "--library", str(library.paths.root), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return done


def _fill(library: Library, n: int) -> list[int]:
    return [library.save(content(i, title=f"Sak {i:03d}")).article_id for i in range(1, n + 1)]


def _open(h, article_id: int) -> None:
    row = h.window.model.row_of(article_id)
    h.click_row(row)
    h.qtbot.waitUntil(lambda: h.window.reader.article is not None, timeout=WAIT_MS)
    assert h.window.reader.article.id == article_id
    h.settle()


def _state(h) -> tuple:
    """What the person sees of their place: selection, current row's article, the
    reader's article and its scroll position."""
    w = h.window
    rows = w.list.selectionModel().selectedRows()
    selected = sorted(w.model.article_id_at(i.row()) for i in rows)
    current = w.model.article_id_at(w.list.currentIndex().row())
    return selected, current, w.reader.article.id, w.reader.verticalScrollBar().value()


def _titles(h) -> list[str]:
    return [t for t in h.row_titles() if t]


def test_an_article_added_by_the_command_line_shows_up_and_nothing_else_moves(
    harness,  # noqa: F811
    server,
):
    h = harness
    ids = _fill(h.library, 3)
    h.window.articles.apply_query(h.window.model.query)
    _open(h, ids[1])
    before = _state(h)
    done = cli(h.library, "add", server.url(SEED_PAGE), "--tag", "mobbing")
    assert "\t" in done.stdout
    h.qtbot.waitUntil(lambda: SEED_TITLE in _titles(h), timeout=WAIT_MS)
    # Newest saved first: on top, in the view the person had open, without switching.
    assert _titles(h)[0] == SEED_TITLE
    assert _state(h) == before
    # The tag it came with is in the view chooser.
    h.qtbot.waitUntil(lambda: h.window.view_combo.findText("#mobbing") >= 0, timeout=WAIT_MS)
    assert h.window.count_label.text().startswith("4 ")


def test_read_archived_and_favourited_elsewhere_show_in_the_rows(harness):  # noqa: F811
    h = harness
    ids = _fill(h.library, 4)
    h.window.articles.apply_query(h.window.model.query)
    _open(h, ids[0])
    before = _state(h)
    model = h.window.model

    def summary(article_id):
        row = model.row_of(article_id, expose=False)
        return None if row is None else model.index(row).data(ArticleRole)

    cli(h.library, "read", str(ids[3]))
    h.qtbot.waitUntil(lambda: summary(ids[3]).read_at is not None, timeout=WAIT_MS)
    cli(h.library, "read", "--undo", str(ids[3]))
    h.qtbot.waitUntil(lambda: summary(ids[3]).read_at is None, timeout=WAIT_MS)
    cli(h.library, "archive", str(ids[2]))  # leaves the Unread view
    h.qtbot.waitUntil(lambda: summary(ids[2]) is None, timeout=WAIT_MS)
    other = Library(h.library.paths.root)  # another window: its own connection
    try:
        other.set_favorite(ids[1], True)
    finally:
        other.close()
    h.qtbot.waitUntil(lambda: summary(ids[1]).favorite, timeout=WAIT_MS)
    assert _state(h) == before
    assert _titles(h) == ["Sak 004", "Sak 002", "Sak 001"]


def test_an_article_deleted_elsewhere_while_open_is_said_in_one_line(harness):  # noqa: F811
    h = harness
    ids = _fill(h.library, 3)
    h.window.articles.apply_query(h.window.model.query)
    _open(h, ids[1])
    cli(h.library, "delete", str(ids[1]))
    h.qtbot.waitUntil(lambda: "Sak 002" not in _titles(h), timeout=WAIT_MS)
    h.qtbot.waitUntil(lambda: h.window.banner.isVisible(), timeout=WAIT_MS)
    text = h.window.banner.label.text()
    assert "deleted in another window or program" in text and "\n" not in text
    assert h.window.reader.article.id == ids[1]  # the text stays until another is opened


def test_a_delete_of_another_article_elsewhere_says_nothing(harness):  # noqa: F811
    h = harness
    ids = _fill(h.library, 3)
    h.window.articles.apply_query(h.window.model.query)
    _open(h, ids[1])
    said = []
    h.window.watch.shownArticleDeleted.connect(said.append)
    cli(h.library, "delete", str(ids[0]))
    h.qtbot.waitUntil(lambda: "Sak 001" not in _titles(h), timeout=WAIT_MS)
    assert said == []
    assert _state(h)[2] == ids[1]


def _record(model) -> list[str]:
    seen: list[str] = []
    for name in (
        "dataChanged",
        "rowsInserted",
        "rowsRemoved",
        "modelReset",
        "layoutChanged",
    ):
        getattr(model, name).connect(lambda *_, name=name: seen.append(name))
    return seen


@pytest.mark.parametrize("action", ["favorite", "toggle_read", "archive"])
def test_the_windows_own_writes_cause_no_second_refresh(harness, action):  # noqa: F811
    h = harness
    ids = _fill(h.library, 3)
    h.window.articles.apply_query(h.window.model.query)
    _open(h, ids[2])
    h.window.actions_[action].trigger()
    h.settle()
    seen = _record(h.window.model)
    # The writer's commit is on another connection: the watch notices it and reads the
    # view again, which finds the list already showing it.
    with h.qtbot.waitSignal(h.window.watch.refreshed, timeout=WAIT_MS) as signal:
        pass
    assert signal.args == [False]
    assert seen == []


def test_rows_coming_above_keep_the_scrolled_list_where_it_was(harness):  # noqa: F811
    h = harness
    _fill(h.library, 60)
    window = h.window
    window.articles.apply_query(window.model.query)
    h.qtbot.waitUntil(lambda: window.model.rowCount() == 60)
    bar = window.list.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    top = window.list.indexAt(window.list.viewport().rect().topLeft() + _one())
    top_id = window.model.article_id_at(top.row())
    top_y = window.list.visualRect(top).top()
    other = Library(h.library.paths.root)
    try:
        for n in (100, 101, 102):
            other.save(content(n, title=f"Ny {n}"))
    finally:
        other.close()
    h.qtbot.waitUntil(lambda: window.model.rowCount() == 63, timeout=WAIT_MS)
    row = window.model.row_of(top_id)
    assert window.list.visualRect(window.model.index(row)).top() == top_y
    # At the very top, new ones come into view instead.
    bar.setValue(0)
    other = Library(h.library.paths.root)
    try:
        other.save(content(103, title="Ny 103"))
    finally:
        other.close()
    h.qtbot.waitUntil(lambda: window.model.rowCount() == 64, timeout=WAIT_MS)
    assert window.list.indexAt(_one()).data() == "Ny 103"


def _one() -> QPoint:
    return QPoint(1, 1)


def test_a_search_and_a_title_view_follow_too(harness):  # noqa: F811
    h = harness
    _fill(h.library, 3)
    window = h.window
    h.search("blåbær")
    assert window.model.total == 3
    other = Library(h.library.paths.root)
    try:
        other.save(content(50, text="Et nytt blåbær fra Tromsø.", title="Aaa først"))
    finally:
        other.close()
    h.qtbot.waitUntil(lambda: window.model.total == 4, timeout=WAIT_MS)
    window.search.clear()
    window.articles.search_now()
    window.order_combo.setCurrentIndex(window.order_combo.findData("title"))
    window.view_combo.setCurrentIndex(0)
    assert window.model.query.view is View.UNREAD
    other = Library(h.library.paths.root)
    try:
        other.save(content(51, title="Mmm midt i"))
    finally:
        other.close()
    h.qtbot.waitUntil(lambda: "Mmm midt i" in _titles(h), timeout=WAIT_MS)
    h.qtbot.waitUntil(
        lambda: _titles(h) == ["Aaa først", "Mmm midt i", "Sak 001", "Sak 002", "Sak 003"],
        timeout=WAIT_MS,
    )


def test_the_writer_tells_commits_made_elsewhere_from_the_windows_own(qtbot, tmp_path):
    """The window's own writes never wake the watch; any other connection's commit
    does (a second Library is another program's connection)."""
    from newsreader.ui.library_writer import LibraryWriter, Write

    library = Library(tmp_path / "lib")
    ids = _fill(library, 2)
    writer = LibraryWriter(library, watch_seconds=0.1)
    noticed: list[bool] = []
    writer.changedElsewhere.connect(lambda: noticed.append(True))
    try:
        for article_id in ids:
            writer.submit(Write("favourite", lambda lib, i=article_id: lib.set_favorite(i, True)))
            writer.submit(Write("archive", lambda lib, i=article_id: lib.set_state(i, "archived")))
        assert writer.wait(10)
        qtbot.wait(600)  # several of the writer's looks at the library
        assert noticed == []
        other = Library(tmp_path / "lib")
        try:
            other.set_favorite(ids[0], False)
        finally:
            other.close()
        qtbot.waitUntil(lambda: bool(noticed), timeout=WAIT_MS)
        assert library.get(ids[1]).favorite
    finally:
        writer.close()
        library.close()


def test_the_view_chooser_is_left_open_unless_the_tags_changed(harness):  # noqa: F811
    """A change elsewhere that brings no new tag does not rebuild the chooser (which
    would close it under the person's pointer); a new tag is listed."""
    h = harness
    ids = _fill(h.library, 2)
    h.library.set_tags(ids[0], ["fjell"])
    h.window.articles.refresh_views()
    combo = h.window.view_combo
    combo.showPopup()
    h.qtbot.waitUntil(combo.view().isVisible, timeout=WAIT_MS)
    rebuilt: list[object] = []
    combo.model().rowsRemoved.connect(lambda *_: rebuilt.append(True))
    combo.model().modelReset.connect(lambda: rebuilt.append(True))
    other = Library(h.library.paths.root)
    try:
        with h.qtbot.waitSignal(h.window.watch.refreshed, timeout=WAIT_MS):
            other.set_favorite(ids[1], True)
        assert rebuilt == [] and combo.view().isVisible()
        with h.qtbot.waitSignal(h.window.watch.refreshed, timeout=WAIT_MS):
            other.set_tags(ids[1], ["hav"])
    finally:
        other.close()
    combo.hidePopup()
    listed = [combo.itemText(i) for i in range(combo.count())]
    assert "#fjell" in listed and "#hav" in listed


def test_the_view_is_read_again_off_the_gui_thread(harness):  # noqa: F811
    """At 100,000 articles that query takes 20-110 ms: not the window's to spend."""
    import threading

    h = harness
    ids = _fill(h.library, 3)
    h.window.articles.apply_query(h.window.model.query)
    threads: list[threading.Thread] = []
    model = h.window.model
    stored_ids = model.stored_ids

    def recording(query):
        threads.append(threading.current_thread())
        return stored_ids(query)

    model.stored_ids = recording
    other = Library(h.library.paths.root)
    try:
        with h.qtbot.waitSignal(h.window.watch.refreshed, timeout=WAIT_MS):
            new = other.save(content(9, title="Fra et annet program")).article_id
    finally:
        other.close()
        del model.stored_ids
    assert threads and threading.main_thread() not in threads
    assert set(ids) | {new} == {model.article_id_at(r) for r in range(model.rowCount())}
