"""The small toolbar that floats over a selection in the reader: the four highlight
colours and a note button.

It is a child of the reader (not a window of its own), never takes the focus (the
selection and the reader's keys stay as they were), and is placed above the
selection, or below it when there is no room above. ReaderHighlights decides when it
shows and hides (after a mouse selection; gone when the selection is, on scroll, on
Escape).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QToolButton, QWidget

from newsreader.library.highlights import COLORS
from newsreader.ui import highlight_colors

SWATCH = 18  # px, a colour button's swatch
GAP = 6  # px between the selection and the bar


def swatch_icon(color: str, dark: bool) -> QIcon:
    """A round swatch of highlight ``color`` as it is drawn on a light or dark page."""
    ratio = 2
    pixmap = QPixmap(SWATCH * ratio, SWATCH * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fill = highlight_colors.shade(color, dark)
    painter.setBrush(fill)
    painter.setPen(QPen(fill.darker(150) if not dark else fill.lighter(170), 1))
    painter.drawEllipse(1, 1, SWATCH - 2, SWATCH - 2)
    painter.end()
    return QIcon(pixmap)


class SelectionBar(QFrame):
    """``colorChosen(color)`` (an identifier of library.highlights.COLORS) or
    ``noteRequested()`` when a button is clicked."""

    colorChosen = Signal(str)
    noteRequested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("selectionBar")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 3, 4, 3)
        layout.setSpacing(2)
        self.color_buttons: dict[str, QToolButton] = {}
        for color in COLORS:
            button = QToolButton(self)
            button.setObjectName(f"highlight_{color}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoRaise(True)
            button.setIconSize(QSize(SWATCH, SWATCH))
            button.setToolTip(self.tr("Highlight: {}").format(highlight_colors.name(color)))
            button.clicked.connect(lambda _=False, c=color: self.colorChosen.emit(c))
            layout.addWidget(button)
            self.color_buttons[color] = button
        self.note_button = QToolButton(self)
        self.note_button.setObjectName("highlightNote")
        self.note_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.note_button.setAutoRaise(True)
        self.note_button.setText(self.tr("Note…"))
        self.note_button.setToolTip(self.tr("Highlight and add a note (N)"))
        self.note_button.clicked.connect(self.noteRequested)
        layout.addWidget(self.note_button)
        self.set_dark(False)
        self.hide()

    def set_dark(self, dark: bool) -> None:
        """Draw the swatches as the highlights look on a dark (or a light) page."""
        for color, button in self.color_buttons.items():
            button.setIcon(swatch_icon(color, dark))

    def show_over(self, selection: QRect) -> None:
        """Show the bar centred over ``selection`` (the selection's bounding rectangle
        in the parent's coordinates), below it when there is no room above; always
        inside the parent."""
        self.adjustSize()
        parent = self.parentWidget().rect()
        x = selection.center().x() - self.width() // 2
        y = selection.top() - self.height() - GAP
        if y < parent.top() + 2:
            y = selection.bottom() + GAP
        x = max(parent.left() + 2, min(x, parent.right() - self.width() - 2))
        y = max(parent.top() + 2, min(y, parent.bottom() - self.height() - 2))
        self.move(QPoint(x, y))
        self.show()
        self.raise_()
