"""The library's record of failed saves (failed_saves.py): what is kept, that a
password never is, and that the record goes when the address is saved in any form,
by any path (the saver, ``newsreader add``, another process). Real library, real
saver, real local HTTP server."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newsreader.cli import main
from newsreader.errors import LibraryError
from newsreader.library import failed_saves
from newsreader.library.db import Database
from newsreader.library.library import Library
from newsreader.library.schema import MIGRATIONS
from tests.test_library import content
from tests.test_window import _page


def _record(library: Library, url: str, kind: str = failed_saves.FETCH, message: str = "HTTP 404"):
    return library.record_failed_save(url, kind, message)


def test_a_failure_is_kept_without_its_password_on_one_line_and_counted(library):
    first = _record(library, "https://leser:s3cret@example.no/sak?utm_source=x", message="a\nb")
    again = _record(library, "http://www.example.no/sak/", message="HTTP 500\n  Server error")
    (kept,) = library.failed_saves()
    assert first.attempts == 1 and again.attempts == 2 == kept.attempts
    assert kept.url == "http://www.example.no/sak/" and kept.message == "HTTP 500 Server error"
    assert first.url == "https://example.no/sak?utm_source=x"
    # Nowhere in the database file, not even in a page the WAL still holds.
    library.close()
    for path in library.paths.root.glob("library.sqlite3*"):
        assert b"s3cret" not in path.read_bytes()


@pytest.mark.parametrize(
    "url",
    ["https://u:pw@x.no/a", "http://user:hemmelig%21@x.no:8080/a?b=1", "ftp://bruker:pass@x.no/"],
)
def test_no_password_is_stored_whatever_the_address(library, url):
    record = _record(library, url, failed_saves.UNSUPPORTED_SCHEME)
    assert "pw" not in record.url and "hemmelig" not in record.url and "pass" not in record.url
    assert "@" not in record.url


def test_an_unknown_kind_is_refused(library):
    with pytest.raises(ValueError):
        _record(library, "https://x.no/a", kind="oops")


def test_dismissing_forgets_any_form_of_the_address(library):
    for n in range(3):
        _record(library, f"https://example.no/{n}")
    assert library.dismiss_failed_saves(["http://www.example.no/1/?utm_medium=e"]) == 1
    assert [r.url for r in library.failed_saves()] == [
        "https://example.no/0",
        "https://example.no/2",
    ]
    assert library.dismiss_failed_saves(["https://example.no/9"]) == 0


def test_a_failure_of_an_address_already_saved_is_not_recorded(library):
    library.save(content(1))  # https://example.no/a/1
    assert _record(library, "http://www.example.no/a/1/") is None
    assert library.failed_saves() == []


def test_storing_an_article_forgets_its_failures_in_the_same_transaction(library):
    _record(library, "https://example.no/a/1?fbclid=abc")
    _record(library, "https://example.no/a/2")
    library.save(content(1))
    assert [r.url for r in library.failed_saves()] == ["https://example.no/a/2"]


# --- every path of saving clears it ------------------------------------------------------
FORMS = [
    ("/sak/1", "/sak/1/"),  # trailing slash
    ("/sak/2?utm_source=nyhetsbrev&utm_medium=e", "/sak/2"),  # tracking parameters
    ("/sak/3#kommentarer", "/sak/3"),  # a fragment
    ("/sak/4?b=2&a=1", "/sak/4?a=1&b=2"),  # parameters in another order
]


@pytest.mark.parametrize(("failed", "saved"), FORMS)
def test_saving_another_form_of_the_address_clears_the_failure(
    library, saver, server, failed, saved
):
    _record(library, server.url(failed))
    path = saved.split("?")[0]
    server.page(path, _page("Saken"))
    result = saver.save(server.url(saved))
    assert result.article_id is not None
    assert library.failed_saves() == []


def test_http_and_https_forms_are_one_address(library):
    _record(library, "http://example.no/a/1")
    library.save(content(1))  # saved as https://example.no/a/1
    assert library.failed_saves() == []


def test_cli_add_clears_the_failure(server, tmp_path, capsys):
    root = tmp_path / "lib"
    url = server.page("/kommer", _page("Kommer nå"))
    with Library(root) as library:
        _record(library, url + "?utm_campaign=x")
    assert main(["--library", str(root), "add", url]) == 0
    capsys.readouterr()
    with Library(root) as library:
        assert library.failed_saves() == []


def test_cli_add_in_another_process_clears_it_while_the_library_is_open(library, server):
    url = server.page("/annen", _page("Annen prosess"))
    _record(library, url)
    done = subprocess.run(
        [sys.executable, "-m", "newsreader", "--library", str(library.paths.root), "add", url],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "NO_PROXY": "127.0.0.1"},
    )
    assert done.returncode == 0, done.stderr
    assert library.failed_saves() == []


def test_cli_add_does_not_record_its_failures(server, tmp_path, capsys):
    # The terminal already said why; a script's dead links do not pile up in the window.
    root = tmp_path / "lib"
    assert main(["--library", str(root), "add", server.url("/finnes-ikke")]) != 0
    capsys.readouterr()
    with Library(root) as library:
        assert library.failed_saves() == []


# --- kinds -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("ftp://example.no/fil.html", failed_saves.UNSUPPORTED_SCHEME),
        ("htp://example.no/sak", failed_saves.UNSUPPORTED_SCHEME),
        ("mailto:ola@example.no", failed_saves.UNSUPPORTED_SCHEME),
        ("https://[::1/x", failed_saves.INVALID_URL),
        ("https://example.no:99999/a", failed_saves.INVALID_URL),
    ],
)
def test_addresses_that_can_never_be_saved_are_not_retryable(saver, url, kind):
    result = saver._save_reporting(url, (), None)
    assert not result.ok
    assert failed_saves.kind_of(result.error) == kind
    assert not failed_saves.retryable(kind)


def test_network_failures_are_retryable(saver, server):
    result = saver._save_reporting(server.url("/borte"), (), None)
    assert failed_saves.kind_of(result.error) == failed_saves.FETCH
    assert failed_saves.retryable(failed_saves.FETCH)
    dead = saver._save_reporting("http://127.0.0.1:9/ingen", (), None)
    assert failed_saves.retryable(failed_saves.kind_of(dead.error))


# --- the schema ----------------------------------------------------------------------------
def test_a_library_of_schema_5_is_migrated_and_keeps_its_articles(tmp_path):
    root = tmp_path / "gammel"
    root.mkdir()
    # Schema 5 exactly as it was released (no failed_saves table), with one article.
    old = Database(root / "library.sqlite3", MIGRATIONS[:5])
    old.execute(
        """INSERT INTO articles (url, final_url, title, language, word_count,
                                 reading_minutes, saved_at, updated_at)
           VALUES ('https://example.no/a/1', 'https://example.no/a/1', 'Tittel 1', 'nb', 5,
                   1, '2026-01-01T10:00', '2026-01-01T10:00')"""
    )
    old.execute(
        "INSERT INTO article_texts (article_id, content_html, text) VALUES (1, '<p>x</p>', ?)",
        ("Artikkelen handler om blåbær.",),
    )
    old.execute("INSERT INTO article_urls (key, article_id) VALUES ('example.no/a/1', 1)")
    old.close()

    with Library(root) as library:
        assert library.db.version == len(MIGRATIONS)
        assert [s.title for s in library.list(state="all")] == ["Tittel 1"]
        assert [i for i, _ in library.search_ids("blåbær")] == [1]
        assert library.failed_saves() == []
        _record(library, "https://example.no/a/2")
        assert len(library.failed_saves()) == 1
        library.save(content(2))
        assert library.failed_saves() == []
        assert library.check().clean


def test_a_read_only_library_refuses_to_record(tmp_path):
    Library(tmp_path / "lib").close()
    with Library(tmp_path / "lib", read_only=True) as library:
        with pytest.raises(LibraryError):
            _record(library, "https://example.no/x")
        assert library.failed_saves() == []
