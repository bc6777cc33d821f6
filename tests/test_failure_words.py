"""The words of failed saves and of counts (issue 13, review of the Saves view): why a
save failed in the window's language, whatever the kind; counts with real plural forms
in English and Bokmål; the Saves view counts its saves, not articles; the Edit address
dialog is deleted once closed. Real window offscreen, real library, real local HTTP
server; each failure made by a real save."""

# ruff: noqa: F811 - tests take the imported `harness` fixture by name
from __future__ import annotations

import socket

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication

from newsreader.library import failed_saves
from newsreader.ui.edit_url_dialog import EditUrlDialog
from newsreader.ui.failure_reasons import SENTENCES, failure_reason
from newsreader.ui.list_delegate import pending_line
from tests.test_library import content
from tests.test_translations import speak  # noqa: F401 - the fixture
from tests.test_window import WAIT_MS, Harness, harness  # noqa: F401 - the fixture

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fail(harness, url: str):
    """Save ``url`` from the window and wait until its row has failed."""
    banner = harness.window.banner
    banner.dismiss()
    harness.window.save_urls([url])
    harness.qtbot.waitUntil(
        lambda: (p := harness.window.pending.pending_of(url)) is not None and p.failed,
        timeout=WAIT_MS,
    )
    harness.qtbot.waitUntil(banner.isVisible, timeout=WAIT_MS)
    return harness.window.pending.pending_of(url)


def _reason_shown(harness, url: str) -> str:
    """The reader's "Reason: …" paragraph for the failed save of ``url``."""
    harness.window.pending.show(url)
    lines = [line for line in harness.window.reader.toPlainText().splitlines() if line.strip()]
    return lines[2]


# (kind, path or address, what the core's detail must keep, whether it is shown at all)
def _cases(server) -> list[tuple[str, str, str]]:
    server.page("/en.pdf", PDF, content_type="application/pdf")
    return [
        (failed_saves.FETCH, server.url("/finnes-ikke"), "HTTP 404"),
        (failed_saves.FETCH, f"http://127.0.0.1:{_closed_port()}/sak", "127.0.0.1"),
        (failed_saves.NOT_AN_ARTICLE, server.url("/en.pdf"), "application/pdf"),
        (failed_saves.UNSUPPORTED_SCHEME, "ftp://example.no/fil.html", ""),
        (failed_saves.UNSUPPORTED_SCHEME, server.url("/sak").replace("http://", "htp://"), ""),
        (failed_saves.UNSUPPORTED_SCHEME, "mailto:ola@example.no", ""),
        (failed_saves.INVALID_URL, "http://127.0.0.1:99999/sak", "99999"),
        (failed_saves.INVALID_URL, "http://exa mple.no/sak", "spaces"),
    ]


SENTENCE = {
    "nb": {
        failed_saves.FETCH: "Siden kunne ikke lastes ned",
        failed_saves.NOT_AN_ARTICLE: "Adressen fører til en fil, ikke en nettside",
        failed_saves.UNSUPPORTED_SCHEME: "Bare nettadresser (http:// eller https://) kan lagres",
        failed_saves.INVALID_URL: "Ikke en gyldig nettadresse",
    },
    "en": {
        failed_saves.FETCH: "The page could not be downloaded",
        failed_saves.NOT_AN_ARTICLE: "The address leads to a file, not a web page",
        failed_saves.UNSUPPORTED_SCHEME: "Only web addresses (http:// or https://) can be saved",
        failed_saves.INVALID_URL: "Not a valid web address",
    },
}
WORDS = {
    "nb": ("Mislyktes (R for å prøve igjen): ", "Mislyktes (F2 for å rette adressen): ", "Årsak: "),
    "en": ("Failed (R to retry): ", "Failed (F2 to edit the address): ", "Reason: "),
}


# --- why a save failed, in the window's language -----------------------------------------------
@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_real_failure_says_why_in_the_windows_language(speak, harness, server, language):
    speak(language)
    for kind, url, kept in _cases(server):
        pending = _fail(harness, url)
        assert pending.kind == kind, url
        sentence = SENTENCE[language][kind]
        # The sentence first; the core's English after it only where it tells more.
        expected = f"{sentence}: {pending.detail}" if kept else sentence
        if kept:
            assert kept in pending.detail, (url, pending.detail)
        retry, edit, reason = WORDS[language]
        advice = retry if pending.retryable else edit
        assert pending_line(pending) == advice + expected, url
        assert _reason_shown(harness, url) == reason + expected, url
        banner = harness.window.banner.label.text()
        assert banner.endswith(": " + expected), (url, banner)
        if language == "nb":  # not a word of the core's English where it adds nothing
            assert "only http" not in banner and "only http" not in pending_line(pending)


def test_failures_read_back_from_the_library_are_translated_too(speak, harness, server):
    urls = ["ftp://example.no/fil.html", server.url("/borte")]
    for url in urls:
        _fail(harness, url)
    harness.qtbot.waitUntil(lambda: len(harness.library.failed_saves()) == 2, timeout=WAIT_MS)
    harness.window.close()
    speak("nb")
    window = harness.window = harness.new_window()
    rows = {p.url: p for p in window.model.pending}
    assert pending_line(rows[urls[0]]) == (
        "Mislyktes (F2 for å rette adressen): Bare nettadresser (http:// eller https://) kan lagres"
    )
    assert pending_line(rows[urls[1]]) == (
        "Mislyktes (R for å prøve igjen): Siden kunne ikke lastes ned: HTTP 404 Not Found"
    )


@pytest.mark.parametrize("language", ["nb", "en"])
def test_each_kind_has_its_own_translated_sentence(speak, language):
    speak(language)
    assert set(SENTENCES) == set(failed_saves.KINDS)
    sentences = {kind: failure_reason(kind) for kind in failed_saves.KINDS}
    assert len(set(sentences.values())) == len(failed_saves.KINDS)
    if language == "nb":
        assert all(sentences[k] != SENTENCES[k] for k in failed_saves.KINDS), sentences
    # The detail follows where it adds something; blank details and unknown kinds too.
    assert failure_reason(failed_saves.TIMEOUT, "download took longer than 30 s").endswith(
        ": download took longer than 30 s"
    )
    assert failure_reason(failed_saves.LIBRARY, "the disk is full\n") == (
        f"{sentences[failed_saves.LIBRARY]}: the disk is full"
    )
    assert failure_reason(failed_saves.EXTRACTION, "   ") == sentences[failed_saves.EXTRACTION]
    assert failure_reason(None, "boom") == f"{sentences[failed_saves.OTHER]}: boom"
    assert failure_reason("no-such-kind", "") == sentences[failed_saves.OTHER]
    scheme = failure_reason(failed_saves.UNSUPPORTED_SCHEME, "only http and https, not 'htp'")
    assert scheme == sentences[failed_saves.UNSUPPORTED_SCHEME]


def test_the_edit_dialog_says_why_in_norwegian(speak, qtbot):
    from PySide6.QtWidgets import QWidget

    speak("nb")
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = EditUrlDialog("htp://example.no/sak", parent)
    assert dialog.problem.text() == "Bare nettadresser (http:// eller https://) kan lagres"
    dialog.field.setText("http://exa mple.no/")
    assert dialog.problem.text().startswith("Ikke en gyldig nettadresse: not a URL")
    dialog.field.setText("https://example.no/sak")
    assert dialog.ok.isEnabled() and not dialog.problem.isVisible()


# --- counts ---------------------------------------------------------------------------------------
PLURALS = {
    "en": [
        ("ImportTexts", "%Ln article(s)", 1, "1 article"),
        ("ImportTexts", "%Ln article(s)", 1500, "1,500 articles"),
        ("ImportTexts", "%Ln link only", 2, "2 links only"),
        ("ImportTexts", "about %n minute(s) left", 1, "about 1 minute left"),
        ("Exporter", "Exported %Ln article(s) to {0}", 1, "Exported 1 article to {0}"),
        ("SaveControls", "%Ln of the links are already in your library", 1,
         "1 of the links is already in your library"),
        ("SaveControls", "%Ln of the links are already in your library", 2,
         "2 of the links are already in your library"),
        ("PendingSaves", "Cancelled %Ln saves (nothing was saved)", 1,
         "Cancelled 1 save (nothing was saved)"),
        ("PendingSaves", "Cancelled %Ln saves (nothing was saved)", 4,
         "Cancelled 4 saves (nothing was saved)"),
        ("SavesPlace", "Saving %Ln articles…", 1, "Saving 1 article…"),
        ("SavesPlace", "%Ln saves failed", 1, "1 save failed"),
        ("SavesPlace", "Cleared %Ln failed saves", 1, "Cleared 1 failed save"),
        ("SavesPlace", "Cleared %Ln failed saves", 2, "Cleared 2 failed saves"),
        ("ArticleList", "%Ln matches in all articles", 1, "1 match in all articles"),
        ("ArticleList", "%Ln articles", 1, "1 article"),
        ("PendingUndo", "%n articles", 1, "1 article"),
    ],
    "nb": [
        ("ImportTexts", "%Ln article(s)", 1, "1 artikkel"),
        ("ImportTexts", "%Ln article(s)", 1500, "1\u00a0500 artikler"),
        ("ImportTexts", "about %n hour(s) left", 2, "omtrent 2 timer igjen"),
        ("Exporter", "Exported %Ln article(s) to {0}", 2, "Eksporterte 2 artikler til {0}"),
        ("SaveControls", "%Ln of the links are already in your library", 2,
         "2 av lenkene finnes allerede i biblioteket"),
        ("PendingSaves", "Cancelled %Ln saves (nothing was saved)", 1,
         "Avbrøt 1 lagring (ingenting ble lagret)"),
        ("SavesPlace", "Saving %Ln articles…", 3, "Lagrer 3 artikler…"),
        ("SavesPlace", "%Ln saves failed", 1, "1 lagring mislyktes"),
        ("SavesPlace", "Cleared %Ln failed saves", 2, "Fjernet 2 mislykkede lagringer"),
        ("ArticleList", "%Ln articles", 1, "1 artikkel"),
    ],
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "nb"])
def test_counts_have_plural_forms_in_english_and_bokmal(speak, language):
    speak(language)
    for context, source, n, expected in PLURALS[language]:
        assert QCoreApplication.translate(context, source, "", n) == expected


def test_counts_the_window_shows_read_right_in_english(harness, server):
    window = harness.window
    harness.library.save(content(1))
    window.model.reload()
    assert window.count_label.text() == "1 article"
    # One link already saved among several: counted, in the singular.
    known = harness.library.summaries([1])[0].url
    server.hang("/a", seconds=30)
    server.hang("/b", seconds=30)
    window.save_urls([known, server.url("/a"), server.url("/b")])
    status = window.statusBar().currentMessage
    assert status() == "1 of the links is already in your library"
    harness.qtbot.waitUntil(lambda: "Saving 2 articles…" in window.in_flight_label.text())
    assert window.pending.cancel_all() == 2
    assert status() == "Cancelled 2 saves (nothing was saved)"
    harness.qtbot.waitUntil(lambda: window.model.pending == (), timeout=WAIT_MS)
    _fail(harness, "ftp://example.no/x")
    assert "1 save failed" in window.in_flight_label.text()
    window.saves.clear_all()
    assert status() == "Cleared 1 failed save"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ("No failed saves", "1 failed", "1 failed, 1 in progress", "2 failed")),
        ("nb", ("Ingen mislykkede lagringer", "1 mislykket", "1 mislykket, 1 pågående",
                "2 mislykkede")),
    ],
)  # fmt: skip
def test_the_saves_view_counts_its_saves_not_articles(speak, harness, server, language, words):
    speak(language)
    window = harness.window
    harness.library.save(content(1))
    window.model.reload()
    harness.show_saves()
    none, one_failed, both, two_failed = words
    assert window.count_label.text() == none
    _fail(harness, server.url("/borte"))
    assert window.count_label.text() == one_failed
    server.hang("/henger", seconds=30)
    window.save_urls([server.url("/henger")])
    harness.qtbot.waitUntil(lambda: window.count_label.text() == both, timeout=WAIT_MS)
    window.pending.cancel_all()
    harness.qtbot.waitUntil(lambda: window.count_label.text() == one_failed, timeout=WAIT_MS)
    _fail(harness, "ftp://example.no/y")
    assert window.count_label.text() == two_failed
    # The article views count articles again.
    harness.show_view("unread")
    assert window.count_label.text() == ("1 article" if language == "en" else "1 artikkel")


# --- Bokmål wording -----------------------------------------------------------------------------
def test_the_saves_menu_items_and_the_archive_banner_in_bokmal(speak, harness):
    speak("nb")
    window = harness.window = harness.new_window()
    actions = window.actions_
    assert actions["show_saves"].text() == "Lagringer (&pågående og mislykkede)"
    assert actions["retry_all"].toolTip() == (
        "Prøv alle mislykkede lagringer som kan lykkes, på nytt"
    )
    translate = QCoreApplication.translate
    assert translate("PendingUndo", "Archived {}.  (Ctrl+Z)") == "Arkivert {}.  (Ctrl+Z)"
    assert translate("PendingUndo", "Deleted {}.  (Ctrl+Z)") == "Slettet {}.  (Ctrl+Z)"


# --- the Edit address dialog ----------------------------------------------------------------------
def test_the_edit_dialog_is_deleted_once_closed_and_not_held(harness, qtbot):
    window = harness.window
    urls = ["htp://example.no/a", "ftp://example.no/b"]
    for url in urls:
        _fail(harness, url)
    for url, close in zip(urls * 2, ("reject", "accept_empty", "reject", "reject"), strict=True):
        window.saves.edit(url)
        dialog = window.saves.edit_dialog
        assert dialog is not None and dialog.isVisible()
        if close == "accept_empty":
            dialog.field.setText("")
            dialog.accept()  # refused: not an address; it stays open
            assert dialog.isVisible() and window.saves.edit_dialog is dialog
        dialog.reject()
        qtbot.waitUntil(lambda d=dialog: not shiboken6.isValid(d), timeout=WAIT_MS)
        assert window.saves.edit_dialog is None
        assert window.findChildren(EditUrlDialog) == []
    # The failed rows are still there to edit or retry.
    assert {p.url for p in window.model.pending} == set(urls)
