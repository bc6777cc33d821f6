"""The window's toolbar: the address field (links to save), Save, the search field,
the search help button, and the commands on the current article."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QToolBar, QToolButton, QWidget


class MainToolbar(QToolBar):
    """``address``, ``save_button``, ``search``, ``search_help_button`` and
    ``save_search_button`` (the action "save_search"); then the
    ``actions`` named "archive", "favorite" and "delete"."""

    def __init__(self, actions: dict[str, QAction], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Main"))
        self.setObjectName("mainToolbar")
        self.setMovable(False)
        self.setIconSize(QSize(18, 18))
        self.address = self._field("address", self.tr("Links to save"))
        self.address.setPlaceholderText(self.tr("Paste links to save, then press Enter  (Ctrl+L)"))
        self.search = self._field("search", self.tr("Search"))
        self.search.setPlaceholderText(self.tr("Search your library  (Ctrl+F)"))
        self.search.setMaximumWidth(360)
        self.addWidget(self.address)
        self.save_button = QToolButton(self)
        self.save_button.setObjectName("saveButton")
        self.save_button.setText(self.tr("Save"))
        self.addWidget(self.save_button)
        self.addSeparator()
        self.addWidget(self.search)
        self.search_help_button = QToolButton(self)
        self.search_help_button.setObjectName("searchHelpButton")
        self.search_help_button.setDefaultAction(actions["search_help"])
        self.search_help_button.setText("?")
        self.search_help_button.setAccessibleName(self.tr("How to search"))
        self.addWidget(self.search_help_button)
        # Save search… (ui/saved_views.py): the field's query as a view of its own.
        self.save_search_button = QToolButton(self)
        self.save_search_button.setObjectName("saveSearchButton")
        self.save_search_button.setDefaultAction(actions["save_search"])
        self.addWidget(self.save_search_button)
        self.addSeparator()
        for name in ("archive", "favorite", "delete"):
            self.addAction(actions[name])

    def _field(self, name: str, accessible: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setObjectName(name)
        field.setClearButtonEnabled(True)
        field.setAccessibleName(accessible)
        return field
