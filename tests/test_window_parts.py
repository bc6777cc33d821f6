"""The window's parts on their own: CurrentArticle, ArticleList, PendingUndo,
ReaderControls, and the stored view (an identifier, never the shown text). Real
library in a temp folder, real widgets offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLineEdit, QStatusBar, QVBoxLayout, QWidget

from newsreader.ui.article_list import ArticleList
from newsreader.ui.current_article import CurrentArticle
from newsreader.ui.list_model import View
from newsreader.ui.main_window import MainWindow
from newsreader.ui.messages import MessageBanner, Messenger
from newsreader.ui.pending_undo import ARCHIVE, DELETE, PendingUndo, Undoable
from newsreader.ui.reader import ReaderView
from newsreader.ui.reader_controls import ReaderControls
from newsreader.ui.view_chooser import migrate_view
from tests.test_library import content


class Parts:
    """A bare widget holding a banner, a status bar and whatever part is tested."""

    def __init__(self, qtbot, library) -> None:
        self.library = library
        self.ids = [library.save(content(i)).article_id for i in range(3)]
        self.root = QWidget()
        qtbot.addWidget(self.root)
        layout = QVBoxLayout(self.root)
        self.banner = MessageBanner(self.root)
        self.status = QStatusBar(self.root)
        self.messages = Messenger(self.banner, self.status)
        self.search = QLineEdit(self.root)
        layout.addWidget(self.banner)
        layout.addWidget(self.search)
        self.reader = ReaderView(library.paths, self.root)
        self.articles = ArticleList(library, self.search, self.messages, self.root)
        layout.addWidget(self.articles)
        layout.addWidget(self.reader)
        layout.addWidget(self.status)
        self.root.resize(900, 700)
        self.root.show()
        qtbot.waitExposed(self.root)


@pytest.fixture
def parts(qtbot, library) -> Parts:
    return Parts(qtbot, library)


# --- the stored view ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("stored", "identifier"),
    [
        ("Unread", "unread"),
        ("Favourites", "favorites"),
        ("Archive", "archive"),
        ("All", "all"),
        ("#skole", "tag:skole"),
        ("#vær og vind", "tag:vær og vind"),
        ("tag:skole", "tag:skole"),
        ("archive", "archive"),
        ("saves", "saves"),
        ("Saves (2 failed)", "unread"),
        ("", "unread"),
        ("#", "unread"),
        ("Ulest", "unread"),
        (None, "unread"),
    ],
)
def test_a_stored_view_is_read_as_an_identifier_whatever_an_older_version_wrote(stored, identifier):
    assert migrate_view(stored) == identifier


@pytest.mark.parametrize(
    ("old", "view", "tag", "saved"),
    [
        ("Archive", View.ARCHIVE, None, "archive"),
        ("Favourites", View.FAVORITES, None, "favorites"),
        ("#skole", View.ALL, "skole", "tag:skole"),
        ("nonsense", View.UNREAD, None, "unread"),
        ("saves", View.SAVES, None, "saves"),
    ],
)
def test_the_window_reads_an_old_view_setting_and_stores_the_identifier(
    qtbot, library, saver, tmp_path, old, view, tag, saved
):
    from newsreader.ui.save_queue import SaveQueue

    article = library.save(content(1)).article_id
    library.set_tags(article, ["skole"])
    path = tmp_path / "settings.ini"
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    settings.setValue("list/view", old)
    queue = SaveQueue(saver)
    window = MainWindow(library, queue, settings, open_external=lambda u: None)
    qtbot.addWidget(window)
    try:
        assert window.model.query.view is view and window.model.query.tag == tag
        window.close()
        assert QSettings(str(path), QSettings.Format.IniFormat).value("list/view") == saved
    finally:
        queue.close()


# --- ArticleList ---------------------------------------------------------------------------------
def test_the_list_says_which_article_was_chosen_and_never_opens_it(parts, qtbot):
    articles = parts.articles
    rect = articles.list.visualRect(articles.model.index(1))
    with qtbot.waitSignal(articles.articleChosen) as chosen:
        qtbot.mouseClick(articles.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chosen.args == [articles.model.article_id_at(1)]
    assert parts.reader.article is None


def test_the_list_selects_the_shown_article_or_nothing(parts):
    articles, ids = parts.articles, parts.ids
    articles.select_row(0, open_it=False)
    articles.show_current(ids[0])  # the oldest, last row
    assert articles.selected_ids() == [ids[0]]
    parts.library.set_state_many([ids[1]], "archived")
    articles.model.reload()
    articles.show_current(ids[1])  # not in the view
    assert articles.selected_ids() == []
    articles.set_view_id("archive")
    assert articles.selected_ids() == [ids[1]]  # the new view holds it


def test_views_are_chosen_and_told_by_identifier(parts):
    articles = parts.articles
    parts.library.set_tags(parts.ids[2], ["skole"])
    articles.refresh_views()
    for identifier, count in (("all", "3 articles"), ("tag:skole", "1 article"), ("x", None)):
        articles.set_view_id(identifier)
        expected = identifier if count else "unread"
        assert articles.view_id() == expected
        if count:
            assert articles.count_label.text() == count
    checked = [a.data() for a in articles.views.view_actions.actions() if a.isChecked()]
    assert checked == ["unread"]


# --- CurrentArticle ------------------------------------------------------------------------------
def test_the_current_article_is_the_readers_and_says_when_it_changes(parts, qtbot):
    current = CurrentArticle(parts.library, parts.reader, parts.messages, parts.root)
    seen: list[object] = []
    opened: list[int] = []
    current.changed.connect(seen.append)
    current.opened.connect(lambda a: opened.append(a.id))
    assert current.show(parts.ids[1]) and current.id == parts.ids[1]
    assert current.show(parts.ids[1])  # the same again: nothing new
    assert not current.show(10_000)  # not in the library
    assert current.id == parts.ids[1]
    assert parts.banner.label.text().startswith("Could not open the article: ")
    current.clear("Deleted.")
    assert current.id is None and parts.reader.article is None
    assert seen == [parts.ids[1], None] and opened == [parts.ids[1]]


# --- PendingUndo ---------------------------------------------------------------------------------
def test_undo_takes_back_the_latest_and_closing_commits_the_deletes(parts):
    undo = PendingUndo(parts.messages, parts.banner, parts.root)
    done: list[tuple[str, list[int]]] = []

    def entry(kind, ids):
        return Undoable(
            kind,
            list(ids),
            {i: f"T{i}" for i in ids},
            undo=lambda got, k=kind: done.append(("undo " + k, got)),
            commit=(lambda got: done.append(("commit", got))) if kind == DELETE else None,
        )

    undo.push(entry(DELETE, [1, 2]))
    undo.push(entry(ARCHIVE, [3]))
    assert parts.banner.label.text() == "Archived “T3”.  (Ctrl+Z)"
    assert undo.waiting(DELETE) == [1, 2]
    assert undo.undo()
    assert done == [("undo archive", [3])]
    assert parts.banner.label.text() == "Deleted 2 articles.  (Ctrl+Z)"
    undo.forget(2)  # saved again meanwhile
    undo.commit_all()
    assert done[-1] == ("commit", [1]) and not undo.can_undo
    assert not undo.undo()
    assert parts.status.currentMessage() == "Nothing to undo."


def test_an_undo_expires(parts, qtbot, monkeypatch):
    from newsreader.ui import pending_undo

    monkeypatch.setattr(pending_undo, "UNDO_MS", 30)
    undo = PendingUndo(parts.messages, parts.banner, parts.root)
    committed: list[list[int]] = []
    undo.push(Undoable(DELETE, [7], {}, undo=lambda _: None, commit=committed.append))
    assert parts.banner.label.text() == "Deleted 1 article.  (Ctrl+Z)"
    qtbot.waitUntil(lambda: committed == [[7]], timeout=3000)
    assert not undo.can_undo and not parts.banner.isVisible()


# --- ReaderControls ------------------------------------------------------------------------------
def test_reader_controls_own_the_find_bar_and_the_themes(parts, qtbot):
    tried: list[str] = []
    controls = ReaderControls(
        window=parts.root,
        reader=parts.reader,
        library=parts.library,
        messages=parts.messages,
        search=parts.search,
        try_search=tried.append,
    )
    controls.set_theme("sepia")
    assert [a.data() for a in controls.theme_group.actions() if a.isChecked()] == ["sepia"]
    assert [a.text() for a in controls.theme_group.actions()] == [
        "System",
        "Light",
        "Sepia",
        "Dark",
    ]
    assert not controls.close_find()  # not open
    controls.find_step(backward=False)
    assert controls.find_bar.isVisible()
    assert controls.close_find() and not controls.find_bar.isVisible()
