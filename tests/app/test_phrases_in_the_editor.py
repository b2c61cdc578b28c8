"""Ghost phrases in the window: shown after the words, Tab takes all, Ctrl+Right one word, typing the ghost's
next character keeps the rest in place, and a phrase never enters the document unless taken."""

from PySide6.QtCore import Qt

from conftest import type_and_wait

REPEATED = "Our team meets at the Harbour Lantern Cafe every Friday.\nLast week the Harbour Lantern Cafe was closed.\n"


def test_a_phrase_is_taken_whole_with_tab_a_word_at_a_time_with_ctrl_right_and_typed_through(qtbot, window):
    editor = window.editor
    editor.insertPlainText(REPEATED)
    type_and_wait(qtbot, window, "So we go to the Har")
    qtbot.waitUntil(lambda: editor.ghost.startswith("bour Lantern Cafe"), timeout=10_000)
    assert editor.toPlainText() == REPEATED + "So we go to the Har"  # shown, not in the document
    qtbot.keyClick(editor, Qt.Key_Right, Qt.ControlModifier)
    assert editor.toPlainText().endswith("the Harbour ") and editor.ghost.startswith("Lantern Cafe")
    qtbot.keyClicks(editor, "La")
    assert editor.ghost.startswith("ntern Cafe")  # at once: the worker has not answered yet
    qtbot.waitUntil(lambda: window.shown_request_id == window.latest_request_id, timeout=10_000)
    qtbot.waitUntil(lambda: editor.ghost.startswith("ntern Cafe"), timeout=10_000)
    qtbot.keyClick(editor, Qt.Key_Tab)
    assert editor.toPlainText().startswith(REPEATED + "So we go to the Harbour Lantern Cafe")
    assert editor.toPlainText().endswith(" ")  # the phrase and a space, as for a word


def test_without_a_ghost_ctrl_right_moves_the_caret_a_word(qtbot, window):
    editor = window.editor
    editor.insertPlainText("hello world")
    cursor = editor.textCursor()
    cursor.setPosition(0)
    editor.setTextCursor(cursor)  # not at a line's end: no ghost
    qtbot.keyClick(editor, Qt.Key_Right, Qt.ControlModifier)
    assert editor.ghost == "" and editor.textCursor().position() == len("hello ")
    assert editor.toPlainText() == "hello world"
