"""The list shows how far each article was read (issue 13, item 4): "43 %" at the
right of the details line, a tick once finished by the reader's own rule, nothing
before any reading. Checked on the real delegate's painting in a real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, QRect
from PySide6.QtGui import QImage

from newsreader.ui.list_delegate import PADDING, progress_mark
from newsreader.ui.list_model import ArticleRole
from newsreader.ui.reader import FINISHED_FRACTION
from tests.test_library import content
from tests.test_window import WAIT_MS, harness  # noqa: F401  (the fixture)


def _colours(image: QImage) -> int:
    return len({image.pixel(x, y) for x in range(image.width()) for y in range(image.height())})


def _right_of_details(h, row: int) -> QImage:
    """The right end of a row's details line, as the list painted it."""
    view = h.window.list
    rect = view.visualRect(h.window.model.index(row))
    half = rect.height() // 2
    area = QRect(rect.right() - 70, rect.top() + half, 70 - PADDING, half - PADDING)
    return view.viewport().grab(area).toImage()


def _rows(h, progress: list[float]) -> list[int]:
    ids = []
    for n, fraction in enumerate(progress, start=1):
        article_id = h.library.save(content(n, title=f"Sak {n}")).article_id
        h.library.set_progress(article_id, fraction)
        ids.append(article_id)
    h.window.articles.apply_query(h.window.model.query)
    return ids


def test_rows_show_progress_and_a_tick_and_nothing_before_reading(harness):  # noqa: F811
    h = harness
    ids = _rows(h, [0.0, 0.43, 0.5, FINISHED_FRACTION, 1.0])
    model = h.window.model
    locale = QLocale(QLocale.Language.NorwegianBokmal)
    marks = {}
    for row in range(model.rowCount()):
        summary = model.index(row).data(ArticleRole)
        marks[summary.id] = progress_mark(summary, locale)
        painted = _colours(_right_of_details(h, row)) > 1
        assert painted == bool(marks[summary.id]), (summary.progress, marks[summary.id])
    assert marks == {ids[0]: "", ids[1]: "43 %", ids[2]: "50 %", ids[3]: "✓", ids[4]: "✓"}


@pytest.mark.parametrize("fraction", [0.2, 0.97])
def test_the_tick_follows_the_readers_finished_rule(harness, fraction):  # noqa: F811
    h = harness
    (article_id,) = _rows(h, [fraction])
    summary = h.window.model.index(0).data(ArticleRole)
    mark = progress_mark(summary, QLocale.c())
    assert (mark == "✓") == (fraction >= FINISHED_FRACTION)
    assert summary.id == article_id


def test_reading_to_the_end_ticks_the_row(harness):  # noqa: F811
    h = harness
    text = " ".join(f"Avsnitt {i} om blåbær og Tromsø." for i in range(400))
    article_id = h.library.save(content(1, text=text, title="Lang sak")).article_id
    h.window.articles.apply_query(h.window.model.query)
    assert _colours(_right_of_details(h, 0)) == 1
    h.click_row(0)
    h.qtbot.waitUntil(lambda: h.window.reader.article is not None, timeout=WAIT_MS)
    bar = h.window.reader.verticalScrollBar()
    h.qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=WAIT_MS)
    bar.triggerAction(bar.SliderAction.SliderToMaximum)  # the reader's own scrolling
    # The list shows it at once; the window's writer stores it on its own thread.
    h.qtbot.waitUntil(
        lambda: h.window.model.index(0).data(ArticleRole).progress >= FINISHED_FRACTION,
        timeout=WAIT_MS,
    )
    assert h.window.writer.wait(10)
    assert h.library.summaries([article_id])[0].progress >= FINISHED_FRACTION
    h.window.list.viewport().repaint()
    assert _colours(_right_of_details(h, 0)) > 1


@pytest.mark.parametrize("share", [0.3, 0.6])
def test_the_row_follows_the_readers_scrolling_without_waiting_for_anything_else(
    harness,  # noqa: F811
    share,
):
    """Under the "manual" rule scrolling writes nothing but the position: the row
    must still show it (the window's own writes never wake the library watch)."""
    h = harness
    h.window.settings.setValue("reading/mark_read", "manual")
    text = " ".join(f"Avsnitt {i} om multebær og Bodø." for i in range(600))
    # Saved here on the GUI thread's connection, so the watch sees it as another
    # program's; waited for, so that no refresh of the watch comes after the scrolling.
    with h.qtbot.waitSignal(h.window.watch.refreshed, timeout=WAIT_MS):
        article_id = h.library.save(content(1, text=text, title="Lang sak")).article_id
    h.click_row(0)
    h.qtbot.waitUntil(lambda: h.window.reader.article is not None, timeout=WAIT_MS)
    bar = h.window.reader.verticalScrollBar()
    h.qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=WAIT_MS)
    while bar.value() < bar.maximum() * share:  # the reader's own paging
        bar.triggerAction(bar.SliderAction.SliderPageStepAdd)
    reached = bar.value() / bar.maximum()
    h.qtbot.waitUntil(
        lambda: abs(h.window.model.index(0).data(ArticleRole).progress - reached) < 0.05,
        timeout=WAIT_MS,
    )
    h.window.writer.wait(10)
    assert abs(h.library.summaries([article_id])[0].progress - reached) < 0.05
    assert h.library.summaries([article_id])[0].read_at is None
