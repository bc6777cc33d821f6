"""Every command of the window, with its shortcuts, in one table.

Menus, toolbar, context menus and the Keyboard shortcuts dialog are all built
from this table, so a shortcut is defined once and listed where it is defined.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from newsreader.ui.settings_dialog import open_settings

SK = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    tip: str = ""
    checkable: bool = False


SPECS = (
    # Saving and finding
    ActionSpec("focus_address", "&Save links…", ("Ctrl+L",), "Paste links to save"),
    ActionSpec(
        "import",
        "&Import…",
        ("Ctrl+I",),
        "An export of Pocket, Instapaper, Omnivore, wallabag and others, bookmarks, links",
    ),
    ActionSpec("export", "E&xport…", ("Ctrl+Shift+E",), "EPUB, Markdown, HTML, JSON and more"),
    ActionSpec(
        "fetch_link_only",
        "Fetch lin&k-only articles",
        (),
        "Try again to fetch every article saved as a link only",
    ),
    ActionSpec("focus_search", "Search &library", ("Ctrl+F",), "Search every saved article"),
    ActionSpec("clear_search", "Clear search", ("Escape",)),
    ActionSpec("search_help", "How to &search…", (), "Words, phrases, OR, -, prefix*, filters"),
    # Saved searches (ui/saved_views.py): views of a query, listed in the view chooser.
    ActionSpec(
        "save_search",
        "Save searc&h…",
        ("Ctrl+Shift+S",),
        "Keep this search as a view of its own, with its count",
    ),
    ActionSpec("rename_saved", "Rename saved sear&ch…"),
    ActionSpec("edit_saved", "&Edit saved search…", (), "Change what the saved search finds"),
    ActionSpec("delete_saved", "Delete saved search"),
    ActionSpec("find_in_article", "&Find in article…", ("Ctrl+Shift+F", "/")),
    ActionSpec("find_next", "Find next", (SK.FindNext,)),
    ActionSpec("find_previous", "Find previous", (SK.FindPrevious,)),
    # Moving around
    ActionSpec("next", "&Next article", ("J",)),
    ActionSpec("previous", "&Previous article", ("K",)),
    ActionSpec("open", "&Open article", ("Return", "Enter")),
    # The article
    ActionSpec("archive", "&Archive", ("E",), "Archive (or move back to Unread)", checkable=True),
    ActionSpec("favorite", "&Favourite", ("S",), "Mark as favourite", checkable=True),
    ActionSpec("tags", "Edit &tags…", ("T",)),
    ActionSpec("toggle_read", "Mark as &unread", ("U",), "Mark as unread (or as read)"),
    ActionSpec("delete", "&Delete", ("Delete",), "Delete (with Undo)"),
    # In the reader (ui/reader_highlights.py); Delete there removes a selected highlight.
    ActionSpec("highlight", "&Highlight", ("H",), "Highlight the selected text"),
    ActionSpec("note", "Add &note…", ("N",), "A note on the highlight, or on the article"),
    ActionSpec("undo", "&Undo", (SK.Undo,), "Undo the last delete or archive"),
    ActionSpec("refetch", "R&e-fetch", ("Ctrl+R",), "Download the article again"),
    ActionSpec("retry", "Retry save", ("R",), "Retry a failed save"),
    # Escape on a pending row in the list cancels it too (see MainWindow.escape):
    # Escape itself belongs to "Clear search".
    ActionSpec("cancel_save", "&Cancel save", (), "Stop saving (or Escape on the row)"),
    ActionSpec("cancel_all", "Cancel &all saves", (), "Stop every save under way"),
    # The Saves view (view_chooser.SAVES_VIEW, ui/saves_place.py): in flight and failed.
    ActionSpec("show_saves", "Sa&ves in flight and failed", ("Ctrl+5",), "Go to the Saves view"),
    ActionSpec("retry_all", "Retry all &failed saves", (), "Retry every failed save that can work"),
    ActionSpec(
        "edit_url", "&Edit address and retry…", ("F2",), "Correct the address of a failed save"
    ),
    ActionSpec("clear_failed", "C&lear failed saves", (), "Forget every failed save"),
    ActionSpec("open_original", "Open in &browser", ("Ctrl+O",), "Open in your web browser"),
    ActionSpec("copy_link", "&Copy link", ("Ctrl+Shift+C",)),
    # Reading
    ActionSpec("zoom_in", "&Larger text", (SK.ZoomIn, "Ctrl+=")),
    ActionSpec("zoom_out", "&Smaller text", (SK.ZoomOut,)),
    ActionSpec("zoom_reset", "&Normal size", ("Ctrl+0",)),
    ActionSpec("serif", "Se&rif font", (), checkable=True),
    ActionSpec(
        "notebook",
        "Note&book",
        ("Ctrl+Shift+N",),
        "Show the article's highlights and notes beside it",
        checkable=True,
    ),
    # Application
    ActionSpec("settings", "S&ettings…", (SK.Preferences, "Ctrl+,")),
    ActionSpec("shortcuts", "&Keyboard shortcuts", ("F1", "?")),
    ActionSpec("about", "&About newsreader"),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",)),
)


# The texts of SPECS, named for lupdate (which cannot see through the table); shown with
# QCoreApplication.translate("Actions", …). tests/test_translations.py checks that every
# text and tip of SPECS is here.
TEXTS = (
    QT_TRANSLATE_NOOP("Actions", "S&ettings…"),
    QT_TRANSLATE_NOOP("Actions", "&Save links…"),
    QT_TRANSLATE_NOOP("Actions", "Paste links to save"),
    QT_TRANSLATE_NOOP("Actions", "&Import…"),
    QT_TRANSLATE_NOOP(
        "Actions",
        "An export of Pocket, Instapaper, Omnivore, wallabag and others, bookmarks, links",
    ),
    QT_TRANSLATE_NOOP("Actions", "E&xport…"),
    QT_TRANSLATE_NOOP("Actions", "EPUB, Markdown, HTML, JSON and more"),
    QT_TRANSLATE_NOOP("Actions", "Fetch lin&k-only articles"),
    QT_TRANSLATE_NOOP("Actions", "Try again to fetch every article saved as a link only"),
    QT_TRANSLATE_NOOP("Actions", "Search &library"),
    QT_TRANSLATE_NOOP("Actions", "Search every saved article"),
    QT_TRANSLATE_NOOP("Actions", "Clear search"),
    QT_TRANSLATE_NOOP("Actions", "How to &search…"),
    QT_TRANSLATE_NOOP("Actions", "Words, phrases, OR, -, prefix*, filters"),
    QT_TRANSLATE_NOOP("Actions", "Save searc&h…"),
    QT_TRANSLATE_NOOP("Actions", "Keep this search as a view of its own, with its count"),
    QT_TRANSLATE_NOOP("Actions", "Rename saved sear&ch…"),
    QT_TRANSLATE_NOOP("Actions", "&Edit saved search…"),
    QT_TRANSLATE_NOOP("Actions", "Change what the saved search finds"),
    QT_TRANSLATE_NOOP("Actions", "Delete saved search"),
    QT_TRANSLATE_NOOP("Actions", "&Find in article…"),
    QT_TRANSLATE_NOOP("Actions", "Find next"),
    QT_TRANSLATE_NOOP("Actions", "Find previous"),
    QT_TRANSLATE_NOOP("Actions", "&Next article"),
    QT_TRANSLATE_NOOP("Actions", "&Previous article"),
    QT_TRANSLATE_NOOP("Actions", "&Open article"),
    QT_TRANSLATE_NOOP("Actions", "&Archive"),
    QT_TRANSLATE_NOOP("Actions", "Archive (or move back to Unread)"),
    QT_TRANSLATE_NOOP("Actions", "&Favourite"),
    QT_TRANSLATE_NOOP("Actions", "Mark as favourite"),
    QT_TRANSLATE_NOOP("Actions", "Edit &tags…"),
    QT_TRANSLATE_NOOP("Actions", "Mark as &unread"),
    QT_TRANSLATE_NOOP("Actions", "Mark as unread (or as read)"),
    QT_TRANSLATE_NOOP("Actions", "&Delete"),
    QT_TRANSLATE_NOOP("Actions", "Delete (with Undo)"),
    QT_TRANSLATE_NOOP("Actions", "&Highlight"),
    QT_TRANSLATE_NOOP("Actions", "Highlight the selected text"),
    QT_TRANSLATE_NOOP("Actions", "Add &note…"),
    QT_TRANSLATE_NOOP("Actions", "A note on the highlight, or on the article"),
    QT_TRANSLATE_NOOP("Actions", "&Undo"),
    QT_TRANSLATE_NOOP("Actions", "Undo the last delete or archive"),
    QT_TRANSLATE_NOOP("Actions", "R&e-fetch"),
    QT_TRANSLATE_NOOP("Actions", "Download the article again"),
    QT_TRANSLATE_NOOP("Actions", "Retry save"),
    QT_TRANSLATE_NOOP("Actions", "Retry a failed save"),
    QT_TRANSLATE_NOOP("Actions", "&Cancel save"),
    QT_TRANSLATE_NOOP("Actions", "Stop saving (or Escape on the row)"),
    QT_TRANSLATE_NOOP("Actions", "Cancel &all saves"),
    QT_TRANSLATE_NOOP("Actions", "Stop every save under way"),
    QT_TRANSLATE_NOOP("Actions", "Sa&ves in flight and failed"),
    QT_TRANSLATE_NOOP("Actions", "Go to the Saves view"),
    QT_TRANSLATE_NOOP("Actions", "Retry all &failed saves"),
    QT_TRANSLATE_NOOP("Actions", "Retry every failed save that can work"),
    QT_TRANSLATE_NOOP("Actions", "&Edit address and retry…"),
    QT_TRANSLATE_NOOP("Actions", "Correct the address of a failed save"),
    QT_TRANSLATE_NOOP("Actions", "C&lear failed saves"),
    QT_TRANSLATE_NOOP("Actions", "Forget every failed save"),
    QT_TRANSLATE_NOOP("Actions", "Open in &browser"),
    QT_TRANSLATE_NOOP("Actions", "Open in your web browser"),
    QT_TRANSLATE_NOOP("Actions", "&Copy link"),
    QT_TRANSLATE_NOOP("Actions", "&Larger text"),
    QT_TRANSLATE_NOOP("Actions", "&Smaller text"),
    QT_TRANSLATE_NOOP("Actions", "&Normal size"),
    QT_TRANSLATE_NOOP("Actions", "Se&rif font"),
    QT_TRANSLATE_NOOP("Actions", "Note&book"),
    QT_TRANSLATE_NOOP("Actions", "Show the article's highlights and notes beside it"),
    QT_TRANSLATE_NOOP("Actions", "&Keyboard shortcuts"),
    QT_TRANSLATE_NOOP("Actions", "&About newsreader"),
    QT_TRANSLATE_NOOP("Actions", "&Quit"),
)


def key_sequences(spec: ActionSpec) -> list[QKeySequence]:
    sequences: list[QKeySequence] = []
    for shortcut in spec.shortcuts:
        if isinstance(shortcut, str):
            sequences.append(QKeySequence(shortcut))
        else:
            sequences.extend(QKeySequence.keyBindings(shortcut))
    # Standard keys may be empty on a platform, or repeat an explicit one.
    unique: list[QKeySequence] = []
    for sequence in sequences:
        if not sequence.isEmpty() and sequence not in unique:
            unique.append(sequence)
    return unique


def listed_sequences(spec: ActionSpec) -> list[QKeySequence]:
    """The shortcuts a person is shown: each explicit one, and a standard key's first
    binding only (``QKeySequence.keyBindings`` adds the platform's aliases, such as
    Ctrl+G for Find next or Alt+Backspace for Undo, which still work)."""
    shown: list[QKeySequence] = []
    for shortcut in spec.shortcuts:
        if isinstance(shortcut, str):
            candidates = [QKeySequence(shortcut)]
        else:
            candidates = QKeySequence.keyBindings(shortcut)[:1]
        shown.extend(c for c in candidates if not c.isEmpty() and c not in shown)
    return shown


def build_actions(parent: QWidget) -> dict[str, QAction]:
    actions = {}
    for spec in SPECS:
        action = QAction(translate(spec.text), parent)
        action.setObjectName(spec.name)
        action.setShortcuts(key_sequences(spec))
        if spec.tip:
            action.setToolTip(translate(spec.tip))
            action.setStatusTip(translate(spec.tip))
        action.setCheckable(spec.checkable)
        parent.addAction(action)  # shortcuts work whatever menu they are in
        actions[spec.name] = action
    return actions


def connect_actions(window) -> None:
    """Connect the actions of ``window`` (a MainWindow, ``window.actions_``) to the
    parts that carry them out."""
    a, c, r = window.actions_, window.commands, window.controls
    articles, pending = window.articles, window.pending
    calls = {
        "focus_address": lambda: window.focus_field(window.address),
        "import": window.saving.import_links,
        "export": window.exporter.export,
        "fetch_link_only": window.saving.fetch_link_only,
        "focus_search": lambda: window.focus_field(window.search),
        "clear_search": window.escape,
        "find_in_article": r.open_find,
        "find_next": lambda: r.find_step(backward=False),
        "find_previous": lambda: r.find_step(backward=True),
        "next": lambda: articles.move_selection(1),
        "previous": lambda: articles.move_selection(-1),
        "open": window.open_from_list,
        "archive": c.toggle_archive,
        "favorite": c.toggle_favorite,
        "toggle_read": c.toggle_read,
        "tags": c.edit_tags,
        # A highlight selected in the focused reader, else the articles.
        "delete": window.delete_focused,
        "highlight": lambda: window.highlights.highlight(),
        "note": window.note_focused,
        "undo": lambda: window.undo.undo(),
        "refetch": c.refetch,
        "retry": pending.retry,
        "cancel_save": pending.cancel_selected,
        "cancel_all": pending.cancel_all,
        "show_saves": window.saves.go,
        "retry_all": window.saves.retry_all,
        "edit_url": window.saves.edit_selected,
        "clear_failed": window.saves.clear_all,
        "open_original": c.open_original,
        "copy_link": c.copy_link,
        "zoom_in": lambda: r.zoom(1),
        "zoom_out": lambda: r.zoom(-1),
        "zoom_reset": lambda: r.zoom(0),
        "settings": lambda: open_settings(window),
        "shortcuts": r.show_shortcuts,
        "search_help": r.show_search_help,
        "save_search": window.saved.save_search,
        "rename_saved": window.saved.rename,
        "edit_saved": window.saved.edit_query,
        "delete_saved": window.saved.delete,
        "about": r.show_about,
        "quit": window.close,
    }
    for name, call in calls.items():
        a[name].triggered.connect(lambda _=False, call=call: call())
    a["serif"].toggled.connect(r.set_serif)
    a["notebook"].toggled.connect(window.notebook.setVisible)
    # Enter opens the current article only from the list: elsewhere Enter belongs
    # to the field or dialog that has focus.
    # So does F2 (edit a failed save's address): in a field it would surprise.
    for name in ("open", "edit_url"):
        window.removeAction(a[name])
        a[name].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        window.list.addAction(a[name])
    # H and N belong to the reader and to the lists of highlights beside it (N there
    # edits the note of the highlight chosen): a letter typed elsewhere is not a
    # highlight.
    for name in ("highlight", "note"):
        window.removeAction(a[name])
        a[name].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for widget in (window.reader, window.notebook.list, window.articles.highlights.list):
            widget.addAction(a[name])


def translate(text: str) -> str:
    """A text of SPECS in the interface's language (context "Actions", see TEXTS)."""
    return QCoreApplication.translate("Actions", text)


def shortcut_rows() -> list[tuple[str, str]]:
    """(command, shortcuts) for the Keyboard shortcuts dialog, in the interface's
    language."""
    rows = []
    for spec in SPECS:
        keys = listed_sequences(spec)
        if keys:
            text = translate(spec.text).replace("&", "").rstrip("…")
            rows.append(
                (text, ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys))
            )
    return rows
