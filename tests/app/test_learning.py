"""Learning in the app: the journal, rounds on the learner thread, weight swaps, versions, crashes."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from conftest import running_window, type_and_wait

import keyboard_app.workers.learning_worker as learning_worker
from keyboard_app.storage.journal import Journal
from keyboard_app.storage.paths import HOME_VARIABLE
from keyboard_app.workers.learning_worker import RoundResult
from model import FinetuneSettings, ModelFolder, Predictor
from model.files.checkpoint import load_model

REPOSITORY = Path(__file__).resolve().parents[2]
USER_TEXT = "\n".join(
    f"{who} {what} {when}"
    for when in ["every morning.", "after lunch.", "on Sundays.", "before dinner.", "with the children."]
    for who in ["My friend Zorblat", "Zorblat", "Our neighbour Zorblat", "Old Zorblat"]
    for what in ["writes code", "drinks tea", "walks the dog", "reads the news", "plays chess"]
)


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv(HOME_VARIABLE, str(tmp_path / "home"))
    quick = FinetuneSettings(minutes=0.25, epochs=30, batch_size=16, sequence_length=64, validate_every=15,
                             savings_chars=200)
    monkeypatch.setattr(learning_worker, "TYPING_ROUND", quick)
    monkeypatch.setattr(learning_worker, "DOCUMENT_ROUND", quick)
    with running_window(qtbot) as main_window:
        yield main_window


def test_a_round_from_typing_is_kept_and_swapped_in_while_requests_keep_coming(qtbot, window):
    type_and_wait(qtbot, window, "My friend Zo")
    before = window.suggestion_bar.words
    window.editor.clear()
    window.learning.journal.append(USER_TEXT)
    with qtbot.waitSignal(window.learning.round_finished, timeout=180_000) as finished:
        with qtbot.waitSignal(window.learning.status_changed, timeout=10_000):
            window.learning.start_typing_round()
        assert window.learning_label.text() == "learning from your typing…"
        context = "We hold these truths to be self-evident, that all men are cre"
        for end in range(20, len(context) + 1):  # requests while the round runs and its weights are swapped in
            window.worker.submit(end, context[:end], 3)
            qtbot.wait(5)
    result = finished.args[0]
    assert result.version is not None, result.message
    assert result.report.after["held_out_bits_per_character"] < result.report.before["held_out_bits_per_character"]
    qtbot.waitUntil(lambda: window.model_label.text() == f"model: {result.version.stem}", timeout=10_000)
    assert window.settings["active_model"] == result.version.name
    assert [v.path for v in ModelFolder(window.paths.models).list_versions()][0] == result.version
    type_and_wait(qtbot, window, "My friend Zo")
    assert "Zorblat" in window.suggestion_bar.words, (before, window.suggestion_bar.words)
    fresh = Predictor.load(result.version, device="cpu")  # what the swapped-in weights predict
    assert window.last_prediction.words == fresh.suggest_words("My friend Zo", k=3)


def test_documents_round_reports_skipped_files_and_cancel_keeps_the_model(qtbot, window, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "story.md").write_text(USER_TEXT, encoding="utf-8")
    (docs / "data.txt").write_bytes(b"\x00\x01\x02")
    statuses, phases = [], []
    window.learning.phase.connect(phases.append)
    dialog = window.start_document_training([str(docs)], minutes=0.25)
    window.learning.progress.connect(lambda _: statuses.append(dialog.status.text()))
    window.learning.phase.connect(lambda _: statuses.append(dialog.status.text()))
    with qtbot.waitSignal(window.learning.round_finished, timeout=180_000) as finished:
        pass
    result = finished.args[0]
    assert [(p.name, "binary" in why) for p, why in result.skipped] == [("data.txt", True)]
    assert "before" in dialog.report.toPlainText() and "data.txt" in dialog.report.toPlainText()
    assert phases == ["reading the documents", "measuring the model before training", "judging the result on held-out text"]
    assert "Judging the result on held-out text…" in statuses and not any("nan" in status for status in statuses)
    qtbot.waitUntil(lambda: window.learning.personal.words >= 20, timeout=10_000)  # the documents' words learned
    assert not window.learning.journal_path.exists()  # into the personal store, not the journal of typing
    dialog.reject()
    active = window.settings["active_model"]
    with qtbot.waitSignal(window.learning.round_finished, timeout=180_000) as cancelled:
        window.start_document_training([str(docs)], minutes=0.25)
        qtbot.waitSignal(window.learning.progress, timeout=60_000).wait()
        window.learning.cancel()
    assert cancelled.args[0].version is None and "Cancelled" in cancelled.args[0].message
    assert window.settings["active_model"] == active


def test_a_result_from_a_round_on_a_model_no_longer_in_use_is_dropped(qtbot, window):
    network, metadata = load_model(window.paths.models / "default.safetensors")
    late = RoundResult("typing", "personal-old.safetensors", None, window.paths.models / "personal-late.safetensors",
                       "kept", weights=network.state_dict())  # a round on a model the user has since left
    with qtbot.waitSignal(window.learning.round_finished, timeout=5_000):
        window.learning.worker.result.emit(late)
    qtbot.wait(300)
    assert window.settings["active_model"] == "default.safetensors"
    assert window.model_label.text() == "model: default"


def test_models_dialog_switches_resets_and_erases_personal_data(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from keyboard_app.widgets.learning_dialogs import ModelsDialog

    network, metadata = load_model(window.paths.models / "default.safetensors")
    figures = {"held_out_bits_per_character": 2.0, "held_out_keystroke_savings": 0.4, "replay_bits_per_character": 1.9}
    version = ModelFolder(window.paths.models).save_version(network, metadata, "typing", figures)
    window.learning.record_typed("Zorblat types words.\n")  # into the journal and the personal store
    store = window.paths.personal_store
    qtbot.waitUntil(lambda: window.learning.personal.words == 3, timeout=10_000)
    kept_aside = window.paths.models / "personal-20260101-000000.safetensors.broken-20260102-000000"
    kept_aside.write_bytes(b"a personal model that once failed to load")
    dialog = ModelsDialog(window.learning, window)
    assert [v.source for v in dialog.versions] == ["typing", "default"]
    dialog.table.selectRow(0)
    with qtbot.waitSignal(window.model_shown, timeout=10_000):
        dialog.use_selected()
    assert window.settings["active_model"] == version.name
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.Yes)
    with qtbot.waitSignal(window.model_shown, timeout=10_000):
        dialog.delete_personal_data()
    assert not version.exists() and not kept_aside.exists() and not window.learning.journal_path.exists()
    qtbot.waitUntil(lambda: window.learning.personal.words == 0, timeout=10_000)
    assert not any(store.parent.glob(store.name + "*"))  # no trace of the store: its WAL files neither
    assert window.settings["active_model"] == "default.safetensors"
    assert [v.source for v in dialog.versions] == ["default"]


def run_until_killed(script: str, ready: Path, tmp_path: Path) -> None:
    """Run a Python script that touches `ready` when it is mid-work, then SIGKILL it."""
    process = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)], cwd=REPOSITORY,
                               env={**os.environ, "PYTHONPATH": str(REPOSITORY), "OMP_NUM_THREADS": "1"})
    deadline = time.monotonic() + 60
    while not ready.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
    time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    assert ready.exists(), "the script never got going"


def test_the_journal_survives_a_kill_in_the_middle_of_writing(tmp_path):
    journal_path, ready = tmp_path / "journal.txt", tmp_path / "ready"
    run_until_killed(f"""
        from pathlib import Path
        from keyboard_app.storage.journal import Journal
        journal = Journal(Path({str(journal_path)!r}))
        for number in range(10**9):
            journal.append(f"word{{number}} ")
            if number == 1000:
                Path({str(ready)!r}).touch()
    """, ready, tmp_path)
    words = Journal(journal_path).read_tail(10**9).split()
    assert len(words) > 1000
    assert words[:-1] == [f"word{number}" for number in range(len(words) - 1)]  # at most the last is cut


def test_a_killed_save_leaves_the_previous_version_loadable(tmp_path):
    models, ready = tmp_path / "models", tmp_path / "ready"
    models.mkdir()
    run_until_killed(f"""
        from pathlib import Path
        from model import ModelFolder, default_model_path
        from model.files.checkpoint import load_model
        network, metadata = load_model(default_model_path())
        for number in range(10**9):
            ModelFolder(Path({str(models)!r})).save_version(network, metadata, "typing", {{}})
            Path({str(ready)!r}).touch()
    """, ready, tmp_path)
    versions = ModelFolder(models).list_versions()  # sweeps nothing itself: every listed file must load
    assert versions
    for version in versions:
        Predictor.load(version.path, device="cpu")
    from model.files.atomic_file import sweep_stale_temporaries

    sweep_stale_temporaries(models)
    assert all(path.suffix == ".safetensors" for path in models.iterdir())


def test_a_journal_that_cannot_be_written_pauses_learning_with_a_message(qtbot, window, monkeypatch):
    def disk_full(self, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Journal, "append", disk_full)
    qtbot.keyClicks(window.editor, "Hello there.")
    qtbot.keyClick(window.editor, Qt.Key_Return)  # the caret leaves the paragraph: it is recorded
    assert window.settings["learning"] is False and not window.learning_action.isChecked()
    assert window.banner.isVisible() and "journal cannot be written" in window.banner.text()
    assert window.editor.toPlainText() == "Hello there.\n"  # typing goes on


def test_any_failure_of_a_round_ends_it_with_its_message_and_the_dialog_can_close(qtbot, window, tmp_path, monkeypatch):
    import model

    def broken_reader(paths):
        raise UnicodeError("a reader bug")  # not an OSError: the learner must still end the round

    monkeypatch.setattr(model, "read_documents", broken_reader)
    (tmp_path / "story.md").write_text(USER_TEXT, encoding="utf-8")
    with qtbot.waitSignal(window.learning.round_finished, timeout=30_000) as finished:
        dialog = window.start_document_training([str(tmp_path / "story.md")], minutes=0.25)
    assert finished.args[0].message == "Learning failed: a reader bug." and finished.args[0].version is None
    assert "Learning failed: a reader bug." in dialog.report.toPlainText()
    assert not window.learning.round_running
    dialog.reject()
