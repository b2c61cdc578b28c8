"""Learning, as the window sees it: the journal of typed words, when to start a round, and where results go.

Typed words go to the journal while Learning is on, and to the inference worker's remembered words (the fast
path that offers a new name after it was typed twice). A round starts when LEARN_EVERY_BYTES of new text has
gathered, or after IDLE_MS without typing if some has. The learner runs on its own thread; a kept round's
weights go straight to the inference worker (which swaps them in between two requests) and the new version
becomes the active model in the settings.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from keyboard_app.storage.journal import Journal
from keyboard_app.workers.learning_worker import LearningWorker, RoundResult
from keyboard_app.storage.paths import AppPaths
from keyboard_app.workers.prediction_worker import PredictionWorker
from keyboard_app.storage.settings import Settings
from keyboard_app.workers.worker_thread import WorkerThread
from model.files.resources import DEFAULT_MODEL_NAME

if TYPE_CHECKING:
    from model.lexicon.word_counts import WordCounts

log = logging.getLogger(__name__)

LEARN_EVERY_BYTES = 3000
IDLE_MS = 30_000
IDLE_MIN_BYTES = 400


class LearningController(QObject):
    """Owns the journal and the learner thread; the window calls it and listens to its signals."""

    status_changed = Signal(str)  # what the learner is doing, "" when idle
    round_finished = Signal(object)  # RoundResult
    progress = Signal(object)  # TrainingProgress of the running round
    phase = Signal(str)  # what the running round does between training steps
    model_changed = Signal(str)  # a new active model file name
    problem = Signal(str)  # something the user must know (e.g. the journal cannot be written)
    _weights_adopted = Signal(object, object, str)
    _typing_round_requested = Signal()
    _documents_round_requested = Signal(list, float)
    _active_model_changed = Signal(str)

    def __init__(self, paths: AppPaths, settings: Settings, prediction_worker: PredictionWorker, journal: Journal) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self.journal = journal
        self.worker = LearningWorker(paths.models, journal, settings["active_model"])
        self.learning_thread = WorkerThread(self.worker, "learning")
        self.round_running = False
        self.new_bytes = 0
        self.idle_timer = QTimer(self, singleShot=True, interval=IDLE_MS, timeout=self._idle)
        self._typing_round_requested.connect(self.worker.learn_from_typing)
        self._documents_round_requested.connect(self.worker.learn_from_documents)
        self._active_model_changed.connect(self.worker.set_active_model)
        self.prediction_worker = prediction_worker
        self._round_still_wanted = False  # False once the user switched models or erased data mid-round
        self._weights_adopted.connect(prediction_worker.swap_weights)
        self.worker.weights_ready.connect(self._adopt_version)
        self.worker.round_started.connect(self._round_started)
        self.worker.round_finished.connect(self._round_finished)
        self.worker.progress.connect(self.progress)
        self.worker.phase.connect(self.phase)

    def start(self) -> None:
        """Start the learner thread (the window does, once it is on screen)."""
        self.learning_thread.start()

    # ----- typing -----

    def record_typed(self, text: str) -> None:
        """Journal a finished word (Learning on only); start a round when enough new text has gathered."""
        if not self.settings["learning"]:
            return
        try:
            self.journal.append(text)
        except OSError as error:  # disk full, folder gone: stop journaling, keep the user typing
            self.settings["learning"] = False
            self.problem.emit(f"Learning is paused: the journal cannot be written ({error.strerror or error}).")
            return
        self.prediction_worker.remember_typed(text)
        self.new_bytes += len(text.encode("utf-8"))
        self.idle_timer.start()
        if self.new_bytes >= LEARN_EVERY_BYTES:
            self.start_typing_round()

    def start_typing_round(self) -> None:
        """Ask the learner for a round on the journal (ignored while a round runs)."""
        if self.round_running or not self.settings["learning"]:
            return
        self._begin_round()
        self.new_bytes = 0
        self._typing_round_requested.emit()

    def _idle(self) -> None:
        if self.new_bytes >= IDLE_MIN_BYTES:
            self.start_typing_round()

    # ----- documents -----

    def train_on_documents(self, paths: list[str], minutes: float) -> bool:
        """Start a round on documents; False when a round is already running."""
        if self.round_running:
            return False
        self._begin_round()
        self._documents_round_requested.emit(paths, minutes)
        return True

    def _begin_round(self) -> None:
        self.round_running = True
        self._round_still_wanted = True
        self.worker.allow_next_round()

    def cancel(self) -> None:
        """Stop the running round; the model stays as it was."""
        self.worker.cancel()

    # ----- models -----

    def use_model(self, model_name: str) -> None:
        """Make `model_name` (a file in the models folder) the active model; a running round is dropped."""
        self.cancel()
        self._round_still_wanted = False
        self._make_active(model_name)
        self.model_changed.emit(model_name)

    def _make_active(self, model_name: str) -> None:
        self.settings["active_model"] = model_name
        self._active_model_changed.emit(model_name)
        try:
            self.settings.save()
        except OSError as error:
            self.problem.emit(f"Settings could not be saved: {error}")

    def erase_personal_data(self) -> None:
        """Delete the journal and every personal model; the default model becomes active."""
        from model.files.model_folder import delete_personal_models

        self.use_model(DEFAULT_MODEL_NAME)  # first: no round may adopt a personal model after this
        self.prediction_worker.forget_typed()
        self.new_bytes = 0
        self.worker.journal_bytes_learned = 0
        try:
            self.journal.erase()
            delete_personal_models(self.paths.models)
        except OSError as error:
            self.problem.emit(f"Some personal data could not be deleted: {error}")

    def _adopt_version(self, state: dict, word_counts: WordCounts | None, model_name: str, base_model: str) -> None:
        """Use a kept round's result, unless the user has since switched models or erased personal data."""
        if not self._round_still_wanted or base_model != self.settings["active_model"]:
            log.info("learned version %s not adopted: the active model changed during the round", model_name)
            return
        self._weights_adopted.emit(state, word_counts, model_name)
        self._make_active(model_name)

    # ----- rounds -----

    def _round_started(self, source: str) -> None:
        self.status_changed.emit("learning from your typing…" if source == "typing" else "learning from documents…")

    def _round_finished(self, result: RoundResult) -> None:
        self.round_running = False
        self._round_still_wanted = False
        self.status_changed.emit("")
        log.info("%s round: %s%s", result.source, result.message, f" -> {result.version.name}" if result.version else "")
        self.round_finished.emit(result)

    def shutdown(self) -> None:
        """Stop the learner thread (cancelling any round) and close the journal."""
        self.idle_timer.stop()
        self.worker.cancel()
        if self.learning_thread.thread.isRunning() and not self.learning_thread.stop():
            log.error("learning thread did not stop in time")
        try:
            self.journal.close()
        except OSError as error:  # what was flushed is on disk already; quitting must go on
            log.error("journal could not be closed: %s", error)

    @property
    def journal_path(self) -> Path:
        """Where typed text is kept for learning."""
        return self.journal.path
