"""The window's menus: the menu bar and the list's context menu, built from the
actions of ``actions.build_actions``."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu


def build_menus(window) -> None:
    """The menu bar of ``window`` (a MainWindow): its actions, the views of its list
    (``window.articles.views.view_actions``, Ctrl+1…) and the themes of its reader controls
    (``window.controls.theme_group``)."""
    a = window.actions_
    menu = window.menuBar().addMenu(QCoreApplication.translate("Menus", "&File"))
    menu.addActions([a["focus_address"], a["import"], a["export"]])
    menu.addSeparator()
    menu.addActions([a["cancel_save"], a["cancel_all"]])
    menu.addActions([a["show_saves"], a["retry_all"], a["clear_failed"]])
    menu.addAction(a["fetch_link_only"])
    menu.addSeparator()
    menu.addAction(a["quit"])

    menu = window.menuBar().addMenu(QCoreApplication.translate("Menus", "&Edit"))
    menu.addAction(a["undo"])
    menu.addActions([a["copy_link"], a["focus_search"], a["find_in_article"]])
    menu.addActions([a["find_next"], a["find_previous"]])
    menu.addSeparator()
    menu.addActions([a["highlight"], a["note"]])  # in the reader (ui/reader_highlights.py)
    menu.addSeparator()
    menu.addAction(a["settings"])

    menu = window.menuBar().addMenu(QCoreApplication.translate("Menus", "&View"))
    for action in window.articles.views.view_actions.actions():
        menu.addAction(action)
        window.addAction(action)  # Ctrl+1… work whatever has focus
    menu.addAction(a["show_saves"])  # Ctrl+5, after the tags in the chooser
    menu.addSeparator()
    # Saved searches (ui/saved_views.py), listed in the chooser after the fixed views.
    menu.addActions([a["save_search"], a["rename_saved"], a["edit_saved"], a["delete_saved"]])
    menu.addSeparator()
    menu.addAction(a["notebook"])  # Ctrl+Shift+N: the panel beside the reader
    menu.addSeparator()
    theme_menu = menu.addMenu(QCoreApplication.translate("Menus", "&Theme"))
    theme_menu.addActions(window.controls.theme_group.actions())
    menu.addAction(a["serif"])
    menu.addSeparator()
    menu.addActions([a["zoom_in"], a["zoom_out"], a["zoom_reset"]])

    menu = window.menuBar().addMenu(QCoreApplication.translate("Menus", "&Article"))
    menu.addActions([a["next"], a["previous"], a["open"]])
    menu.addSeparator()
    menu.addActions([a["archive"], a["favorite"], a["toggle_read"], a["tags"]])
    menu.addSeparator()
    menu.addActions([a["open_original"], a["copy_link"], a["refetch"], a["retry"]])
    menu.addSeparator()
    menu.addAction(a["delete"])

    menu = window.menuBar().addMenu(QCoreApplication.translate("Menus", "&Help"))
    menu.addActions([a["search_help"], a["shortcuts"], a["about"]])


def show_context_menu(window, position) -> None:
    """The list's context menu at ``position`` (viewport coordinates): what can be
    done to the pending save or the article under it."""
    index = window.list.indexAt(position)
    if not index.isValid():
        return
    a = window.actions_
    menu = QMenu(window)
    pending = window.model.pending_at(index.row())
    if pending is not None:
        menu.addActions([a["cancel_save"], a["retry"], a["edit_url"], a["retry_all"]])
        menu.addActions([a["cancel_all"], a["clear_failed"]])
        menu.addSeparator()
        menu.addAction(a["delete"])
    else:
        menu.addActions([a["open_original"], a["copy_link"]])
        menu.addSeparator()
        menu.addActions([a["archive"], a["favorite"], a["toggle_read"], a["tags"]])
        menu.addAction(a["refetch"])
        menu.addSeparator()
        menu.addAction(a["delete"])
    menu.popup(window.list.viewport().mapToGlobal(position))
    window.context_menu = menu


def show_reader_context_menu(window, position) -> None:
    """The reader's context menu at ``position`` (viewport coordinates): the
    standard text actions (copy, select all), on a link, saving it to the library
    or copying its address (``window.links``, a ReaderLinks), and above them the
    highlight commands (``window.highlights``, a ReaderHighlights)."""
    reader = window.reader
    menu = reader.createStandardContextMenu(position)
    href = reader.anchorAt(position)
    if href:
        url = QUrl(href)
        first = menu.actions()[0] if menu.actions() else None
        save = QAction(QCoreApplication.translate("Menus", "Save link to library"), menu)
        save.triggered.connect(lambda: window.links.save(url))
        copy = QAction(QCoreApplication.translate("Menus", "Copy link address"), menu)
        copy.triggered.connect(lambda: window.links.copy(url.toString()))
        menu.insertActions(first, [save, copy])
        if first is not None:
            menu.insertSeparator(first)
    window.highlights.add_to_menu(menu, position)
    menu.popup(reader.viewport().mapToGlobal(position))
    window.reader_menu = menu
