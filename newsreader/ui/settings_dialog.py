"""The Settings dialog (Edit → Settings…, Ctrl+,): library location, theme, the reader's
type, the list's default view and sort, when an article counts as read, the language.

OK stores every setting as an identifier (``preferences.Preferences``, its keys
listed there) and emits ``preferencesChanged`` once; ``apply_preferences`` makes the
window follow at once where it can (theme, font, size, line width and spacing, view,
sort; the read rule is read when it is needed). The library location and the
language take effect at the next start. Cancel changes nothing.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from newsreader.ui import article_list, reader, theme, view_chooser
from newsreader.ui.preferences import LANGUAGES, ORDERS, VIEWS, Preferences
from newsreader.ui.read_marker import MARK_READ_RULES
from newsreader.ui.window_settings import save_settings


def library_folder_problem(text: str) -> str | None:
    """Why ``text`` cannot be the library folder, in one line, or None when it can:
    it must be an absolute path, and the folder (or, if it does not exist yet, the
    nearest folder above it, where it will be made at the next start) must be a
    folder this user can create files in (tried for real, so read-only mounts and
    permissions both count). "" (the default location) is always fine."""
    translate = QCoreApplication.translate  # lupdate reads a bare tr() as self.tr()
    if not text.strip():
        return None
    path = Path(text.strip()).expanduser()
    if not path.is_absolute():
        return translate(
            "SettingsDialog", "The library folder must be a full path, such as {0}."
        ).format(Path.home() / "Articles")
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return translate("SettingsDialog", "{0} is a file, not a folder.").format(existing)
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return translate("SettingsDialog", "Cannot write in {0}: {1}.").format(existing, reason)
    return None


class SettingsDialog(QDialog):
    """Edits the ``Preferences`` in ``settings``. ``library_in_use`` is the folder this
    window has open; ``overridden`` says it was given by ``--library`` or
    ``$NEWSREADER_LIBRARY``, which outrank the setting."""

    preferencesChanged = Signal(object)  # the Preferences just stored

    def __init__(
        self,
        settings: QSettings,
        library_in_use: Path,
        parent: QWidget | None = None,
        overridden: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.settings = settings
        self.initial = Preferences.load(settings)
        p = self.initial
        form = QFormLayout()

        # Library
        self.library_field = QLineEdit(p.library_path, self)
        self.library_field.setObjectName("libraryPath")
        self.library_field.setPlaceholderText(self.tr("The default folder"))
        choose = QPushButton(self.tr("Choose…"), self)
        choose.setObjectName("chooseLibrary")
        choose.clicked.connect(self._choose_library)
        row = QHBoxLayout()
        row.addWidget(self.library_field, 1)
        row.addWidget(choose)
        form.addRow(self.tr("Library folder:"), row)
        if overridden:
            note = self.tr(
                "This window uses {0}, given by --library or NEWSREADER_LIBRARY, which "
                "come before this setting."
            ).format(library_in_use)
        else:
            note = self.tr(
                "Now {0}. A new folder takes effect the next time newsreader starts."
            ).format(library_in_use)
        self.library_note = self._note(note)
        form.addRow("", self.library_note)

        # Look and type
        self.theme_combo = self._combo(
            "themeCombo",
            [theme.title(n) for n in theme.THEME_NAMES],
            theme.THEME_NAMES,
            p.theme,
        )
        form.addRow(self.tr("Theme:"), self.theme_combo)
        self.builtin_font = QCheckBox(self.tr("Built-in (serif or sans-serif, View menu)"), self)
        self.builtin_font.setObjectName("builtinFont")
        self.font_combo = QFontComboBox(self)
        self.font_combo.setObjectName("fontCombo")
        if p.font_family:
            self.font_combo.setCurrentFont(QFont(p.font_family))
        self.builtin_font.setChecked(not p.font_family)
        self.font_combo.setEnabled(bool(p.font_family))
        self.builtin_font.toggled.connect(lambda on: self.font_combo.setEnabled(not on))
        form.addRow(self.tr("Reader font:"), self.builtin_font)
        form.addRow("", self.font_combo)
        self.size_spin = QDoubleSpinBox(self)
        self.size_spin.setObjectName("fontSize")
        self.size_spin.setRange(reader.MIN_POINT_SIZE, reader.MAX_POINT_SIZE)
        self.size_spin.setDecimals(1)
        self.size_spin.setSuffix(self.tr(" pt"))
        self.size_spin.setValue(p.point_size)
        form.addRow(self.tr("Font size:"), self.size_spin)
        self.width_spin = self._spin("lineChars", reader.COLUMN_CHARS_RANGE, p.line_chars)
        self.width_spin.setSuffix(self.tr(" characters"))
        form.addRow(self.tr("Line width:"), self.width_spin)
        self.spacing_spin = self._spin("lineSpacing", reader.LINE_HEIGHT_RANGE, p.line_spacing)
        self.spacing_spin.setSingleStep(5)
        self.spacing_spin.setSuffix(self.tr(" %"))
        form.addRow(self.tr("Line spacing:"), self.spacing_spin)

        # The list and reading
        view_titles = (
            self.tr("The view used last"),
            *(
                QCoreApplication.translate(view_chooser.CONTEXT, text)
                for _, _, text in view_chooser.VIEWS
            ),
        )
        self.view_combo = self._combo("defaultView", view_titles, VIEWS, p.view)
        form.addRow(self.tr("Show at start:"), self.view_combo)
        order_titles = [
            QCoreApplication.translate(view_chooser.CONTEXT, text)
            for _, text in article_list.ORDERS
        ]
        self.order_combo = self._combo("defaultOrder", order_titles, ORDERS, p.order)
        form.addRow(self.tr("Sort by:"), self.order_combo)
        rules = (
            self.tr("After a few seconds open, or when scrolled"),
            self.tr("As soon as it is opened"),
            self.tr("Only when I mark it (U)"),
        )
        self.read_combo = self._combo("markReadRule", rules, MARK_READ_RULES, p.mark_read)
        form.addRow(self.tr("Mark as read:"), self.read_combo)
        languages = (self.tr("As the system"), self.tr("English"), self.tr("Norwegian Bokmål"))
        self.language_combo = self._combo("language", languages, LANGUAGES, p.language)
        form.addRow(self.tr("Language:"), self.language_combo)
        form.addRow("", self._note(self.tr("A new language takes effect after a restart.")))

        self.problem = QLabel(self)
        self.problem.setObjectName("settingsProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    # --- building ---------------------------------------------------------------------------
    def _note(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setEnabled(False)  # drawn in the palette's quieter colour
        return label

    def _combo(
        self, name: str, titles: Sequence[str], identifiers: Sequence[str], current: str
    ) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        for text, identifier in zip(titles, identifiers, strict=True):
            combo.addItem(text, identifier)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        return combo

    def _spin(self, name: str, bounds: tuple[int, int], value: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(*bounds)
        spin.setValue(value)
        return spin

    def _choose_library(self) -> None:
        start = self.library_field.text().strip() or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, self.tr("Library folder"), start)
        if folder:
            self.library_field.setText(folder)

    # --- the result -------------------------------------------------------------------------
    def chosen(self) -> Preferences:
        """The preferences as the dialog shows them now."""
        path = self.library_field.text().strip()
        return Preferences(
            library_path=str(Path(path).expanduser()) if path else "",
            theme=self.theme_combo.currentData(),
            font_family=""
            if self.builtin_font.isChecked()
            else self.font_combo.currentFont().family(),
            point_size=round(self.size_spin.value(), 1),
            line_chars=self.width_spin.value(),
            line_spacing=self.spacing_spin.value(),
            view=self.view_combo.currentData(),
            order=self.order_combo.currentData(),
            mark_read=self.read_combo.currentData(),
            language=self.language_combo.currentData(),
        )

    def accept(self) -> None:
        """Store and announce the preferences, unless the library folder cannot be
        used: then one line says why and the dialog stays open."""
        problem = library_folder_problem(self.library_field.text())
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            self.library_field.setFocus()
            return
        chosen = self.chosen()
        try:
            chosen.store(self.settings)
        except OSError as exc:
            self.problem.setText(
                self.tr("Could not keep the library folder: {0}").format(exc.strerror or exc)
            )
            self.problem.show()
            return
        super().accept()
        if chosen != self.initial:
            self.preferencesChanged.emit(chosen)


def open_settings(window) -> SettingsDialog:
    """Open the Settings dialog over ``window`` (a MainWindow), window-modal; on OK the
    window follows through ``apply_preferences``. The dialog starts from the window
    as it is now: the theme, text size and sort may have changed from the View menu,
    Ctrl +/- or the list since they were last stored."""
    save_settings(window)
    dialog = SettingsDialog(
        window.settings,
        window.library.paths.root,
        window,
        overridden=window.library_overridden,
    )
    dialog.preferencesChanged.connect(lambda prefs: apply_preferences(window, prefs))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    window.settings_dialog = dialog
    return dialog


def apply_preferences(window, prefs: Preferences) -> None:
    """Make ``window`` (a MainWindow) follow ``prefs`` now: theme, the reader's type,
    the list's view and sort. The library and language wait for the next start."""
    window.controls.set_theme(prefs.theme)
    window.reader.set_typography(
        prefs.font_family, prefs.point_size, prefs.line_chars, prefs.line_spacing
    )
    articles = window.articles
    view = prefs.view if prefs.view != "last" else articles.view_id()
    if (view, prefs.order) != (articles.view_id(), articles.order()):
        articles.restore(view, prefs.order)
