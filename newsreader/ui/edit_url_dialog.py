"""A small dialog to correct the address of a failed save before saving it again."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from newsreader.capture.urls import validate_url
from newsreader.errors import InvalidURL
from newsreader.library import failed_saves
from newsreader.ui.failure_reasons import failure_reason


class EditUrlDialog(QDialog):
    """The address in a field, checked with ``urls.validate_url`` as it is typed: while
    it is not one, OK is off and one line says why (``failure_reason``).
    ``corrected(address)`` carries the address as typed (stripped) once accepted."""

    corrected = Signal(str)

    def __init__(self, address: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("editUrlDialog")
        self.setWindowTitle(self.tr("Edit address"))
        label = QLabel(self.tr("Correct the address, then save it again:"), self)
        self.field = QLineEdit(address, self)
        self.field.setObjectName("editUrlField")
        self.field.setAccessibleName(self.tr("Address"))
        self.problem = QLabel(self)
        self.problem.setObjectName("editUrlProblem")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Save"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.field)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.field.textChanged.connect(self._check)
        self._check(address)
        self.field.selectAll()
        self.resize(520, self.sizeHint().height())

    def _check(self, text: str) -> bool:
        try:
            validate_url(text)
        except InvalidURL as exc:
            # Why, in the interface's language (failure_reasons), not the core's English.
            self.problem.setText(failure_reason(failed_saves.kind_of(exc), exc.message))
            self.problem.show()
            self.ok.setEnabled(False)
            return False
        self.problem.clear()
        self.problem.hide()
        self.ok.setEnabled(True)
        return True

    def accept(self) -> None:
        text = self.field.text().strip()
        if not self._check(text):
            return
        super().accept()
        self.corrected.emit(text)
