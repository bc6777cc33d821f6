"""Every string the window shows goes through tr() (the project's rule, docs and
BRIEF): a small checker reads the source of newsreader/ui with ``ast`` and finds
string literals (plain, f-strings, or ``"…".format(…)``) handed straight to the calls
that put text on screen. Identifiers (object names, settings keys) go to other calls
and are not looked at; strings without a letter (separators, "#", "…") are allowed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parent.parent / "newsreader" / "ui"

# Calls whose string arguments a person reads: Qt's text setters, dialogs, actions and
# widgets made with a label, and the window's own message/placeholder helpers.
SHOWN = {
    "setText",
    "setToolTip",
    "setStatusTip",
    "setWhatsThis",
    "setWindowTitle",
    "setPlaceholderText",
    "setAccessibleName",
    "setAccessibleDescription",
    "setHorizontalHeaderLabels",
    "QTableWidgetItem",
    "setInformativeText",
    "setDetailedText",
    "setLabelText",
    "setTitle",
    "setItemText",
    "addItem",
    "addItems",
    "addTab",
    "addAction",
    "addMenu",
    "addButton",
    "showMessage",
    "show_message",
    "show",
    "show_placeholder",
    "warning",
    "information",
    "critical",
    "question",
    "about",
    "getOpenFileName",
    "getOpenFileNames",
    "getSaveFileName",
    "getExistingDirectory",
    "getText",
    "QAction",
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QProgressDialog",
    "QMenu",
    "QMessageBox",
}


LOGGERS = {"log", "logger", "logging"}


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def _untranslated(node: ast.expr) -> bool:
    """A literal a person would read, not passed through tr()/translate."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(v, ast.Constant) and any(c.isalpha() for c in v.value) for v in node.values
        )
    if isinstance(node, ast.Call) and _name(node.func) == "format":
        return isinstance(node.func, ast.Attribute) and _untranslated(node.func.value)
    if isinstance(node, ast.BinOp):  # "a" + b
        return _untranslated(node.left) or _untranslated(node.right)
    if isinstance(node, ast.IfExp):
        return _untranslated(node.body) or _untranslated(node.orelse)
    if isinstance(node, ast.Tuple | ast.List):  # action=("Undo", callback), [labels]
        return any(_untranslated(e) for e in node.elts)
    return False


def untranslated_in(source: str, filename: str = "<source>") -> list[str]:
    """``file:line: call(...)`` for each shown string in ``source`` not wrapped in tr()."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call) or _name(node.func) not in SHOWN:
            continue
        if isinstance(node.func, ast.Attribute) and _name(node.func.value) in LOGGERS:
            continue  # the log file is for the record, in English
        arguments = [*node.args, *(k.value for k in node.keywords)]
        if any(_untranslated(a) for a in arguments):
            found.append(f"{filename}:{node.lineno}: {ast.unparse(node)[:100]}")
    return found


def test_every_string_the_window_shows_goes_through_tr():
    found = []
    for path in sorted(UI.glob("*.py")):
        found += untranslated_in(path.read_text(encoding="utf-8"), path.name)
    assert not found, "shown without tr():\n" + "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        'label.setText("Saved")',
        'self.messages.show(f"Deleted {n} articles.")',
        'self.messages.show("Not opened: {}".format(url), Level.WARNING)',
        'QFileDialog.getOpenFileName(self, "Import links", "", "Text (*.txt)")',
        'self.messages.show(text, action=("Undo", self.undo))',
        'button.setToolTip("Save " + name)',
        'QAction("&Quit", self)',
        'table.setHorizontalHeaderLabels(["Command", "Keys"])',
        'field.setAccessibleName("Links to save")',
        'self.find_status.setText(f"{count} found")',
        'box.setWindowTitle("Oops" if bad else self.tr("Fine"))',
    ],
)
def test_the_checker_finds_untranslated_strings(source):
    assert untranslated_in(source) != []


@pytest.mark.parametrize(
    "source",
    [
        'label.setText(self.tr("Saved"))',
        'self.messages.show(self.tr("Deleted %n articles.", "", n))',
        'self.messages.show(self.tr("Not opened: {}").format(url), Level.WARNING)',
        'QFileDialog.getOpenFileName(self, _tr("Import links"), "", _tr("Text (*.txt)"))',
        'widget.setObjectName("messageBanner")',
        'settings.setValue("backups/keep", 7)',
        'label.setText("…")',
        'label.setText(" · ".join(parts))',
        "window.show()",
        'log.warning("could not %s: %s", what, message)',
    ],
)
def test_the_checker_lets_translated_text_and_identifiers_pass(source):
    assert untranslated_in(source) == []
