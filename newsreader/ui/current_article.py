"""What the current article is: the one in the reader, and nothing else.

Every command on "the article" (keys, menus, toolbar, context menus) starts from here
(issue 13: the article on screen is the one the actions hit). Showing an article,
whatever the way (a click, J/K, Enter on a search result, a pasted link already in
the library, a link handed over by a second launch, the last article at start), goes
through ``show``; showing anything else (a pending save, "Deleted.") goes through
``clear``. Both emit ``changed``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from newsreader.errors import NewsreaderError
from newsreader.library.library import Library
from newsreader.library.models import Article
from newsreader.ui.messages import Level, Messenger
from newsreader.ui.reader import ReaderView


class CurrentArticle(QObject):
    """The reader's article. ``changed(id)`` with the article's id, or None when the
    reader shows no article; ``opened(article)`` each time an article is newly shown
    (not when the same one is shown again)."""

    changed = Signal(object)  # int | None
    opened = Signal(object)  # Article

    def __init__(
        self, library: Library, reader: ReaderView, messages: Messenger, parent: QObject
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.reader = reader
        self.messages = messages

    @property
    def id(self) -> int | None:
        """The id of the article in the reader, or None."""
        return self.reader.article.id if self.reader.article is not None else None

    @property
    def article(self) -> Article | None:
        """The article in the reader (as the library gave it when shown), or None."""
        return self.reader.article

    def show(
        self,
        article_id: int,
        pattern: str | None = None,
        again: bool = False,
        restored: bool = False,
    ) -> bool:
        """Show article ``article_id`` in the reader (at the first match of ``pattern``,
        a Library.highlight_pattern, if given). Already shown: only jumps to the match,
        unless ``again`` (a re-fetched version). ``restored``: the window reopening
        the article it showed last, which is not the person opening it (no
        ``opened``, so no read rule runs). False, with one message, when the library
        cannot give it."""
        if self.id == article_id and not again:
            self.reader.set_search_pattern(pattern, jump=bool(pattern))
            return True
        self.reader.flush_progress()
        try:
            article = self.library.get(article_id)  # a read: never waits for a writer
        except NewsreaderError as exc:
            self.messages.show(
                self.tr("Could not open the article: {}").format(exc.message), Level.ERROR
            )
            return False
        self.reader.show_article(article, pattern)
        if not restored:
            self.opened.emit(article)
        self.changed.emit(article_id)
        return True

    def clear(self, text: str) -> None:
        """Show ``text`` (already translated) instead of an article."""
        self.reader.flush_progress()
        self.reader.show_placeholder(text)
        self.changed.emit(None)
