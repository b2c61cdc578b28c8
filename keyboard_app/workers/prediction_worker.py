"""The inference worker: owns the Predictor on its own QThread; the GUI thread never runs the network.

Latest wins: `submit()` (called from the GUI thread) replaces any pending request, and the worker computes
only the newest one when it gets to it. Results come back as signals carrying their request id, so the
window can drop a result for text that has changed since.

torch and the engine are imported on the worker's own thread, when it starts: the window is up and the
editor usable while they load.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from keyboard_app.storage.journal import Journal

if TYPE_CHECKING:
    from model.lexicon.word_counts import WordCounts

log = logging.getLogger(__name__)


@dataclass
class Prediction:
    """What the window shows for one text: next characters with probabilities, and words."""

    request_id: int
    context: str
    next_chars: list[tuple[str, float]]
    words: list[str]
    latency_ms: float
    words_follow_space: bool = False  # the typed word is finished: the words come after it and a space


class PredictionWorker(QObject):
    """Runs predictions for the newest request only. Run it on a WorkerThread (keyboard_app.workers.worker_thread)."""

    predicted = Signal(object)  # Prediction
    model_ready = Signal(str, str, str)  # model name, device, problem message ("" when none)
    failed = Signal(str)
    _wake = Signal()

    def __init__(self, models_folder: Path, active_model: str, device: str, journal: Journal | None = None) -> None:
        super().__init__()
        self.journal = journal  # what the user typed: its words are offered by the predictor's fast path
        self.models_folder = models_folder
        self.active_model = active_model
        self.device = device
        self._predictor = None
        self._pending: tuple[int, str, int] | None = None
        self._typed_since: list[str] = []  # typed text not yet given to the predictor, in order
        self._forget_typed = False  # clear the remembered words before adding `_typed_since`
        self._pending_lock = threading.Lock()
        self._wake.connect(self._process_pending)  # queued: the worker lives on another thread

    # ----- called from the GUI thread -----

    def submit(self, request_id: int, context_before_cursor: str, word_count: int = 3) -> None:
        """Ask for `word_count` words and the next characters; replaces any request not yet started (thread-safe)."""
        with self._pending_lock:
            already_waiting = self._pending is not None
            self._pending = (request_id, context_before_cursor, word_count)
        if not already_waiting:
            self._wake.emit()

    def remember_typed(self, text: str) -> None:
        """Words the user just typed join the remembered words before the next request (thread-safe)."""
        with self._pending_lock:
            self._typed_since.append(text)

    def forget_typed(self) -> None:
        """Forget every remembered typed word from the next request on (personal data deleted; thread-safe)."""
        with self._pending_lock:
            self._typed_since = []
            self._forget_typed = True

    # ----- run on the worker thread -----

    @Slot()
    def start(self) -> None:
        """Import torch here, set this thread's torch options and load the active model (falls back to the default)."""
        import torch

        torch.set_num_threads(1)
        self.load_model(self.active_model)

    @Slot(str)
    def load_model(self, model_name: str) -> None:
        """Load a model from the user's models folder by file name (on the CPU if the chosen device is missing)."""
        from model.files.model_folder import load_active_model
        from model.core.device import resolve_device
        from model.lexicon.english_words import load_shipped_english_words

        device_problem = ""
        try:
            resolve_device(self.device)
        except ValueError as error:  # e.g. a settings file from a machine with a GPU
            device_problem = f"Cannot use device {self.device}: {error}. Using the CPU."
            self.device = "cpu"
        try:
            loaded = load_active_model(self.models_folder, model_name, self.device)
        except Exception as error:  # the shipped default itself is unusable: say so, keep running
            log.exception("no model could be loaded")
            self.failed.emit(f"No model could be loaded: {error}")
            return
        self._predictor = loaded.predictor
        if self.journal is not None:
            with self._pending_lock:  # what was typed so far is in the journal: do not count it twice
                self._typed_since, self._forget_typed = [], False
            self._predictor.user_words.add_text(self.journal.read_tail())
        self.active_model = loaded.path.name
        problems = [loaded.problem, device_problem, load_shipped_english_words().problem]
        self.model_ready.emit(loaded.predictor.name, str(loaded.predictor.device), " ".join(filter(None, problems)))
        self._process_pending()

    @Slot(str)
    def set_device(self, device: str) -> None:
        """Move the model to another device without a restart."""
        try:
            if self._predictor is not None:
                self._predictor.to(device)
            self.device = device
        except (ValueError, RuntimeError) as error:
            self.failed.emit(f"Cannot use device {device}: {error}")
            return
        if self._predictor is not None:
            self.model_ready.emit(self._predictor.name, str(self._predictor.device), "")

    @Slot(object, object, str)
    def swap_weights(self, state_dict: dict, word_counts: WordCounts | None, model_name: str) -> None:
        """Use newly learned weights and word counts from now on (runs between two requests, on this thread)."""
        if self._predictor is None:
            return
        try:
            self._predictor.load_weights(state_dict, word_counts)
        except RuntimeError as error:  # a different network shape: keep predicting with what is loaded
            self.failed.emit(f"Learned weights could not be used: {error}")
            return
        self._predictor.metadata.name = Path(model_name).stem
        self.active_model = model_name
        self.model_ready.emit(self._predictor.name, str(self._predictor.device), "")

    @Slot()
    def _process_pending(self) -> None:
        with self._pending_lock:
            pending, self._pending = self._pending, None
            typed_since, self._typed_since = self._typed_since, []
            forget, self._forget_typed = self._forget_typed, False
        if self._predictor is not None:  # while loading, the journal read at load time holds these words
            if forget:
                self._predictor.user_words.clear()
            for text in typed_since:
                self._predictor.user_words.add_text(text)
        if pending is None or self._predictor is None:
            with self._pending_lock:  # not loaded yet: keep the request for when the model is ready
                if self._pending is None:
                    self._pending = pending
            return
        request_id, context, word_count = pending
        started = time.perf_counter()
        try:
            suggestions = self._predictor.suggest(context, k=word_count)
        except Exception:  # a bug must not kill the thread; the user keeps typing without suggestions
            log.error("prediction failed:\n%s", traceback.format_exc())
            self.failed.emit("Prediction failed; see the log for details.")
            return
        latency_ms = (time.perf_counter() - started) * 1000
        self.predicted.emit(
            Prediction(
                request_id, context, suggestions.next_chars, suggestions.words, latency_ms, suggestions.words_follow_space
            )
        )
