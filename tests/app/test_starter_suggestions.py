"""The first seconds: while torch loads, the bar offers the model file's counts (starter words), then the model."""

import gc
import threading
import weakref

from keyboard_app.storage.paths import HOME_VARIABLE
from keyboard_app.workers.prediction_worker import PredictionWorker


def test_words_are_offered_from_the_counts_while_torch_loads_then_the_model_takes_over(qtbot, tmp_path, monkeypatch):
    from keyboard_app.app import create_main_window

    monkeypatch.setenv(HOME_VARIABLE, str(tmp_path / "home"))
    torch_imported = threading.Event()  # this test process has torch already: the import is held back here
    original = PredictionWorker._import_engine
    monkeypatch.setattr(PredictionWorker, "_import_engine", lambda worker: torch_imported.wait(30) and original(worker))
    gc.unfreeze()  # a window of an earlier test froze what it had
    window = create_main_window()
    window.show()
    try:
        qtbot.waitUntil(lambda: window.last_prediction is not None, timeout=10_000)
        assert window.last_prediction.from_counts_only and window.last_prediction.words
        assert window.suggestion_bar.words == window.last_prediction.words
        assert window.model_label.text() == "loading model…"
        with qtbot.waitSignal(window.suggestions_shown, timeout=10_000, check_params_cb=lambda rid: rid == window.latest_request_id):
            qtbot.keyClicks(window.editor, "See you tom")
        assert window.last_prediction.from_counts_only and "tomorrow" in window.suggestion_bar.words
        assert window.last_prediction.next_chars == []  # no model yet: no next characters
        torch_imported.set()
        qtbot.waitUntil(lambda: window.model_label.text().startswith("model:"), timeout=30_000)
        qtbot.waitUntil(lambda: not window.last_prediction.from_counts_only, timeout=10_000)
        assert window.last_prediction.context == "See you tom" and window.last_prediction.next_chars
        # The loaded model's objects are frozen out of the cyclic collector's passes (a full one stalled a key for
        # 150 ms), and a model replaced by another is still collected.
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 100_000, timeout=20_000)
        replaced = weakref.ref(window.worker._predictor)
        with qtbot.waitSignal(window.model_shown, timeout=30_000):
            window.learning.use_model("default.safetensors")
        qtbot.waitUntil(lambda: replaced() is None, timeout=20_000)
    finally:
        torch_imported.set()
        window.editor.document().setModified(False)
        assert window.close()
    assert not window.worker.thread.isRunning()
    assert not window.learning.worker.thread.isRunning()
    window.deleteLater()
