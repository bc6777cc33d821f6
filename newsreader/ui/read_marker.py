"""When an opened article counts as read, and storing the reading position.

The setting ``reading/mark_read`` holds one of MARK_READ_RULES: "after_seconds"
(open for MARK_READ_MS or scrolled by the reader; issue 13: browsing past an article
is not reading it), "on_open", or "manual".
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QSettings, QTimer

from newsreader.errors import NewsreaderError
from newsreader.library.library import utc_now
from newsreader.library.models import ArticleSummary
from newsreader.ui.article_writes import ArticleWrites
from newsreader.ui.current_article import CurrentArticle
from newsreader.ui.list_model import ArticleListModel

log = logging.getLogger(__name__)

MARK_READ_RULES = ("after_seconds", "on_open", "manual")
MARK_READ_SETTING = "reading/mark_read"
MARK_READ_MS = 3_000


class ReadMarker(QObject):
    """Marks the current article read as the rule says (``opened``), stores the
    reading position the reader reports (``progress_changed``)."""

    def __init__(
        self,
        current: CurrentArticle,
        model: ArticleListModel,
        writes: ArticleWrites,
        settings: QSettings,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.current = current
        self.model = model
        self.writes = writes
        self.settings = settings
        self._kept_unread: set[int] = set()  # marked unread by hand: scrolling keeps them so
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._read_long_enough)
        current.opened.connect(self.opened)

    def rule(self) -> str:
        """The setting ``reading/mark_read``: one of MARK_READ_RULES (default
        "after_seconds"; an unknown value counts as the default)."""
        rule = str(self.settings.value(MARK_READ_SETTING, MARK_READ_RULES[0]))
        return rule if rule in MARK_READ_RULES else MARK_READ_RULES[0]

    def opened(self, article: ArticleSummary) -> None:
        """An article was opened: if unread (as the list shows it), it is marked read
        at once ("on_open"), once it stayed open MARK_READ_MS or was scrolled
        ("after_seconds"), or never ("manual")."""
        self._timer.stop()
        self._kept_unread.clear()
        if article.read_at is not None or self._shown_read(article.id):
            return
        rule = self.rule()
        if rule == "on_open":
            self.store_read(article)
        elif rule == "after_seconds":
            self._timer.setProperty("articleId", article.id)
            self._timer.start(MARK_READ_MS)

    def kept_unread(self, article_ids: list[int]) -> None:
        """The person marked these unread: neither time nor scrolling marks them read
        (the current article's timer stops only if it is among them)."""
        if self.current.id in article_ids:
            self._timer.stop()
        self._kept_unread = set(article_ids)

    def stop(self) -> None:
        """The person said what they want (Mark as read / unread): no timer decides."""
        self._timer.stop()
        self._kept_unread.clear()

    def close(self) -> None:
        """The window is closing: no timer marks anything read any more."""
        self._timer.stop()

    def _shown_read(self, article_id: int) -> bool:
        found = self.model.summaries_of([article_id])
        return bool(found) and found[0].read_at is not None

    def _read_long_enough(self) -> None:
        article_id = self._timer.property("articleId")
        if self.current.id != article_id:
            return
        try:
            self._mark_shown_read(article_id)
        except NewsreaderError as exc:  # closed under the window as it went
            log.info("not marked read (%s): article %s", exc.message, article_id)

    def _mark_shown_read(self, article_id: int) -> None:
        if self.current.id != article_id:
            return
        found = self.model.summaries_of([article_id])
        summary = found[0] if found else self.current.article
        if summary.read_at is None:
            self.store_read(summary)

    def store_read(self, summary: ArticleSummary) -> None:
        """Mark ``summary`` read now, without waiting for the library."""
        self.model.change(summary.id, read_at=utc_now())
        self.writes.write(
            self.tr("mark “{}” as read").format(summary.title),
            lambda library: library.mark_read(summary.id),
            [summary.id],
        )

    def progress_changed(self, article_id: int, fraction: float) -> None:
        """The reader scrolled ``article_id`` to ``fraction`` (0..1): stored, and under
        "after_seconds" that is reading, unless they marked it unread themselves."""
        if self.rule() == "after_seconds" and article_id not in self._kept_unread:
            self._timer.stop()
            self._mark_shown_read(article_id)
        # The list shows the new progress at once (its row's "43 %" or tick).
        self.model.change(article_id, progress=fraction)
        # The article may have just been deleted: nobody needs to hear of that.
        self.writes.write(
            self.tr("store the reading position"),
            lambda library: library.set_progress(article_id, fraction),
            [article_id],
            quiet=True,
        )
