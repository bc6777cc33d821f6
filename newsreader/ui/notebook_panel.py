"""The notebook panel beside the reader (View ▸ Notebook, Ctrl+Shift+N): the article's
own note, edited in place, and its highlights in reading order with their notes;
those no longer found in the article follow under a heading saying so, never hidden.

Clicking a highlight (or Enter on it) scrolls the reader to its passage and selects
it there (``reveal``: the window's ``ReaderHighlights.show_highlight``);
double-clicking it or "Edit note…" opens a small editor. "Copy all as Markdown" puts
``render_highlights.article_markdown`` on the clipboard.

Every change goes through the window's writer (``ArticleWrites.write``); the article
note is stored when its editing ends (focus leaves it, another article is shown, the
window closes). ``changed(article_id)`` is emitted once such a change has landed.
The panel reads again (``refresh``) when the article changes, after its own writes,
and when the window learns of changes made elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from newsreader.errors import NewsreaderError
from newsreader.library.highlights import Highlight
from newsreader.library.library import Library
from newsreader.render_highlights import article_markdown
from newsreader.ui.article_writes import ArticleWrites
from newsreader.ui.highlight_delegate import HighlightDelegate, HighlightRole
from newsreader.ui.highlights_model import ArticleHighlightsModel
from newsreader.ui.messages import Level, Messenger

PANEL_WIDTH = 300


class NoteEdit(QPlainTextEdit):
    """A plain text field that says when editing ends (focus leaves it)."""

    editingFinished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editingFinished.emit()


class NotebookPanel(QWidget):
    """The panel. ``reveal(highlight) -> bool`` scrolls the reader to a passage (False
    when it is not in the reader's document)."""

    changed = Signal(int)  # article id: a change of the panel's own has landed

    def __init__(
        self,
        library: Library,
        writes: ArticleWrites,
        messages: Messenger,
        reveal: Callable[[Highlight], bool],
        parent: QWidget | None = None,
        edit_note: Callable[[Highlight], None] | None = None,
    ) -> None:
        """``reveal(h)`` goes to a highlight in the reader; ``edit_note(h)`` opens the
        window's one note editor on it (ReaderHighlights.edit_note)."""
        super().__init__(parent)
        self.library = library
        self.writes = writes
        self.messages = messages
        self.reveal = reveal
        self.article_id: int | None = None
        self._saved_note = ""  # the article note as the library holds it (or will)
        self._stale = True  # read again when next shown
        self.edit_note_of = edit_note or (lambda _highlight: None)
        self.setObjectName("notebookPanel")
        self.setMinimumWidth(220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.setSpacing(6)
        heading = QHBoxLayout()
        title = QLabel(self.tr("Notebook"), self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        heading.addWidget(title, 1)
        self.copy_button = QPushButton(self.tr("Copy all as Markdown"), self)
        self.copy_button.setObjectName("copyMarkdown")
        self.copy_button.clicked.connect(self.copy_markdown)
        heading.addWidget(self.copy_button)
        layout.addLayout(heading)

        self.note_label = QLabel(self.tr("Note on the article"), self)
        layout.addWidget(self.note_label)
        self.note = NoteEdit(self)
        self.note.setObjectName("articleNote")
        self.note.setPlaceholderText(self.tr("Your own note on this article"))
        self.note.setAccessibleName(self.tr("Note on the article"))
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(96)
        self.note.editingFinished.connect(self.commit_note)
        self.note_label.setBuddy(self.note)
        layout.addWidget(self.note)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("notebookCount")
        layout.addWidget(self.count_label)
        self.model = ArticleHighlightsModel(
            self.tr("No longer found in the article"), self.tr("no longer found"), self
        )
        self.list = QListView(self)
        self.list.setObjectName("notebookList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(HighlightDelegate(compact=False, parent=self.list))
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setAccessibleName(self.tr("Highlights of the article"))
        self.list.clicked.connect(self._reveal_index)
        self.list.activated.connect(self._reveal_index)
        # Rows wrap at the list's width: lay them out again when it changes.
        self._relayout = QTimer(self, singleShot=True, interval=0)
        self._relayout.timeout.connect(self.list.doItemsLayout)
        self.list.installEventFilter(self)
        self.list.doubleClicked.connect(lambda index: self._edit(index.data(HighlightRole)))
        layout.addWidget(self.list, 1)
        self.empty_label = QLabel(self.tr("Select text and press H to highlight it."), self)
        self.empty_label.setObjectName("notebookEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.empty_label, 1)
        self.edit_button = QPushButton(self.tr("Edit note…"), self)
        self.edit_button.setObjectName("editHighlightNote")
        self.edit_button.clicked.connect(self.edit_note)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        layout.addLayout(buttons)
        self.list.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._show_rows([])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.Resize:
            self._relayout.start()
        return super().eventFilter(watched, event)

    # --- the article ----------------------------------------------------------------------
    def set_article(self, article_id: int | None) -> None:
        """The reader now shows ``article_id`` (None: no article). The note typed for
        the article shown before is stored first."""
        if article_id == self.article_id:
            return
        self.commit_note()
        self.article_id = article_id
        self._saved_note = ""
        self.note.setPlainText("")
        self._stale = True
        self.refresh()

    def refresh(self, *_: object) -> None:
        """Read the article's highlights and note again (a hidden panel does so when
        next shown). A note being typed is left as it is."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        if self.article_id is None:
            self._show_rows([])
            return
        try:
            rows = self.library.notebook.of_article(self.article_id)
            note = self.library.notebook.article_note(self.article_id)
        except NewsreaderError as exc:
            self.messages.show(
                self.tr("Could not read the notebook: {}").format(exc.message), Level.ERROR
            )
            return
        editing = self.note.hasFocus() or self.note.toPlainText().strip() != self._saved_note
        if not editing and note != self.note.toPlainText():
            self.note.setPlainText(note)
        if not editing:
            self._saved_note = note
        self._show_rows(rows)

    def _show_rows(self, rows: list[Highlight]) -> None:
        chosen = self.selected()
        self.model.set_highlights(rows)
        has_article = self.article_id is not None
        self.note.setEnabled(has_article)
        self.copy_button.setEnabled(has_article)
        self.list.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self.empty_label.setText(
            self.tr("Select text and press H to highlight it.")
            if has_article
            else self.tr("No article is open.")
        )
        lost = sum(not h.found for h in rows)
        text = self.tr("%n highlight(s)", "", len(rows)) if rows else ""
        if lost:
            text += " · " + self.tr("%n no longer found", "", lost)
        self.count_label.setText(text)
        self.count_label.setVisible(bool(rows))
        if chosen is not None:
            row = self.model.row_of(chosen.id)
            if row is not None:
                self.list.selectionModel().setCurrentIndex(
                    self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected() is not None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # --- highlights -------------------------------------------------------------------------
    def selected(self) -> Highlight | None:
        index = self.list.currentIndex()
        if not index.isValid() or not self.list.selectionModel().isSelected(index):
            return None
        return index.data(HighlightRole)

    def select(self, highlight_id: int) -> bool:
        """Select and show the row of highlight ``highlight_id`` (read again first if
        the panel was hidden); False if the article shown has no such highlight."""
        if self._stale:
            self.refresh()
        row = self.model.row_of(highlight_id)
        if row is None:
            return False
        index = self.model.index(row)
        self.list.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.list.scrollTo(index)
        return True

    def _reveal_index(self, index: QModelIndex) -> None:
        highlight: Highlight | None = index.data(HighlightRole)
        if highlight is None:
            return
        if not self.reveal(highlight):
            self.messages.show(
                self.tr("This passage is no longer found in the article.")
                if not highlight.found
                else self.tr("This passage is not in the article as shown."),
                Level.INFO,
            )

    def edit_note(self) -> None:
        """Open the note editor on the selected highlight (nothing if none is)."""
        self._edit(self.selected())

    def _edit(self, highlight: Highlight | None) -> None:
        if highlight is not None:
            self.edit_note_of(highlight)

    # --- the article's note -----------------------------------------------------------------
    def commit_note(self) -> None:
        """Store the article note as typed, if it changed (through the writer)."""
        article_id = self.article_id
        text = self.note.toPlainText().strip()
        if article_id is None or text == self._saved_note:
            return
        before, self._saved_note = self._saved_note, text

        def failed(_message: str) -> None:
            if self.article_id == article_id:
                self._saved_note = before  # typed, not stored: the next edit tries again

        self.writes.write(
            self.tr("save the article's note"),
            lambda library: library.notebook.set_article_note(article_id, text),
            [article_id],
            on_landed=lambda _: self._landed(article_id),
            on_failed=failed,
        )

    def _landed(self, article_id: int) -> None:
        if article_id == self.article_id:
            self.refresh()
        self.changed.emit(article_id)

    # --- Markdown ---------------------------------------------------------------------------
    def copy_markdown(self) -> None:
        """Put the article's highlights and notes on the clipboard as Markdown
        (render_highlights.article_markdown), and say so in the status bar."""
        if self.article_id is None:
            return
        try:
            summaries = self.library.summaries([self.article_id])
            rows = self.library.notebook.of_article(self.article_id)
        except NewsreaderError as exc:
            self.messages.show(
                self.tr("Could not read the notebook: {}").format(exc.message), Level.ERROR
            )
            return
        if not summaries:
            return
        text = article_markdown(
            summaries[0],
            rows,
            self.note.toPlainText(),
            lost_text=self.tr("no longer found in the article"),
            approximate_text=self.tr("placed approximately: the page's words changed here"),
        )
        QGuiApplication.clipboard().setText(text)
        self.messages.show(
            self.tr("Copied %n highlight(s) as Markdown.", "", len(rows)), Level.INFO
        )
