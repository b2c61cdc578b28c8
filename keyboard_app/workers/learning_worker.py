"""The learner: fine-tunes a copy of the active model on its own QThread, never the GUI or inference thread.

Two kinds of round: from the journal of what the user typed (started by the window when enough new text has
gathered or the user is idle), and from documents the user chose (with progress and Cancel). Each round uses
model.train.finetune.FineTuning; a kept result is saved as a new version and its weights are sent to the inference
worker, which swaps them in between two requests. One torch thread, so typing stays smooth. torch and the
engine are imported on this worker's thread, so they never hold up the window.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal, Slot

from keyboard_app.storage.journal import Journal
from model.train.training_settings import FinetuneSettings

if TYPE_CHECKING:
    from model.train.finetune import FinetuneReport

log = logging.getLogger(__name__)

READING_PHASE = "reading the documents"
MIN_ROUND_CHARS = 1500  # below this a round has too little held-out text to judge by
# A typing round leaves the word counts alone: the journal's tail is re-read every round and would be counted
# again each time; typed words reach suggestions through the remembered words (model.lexicon.word_memory) instead.
TYPING_ROUND = FinetuneSettings(
    minutes=1.0, epochs=3, batch_size=16, sequence_length=64, validate_every=25, savings_chars=400, word_count_weight=0
)
DOCUMENT_ROUND = FinetuneSettings(minutes=5.0, epochs=4, batch_size=32, sequence_length=128, validate_every=100, savings_chars=1500)


@dataclass
class RoundResult:
    """How a round ended: its report (None when cancelled or impossible), the new version if kept, and why."""

    source: str  # "typing" or "documents"
    base_model: str  # the model file the round started from
    report: FinetuneReport | None
    version: Path | None
    message: str
    skipped: list[tuple[Path, str]] = field(default_factory=list)


class LearningWorker(QObject):
    """Runs learning rounds. Run it on a WorkerThread (keyboard_app.workers.worker_thread)."""

    round_started = Signal(str)  # source
    phase = Signal(str)  # what the round does when it is not training: "reading the documents", ...
    progress = Signal(object)  # model.train.training.TrainingProgress
    round_finished = Signal(object)  # RoundResult
    weights_ready = Signal(object, object, str, str)  # state dict and word counts, version file name, base model

    def __init__(self, models_folder: Path, journal: Journal, active_model: str) -> None:
        super().__init__()
        self.models_folder = models_folder
        self.journal = journal  # read only here (read_tail and size_bytes are safe from any thread)
        self.active_model = active_model
        self.journal_bytes_learned = 0
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop the running or requested round; the model stays as it was (thread-safe)."""
        self._cancel.set()

    def allow_next_round(self) -> None:
        """Clear an earlier Cancel; the controller calls it just before it requests a round (thread-safe)."""
        self._cancel.clear()

    @Slot()
    def start(self) -> None:
        """Import torch here and set this thread's options (one intra-op thread: inference keeps the other core)."""
        import torch

        torch.set_num_threads(1)

    @Slot(str)
    def set_active_model(self, model_name: str) -> None:
        """Learn on top of this model from now on."""
        self.active_model = model_name

    @Slot()
    def learn_from_typing(self) -> None:
        """A round on the journal's tail, if enough new text has gathered since the last one."""
        size = self.journal.size_bytes()
        text = self.journal.read_tail()
        if len(text) < MIN_ROUND_CHARS or size <= self.journal_bytes_learned:
            self._finish(RoundResult("typing", self.active_model, None, None, "not enough new text yet"))
            return
        self.journal_bytes_learned = size
        self._run_round("typing", text, TYPING_ROUND)

    @Slot(list, float)
    def learn_from_documents(self, paths: list[str], minutes: float) -> None:
        """A round on the user's documents; unreadable files are reported in the result and skipped."""
        from model.files.documents import read_documents

        self.phase.emit(READING_PHASE)
        try:
            documents = read_documents(paths)
        except OSError as error:  # a folder that cannot be listed
            self._finish(RoundResult("documents", self.active_model, None, None, f"Cannot read the documents: {error}"))
            return
        if documents.characters < MIN_ROUND_CHARS:
            message = "Not enough readable text in those documents to learn from"
            self._finish(RoundResult("documents", self.active_model, None, None, message, documents.skipped))
            return
        settings = dataclasses.replace(DOCUMENT_ROUND, minutes=minutes)
        self._run_round("documents", "\n".join(text for _, text in documents.texts), settings, documents.skipped)

    def _run_round(self, source: str, text: str, settings: FinetuneSettings, skipped: list | None = None) -> None:
        from model.files.model_folder import load_active_model, save_version
        from model.train.finetune import FineTuning

        base_name = self.active_model
        skipped = skipped or []
        self.round_started.emit(source)
        try:
            loaded = load_active_model(self.models_folder, base_name, "cpu")
            if loaded.problem or loaded.path.name != base_name:  # never learn on a stand-in for the user's model
                self._finish(RoundResult(source, base_name, None, None, f"the model {base_name} could not be loaded", skipped))
                return
            base = loaded.predictor
            run = FineTuning(base.network, base.metadata, text, settings, word_counts=base.word_counts)
            for progress in run.run(on_phase=self.phase.emit):
                if self._cancelled():
                    break
                self.progress.emit(progress)
            if self._cancelled() or run.report is None:
                self._finish(RoundResult(source, base_name, None, None, "Cancelled; the model is unchanged", skipped))
                return
            report = run.report
            version = None
            if run.accepted_network is not None:
                version = save_version(
                    self.models_folder, run.accepted_network, base.metadata, source, report.after, run.word_counts
                )
                state = {name: value.detach().clone() for name, value in run.accepted_network.state_dict().items()}
                self.weights_ready.emit(state, run.word_counts, version.name, base_name)
            self._finish(RoundResult(source, base_name, report, version, report.reason, skipped))
        except Exception as error:  # a failed round must not kill the learner; the model stays as it was
            log.error("learning round failed:\n%s", traceback.format_exc())
            self._finish(RoundResult(source, base_name, None, None, f"Learning failed: {error}", skipped))

    def _cancelled(self) -> bool:
        return self._cancel.is_set() or QThread.currentThread().isInterruptionRequested()

    def _finish(self, result: RoundResult) -> None:
        """Every request ends with exactly one round_finished, so the controller knows the learner is free."""
        self.round_finished.emit(result)
