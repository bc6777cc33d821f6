"""The interface in Norwegian Bokmål and English: the translation files are complete
and current, compiled, consistent with their sources; the language follows the system
or the setting; and real widgets show the translations at run time (which is where a
tr() whose context differs between lupdate and Qt shows up)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget

from newsreader.library.models import Article
from newsreader.saver import SaveState
from newsreader.ui import backups, i18n_tool, translation
from newsreader.ui.dialogs import ErrorDialog, TagsDialog
from newsreader.ui.list_delegate import details_line, pending_line
from newsreader.ui.messages import MessageBanner
from newsreader.ui.pending_rows import PendingSave
from newsreader.ui.reader_html import byline, human_date

TS_FILES = sorted(i18n_tool.I18N.glob("*.ts"))
MAINTAINED = i18n_tool.translation_files()


# --- the files ------------------------------------------------------------------------------


def test_there_is_a_bokmal_and_an_english_translation():
    assert [ts.name for ts in MAINTAINED] == ["newsreader_en.ts", "newsreader_nb.ts"]
    assert (i18n_tool.I18N / "qtbase_nb.ts").is_file()


@pytest.mark.parametrize("ts", MAINTAINED, ids=lambda p: p.name)
def test_lupdate_on_the_code_finds_nothing_new_or_unfinished(ts, tmp_path):
    # A visible string added or changed in newsreader/ui without its translation fails
    # here: run `python -m newsreader.ui.i18n_tool` and translate what it lists.
    copy = tmp_path / ts.name
    shutil.copy(ts, copy)
    i18n_tool.lupdate(copy)
    assert i18n_tool.unfinished(copy) == []
    assert _current(copy) == _current(ts), "the committed .ts is not lupdate's output"


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_the_committed_qm_is_the_compiled_ts(ts, tmp_path):
    fresh = i18n_tool.lrelease(ts, tmp_path / ts.with_suffix(".qm").name)
    committed = ts.with_suffix(".qm")
    assert committed.is_file(), f"{committed.name} missing: run python -m newsreader.ui.i18n_tool"
    assert committed.read_bytes() == fresh.read_bytes(), f"{committed.name} is out of date"


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_every_translation_keeps_plurals_placeholders_and_mnemonics(ts):
    assert problems(ts) == []


def _current(ts: Path) -> set[tuple[str, str, str]]:
    """(context, source, translation) of the messages still in the code."""
    found = set()
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation.get("type") in ("obsolete", "vanished"):
                continue
            forms = [f.text or "" for f in translation.findall("numerusform")]
            text = "|".join(forms) if forms else translation.text or ""
            found.add((context.findtext("name"), message.findtext("source"), text))
    return found


_PLACEHOLDERS = re.compile(r"\{\d*\}|%L?n|%\d+")
# An & that marks a mnemonic: not "&&" (a literal &), not an HTML entity.
_MNEMONIC = re.compile(r"&(?![&\s]|#?\w+;)")


def _shape(text: str) -> tuple[Counter, int, int]:
    placeholders = Counter(p.replace("%Ln", "%n") for p in _PLACEHOLDERS.findall(text))
    return placeholders, len(_MNEMONIC.findall(text.replace("&&", ""))), text.count(";;")


def problems(ts: Path) -> list[str]:
    """What is wrong with the current translations of ``ts``: a %n message not marked
    as plural (lupdate did not see its count), a plural without exactly two non-empty
    forms (Bokmål and English have two), and a translation whose {0}/{}/%n
    placeholders, & mnemonics or ;; file-filter separators differ from its source."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("obsolete", "vanished"):
                continue
            where = f"{name}: {source!r}"
            numerus = message.get("numerus") == "yes"
            if "%n" in source and not numerus:
                found.append(f"{where}: %n but not a plural (pass the count to tr())")
            if numerus:
                texts = [f.text or "" for f in translation.findall("numerusform")]
                if len(texts) != 2 or not all(texts):
                    found.append(f"{where}: plural forms {texts!r}")
            else:
                texts = [translation.text or ""]
            want = _shape(source)
            for text in texts:
                if text and _shape(text) != want:
                    found.append(f"{where}: {text!r} does not keep {want}")
    return found


def _ts(tmp_path: Path, body: str, language: str = "nb_NO") -> Path:
    path = tmp_path / "sample.ts"
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?><TS version="2.1" language="{language}">'
        f"<context><name>C</name>{body}</context></TS>",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "message",
    [
        "<message><source>Saved {0}</source><translation>Lagret</translation></message>",
        "<message><source>Saved {}</source><translation>Lagret {} {}</translation></message>",
        "<message><source>&amp;File</source><translation>Fil</translation></message>",
        "<message><source>Save</source><translation>&amp;Lagre</translation></message>",
        "<message><source>%n found</source><translation>%n treff</translation></message>",
        '<message numerus="yes"><source>%n articles</source><translation>'
        "<numerusform>%n artikkel</numerusform><numerusform></numerusform>"
        "</translation></message>",
        '<message numerus="yes"><source>%n articles</source><translation>'
        "<numerusform>%n artikkel</numerusform></translation></message>",
        '<message numerus="yes"><source>%n articles</source><translation>'
        "<numerusform>én artikkel</numerusform><numerusform>%n artikler</numerusform>"
        "</translation></message>",
        "<message><source>Text (*.txt);;All (*)</source>"
        "<translation>Tekst (*.txt) Alle (*)</translation></message>",
    ],
)
def test_the_consistency_check_finds_each_kind_of_fault(tmp_path, message):
    assert problems(_ts(tmp_path, message)) != []


def test_the_consistency_check_passes_good_translations(tmp_path):
    good = (
        "<message><source>Saved {0} of {1}</source><translation>Lagret {0} av {1}"
        "</translation></message>"
        "<message><source>&amp;File</source><translation>&amp;Fil</translation></message>"
        "<message><source>Salt &amp;&amp; pepper</source><translation>Salt og pepper"
        "</translation></message>"
        '<message numerus="yes"><source>(%n images missing)</source><translation>'
        "<numerusform>(%n bilde mangler)</numerusform>"
        "<numerusform>(%Ln bilder mangler)</numerusform></translation></message>"
    )
    assert problems(_ts(tmp_path, good)) == []


def test_an_unfinished_or_new_message_is_listed(tmp_path):
    ts = _ts(
        tmp_path,
        '<message><source>A</source><translation type="unfinished"></translation></message>'
        '<message><source>B</source><translation type="unfinished">Bee</translation></message>'
        '<message><source>C</source><translation type="vanished">Cee</translation></message>'
        "<message><source>D</source><translation>Dee</translation></message>",
    )
    assert i18n_tool.unfinished(ts) == ["C: A", "C: B"]


# --- carrying translations over when a string moves ------------------------------------------

OLD_CODE = """
class Saving(QObject):
    def f(self):
        self.tr("Saved")
        self.tr("%n links", "", n)
        self.tr("Retry")
"""
# The window split: the same strings in a new class; one reworded.
NEW_CODE = """
class SavingControls(QObject):
    def f(self):
        self.tr("Saved")
        self.tr("%n links", "", n)
        self.tr("Retry now")
"""


def test_the_tool_carries_identical_texts_to_their_new_context(tmp_path):
    code = tmp_path / "code.py"
    ts = tmp_path / "newsreader_nb.ts"
    code.write_text(OLD_CODE, encoding="utf-8")
    i18n_tool.lupdate(ts, [code])
    tree = ET.parse(ts)
    values = {"Saved": "Lagret", "Retry": "Prøv igjen"}
    for message in tree.iter("message"):
        translation = message.find("translation")
        del translation.attrib["type"]
        if message.get("numerus"):
            for form, text in zip(translation, ("%n lenke", "%n lenker"), strict=True):
                form.text = text
        else:
            translation.text = values[message.findtext("source")]
    tree.write(ts, encoding="utf-8")

    code.write_text(NEW_CODE, encoding="utf-8")
    i18n_tool.lupdate(ts, [code])
    filled = i18n_tool.carry_over(ts)
    i18n_tool.lupdate(ts, [code])

    assert sorted(filled) == ["SavingControls: %n links", "SavingControls: Saved"]
    assert i18n_tool.unfinished(ts) == ["SavingControls: Retry now"]
    current = {(c, s, t) for c, s, t in _current(ts)}
    assert ("SavingControls", "Saved", "Lagret") in current
    assert ("SavingControls", "%n links", "%n lenke|%n lenker") in current
    # The old context stays (vanished) for later moves; lrelease leaves it out.
    assert "vanished" in ts.read_text(encoding="utf-8")


# --- which language ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choice", "system", "expected"),
    [
        ("system", "nb_NO", "nb"),
        ("system", "nn_NO", "nb"),
        ("system", "no", "nb"),
        (None, "nb_NO", "nb"),
        ("system", "en_US", "en"),
        ("system", "de_DE", "en"),
        ("system", "sv_SE", "en"),
        ("en", "nb_NO", "en"),
        ("nb", "en_US", "nb"),
        (" NB ", "de_DE", "nb"),
        ("Norsk", "en_US", "en"),  # not an identifier: as "system"
        ("klingon", "nb_NO", "nb"),
    ],
)
def test_the_language_follows_the_setting_else_the_system(choice, system, expected):
    assert translation.language_for(choice, QLocale(system)) == expected


@pytest.mark.parametrize(
    ("language", "system", "expected"),
    [
        ("nb", "nb_NO", "nb_NO"),
        ("nb", "nn_NO", "nn_NO"),
        ("nb", "en_US", "nb_NO"),
        ("en", "en_US", "en_US"),
        ("en", "en_AU", "en_AU"),
        ("en", "nb_NO", "en_GB"),
        ("en", "de_DE", "en_GB"),
    ],
)
def test_numbers_and_dates_follow_the_system_locale_of_the_same_language(
    language, system, expected
):
    assert translation.display_locale(language, QLocale(system)).name() == expected


def test_the_environment_overrides_the_setting(tmp_path, monkeypatch):
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    settings.setValue(translation.LANGUAGE_KEY, "nb")
    monkeypatch.delenv(translation.LANGUAGE_ENV, raising=False)
    assert translation.chosen_language(settings) == "nb"
    monkeypatch.setenv(translation.LANGUAGE_ENV, "en")
    assert translation.chosen_language(settings) == "en"
    settings.setValue(translation.LANGUAGE_KEY, "en")
    monkeypatch.setenv(translation.LANGUAGE_ENV, "nb")
    assert translation.chosen_language(settings) == "nb"


# --- at run time ------------------------------------------------------------------------------


@pytest.fixture
def speak(qapp) -> Iterator:
    """speak("nb") installs a language as the app does at start-up; undone afterwards."""
    installed = []
    before = QLocale()

    def install(language: str) -> None:
        translation.remove(qapp, installed)
        installed[:] = translation.install(qapp, language)

    yield install
    translation.remove(qapp, installed)
    QLocale.setDefault(before)


def _article(**changes) -> Article:
    fields = {
        "id": 1,
        "url": "https://www.vg.no/nyheter/1",
        "title": "Kjendiser støtter mobbeofferet",
        "site": "VG",
        "author": "Ola Nordmann",
        "published": "2017-12-11",
        "language": "nb",
        "saved_at": "2026-05-15T10:00:00Z",
        "word_count": 1200,
        "reading_minutes": 5,
        "state": "unread",
        "favorite": False,
        "read_at": None,
    }
    return Article(**{**fields, **changes})


@pytest.mark.parametrize(
    ("iso", "english", "norwegian"),
    [
        ("2017-12-11", "11 Dec 2017", "11. des. 2017"),
        ("2026-05-01T08:30:00Z", "1 May 2026", "1. mai 2026"),
        ("1999-02-28", "28 Feb 1999", "28. feb. 1999"),
    ],
)
def test_dates_follow_the_interface_language(speak, iso, english, norwegian):
    speak("en")
    assert human_date(iso, QLocale("en_GB")) == english
    speak("nb")
    assert human_date(iso) == norwegian
    assert human_date("not a date") == "not a date"


def test_counts_use_the_locales_group_separator(speak):
    speak("nb")
    assert QLocale().toString(1234567) == "1\u00a0234\u00a0567"
    speak("en")
    assert QLocale(QLocale.Language.English).toString(1234567) == "1,234,567"


def test_the_list_and_reader_details_in_norwegian(speak):
    speak("nb")
    line = details_line(_article(paywall="isAccessibleForFree: false", partial=True))
    assert "11. des. 2017" in line and "5 min" in line
    assert "betalingsmur?" in line and "ufullstendig" in line
    assert "5 min lesetid" in byline(_article())
    assert "1 min lesetid" in byline(_article(reading_minutes=1))
    pending = PendingSave("https://example.org/a", SaveState.FETCHING)
    assert pending_line(pending) == "Henter…"


def test_english_plurals_come_from_the_english_translation(speak):
    speak("en")
    tr = QCoreApplication.translate
    assert tr("SaveControls", "(%n images missing)", "", 1) == "(1 image missing)"
    assert tr("SaveControls", "(%n images missing)", "", 3) == "(3 images missing)"
    assert tr("PendingUndo", "%n articles", "", 1) == "1 article"
    assert tr("ArticleList", "%Ln articles", "", 1) == "1 article"
    assert tr("ArticleList", "%Ln articles", "", 1234) == "1,234 articles"
    speak("nb")
    assert tr("SaveControls", "(%n images missing)", "", 1) == "(1 bilde mangler)"
    assert tr("SaveControls", "(%n images missing)", "", 3) == "(3 bilder mangler)"
    assert tr("PendingUndo", "%n articles", "", 21) == "21 artikler"
    # %Ln: the count in the locale's digit grouping.
    assert tr("ArticleList", "%Ln articles", "", 1234) == "1\u00a0234 artikler"


def test_dialogs_banners_and_qts_own_buttons_in_norwegian(speak, qtbot):
    speak("nb")
    parent = QWidget()
    qtbot.addWidget(parent)
    tags = TagsDialog("Mobbing", ("skole",), [], parent)
    assert tags.windowTitle() == "Rediger stikkord"
    buttons = tags.findChild(QDialogButtonBox).buttons()
    assert sorted(b.text() for b in buttons) == ["Avbryt", "OK"]
    error = ErrorDialog("ValueError: x", "details", "/tmp/log", parent)
    assert error.windowTitle() == "newsreader støtte på en uventet feil"
    error_buttons = error.findChild(QDialogButtonBox).buttons()
    assert sorted(b.text() for b in error_buttons) == ["Kopier detaljene", "Lukk"]
    banner = MessageBanner(parent)
    assert banner.close_button.toolTip() == "Lukk"
    assert backups.failure_text("disk full") == (
        "Den automatiske sikkerhetskopieringen mislyktes: disk full"
    )
    speak("en")
    assert TagsDialog("Mobbing", (), [], parent).windowTitle() == "Edit tags"


def test_a_missing_translation_file_leaves_english(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(translation, "i18n_dir", lambda: tmp_path)
    before = QLocale()
    try:
        installed = translation.install(qapp, "nb")
        # Qt's own nb buttons are not shipped by PySide6 either: nothing installed.
        assert installed == []
        assert QCoreApplication.translate("TagsDialog", "Edit tags") == "Edit tags"
        assert QLocale().name() == "nb_NO"  # dates and numbers still Norwegian
    finally:
        translation.remove(qapp, installed)
        QLocale.setDefault(before)


# --- the main window --------------------------------------------------------------------------


def test_the_actions_table_names_every_text_for_lupdate():
    from newsreader.ui.actions import SPECS, TEXTS

    shown = {text for spec in SPECS for text in (spec.text, spec.tip) if text}
    assert shown - set(TEXTS) == set()
    assert set(TEXTS) - shown == set()


@pytest.fixture
def norwegian_window(speak, qtbot, library, saver, tmp_path):
    from tests.test_window import Harness

    speak("nb")
    harness = Harness(qtbot, library, saver, tmp_path / "settings.ini")
    yield harness.window
    harness.window.close()
    harness.queue.close()


def test_the_main_windows_fields_views_and_count_in_norwegian(norwegian_window, library):
    window = norwegian_window
    assert window.search.placeholderText() == "Søk i biblioteket  (Ctrl+F)"
    assert window.address.placeholderText() == (
        "Lim inn lenker du vil lagre, og trykk Enter  (Ctrl+L)"
    )
    assert window.find_field.placeholderText() == "Finn i artikkelen"
    combo = window.view_combo
    views = [combo.itemText(i) for i in range(combo.count())]
    assert views[:4] == ["Ulest", "Favoritter", "Arkiv", "Alle"]
    assert window.count_label.text() == "0 artikler"


def test_the_main_windows_menus_in_norwegian(norwegian_window):
    titles = [a.text() for a in norwegian_window.menuBar().actions()]
    assert titles == ["&Fil", "&Rediger", "&Vis", "&Artikkel", "&Hjelp"]


def test_the_main_windows_actions_in_norwegian(norwegian_window):
    actions = norwegian_window.actions_
    assert actions["delete"].text() == "&Slett"
    assert actions["focus_search"].text() == "Søk i &biblioteket"
    assert actions["archive"].toolTip() == "Arkiver (eller flytt tilbake til Ulest)"
    from newsreader.ui.dialogs import ShortcutsDialog

    dialog = ShortcutsDialog(norwegian_window)
    commands = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert {"Slett", "Søk i biblioteket", "Finn i artikkelen", "Avslutt"} <= set(commands)
    themes = [a.text() for a in norwegian_window.controls.theme_group.actions()]
    assert themes == ["System", "Lyst", "Sepia", "Mørkt"]


def test_the_search_help_names_every_meaning_of_the_query_language(speak, qtbot):
    from newsreader.library.query import HELP
    from newsreader.ui.search_help import MEANINGS, SearchHelpPopup

    assert [meaning for _, meaning in HELP] == list(MEANINGS)
    speak("nb")
    parent = QWidget()
    qtbot.addWidget(parent)
    popup = SearchHelpPopup(parent)
    texts = {label.text() for label in popup.findChildren(QLabel)}
    assert "ett av ordene" in texts
    assert "ord som begynner på mobb" in texts


@pytest.mark.parametrize(("setting", "expected"), [("nb", "nb"), ("en", "en")])
def test_the_app_starts_in_the_language_of_its_setting(tmp_path, setting, expected):
    # The real start-up (newsreader with no command) on the offscreen platform; its log
    # says which language it installed. Ended as a desktop ends it, by SIGTERM.
    from newsreader import paths

    settings = QSettings(str(paths.settings_file()), QSettings.Format.IniFormat)
    settings.setValue(translation.LANGUAGE_KEY, setting)
    settings.sync()
    env = {k: v for k, v in os.environ.items() if k != translation.LANGUAGE_ENV}
    env.update(QT_QPA_PLATFORM="offscreen", LANG="de_DE.UTF-8", LC_ALL="de_DE.UTF-8")
    output = tmp_path / "output.txt"
    log = paths.log_file()
    with output.open("wb") as sink:
        app = subprocess.Popen(
            [sys.executable, "-m", "newsreader", "--library", str(tmp_path / "library")],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            line = ""
            while not line and time.monotonic() < deadline and app.poll() is None:
                time.sleep(0.1)
                text = log.read_text(encoding="utf-8") if log.is_file() else ""
                line = next((x for x in text.splitlines() if "interface language" in x), "")
        finally:
            app.send_signal(signal.SIGTERM)
            app.wait(30)
    assert f"interface language {expected};" in line, output.read_text(encoding="utf-8")


def _texts_in_code() -> dict[str, str]:
    """Each literal handed to tr(), translate() or QT_TRANSLATE_NOOP() in newsreader/ui,
    with where it is."""
    import ast

    found = {}
    for path in i18n_tool.sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            position = {"tr": 0, "translate": 1, "QT_TRANSLATE_NOOP": 1}.get(name)
            if position is None or len(node.args) <= position:
                continue
            text = node.args[position]
            if isinstance(text, ast.Constant) and isinstance(text.value, str):
                found[text.value] = f"{path.name}:{node.lineno}"
    return found


def test_lupdate_extracts_every_text_the_code_translates():
    # lupdate's Python parser skips some calls (translate() whose count is an attribute,
    # a tr() wrapper function): such a text is never translated, whatever the .ts says.
    extracted = {source for _, source, _ in _current(i18n_tool.I18N / "newsreader_nb.ts")}
    code = _texts_in_code()
    assert len(code) > 100
    assert {text: where for text, where in code.items() if text not in extracted} == {}


def test_no_module_calls_translate_under_the_name_tr():
    # lupdate reads tr("Context", "text") as self.tr("Context") with a comment: the text
    # would never be extracted (and the check above would not see it either).
    import ast

    aliases = []
    for path in i18n_tool.sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Attribute | ast.Name)
                and ast.unparse(node.value).endswith("translate")
                and any(isinstance(t, ast.Name) and t.id == "tr" for t in node.targets)
            ):
                aliases.append(f"{path.name}:{node.lineno}")
    assert aliases == []


def test_the_settings_dialogs_checks_answer_in_norwegian(speak, tmp_path):
    from newsreader.ui.settings_dialog import library_folder_problem

    speak("nb")
    assert library_folder_problem("relative/folder").startswith(
        "Biblioteksmappen må være en fullstendig bane"
    )
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    assert library_folder_problem(str(a_file / "library")) == f"{a_file} er en fil, ikke en mappe."


def _mnemonic(text: str) -> str | None:
    """The letter after a single ``&`` (``&&`` is a literal ampersand), lowercased."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].casefold() if 0 <= at < len(plain) - 1 else None


def _menus(window) -> dict[str, list[str]]:
    """Every menu of the menu bar (and submenu), by title: its items' texts."""
    found: dict[str, list[str]] = {"menu bar": [a.text() for a in window.menuBar().actions()]}
    todo = [a.menu() for a in window.menuBar().actions()]
    while todo:
        menu = todo.pop()
        items = [a for a in menu.actions() if not a.isSeparator()]
        found[menu.title()] = [a.text() for a in items]
        todo.extend(a.menu() for a in items if a.menu() is not None)
    return found


@pytest.mark.parametrize("language", ["en", "nb"])
def test_no_two_items_of_a_menu_share_an_alt_letter(
    speak, qtbot, library, saver, tmp_path, language
):
    """Alt+letter must reach one item: Qt only cycles between items that share one."""
    from tests.test_window import Harness

    speak(language)
    harness = Harness(qtbot, library, saver, tmp_path / "settings.ini")
    try:
        clashes = {}
        for title, texts in _menus(harness.window).items():
            letters = [m for m in map(_mnemonic, texts) if m]
            twice = sorted({m for m in letters if letters.count(m) > 1})
            if twice:
                clashes[title] = [t for t in texts if _mnemonic(t) in twice]
        assert clashes == {}
    finally:
        harness.window.close()
        harness.queue.close()
