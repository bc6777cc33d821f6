"""The window's reading controls: focus, find in the article, zoom, theme and type,
the search help, the shortcuts and about boxes. A mixin of ``MainWindow``: it uses
the window's widgets (``reader``, ``find_bar``, ``search``…) and adds no state."""

from __future__ import annotations

from PySide6.QtCore import Qt

from newsreader import __version__
from newsreader.ui.dialogs import ShortcutsDialog
from newsreader.ui.messages import Level
from newsreader.ui.search_help import SearchHelpPopup


class ReaderControls:
    def focus_address(self) -> None:
        self.address.setFocus()
        self.address.selectAll()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def escape(self) -> None:
        if self.find_bar.isVisible():
            self.close_find()
            return
        # Escape on a save under way, in the list, cancels it.
        if self.list.hasFocus() and self.cancel_selected():
            return
        if self.banner.isVisible():
            self.banner.dismiss()
        if self.search.text():
            self.search.clear()
            self._search_timer.stop()
            self._run_search()
        self.list.setFocus()

    def open_find(self) -> None:
        self.find_bar.show()
        self.find_field.setFocus()
        self.find_field.selectAll()

    def close_find(self) -> None:
        self.find_bar.hide()
        self.reader.end_find()
        self.reader.setFocus()

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

    def zoom(self, steps: int) -> None:
        self.reader.zoom(steps)

    def set_theme(self, name: str) -> None:
        self.reader.set_theme(name)
        for action in self.theme_group.actions():
            action.setChecked(action.data() == self.reader.theme_name)

    def set_serif(self, serif: bool) -> None:
        self.reader.set_serif(serif)

    def show_search_help(self) -> None:
        if self.search_help is None:
            self.search_help = SearchHelpPopup(self)
            self.search_help.example_chosen.connect(self._try_search_example)
        self.search_help.show_below(self.search)

    def _try_search_example(self, example: str) -> None:
        self.search.setText(example)
        self.search.setFocus()
        self._search_now()

    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.shortcuts_dialog = dialog

    def show_about(self) -> None:
        self.messages.show(
            self.tr("newsreader {0}: library at {1}").format(__version__, self.library.paths.root),
            Level.INFO,
            action=(self.tr("OK"), lambda: None),
        )
