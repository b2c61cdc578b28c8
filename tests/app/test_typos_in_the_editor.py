"""Typos in the window: auto-correction with Backspace and Ctrl+Z to undo it, the spelling underline, the
spelling menu's dictionary (kept across a restart, erased with all personal data)."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat

from conftest import running_window
from keyboard_app.storage.paths import HOME_VARIABLE, app_paths
from keyboard_app.workers.predictions import Correction, CorrectionRequest


def type_and_settle(qtbot, window, text: str, expected: str) -> None:
    qtbot.keyClicks(window.editor, text)
    qtbot.waitUntil(lambda: window.editor.toPlainText() == expected, timeout=10_000)


def test_a_finished_typo_is_corrected_and_backspace_right_after_restores_it_for_good(qtbot, window):
    type_and_settle(qtbot, window, "I went to teh ", "I went to the ")
    qtbot.keyClick(window.editor, Qt.Key_Backspace)
    assert window.editor.toPlainText() == "I went to teh "  # the typed word back, the space kept
    type_and_settle(qtbot, window, "shop and teh ", "I went to teh shop and teh ")  # not corrected again
    qtbot.wait(300)
    assert window.editor.toPlainText() == "I went to teh shop and teh "


def test_ctrl_z_undoes_a_correction_and_learning_records_each_word_as_it_stays(qtbot, window):
    type_and_settle(qtbot, window, "I will recieve ", "I will receive ")
    qtbot.keyClicks(window.editor, "it.")
    qtbot.keyClick(window.editor, Qt.Key_Return)  # a correction kept: learned corrected
    type_and_settle(qtbot, window, "We recieve ", "I will receive it.\nWe receive ")
    qtbot.keyClick(window.editor, Qt.Key_Z, Qt.ControlModifier)
    assert window.editor.toPlainText() == "I will receive it.\nWe recieve "
    qtbot.keyClicks(window.editor, "gifts.")
    qtbot.keyClick(window.editor, Qt.Key_Return)  # a correction undone: learned as the user left it
    assert window.learning.journal_path.read_text(encoding="utf-8") == "I will receive it.\nWe recieve gifts.\n"


def test_no_correction_when_the_setting_is_off_and_right_words_stay(qtbot, window):
    type_and_settle(qtbot, window, "They went there ", "They went there ")
    window.settings["autocorrect"] = False
    qtbot.keyClicks(window.editor, "teh ")
    qtbot.wait(500)
    assert window.editor.toPlainText() == "They went there teh "


def underlined(window) -> list[str]:
    """The words of the first paragraph the spell checker underlines."""
    block = window.editor.document().firstBlock()
    text = block.text()
    return [text[r.start : r.start + r.length] for r in block.layout().formats()
            if r.format.underlineStyle() == QTextCharFormat.SpellCheckUnderline]


def test_a_non_word_is_underlined_and_a_word_is_not_and_the_dictionary_is_kept_and_erased(qtbot, window):
    window.settings["autocorrect"] = False
    window.editor.insertPlainText("Hello zqxwv world")
    qtbot.waitUntil(lambda: underlined(window) == ["zqxwv"], timeout=10_000)
    request = CorrectionRequest(1, "Hello ", "zqxwv", 6, for_menu=True)
    menu = window.corrections.spelling_menu(Correction(request, ["zqxwv"]))
    add = next(action for action in menu.actions() if action.text() == "Add to Dictionary")
    add.trigger()
    menu.close()
    assert underlined(window) == []
    assert "zqxwv" in app_paths().dictionary.read_text(encoding="utf-8")
    window.learning.erase_personal_data()
    assert not app_paths().dictionary.exists()


def test_the_dictionary_survives_a_restart(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv(HOME_VARIABLE, str(tmp_path / "home"))
    with running_window(qtbot) as first:
        first.corrections.add_to_dictionary("Quillmarkish")
    with running_window(qtbot) as second:
        assert "Quillmarkish" in second.corrections.dictionary
        second.editor.insertPlainText("Quillmarkish is fine")
        qtbot.wait(200)
        assert underlined(second) == []
