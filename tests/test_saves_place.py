"""Failed saves in the window (issue 13, item 3), step by step as a person meets them:
they keep out of the article views and have their own Saves view, they survive a
restart, they go when the address is saved in another form or by ``newsreader add``,
an address that can never be fetched offers Edit instead of Retry, the reader shows a
failure in paragraphs and forgets it once dismissed. Real window offscreen, real
library, real local HTTP server."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication

from newsreader.library import failed_saves
from newsreader.library.library import Library
from newsreader.ui.list_delegate import pending_line
from newsreader.ui.list_model import View
from tests.test_library import content
from tests.test_window import WAIT_MS, Harness, _page, press


@pytest.fixture
def harness(qtbot, library, saver, tmp_path) -> Iterator[Harness]:
    QGuiApplication.clipboard().clear()  # a link left there would be offered
    h = Harness(qtbot, library, saver, tmp_path / "settings.ini")
    yield h
    h.window.close()
    h.queue.close()


def _wait_failed(harness, count: int = 1) -> None:
    harness.qtbot.waitUntil(
        lambda: sum(p.failed for p in harness.window.model.pending) == count, timeout=WAIT_MS
    )


def _wait_recorded(harness, count: int = 1) -> None:
    harness.qtbot.waitUntil(lambda: len(harness.library.failed_saves()) == count, timeout=WAIT_MS)
    harness.settle()


def _entry_text(window) -> str:
    combo = window.view_combo
    return combo.itemText(combo.findData("saves"))


def _fill(harness, n: int) -> None:
    for i in range(1, n + 1):
        harness.library.save(content(i), tags=["nyheter"])
    harness.window.model.reload()


# --- their own place -------------------------------------------------------------------------
def test_failed_and_running_saves_stay_out_of_every_article_view(harness, server):
    _fill(harness, 2)
    window = harness.window
    server.hang("/henger", seconds=30)
    harness.type_and_save(server.url("/finnes-ikke"))
    _wait_failed(harness)
    harness.type_and_save(server.url("/henger"))
    harness.qtbot.waitUntil(lambda: bool(server.requested("/henger")), timeout=WAIT_MS)
    # Unread, a tag and a search list articles only.
    assert harness.row_titles() == ["Tittel 2", "Tittel 1"]
    harness.show_view("tag:nyheter")
    assert harness.row_titles() == ["Tittel 2", "Tittel 1"]
    harness.search("Tittel")
    assert sorted(harness.row_titles()) == ["Tittel 1", "Tittel 2"]
    window.search.clear()
    window.articles.search_now()
    # The status bar counts the save in flight; its link goes to the Saves view.
    assert "Saving 1 article" in window.in_flight_label.text()
    window.in_flight_label.linkActivated.emit("saves")
    assert window.model.query.view is View.SAVES
    # In flight first, then failed; the chooser's entry counts the failed one.
    assert [p.url for p in window.model.pending] == [
        server.url("/henger"),
        server.url("/finnes-ikke"),
    ]
    assert harness.row_titles() == [server.url("/henger"), server.url("/finnes-ikke")]
    assert _entry_text(window) == "Saves (1 failed)"
    window.pending.cancel_all()
    harness.qtbot.waitUntil(lambda: harness.queue.in_flight == 0, timeout=WAIT_MS)
    assert "1 save failed" in window.in_flight_label.text()


def test_a_save_that_succeeds_shows_up_in_the_article_view_as_before(harness, server):
    url = server.page("/ny", _page("Ny sak"))
    harness.type_and_save(url)
    harness.wait_saved()
    assert harness.row_titles() == ["Ny sak"]
    assert _entry_text(harness.window) == "Saves"


# --- restart -----------------------------------------------------------------------------
def test_failures_are_still_there_after_a_restart(harness, server):
    window = harness.window
    urls = [server.url("/borte-1"), "ftp://example.no/fil.html", server.url("/borte-2")]
    window.save_urls(urls)
    _wait_failed(harness, 3)
    _wait_recorded(harness, 3)
    harness.show_saves()
    window.close()

    window = harness.window = harness.new_window()
    assert _entry_text(window) == "Saves (3 failed)"
    # The view was the Saves view when it closed: it opens there again.
    assert window.model.query.view is View.SAVES
    rows = {p.url: p for p in window.model.pending}
    assert set(rows) == set(urls)
    assert rows["ftp://example.no/fil.html"].kind == failed_saves.UNSUPPORTED_SCHEME
    assert not rows["ftp://example.no/fil.html"].retryable
    assert "404" in rows[server.url("/borte-1")].detail
    # And retrying one after the restart works as before.
    server.page("/borte-2", _page("Kom tilbake"))
    harness.click_row(harness.row_titles().index(server.url("/borte-2")))
    # (Retry's action, as R triggers it: a second window offscreen is never made
    # the active one, so its key shortcuts do not reach it here.)
    window.actions_["retry"].trigger()
    harness.wait_saved()
    assert {r.url for r in harness.library.failed_saves()} == {
        server.url("/borte-1"),
        "ftp://example.no/fil.html",
    }


def test_a_failure_counts_its_attempts_across_retries(harness, server):
    window = harness.window
    url = server.url("/igjen")
    harness.type_and_save(url)
    _wait_failed(harness)
    _wait_recorded(harness)
    window.pending.retry_url(url)
    harness.qtbot.waitUntil(
        lambda: harness.library.failed_saves()[0].attempts == 2, timeout=WAIT_MS
    )
    harness.qtbot.waitUntil(lambda: window.model.pending[0].attempts == 2, timeout=WAIT_MS)


# --- saved in another form -------------------------------------------------------------
@pytest.mark.parametrize(
    ("failed", "saved"),
    [
        ("/sak/?utm_source=nyhetsbrev", "/sak"),
        ("/sak", "/sak/"),
        ("/sak?fbclid=IwAR0", "/sak#topp"),
    ],
)
def test_saving_the_address_in_another_form_clears_the_failure(harness, server, failed, saved):
    window = harness.window
    harness.type_and_save(server.url(failed))
    _wait_failed(harness)
    _wait_recorded(harness)
    harness.show_saves()
    assert harness.row_titles() == [server.url(failed)]
    server.page("/sak", _page("Saken finnes nå"))
    server.page(saved.split("#")[0], _page("Saken finnes nå"))
    harness.type_and_save(server.url(saved))
    harness.qtbot.waitUntil(lambda: window.model.pending == (), timeout=WAIT_MS)
    assert harness.library.failed_saves() == []
    assert _entry_text(window) == "Saves"
    harness.show_view("unread")
    assert harness.row_titles() == ["Saken finnes nå"]


def test_cli_add_of_the_same_address_clears_the_failure_in_the_open_window(harness, server):
    window = harness.window
    url = server.url("/fra-terminalen")
    harness.type_and_save(url)
    _wait_failed(harness)
    _wait_recorded(harness)
    server.page("/fra-terminalen", _page("Fra terminalen"))
    root = str(harness.library.paths.root)
    done = subprocess.run(
        [sys.executable, "-m", "newsreader", "--library", root, "add", url + "?utm_source=cli"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "NO_PROXY": "127.0.0.1"},
    )
    assert done.returncode == 0, done.stderr
    # The window notices by itself (the library watch sees the commit).
    harness.qtbot.waitUntil(lambda: window.model.pending == (), timeout=WAIT_MS)
    assert "failed" not in window.in_flight_label.text() or not window.in_flight_label.isVisible()


# --- no Retry where it cannot work; Edit instead -------------------------------------------
@pytest.mark.parametrize(
    "typed",
    ["ftp://example.no/fil.html", "htp://example.no/sak", "https://[::1/sak", "mailto:ola@x.no"],
)
def test_an_address_that_can_never_be_fetched_offers_edit_not_retry(harness, typed):
    window = harness.window
    window.save_urls([typed])
    _wait_failed(harness)
    harness.qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    assert window.banner.action_button.text() == "Edit address…"
    harness.show_saves()
    harness.click_row(0)
    assert not window.actions_["retry"].isEnabled()
    assert window.actions_["edit_url"].isEnabled()
    assert not window.actions_["retry_all"].isEnabled()
    press(harness.qtbot, window.list, Qt.Key.Key_R)  # does nothing
    assert window.queue.in_flight == 0 and window.model.pending[0].failed
    assert pending_line(window.model.pending[0]).startswith("Failed (F2 to edit the address)")
    assert "Trying again cannot help" in window.reader.toPlainText()
    assert "Press R" not in window.reader.toPlainText()


def test_a_retryable_failure_offers_retry(harness, server):
    window = harness.window
    harness.type_and_save(server.url("/404"))
    _wait_failed(harness)
    harness.qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    assert window.banner.action_button.text() == "Retry"
    harness.show_saves()
    harness.click_row(0)
    assert window.actions_["retry"].isEnabled() and window.actions_["retry_all"].isEnabled()


def test_edit_then_retry_saves_the_corrected_address(harness, server):
    window = harness.window
    good = server.page("/rettet", _page("Rettet adresse"))
    typo = good.replace("http://", "htp://")
    window.save_urls([typo])
    _wait_failed(harness)
    _wait_recorded(harness)
    harness.show_saves()
    harness.click_row(0)
    # F2 belongs to the list: typing in the search field, it edits nothing.
    window.search.setFocus()
    press(harness.qtbot, window.search, Qt.Key.Key_F2)
    assert window.saves.edit_dialog is None or not window.saves.edit_dialog.isVisible()
    window.list.setFocus()
    press(harness.qtbot, window.list, Qt.Key.Key_F2)
    dialog = window.saves.edit_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.field.text() == typo
    assert not dialog.ok.isEnabled()
    assert dialog.problem.text() == "Only web addresses (http:// or https://) can be saved"
    for wrong in ("http//127.0.0.1/x", "https://exa mple.no/", ""):
        dialog.field.setText(wrong)
        assert not dialog.ok.isEnabled()
        assert dialog.problem.text() and "\n" not in dialog.problem.text()
    dialog.field.setText(good)
    assert dialog.ok.isEnabled() and not dialog.problem.isVisible()
    dialog.ok.click()
    assert window.saves.edit_dialog is None  # closed: deleted, and not held
    harness.wait_saved()
    harness.settle()
    assert harness.library.failed_saves() == []
    assert window.model.pending == ()
    harness.show_view("unread")
    assert harness.row_titles() == ["Rettet adresse"]


# --- the reader, dismissing, clearing ---------------------------------------------------------
def test_the_reader_shows_a_failure_in_paragraphs_and_forgets_it_when_dismissed(harness, server):
    window = harness.window
    url = server.url("/mangler")
    harness.type_and_save(url)
    _wait_failed(harness)
    _wait_recorded(harness)
    harness.show_saves()
    harness.click_row(0)
    lines = [line for line in window.reader.toPlainText().splitlines() if line.strip()]
    assert lines[1] == url
    assert lines[2].startswith("Reason: The page could not be downloaded: HTTP 404")
    assert lines[3].startswith("Press R to try again")
    press(harness.qtbot, window.list, Qt.Key.Key_Delete)
    assert window.model.pending == ()
    assert url not in window.reader.toPlainText()
    harness.settle()
    assert harness.library.failed_saves() == []
    window.close()
    window = harness.window = harness.new_window()
    assert window.model.pending == ()


def test_clear_and_retry_all(harness, server):
    window = harness.window
    window.save_urls([server.url("/a"), server.url("/b"), "ftp://example.no/c"])
    _wait_failed(harness, 3)
    _wait_recorded(harness, 3)
    server.page("/a", _page("Sak A"))
    server.page("/b", _page("Sak B"))
    window.actions_["retry_all"].trigger()
    harness.wait_saved(2)
    _wait_recorded(harness, 1)
    assert [p.url for p in window.model.pending] == ["ftp://example.no/c"]
    window.actions_["clear_failed"].trigger()
    assert window.model.pending == ()
    assert window.statusBar().currentMessage() == "Cleared 1 failed save"
    harness.settle()
    assert harness.library.failed_saves() == []
    assert not window.in_flight_label.isVisible()


# --- another window, the view stored, a search from the Saves view ------------------------
def test_failures_recorded_or_cleared_by_another_window_follow_here(harness, server):
    window = harness.window
    mine = server.url("/min")
    harness.type_and_save(mine)
    _wait_failed(harness)
    _wait_recorded(harness)
    other = Library(harness.library.paths.root)  # another window: its own connection
    try:
        # It records a failure of its own, and clears the one this window recorded.
        other.record_failed_save("https://example.no/annen", failed_saves.FETCH, "HTTP 500")
        other.dismiss_failed_saves([mine + "?utm_source=x"])
    finally:
        other.close()
    # The library watch notices the other connection's commits; no polling of its own.
    harness.qtbot.waitUntil(
        lambda: [p.url for p in window.model.pending] == ["https://example.no/annen"],
        timeout=WAIT_MS,
    )
    assert window.model.pending[0].detail == "HTTP 500"
    assert _entry_text(window) == "Saves (1 failed)"


@pytest.mark.parametrize("stored", ["saves", "unread", "tag:nyheter"])
def test_the_saves_view_is_stored_as_an_identifier(harness, stored):
    _fill(harness, 1)
    window = harness.window
    window.articles.refresh_views()
    harness.show_view(stored)
    window.close()
    settings = QSettings(str(harness.settings_path), QSettings.Format.IniFormat)
    assert settings.value("list/view") == stored
    window = harness.window = harness.new_window()
    assert window.articles.view_id() == stored
    # The Saves view is none of the fixed views Ctrl+1… check.
    checked = [a.data() for a in window.articles.views.view_actions.actions() if a.isChecked()]
    assert checked == ([] if stored in ("saves", "tag:nyheter") else [stored])


def test_a_search_from_the_saves_view_lists_articles_and_clearing_it_comes_back(harness, server):
    _fill(harness, 2)
    window = harness.window
    failed = server.url("/borte")
    harness.type_and_save(failed)
    _wait_failed(harness)
    harness.show_saves()
    assert harness.row_titles() == [failed]
    harness.search("Tittel 1")
    # Enter opened the best match: the first article row, not the failed save.
    assert harness.row_titles() == ["Tittel 1"]
    assert window.current.article is not None and window.current.article.title == "Tittel 1"
    window.articles.clear_search()
    assert harness.row_titles() == [failed]
    # Ctrl+5 from a search clears it and goes to the Saves view.
    window.search.setText("Tittel")
    window.articles.search_now()
    harness.show_saves()
    assert window.search.text() == ""
    assert harness.row_titles() == [failed]


# --- a row that moves keeps the selection (newcomer's report) ----------------------------------
@pytest.mark.parametrize("chosen", [0, 1, 2])
def test_retrying_a_row_keeps_it_chosen_as_it_moves(harness, server, chosen):
    """Click a failed row, R: that row is retried (not its neighbour), it moves to the
    saves in flight and back among the failed ones with the selection on it, and
    Delete then clears that row, as the reader says."""
    window = harness.window
    urls = [server.url(f"/mangler-{n}") for n in range(3)]
    window.save_urls(urls)
    _wait_failed(harness, 3)
    _wait_recorded(harness, 3)
    harness.show_saves()
    harness.click_row(chosen)
    url = window.model.pending_at(chosen).url
    attempts = window.model.pending_at(chosen).attempts
    press(harness.qtbot, window.list, Qt.Key.Key_R)
    harness.qtbot.waitUntil(
        lambda: (
            (p := window.model.pending_of(url)) is not None and p.failed and p.attempts > attempts
        ),
        timeout=WAIT_MS,
    )
    assert window.articles.selected_pending_urls() == [url]
    others = [u for u in urls if u != url]
    assert all(window.model.pending_of(u).attempts == 1 for u in others)
    press(harness.qtbot, window.list, Qt.Key.Key_Delete)
    harness.qtbot.waitUntil(lambda: window.model.pending_of(url) is None, timeout=WAIT_MS)
    assert sorted(p.url for p in window.model.pending) == sorted(others)


@pytest.mark.parametrize("how", ["edit", "clear", "retry"])
def test_the_banner_about_a_failed_save_goes_when_the_save_does(harness, server, how):
    """'Could not save …' stays only while it is true (newcomer's report: it stayed
    after the address was corrected)."""
    window = harness.window
    good = server.page("/rettet-banner", _page("Rettet"))
    url = good.replace("http://", "htp://") if how == "edit" else server.url("/borte")
    window.save_urls([url])
    _wait_failed(harness)
    harness.qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    assert window.banner.subject == url
    harness.show_saves()
    harness.click_row(0)
    if how == "edit":
        press(harness.qtbot, window.list, Qt.Key.Key_F2)
        dialog = window.saves.edit_dialog
        dialog.field.setText(good)
        dialog.ok.click()
        harness.wait_saved()
    elif how == "clear":
        press(harness.qtbot, window.list, Qt.Key.Key_Delete)
    else:
        press(harness.qtbot, window.list, Qt.Key.Key_R)
    harness.qtbot.waitUntil(lambda: window.banner.subject != url, timeout=WAIT_MS)
    assert not (window.banner.isVisible() and "htp://" in window.banner.label.text())
