"""The view chooser of the article list: which articles the list shows.

Views are stored as identifiers (``VIEW_IDS``, ``tag:NAME``, ``saved:ID``), never as
the text shown, which is translated (``ViewChooser.view_id``/``set_view_id``;
``migrate_view`` reads the shown text older versions stored). The chooser lists the
fixed views, then the Highlights view (``HIGHLIGHTS_VIEW``, Ctrl+6, highlights_view),
then the saved searches (library/saved_searches) under a heading, each with its count
(``set_saved_counts``, read off the GUI thread by saved_views), then one entry per
tag, and last the Saves view (``SAVES_VIEW``: saves in flight and failed, no
articles; see saves_place), its text counting the failed ones. ``view_actions``
choose the fixed views and Highlights from the keyboard (Ctrl+1…; the menu bar lists
them, menus.build_menus).

What a view shows is ``query_of`` its identifier; the list (``ArticleList``) reads it.
The texts keep the translation context "ArticleList" (``CONTEXT``), where they were
written: translations are looked up by context, and a new one would lose them.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QComboBox, QWidget

from newsreader.library.saved_searches import SavedSearch
from newsreader.ui.list_model import View

CONTEXT = "ArticleList"  # the translation context of the list's texts
# (identifier stored in settings, the view, the text shown: translated when shown)
VIEWS = (
    ("unread", View.UNREAD, QT_TRANSLATE_NOOP("ArticleList", "Unread")),
    ("favorites", View.FAVORITES, QT_TRANSLATE_NOOP("ArticleList", "Favourites")),
    ("archive", View.ARCHIVE, QT_TRANSLATE_NOOP("ArticleList", "Archive")),
    ("all", View.ALL, QT_TRANSLATE_NOOP("ArticleList", "All")),
)
SAVES_VIEW = "saves"  # saves in flight and failed (saves_place), after the tags
HIGHLIGHTS_VIEW = "highlights"  # every highlight (highlights_view), after the fixed views
HIGHLIGHTS_TEXT = QT_TRANSLATE_NOOP("ArticleList", "Highlights")
HIGHLIGHTS_SHORTCUT = "Ctrl+6"  # Ctrl+5 is the Saves view (actions.py)
VIEW_IDS = (*(v[0] for v in VIEWS), HIGHLIGHTS_VIEW, SAVES_VIEW)
TAG_PREFIX = "tag:"
SAVED_PREFIX = "saved:"  # saved:ID, a saved search by its id (never its name)
SAVED_HEADING = QT_TRANSLATE_NOOP("ArticleList", "Saved searches")


def migrate_view(value: object) -> str:
    """The view identifier for a stored ``list/view`` value: an identifier as it is,
    the English text versions before issue 13 stored ("Favourites", "#skole") as its
    identifier, anything else as "unread"."""
    text = str(value or "")
    if text in VIEW_IDS or (text.startswith(TAG_PREFIX) and len(text) > len(TAG_PREFIX)):
        return text
    if saved_id_of(text) is not None:
        return text
    for identifier, _, shown in VIEWS:
        if text == shown:
            return identifier
    if text.startswith("#") and len(text) > 1:
        return TAG_PREFIX + text[1:]
    return VIEW_IDS[0]


def saved_view(search_id: int) -> str:
    """The view identifier of saved search ``search_id``."""
    return f"{SAVED_PREFIX}{search_id}"


def saved_id_of(identifier: object) -> int | None:
    """The saved search's id in a view identifier ``saved:ID``, else None."""
    text = str(identifier or "")
    number = text[len(SAVED_PREFIX) :]
    if text.startswith(SAVED_PREFIX) and number.isascii() and number.isdigit():
        return int(number)
    return None


def query_of(identifier: str) -> tuple[View, str | None]:
    """(view, tag) for a view identifier (see ``migrate_view``); a saved search's
    view is All, searched (``ArticleList.query``)."""
    if identifier.startswith(TAG_PREFIX):
        return View.ALL, identifier[len(TAG_PREFIX) :]
    if identifier == SAVES_VIEW:
        return View.SAVES, None
    for name, view, _ in VIEWS:
        if name == identifier:
            return view, None
    return View.UNREAD, None


class Refill(Enum):
    """What ``ViewChooser.refill`` did."""

    KEPT = "kept"  # it listed these tags and saved searches already: left as it was
    LISTED = "listed"  # listed anew; the view shown is the same
    CHANGED = "changed"  # the view shown is gone, or its saved search's query changed


class ViewChooser(QComboBox):
    """The combo box of views (its item data: the view identifiers). ``saved``: the
    saved searches listed, by id, in their order."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("viewCombo")
        self.setAccessibleName(QCoreApplication.translate("ArticleList", "Show"))
        self.saved: dict[int, SavedSearch] = {}
        self._saved_counts: dict[int, int] = {}  # their counts, as last read
        # The Saves entry's text (set_saves_text) is made by the list: it counts the
        # failed saves, a plural, which lupdate extracts only from a tr() of its class.
        self._saves_text = ""
        # Ctrl+1… choose the fixed views, Ctrl+6 the highlights.
        self.view_actions = QActionGroup(self)
        chosen = [*((identifier, text) for identifier, _, text in VIEWS)]
        chosen.append((HIGHLIGHTS_VIEW, HIGHLIGHTS_TEXT))
        shortcuts = [*(f"Ctrl+{i + 1}" for i in range(len(VIEWS))), HIGHLIGHTS_SHORTCUT]
        for (identifier, text), shortcut in zip(chosen, shortcuts, strict=True):
            action = QAction(QCoreApplication.translate(CONTEXT, text), self.view_actions)
            action.setCheckable(True)
            action.setData(identifier)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _=False, v=identifier: self.set_view_id(v))

    def view_id(self) -> str:
        """The view shown, as stored: "unread", "favorites", "archive", "all",
        "highlights", "tag:NAME", "saved:ID", "saves"."""
        return str(self.currentData() or VIEW_IDS[0])

    def set_view_id(self, identifier: str) -> None:
        """Show view ``identifier`` (see ``migrate_view``; an unknown one shows Unread)."""
        self.setCurrentIndex(max(0, self.findData(migrate_view(identifier))))

    def saved_search(self) -> SavedSearch | None:
        """The saved search whose view is shown, or None."""
        search_id = saved_id_of(self.view_id())
        return None if search_id is None else self.saved.get(search_id)

    def check_action(self) -> None:
        """Check the action of the view shown (none when it has no action)."""
        for action in self.view_actions.actions():
            action.setChecked(action.data() == self.view_id())

    def refill(self, tags: list[str], saved: list[SavedSearch]) -> Refill:
        """List the fixed views, ``saved`` (the saved searches), one entry per tag of
        ``tags``, then Saves, keeping the view shown (quietly: no
        ``currentIndexChanged``) unless it is gone (then Unread). Left as it is (an
        open popup stays open) when it lists these tags and saved searches already."""
        listed = [
            str(self.itemData(i))[len(TAG_PREFIX) :]
            for i in range(self.count())
            if str(self.itemData(i)).startswith(TAG_PREFIX)
        ]
        if self.count() and listed == tags and saved == list(self.saved.values()):
            return Refill.KEPT
        shown = self.saved_search()
        self.saved = {s.id: s for s in saved}
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        for identifier, _, text in VIEWS:
            self.addItem(QCoreApplication.translate(CONTEXT, text), identifier)
        self.addItem(QCoreApplication.translate(CONTEXT, HIGHLIGHTS_TEXT), HIGHLIGHTS_VIEW)
        if saved:
            self.insertSeparator(self.count())
            self.addItem(QCoreApplication.translate(CONTEXT, SAVED_HEADING))
            heading = self.model().item(self.count() - 1)
            heading.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading, not a view
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            for search in saved:
                self.addItem(self._saved_text(search), saved_view(search.id))
                self.setItemData(self.count() - 1, search.query, Qt.ItemDataRole.ToolTipRole)
        if tags:
            self.insertSeparator(self.count())
            for tag in tags:
                self.addItem(f"#{tag}", TAG_PREFIX + tag)
        self.insertSeparator(self.count())
        self.addItem(self._saves_text, SAVES_VIEW)
        index = self.findData(current) if current else -1
        self.setCurrentIndex(max(0, index))
        self.blockSignals(False)
        now = self.saved_search()
        gone = bool(current) and index < 0  # the tag or saved search shown is gone
        if gone or (shown is not None and now is not None and now.query != shown.query):
            return Refill.CHANGED
        return Refill.LISTED

    def _saved_text(self, search: SavedSearch) -> str:
        """A saved search's entry: its name, and its count once read."""
        count = self._saved_counts.get(search.id)
        if count is None:
            return search.name
        return QCoreApplication.translate("ArticleList", "{0}  ({1})").format(
            search.name, self.locale().toString(count)
        )

    def set_saved_counts(self, counts: dict[int, int]) -> None:
        """Show these counts (saved search id → articles its query lists) beside the
        saved searches' names."""
        self._saved_counts = dict(counts)
        for search in self.saved.values():
            index = self.findData(saved_view(search.id))
            if index >= 0:
                self.setItemText(index, self._saved_text(search))

    def saved_count(self, search_id: int) -> int | None:
        """The count shown for saved search ``search_id`` (None: not read yet)."""
        return self._saved_counts.get(search_id)

    def set_saves_text(self, text: str) -> None:
        """The Saves entry's text, now and when listed anew ("Saves (2 failed)")."""
        self._saves_text = text
        index = self.findData(SAVES_VIEW)
        if index >= 0:
            self.setItemText(index, text)
