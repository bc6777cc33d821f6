"""Saved searches go with newsreader's own export (issue 16, item 6): a person moving
machines keeps them. The real commands (``export --format json``, ``import``) over
real libraries; an export made before them (no ``saved_searches``) imports as before."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.imports import ImportedSavedSearch, own
from newsreader.library.library import Library
from tests.test_search_fields import article

SAVED = [("Mobbing", "mobbing OR mobbet -trump"), ("Tromsø uleste", 'tromsø is:unread "i natt"')]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    with Library(source) as library:
        library.save(article(1, title="Mobbing i skolen", text="Om mobbing i skolen."))
        library.save(article(2, title="Nordlys i Tromsø", text="Over Tromsø i natt."))
        for name, query in SAVED:
            library.saved_searches.add(name, query)
        library.saved_searches.move(library.saved_searches.named("Tromsø uleste").id, 0)
    path = tmp_path / "export.zip"
    assert (
        main(["--library", str(source), "export", "--format", "json", "--all", "-o", str(path)])
        == 0
    )
    return path


def _document(path: Path) -> dict:
    with zipfile.ZipFile(path) as z:
        return json.loads(z.read(own.ZIP_MEMBER))


def test_the_export_carries_them_in_their_order(archive):
    document = _document(archive)
    assert [(s["name"], s["query"]) for s in document["saved_searches"]] == [SAVED[1], SAVED[0]]
    assert all(s["created_at"].endswith("+00:00") for s in document["saved_searches"])
    assert list(document).index("saved_searches") < list(document).index("articles")


def test_an_import_into_an_empty_library_brings_them_with_their_counts(archive, tmp_path, capsys):
    target = tmp_path / "target"
    assert main(["--library", str(target), "import", str(archive), "--no-fetch"]) == 0
    _, err = capsys.readouterr()
    assert "2 saved search(es) added" in err
    with Library(target) as library:
        listed = library.saved_searches.with_counts()
        assert [(s.name, s.query, n) for s, n in listed] == [
            (SAVED[1][0], SAVED[1][1], 1),
            (SAVED[0][0], SAVED[0][1], 1),
        ]
    # Again: nothing twice.
    assert main(["--library", str(target), "import", str(archive), "--no-fetch"]) == 0
    _, err = capsys.readouterr()
    assert "saved search" not in err
    with Library(target) as library:
        assert len(library.saved_searches.all()) == 2


def test_a_saved_search_of_the_same_name_here_is_kept(archive, tmp_path, capsys):
    target = tmp_path / "target"
    with Library(target) as library:
        library.saved_searches.add("MOBBING", "annet")
    assert main(["--library", str(target), "import", str(archive), "--no-fetch"]) == 0
    with Library(target) as library:
        assert [(s.name, s.query) for s in library.saved_searches.all()] == [
            ("MOBBING", "annet"),
            SAVED[1],
        ]


def test_an_export_without_them_imports_as_before(archive, tmp_path):
    document = _document(archive)
    del document["saved_searches"]
    older = tmp_path / "older.json"
    older.write_text(json.dumps(document), encoding="utf-8")
    records = list(own.read(str(older)))
    assert records and not any(isinstance(r, ImportedSavedSearch) for r in records)
    target = tmp_path / "target"
    assert main(["--library", str(target), "import", str(older), "--no-fetch"]) == 0
    with Library(target) as library:
        assert library.saved_searches.all() == [] and len(library.ids()) == 2


def test_saved_searches_after_the_articles_and_odd_entries(tmp_path):
    """Read wherever the file puts them; entries without a name and a query are left
    out (the library refuses empty ones when it adds them)."""
    path = tmp_path / "export.json"
    path.write_text(
        json.dumps(
            {
                "format": own.FORMAT,
                "version": 1,
                "articles": [{"url": "https://example.no/a"}],
                "saved_searches": [
                    {"name": "Godt", "query": "godt"},
                    {"name": "Uten spørring"},
                    "ikke et objekt",
                    {"name": 3, "query": "x"},
                ],
            }
        ),
        encoding="utf-8",
    )
    records = list(own.read(str(path)))
    assert records[-1] == ImportedSavedSearch("saved search 1", "Godt", "godt")
    assert sum(isinstance(r, ImportedSavedSearch) for r in records) == 1


def test_the_window_s_import_row_says_how_many_were_added(qapp):
    from newsreader.import_job import ImportCounts, ImportProgress
    from newsreader.ui.import_panel import ImportTexts

    counts = ImportCounts(total=2, with_content=2, saved_searches=2)
    progress = ImportProgress(1, "export.zip", "newsreader export", "done", counts, None)
    said = ImportTexts().outcomes(progress)
    assert said.startswith("2 article") and said.endswith("2 saved searches added")
    assert "saved search" not in ImportTexts().outcomes(
        ImportProgress(1, "x", "y", "done", ImportCounts(total=1, fetched=1), None)
    )
