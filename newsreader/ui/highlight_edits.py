"""Changing highlights and notes from the window: every change is one ``Write`` through
``ArticleWrites`` (never on the GUI thread, see ui/library_writer.py), and
``landed(article_id)`` runs on the GUI thread once the library holds it (a refused
change says so in one line, ``Could not <what>: <reason>``, and lands nothing).

Removing a highlight is written at once and offered for Undo (``PendingUndo``, kind
HIGHLIGHT): Undo writes it back with its id, note and times
(``Notebook.restore``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from newsreader.library.highlights import Highlight
from newsreader.library.library import Library
from newsreader.ui.article_writes import ArticleWrites
from newsreader.ui.pending_undo import HIGHLIGHT, PendingUndo, Undoable

QUOTE_CHARS = 40  # how much of a quote a message shows


def short(quote: str, chars: int = QUOTE_CHARS) -> str:
    """``quote`` on one line, cut to ``chars`` characters with an ellipsis."""
    text = " ".join(quote.split())
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


class HighlightEdits(QObject):
    """The writes of ReaderHighlights. ``landed(article_id)`` is called after each
    change to an article's highlights or note has landed (or was refused: the
    library is read again either way)."""

    def __init__(
        self,
        writes: ArticleWrites,
        undo: PendingUndo,
        landed: Callable[[int], None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.writes = writes
        self.undo = undo
        self.landed = landed

    def _write(
        self,
        what: str,
        apply: Callable[[Library], object],
        article_id: int,
        on_landed: Callable[[object], None] | None = None,
    ) -> None:
        def done(result: object) -> None:
            if on_landed is not None:
                on_landed(result)
            self.landed(article_id)

        self.writes.write(
            what,
            apply,
            [article_id],
            on_landed=done,
            on_failed=lambda _message: self.landed(article_id),
        )

    def add(
        self,
        article_id: int,
        start: int,
        end: int,
        color: str,
        note: str = "",
        on_landed: Callable[[Highlight], None] | None = None,
        expect: str | None = None,
    ) -> None:
        """Highlight ``start``..``end`` (code points in the article's text) in
        ``color`` with ``note``; ``expect``: the words the reader saw there (refused
        if another program changed the text meanwhile)."""
        self._write(
            self.tr("highlight the passage"),
            lambda library: library.notebook.add(
                article_id, start, end, color=color, note=note, expect=expect
            ),
            article_id,
            on_landed,
        )

    def recolor(self, highlight: Highlight, color: str) -> None:
        self._write(
            self.tr("change the colour of the highlight"),
            lambda library: library.notebook.update(highlight.id, color=color),
            highlight.article_id,
        )

    def set_note(self, highlight: Highlight, note: str) -> None:
        """Set the highlight's note; "" removes it."""
        self._write(
            self.tr("save the note"),
            lambda library: library.notebook.update(highlight.id, note=note),
            highlight.article_id,
        )

    def set_article_note(self, article_id: int, note: str) -> None:
        """Set the article's own note; "" removes it."""
        self._write(
            self.tr("save the article's note"),
            lambda library: library.notebook.set_article_note(article_id, note),
            article_id,
        )

    def remove(self, highlight: Highlight) -> None:
        """Remove ``highlight`` now, with Undo (Ctrl+Z or the banner's button) for
        pending_undo.UNDO_MS."""
        gone: list[Highlight] = []  # filled on the writer thread, read there by the undo

        def delete(library: Library) -> list[Highlight]:
            gone[:] = library.notebook.delete([highlight.id])
            return gone

        def restore(library: Library) -> list[Highlight]:
            # Writes run in order: the delete has run (and filled ``gone``) by now.
            return library.notebook.restore(list(gone) or [highlight])

        self._write(self.tr("remove the highlight"), delete, highlight.article_id)
        self.undo.push(
            Undoable(
                HIGHLIGHT,
                [highlight.id],
                {highlight.id: short(highlight.quote)},
                undo=lambda _ids: self._write(
                    self.tr("restore the highlight"), restore, highlight.article_id
                ),
            )
        )
