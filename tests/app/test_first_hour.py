"""A new user's first hour in the real window: the rough edges of issue 12, each pinned down."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from conftest import type_and_wait

from keyboard_app.storage.paths import HOME_VARIABLE
from keyboard_app.widgets.dialogs import about_text
from keyboard_app.widgets.editor import EDITOR_KEYS
from keyboard_app.widgets.menus import shortcut_table
from model import ModelFolder
from model.files.checkpoint import load_model


def wait_for_suggestions(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.shown_request_id == window.latest_request_id, timeout=10_000)


def test_closing_punctuation_after_a_taken_word_replaces_the_added_space_and_undo_restores_it(qtbot, window):
    type_and_wait(qtbot, window, "Are you free for lun")
    window.editor.take_word("lunch")
    assert window.editor.toPlainText() == "Are you free for lunch "
    qtbot.keyClicks(window.editor, "?")
    assert window.editor.toPlainText() == "Are you free for lunch?"
    qtbot.keyClick(window.editor, Qt.Key_Z, Qt.ControlModifier)
    assert window.editor.toPlainText() == "Are you free for lunch "
    qtbot.keyClicks(window.editor, "x")  # a space typed by hand, or any other key, stays
    assert window.editor.toPlainText() == "Are you free for lunch x"


def test_a_quote_that_closes_takes_the_space_and_one_that_opens_does_not(qtbot, window):
    type_and_wait(qtbot, window, 'He said "fine')
    window.editor.take_word("fine")
    qtbot.keyClicks(window.editor, '"')
    assert window.editor.toPlainText() == 'He said "fine"'
    window.editor.take_word("and")
    qtbot.keyClicks(window.editor, '"')
    assert window.editor.toPlainText() == 'He said "fine" and "'


def test_after_an_opening_bracket_the_word_and_the_ghost_follow_without_a_space_and_after_a_comma_with_one(qtbot, window):
    type_and_wait(qtbot, window, "We met (")
    assert window.editor.ghost  # the ghost shows right after "(": the taken word goes there, no space between
    first = window.suggestion_bar.words[0]
    window.suggestion_bar.word_buttons[0].click()
    assert window.editor.toPlainText() == f"We met ({first} "
    window.editor.clear()
    type_and_wait(qtbot, window, "Well,")
    assert window.editor.ghost == ""  # after a comma the next word needs a space: no ghost glued to it
    first = window.suggestion_bar.words[0]
    window.suggestion_bar.word_buttons[0].click()
    assert window.editor.toPlainText() == f"Well, {first} "


def test_a_finished_word_is_not_pushed_longer_and_the_bar_offers_the_next_words(qtbot, window):
    type_and_wait(qtbot, window, "Thank you for")
    prediction = window.last_prediction
    assert prediction.words_follow_space and window.editor.ghost == ""
    assert not any(word.startswith("for") for word in window.suggestion_bar.words)
    first = window.suggestion_bar.words[0]
    window.suggestion_bar.word_buttons[0].click()
    assert window.editor.toPlainText() == f"Thank you for {first} "
    type_and_wait(qtbot, window, "your hel")  # an unfinished word still gets its completion
    assert not window.last_prediction.words_follow_space and window.editor.ghost


def test_status_messages_are_readable_in_full_and_long_paths_are_elided_in_the_middle(qtbot, window, tmp_path):
    window.resize(900, 620)
    message = "Learning from your typing: better on the held-out text, general English kept."
    window.status.show_message(message, 8000)
    qtbot.wait(50)
    label = window.status.message_label
    assert label.text() == message and label.width() >= label.fontMetrics().horizontalAdvance(message)
    deep = tmp_path.joinpath(*["a-rather-long-folder-name"] * 12) / "June letter.txt"
    deep.parent.mkdir(parents=True)
    assert window.files.save_to(deep)
    qtbot.wait(50)
    shown = label.text()
    assert shown.startswith("Saved /") and shown.endswith("June letter.txt") and "…" in shown
    assert label.width() >= label.fontMetrics().horizontalAdvance(shown)


def test_models_dialog_has_close_and_deletes_a_personal_version_but_not_the_one_in_use(qtbot, window, monkeypatch):
    from keyboard_app.widgets.learning_dialogs import ModelsDialog

    network, metadata = load_model(window.paths.models / "default.safetensors")
    figures = {"held_out_bits_per_character": 2.0, "held_out_keystroke_savings": 0.4, "replay_bits_per_character": 1.9}
    older = ModelFolder(window.paths.models).save_version(network, metadata, "typing", figures)
    newer = ModelFolder(window.paths.models).save_version(network, metadata, "documents", figures)
    dialog = ModelsDialog(window.learning, window)
    qtbot.addWidget(dialog)
    dialog.show()
    header = dialog.table.horizontalHeader()
    for column in range(dialog.table.columnCount()):
        title = dialog.table.horizontalHeaderItem(column).text()
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title)
    assert dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Close) is not None
    measured = {dialog.table.item(row, 0).text(): dialog.table.item(row, 5).text() for row in range(dialog.table.rowCount())}
    assert "documents" in measured[newer.name] and "typing" in measured[older.name]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.Yes)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    with qtbot.waitSignal(window.model_shown, timeout=10_000):
        dialog.table.selectRow([v.path for v in dialog.versions].index(newer))
        dialog.use_selected()
    dialog.table.selectRow([v.path for v in dialog.versions].index(newer))
    dialog.delete_selected()
    assert newer.exists() and "in use" in told[-1]
    dialog.table.selectRow([v.path for v in dialog.versions].index(older))
    dialog.delete_selected()
    assert not older.exists() and older not in [v.path for v in dialog.versions]
    dialog.table.selectRow([v.path.name for v in dialog.versions].index("default.safetensors"))
    dialog.delete_selected()
    assert (window.paths.models / "default.safetensors").exists() and "cannot be deleted" in told[-1]


def caret_in_view(editor) -> bool:
    return editor.viewport().rect().contains(editor.cursorRect().center())


def test_the_caret_stays_in_view_after_opening_a_file_and_after_a_font_change(qtbot, window, tmp_path):
    long_file = tmp_path / "long.txt"
    long_file.write_text("\n".join(f"Line {n} of a long letter." for n in range(400)), encoding="utf-8")
    assert window.files.load_file(long_file)
    qtbot.waitUntil(lambda: caret_in_view(window.editor), timeout=2_000)
    window.settings["font_size"] = 30
    window.apply_settings()
    qtbot.waitUntil(lambda: caret_in_view(window.editor), timeout=2_000)


def test_the_edit_menu_has_the_usual_actions_with_their_shortcuts(qtbot, window):
    edit_menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "&Edit")
    shortcuts = {action.text().replace("&", ""): action.shortcut() for action in edit_menu.actions() if action.text()}
    for name, key in [("Undo", QKeySequence.Undo), ("Redo", QKeySequence.Redo), ("Cut", QKeySequence.Cut),
                      ("Copy", QKeySequence.Copy), ("Paste", QKeySequence.Paste), ("Select All", QKeySequence.SelectAll),
                      ("Find…", QKeySequence.Find)]:
        assert shortcuts[name] == QKeySequence(key), name
    assert shortcuts["Replace…"] == QKeySequence("Ctrl+H")
    type_and_wait(qtbot, window, "Hello there")
    next(a for a in edit_menu.actions() if a.text() == "&Undo").trigger()
    assert window.editor.toPlainText() != "Hello there"


def test_find_and_replace_all_is_one_undoable_edit(qtbot, window):
    window.editor.setPlainText("the cat and the dog and the bird")
    window.find_dialog.show_for(replace=True)
    window.find_dialog.find_text.setText("the")
    window.find_dialog.replace_text.setText("a")
    assert window.find_dialog.find_next() and window.editor.textCursor().selectedText() == "the"
    assert window.find_dialog.replace_all() == 3
    assert window.editor.toPlainText() == "a cat and a dog and a bird"
    window.editor.undo()
    assert window.editor.toPlainText() == "the cat and the dog and the bird"
    window.find_dialog.find_text.setText("zebra")
    assert not window.find_dialog.find_next() and "not in the text" in window.find_dialog.result.text()
    window.find_dialog.hide()


def test_help_lists_every_shortcut_of_every_menu_and_the_editors_keys(qtbot, window):
    table = dict(shortcut_table(window.menuBar()) + EDITOR_KEYS)
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if not action.shortcut().isEmpty():
                assert action.shortcut().toString(QKeySequence.NativeText) in table, action.text()
    assert {"Tab", "Esc", "Alt+1 … Alt+5", "Ctrl+Q", "F1"} <= set(table)


def test_dark_theme_can_be_chosen_and_system_follows_the_desktop(qtbot, window):
    window.settings["theme"] = "dark"
    window.apply_settings()
    assert window.theme == "dark" and window.editor.palette().color(QPalette.Base).lightness() < 80
    window.settings["theme"] = "light"
    window.apply_settings()
    assert window.theme == "light" and window.editor.palette().color(QPalette.Base).lightness() > 200
    window.settings["theme"] = "system"
    window.apply_settings()
    from PySide6.QtGui import QGuiApplication

    expected = "dark" if QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark else "light"
    assert window.theme == expected


def test_a_sentence_starts_with_a_capital_and_backspace_right_after_keeps_the_letter_as_typed(qtbot, window):
    qtbot.keyClicks(window.editor, "hello there. how")
    assert window.editor.toPlainText() == "Hello there. How"
    qtbot.keyClicks(window.editor, ". i")
    qtbot.keyClick(window.editor, Qt.Key_Backspace)
    assert window.editor.toPlainText() == "Hello there. How. i"
    qtbot.keyClick(window.editor, Qt.Key_Backspace)  # a second Backspace deletes as usual
    qtbot.keyClicks(window.editor, "e.g. so")
    assert window.editor.toPlainText() == "Hello there. How. E.g. so"
    window.settings["auto_capital"] = False
    window.apply_settings()
    qtbot.keyClicks(window.editor, ". no")
    assert window.editor.toPlainText().endswith(". no")


def test_about_lists_the_journal_with_the_other_folders(window):
    text = about_text(window.paths, "0")
    assert str(window.paths.journal) in text and str(window.paths.models) in text
    assert "Wikipedia" in text


def test_a_long_list_of_skipped_documents_scrolls_instead_of_being_clipped(qtbot, window):
    from keyboard_app.widgets.learning_dialogs import DocumentTrainingDialog
    from keyboard_app.workers.learning_worker import RoundResult

    dialog = DocumentTrainingDialog(window.learning, window)
    qtbot.addWidget(dialog)
    dialog.show()
    skipped = [(Path(f"/home/me/notes/scan-{n:02}.png"), "unsupported kind of file (.png)") for n in range(60)]
    dialog.show_result(RoundResult("documents", "default.safetensors", None, None, "Not enough text", skipped))
    qtbot.wait(50)
    assert "scan-59.png" in dialog.report.toPlainText()
    scroll = dialog.report.verticalScrollBar()
    assert scroll.maximum() > 0  # the list is longer than the dialog: it scrolls to its last line
    scroll.setValue(scroll.maximum())
    assert dialog.report.cursorForPosition(dialog.report.viewport().rect().bottomLeft()).block().text().startswith("scan-5")


def test_the_window_is_built_without_torch_which_loads_on_the_worker_thread(tmp_path):
    import os
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from keyboard_app.app import create_main_window\n"
        "application = QApplication([])\n"
        "window = create_main_window()\n"
        "print('torch' in sys.modules)\n"
    )
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", HOME_VARIABLE: str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment,
                            cwd=Path(__file__).resolve().parents[2], timeout=120)
    assert result.stdout.strip() == "False", result.stdout + result.stderr


def test_the_editor_takes_typing_before_the_model_has_loaded(qtbot, tmp_path, monkeypatch):
    from keyboard_app.app import create_main_window

    monkeypatch.setenv(HOME_VARIABLE, str(tmp_path / "home"))
    main_window = create_main_window()
    main_window.show()
    try:
        qtbot.keyClicks(main_window.editor, "Dear Anna")  # at once: the model is still loading
        assert main_window.editor.toPlainText() == "Dear Anna"
        assert main_window.model_label.text() == "loading model…" and main_window.last_prediction is None
        qtbot.waitUntil(lambda: main_window.last_prediction is not None, timeout=30_000)
        qtbot.waitUntil(lambda: main_window.last_prediction.context == "Dear Anna", timeout=10_000)
    finally:
        main_window.editor.document().setModified(False)
        main_window.close()


def test_the_ghost_continues_the_typed_word_even_when_the_bar_first_offers_its_standard_spelling(qtbot, window):
    type_and_wait(qtbot, window, "so i")
    assert window.suggestion_bar.words[0] == "I"
    continuing = next(word for word in window.suggestion_bar.words if word.startswith("i"))
    assert window.editor.ghost == continuing[1:]


def test_each_key_press_and_each_caret_move_sends_one_request(qtbot, window):
    text = "Thank you for the lovely evening. We should do it again next week!!"[:50]
    first = window.latest_request_id
    for character in text:
        qtbot.keyClicks(window.editor, character)
    assert window.latest_request_id - first == 50
    qtbot.keyClick(window.editor, Qt.Key_Left)
    qtbot.keyClick(window.editor, Qt.Key_Backspace)
    assert window.latest_request_id - first == 52
    wait_for_suggestions(qtbot, window)
    assert window.last_prediction.context == window.editor.context_before_cursor()


def test_a_new_paragraph_starts_with_a_capital_only_after_a_sentence_or_a_blank_line(qtbot, window):
    qtbot.keyClicks(window.editor, "Dear Anna,")
    qtbot.keyClick(window.editor, Qt.Key_Return)
    qtbot.keyClicks(window.editor, "thanks. bye.")
    qtbot.keyClick(window.editor, Qt.Key_Return)
    qtbot.keyClicks(window.editor, "see you")
    qtbot.keyClick(window.editor, Qt.Key_Return)
    qtbot.keyClick(window.editor, Qt.Key_Return)
    qtbot.keyClicks(window.editor, "ps")
    assert window.editor.toPlainText() == "Dear Anna,\nthanks. Bye.\nSee you\n\nPs"
