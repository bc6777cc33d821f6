"""Small dialogs: tags, keyboard shortcuts, and the details of an unexpected error."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from newsreader.ui.actions import shortcut_rows


def parse_tags(text: str) -> list[str]:
    """Tags typed as 'a, b, c' (commas; '#' prefixes are dropped), without repeats."""
    seen: dict[str, str] = {}
    for part in text.split(","):
        tag = " ".join(part.strip().lstrip("#").split())
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return list(seen.values())


class TagsDialog(QDialog):
    """Edit an article's tags as comma-separated text, completing known tags."""

    def __init__(self, title: str, tags: tuple[str, ...], known: list[str], parent: QWidget):
        super().__init__(parent)
        self.setObjectName("tagsDialog")
        self.setWindowTitle(self.tr("Edit tags"))
        label = QLabel(self.tr("Tags for “{0}” (separate with commas):").format(title), self)
        label.setWordWrap(True)
        self.field = QLineEdit(", ".join(tags), self)
        self.field.setObjectName("tagsField")
        completer = QCompleter(known, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.field.setCompleter(completer)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.field)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    def tags(self) -> list[str]:
        return parse_tags(self.field.text())


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = shortcut_rows()
        table = QTableWidget(len(rows), 2, self)
        table.setObjectName("shortcutsTable")
        table.setHorizontalHeaderLabels([self.tr("Command"), self.tr("Keys")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        for row, (command, keys) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(command))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.table = table
        # Every row shows at once: the table is as tall as its rows, the dialog fits it.
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.resizeColumnsToContents()
        table.resizeRowsToContents()
        frame = 2 * table.frameWidth()
        header = table.horizontalHeader()
        width = header.length() + frame
        height = table.verticalHeader().length() + header.height() + frame
        table.setMinimumSize(max(width, 460 - frame), height)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.adjustSize()


class ErrorDialog(QDialog):
    """An unexpected error: what happened, the details, and a way to copy them."""

    def __init__(self, summary: str, details: str, log_file: str, parent: QWidget | None):
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setWindowTitle(self.tr("newsreader hit an unexpected error"))
        intro = QLabel(
            self.tr(
                "<b>{0}</b><br>newsreader keeps running, and your library is unchanged by "
                "this error. If it happens again, please report it with the details below."
                "<br>The log is at {1}."
            ).format(escape(summary), escape(log_file)),
            self,
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(details, self)
        self.details.setReadOnly(True)
        self.details.setObjectName("errorDetails")
        copy = QPushButton(self.tr("Copy details"), self)
        copy.setObjectName("copyDetails")
        copy.clicked.connect(self.copy_details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
