"""The one way the window changes the library: through the ``LibraryWriter`` (never
on the GUI thread). The list shows a change at once (``ArticleListModel.change``,
done by the caller); once the library has stored or refused it, the list shows what
the library holds (``settle``), with one message if it was refused.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from newsreader.errors import NewsreaderError
from newsreader.library.library import Library
from newsreader.ui.library_writer import LibraryWriter, Write
from newsreader.ui.list_model import ArticleListModel
from newsreader.ui.messages import Level, Messenger


class ArticleWrites(QObject):
    """``write`` hands a change to the writer; ``settled(ids)`` once the list shows
    what the library holds for those articles again."""

    settled = Signal(list)

    def __init__(
        self,
        writer: LibraryWriter,
        model: ArticleListModel,
        messages: Messenger,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.writer = writer
        self.model = model
        self.messages = messages

    def write(
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
        (only logged with ``quiet``). ``what`` is already translated."""

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
        self.settled.emit(done)
