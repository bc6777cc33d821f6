"""Developer command: bring the translations up to date with the code, then compile them.

    python -m newsreader.ui.i18n_tool            # update the .ts files, then compile
    python -m newsreader.ui.i18n_tool release    # compile only

``update`` runs Qt's ``pyside6-lupdate`` over ``newsreader/ui/*.py`` into every
``resources/i18n/newsreader_<lang>.ts`` (``newsreader_en.ts`` takes only the messages
with ``%n``, whose English plural forms it gives). Obsolete messages are kept (not
``-no-obsolete``): when a string moves to another context (a class renamed or split,
so ``tr()`` has a new context), lupdate sees a new, untranslated message, and this
command copies the translation of a message with the identical source text (and
disambiguation, and plural-ness) from any other context, current or obsolete, marking
it finished: an identical English text keeps its Norwegian one. Only identical texts are
carried over; a changed text stays unfinished for a translator (and fails
tests/test_translations.py until translated). ``release`` runs ``pyside6-lrelease`` on
every ``resources/i18n/*.ts`` (also the hand-written ``qtbase_<lang>.ts`` for Qt's own
buttons where PySide6 ships none), writing the ``.qm`` beside it; the .qm files are
committed, since installing the package runs no build step.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
UI = ROOT / "newsreader" / "ui"
I18N = ROOT / "resources" / "i18n"
# Locations ("file:line") would change with every edit of the code: left out, so a
# .ts changes only when a string does.
LUPDATE_OPTIONS = ("-locations", "none", "-silent")
SOURCE_LANGUAGE = "en"  # English: the text in the code; its .ts has the plurals only


class ToolError(Exception):
    """A Qt tool is missing or failed; the message is one line."""


def qt_tool(name: str) -> str:
    """The path of PySide6's ``name`` (pyside6-lupdate, pyside6-lrelease): beside this
    Python first (a virtual environment), else on PATH. Raises ToolError."""
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    found = shutil.which(name)
    if not found:
        raise ToolError(f"{name} not found (it comes with PySide6)")
    return found


def _run(arguments: list[str]) -> None:
    done = subprocess.run(arguments, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise ToolError(f"{Path(arguments[0]).name} failed: {detail[-1] if detail else '?'}")


def sources(ui: Path = UI) -> list[Path]:
    """The Python files whose tr()/translate() strings are extracted."""
    return sorted(ui.glob("*.py"))


def translation_files(folder: Path = I18N) -> list[Path]:
    """newsreader_<lang>.ts: the files lupdate maintains (qtbase_* are hand-written)."""
    return sorted(folder.glob("newsreader_*.ts"))


def lupdate(ts: Path, files: list[Path] | None = None) -> None:
    """Merge the strings of ``files`` (default: sources()) into ``ts``, keeping
    obsolete messages. The source language's file (newsreader_en.ts) takes only the
    messages with plural forms (-pluralonly). Raises ToolError."""
    files = sources() if files is None else files
    options = [*LUPDATE_OPTIONS]
    if ts.stem.endswith(f"_{SOURCE_LANGUAGE}"):
        options.append("-pluralonly")
    _run([qt_tool("pyside6-lupdate"), *options, *map(str, files), "-ts", str(ts)])


def lrelease(ts: Path, qm: Path | None = None) -> Path:
    """Compile ``ts`` into ``qm`` (default: beside it); returns the .qm path."""
    qm = ts.with_suffix(".qm") if qm is None else qm
    _run([qt_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)])
    return qm


def _key(message: ET.Element) -> tuple[str, str, bool]:
    return (
        message.findtext("source") or "",
        message.findtext("comment") or "",
        message.get("numerus") == "yes",
    )


def _translated(message: ET.Element) -> bool:
    """A translation a translator finished: current and finished, or vanished (Qt's
    mark for a finished message whose string left the code). Unfinished ones that left
    are "obsolete" and are not carried over."""
    translation = message.find("translation")
    if translation is None or translation.get("type") not in (None, "vanished"):
        return False
    forms = translation.findall("numerusform")
    texts = [f.text or "" for f in forms] if forms else [translation.text or ""]
    return all(texts)


def _texts(translation: ET.Element) -> list[str]:
    """The non-empty texts of a translation (its plural forms, or its one text)."""
    forms = translation.findall("numerusform")
    texts = [f.text or "" for f in forms] if forms else [translation.text or ""]
    return [t for t in texts if t.strip()] and texts


def carry_over(ts: Path) -> list[str]:
    """Finish each unfinished message of ``ts`` that has a translated twin: a message
    with the identical source text, disambiguation and plural-ness in another context
    (current or vanished). An empty one gets the twin's translation; one that lupdate's
    same-text heuristic already filled with exactly that translation is marked finished.
    A message whose text differs (a draft, or lupdate's similar-text guess) is left for
    a translator. Returns "context: source" of those finished."""
    tree = ET.parse(ts)
    known: dict[tuple[str, str, bool], ET.Element] = {}
    for message in tree.iter("message"):
        if _translated(message):
            known.setdefault(_key(message), message.find("translation"))
    filled = []
    for context in tree.getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") != "unfinished":
                continue
            source = known.get(_key(message))
            if source is None or _texts(translation) not in ([], _texts(source)):
                continue  # nothing identical to copy, or a translator's own draft
            translation.attrib.pop("type")
            translation.text = source.text
            for form in list(translation):
                translation.remove(form)
            for form in source.findall("numerusform"):
                ET.SubElement(translation, "numerusform").text = form.text
            filled.append(f"{context.findtext('name')}: {_key(message)[0]}")
    if filled:
        tree.write(ts, encoding="utf-8", xml_declaration=True)
    return filled


def update(folder: Path = I18N) -> list[str]:
    """lupdate every newsreader_<lang>.ts, carry identical translations over, and
    lupdate again (which writes the file in Qt's own layout). Returns what was filled."""
    filled = []
    for ts in translation_files(folder):
        lupdate(ts)
        filled += [f"{ts.name}: {line}" for line in carry_over(ts)]
        lupdate(ts)
    return filled


def release(folder: Path = I18N) -> list[Path]:
    """Compile every .ts in ``folder``; returns the .qm files written."""
    return [lrelease(ts) for ts in sorted(folder.glob("*.ts"))]


def unfinished(ts: Path) -> list[str]:
    """ "context: source" of each current message of ``ts`` without a finished
    translation (new, unfinished, or with an empty plural form)."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = None if translation is None else translation.get("type")
            if kind in ("obsolete", "vanished"):
                continue
            if not _translated(message):
                found.append(f"{context.findtext('name')}: {message.findtext('source')}")
    return found


def main(argv: list[str] | None = None) -> int:
    command = (argv if argv is not None else sys.argv[1:]) or ["update"]
    try:
        if command[0] == "update":
            for line in update():
                print(f"carried over: {line}")
        elif command[0] != "release":
            print("usage: python -m newsreader.ui.i18n_tool [update|release]", file=sys.stderr)
            return 2
        for qm in release():
            print(f"compiled {qm.relative_to(ROOT)}")
    except ToolError as exc:
        print(f"i18n_tool: {exc}", file=sys.stderr)
        return 1
    for ts in translation_files():
        for line in unfinished(ts):
            print(f"to translate: {ts.name}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
