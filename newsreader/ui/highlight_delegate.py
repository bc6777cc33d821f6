"""Draws a highlight as one row: its colour, its quote, its note, and (in the
Highlights view) its article's title and site. Text is painted, no widget per row:
the Highlights view lists tens of thousands of them (benchmarks/highlights_view.py).

Two shapes: ``HighlightDelegate(compact=True)`` for the Highlights view, every row
the same height (quote and note on three lines, the quote taking up to two, the
article on one), which lets the view lay out 10,000 rows without measuring them;
``compact=False`` for the notebook
panel, where each row is as tall as its quote (up to ``PANEL_QUOTE_LINES``) and its
note (up to ``PANEL_NOTE_LINES``) need.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from newsreader.library.anchoring import FUZZY
from newsreader.library.highlights import Highlight, LibraryHighlight
from newsreader.ui import theme
from newsreader.ui.highlight_colors import shade
from newsreader.ui.reader_html import human_date, joined

PADDING = 8
BAR = 4  # the colour bar at the row's left edge, in pixels
COMPACT_QUOTE_LINES = 2
PANEL_QUOTE_LINES = 4
PANEL_NOTE_LINES = 6

# Roles of the models that hold highlights (highlights_model).
HighlightRole = Qt.ItemDataRole.UserRole + 1  # Highlight
LibraryHighlightRole = Qt.ItemDataRole.UserRole + 2  # LibraryHighlight
HeaderRole = Qt.ItemDataRole.UserRole + 3  # str: a section heading row, already translated
LostTextRole = Qt.ItemDataRole.UserRole + 4  # str: what a lost row says, already translated


def text_alignment(text: str) -> Qt.AlignmentFlag:
    """Left for text that starts left to right, right for Arabic, Hebrew…: by its first
    strong character (Unicode's bidirectional classes L, R and AL, as UAX #9's
    paragraph level rule P2 decides)."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if kind == "L":
            break
    return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def wrapped_lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """``text`` (white space runs as one space) broken into lines of at most ``width``
    pixels in ``font``, at most ``max_lines`` of them, the last one elided with "…"
    when text is left over. [] for empty text."""
    text = " ".join(text.split())
    if not text or width <= 0 or max_lines <= 0:
        return []
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    spans: list[tuple[int, int]] = []
    while len(spans) < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    lines = [text[start : start + length].rstrip() for start, length in spans]
    last_start, last_length = spans[-1]
    if last_start + last_length < len(text):
        lines[-1] = QFontMetrics(font).elidedText(
            text[last_start:], Qt.TextElideMode.ElideRight, width
        )
    return lines


class HighlightDelegate(QStyledItemDelegate):
    """Paints rows whose model gives ``HighlightRole`` (and ``LibraryHighlightRole``
    for the article's title and site) or ``HeaderRole`` (a section heading)."""

    def __init__(self, compact: bool, parent=None) -> None:
        super().__init__(parent)
        self.compact = compact

    # --- fonts and sizes ----------------------------------------------------------------
    @staticmethod
    def _fonts(option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        quote = QFont(option.font)
        note = QFont(option.font)
        note.setItalic(True)
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.9)
        return quote, note, small

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        return max(40, option.rect.width() - 2 * PADDING - BAR - PADDING)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        quote_font, note_font, small = self._fonts(option)
        line = QFontMetrics(quote_font).height()
        small_line = QFontMetrics(small).height()
        if index.data(HeaderRole):
            return QSize(200, small_line + 2 * PADDING + PADDING // 2)
        if self.compact:
            height = COMPACT_QUOTE_LINES * line + line + small_line + 3 * 2
            return QSize(200, height + 2 * PADDING)
        highlight: Highlight | None = index.data(HighlightRole)
        if highlight is None:
            return QSize(200, line + 2 * PADDING)
        width = self._panel_width(option)
        lines = len(wrapped_lines(highlight.quote, quote_font, width, PANEL_QUOTE_LINES))
        notes = len(wrapped_lines(highlight.note, note_font, width, PANEL_NOTE_LINES))
        height = max(1, lines) * line + notes * QFontMetrics(note_font).height()
        if notes:
            height += 4
        if not highlight.found:
            height += small_line + 2
        return QSize(200, height + 2 * PADDING)

    def _panel_width(self, option: QStyleOptionViewItem) -> int:
        """The width the panel's rows wrap at: the view's inside less room for its
        scroll bar, shown or not, so that a bar coming or going does not change it
        (and cannot make rows change height back and forth)."""
        view = option.widget
        if view is None:
            return max(40, option.rect.width() - 2 * PADDING - BAR - PADDING)
        bar = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view)
        inside = view.width() - 2 * view.frameWidth() - bar
        return max(40, inside - 2 * PADDING - BAR - PADDING)

    # --- painting -----------------------------------------------------------------------
    def detail(self, index: QModelIndex | QPersistentModelIndex) -> str:
        """The small line under a highlight: whether it is no longer found or was
        placed approximately (the page's words changed there), and in the Highlights
        view its article, site and date."""
        highlight: Highlight | None = index.data(HighlightRole)
        if highlight is None:
            return ""
        state = "" if highlight.found else str(index.data(LostTextRole) or "")
        if highlight.anchoring == FUZZY:
            state = self.tr("placed approximately")
        if not self.compact:
            return state
        item: LibraryHighlight | None = index.data(LibraryHighlightRole)
        if item is None:
            return state
        return joined([state, item.title, item.site or "", human_date(highlight.created_at)])

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        painter.save()
        header = index.data(HeaderRole)
        if style is not None and not header:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Normal
        text_color = option.palette.color(
            group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text_color)
        muted.setAlphaF(0.65)
        quote_font, note_font, small = self._fonts(option)
        rect = option.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        if header:
            bold = QFont(small)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(muted)
            painter.drawText(
                rect.adjusted(0, PADDING // 2, 0, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                header,
            )
            painter.restore()
            return
        highlight: Highlight | None = index.data(HighlightRole)
        if highlight is None:
            painter.restore()
            return
        dark = theme.is_dark(option.palette)
        bar = QRect(rect.left(), rect.top(), BAR, rect.height())
        painter.fillRect(bar, shade(highlight.color, dark).darker(100 if dark else 125))
        left = bar.right() + PADDING
        # The panel's rows are as tall as sizeHint measured them: wrap at its width.
        width = rect.right() - left if self.compact else self._panel_width(option)
        y = rect.top()
        quote_lines = COMPACT_QUOTE_LINES if self.compact else PANEL_QUOTE_LINES
        metrics = QFontMetrics(quote_font)
        lines = wrapped_lines(highlight.quote, quote_font, width, quote_lines)
        painter.setFont(quote_font)
        quote_alignment = text_alignment(highlight.quote)
        for line in lines:
            line_rect = QRect(left, y, width, metrics.height())
            if not selected:
                # The quote on its colour, as the reader draws it (on its side).
                used_width = min(width, metrics.horizontalAdvance(line) + 2)
                used_left = left
                if quote_alignment & Qt.AlignmentFlag.AlignRight:
                    used_left = left + width - used_width
                used = QRect(used_left, y, used_width, metrics.height())
                painter.fillRect(used, shade(highlight.color, dark))
            painter.setPen(text_color)
            painter.drawText(line_rect, quote_alignment, line)
            y += metrics.height()
        note_metrics = QFontMetrics(note_font)
        # In the Highlights view a one-line quote leaves its second line to the note.
        room = 1 + COMPACT_QUOTE_LINES - max(1, len(lines)) if self.compact else PANEL_NOTE_LINES
        note_lines = wrapped_lines(highlight.note, note_font, width, room)
        if note_lines or self.compact:
            y += 3 if self.compact else 4
        painter.setFont(note_font)
        painter.setPen(text_color)
        note_alignment = text_alignment(highlight.note)
        for line in note_lines:
            painter.drawText(QRect(left, y, width, note_metrics.height()), note_alignment, line)
            y += note_metrics.height()
        # The article follows what there is (quote, note); rows keep one height, and
        # any room left is at the bottom, not a gap in the middle.
        painter.setFont(small)
        painter.setPen(muted)
        small_h = QFontMetrics(small).height()
        detail = self.detail(index)
        if detail:
            painter.drawText(
                QRect(left, y + 2, width, small_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                QFontMetrics(small).elidedText(detail, Qt.TextElideMode.ElideRight, width),
            )
        painter.restore()
