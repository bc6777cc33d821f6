"""What the window does to articles: archive (with Undo), favourite, read state,
tags, delete (with Undo), re-fetch, open the original, copy the link.

Which articles a command acts on (``targets``) is decided in one place, by the rule
of issue 13: the article in the reader is the current article everywhere (keys,
menus, toolbar, context menus); only a selection the person made in the list, while
the list has focus, acts on the selected rows instead. With nothing to act on the
commands are disabled (``MainWindow.update_actions``), and called anyway they say why.

Every change goes through ``ArticleWrites`` (never on the GUI thread): the list
shows it at once and what the library holds once it settled.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QWidget

from newsreader.errors import NewsreaderError
from newsreader.library.library import Library, utc_now
from newsreader.library.models import ArticleSummary
from newsreader.ui.article_list import ArticleList
from newsreader.ui.article_writes import ArticleWrites
from newsreader.ui.current_article import CurrentArticle
from newsreader.ui.dialogs import TagsDialog
from newsreader.ui.messages import Messenger
from newsreader.ui.pending_saves import PendingSaves
from newsreader.ui.pending_undo import ARCHIVE, DELETE, UNARCHIVE, PendingUndo, Undoable
from newsreader.ui.read_marker import ReadMarker
from newsreader.ui.save_queue import SaveQueue

# Commands on articles, and how many articles each needs (see ``update_actions``).
ON_ANY = ("archive", "favorite", "toggle_read", "delete")
ON_ONE = ("tags", "refetch", "copy_link", "open_original")


class ArticleCommands(QObject):
    """The commands on articles (the window's actions call them)."""

    def __init__(
        self,
        *,
        window: QWidget,
        library: Library,
        queue: SaveQueue,
        articles: ArticleList,
        current: CurrentArticle,
        writes: ArticleWrites,
        undo: PendingUndo,
        marker: ReadMarker,
        pending: PendingSaves,
        messages: Messenger,
        open_external: Callable[[QUrl], object],
        note_copied: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.library = library
        self.queue = queue
        self.articles = articles
        self.model = articles.model
        self.current = current
        self.writes = writes
        self.undo = undo
        self.marker = marker
        self.pending = pending
        self.messages = messages
        self.open_external = open_external
        self.note_copied = note_copied
        self.tags_dialog: TagsDialog | None = None

    # --- what a command acts on ---------------------------------------------------------------
    def target_ids(self) -> list[int]:
        """The articles a command acts on: the article in the reader; while the list
        has focus, the rows selected there instead when there are several (Shift or
        Ctrl+click), or one and the reader shows none. A single selected row that is
        not the article on screen (Ctrl+click took the shown one out) is not acted on:
        what the person sees is what a key changes."""
        if self.articles.list.hasFocus():
            selected = self.articles.selected_ids()
            if len(selected) > 1 or (selected and self.current.id is None):
                return selected
        return [self.current.id] if self.current.id is not None else []

    def targets(self) -> list[ArticleSummary]:
        """``target_ids`` as the list shows them (with changes not stored yet)."""
        ids = self.target_ids()
        try:
            found = self.model.summaries_of(ids)
        except NewsreaderError:  # the library cannot be read now: nothing to act on
            return []
        return [s for s in found if s.id not in self.model.hidden]

    def update_actions(self, actions: dict[str, QAction]) -> None:
        """Enable, check and word ``actions`` (the window's, by name) for ``targets``."""
        summaries = self.targets()
        for name in ON_ANY + ON_ONE:
            actions[name].setEnabled(bool(summaries) if name in ON_ANY else len(summaries) == 1)
        unread = bool(summaries) and all(s.read_at is None for s in summaries)
        actions["toggle_read"].setText(
            self.tr("Mark as &read") if unread else self.tr("Mark as &unread")
        )
        archived = bool(summaries) and all(s.state == "archived" for s in summaries)
        actions["archive"].setChecked(archived)
        actions["favorite"].setChecked(bool(summaries) and all(s.favorite for s in summaries))

    def _targets_or_why(self, single: bool = False) -> list[ArticleSummary]:
        summaries = self.targets()
        if not summaries:
            self.messages.show(self.tr("No article is open: choose one in the list first."))
        elif single and len(summaries) != 1:
            self.messages.show(self.tr("Choose one article for this, not several."))
            return []
        return summaries

    def _named(self, summaries: list[ArticleSummary]) -> str:
        if len(summaries) == 1:
            return self.tr("“{}”").format(summaries[0].title)
        return self._articles(len(summaries))

    def _articles(self, n: int) -> str:
        """``n articles`` in every plural form (newsreader_en.ts gives English's)."""
        return self.tr("%n articles", "", n)

    # --- state, favourite, read ---------------------------------------------------------------
    def toggle_archive(self) -> None:
        """Archive the targets, or move them back to Unread if all are archived; either
        can be undone (``PendingUndo``)."""
        summaries = self._targets_or_why()
        if not summaries:
            return
        archive = not all(s.state == "archived" for s in summaries)
        before = {s.id: s.state for s in summaries}
        self._set_state(summaries, "archived" if archive else "unread", archive)
        self.undo.push(
            Undoable(
                ARCHIVE if archive else UNARCHIVE,
                [s.id for s in summaries],
                {s.id: s.title for s in summaries},
                undo=lambda ids: self._restore_states({i: before[i] for i in ids}),
            )
        )

    def _set_state(self, summaries: list[ArticleSummary], state: str, archive: bool) -> None:
        self._change(
            summaries,
            {"state": state},
            lambda library, ids: library.set_state_many(ids, state),
            self.tr("archive {}") if archive else self.tr("move {} back to Unread"),
            done=None,
        )

    def _restore_states(self, states: dict[int, str]) -> None:
        """Undo of an archive: every article back in the state it had, shown at once;
        once stored, the list is read again (the rows back in their places) and the
        first of them is open."""
        first = next(iter(states))

        def landed(_: object) -> None:
            self.articles.apply_query(self.model.query)
            row = self.model.row_of(first)
            if row is not None and self.current.id not in states:
                self.articles.select_row(row, open_it=True)

        for state in sorted(set(states.values())):
            ids = [i for i, s in states.items() if s == state]
            for article_id in ids:
                self.model.change(article_id, state=state)
                self.model.article_added(article_id, newly_saved=False)
            self.writes.write(
                self.tr("undo the archive of {}").format(self._articles(len(ids))),
                lambda library, ids=ids, state=state: library.set_state_many(ids, state),
                ids,
                on_landed=landed,
            )

    def toggle_favorite(self) -> None:
        summaries = self._targets_or_why()
        if not summaries:
            return
        favorite = not all(s.favorite for s in summaries)
        self._change(
            summaries,
            {"favorite": favorite},
            lambda library, ids: library.set_favorite_many(ids, favorite),
            self.tr("mark {} as favourite") if favorite else self.tr("unmark {} as favourite"),
            self.tr("Marked as favourite") if favorite else self.tr("No longer a favourite"),
        )

    def toggle_read(self) -> None:
        """Mark the targets unread, or read if all of them are unread."""
        summaries = self._targets_or_why()
        if not summaries:
            return
        read = all(s.read_at is None for s in summaries)
        if read:
            self.marker.stop()
        else:
            self.marker.kept_unread([s.id for s in summaries])
        self._change(
            summaries,
            {"read_at": utc_now() if read else None},
            lambda library, ids: library.mark_read_many(ids, read),
            self.tr("mark {} as read") if read else self.tr("mark {} as unread"),
            self.tr("Marked as read") if read else self.tr("Marked as unread"),
        )

    def _change(
        self,
        summaries: list[ArticleSummary],
        fields: dict[str, object],
        change: Callable[[Library, list[int]], None],
        what: str,
        done: str | None,
    ) -> None:
        """Show ``fields`` on every target at once and hand the library ONE write
        changing them all in one transaction (``change(library, ids)``): it lands for
        all or, refused, every row goes back together under one message. ``done``
        (translated) is said in the status bar."""
        ids = [s.id for s in summaries]
        row = self._row_of_targets(ids)
        for article_id in ids:
            self.model.change(article_id, **fields)
        self.writes.write(
            what.format(self._named(summaries)), lambda library: change(library, ids), ids
        )
        if done is not None:
            title = summaries[0].title if len(summaries) == 1 else self._named(summaries)
            self.messages.show(self.tr("{}: {}").format(done, title))
        self.after_rows_changed(row)

    def _row_of_targets(self, ids: list[int]) -> int | None:
        rows = [self.model.row_of(i, expose=False) for i in ids]
        found = [r for r in rows if r is not None]
        return min(found) if found else None

    def after_rows_changed(self, row: int | None) -> None:
        """If the open article left the list, open the one that took its place (the
        next one, as in a mail client), so archiving through a list is e, e, e."""
        shown = self.current.id
        if shown is not None and self.model.row_of(shown, expose=False) is not None:
            return
        rows = self.model.rowCount()
        if row is not None and rows:
            self.articles.select_row(min(row, rows - 1), open_it=True)

    # --- tags -------------------------------------------------------------------------------
    def edit_tags(self) -> None:
        summaries = self._targets_or_why(single=True)
        if not summaries:
            return
        summary = summaries[0]
        dialog = TagsDialog(summary.title, summary.tags, self.library.all_tags(), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._set_tags(summary, dialog.tags()))
        dialog.open()
        self.tags_dialog = dialog

    def _set_tags(self, summary: ArticleSummary, tags: list[str]) -> None:
        cleaned = sorted({t.strip() for t in tags if t and t.strip()}, key=str.casefold)
        self.model.change(summary.id, tags=tuple(cleaned))
        self.writes.write(
            self.tr("change the tags of “{}”").format(summary.title),
            lambda library: library.set_tags(summary.id, cleaned),
            [summary.id],
            on_landed=lambda _: self.articles.refresh_views(),
        )
        shown = ", ".join(f"#{t}" for t in cleaned) or self.tr("none")
        self.messages.show(self.tr("Tags: {}").format(shown))

    # --- deleting, with undo ----------------------------------------------------------------
    def delete(self) -> None:
        """Delete the targets (with Undo for UNDO_MS), and dismiss or cancel the pending
        saves selected in the list."""
        # Decide what is deleted before any row moves: removing a row moves the
        # current row, and with it what "selected" means.
        urls = self.articles.selected_pending_urls()
        summaries = self.targets()
        if not summaries and not urls:
            self._targets_or_why()
            return
        row = self._row_of_targets([s.id for s in summaries])
        if row is None:
            row = self.articles.first_selected_row()
        self.pending.dismiss(urls)
        if not summaries:
            return
        ids = [s.id for s in summaries]
        titles = {s.id: s.title for s in summaries}
        self.model.hide(ids)
        if self.current.id in ids:
            self.current.clear(self.tr("Deleted."))
        self.undo.push(
            Undoable(
                DELETE,
                ids,
                titles,
                undo=self._undo_delete,
                commit=lambda ids: self._commit_delete(ids, titles),
                highlights=self._highlights_of(ids),
            )
        )
        self.after_rows_changed(row)

    def _highlights_of(self, ids: list[int]) -> int:
        """How many highlights the articles have: the Undo banner says they go too."""
        try:
            return sum(self.library.notebook.counts(ids).values())
        except NewsreaderError:
            return 0  # the banner only leaves the count out

    def _undo_delete(self, ids: list[int]) -> None:
        self.model.unhide(ids)
        self.articles.apply_query(self.model.query)
        row = self.model.row_of(ids[0])
        if row is not None:
            self.articles.select_row(row, open_it=True)

    def _commit_delete(self, ids: list[int], titles: dict[int, str]) -> None:
        """Hand a delete whose undo time is over to the writer; the rows stay hidden
        until it is done, and come back if the library refuses."""

        def landed(_: object) -> None:
            self.model.unhide(ids)
            self.articles.refresh_views()

        def failed(_: str) -> None:
            self.model.unhide(ids)
            self.articles.apply_query(self.model.query)

        what = (
            self.tr("delete “{}”").format(titles[ids[0]])
            if len(ids) == 1 and ids[0] in titles
            else self.tr("delete {}").format(self._articles(len(ids)))
        )
        self.writes.write(what, lambda library: library.delete(ids), ids, landed, failed)

    # --- the article elsewhere --------------------------------------------------------------
    def refetch(self) -> None:
        summaries = self._targets_or_why(single=True)
        if not summaries:
            return
        summary = summaries[0]
        if self.model.add_pending(summary.url, summary.id) and self.queue.save(summary.url):
            self.messages.show(self.tr("Downloading again: {0}").format(summary.title))

    def open_original(self) -> None:
        summaries = self._targets_or_why(single=True)
        if summaries:
            self.open_external(QUrl(summaries[0].url))

    def copy_link(self) -> None:
        summaries = self._targets_or_why(single=True)
        if summaries:
            QGuiApplication.clipboard().setText(summaries[0].url)
            # Copying our own link must not bring up the "save this link?" offer.
            self.note_copied(summaries[0].url)
            self.messages.show(self.tr("Link copied."))
