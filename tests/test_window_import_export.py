"""Importing and exporting from the window: a real export file imported as a background
job (its row, its counts, Pause, Cancel, the report), link-only entries shown as such,
a dropped file, imports resumed at start, and File ▸ Export… running off the GUI
thread. Real library, real HTTP server on 127.0.0.1, real workers, real widgets.
"""

# ruff: noqa: F811
from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from newsreader.ui.export_dialog import ExportDialog, format_name
from newsreader.ui.list_delegate import details_line
from newsreader.ui.reader_html import copy_notice
from tests.test_window import WAIT_MS, _page, harness  # noqa: F401

SAVED = 1_600_000_000  # 2020-09-13, a saved time the import must keep


def _pocket_csv(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    """A Pocket CSV export: title, url, time_added, tags (|-separated), status."""
    lines = ["title,url,time_added,tags,status"]
    lines += [f"{title},{url},{SAVED},{tags},{status}" for title, url, tags, status in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _wait_ended(harness, key: int | None = None):
    jobs = harness.window.imports

    def ended() -> bool:
        keys = [key] if key is not None else list(harness.window.import_panel.rows)
        return bool(keys) and all(
            (p := jobs.last(k)) is not None and p.state in ("done", "cancelled", "failed")
            for k in keys
        )

    harness.qtbot.waitUntil(ended, timeout=WAIT_MS)


def test_an_import_shows_its_progress_keeps_what_the_file_held_and_opens_its_report(
    harness, server, tmp_path
):
    window = harness.window
    live = [server.page(f"/imp{i}.html", _page(f"Importert sak {i}")) for i in range(2)]
    gone = server.page("/borte.html", "borte", status=404)
    export = _pocket_csv(
        tmp_path / "pocket.csv",
        [
            ("Sak null", live[0], "mat|norsk", "archive"),
            ("Sak en", live[1], "", "unread"),
            ("Blåbærsyltetøy som forsvant", gone, "mat", "unread"),
        ],
    )
    assert window.saving.import_file(export)
    assert window.import_panel.isVisible()
    _wait_ended(harness)
    (key,) = window.import_panel.rows
    row = window.import_panel.rows[key]
    progress = window.imports.last(key)
    assert progress.state == "done"
    assert (progress.counts.fetched, progress.counts.link_only) == (2, 1)
    assert row.label.text().startswith("Imported pocket.csv: 2 articles, 1 link only")
    assert not row.pause_button.isVisible() and not row.cancel_button.isVisible()

    # What the file said is kept: saved time, state, tags; the dead link stays a link.
    library = harness.library
    ids = library.ids()
    summaries = {s.title: s for s in library.summaries(ids)}
    assert set(summaries) == {"Importert sak 0", "Importert sak 1", "Blåbærsyltetøy som forsvant"}
    first = summaries["Importert sak 0"]
    assert first.state == "archived" and set(first.tags) == {"mat", "norsk"}
    assert first.saved_at.startswith("2020-09-13")
    lost = summaries["Blåbærsyltetøy som forsvant"]
    assert lost.fetch_state == "failed" and "404" in (lost.fetch_error or "")
    assert "link only" in details_line(lost)
    # The list shows the entries (the import wrote through its own connection).
    harness.qtbot.waitUntil(lambda: len(harness.row_titles()) == 2, timeout=WAIT_MS)  # Unread
    # The reader says what a link-only entry is and why.
    window.show_article_id(lost.id)
    notice = copy_notice(library.get(lost.id))
    assert notice.startswith("Only the link is saved: the page could not be fetched (")
    assert "Only the link is saved" in window.reader.toPlainText()
    # Search finds it by its title.
    assert [h.article.id for h in library.search("blåbærsyltetøy")] == [lost.id]

    # The report opens in the person's program for it.
    assert row.report_button.isVisible()
    row.report_button.click()
    report = Path(QUrl(harness.opened[-1]).toLocalFile())
    assert report.is_file() and "borte.html" in report.read_text(encoding="utf-8")
    row.close_button.click()
    harness.qtbot.waitUntil(lambda: not window.import_panel.isVisible(), timeout=WAIT_MS)


def test_an_import_can_be_paused_resumed_and_cancelled_while_the_window_answers(
    harness, server, tmp_path
):
    window = harness.window
    slow = [server.hang(f"/treg{i}.html", seconds=20) for i in range(6)]
    export = _pocket_csv(
        tmp_path / "slow.csv", [(f"Treg {i}", url, "", "unread") for i, url in enumerate(slow)]
    )
    assert window.saving.import_file(export)
    harness.qtbot.waitUntil(
        lambda: any(
            (p := window.imports.last(k)) is not None and p.state == "fetching"
            for k in window.import_panel.rows
        ),
        timeout=WAIT_MS,
    )
    (key,) = window.import_panel.rows
    row = window.import_panel.rows[key]
    # Every entry is in the library before any page is.
    assert harness.library.count("all") == 6
    row.pause_button.click()
    harness.qtbot.waitUntil(lambda: window.imports.last(key).state == "paused", timeout=WAIT_MS)
    assert row.pause_button.text() == "Resume"
    assert "paused" in row.label.text()
    # The window answers meanwhile: the list shows the entries and can be moved in.
    harness.qtbot.waitUntil(lambda: len(harness.row_titles()) == 6, timeout=WAIT_MS)
    row.pause_button.click()
    harness.qtbot.waitUntil(lambda: window.imports.last(key).state == "fetching", timeout=WAIT_MS)
    row.cancel_button.click()
    _wait_ended(harness, key)
    assert window.imports.last(key).state == "cancelled"
    assert "cancelled" in row.label.text()
    # Nothing is lost: the entries stay, as links.
    assert harness.library.count("all") == 6
    server.release.set()


def test_a_dropped_export_file_is_imported_and_an_unreadable_one_said_in_one_line(
    harness, server, tmp_path
):
    window = harness.window
    url = server.page("/sluppet.html", _page("Sluppet eksport"))
    export = _pocket_csv(tmp_path / "dropped.csv", [("Sluppet", url, "fil", "unread")])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(export))])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    _wait_ended(harness)
    assert [s.title for s in harness.library.summaries(harness.library.ids())] == [
        "Sluppet eksport"
    ]
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 64)
    assert window.saving.import_file(junk)
    harness.qtbot.waitUntil(
        lambda: any(
            (p := window.imports.last(k)) is not None and p.state == "failed"
            for k in window.import_panel.rows
        ),
        timeout=WAIT_MS,
    )
    failed = [
        window.import_panel.rows[k]
        for k in window.import_panel.rows
        if window.imports.last(k).state == "failed"
    ]
    text = failed[0].label.text()
    assert text.startswith("Cannot import junk.bin: ") and "\n" not in text
    assert not window.saving.import_file(tmp_path / "missing.csv")
    assert window.banner.label.text().startswith("Cannot import missing.csv: cannot read")


def test_an_import_left_unfinished_by_a_closed_window_goes_on_at_the_next_start(
    harness, server, tmp_path
):
    window = harness.window
    hanging = [server.hang(f"/vent{i}.html", seconds=20) for i in range(3)]
    export = _pocket_csv(
        tmp_path / "unfinished.csv",
        [(f"Vent {i}", url, "", "unread") for i, url in enumerate(hanging)],
    )
    assert window.saving.import_file(export)
    harness.qtbot.waitUntil(lambda: harness.library.count("all") == 3, timeout=WAIT_MS)
    window.close()  # the job stops; its state stays in the library
    # The pages answer now; a new window resumes the job where it stopped.
    for i in range(3):
        server.page(f"/vent{i}.html", _page(f"Ventet sak {i}"))
    server.release.set()
    harness.window = window = harness.new_window()
    assert window.imports.resume_unfinished()
    _wait_ended(harness)
    titles = sorted(s.title for s in harness.library.summaries(harness.library.ids()))
    assert titles == ["Ventet sak 0", "Ventet sak 1", "Ventet sak 2"]  # no duplicates


def test_export_runs_off_the_gui_thread_and_says_where_it_went(harness, server, tmp_path):
    window = harness.window
    library = harness.library
    url = server.page("/eksport.html", _page("Sak til eksport"))
    harness.type_and_save(url)
    harness.wait_saved(1)
    (article_id,) = library.ids()
    destination = tmp_path / "ut.zip"
    run = window.exporter.start([article_id], "json", destination)
    harness.qtbot.waitUntil(lambda: window.exporter.run is None, timeout=WAIT_MS)
    assert run.thread.name == "export"
    with zipfile.ZipFile(destination) as archive:
        data = json.loads(archive.read("newsreader-export.json"))
    assert [a["title"] for a in data["articles"]] == ["Sak til eksport"]
    assert window.banner.label.text() == "Exported 1 article to ut.zip"
    window.banner.action_button.click()
    assert Path(QUrl(harness.opened[-1]).toLocalFile()) == tmp_path

    # A destination that cannot be written is one line.
    blocked = tmp_path / "fil"
    blocked.write_text("x")
    window.exporter.start([article_id], "markdown", blocked / "under")
    harness.qtbot.waitUntil(lambda: window.exporter.run is None, timeout=WAIT_MS)
    text = window.banner.label.text()
    assert text.startswith("Could not export: ") and "\n" not in text


def test_the_export_dialog_offers_each_scope_with_its_count_and_remembers_the_format(
    harness, tmp_path
):
    settings = harness.window.settings
    dialog = ExportDialog(
        [("selection", "Utvalg", []), ("view", "Visning", [3, 4]), ("library", "Alt", [1, 2, 3])],
        settings,
        harness.window,
    )
    assert not dialog.scope_buttons["selection"].isEnabled()
    assert dialog.scope_buttons["view"].isChecked()
    assert dialog.scope_ids() == [3, 4]
    dialog.scope_buttons["library"].setChecked(True)
    assert dialog.scope_ids() == [1, 2, 3]
    names = [dialog.format_combo.itemText(i) for i in range(dialog.format_combo.count())]
    assert format_name("epub") in names and format_name("markdown") in names
    dialog.reject()


def test_a_bookmarks_file_is_imported_with_its_folders_as_tags(harness, server, tmp_path):
    urls = [server.page(f"/bm{i}.html", _page(f"Bokmerke {i}")) for i in range(2)]
    bookmarks = tmp_path / "bookmarks.html"
    bookmarks.write_text(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n<DT><H3>Lesestoff</H3>\n<DL><p>\n"
        + "".join(f'<DT><A HREF="{u}" ADD_DATE="{SAVED}">Sak</A>\n' for u in urls)
        + "</DL><p>\n</DL>\n",
        encoding="utf-8",
    )
    assert harness.window.saving.import_file(bookmarks)
    _wait_ended(harness)
    library = harness.library
    summaries = library.summaries(library.ids())
    assert sorted(s.title for s in summaries) == ["Bokmerke 0", "Bokmerke 1"]
    assert all(s.tags == ("Lesestoff",) for s in summaries)
    harness.qtbot.waitUntil(
        lambda: sorted(harness.row_titles()) == ["Bokmerke 0", "Bokmerke 1"], timeout=WAIT_MS
    )


def test_a_file_that_cannot_be_read_for_ever_is_refused_at_once(harness, tmp_path):
    window = harness.window
    fifo = tmp_path / "links.fifo"
    os.mkfifo(fifo)  # opening it would wait for a writer for ever
    assert not window.saving.import_file(fifo)
    assert window.banner.label.text() == "Cannot import links.fifo: not a file that can be imported"
    prose = tmp_path / "prose.txt"
    prose.write_text("Ingen lenker her.\n", encoding="utf-8")
    assert window.saving.import_file(prose)
    _wait_ended(harness)
    (row,) = window.import_panel.rows.values()
    assert row.label.text().startswith("Cannot import prose.txt: ")
    assert window.model.pending == () and harness.library.count("all") == 0


def test_link_only_articles_are_fetched_again_on_request(harness, server, tmp_path):
    window = harness.window
    window.actions_["fetch_link_only"].trigger()
    assert harness.window.statusBar().currentMessage() == "No link-only articles to fetch."
    later = server.page("/senere.html", "ikke ennå", status=503, headers={"Retry-After": "0"})
    export = _pocket_csv(tmp_path / "senere.csv", [("Kommer senere", later, "", "unread")])
    assert window.saving.import_file(export)
    _wait_ended(harness)
    (article_id,) = harness.library.link_only_ids()
    # The page is back: File ▸ Fetch link-only articles brings its text in.
    server.page("/senere.html", _page("Kom til slutt"))
    window.actions_["fetch_link_only"].trigger()
    harness.qtbot.waitUntil(lambda: len(window.import_panel.rows) == 2, timeout=WAIT_MS)
    _wait_ended(harness)
    article = harness.library.get(article_id)
    assert article.fetch_state is None and article.title == "Kom til slutt"
    assert harness.library.ids() == [article_id]  # fetched into the same entry


def test_an_import_whose_file_is_gone_says_it_waits_for_it(harness, tmp_path):
    from newsreader.import_job import BATCH
    from tests.test_import_library import _big_pocket, _stopped_after_the_first_batch

    window = harness.window
    export = _big_pocket(tmp_path / "pocket.csv", BATCH + 50)
    job_id = _stopped_after_the_first_batch(harness.library, window.queue.saver, str(export))
    export.rename(tmp_path / "flyttet.csv")
    (key,) = window.imports.resume_unfinished()
    harness.qtbot.waitUntil(
        lambda: (p := window.imports.last(key)) is not None and p.message is not None,
        timeout=WAIT_MS,
    )
    row = window.import_panel.rows[key]
    harness.qtbot.waitUntil(lambda: "waits" in row.label.text(), timeout=WAIT_MS)
    assert row.label.text().startswith("Import of pocket.csv waits: cannot read ")
    assert "\n" not in row.label.text()
    assert window.imports.last(key).job_id == job_id
    assert row.close_button.isVisible() and not row.cancel_button.isVisible()
    assert window.imports.running == []


def _answer_export_dialogs(format_id: str, folder: Path, seen: list[str]) -> None:
    """Answer File ▸ Export…'s dialogs as a person would: the whole library in
    ``format_id``, then ``folder`` in the folder chooser."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    def answer(tries: int = 200) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ExportDialog):
            seen.append("export")
            dialog.scope_buttons["library"].setChecked(True)
            dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(format_id))
            dialog.accept()
        elif isinstance(dialog, QFileDialog):
            seen.append("folder")
            dialog.setDirectory(str(folder))
            dialog.accept()
            return
        if tries:
            QTimer.singleShot(50, lambda: answer(tries - 1))

    QTimer.singleShot(50, answer)


def test_a_folder_export_makes_a_new_folder_in_the_chosen_one_each_time(harness, tmp_path):
    from tests.export_helpers import content

    window = harness.window
    harness.library.save(content(1, "Sak til mappe", "Første setning. Andre."))
    chosen = tmp_path / "eksporter"
    chosen.mkdir()
    (chosen / "mine.txt").write_text("mine")  # a folder that is not empty, as most are
    made: list[Path] = []
    for format_id in ("markdown", "html"):
        seen: list[str] = []
        _answer_export_dialogs(format_id, chosen, seen)
        window.exporter.export()
        assert seen == ["export", "folder"]
        harness.qtbot.waitUntil(lambda: window.exporter.run is None, timeout=WAIT_MS)
        assert window.banner.label.text().startswith("Exported 1 article to newsreader-export-")
        (new,) = set(chosen.iterdir()) - {chosen / "mine.txt", *made}
        made.append(new)
    assert (chosen / "mine.txt").read_text() == "mine"
    assert [p.name for p in made[0].glob("*.md")] == ["Sak til mappe.md"]
    assert [p.name for p in made[1].glob("*.html")] == ["Sak til mappe.html"]
    assert made[1].name.startswith(made[0].name[: len("newsreader-export-")])
    assert window.settings.value("export/folder") == str(chosen)
