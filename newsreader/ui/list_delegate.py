"""Draws one row of the library list: title, details line, and the search snippet.

Every row has the same height (the view uses uniform sizes, which is what keeps
100,000 rows cheap), so the snippet line is there only while searching.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
)

from newsreader.library.models import ArticleSummary
from newsreader.library.search import (
    IN_ALT,
    IN_CAPTION,
    IN_HIGHLIGHT,
    IN_NOTE,
    IN_TAG,
    MATCH_END,
    MATCH_START,
    matched_in,
)
from newsreader.saver import SaveState
from newsreader.ui.failure_reasons import failure_reason
from newsreader.ui.list_model import ArticleRole, PendingRole, SnippetRole
from newsreader.ui.pending_rows import PendingSave
from newsreader.ui.reader import HIGHLIGHT, finished, percent_text
from newsreader.ui.reader_html import human_date, joined

PADDING = 8
FAVORITE_MARK = "★"
UNREAD_MARK = "●"
FINISHED_MARK = "✓"
# Shown through QCoreApplication.translate("ArticleDelegate", …).
STATE_TEXT = {
    SaveState.QUEUED: QT_TRANSLATE_NOOP("ArticleDelegate", "Queued"),
    SaveState.FETCHING: QT_TRANSLATE_NOOP("ArticleDelegate", "Fetching…"),
    SaveState.EXTRACTING: QT_TRANSLATE_NOOP("ArticleDelegate", "Extracting text…"),
    SaveState.IMAGES: QT_TRANSLATE_NOOP("ArticleDelegate", "Downloading images…"),
    SaveState.STORING: QT_TRANSLATE_NOOP("ArticleDelegate", "Storing…"),
    SaveState.SAVED: QT_TRANSLATE_NOOP("ArticleDelegate", "Saved"),
}


class RowTexts(QObject):
    """Texts of a row made outside the delegate. A class, so that tr() has one context
    ("RowTexts") for lupdate and at run time, and %n plurals are extracted as such."""

    def minutes(self, minutes: int) -> str:
        return self.tr("%n min", "", minutes)


@cache
def _texts() -> RowTexts:
    return RowTexts()


def details_line(summary: ArticleSummary) -> str:
    """Site · date · minutes · #tags · notes, in the interface's language and locale."""
    translate = QCoreApplication.translate
    minutes = summary.reading_minutes
    parts = [
        summary.site or "",
        human_date(summary.published or summary.saved_at),
        _texts().minutes(minutes) if minutes else "",
        " ".join(f"#{tag}" for tag in summary.tags),
        translate("ArticleDelegate", "paywall?") if summary.paywall else "",
        translate("ArticleDelegate", "partial") if summary.partial else "",
        link_only_mark(summary),
    ]
    return joined(parts)


def link_only_mark(summary: ArticleSummary) -> str:
    """ "not fetched yet" or "link only" for an article saved without its page (an
    import's entry waiting for its fetch, or one whose page could not be fetched)."""
    translate = QCoreApplication.translate
    if summary.fetch_state == "queued":
        return translate("ArticleDelegate", "not fetched yet")
    if summary.fetch_state == "failed":
        return translate("ArticleDelegate", "link only")
    return ""


def progress_mark(summary: ArticleSummary, locale: QLocale) -> str:
    """How far in the reader is, as the row shows it at the right of its details line:
    "" before any reading, "43 %" (``locale``'s digits), "✓" once finished (the
    reader's rule, ``reader.finished``)."""
    if summary.progress <= 0:
        return ""
    return FINISHED_MARK if finished(summary.progress) else percent_text(summary.progress, locale)


def pending_line(pending: PendingSave) -> str:
    """A pending row's second line: its state, or for a failed save what helps and
    why it failed (``failure_reason``), in the interface's language."""
    translate = QCoreApplication.translate
    if pending.cancelling:
        return translate("ArticleDelegate", "Cancelling…")
    if pending.failed and not pending.retryable:
        return translate("ArticleDelegate", "Failed (F2 to edit the address): {0}").format(
            failure_reason(pending.kind, pending.detail)
        )
    if pending.failed:
        return translate("ArticleDelegate", "Failed (R to retry): {0}").format(
            failure_reason(pending.kind, pending.detail)
        )
    if pending.state in STATE_TEXT:
        return translate("ArticleDelegate", STATE_TEXT[pending.state])
    return pending.state.value


def cancel_button_rect(row: QRect, text: str, metrics: QFontMetrics) -> QRect:
    """Where a pending row's Cancel button is drawn (and clicked), in ``row``'s
    coordinates: at the right end of its first line, as wide as ``text`` needs."""
    width = metrics.horizontalAdvance(text) + 4 * PADDING
    height = metrics.height() + PADDING
    return QRect(row.right() - PADDING - width, row.top() + PADDING // 2, width, height)


def split_marked(marked: str) -> list[tuple[str, bool]]:
    """Snippet text as (text, is_match) runs."""
    runs: list[tuple[str, bool]] = []
    rest = " ".join(marked.split())
    while rest:
        start = rest.find(MATCH_START)
        if start < 0:
            runs.append((rest, False))
            break
        if start:
            runs.append((rest[:start], False))
        end = rest.find(MATCH_END, start)
        end = len(rest) if end < 0 else end
        runs.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    return [(text, match) for text, match in runs if text]


class ArticleDelegate(QStyledItemDelegate):
    """Draws the rows; a pending save that can still be stopped gets a Cancel button,
    whose click is reported as ``cancelRequested(url)`` (the save's key)."""

    cancelRequested = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.show_snippets = False

    def source_text(self, source: str) -> str:
        """What a search snippet found outside the article's text starts with
        (search.matched_in): the reader's note or highlight, an image's caption or alt
        text, a tag; '' for the text."""
        if source == IN_NOTE:
            return self.tr("In your note:")
        if source == IN_HIGHLIGHT:
            return self.tr("In your highlight:")
        if source == IN_CAPTION:
            return self.tr("In a caption:")
        if source == IN_ALT:
            return self.tr("In an image's alt text:")
        if source == IN_TAG:
            return self.tr("In a tag:")
        return ""

    def cancel_text(self) -> str:
        return self.tr("Cancel")

    def cancel_rect(self, option: QStyleOptionViewItem) -> QRect:
        """The Cancel button of the pending row drawn in ``option.rect``."""
        _, small, _ = self._fonts(option)
        return cancel_button_rect(option.rect, self.cancel_text(), QFontMetrics(small))

    def editorEvent(self, event, model, option, index) -> bool:
        # A click on a row's Cancel button stops that save, and does not select the row.
        kinds = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease)
        if event.type() in kinds and isinstance(event, QMouseEvent):
            pending: PendingSave | None = index.data(PendingRole)
            on_button = self.cancel_rect(option).contains(event.position().toPoint())
            if pending is not None and pending.cancellable and on_button:
                if (
                    event.type() == QEvent.Type.MouseButtonRelease
                    and event.button() == Qt.MouseButton.LeftButton
                ):
                    self.cancelRequested.emit(pending.url)
                return True
        return super().editorEvent(event, model, option, index)

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        title = QFont(option.font)
        title.setPointSizeF(option.font.pointSizeF() * 1.05)
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.9)
        return title, small, QFont(small)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        title, small, _ = self._fonts(option)
        lines = QFontMetrics(title).height() + QFontMetrics(small).height() + 4
        if self.show_snippets:
            lines += QFontMetrics(small).height() + 2
        return QSize(200, lines + 2 * PADDING)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        painter.save()
        option.text = ""
        if style is not None:
            # Selection and hover backgrounds as the platform draws them.
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Normal
        text_color = option.palette.color(
            group,
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text,
        )
        muted = QColor(text_color)
        muted.setAlphaF(0.65)
        title_font, small_font, _ = self._fonts(option)
        rect = option.rect.adjusted(PADDING + 10, PADDING, -PADDING, -PADDING)
        pending: PendingSave | None = index.data(PendingRole)
        summary: ArticleSummary | None = index.data(ArticleRole)
        title_h = QFontMetrics(title_font).height()
        small_h = QFontMetrics(small_font).height()
        title_rect = QRect(rect.left(), rect.top(), rect.width(), title_h)
        detail_rect = QRect(rect.left(), title_rect.bottom() + 4, rect.width(), small_h)
        if pending is not None:
            if pending.cancellable:
                button = self._cancel_button(painter, option, small_font)
                title_rect.setRight(button.left() - PADDING)
            painter.setFont(title_font)
            painter.setPen(text_color)
            self._text(painter, title_rect, pending.address)
            painter.setFont(small_font)
            if pending.failed:
                painter.setPen(text_color if selected else QColor("#c0392b"))
            else:
                painter.setPen(muted)
            self._text(painter, detail_rect, pending_line(pending))
        elif summary is not None:
            unread = summary.read_at is None
            title_font.setBold(unread)
            marks = (FAVORITE_MARK + " ") if summary.favorite else ""
            if unread:
                painter.setPen(
                    option.palette.color(group, QPalette.ColorRole.Highlight)
                    if not selected
                    else text_color
                )
                painter.setFont(small_font)
                painter.drawText(
                    QRect(option.rect.left() + 4, title_rect.top(), 12, title_h),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                    UNREAD_MARK,
                )
            painter.setFont(title_font)
            painter.setPen(text_color)
            self._text(painter, title_rect, marks + summary.title)
            painter.setFont(small_font)
            painter.setPen(muted)
            mark_rect = self.progress_rect(detail_rect, summary, small_font, option)
            if mark_rect.isValid():
                painter.drawText(
                    mark_rect,
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                    progress_mark(summary, option.locale),
                )
                detail_rect.setRight(mark_rect.left() - PADDING)
            self._text(painter, detail_rect, details_line(summary))
            if self.show_snippets:
                snippet_rect = QRect(rect.left(), detail_rect.bottom() + 2, rect.width(), small_h)
                source, marked = matched_in(index.data(SnippetRole) or "")
                lead = self.source_text(source)
                if lead:
                    # A match in the reader's own words says so first, in italics.
                    italic = QFont(small_font)
                    italic.setItalic(True)
                    painter.setFont(italic)
                    painter.setPen(text_color)
                    lead += " "
                    width = QFontMetrics(italic).horizontalAdvance(lead)
                    painter.drawText(
                        snippet_rect,
                        Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                        lead,
                    )
                    snippet_rect.setLeft(snippet_rect.left() + width)
                self._snippet(
                    painter,
                    snippet_rect,
                    marked,
                    small_font,
                    text_color,
                    option,
                    selected,
                )
        painter.restore()

    @staticmethod
    def progress_rect(
        detail: QRect, summary: ArticleSummary, font: QFont, option: QStyleOptionViewItem
    ) -> QRect:
        """Where the progress mark is drawn: the right end of the details line
        ``detail``, as wide as the mark; an invalid rect when there is none."""
        mark = progress_mark(summary, option.locale)
        if not mark:
            return QRect()
        width = QFontMetrics(font).horizontalAdvance(mark) + 2
        return QRect(detail.right() - width + 1, detail.top(), width, detail.height())

    def _cancel_button(self, painter: QPainter, option: QStyleOptionViewItem, font: QFont) -> QRect:
        rect = self.cancel_rect(option)
        button = QStyleOptionButton()
        button.rect = rect
        button.text = self.cancel_text()
        button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
        button.fontMetrics = QFontMetrics(font)
        button.palette = option.palette
        painter.save()
        painter.setFont(font)
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, option.widget)
        painter.restore()
        return rect

    @staticmethod
    def _text(painter: QPainter, rect: QRect, text: str) -> None:
        metrics = painter.fontMetrics()
        painter.drawText(
            rect,
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(" ".join(text.split()), Qt.TextElideMode.ElideRight, rect.width()),
        )

    @staticmethod
    def _snippet(
        painter: QPainter,
        rect: QRect,
        marked: str,
        font: QFont,
        color: QColor,
        option: QStyleOptionViewItem,
        selected: bool,
    ) -> None:
        bold = QFont(font)
        bold.setBold(True)
        highlight = QColor(HIGHLIGHT) if not selected else QColor(0, 0, 0, 0)
        runs = split_marked(marked)
        if runs and not runs[0][1]:
            # Keep the first match in view: shorten the text before it from the left.
            room = rect.width() * 0.3
            lead = runs[0][0]
            metrics = QFontMetrics(font)
            if metrics.horizontalAdvance(lead) > room:
                lead = metrics.elidedText(lead, Qt.TextElideMode.ElideLeft, int(room))
                runs[0] = (lead, False)
        x = rect.left()
        for text, match in runs:
            metrics = QFontMetrics(bold if match else font)
            room = rect.right() - x
            if room <= 0:
                break
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
            width = metrics.horizontalAdvance(shown)
            if match:
                painter.fillRect(QRect(x, rect.top(), width, rect.height()), highlight)
                painter.setPen(QColor("#000000") if not selected else color)
                painter.setFont(bold)
            else:
                painter.setPen(color)
                painter.setFont(font)
            painter.drawText(
                QRect(x, rect.top(), width + 1, rect.height()),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                shown,
            )
            x += width
            if shown != text:
                break
