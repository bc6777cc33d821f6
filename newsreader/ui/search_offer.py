"""The "Did you mean …?" above the article list: when a search finds little, the query
``Library.suggest`` offers (read with the search, off the GUI thread), as a link; the
list searches for it when the link is followed (``ArticleList.search_suggestion``).

Its text keeps the translation context "ArticleList", where it was written
(translations are looked up by context).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from newsreader.library.saved_searches import narrowed
from newsreader.library.suggest import Suggestion


class SearchOffer(QLabel):
    """The offer, hidden while there is none. ``suggested``: the query it offers, or
    None; ``linkActivated`` says it was followed."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("didYouMean")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setWordWrap(True)
        self.hide()
        self.suggested: str | None = None

    def offer(self, suggestion: Suggestion | None, saved_query: str | None = None) -> None:
        """Show "Did you mean …?" for ``suggestion`` (the search found little), or
        nothing. In a saved search's view (``saved_query``: its query) the offer is for
        the words typed to narrow it (the saved query stays as saved: Edit search…
        changes that), and nothing when the suggestion changes the saved query."""
        self.suggested = suggestion.query if suggestion is not None else None
        if self.suggested is not None and saved_query is not None:
            prefix = narrowed(saved_query, "-")[:-1]  # the saved query, then a space
            typed = self.suggested[len(prefix) :]
            fits = self.suggested.startswith(prefix) and typed.strip()
            self.suggested = typed.strip() if fits else None
        if self.suggested is None:
            self.hide()
            self.clear()
            return
        link = f'<a href="search">{escape(self.suggested)}</a>'
        self.setText(QCoreApplication.translate("ArticleList", "Did you mean {}?").format(link))
        self.show()
