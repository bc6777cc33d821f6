"""The reader pane: one article in a calm, centred column.

A QTextBrowser runs no scripts and has no network access; ``loadResource`` is
narrowed further so that only image files inside the library are ever read.
Links are never followed inside the pane: they are handed to the window, which
opens them in the system browser.
"""

from __future__ import annotations

import logging
from html import escape

from PySide6.QtCore import (
    QCoreApplication,
    QLocale,
    QPoint,
    QRegularExpression,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QImageReader,
    QPalette,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
)
from PySide6.QtWidgets import QLabel, QTextBrowser, QTextEdit, QWidget

from newsreader.library.models import Article
from newsreader.paths import LibraryPaths
from newsreader.ui import theme
from newsreader.ui.reader_html import Layout, article_html

log = logging.getLogger(__name__)

COLUMN_CHARS = 68  # a comfortable measure: 65 to 75 characters a line
COLUMN_CHARS_RANGE = (40, 120)
MIN_MARGIN = 24
LINE_HEIGHT = 155  # percent of the font's line spacing
LINE_HEIGHT_RANGE = (100, 250)
HEADING_LINE_HEIGHT = 115
CODE_LINE_HEIGHT = 115  # a code block's lines read as one block, like a heading's
PROPORTIONAL_HEIGHT = 1  # QTextBlockFormat.LineHeightTypes.ProportionalHeight
DEFAULT_POINT_SIZE = 13.0
MIN_POINT_SIZE, MAX_POINT_SIZE = 8.0, 32.0
PROGRESS_DELAY_MS = 700
SERIF = ["Charter", "Georgia", "Noto Serif", "DejaVu Serif", "Liberation Serif", "serif"]
SANS = ["Inter", "Noto Sans", "DejaVu Sans", "Liberation Sans", "Helvetica", "sans-serif"]


HIGHLIGHT = "#ffe58a"
FINISHED_FRACTION = 0.98  # the last screen: what follows the text is the source line
FIND_HIGHLIGHT = "#ffb454"


def finished(fraction: float) -> bool:
    """Whether a reading position (0 to 1) counts as finished: from FINISHED_FRACTION
    on. The one rule for the reader's "✓ Finished" and the list's tick."""
    return fraction >= FINISHED_FRACTION


def percent_text(fraction: float, locale: QLocale) -> str:
    """A reading position (0 to 1) as "43 %", in ``locale``'s digits."""
    return QCoreApplication.translate("ReaderView", "{} %").format(
        locale.toString(round(fraction * 100))
    )


class ReaderView(QTextBrowser):
    """Shows one article. Emits ``linkActivated`` for every link the reader clicks and
    ``progressChanged`` (article id, fraction) as they scroll.

    Only the reader's own scrolling (wheel, keys, the scrollbar: what the scrollbar
    reports as ``actionTriggered``) reports progress. The stored position is put back
    on every layout change until the reader scrolls, so the pane's final size wins,
    and the position the restore produces is never reported (issue 13: nothing the
    reader did may be overwritten by the app restoring itself)."""

    linkActivated = Signal(QUrl)
    progressChanged = Signal(int, float)
    # The article's document was made again (new article, zoom, theme, typography):
    # positions in the old one mean nothing now (ui/reader_highlights.py redraws).
    rendered = Signal()

    def __init__(self, library_paths: LibraryPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = library_paths
        self.setObjectName("reader")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.anchorClicked.connect(self.linkActivated)
        self.article: Article | None = None
        themes = theme.manager()
        self.colors: theme.Theme = themes.effective
        themes.changed.connect(self._theme_changed)
        self.serif = True
        self.font_family = ""  # "" for the built-in SERIF or SANS families
        self.point_size = DEFAULT_POINT_SIZE
        self.column_chars = COLUMN_CHARS
        self.line_height = LINE_HEIGHT
        self._column_px = 0
        self._restore_fraction: float | None = None
        self._search_pattern: str | None = None
        self._find_text = ""
        # The reader's own highlights (ui/reader_highlights.py), drawn under the marks
        # of a search and of find-in-article.
        self.highlight_selections: list[QTextEdit.ExtraSelection] = []
        self._progress_timer = QTimer(self, singleShot=True, interval=PROGRESS_DELAY_MS)
        self._progress_timer.timeout.connect(self._report_progress)
        self._relayout_timer = QTimer(self, singleShot=True, interval=80)
        self._relayout_timer.timeout.connect(self._relayout)
        self.verticalScrollBar().actionTriggered.connect(self._scrolled)
        self.verticalScrollBar().rangeChanged.connect(self._range_changed)
        # How far into the article the reader is, in the pane's lower right corner.
        self.position_label = QLabel(self)
        self.position_label.setObjectName("readingPosition")
        self.position_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.verticalScrollBar().valueChanged.connect(self._show_position)
        self.verticalScrollBar().rangeChanged.connect(self._show_position)
        self.show_placeholder(self.tr("Select an article, or paste a link above to save one."))

    # --- what is shown --------------------------------------------------------------------
    def show_placeholder(self, text: str) -> None:
        """Show ``text`` instead of an article; a blank line starts a new paragraph."""
        self.article = None
        self._show_position()
        self._search_pattern = None
        self.highlight_selections = []
        self._apply_style()
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()] or [""]
        body = "".join(
            f'<p align="center" class="placeholder">{escape(p).replace(chr(10), "<br>")}</p>'
            for p in paragraphs
        )
        self.setHtml(f"<p><br></p>{body}")
        self._update_margins()
        self.rendered.emit()  # no article: its highlights go too

    def show_article(self, article: Article, search_pattern: str | None = None) -> None:
        """Show ``article``: at the first search match if a search is on (its pattern
        from Library.highlight_pattern), else where the reader left it."""
        self._progress_timer.stop()
        self.article = article
        self._search_pattern = search_pattern
        self._find_text = ""
        self._render()
        if search_pattern and self._scroll_to_first_match():
            self._restore_fraction = None
        else:
            self._restore_fraction = article.progress if article.progress > 0 else None
            self.verticalScrollBar().setValue(0)
            self._range_changed(0, self.verticalScrollBar().maximum())
            if self._restore_fraction is not None:
                # Layout may settle later (the window not shown yet, a resize): the
                # position is put back then too, until the reader scrolls.
                QTimer.singleShot(0, self._reapply_restore)
        self._show_position()

    def set_search_pattern(self, pattern: str | None, jump: bool = False) -> None:
        """Highlight what another search found in the article already shown."""
        if pattern == self._search_pattern and not jump:
            return
        self._search_pattern = pattern
        self._update_highlights()
        if jump:
            self._scroll_to_first_match()

    def _render(self) -> None:
        if self.article is None:
            return
        self._apply_style()
        self._column_px = self._column_width()
        html = article_html(self.article, Layout(self._column_px), self._image_size)
        self.setHtml(html)
        self._set_line_heights()
        self._update_margins()
        self.highlight_selections = []
        self.rendered.emit()  # the handler sets highlight_selections for this document
        self._update_highlights()

    def _set_line_heights(self) -> None:
        # Body text gets generous leading; headings stay tight so they read as one unit.
        # Done on the blocks because Qt's HTML import has no line-height.
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        block = self.document().begin()
        while block.isValid():
            fmt = QTextBlockFormat()
            if "\ufffc" in block.text():  # an image: proportional leading would pad it
                height = 100
            elif block.blockFormat().headingLevel():
                height = HEADING_LINE_HEIGHT
            elif block.blockFormat().nonBreakableLines():  # <pre>: one block a line
                height = CODE_LINE_HEIGHT
            else:
                height = self.line_height
            fmt.setLineHeight(height, PROPORTIONAL_HEIGHT)
            cursor.setPosition(block.position())
            cursor.mergeBlockFormat(fmt)
            block = block.next()
        cursor.endEditBlock()

    # --- typography -----------------------------------------------------------------------
    def reader_font(self) -> QFont:
        font = QFont()
        fallback = SERIF if self.serif else SANS
        font.setFamilies([self.font_family, *fallback] if self.font_family else fallback)
        font.setStyleHint(QFont.StyleHint.Serif if self.serif else QFont.StyleHint.SansSerif)
        font.setPointSizeF(self.point_size)
        return font

    def _column_width(self) -> int:
        wanted = QFontMetricsF(self.reader_font()).averageCharWidth() * self.column_chars
        room = self.viewport().width() - 2 * MIN_MARGIN
        return max(120, int(min(wanted, room)))

    def _apply_style(self) -> None:
        colors = self.colors
        # Only the reader's own roles: the rest (scrollbar, selection) follow the window.
        palette = QPalette()
        palette.setColor(QPalette.ColorRole.Base, QColor(colors.reader_background))
        palette.setColor(QPalette.ColorRole.Text, QColor(colors.reader_text))
        palette.setColor(QPalette.ColorRole.Link, QColor(colors.link))
        self.setPalette(palette)
        link = colors.link
        font = self.reader_font()
        self.document().setDefaultFont(font)
        self.document().setDefaultStyleSheet(
            f"a {{ color: {link}; text-decoration: none; }}"
            f"h1.title {{ font-size: {font.pointSizeF() * 1.75:.1f}pt; margin-bottom: 4px; }}"
            f"h2, h3 {{ margin-top: 18px; }}"
            f"p {{ margin-top: 0px; margin-bottom: 12px; }}"
            f"p.byline, p.source {{ color: {colors.muted}; margin-bottom: 2px;"
            f" font-size: {font.pointSizeF() * 0.85:.1f}pt; }}"
            f"p.caption {{ color: {colors.muted}; font-size: {font.pointSizeF() * 0.8:.1f}pt;"
            f" margin-top: 4px; margin-bottom: 18px; }}"
            f"div.figure {{ margin-top: 12px; margin-bottom: 12px; }}"
            f"span.missing {{ color: {colors.muted}; font-style: italic; }}"
            f"p.notice {{ color: {colors.muted}; font-style: italic; margin-top: 6px;"
            f" font-size: {font.pointSizeF() * 0.85:.1f}pt; }}"
            f"p.placeholder {{ color: {colors.muted}; }}"
            f"blockquote {{ margin-left: 24px; font-style: italic; }}"
        )

    @property
    def theme_name(self) -> str:
        """The chosen theme's identifier (theme.THEME_NAMES), "system" included."""
        return theme.manager().chosen

    def set_theme(self, name: str) -> None:
        """Use theme ``name`` (theme.THEME_NAMES) for the whole application; the reader
        follows through ``_theme_changed``."""
        theme.manager().apply(name)

    def _theme_changed(self, colors: theme.Theme) -> None:
        self.colors = colors
        self._rerender_in_place()

    def set_typography(
        self, family: str, point_size: float, column_chars: int, line_height: int
    ) -> None:
        """Font ``family`` ("" for the built-in serif or sans list), size in points
        (MIN_POINT_SIZE..MAX_POINT_SIZE), characters a line (COLUMN_CHARS_RANGE) and line
        height in percent of the font's line spacing (LINE_HEIGHT_RANGE); out-of-range
        values are clamped."""
        self.font_family = family
        self.point_size = round(min(MAX_POINT_SIZE, max(MIN_POINT_SIZE, point_size)), 1)
        self.column_chars = min(COLUMN_CHARS_RANGE[1], max(COLUMN_CHARS_RANGE[0], column_chars))
        self.line_height = min(LINE_HEIGHT_RANGE[1], max(LINE_HEIGHT_RANGE[0], line_height))
        self._rerender_in_place()

    def set_serif(self, serif: bool) -> None:
        self.serif = serif
        self._rerender_in_place()

    def zoom(self, steps: int) -> None:
        """Change the font size; 0 resets it."""
        size = DEFAULT_POINT_SIZE if steps == 0 else self.point_size * 1.1**steps
        self.point_size = round(min(MAX_POINT_SIZE, max(MIN_POINT_SIZE, size)), 1)
        self._rerender_in_place()

    def rerender(self) -> None:
        """Make the document again where the reader is: what it shows changed, its
        text did not (a highlight removed or recoloured). The character at the top of
        the pane stays there and the text cursor (find's place) where it was; a
        fraction would move a long article's pane by whole paragraphs."""
        if self.article is None:
            return
        bar = self.verticalScrollBar()
        top = self.cursorForPosition(QPoint(self.viewport().width() // 2, 0)).position()
        probe = QTextCursor(self.document())
        probe.setPosition(top)
        offset = self.cursorRect(probe).top()
        anchor, position = self.textCursor().anchor(), self.textCursor().position()
        self._restore_fraction = None  # the place is kept by the character, below
        self._render()
        last = self.document().characterCount() - 1
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(anchor, last))
        cursor.setPosition(min(position, last), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        probe = QTextCursor(self.document())
        probe.setPosition(min(top, last))
        bar.setValue(bar.value() + self.cursorRect(probe).top() - offset)

    def _rerender_in_place(self) -> None:
        if self.article is None:
            self._apply_style()
            return
        # A position still waiting to be put back is the reader's, not the current one.
        fraction = self._restore_fraction if self._restore_fraction is not None else self.fraction()
        self._render()
        self._restore_fraction = fraction
        self._range_changed(0, self.verticalScrollBar().maximum())

    # --- layout ---------------------------------------------------------------------------
    def _update_margins(self) -> None:
        side = max(MIN_MARGIN, (self.viewport().width() - self._column_width()) // 2)
        frame = self.document().rootFrame()
        fmt: QTextFrameFormat = frame.frameFormat()
        if fmt.leftMargin() == side and fmt.topMargin() == MIN_MARGIN * 1.5:
            return
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(MIN_MARGIN * 1.5)
        fmt.setBottomMargin(MIN_MARGIN * 3)
        frame.setFrameFormat(fmt)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_position()
        self._update_margins()
        if self.article is not None and self._column_width() != self._column_px:
            # The column changes only when the pane is narrower than it; images are
            # sized for the column, so lay out again once the resizing settles.
            self._relayout_timer.start()

    def _relayout(self) -> None:
        if self.article is not None and self._column_width() != self._column_px:
            self._rerender_in_place()

    # --- images: only files inside the library --------------------------------------------
    def _image_size(self, name: str) -> tuple[int, int] | None:
        try:
            path = self.paths.resolve(name)
        except ValueError:
            return None
        size = QImageReader(str(path)).size()
        return (size.width(), size.height()) if size.isValid() else None

    def loadResource(self, kind: int, url: QUrl | str):
        if kind != QTextDocument.ResourceType.ImageResource.value:
            return None
        name = url.toString() if isinstance(url, QUrl) else str(url)
        try:
            path = self.paths.resolve(name)
        except ValueError:
            log.debug("reader refused a resource outside the library: %s", name)
            return None
        image = QImage(str(path))
        if image.isNull():
            return None
        wanted = self._wanted_size(name, image)
        if wanted is not None:
            ratio = self.devicePixelRatioF()
            image = image.scaled(
                wanted * ratio,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            image.setDevicePixelRatio(ratio)
        return image

    def _wanted_size(self, name: str, image: QImage) -> QSize | None:
        if image.width() <= self._column_px:
            return None
        return QSize(self._column_px, max(1, image.height() * self._column_px // image.width()))

    # --- highlights: search matches and find-in-article ----------------------------------
    def _selections(self, pattern: QRegularExpression, color: str) -> list:
        selections = []
        doc = self.document()
        cursor = doc.find(pattern, 0)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(color))
        fmt.setForeground(QColor("#000000"))
        while not cursor.isNull() and len(selections) < 2000:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
            cursor = doc.find(pattern, cursor)
        return selections

    def _search_regex(self) -> QRegularExpression | None:
        if not self._search_pattern:
            return None
        return QRegularExpression(
            self._search_pattern,
            QRegularExpression.PatternOption.CaseInsensitiveOption
            | QRegularExpression.PatternOption.UseUnicodePropertiesOption,
        )

    def _find_pattern(self) -> QRegularExpression | None:
        if not self._find_text:
            return None
        return QRegularExpression(
            QRegularExpression.escape(self._find_text),
            QRegularExpression.PatternOption.CaseInsensitiveOption,
        )

    def set_highlight_selections(self, selections: list[QTextEdit.ExtraSelection]) -> None:
        """Draw ``selections`` (the reader's highlights, cursors in this document) under
        the search and find marks; from ``rendered`` on, they are drawn by ``_render``."""
        self.highlight_selections = selections
        self._update_highlights()

    def _update_highlights(self) -> None:
        selections = list(self.highlight_selections)
        search = self._search_regex()
        if search is not None:
            selections += self._selections(search, HIGHLIGHT)
        find = self._find_pattern()
        if find is not None:
            selections += self._selections(find, FIND_HIGHLIGHT)
        self.setExtraSelections(selections)

    def search_match_count(self) -> int:
        pattern = self._search_regex()
        return len(self._selections(pattern, HIGHLIGHT)) if pattern is not None else 0

    def _scroll_to_first_match(self) -> bool:
        pattern = self._search_regex()
        if pattern is None:
            return False
        # The first match in the body, not the one in the title at the top.
        body_start = self._body_start()
        cursor = self.document().find(pattern, body_start)
        if cursor.isNull():
            cursor = self.document().find(pattern, 0)
        if cursor.isNull():
            return False
        self.verticalScrollBar().setValue(0)
        end = QTextCursor(cursor)
        end.clearSelection()
        self.setTextCursor(end)
        self._restore_fraction = None  # the reader asked to go there
        self.ensureCursorVisible()
        return True

    def scroll_to_passage(self, start: int, end: int) -> None:
        """Put Qt positions ``start``..``end`` in view, a third down the pane, with the
        text cursor at ``start``: the reader asked to go there (no position restore
        overrides it)."""
        self._restore_fraction = None
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        self.setTextCursor(cursor)
        top = self.cursorRect(cursor).top() + self.verticalScrollBar().value()
        cursor.setPosition(end)
        bottom = self.cursorRect(cursor).bottom() + self.verticalScrollBar().value()
        height = self.viewport().height()
        wanted = top - height // 3 if bottom - top < height * 2 // 3 else top - MIN_MARGIN
        self.verticalScrollBar().setValue(max(0, wanted))

    def _body_start(self) -> int:
        # The header ends with a horizontal rule (see reader_html).
        block = self.document().begin()
        while block.isValid():
            if block.blockFormat().hasProperty(
                QTextBlockFormat.Property.BlockTrailingHorizontalRulerWidth
            ):
                return block.next().position() if block.next().isValid() else 0
            block = block.next()
        return 0

    def find_in_article(self, text: str, backward: bool = False, restart: bool = False) -> int:
        """Highlight every occurrence of ``text`` and move to the next (or previous) one.
        Returns how many there are."""
        self._find_text = text
        self._update_highlights()
        pattern = self._find_pattern()
        if pattern is None:
            return 0
        count = len(self._selections(pattern, FIND_HIGHLIGHT))
        if not count:
            return 0
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        cursor = self.textCursor()
        if restart:
            cursor.setPosition(min(cursor.selectionStart(), cursor.selectionEnd()))
        found = self.document().find(pattern, cursor, flags)
        if found.isNull():  # wrap around
            start = QTextCursor(self.document())
            if backward:
                start.movePosition(QTextCursor.MoveOperation.End)
            found = self.document().find(pattern, start, flags)
        if not found.isNull():
            self.setTextCursor(found)
            self._restore_fraction = None  # the reader asked to go there
        self.ensureCursorVisible()
        return count

    def end_find(self) -> None:
        self._find_text = ""
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)
        self._update_highlights()

    # --- reading position -----------------------------------------------------------------
    def fraction(self) -> float:
        bar = self.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    def _range_changed(self, _minimum: int, maximum: int) -> None:
        # The restore stays armed until the reader scrolls: a later layout (the pane's
        # final size) puts the position back again instead of leaving it clamped.
        if self._restore_fraction is not None and maximum > 0:
            self.verticalScrollBar().setValue(round(self._restore_fraction * maximum))

    def _reapply_restore(self) -> None:
        self._range_changed(0, self.verticalScrollBar().maximum())

    def position_text(self) -> str:
        """What the position label says: "" with no article or nothing to scroll,
        "43 %" (in the locale's form), or "Finished" from FINISHED_FRACTION on."""
        bar = self.verticalScrollBar()
        if self.article is None or bar.maximum() <= 0:
            return ""
        fraction = self.fraction()
        if finished(fraction):
            return self.tr("✓ Finished")
        return percent_text(fraction, self.locale())

    def _show_position(self, *_args: int) -> None:
        label = self.position_label
        label.setText(self.position_text())
        label.setVisible(bool(label.text()))
        label.adjustSize()
        area = self.viewport().geometry()
        label.move(area.right() - label.width() - 8, area.bottom() - label.height() - 4)

    def _scrolled(self, _action: int) -> None:
        # Emitted only for the reader's own scrolling, before the bar moves.
        self._restore_fraction = None
        if self.article is not None:
            self._progress_timer.start()

    def _report_progress(self) -> None:
        if self.article is not None:
            self.progressChanged.emit(self.article.id, self.fraction())

    def flush_progress(self) -> None:
        """Report the position now if a report is waiting (before switching article)."""
        if self._progress_timer.isActive():
            self._progress_timer.stop()
            self._report_progress()
