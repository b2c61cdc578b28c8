"""Learning what stays: the journal and the personal store get the document's final text, never what was
deleted, undone or pasted; the store outlives a restart; blocked words stay blocked; learning off records nothing."""

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from conftest import running_window, type_and_wait

from keyboard_app.storage.paths import HOME_VARIABLE


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv(HOME_VARIABLE, str(tmp_path / "home"))
    return tmp_path / "home"


def stored_words(window) -> set[str]:
    """The words of the triples in the window's personal store (read as another process would)."""
    path = window.paths.personal_store
    if not path.exists():
        return set()
    with sqlite3.connect(path) as connection:
        try:
            return {word for (word,) in connection.execute("SELECT word FROM triples")}
        except sqlite3.OperationalError:  # the tables are not created yet
            return set()


def test_only_the_final_text_reaches_the_journal_and_the_store(qtbot, home):
    with running_window(qtbot) as window:
        editor = window.editor
        qtbot.keyClicks(editor, "Secret draft")
        qtbot.keyClick(editor, Qt.Key_A, Qt.ControlModifier)
        qtbot.keyClick(editor, Qt.Key_Backspace)  # erased before it was ever stable
        assert editor.toPlainText() == ""
        qtbot.keyClicks(editor, "Zorblat will recieve ")
        qtbot.waitUntil(lambda: editor.toPlainText() == "Zorblat will receive ", timeout=10_000)  # auto-corrected
        qtbot.keyClicks(editor, "teh")
        for _ in range(3):
            qtbot.keyClick(editor, Qt.Key_Backspace)
        type_and_wait(qtbot, window, "the logs. ")
        assert window.suggestion_bar.words
        qtbot.keyClick(editor, Qt.Key_1, Qt.AltModifier)  # a taken word...
        assert editor.toPlainText() != "Zorblat will receive the logs. "
        qtbot.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)  # ...undone
        assert editor.toPlainText() == "Zorblat will receive the logs. "
        QApplication.clipboard().setText("PASTED words")
        qtbot.keyClick(editor, Qt.Key_V, Qt.ControlModifier)
        qtbot.keyClicks(editor, " ok.")
        assert editor.toPlainText() == "Zorblat will receive the logs. PASTED words ok."
        qtbot.keyClick(editor, Qt.Key_Return)  # the caret leaves the paragraph: it is recorded
        journal = window.learning.journal_path
        assert " ".join(journal.read_text(encoding="utf-8").split()) == "Zorblat will receive the logs. ok."
        expected = {"Zorblat", "will", "receive", "the", "logs", "ok"}
        qtbot.waitUntil(lambda: stored_words(window) == expected, timeout=10_000)


def test_typed_words_after_pasted_text_are_learned_and_a_pasted_word_typed_into_is_not(qtbot, home):
    with running_window(qtbot) as window:
        QApplication.clipboard().setText("Pasted")
        qtbot.keyClick(window.editor, Qt.Key_V, Qt.ControlModifier)
        qtbot.keyClicks(window.editor, "ly then we typed this.")
        qtbot.keyClick(window.editor, Qt.Key_Return)
        assert window.learning.journal_path.read_text(encoding="utf-8") == "then we typed this.\n"


def test_learning_off_records_nothing(qtbot, home):
    with running_window(qtbot) as window:
        window.learning_action.trigger()
        assert window.settings["learning"] is False and window.learning_label.text() == "learning off"
        qtbot.keyClicks(window.editor, "secret words.")
        qtbot.keyClick(window.editor, Qt.Key_Return)
        qtbot.keyClicks(window.editor, "more secrets")
        paths = window.paths
    assert not paths.journal.exists()  # closing records what stays: with learning off, nothing
    with sqlite3.connect(paths.personal_store) as connection:
        assert connection.execute("SELECT COUNT(*) FROM triples").fetchone()[0] == 0


def test_a_name_typed_twice_is_offered_after_two_letters_across_a_restart(qtbot, home):
    with running_window(qtbot) as window:
        qtbot.keyClicks(window.editor, "I met Zorblat today. Zorblat says hi.")
        assert window.corrections.is_misspelled("Zorblat")
        qtbot.keyClick(window.editor, Qt.Key_Return)
        qtbot.waitUntil(lambda: "Zorblat" in stored_words(window), timeout=10_000)
        qtbot.waitUntil(lambda: not window.corrections.is_misspelled("Zorblat"), timeout=10_000)  # learned: a word
    with running_window(qtbot) as window:
        type_and_wait(qtbot, window, "Dear Zo")
        assert "Zorblat" in window.suggestion_bar.words
        assert window.learning.personal.words >= 6  # the Models dialog's figure, from the store


def test_dont_suggest_this_word_holds_across_a_restart(qtbot, home):
    with running_window(qtbot) as window:
        type_and_wait(qtbot, window, "Thank you very ")
        button = window.suggestion_bar.word_buttons[0]
        blocked = button.property("word")
        window.suggestion_bar.word_menu(button).actions()[0].trigger()
        qtbot.waitUntil(lambda: window.suggestion_bar.words and blocked not in window.suggestion_bar.words,
                        timeout=10_000)  # asked again once the worker has it blocked
    with running_window(qtbot) as window:
        type_and_wait(qtbot, window, "Thank you very ")
        assert window.suggestion_bar.words and blocked not in window.suggestion_bar.words
        assert window.learning.personal.blocked == 1


def test_a_journal_kept_before_the_store_is_learned_once_and_new_text_is_not_counted_twice(qtbot, home):
    journal = home / "data" / "journal.txt"
    journal.parent.mkdir(parents=True)
    journal.write_text("Quillmark met Zorblat.\n", encoding="utf-8")
    with running_window(qtbot) as window:
        qtbot.keyClicks(window.editor, "Hello again Zorblat.")
        qtbot.keyClick(window.editor, Qt.Key_Return)
        qtbot.waitUntil(lambda: {"Quillmark", "Hello"} <= stored_words(window), timeout=10_000)
        with sqlite3.connect(window.paths.personal_store) as connection:
            sightings = dict(connection.execute("SELECT word, SUM(sightings) FROM triples GROUP BY word"))
    assert sightings["Quillmark"] == 1 and sightings["Hello"] == 1 and sightings["Zorblat"] == 2
