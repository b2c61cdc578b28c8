"""The main window's menus: File, Edit, View, Learning, Help, and the table of their shortcuts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from keyboard_app import VERSION
from keyboard_app.widgets.dialogs import AboutDialog

if TYPE_CHECKING:
    from keyboard_app.widgets.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    """Add the menus to `window`, keeping on it the actions whose state it sets (undo, redo, keyboard, learning)."""
    file_menu = window.menuBar().addMenu("&File")
    files = window.files
    add_action(window, file_menu, "&New", files.new_document, QKeySequence.New)
    add_action(window, file_menu, "&Open…", files.open_document, QKeySequence.Open)
    files.recent_menu = file_menu.addMenu("Open &Recent")
    add_action(window, file_menu, "&Save", files.save_document, QKeySequence.Save)
    add_action(window, file_menu, "Save &As…", files.save_document_as, QKeySequence.SaveAs)
    file_menu.addSeparator()
    add_action(window, file_menu, "&Quit", window.close, "Ctrl+Q")
    edit_menu = window.menuBar().addMenu("&Edit")
    editor = window.editor
    window.undo_action = add_action(window, edit_menu, "&Undo", editor.undo, QKeySequence.Undo)
    window.redo_action = add_action(window, edit_menu, "&Redo", editor.redo, QKeySequence.Redo)
    editor.undoAvailable.connect(window.undo_action.setEnabled)
    editor.redoAvailable.connect(window.redo_action.setEnabled)
    window.undo_action.setEnabled(False)
    window.redo_action.setEnabled(False)
    edit_menu.addSeparator()
    add_action(window, edit_menu, "Cu&t", editor.cut, QKeySequence.Cut)
    add_action(window, edit_menu, "&Copy", editor.copy, QKeySequence.Copy)
    add_action(window, edit_menu, "&Paste", editor.paste, QKeySequence.Paste)
    add_action(window, edit_menu, "Select &All", editor.selectAll, QKeySequence.SelectAll)
    edit_menu.addSeparator()
    add_action(window, edit_menu, "&Find…", lambda: window.find_dialog.show_for(replace=False), QKeySequence.Find)
    add_action(window, edit_menu, "R&eplace…", lambda: window.find_dialog.show_for(replace=True), "Ctrl+H")
    view_menu = window.menuBar().addMenu("&View")
    window.keyboard_action = add_action(window, view_menu, "On-screen &Keyboard", window._toggle_keyboard, "Ctrl+Shift+K")
    window.keyboard_action.setCheckable(True)
    add_action(window, view_menu, "&Settings…", window.open_settings, "Ctrl+,")
    learning_menu = window.menuBar().addMenu("&Learning")
    window.learning_action = add_action(window, learning_menu, "&Learn From My Typing", window._toggle_learning, "Ctrl+Shift+L")
    window.learning_action.setCheckable(True)
    add_action(window, learning_menu, "Train on &Documents…", lambda: window.train_on_documents(folder=False), "Ctrl+Shift+D")
    add_action(window, learning_menu, "Train on a &Folder…", lambda: window.train_on_documents(folder=True))
    add_action(window, learning_menu, "&Models…", window.open_models_dialog, "Ctrl+Shift+M")
    help_menu = window.menuBar().addMenu("&Help")
    add_action(window, help_menu, "&Keyboard Shortcuts", window.show_shortcuts, QKeySequence.HelpContents)
    add_action(window, help_menu, "&About Foresight Keys", lambda: AboutDialog(window.paths, VERSION, window).exec())


def add_action(owner: QWidget, menu: QMenu, text: str, slot: Callable, shortcut: QKeySequence | str | None = None) -> QAction:
    """A menu entry that calls `slot`, with its shortcut shown beside it."""
    action = QAction(text, owner)
    if shortcut is not None:
        action.setShortcut(shortcut)
        action.setShortcutVisibleInContextMenu(True)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def shortcut_table(menu_bar: QMenuBar) -> list[tuple[str, str]]:
    """Every menu shortcut, with what it does ("File → Save"), in menu order (Help → Keyboard Shortcuts)."""
    rows = []
    for menu_action in menu_bar.actions():
        for action in menu_action.menu().actions():
            if not action.shortcut().isEmpty():
                what = f"{menu_action.text().replace('&', '')} → {action.text().replace('&', '').rstrip('…')}"
                rows.append((action.shortcut().toString(QKeySequence.NativeText), what))
    return rows
