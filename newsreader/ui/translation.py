"""The interface language: which one, and installing its translations at start-up.

The setting ``interface/language`` (window.ini) holds an identifier, never a shown name:
``system`` (the default) follows the system locale, ``en`` is English (the source
language of every string; its translation holds only the plural forms), ``nb`` is
Norwegian Bokmål. Norwegian in any written form
(``nb``, ``no``, ``nn``) is served by the Bokmål translation, since there is no Nynorsk one.
The environment variable ``NEWSREADER_LANGUAGE`` (same identifiers) wins over the
setting, for tests and screenshots.

Translations are Qt's own: ``resources/i18n/newsreader_<lang>.qm`` for newsreader's
strings (made from ``newsreader_<lang>.ts`` by ``python -m newsreader.ui.i18n_tool``),
and for Qt's standard buttons and menus Qt's ``qtbase_<lang>.qm`` when PySide6 ships one,
else ``resources/i18n/qtbase_<lang>.qm`` (PySide6 has no Bokmål qtbase).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from newsreader import paths

log = logging.getLogger(__name__)

LANGUAGE_KEY = "interface/language"
LANGUAGE_ENV = "NEWSREADER_LANGUAGE"
SYSTEM = "system"
SOURCE_LANGUAGE = "en"
# Each language shown, and the locale its numbers and dates take when the system's
# locale is of another language. English has a translation too: its plural forms only
# ("%n article(s)" -> "1 article", "2 articles"), made by lupdate -pluralonly.
LOCALES = {"en": "en_GB", "nb": "nb_NO"}
CHOICES = (SYSTEM, *LOCALES)
# Written forms of Norwegian served by the Bokmål translation.
_NORWEGIAN = {
    QLocale.Language.NorwegianBokmal,
    QLocale.Language.NorwegianNynorsk,
}
_WRITTEN_AS = {"en": {QLocale.Language.English}, "nb": _NORWEGIAN}


def i18n_dir() -> Path:
    """resources/i18n: the .ts sources and the compiled .qm files."""
    return paths.resources_dir() / "i18n"


def language_for(choice: str | None, system: QLocale | None = None) -> str:
    """The language to show (a key of LOCALES) for a setting's ``choice``
    (one of CHOICES; anything else counts as "system") and the ``system`` locale
    (default QLocale.system())."""
    choice = (choice or SYSTEM).strip().lower()
    if choice in CHOICES and choice != SYSTEM:
        return choice
    locale = system if system is not None else QLocale.system()
    return "nb" if locale.language() in _NORWEGIAN else SOURCE_LANGUAGE


def chosen_language(settings: QSettings | None) -> str:
    """The language from $NEWSREADER_LANGUAGE, else the setting, else the system."""
    choice = os.environ.get(LANGUAGE_ENV)
    if not choice and settings is not None:
        choice = str(settings.value(LANGUAGE_KEY, SYSTEM) or SYSTEM)
    return language_for(choice)


def display_locale(language: str, system: QLocale | None = None) -> QLocale:
    """The locale for numbers and dates with the interface in ``language``: the
    ``system`` locale (default QLocale.system()) when it is of that language (so en_US
    keeps its own dates), else the language's own (LOCALES)."""
    system = system if system is not None else QLocale.system()
    if system.language() in _WRITTEN_AS.get(language, ()):
        return system
    return QLocale(LOCALES.get(language, LOCALES[SOURCE_LANGUAGE]))


def install(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the translators for ``language`` (a key of LOCALES) on ``app`` and make
    display_locale(language) the default for numbers and dates (QLocale.setDefault).
    Returns the translators installed (their parent is ``app``); a missing or
    unreadable .qm is logged and skipped, never fatal: the text stays English."""
    locale = display_locale(language)
    QLocale.setDefault(locale)
    log.info("interface language %s; numbers and dates as %s", language, locale.name())
    ours = str(i18n_dir())
    sources = [(f"newsreader_{language}", (ours,))]
    if language != SOURCE_LANGUAGE:
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        sources.insert(0, (f"qtbase_{language}", (qt_dir, ours)))
    installed = []
    for name, folders in sources:
        translator = QTranslator(app)
        if any(translator.load(name, folder) for folder in folders):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("no translation %s.qm in %s", name, ", ".join(folders))
            translator.deleteLater()
    return installed


def remove(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Undo ``install``: the translators go, the default locale is the system's."""
    for translator in translators:
        app.removeTranslator(translator)
        translator.deleteLater()
    QLocale.setDefault(QLocale.system())
