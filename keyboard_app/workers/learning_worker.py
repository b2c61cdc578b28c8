"""The learner: fine-tunes a copy of the active model on its own thread, never the GUI or inference thread.

Two kinds of round: from the journal of what the user typed (started by the window when enough new text has
gathered or the user is idle), and from documents the user chose (with progress and Cancel). Each round is
one job of the worker base (keyboard_app.workers.worker): its `progress` carries TrainingProgress and the
phase names below, its `result` a RoundResult, whose kept weights the controller sends to the inference
worker, which swaps them in between two requests. One torch thread, so typing stays smooth. torch and the
engine are imported on this worker's thread, so they never hold up the window.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot

from keyboard_app.storage.journal import Journal
from keyboard_app.workers.worker import Worker
from model import FinetuneSettings

if TYPE_CHECKING:
    from model import FinetuneReport, WordCounts

TYPING_JOB = "typing"  # the job names, which are also a RoundResult's source
DOCUMENTS_JOB = "documents"

READING_PHASE = "reading the documents"
MIN_ROUND_CHARS = 1500  # below this a round has too little held-out text to judge by
# A typing round leaves the word counts alone: the journal's tail is re-read every round and would be counted
# again each time; what the user writes reaches suggestions through the personal store (model.predict.personal).
TYPING_ROUND = FinetuneSettings(
    minutes=1.0, epochs=3, batch_size=16, sequence_length=64, validate_every=25, savings_chars=400, word_count_weight=0
)
DOCUMENT_ROUND = FinetuneSettings(minutes=5.0, epochs=4, batch_size=32, sequence_length=128, validate_every=100, savings_chars=1500)


@dataclass
class RoundResult:
    """How a round ended: its report (None when cancelled or impossible), the new version if kept, and why.

    A kept version comes with its weights and word counts, for the inference worker to swap in.
    """

    source: str  # TYPING_JOB or DOCUMENTS_JOB
    base_model: str  # the model file the round started from
    report: FinetuneReport | None
    version: Path | None
    message: str
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    weights: dict | None = None
    word_counts: WordCounts | None = None
    documents_text: str = ""  # a documents round that ran: the text, for the personal store to learn


class LearningWorker(Worker):
    """Runs learning rounds on its own thread, one job each."""

    def __init__(self, models_folder: Path, journal: Journal, active_model: str) -> None:
        super().__init__("learning")
        self.models_folder = models_folder
        self.journal = journal  # read only here (read_tail and size_bytes are safe from any thread)
        self.active_model = active_model
        self._journal_bytes_learned = 0

    def set_up(self) -> None:
        """Import torch here and set this thread's options (one intra-op thread: inference keeps the other core)."""
        import torch

        torch.set_num_threads(1)

    @Slot(str)
    def set_active_model(self, model_name: str) -> None:
        """Learn on top of this model from now on."""
        self.active_model = model_name

    @Slot()
    def forget_journal(self) -> None:
        """The journal was erased: learn from whatever is typed from now on."""
        self._journal_bytes_learned = 0

    @Slot()
    def learn_from_typing(self) -> None:
        """A round on the journal's tail, if enough new text has gathered since the last one."""
        self.run_job(TYPING_JOB, self._typing_round)

    def _typing_round(self) -> RoundResult:
        size = self.journal.size_bytes()
        text = self.journal.read_tail()
        if len(text) < MIN_ROUND_CHARS or size <= self._journal_bytes_learned:
            return RoundResult(TYPING_JOB, self.active_model, None, None, "not enough new text yet")
        self._journal_bytes_learned = size
        return self._run_round(TYPING_JOB, text, TYPING_ROUND)

    @Slot(list, float)
    def learn_from_documents(self, paths: list[str], minutes: float) -> None:
        """A round on the user's documents; unreadable files are reported in the result and skipped."""
        self.run_job(DOCUMENTS_JOB, lambda: self._documents_round(paths, minutes))

    def _documents_round(self, paths: list[str], minutes: float) -> RoundResult:
        from model import read_documents

        self.progress.emit(READING_PHASE)
        documents = read_documents(paths)
        if documents.characters < MIN_ROUND_CHARS:
            message = "Not enough readable text in those documents to learn from"
            return RoundResult(DOCUMENTS_JOB, self.active_model, None, None, message, documents.skipped)
        settings = dataclasses.replace(DOCUMENT_ROUND, minutes=minutes)
        text = "\n".join(text for _, text in documents.texts)
        result = self._run_round(DOCUMENTS_JOB, text, settings, documents.skipped)
        if result.report is not None:  # not cancelled
            result.documents_text = text
        return result

    def _run_round(self, source: str, text: str, settings: FinetuneSettings, skipped: list | None = None) -> RoundResult:
        from model import FineTuning, ModelFolder

        base_name = self.active_model
        skipped = skipped or []
        folder = ModelFolder(self.models_folder)
        loaded = folder.load(base_name, "cpu")
        if loaded.failure is not None:  # never learn on a stand-in for the user's model
            return RoundResult(source, base_name, None, None, f"the model {base_name} could not be loaded", skipped)
        base = loaded.predictor
        run = FineTuning(base.network, base.metadata, text, settings, word_counts=base.word_counts)
        for progress in run.run(on_phase=self.progress.emit):
            if self.cancelled():
                break
            self.progress.emit(progress)
        if self.cancelled() or run.report is None:
            return RoundResult(source, base_name, None, None, "Cancelled; the model is unchanged", skipped)
        report = run.report
        result = RoundResult(source, base_name, report, None, report.reason, skipped)
        if run.accepted_network is not None:
            result.version = folder.save_version(run.accepted_network, base.metadata, source, report.after, run.word_counts)
            result.weights = {name: value.detach().clone() for name, value in run.accepted_network.state_dict().items()}
            result.word_counts = run.word_counts
        return result
