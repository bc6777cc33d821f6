"""What the window does to articles: archive, favourite, tags, delete with undo,
marking read, the reading position, re-fetching, links. A mixin of ``MainWindow``.

Every change to the library goes through the window's ``LibraryWriter`` (never the
GUI thread): the list shows the change at once (``ArticleListModel.change``), and
once the library has stored or refused it the list shows what the library holds
(``settle``), with one message if it was refused.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QGuiApplication

from newsreader import APP_NAME
from newsreader.errors import NewsreaderError
from newsreader.library.library import Library, utc_now
from newsreader.library.models import ArticleSummary
from newsreader.ui.dialogs import TagsDialog
from newsreader.ui.library_writer import Write
from newsreader.ui.messages import Level

log = logging.getLogger(__name__)

UNDO_MS = 10_000  # how long a delete can be undone
# When an opened article counts as read: the setting ``reading/mark_read`` holds one of
# these identifiers. "after_seconds": open for MARK_READ_MS or scrolled by the reader
# (issue 13: browsing past an article is not reading it); "on_open"; "manual".
MARK_READ_RULES = ("after_seconds", "on_open", "manual")
MARK_READ_SETTING = "reading/mark_read"
MARK_READ_MS = 3_000


class ArticleActions:
    # --- the one way to change the library --------------------------------------------------
    def _write(
        self,
        what: str,
        apply: Callable[[Library], object],
        article_ids: list[int],
        on_landed: Callable[[object], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
        quiet: bool = False,
    ) -> None:
        """Hand a change to the writer. When it settles, the articles are shown as the
        library holds them; if it was refused, ``Could not <what>: <reason>`` is shown
        (only logged with ``quiet``)."""

        def landed(result: object) -> None:
            self._settle(article_ids)
            if on_landed is not None:
                on_landed(result)

        def failed(message: str) -> None:
            self._settle(article_ids)
            if on_failed is not None:
                on_failed(message)
            if not quiet:
                self.messages.show(self.tr("Could not {}: {}").format(what, message), Level.ERROR)

        self.writer.submit(Write(what, apply, tuple(article_ids), landed, failed))

    def _settle(self, article_ids: list[int]) -> None:
        # Another change to the same article may still be on its way: keep showing
        # it until the last one settles.
        done = [i for i in article_ids if not self.writer.waiting_for(i)]
        if not done:
            return
        try:
            self.model.settle(done)
        except NewsreaderError as exc:  # the library cannot be read just now
            self.messages.show(
                self.tr("Could not read the library: {}").format(exc.message), Level.ERROR
            )
        self._update_actions()

    def _named(self, summaries: list[ArticleSummary]) -> str:
        if len(summaries) == 1:
            return self.tr("“{}”").format(summaries[0].title)
        return self._articles(len(summaries))

    def _articles(self, n: int) -> str:
        """``n articles`` (translators give every plural form of ``%n articles``;
        English without a translation needs the singular spelled out)."""
        return self.tr("1 article") if n == 1 else self.tr("%n articles", "", n)

    # --- state, favourite, read -------------------------------------------------------------
    def toggle_archive(self) -> None:
        summaries = self._selected_summaries()
        if not summaries:
            return
        archive = not all(s.state == "archived" for s in summaries)
        state = "archived" if archive else "unread"
        self._change(
            summaries,
            {"state": state},
            lambda library, ids: library.set_state_many(ids, state),
            self.tr("Archived") if archive else self.tr("Moved back to Unread"),
            self.tr("archive {}") if archive else self.tr("move {} back to Unread"),
        )

    def toggle_favorite(self) -> None:
        summaries = self._selected_summaries()
        if not summaries:
            return
        favorite = not all(s.favorite for s in summaries)
        self._change(
            summaries,
            {"favorite": favorite},
            lambda library, ids: library.set_favorite_many(ids, favorite),
            self.tr("Marked as favourite") if favorite else self.tr("No longer a favourite"),
            self.tr("mark {} as favourite") if favorite else self.tr("unmark {} as favourite"),
        )

    def _change(
        self,
        summaries: list[ArticleSummary],
        fields: dict[str, object],
        change: Callable[[Library, list[int]], None],
        done: str,
        what: str,
    ) -> None:
        """Show ``fields`` on every selected row at once and hand the library ONE write
        changing them all in one transaction (``change(library, ids)``): it lands for
        all or, refused, every row goes back together under one message."""
        ids = [s.id for s in summaries]
        row = self._first_selected_row()
        for article_id in ids:
            self.model.change(article_id, **fields)
        self._write(what.format(self._named(summaries)), lambda library: change(library, ids), ids)
        title = summaries[0].title if len(summaries) == 1 else self._named(summaries)
        self.messages.show(self.tr("{}: {}").format(done, title))
        self._after_rows_changed(row)

    def mark_read_rule(self) -> str:
        """The setting ``reading/mark_read``: one of MARK_READ_RULES (default
        "after_seconds"; an unknown value counts as the default)."""
        rule = str(self.settings.value(MARK_READ_SETTING, MARK_READ_RULES[0]))
        return rule if rule in MARK_READ_RULES else MARK_READ_RULES[0]

    def _mark_read(self, summary: ArticleSummary) -> None:
        """An unread article was opened: it is marked read as the rule says, at once
        ("on_open"), once it has stayed open MARK_READ_MS or been scrolled
        ("after_seconds"), or never ("manual")."""
        self._kept_unread = None
        rule = self.mark_read_rule()
        if rule == "on_open":
            self._store_read(summary)
        elif rule == "after_seconds":
            timer = self._read_timer()
            timer.setProperty("articleId", summary.id)
            timer.start(MARK_READ_MS)

    def _read_timer(self) -> QTimer:
        timer = getattr(self, "_mark_read_timer", None)
        if timer is None:
            timer = self._mark_read_timer = QTimer(self, singleShot=True)
            timer.timeout.connect(self._read_long_enough)
        return timer

    def _read_long_enough(self) -> None:
        article_id = self._read_timer().property("articleId")
        if self.reader.article is not None and self.reader.article.id == article_id:
            self._mark_shown_read(article_id)

    def _mark_shown_read(self, article_id: int) -> None:
        found = self.model.summaries_of([article_id])
        if self.reader.article is not None and self.reader.article.id == article_id:
            summary = found[0] if found else self.reader.article
            if summary.read_at is None:
                self._store_read(summary)

    def toggle_read(self) -> None:
        """Mark the selected articles unread, or read if all of them are unread."""
        self._read_timer().stop()  # the reader said what they want
        summaries = self._selected_summaries()
        if not summaries:
            return
        read = all(s.read_at is None for s in summaries)
        self._change(
            summaries,
            {"read_at": utc_now() if read else None},
            lambda library, ids: library.mark_read_many(ids, read),
            self.tr("Marked as read") if read else self.tr("Marked as unread"),
            self.tr("mark {} as read") if read else self.tr("mark {} as unread"),
        )
        self._kept_unread = None if read else {s.id for s in summaries}

    def _store_read(self, summary) -> None:
        """Mark ``summary`` read now, without waiting for the library."""
        self.model.change(summary.id, read_at=utc_now())
        self._write(
            self.tr("mark “{}” as read").format(summary.title),
            lambda library: library.mark_read(summary.id),
            [summary.id],
        )

    def _progress_changed(self, article_id: int, fraction: float) -> None:
        # Only the reader's own scrolling reports progress (ReaderView): that is reading,
        # unless they marked the article unread themselves.
        if self.mark_read_rule() == "after_seconds" and article_id not in (
            getattr(self, "_kept_unread", None) or ()
        ):
            self._read_timer().stop()
            self._mark_shown_read(article_id)
        # The article may have just been deleted: nobody needs to hear of that.
        self._write(
            self.tr("store the reading position"),
            lambda library: library.set_progress(article_id, fraction),
            [],
            quiet=True,
        )

    def _first_selected_row(self) -> int | None:
        rows = [index.row() for index in self.list.selectionModel().selectedRows()]
        return min(rows) if rows else None

    def _after_rows_changed(self, row: int | None) -> None:
        """If the open article left the list, open the one that took its place (the
        next one, as in a mail client), so archiving through a list is e, e, e."""
        if self.reader.article is not None and (
            self.model.row_of(self.reader.article.id, expose=False) is not None
        ):
            self._update_actions()
            return
        rows = self.model.rowCount()
        if row is not None and rows:
            self._select_row(min(row, rows - 1), open_it=True)
        self._update_actions()

    # --- tags -------------------------------------------------------------------------------
    def edit_tags(self) -> None:
        summaries = self._selected_summaries()
        if len(summaries) != 1:
            return
        summary = summaries[0]
        dialog = TagsDialog(summary.title, summary.tags, self.library.all_tags(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._set_tags(summary, dialog.tags()))
        dialog.open()
        self.tags_dialog = dialog

    def _set_tags(self, summary: ArticleSummary, tags: list[str]) -> None:
        cleaned = sorted({t.strip() for t in tags if t and t.strip()}, key=str.casefold)
        self.model.change(summary.id, tags=tuple(cleaned))
        self._write(
            self.tr("change the tags of “{}”").format(summary.title),
            lambda library: library.set_tags(summary.id, cleaned),
            [summary.id],
            on_landed=lambda _: self._refresh_views(),
        )
        shown = ", ".join(f"#{t}" for t in cleaned) or self.tr("none")
        self.messages.show(self.tr("Tags: {}").format(shown))
        self._update_actions()

    # --- deleting, with undo ----------------------------------------------------------------
    def delete_selected(self) -> None:
        # Decide what is deleted before any row moves: removing a row moves the
        # current row, and with it what "selected" means.
        pending = self._selected_pending_urls()
        summaries = self._selected_summaries()
        row = self._first_selected_row()
        # A save under way is cancelled (its row goes once it has stopped).
        self._cancel([url for url in pending if self.queue.is_saving(url)])
        self.saves_place.dismiss([url for url in pending if not self.queue.is_saving(url)])
        if not summaries:
            self._update_actions()
            return
        ids = [s.id for s in summaries]
        self._deleted_titles.update({s.id: s.title for s in summaries})
        self.model.hide(ids)
        if self.reader.article is not None and self.reader.article.id in ids:
            self.reader.show_placeholder(self.tr("Deleted."))
            self.setWindowTitle(APP_NAME)
        self._delete_serial += 1
        serial = self._delete_serial
        timer = QTimer(self, singleShot=True, interval=UNDO_MS)
        timer.timeout.connect(lambda: self._commit_delete(serial))
        timer.start()
        self._pending_deletes[serial] = (ids, timer)
        self._offer_undo()
        self._after_rows_changed(row)

    def _offer_undo(self) -> None:
        """One banner for every delete still undoable; Undo takes back the latest."""
        waiting = [i for ids, _ in self._pending_deletes.values() for i in ids]
        if not waiting:
            if self.banner.action_button.text() == self.tr("Undo"):
                self.banner.dismiss()
            return
        latest = self._pending_deletes[max(self._pending_deletes)][0]
        if len(waiting) == 1:
            title = self._deleted_titles.get(latest[0])
            what = self.tr("“{}”").format(title) if title else self._articles(1)
        else:
            what = self._articles(len(waiting))
        self.messages.show(
            self.tr("Deleted {}.  (Ctrl+Z)").format(what),
            Level.INFO,
            action=(self.tr("Undo"), self.undo_delete),
            timeout_ms=UNDO_MS,
        )

    def _cancel_delete_of(self, article_id: int) -> None:
        """An article saved again while its delete waits for Undo is kept."""
        for serial, (ids, timer) in list(self._pending_deletes.items()):
            if article_id in ids:
                ids.remove(article_id)
                if not ids:
                    timer.stop()
                    del self._pending_deletes[serial]
        self.model.unhide([article_id])

    def undo_delete(self, serial: int | None = None) -> None:
        if serial is None:
            if not self._pending_deletes:
                return
            serial = max(self._pending_deletes)
        entry = self._pending_deletes.pop(serial, None)
        if entry is None:
            return
        ids, timer = entry
        timer.stop()
        self.model.unhide(ids)
        self._apply_query(self.model.query)
        self._offer_undo()
        row = self.model.row_of(ids[0])
        if row is not None:
            self._select_row(row, open_it=True)
        if not self._pending_deletes:
            self.messages.show(self.tr("Delete undone."))

    def _commit_delete(self, serial: int) -> None:
        """Hand a delete whose undo time is over to the writer; the rows stay hidden
        until it is done, and come back if the library refuses."""
        entry = self._pending_deletes.pop(serial, None)
        if entry is None:
            return
        ids, _ = entry

        def landed(_: object) -> None:
            self.model.unhide(ids)
            self._refresh_views()

        def failed(_: str) -> None:
            self.model.unhide(ids)
            self._apply_query(self.model.query)

        what = (
            self.tr("delete “{}”").format(self._deleted_titles[ids[0]])
            if len(ids) == 1 and ids[0] in self._deleted_titles
            else self.tr("delete {}").format(self._articles(len(ids)))
        )
        for article_id in ids:
            self._deleted_titles.pop(article_id, None)
        self._write(what, lambda library: library.delete(ids), ids, landed, failed)

    def commit_pending_deletes(self) -> None:
        for serial in list(self._pending_deletes):
            self._commit_delete(serial)

    # --- the article elsewhere --------------------------------------------------------------
    def refetch(self) -> None:
        summaries = self._selected_summaries()
        if len(summaries) != 1:
            return
        summary = summaries[0]
        if self.model.add_pending(summary.url, summary.id) and self.queue.save(summary.url):
            self.messages.show(self.tr("Downloading again: {0}").format(summary.title))

    def open_original(self) -> None:
        summaries = self._selected_summaries()
        if len(summaries) == 1:
            self.open_external(QUrl(summaries[0].url))

    def copy_link(self) -> None:
        summaries = self._selected_summaries()
        if len(summaries) == 1:
            QGuiApplication.clipboard().setText(summaries[0].url)
            # Copying our own link must not bring up the "save this link?" offer.
            self._offered_clipboard = summaries[0].url
            self.messages.show(self.tr("Link copied."))
