"""A user name and password written into an address are used for its one download and
shown nowhere: not in the window's pending rows, reader, banner, status bar or
window title, not on the command line's output, not in any log record.

Real local servers, real widgets offscreen, the real CLI. The window keeps the address
as typed as the key of its row, so that Retry sends the credentials again.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from newsreader.capture.urls import shown
from newsreader.cli import main
from newsreader.saver import SaveState
from tests.test_window import Harness, _page
from tests.test_window_cancel import slow_saver  # noqa: F401 - a fixture

WAIT_MS = 30_000

CREDENTIALS = [
    ("leser-x", "s3cret-pw"),
    ("ola%40nordmann", "hemmelig%21passord"),
    ("bare-brukeren", ""),
]


def _secrets(user: str, password: str) -> list[str]:
    """Every form in which the credentials could show up."""
    forms = {user, password, unquote(user), unquote(password), f"{user}:{password}@"}
    return sorted(f for f in forms if len(f) > 3)


def _leaks(texts: list[str], secrets: list[str]) -> list[str]:
    return [t for t in texts if any(s in t for s in secrets)]


@pytest.fixture
def harness(qtbot, library, slow_saver, tmp_path) -> Iterator[Harness]:  # noqa: F811
    # Fetch limits longer than the tests: the hanging save ends when it is cancelled.
    # A link another test left on the clipboard would be offered in the banner.
    QGuiApplication.clipboard().clear()
    h = Harness(qtbot, library, slow_saver, tmp_path / "settings.ini")
    # Saves in flight and failed are listed in the Saves view (Ctrl+5), not among articles.
    h.show_saves()
    yield h
    h.window.close()
    h.queue.close()


def _window_texts(window) -> list[str]:
    """Every text the window shows about its saves."""
    model = window.model
    texts = [
        window.banner.label.text(),
        window.banner.action_button.text(),
        window.statusBar().currentMessage(),
        window.in_flight_label.text(),
        window.windowTitle(),
        window.reader.toPlainText(),
        window.address.text(),
    ]
    for row in range(len(model.pending)):
        index = model.index(row)
        for role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            texts.append(str(index.data(role)))
        texts.append(model.pending[row].address)
    return texts


def _log_texts(caplog) -> list[str]:
    return [r.getMessage() + (r.exc_text or "") for r in caplog.records]


@pytest.mark.parametrize(("user", "password"), CREDENTIALS)
def test_a_hanging_save_with_credentials_shows_none_of_them_and_cancels(
    harness, server, caplog, user, password
):
    caplog.set_level(logging.DEBUG)
    secrets = _secrets(user, password)
    window = harness.window
    server.hang("/privat", seconds=60)
    typed = f"http://{user}:{password}@127.0.0.1:{server.port}/privat"
    harness.type_and_save(typed)
    harness.qtbot.waitUntil(
        lambda: (
            bool(server.requested("/privat"))
            and window.model.pending[0].state is SaveState.FETCHING
        ),
        timeout=WAIT_MS,
    )
    # The row is keyed by the address as typed (its download is authenticated) ...
    assert window.model.pending[0].url == typed
    assert server.requested("/privat")[0].headers["Authorization"].startswith("Basic ")
    # ... and shows it without them.
    assert window.model.index(0).data() == server.url("/privat")
    window.list.setFocus()
    harness.click_row(0)
    assert server.url("/privat") in window.reader.toPlainText()
    assert _leaks(_window_texts(window), secrets) == []

    window.actions_["cancel_save"].trigger()
    harness.qtbot.waitUntil(lambda: window.model.pending == (), timeout=WAIT_MS)
    assert window.statusBar().currentMessage().startswith(f"Cancelled: {server.url('/privat')}")
    assert _leaks(_window_texts(window), secrets) == []
    assert _leaks(_log_texts(caplog), secrets) == []


@pytest.mark.parametrize(("user", "password"), CREDENTIALS)
def test_a_failed_save_with_credentials_says_why_without_them_and_retry_sends_them_again(
    harness, server, library, caplog, user, password
):
    caplog.set_level(logging.DEBUG)
    secrets = _secrets(user, password)
    window = harness.window
    typed = f"http://{user}:{password}@127.0.0.1:{server.port}/snart"  # 404 for now
    harness.type_and_save(typed)
    harness.qtbot.waitUntil(
        lambda: window.model.pending and window.model.pending[0].failed, timeout=WAIT_MS
    )
    assert window.banner.label.text() == (
        f"Could not save {server.url('/snart')}: "
        "The page could not be downloaded: HTTP 404 Not Found"
    )
    window.list.setFocus()
    harness.click_row(0)
    assert "HTTP 404" in window.reader.toPlainText()
    assert _leaks(_window_texts(window), secrets) == []

    # Retry from the banner's button: the key still holds the credentials.
    server.page("/snart", _page("Nå er den her"))
    harness.click_row(0)  # the click dismissed nothing: the banner is still up
    assert window.banner.action_button.text() == "Retry"
    window.banner.action_button.click()
    harness.wait_saved()
    retried = server.requested("/snart")[-1]
    token = base64.b64encode(f"{unquote(user)}:{unquote(password)}".encode()).decode()
    assert retried.headers["Authorization"] == f"Basic {token}"
    assert "not stored" in window.statusBar().currentMessage()
    (article,) = library.summaries(library.ids())
    assert article.url == server.url("/snart")
    assert _leaks(_window_texts(window), secrets) == []
    assert _leaks(_log_texts(caplog), secrets) == []


@pytest.mark.parametrize(
    "typed",
    [
        "leser-x:s3cret-pw@nyheter.example/uten-skjema",  # no scheme
        "ftp://leser-x:s3cret-pw@127.0.0.1:{port}/fil",  # a scheme that cannot be saved
        "http://leser-x:s3cret-pw@127.0.0.1:{port}/vidre",  # redirected to a 404
    ],
)
def test_addresses_that_fail_early_show_no_credentials(harness, server, caplog, typed):
    caplog.set_level(logging.DEBUG)
    server.redirect("/vidre", f"http://other:pw-in-location@127.0.0.1:{server.port}/borte")
    window = harness.window
    harness.type_and_save(typed.format(port=server.port))
    # The row turns failed at the save's last state report; the banner follows with
    # its result, a queued signal later.
    harness.qtbot.waitUntil(
        lambda: window.model.pending and window.model.pending[0].failed, timeout=WAIT_MS
    )
    harness.qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    secrets = ["s3cret", "leser-x", "pw-in-location", "other:"]
    assert _leaks(_window_texts(window), secrets) == []
    assert _leaks(_log_texts(caplog), secrets) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("reader:s3cret@vg.no/sak", "vg.no/sak"),
        ("ola@vg.no", "vg.no"),
        ("https://a:b@c:d@vg.no/x?y=1", "https://vg.no/x?y=1"),
        ("https://vg.no/sak/a@b", "https://vg.no/sak/a@b"),  # an @ in the path stays
        ("vg.no/sak?e=ola@x.no", "vg.no/sak?e=ola@x.no"),
    ],
)
def test_shown_drops_user_info_with_or_without_a_scheme(text, expected):
    assert shown(text) == expected


def test_the_cli_import_shows_and_logs_no_credentials(server, capsys, caplog, tmp_path: Path):
    caplog.set_level(logging.DEBUG)
    server.page("/lagret", _page("Lagret med passord"))
    server.redirect("/omvei", f"http://third:pw-in-location@127.0.0.1:{server.port}/borte")
    lines = [
        f"http://leser-x:s3cret-pw@127.0.0.1:{server.port}/lagret",  # saved, with a notice
        f"http://ola%40nordmann:hemmelig%21@127.0.0.1:{server.port}/mangler",  # 404
        f"http://bare-brukeren@127.0.0.1:{server.port}/omvei",  # redirected to a 404
        f"ftp://fil-bruker:ftp-passord@127.0.0.1:{server.port}/x",  # refused
        f"annen-bruker:annet-passord@127.0.0.1:{server.port}/uten",  # no scheme
    ]
    listing = tmp_path / "lenker.txt"
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["-vv", "--library", str(tmp_path / "lib"), "import", str(listing)])
    out, err = capsys.readouterr()
    assert code == 0  # the file was read; the failures are links only, with why
    assert f"127.0.0.1:{server.port}/lagret saved: Lagret med passord" in err
    assert "not stored" in err
    assert "Lagret med passord" in out
    secrets = [
        "s3cret",
        "leser-x",
        "nordmann",
        "hemmelig",
        "bare-brukeren",
        "pw-in-location",
        "third:",
        "fil-bruker",
        "ftp-passord",
        "annen-bruker",
        "annet-passord",
    ]
    assert _leaks([out, err], secrets) == []
    assert _leaks(_log_texts(caplog), secrets) == []
    assert len(err.splitlines()) > 5  # the lines checked are there
