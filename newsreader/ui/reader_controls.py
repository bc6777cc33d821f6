"""The reading controls: find in the article (the find bar under the reader), zoom,
theme and type, the search help, the shortcuts and about boxes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from newsreader import __version__
from newsreader.library.library import Library
from newsreader.ui import theme
from newsreader.ui.dialogs import ShortcutsDialog
from newsreader.ui.messages import Level, Messenger
from newsreader.ui.reader import ReaderView
from newsreader.ui.search_help import SearchHelpPopup


class ReaderControls(QObject):
    """Owns the find bar (``find_bar``, put under the reader by the window) and the
    theme choices (``theme_group``, listed by the View menu). ``try_search(text)``
    is called when an example of the search help is chosen."""

    def __init__(
        self,
        *,
        window: QWidget,
        reader: ReaderView,
        library: Library,
        messages: Messenger,
        search: QLineEdit,
        try_search: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.reader = reader
        self.library = library
        self.messages = messages
        self.search = search
        self.try_search = try_search
        self.search_help: SearchHelpPopup | None = None
        self.shortcuts_dialog: ShortcutsDialog | None = None

        self.find_bar = QWidget(reader.parentWidget())
        self.find_bar.setObjectName("findBar")
        layout = QHBoxLayout(self.find_bar)
        layout.setContentsMargins(8, 4, 8, 4)
        self.find_field = QLineEdit(self.find_bar)
        self.find_field.setObjectName("findField")
        self.find_field.setPlaceholderText(self.tr("Find in article"))
        self.find_field.setClearButtonEnabled(True)
        self.find_status = QLabel(self.find_bar)
        self.find_status.setObjectName("findStatus")
        close_find = QToolButton(self.find_bar)
        close_find.setText("✕")
        close_find.setToolTip(self.tr("Close (Escape)"))
        close_find.clicked.connect(self.close_find)
        layout.addWidget(QLabel(self.tr("Find:"), self.find_bar))
        layout.addWidget(self.find_field, 1)
        layout.addWidget(self.find_status)
        layout.addWidget(close_find)
        self.find_bar.hide()
        self.find_field.textChanged.connect(lambda text: self._find(text, restart=True))
        self.find_field.returnPressed.connect(lambda: self.find_step(backward=False))

        self.theme_group = QActionGroup(self)
        for name in theme.THEME_NAMES:
            action = QAction(theme.title(name), self.theme_group)
            action.setCheckable(True)
            action.setData(name)
            action.triggered.connect(lambda _=False, name=name: self.set_theme(name))

    # --- find in the article --------------------------------------------------------------------
    def open_find(self) -> None:
        self.find_bar.show()
        self.find_field.setFocus()
        self.find_field.selectAll()

    def close_find(self) -> bool:
        """Close the find bar; False if it was not open."""
        if not self.find_bar.isVisible():
            return False
        self.find_bar.hide()
        self.reader.end_find()
        self.reader.setFocus()
        return True

    def _find(self, text: str, backward: bool = False, restart: bool = False) -> None:
        count = self.reader.find_in_article(text, backward=backward, restart=restart)
        if not text:
            self.find_status.setText("")
        else:
            self.find_status.setText(
                self.tr("%n found", "", count) if count else self.tr("not found")
            )

    def find_step(self, backward: bool) -> None:
        if not self.find_bar.isVisible():
            self.open_find()
            return
        self._find(self.find_field.text(), backward=backward)

    # --- type and theme -------------------------------------------------------------------------
    def zoom(self, steps: int) -> None:
        self.reader.zoom(steps)

    def set_theme(self, name: str) -> None:
        """Theme ``name`` (one of theme.THEME_NAMES) for the whole window."""
        self.reader.set_theme(name)
        for action in self.theme_group.actions():
            action.setChecked(action.data() == self.reader.theme_name)

    def set_serif(self, serif: bool) -> None:
        self.reader.set_serif(serif)

    # --- help -----------------------------------------------------------------------------------
    def show_search_help(self) -> None:
        if self.search_help is None:
            self.search_help = SearchHelpPopup(self.window)
            self.search_help.example_chosen.connect(self.try_search)
        self.search_help.show_below(self.search)

    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.shortcuts_dialog = dialog

    def show_about(self) -> None:
        self.messages.show(
            self.tr("newsreader {0}: library at {1}").format(__version__, self.library.paths.root),
            Level.INFO,
            action=(self.tr("OK"), lambda: None),
        )
