"""Learning, as the window sees it: what is recorded, when to start a round, and where results go.

What the user wrote, as it stays in the document (keyboard_app.controllers.stable_text), goes to the journal
while Learning is on, and to the inference worker's personal language (offered from the next key on). A
fine-tuning round starts when LEARN_EVERY_BYTES of new text has gathered, or after IDLE_MS without typing if
some has. The learner runs on its own thread; a kept round's weights go straight to the inference worker
(which swaps them in between two requests) and the new version becomes the active model in the settings;
a documents round's text is learned by the personal language too.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from keyboard_app.controllers.stable_text import StableText
from keyboard_app.messages import describe
from keyboard_app.storage.dictionary import PersonalDictionary
from keyboard_app.storage.journal import Journal
from keyboard_app.storage.paths import AppPaths
from keyboard_app.storage.settings import Settings
from keyboard_app.workers.learning_worker import DOCUMENTS_JOB, TYPING_JOB, LearningWorker, RoundResult
from keyboard_app.widgets.editor import PredictiveEditor
from keyboard_app.workers.prediction_worker import Learned, PredictionWorker
from model import DEFAULT_MODEL_NAME, ModelFolder, PersonalSummary

if TYPE_CHECKING:
    from model import TrainingProgress

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
    settings_changed = Signal()  # the settings changed here: the window saves them (its one handler)
    problem = Signal(str)  # something the user must know (e.g. the journal cannot be written)
    personal_changed = Signal()  # the personal language learned, blocked or forgot something
    words_learned = Signal(list)  # words the personal language had never seen
    _weights_adopted = Signal(object, object, str)
    _typing_round_requested = Signal()
    _documents_round_requested = Signal(list, float)
    _active_model_changed = Signal(str)
    _journal_erased = Signal()
    _learn_requested = Signal(str)
    _document_learning_requested = Signal(str)
    _block_requested = Signal(str)
    _blocked_words_allowed = Signal()
    _personal_erase_requested = Signal()

    def __init__(
        self,
        paths: AppPaths,
        settings: Settings,
        prediction_worker: PredictionWorker,
        journal: Journal,
        dictionary: PersonalDictionary,
        editor: PredictiveEditor,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self.journal = journal
        self.dictionary = dictionary
        self.worker = LearningWorker(paths.models, journal, settings["active_model"])
        self.round_running = False
        self._round_source, self._round_base = "", ""  # the running round's kind and the model it started from
        self.new_bytes = 0
        self.idle_timer = QTimer(self, singleShot=True, interval=IDLE_MS, timeout=self._idle)
        self._typing_round_requested.connect(self.worker.learn_from_typing)
        self._documents_round_requested.connect(self.worker.learn_from_documents)
        self._active_model_changed.connect(self.worker.set_active_model)
        self._journal_erased.connect(self.worker.forget_journal)
        self.prediction_worker = prediction_worker
        self._round_still_wanted = False  # False once the user switched models or erased data mid-round
        self._weights_adopted.connect(prediction_worker.swap_weights)
        self.worker.started.connect(self._round_started)
        self.worker.progress.connect(self._round_progress)
        self.worker.result.connect(self._round_finished)
        self.worker.error.connect(self._round_failed)
        self.personal = PersonalSummary(0, 0, 0)  # what the personal language holds, as last reported
        prediction_worker.result.connect(self._personal_reported)
        for signal, slot in (
            (self._learn_requested, prediction_worker.learn),
            (self._document_learning_requested, prediction_worker.learn_document),
            (self._block_requested, prediction_worker.block_word),
            (self._blocked_words_allowed, prediction_worker.allow_blocked_words),
            (self._personal_erase_requested, prediction_worker.erase_personal),
        ):
            signal.connect(slot)
        self.recorder = StableText(editor, lambda: self.settings["learning"])
        self.recorder.recorded.connect(self.record_typed)

    def start(self) -> None:
        """Start the learner thread (the window does, once it is on screen)."""
        self.worker.start_thread()

    # ----- typing -----

    def record_typed(self, text: str) -> None:
        """Journal and learn text the user wrote, as it stays (Learning on only); start a round when enough new
        text has gathered."""
        if not self.settings["learning"]:
            return
        try:
            self.journal.append(text)
        except OSError as error:  # disk full, folder gone: stop journaling, keep the user typing
            self.settings["learning"] = False
            self.problem.emit(f"Learning is paused: the journal cannot be written ({error.strerror or error}).")
            return
        self._learn_requested.emit(text)
        self.new_bytes += len(text.encode("utf-8"))
        self.idle_timer.start()
        if self.new_bytes >= LEARN_EVERY_BYTES:
            self.start_typing_round()

    def start_typing_round(self) -> None:
        """Ask the learner for a round on the journal (ignored while a round runs)."""
        if self.round_running or not self.settings["learning"]:
            return
        self._begin_round(TYPING_JOB)
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
        self._begin_round(DOCUMENTS_JOB)
        self._documents_round_requested.emit(paths, minutes)
        return True

    def _begin_round(self, source: str) -> None:
        self._round_source = source
        self.round_running = True
        self._round_still_wanted = True
        self._round_base = self.settings["active_model"]
        self.worker.allow_next_job()

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
        self.settings_changed.emit()

    def erase_personal_data(self) -> None:
        """Delete the journal, the personal store, the dictionary and every personal model; the default model
        becomes active."""
        self.use_model(DEFAULT_MODEL_NAME)  # first: no round may adopt a personal model after this
        self._personal_erase_requested.emit()
        self.recorder.start_document()  # what is on screen now is not recorded again
        self.new_bytes = 0
        self._journal_erased.emit()
        try:
            self.journal.erase()
            self.dictionary.erase()
            ModelFolder(self.paths.models).delete_personal_models()
        except OSError as error:
            self.problem.emit(describe(error, "Some personal data could not be deleted"))

    def _adopt_version(self, result: RoundResult) -> None:
        """Use a kept round's result, unless the user has since switched models or erased personal data."""
        if not self._round_still_wanted or result.base_model != self.settings["active_model"]:
            log.info("learned version %s not adopted: the active model changed during the round", result.version.name)
            return
        self._weights_adopted.emit(result.weights, result.word_counts, result.version.name)
        self._make_active(result.version.name)

    # ----- rounds -----

    def _round_started(self, source: str) -> None:
        self.status_changed.emit("learning from your typing…" if source == TYPING_JOB else "learning from documents…")

    def _round_progress(self, progress: TrainingProgress | str) -> None:
        """The round's training steps go to `progress`, what it does between them to `phase`."""
        if isinstance(progress, str):
            self.phase.emit(progress)
        else:
            self.progress.emit(progress)

    def block_word(self, word: str) -> None:
        """Never suggest `word` again (the suggestion bar's "Don't suggest this word")."""
        self._block_requested.emit(word)

    def allow_blocked_words(self) -> None:
        """Suggest every blocked word again."""
        self._blocked_words_allowed.emit()

    def _personal_reported(self, answer: object) -> None:
        if isinstance(answer, Learned):
            if answer.new_words:
                self.words_learned.emit(answer.new_words)
            answer = answer.summary
        if isinstance(answer, PersonalSummary):
            self.personal = answer
            self.personal_changed.emit()

    def _round_finished(self, result: RoundResult) -> None:
        if result.documents_text and self._round_still_wanted:
            self._document_learning_requested.emit(result.documents_text)
        if result.version is not None:
            self._adopt_version(result)
        self.round_running = False
        self._round_still_wanted = False
        self.status_changed.emit("")
        log.info("%s round: %s%s", result.source, result.message, f" -> {result.version.name}" if result.version else "")
        self.round_finished.emit(result)

    def _round_failed(self, _job: str, error: Exception) -> None:
        """A round that raised ends like any other, with the failure in words; the model stays as it was."""
        source = self._round_source
        self._round_finished(RoundResult(source, self._round_base, None, None, describe(error, "Learning failed")))

    def shutdown(self) -> None:
        """Record what stays of the document, stop the learner thread (cancelling any round), close the journal."""
        self.recorder.record()
        self.idle_timer.stop()
        if self.worker.thread.isRunning() and not self.worker.stop_thread():
            log.error("learning thread did not stop in time")
        try:
            self.journal.close()
        except OSError as error:  # what was flushed is on disk already; quitting must go on
            log.error("journal could not be closed: %s", error)

    @property
    def journal_path(self) -> Path:
        """Where typed text is kept for learning."""
        return self.journal.path
