"""Highlights in the reader: drawn, made, noted, selected, removed.

The current article's highlights (``Notebook.of_article``) are drawn in their colour
(ui/highlight_colors.py, the shade for the theme's page) as char formats of the
document the reader renders (the stored article is never changed), under the marks
of a search and of find-in-article; the selected one is an extra selection over
them. They are placed again, with one ``DocumentPassages``, each time the reader
makes its document (a new article, zoom, theme, typography). A highlight with a note
is underlined, and hovering it shows the note.

Making one: select text, then H (the last colour chosen, setting "highlights/color"),
the context menu, or the bar that floats over a mouse selection. A selection that is
not the article's text (title, byline, a caption) says so in one line and stores
nothing. A selection equal to or inside a highlight acts on that highlight (H gives
it the colour; N edits its note): an identical passage is never stored twice. A
selection overlapping one only in part makes a new highlight.

N edits the note of the selection's highlight (making it on Save), else of the
highlight selected or under the text cursor, else the article's own note. Clicking a
highlight selects it (drawn stronger): Delete removes it, with Undo.

Changes are written by ``HighlightEdits``; when one lands the highlights are read
again and ``changed(article_id)`` is emitted. The notebook panel and the Highlights
view build on ``changed``, ``show_highlight`` and ``current_highlight_id``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QMouseEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu, QTextEdit, QToolTip, QWidget

from newsreader.errors import NewsreaderError
from newsreader.library.highlights import COLORS, Highlight, color_of
from newsreader.library.library import Library
from newsreader.ui import highlight_colors
from newsreader.ui.highlight_edits import HighlightEdits, short
from newsreader.ui.messages import Level, Messenger
from newsreader.ui.note_dialog import NoteDialog
from newsreader.ui.reader import ReaderView
from newsreader.ui.reader_passages import DocumentPassages
from newsreader.ui.selection_bar import SelectionBar

log = logging.getLogger(__name__)

COLOR_SETTING = "highlights/color"  # the colour H uses: an identifier of COLORS
CLICK_SLOP = 4  # px a press may move and still be a click


class ReaderHighlights(QObject):
    """The reader's highlights. ``changed(article_id)`` after a change to an article's
    highlights or note landed in the library (or one made elsewhere was read)."""

    changed = Signal(int)

    def __init__(
        self,
        *,
        reader: ReaderView,
        library: Library,
        edits_for: Callable[[Callable[[int], None]], HighlightEdits],
        messages: Messenger,
        settings: QSettings,
        open_article: Callable[[int], object],
        parent: QWidget,
        show_again: Callable[[int], object] = lambda _id: None,
    ) -> None:
        """``edits_for(landed)``: the HighlightEdits that calls ``landed`` after each
        change; ``open_article(id)`` shows another article in the reader."""
        super().__init__(parent)
        self.window = parent
        self.reader = reader
        self.library = library
        self.messages = messages
        self.settings = settings
        self.open_article = open_article
        self.show_again = show_again  # the article anew, where the reader is
        self.edits = edits_for(self._landed)
        self.items: list[Highlight] = []  # the article's, in reading order
        self.spans: dict[int, tuple[int, int]] = {}  # highlight id -> Qt (start, end)
        # What the document shows now: highlight id -> (start, end, colour, has a note)
        self._painted: dict[int, tuple[int, int, str, bool]] = {}
        self.passages: DocumentPassages | None = None
        self.current_highlight_id: int | None = None
        self.note_dialog: NoteDialog | None = None
        self._article: object = None  # the Article object the items belong to
        self._pressed: QPoint | None = None
        self.bar = SelectionBar(reader)
        self.bar.colorChosen.connect(self.highlight)
        self.bar.noteRequested.connect(self.note)
        reader.rendered.connect(self._rendered)
        reader.selectionChanged.connect(self._selection_changed)
        reader.verticalScrollBar().valueChanged.connect(lambda _: self.bar.hide())
        reader.viewport().installEventFilter(self)
        reader.viewport().setMouseTracking(True)

    # --- which highlights, and where ------------------------------------------------------
    @property
    def article_id(self) -> int | None:
        article = self.reader.article
        return article.id if article is not None else None

    @property
    def color(self) -> str:
        """The colour H uses: the last one chosen."""
        try:
            return color_of(str(self.settings.value(COLOR_SETTING, COLORS[0])))
        except ValueError:
            return COLORS[0]

    def _read(self, article_id: int) -> list[Highlight] | None:
        try:
            return self.library.notebook.of_article(article_id)
        except NewsreaderError as exc:
            self.messages.show(
                self.tr("Could not read the highlights: {}").format(exc.message), Level.ERROR
            )
            return None

    def _rendered(self) -> None:
        """The reader made its document again: place the highlights in it."""
        article = self.reader.article
        self.bar.hide()
        if article is None:
            self.items, self.spans, self.passages, self._painted = [], {}, None, {}
            self.current_highlight_id, self._article = None, None
            return
        same_article = article is self._article
        if not same_article:  # another article, or a re-fetched version
            self._article = article
            self.current_highlight_id = None
            self.items = self._read(article.id) or []
        passages = DocumentPassages(self.reader.document(), self.reader._body_start())
        # A zoom, a theme or the pane's final size makes the same text again: the
        # places found for it still hold.
        unchanged = same_article and self.passages is not None and passages.raw == self.passages.raw
        self.passages = passages
        if not unchanged:
            self._place()
        self._painted = {}
        self._paint(self._paints())
        self.reader.highlight_selections = self._selected_mark()  # _render draws it

    def _place(self) -> None:
        article = self.reader.article
        if self.passages is None or article is None:
            self.spans = {}
            return
        self.spans = self.passages.spans_of(self.items, article.text)
        if self.current_highlight_id not in self.spans:
            self.current_highlight_id = None

    def reload(self) -> None:
        """Read the shown article's highlights again (the library changed elsewhere)
        and draw them if they differ. When another program saved a new version of the
        article itself, it is shown again first: highlights placed in the new text must
        not be drawn on the old one."""
        article_id = self.article_id
        if article_id is None or self.passages is None:
            return
        try:
            stored = self.library.copy_version(article_id)
        except NewsreaderError:
            stored = None
        shown = self.reader.article
        if stored is not None and stored != (
            shown.updated_at,
            shown.raw_file,
            shown.word_count,
            len(shown.text),
        ):
            self.show_again(article_id)
            return
        found = self._read(article_id)
        if found is None or found == self.items:
            return
        self.items = found
        self._place()
        self._draw()
        self.changed.emit(article_id)

    def _landed(self, article_id: int) -> None:
        if article_id == self.article_id and self.passages is not None:
            found = self._read(article_id)
            if found is not None:
                self.items = found
                self._place()
                self._draw()
        self.changed.emit(article_id)

    # --- drawing ------------------------------------------------------------------------
    # Highlights are char formats of the reader's document, which is a rendering made
    # for this pane (the stored article is never changed), not extra selections: Qt
    # works out the rectangle of every extra selection as soon as they are set, which
    # lays out the whole document at once; with 200 highlights that made opening a
    # long article 2.4 times slower (benchmarks/highlights_open.py). Only the selected
    # highlight is an extra selection, drawn over its passage in a stronger shade.
    def _paints(self) -> dict[int, tuple[int, int, str, bool]]:
        """What each placed highlight looks like: (start, end, colour, has a note)."""
        by_id = {h.id: h for h in self.items}
        return {
            hid: (start, end, by_id[hid].color, bool(by_id[hid].note))
            for hid, (start, end) in self.spans.items()
        }

    def _paint(self, paints: dict[int, tuple[int, int, str, bool]]) -> None:
        """Give each passage in ``paints`` its colour (and a note's underline)."""
        dark = self.reader.colors.dark
        formats: dict[tuple[str, bool], QTextCharFormat] = {}
        # One edit block: a cursor moved inside one skips working out its x position,
        # which lays the block out (10 times faster for 200 highlights).
        cursor = QTextCursor(self.reader.document())
        cursor.beginEditBlock()
        # Longer first, so a shorter one inside another is painted over it.
        for start, end, color, noted in sorted(paints.values(), key=lambda p: p[0] - p[1]):
            fmt = formats.get((color, noted))
            if fmt is None:
                fmt = formats[color, noted] = QTextCharFormat()
                fmt.setBackground(highlight_colors.shade(color, dark))
                if noted:
                    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
                    fmt.setUnderlineColor(self._note_mark(color, dark))
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        cursor.endEditBlock()
        self._painted.update(paints)

    def _selected_mark(self) -> list[QTextEdit.ExtraSelection]:
        """The selected highlight's stronger shade, or nothing."""
        highlight = self.current()
        span = self.spans.get(self.current_highlight_id or -1)
        if highlight is None or span is None:
            return []
        dark = self.reader.colors.dark
        color = highlight_colors.shade(highlight.color, dark)
        fmt = QTextCharFormat()
        fmt.setBackground(color.lighter(140) if dark else color.darker(125))
        cursor = QTextCursor(self.reader.document())
        cursor.setPosition(span[0])
        cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = fmt
        return [selection]

    @staticmethod
    def _note_mark(color: str, dark: bool) -> QColor:
        """The underline that says a highlight has a note: its hue, strong."""
        light = highlight_colors.shade(color, False)
        return light if dark else light.darker(250)

    def _draw(self) -> None:
        """Show the highlights as they now are: a new one is painted on; a removed or
        changed one needs the document made again (a format cannot be taken back
        without knowing the passage's own: links, emphasis)."""
        paints = self._paints()
        kept = all(paints.get(hid) == paint for hid, paint in self._painted.items())
        if kept:
            self._paint({hid: p for hid, p in paints.items() if hid not in self._painted})
            self.reader.set_highlight_selections(self._selected_mark())
        else:
            self.reader.rerender()  # _rendered paints them all

    # --- where the pointer is ---------------------------------------------------------------
    def position_at(self, point: QPoint) -> int:
        """The Qt position of the character under viewport point ``point``; -1 when
        it is over no text."""
        offset = QPointF(
            self.reader.horizontalScrollBar().value(), self.reader.verticalScrollBar().value()
        )
        layout = self.reader.document().documentLayout()
        return layout.hitTest(QPointF(point) + offset, Qt.HitTestAccuracy.ExactHit)

    def _containing(self, position: int, end_too: bool = False) -> Highlight | None:
        """The innermost highlight over Qt ``position`` (``end_too``: a cursor just
        after its last character counts)."""
        found = [
            (end - start, hid)
            for hid, (start, end) in self.spans.items()
            if start <= position < end or (end_too and position == end)
        ]
        if not found:
            return None
        hid = min(found)[1]
        return next(h for h in self.items if h.id == hid)

    def highlight_at(self, point: QPoint) -> Highlight | None:
        """The highlight under viewport point ``point``, or None."""
        position = self.position_at(point)
        return self._containing(position) if position >= 0 else None

    def current(self) -> Highlight | None:
        """The selected highlight (``current_highlight_id``), or None."""
        return next((h for h in self.items if h.id == self.current_highlight_id), None)

    def select(self, highlight_id: int | None) -> None:
        """Select highlight ``highlight_id`` (None: none), drawn stronger."""
        if highlight_id == self.current_highlight_id:
            return
        self.current_highlight_id = highlight_id if highlight_id in self.spans else None
        self.reader.set_highlight_selections(self._selected_mark())

    def show_highlight(self, highlight_id: int) -> bool:
        """Scroll the reader so highlight ``highlight_id`` is in view and select it,
        opening its article first if another is shown. False (the reader as it was,
        or at the article) when it is not there to show: unknown, or no longer found
        in the article's text."""
        if highlight_id not in {h.id for h in self.items}:
            try:
                article_id = self.library.notebook.get(highlight_id).article_id
            except NewsreaderError:
                return False
            if article_id != self.article_id:
                self.open_article(article_id)
            if self.article_id != article_id:
                return False
        span = self.spans.get(highlight_id)
        if span is None:
            return False
        self.reader.scroll_to_passage(*span)
        self.select(highlight_id)
        return True

    # --- events in the reader -------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            if event.button() == Qt.MouseButton.LeftButton:
                self._pressed = event.position().toPoint()
                self.bar.hide()
        elif kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            if event.button() == Qt.MouseButton.LeftButton and self._pressed is not None:
                point, pressed = event.position().toPoint(), self._pressed
                self._pressed = None
                # After the reader itself has handled the release (the selection).
                QTimer.singleShot(0, lambda: self._released(point, pressed))
        elif kind == QEvent.Type.ToolTip:
            highlight = self.highlight_at(event.pos())
            if highlight is not None and highlight.note:
                QToolTip.showText(event.globalPos(), highlight.note, self.reader.viewport())
                return True
            QToolTip.hideText()
        return super().eventFilter(watched, event)

    def _released(self, point: QPoint, pressed: QPoint) -> None:
        if self.reader.textCursor().hasSelection():
            self.show_bar()
            return
        if (point - pressed).manhattanLength() <= CLICK_SLOP:
            highlight = self.highlight_at(point)
            self.select(highlight.id if highlight is not None else None)

    def _selection_changed(self) -> None:
        if not self.reader.textCursor().hasSelection():
            self.bar.hide()

    def show_bar(self) -> None:
        """Show the floating bar over the reader's selection."""
        cursor = self.reader.textCursor()
        if not cursor.hasSelection() or self.reader.article is None:
            return
        start, end = QTextCursor(cursor), QTextCursor(cursor)
        start.setPosition(cursor.selectionStart())
        end.setPosition(cursor.selectionEnd())
        area = self.reader.cursorRect(start).united(self.reader.cursorRect(end))
        viewport = self.reader.viewport()
        top_left = viewport.mapTo(self.reader, area.topLeft())
        self.bar.set_dark(self.reader.colors.dark)
        self.bar.show_over(QRect(top_left, area.size()))

    def dismiss(self) -> bool:
        """Escape: hide the bar, else unselect the highlight; False if neither was."""
        if self.bar.isVisible():
            self.bar.hide()
            return True
        if self.current_highlight_id is not None:
            self.select(None)
            return True
        return False

    # --- the commands -----------------------------------------------------------------------
    def _selected_span(self) -> tuple[int, int] | bool | None:
        """The reader's selection as (start, end) in the article's text; None when
        there is no selection, False when it is not the article's text (said)."""
        cursor = self.reader.textCursor()
        if not cursor.hasSelection():
            return None
        article = self.reader.article
        span = None
        if article is not None and self.passages is not None:
            span = self.passages.article_span(
                *self._whole_words(cursor.selectionStart(), cursor.selectionEnd()), article.text
            )
        if span is None:
            self.messages.show(
                self.tr("Only the article's text can be highlighted, not its title or captions.")
            )
            self._clear_selection()
            return False
        return span

    def _whole_words(self, start: int, end: int) -> tuple[int, int]:
        """Qt positions ``start``..``end`` widened to whole words: a drag that ends in
        the middle of a word highlights the word (as Kindle and Readwise do)."""
        raw, passages = self.passages.raw, self.passages
        a, b = passages.from_qt(start), passages.from_qt(end)
        if a >= b:
            return start, end
        while 0 < a < len(raw) and raw[a - 1].isalnum() and raw[a].isalnum():
            a -= 1
        while 0 < b < len(raw) and raw[b - 1].isalnum() and raw[b].isalnum():
            b += 1
        return passages.to_qt(a), passages.to_qt(b)

    def _existing(self, span: tuple[int, int]) -> Highlight | None:
        """The highlight the selection ``span`` is (the same passage or inside it)."""
        inside = [
            h
            for h in self.items
            if h.found and h.start <= span[0] and span[1] <= h.end  # type: ignore[operator]
        ]
        return min(inside, key=lambda h: h.end - h.start) if inside else None  # type: ignore[operator]

    def _clear_selection(self) -> None:
        cursor = self.reader.textCursor()
        if cursor.hasSelection():
            cursor.setPosition(cursor.selectionStart())
            self.reader.setTextCursor(cursor)
        self.bar.hide()

    def _no_article(self) -> bool:
        if self.reader.article is None:
            self.messages.show(self.tr("Open an article first to highlight in it."))
            return True
        return False

    def highlight(self, color: str | None = None) -> None:
        """H, the bar or the menu: highlight the selection in ``color`` (the last colour
        chosen if None; a colour given becomes the last). With no selection, the
        selected highlight takes ``color``."""
        if color is not None:
            self.settings.setValue(COLOR_SETTING, color)
        color = color or self.color
        if self._no_article():
            return
        span = self._selected_span()
        if span is False:
            return
        if span is None:
            chosen = self.current()
            if chosen is not None:
                self.set_color(chosen, color)
            else:
                self.messages.show(self.tr("Select some text to highlight first."))
            return
        existing = self._existing(span)
        self._clear_selection()
        if existing is not None:
            self.set_color(existing, color)
            return
        article = self.reader.article
        self.select(None)  # the new one is what the reader is working on now
        self.edits.add(article.id, span[0], span[1], color, expect=article.text[span[0] : span[1]])

    def set_color(self, highlight: Highlight, color: str) -> None:
        if highlight.color != color:
            self.edits.recolor(highlight, color)
        self.messages.show(self.tr("Highlight colour: {}.").format(highlight_colors.name(color)))

    def note(self) -> None:
        """N: the note of the selection's highlight (made on Save), of the selected
        highlight or the one at the text cursor, else of the article."""
        if self._no_article():
            return
        article = self.reader.article
        span = self._selected_span()
        if span is False:
            return
        if span is not None:
            existing = self._existing(span)
            self._clear_selection()
            if existing is None:
                quote = article.text[span[0] : span[1]]
                self._open_note(
                    self.tr("Note on the highlight"),
                    quote,
                    "",
                    lambda text: self.edits.add(
                        article.id,
                        span[0],
                        span[1],
                        self.color,
                        text,
                        expect=article.text[span[0] : span[1]],
                    ),
                )
                return
            self.edit_note(existing)
            return
        chosen = self.current() or self._containing(self.reader.textCursor().position(), True)
        if chosen is not None:
            self.edit_note(chosen)
            return
        try:
            note = self.library.notebook.article_note(article.id)
        except NewsreaderError as exc:
            self.messages.show(self.tr("Could not read the note: {}").format(exc.message))
            return
        self._open_note(
            self.tr("Note on “{}”").format(short(article.title, 60)),
            "",
            note,
            lambda text: self.edits.set_article_note(article.id, text),
        )

    def edit_note(self, highlight: Highlight) -> None:
        self._open_note(
            self.tr("Note on the highlight"),
            highlight.quote,
            highlight.note,
            lambda text: self.edits.set_note(highlight, text) if text != highlight.note else None,
        )

    def _open_note(self, title: str, quote: str, note: str, save: Callable[[str], None]) -> None:
        if self.note_dialog is not None:
            self.note_dialog.close()
            if self.note_dialog is not None:
                # It holds a changed note and asks what to do with it: that first.
                self.note_dialog.raise_()
                return
        dialog = NoteDialog(title, quote, note, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(save)
        dialog.finished.connect(self._note_closed)
        self.note_dialog = dialog
        dialog.open()

    def _note_closed(self) -> None:
        self.note_dialog = None
        # Back to reading, whatever the window system activates next.
        self.window.activateWindow()
        self.reader.setFocus()

    def remove_current(self) -> bool:
        """Delete with a highlight selected and the reader focused: remove it (with
        Undo). False when that is not the case (Delete then acts on the article)."""
        chosen = self.current()
        focused = QApplication.focusWidget()
        if chosen is None or focused not in (self.reader, self.reader.viewport()):
            return False
        self.remove(chosen)
        return True

    def remove(self, highlight: Highlight) -> None:
        """Remove ``highlight`` (of any article: the Notebook and the Highlights view
        remove through here too), with Undo."""
        if highlight.article_id == self.article_id:
            self.items = [h for h in self.items if h.id != highlight.id]  # gone at once
            self.spans.pop(highlight.id, None)
            if self.current_highlight_id == highlight.id:
                self.current_highlight_id = None
            self._draw()
        self.edits.remove(highlight)

    def update_actions(self, actions: dict[str, QAction]) -> None:
        """Enable H and N with an article in the reader; Delete with a highlight
        selected there."""
        shown = self.reader.article is not None
        actions["highlight"].setEnabled(shown)
        actions["note"].setEnabled(shown)
        if self.current_highlight_id is not None and self.reader.hasFocus():
            actions["delete"].setEnabled(True)

    # --- the context menu -------------------------------------------------------------------
    def add_to_menu(self, menu: QMenu, point: QPoint) -> None:
        """Put the highlight commands at the top of the reader's context menu opened at
        viewport point ``point``: for the highlight under it (selected), else for the
        selection, else the article's note."""
        if self.reader.article is None:
            return
        first = menu.actions()[0] if menu.actions() else None
        added: list[QAction] = []
        highlight = None if self.reader.textCursor().hasSelection() else self.highlight_at(point)
        if highlight is not None:
            self.select(highlight.id)
            colors = QMenu(self.tr("Highlight colour"), menu)
            group = QActionGroup(colors)
            for color in COLORS:
                action = colors.addAction(highlight_colors.name(color))
                action.setCheckable(True)
                action.setChecked(color == highlight.color)
                action.setIcon(self.bar.color_buttons[color].icon())
                group.addAction(action)
                action.triggered.connect(lambda _=False, c=color: self._recolor(highlight, c))
            added.append(colors.menuAction())
            text = self.tr("Edit note…") if highlight.note else self.tr("Add note…")
            edit = QAction(text, menu)
            edit.triggered.connect(lambda: self.edit_note(highlight))
            remove = QAction(self.tr("Remove highlight"), menu)
            remove.triggered.connect(lambda: self.remove(highlight))
            added += [edit, remove]
        elif self.reader.textCursor().hasSelection():
            colors = QMenu(self.tr("Highlight"), menu)
            for color in COLORS:
                action = colors.addAction(highlight_colors.name(color))
                action.setIcon(self.bar.color_buttons[color].icon())
                action.triggered.connect(lambda _=False, c=color: self.highlight(c))
            added.append(colors.menuAction())
            note = QAction(self.tr("Add note…"), menu)
            note.triggered.connect(self.note)
            added.append(note)
        else:
            note = QAction(self.tr("Note on the article…"), menu)
            note.triggered.connect(self.note)
            added.append(note)
        menu.insertActions(first, added)
        if first is not None:
            menu.insertSeparator(first)

    def _recolor(self, highlight: Highlight, color: str) -> None:
        self.settings.setValue(COLOR_SETTING, color)
        self.set_color(highlight, color)
