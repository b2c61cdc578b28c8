"""The editor with the real default model and worker thread, in a temporary user data root."""

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from conftest import running_window, type_and_wait

from keyboard_app.app import create_main_window
from keyboard_app.storage.paths import HOME_VARIABLE, app_paths
from keyboard_app.storage.settings import Settings
from keyboard_app.widgets.suggestion_bar import SuggestionBar
from model import default_model_path
from model.lexicon import english_words


@pytest.fixture
def user_root(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv(HOME_VARIABLE, str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def window(qtbot, user_root):
    with running_window(qtbot) as main_window:
        yield main_window


def test_typing_shows_words_that_begin_with_the_typed_prefix(qtbot, window):
    type_and_wait(qtbot, window, "The cat sat on the m")
    words = window.suggestion_bar.words
    assert len(words) == 3 and all(word.startswith("m") for word in words)
    assert window.last_prediction.context == "The cat sat on the m"
    assert window.editor.toPlainText() == "The cat sat on the m"  # nothing inserted unasked
    assert window.latency_label.text().endswith("ms")


def test_tab_takes_the_ghost_completion_and_adds_a_space(qtbot, window):
    type_and_wait(qtbot, window, "Thank you very mu")
    best = window.suggestion_bar.words[0]
    assert window.editor.ghost == best[len("mu"):]
    qtbot.keyClick(window.editor, Qt.Key_Tab)
    assert window.editor.toPlainText() == f"Thank you very {best} "
    assert window.editor.keystrokes_saved == len(best) - 2 + 1 - 1


def test_escape_hides_the_ghost_and_tab_then_types_a_tab(qtbot, window):
    type_and_wait(qtbot, window, "I would like to th")
    assert window.editor.ghost
    qtbot.keyClick(window.editor, Qt.Key_Escape)
    assert window.editor.ghost == ""
    qtbot.keyClick(window.editor, Qt.Key_Tab)
    assert window.editor.toPlainText() == "I would like to th\t"


@pytest.mark.parametrize("index", [0, 1, 2])
def test_alt_number_takes_that_word_in_place_of_the_partial_word(qtbot, window, index):
    type_and_wait(qtbot, window, "We went to the st")
    chosen = window.suggestion_bar.words[index]
    qtbot.keyClick(window.editor, Qt.Key_1 + index, Qt.AltModifier)
    assert window.editor.toPlainText() == f"We went to the {chosen} "


def test_emoji_and_combining_marks_before_the_caret_keep_context_and_taken_words_right(qtbot):
    from keyboard_app.widgets.editor import PredictiveEditor

    editor = PredictiveEditor()
    qtbot.addWidget(editor)
    editor.setPlainText("😀 cafe\u0301 wor and more")  # an emoji (two UTF-16 units) and a combining accent
    cursor = editor.textCursor()
    cursor.setPosition(len("😀 cafe\u0301 wor".encode("utf-16-le")) // 2)
    editor.setTextCursor(cursor)
    assert editor.context_before_cursor() == "😀 cafe\u0301 wor"
    editor.take_word("world")
    assert editor.toPlainText() == "😀 cafe\u0301 world  and more"
    assert editor.context_before_cursor() == "😀 cafe\u0301 world "


def test_clicking_a_word_after_punctuation_adds_the_space_before_it(qtbot, window):
    type_and_wait(qtbot, window, "Hello,")
    first = window.suggestion_bar.words[0]
    window.suggestion_bar.word_buttons[0].click()
    assert window.editor.toPlainText() == f"Hello, {first} "


def test_fast_typing_never_shows_a_stale_result(qtbot, window):
    shown_contexts = []
    window.suggestions_shown.connect(
        lambda _: shown_contexts.append((window.last_prediction.context, window.editor.context_before_cursor()))
    )
    text = "It was the best of times, it was the worst of times, it was the age of wisdom"
    for character in text:
        qtbot.keyClicks(window.editor, character)  # no waiting between keys: requests pile up
    qtbot.waitUntil(lambda: window.shown_request_id == window.latest_request_id, timeout=10_000)
    assert shown_contexts and all(shown == current for shown, current in shown_contexts)
    assert window.last_prediction.context == text
    assert window.dropped_results + len(shown_contexts) <= window.latest_request_id


def test_the_models_folder_is_repaired_once_at_start_up_and_loading_models_never_deletes(qtbot, user_root):
    paths = app_paths().ensure_exist()
    models = paths.models
    (models / ".personal-1.safetensors.abc.partial").write_bytes(b"left by a killed save")
    broken = models / "personal-broken.safetensors"
    broken.write_bytes(b"not a model")
    (models / "personal-1.safetensors").write_bytes(default_model_path().read_bytes())
    settings = Settings(paths.settings_file)
    settings["active_model"] = "personal-1.safetensors"  # a personal model active: the sweep happens all the same
    settings.save()
    with running_window(qtbot) as main_window:
        assert main_window.model_label.text() == "model: default" and main_window.settings["active_model"] == "personal-1.safetensors"
        assert not list(models.glob("*.partial"))  # swept at start-up, whatever model is active
        (models / ".personal-2.safetensors.def.partial").write_bytes(b"a save in progress")
        with qtbot.waitSignal(main_window.model_shown, timeout=20_000) as ready:
            main_window.learning.use_model(broken.name)  # a model that does not load: the default stands in
        assert ready.args[0].model_failure is not None and ready.args[0].file_name == "default.safetensors"
        assert "personal-broken.safetensors could not be loaded" in main_window.banner.text()
        with qtbot.waitSignal(main_window.model_shown, timeout=20_000):
            main_window.learning.use_model("default.safetensors")
        assert (models / ".personal-2.safetensors.def.partial").exists()  # a read never deletes
        assert broken.read_bytes() == b"not a model"  # nor renames
        assert not list(models.glob("*.broken-*"))


def test_a_damaged_default_model_is_restored_at_start_up_and_kept_aside(qtbot, user_root):
    models = app_paths().ensure_exist().models
    (models / "default.safetensors").write_bytes(b"\x00garbage" * 100)
    main_window = create_main_window()  # closed below, not by qtbot: its close would ask to save
    main_window.show()
    qtbot.waitUntil(lambda: main_window.model_label.text() == "model: default", timeout=20_000)
    try:
        assert "default model was damaged and has been restored" in main_window.banner.text()
        kept = list(models.glob("default.safetensors.broken-*"))
        assert len(kept) == 1 and kept[0].read_bytes() == b"\x00garbage" * 100
        type_and_wait(qtbot, main_window, "The cat sat on the m")
        assert main_window.suggestion_bar.words
    finally:
        main_window.shutdown()
    assert not main_window.worker.thread.isRunning()


def test_closing_the_window_stops_every_thread(qtbot, user_root):
    main_window = create_main_window()  # closed below, not by qtbot: its close would ask to save
    main_window.show()
    threads = [main_window.worker.thread, main_window.learning.worker.thread]
    qtbot.waitUntil(lambda: all(thread.isRunning() for thread in threads), timeout=20_000)  # started once shown and loaded
    assert main_window.close()
    assert not any(thread.isRunning() for thread in threads)


def test_onscreen_keyboard_types_and_is_tinted_by_probability(qtbot, window):
    window.keyboard_action.trigger()
    assert window.keyboard.isVisible()
    type_and_wait(qtbot, window, "Thank you very muc")
    tints = {c: window.keyboard.keys[c].probability for c in "hz"}
    assert tints["h"] > 0.5 > tints["z"]
    with qtbot.waitSignal(window.suggestions_shown, timeout=10_000):
        window.keyboard.keys["h"].click()
    assert window.editor.toPlainText() == "Thank you very much"


def test_device_choice_moves_the_model_and_a_missing_device_is_reported(qtbot, window):
    window.settings["device"] = "cpu"
    with qtbot.waitSignal(window.model_shown, timeout=10_000) as ready:
        window.apply_settings()
    assert ready.args[0].device == "cpu" and window.device_label.text() == "device: cpu"
    import torch

    if not torch.cuda.is_available():
        window.settings["device"] = "cuda"
        window.apply_settings()
        qtbot.waitUntil(lambda: "The device could not be changed: cuda is not available" in window.banner.text())
        assert window.device_label.text() == "device: cpu"


def test_save_open_and_recent_files(qtbot, window, tmp_path):
    type_and_wait(qtbot, window, "Dear diary, ")
    window.editor.insertPlainText("é 日本")  # as an input method would (QTest types ASCII only)
    qtbot.waitUntil(lambda: window.shown_request_id == window.latest_request_id, timeout=10_000)
    assert window.last_prediction.context == "Dear diary, é 日本"
    assert window.isWindowModified()
    target = tmp_path / "note.md"
    assert window.files.save_to(target)
    assert target.read_text(encoding="utf-8") == "Dear diary, é 日本"
    assert not window.isWindowModified() and "note.md" in window.windowTitle()
    window.files.new_document()
    assert window.editor.toPlainText() == ""
    assert window.files.load_file(target) and window.editor.toPlainText() == "Dear diary, é 日本"
    assert Settings(app_paths().settings_file)["recent_files"][0] == str(target)


def test_open_then_save_keeps_no_break_spaces_line_separators_and_windows_line_ends(qtbot, window, tmp_path):
    original = "Dr.\u00a0Watson\r\nline\u2028break\r\nend"
    path = tmp_path / "windows.txt"
    path.write_bytes(original.encode("utf-8"))
    assert window.files.load_file(path) and window.files.save_to(path)
    assert path.read_bytes().decode("utf-8") == original
    notepad = tmp_path / "notepad.txt"
    notepad.write_bytes("Unicode from Notepad: café\r\n".encode("utf-16"))  # with its byte-order mark
    assert window.files.load_file(notepad) and window.editor.toPlainText() == "Unicode from Notepad: café\n"
    assert window.files.save_to(notepad) and notepad.read_bytes() == "Unicode from Notepad: café\r\n".encode("utf-16")


def test_binary_file_is_refused_and_the_document_is_kept(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    type_and_wait(qtbot, window, "Keep me")
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    assert not window.files.load_file(binary)
    assert "binary" in warnings[0] and window.editor.toPlainText() == "Keep me"


def test_settings_persist_and_unknown_keys_are_errors(user_root):
    settings = Settings(app_paths().ensure_exist().settings_file)
    settings["suggestion_count"] = 5
    settings["ghost_text"] = False
    settings.save()
    reread = Settings(app_paths().settings_file)
    assert reread["suggestion_count"] == 5 and reread["ghost_text"] is False
    with pytest.raises(KeyError):
        reread["colour"] = "blue"


def test_word_count_setting_changes_the_bar(qtbot, window):
    window.settings["suggestion_count"] = 5
    window.apply_settings()
    type_and_wait(qtbot, window, "The cat sat on the ")
    assert len(window.suggestion_bar.words) == 5


def test_a_damaged_general_english_file_is_shown_and_suggestions_go_on(qtbot, user_root, tmp_path, monkeypatch):
    damaged = tmp_path / "english_words.safetensors"
    damaged.write_bytes(b"\x00" * 20)
    monkeypatch.setattr(english_words, "resource_path", lambda name: damaged)
    english_words.load_shipped_english_words.cache_clear()
    try:
        with running_window(qtbot) as main_window:
            qtbot.waitUntil(lambda: main_window.banner.isVisible(), timeout=20_000)
            assert "english_words.safetensors could not be read" in main_window.banner.text()
            assert "Your model" not in main_window.banner.text()  # the user's model is not blamed
            type_and_wait(qtbot, main_window, "The cat sat on the m")
            assert len(main_window.suggestion_bar.words) == 3
    finally:
        english_words.load_shipped_english_words.cache_clear()
    assert not list(app_paths().models.glob("*.broken-*"))


def test_a_damaged_settings_file_is_kept_aside_and_shown(qtbot, user_root):
    settings_file = app_paths().ensure_exist().settings_file
    settings_file.write_text('{"font_size": 20, "recent_files": ["a.txt"],}', encoding="utf-8")  # a stray comma
    with running_window(qtbot) as main_window:
        assert "settings file was damaged" in main_window.banner.text() and main_window.banner.isVisible()
    kept = list(settings_file.parent.glob("settings.json.broken-*"))
    assert len(kept) == 1 and '"font_size": 20' in kept[0].read_text(encoding="utf-8")


def test_settings_of_the_right_type_but_bad_values_fall_back_to_the_defaults(qtbot, user_root):
    settings_file = app_paths().ensure_exist().settings_file
    bad = {"recent_files": [1], "active_model": "", "suggestion_count": 0, "font_size": True, "device": "auto"}
    settings_file.write_text(json.dumps(bad), encoding="utf-8")
    settings = Settings(settings_file)
    assert settings["recent_files"] == [] and settings["active_model"] == "default.safetensors"
    assert settings["suggestion_count"] == 3 and settings["font_size"] == 13 and not settings.problem
    with running_window(qtbot) as main_window:  # starts and predicts; the models folder is not set aside
        type_and_wait(qtbot, main_window, "The cat sat on the m")
        assert main_window.suggestion_bar.words
    assert app_paths().models.is_dir()


def test_a_device_this_machine_lacks_falls_back_to_the_cpu_with_a_message(qtbot, user_root):
    settings_file = app_paths().ensure_exist().settings_file
    settings_file.write_text(json.dumps({"device": "mps"}), encoding="utf-8")  # never on Linux: a settings file from a Mac
    with running_window(qtbot) as main_window:
        qtbot.waitUntil(lambda: main_window.banner.isVisible(), timeout=20_000)
        assert "Using the CPU" in main_window.banner.text() and main_window.device_label.text() == "device: cpu"
        type_and_wait(qtbot, main_window, "The cat sat on the m")
        assert main_window.suggestion_bar.words


def test_the_bar_shows_a_correction_of_the_same_words_and_back_again(qtbot):
    bar = SuggestionBar()
    qtbot.addWidget(bar)
    first = bar.word_buttons[0]
    for corrected in (False, True, False):
        bar.show_words(["receive", "recipe"], corrected)
        assert first.text() == ("→ receive" if corrected else "receive")
        assert first.font().italic() == corrected and first.isEnabled()
        assert ("correction" in first.toolTip()) == corrected and not bar.word_buttons[2].isEnabled()
    texts_set = []
    first.setText = lambda text: texts_set.append(text)  # a button set again would be laid out again
    bar.show_words(["receive", "recipe"], False)
    bar.show_words(["receive"], False)
    assert texts_set == [] and bar.words == ["receive"]  # the first button showed "receive" all along
    bar.show_next_chars([("e", 0.5), (" ", 0.25)])
    assert "␣" in bar.next_chars_label.text()
