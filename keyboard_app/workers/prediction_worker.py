"""The inference worker: owns the Predictor on its own thread; the GUI thread never runs the network.

Latest wins: `submit()` (called from the GUI thread) replaces any pending request, and the worker computes
only the newest one when it gets to it. Answers come back as the worker's `result` signal (keyboard_app.
workers.worker): a `Prediction` carrying its request id, so the window can drop an answer for text that has
changed since, or a `ModelReady` when a model is loaded, moved or given new weights.

torch and the engine are imported on the worker's own thread, when it starts: the window is up and the
editor usable while they load.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot

from keyboard_app.storage.journal import Journal
from keyboard_app.workers.worker import Worker

if TYPE_CHECKING:
    from model import DefaultModelRestored, DeviceError, ModelFileError, Predictor, WordCounts


@dataclass
class Prediction:
    """What the window shows for one text: next characters with probabilities, and words."""

    request_id: int
    context: str
    next_chars: list[tuple[str, float]]
    words: list[str]
    latency_ms: float
    words_follow_space: bool = False  # the typed word is finished: the words come after it and a space
    corrected: bool = False  # the typed part begins no known word: the words fix a typo in it


@dataclass
class CorrectionRequest:
    """Which words the user may have meant by `word`, typed after `context` (at `start` in the document)."""

    request_id: int
    context: str
    word: str
    start: int
    for_menu: bool = False  # asked by the spelling menu (offer candidates) rather than auto-correction


@dataclass
class Correction:
    """The answer to a CorrectionRequest: candidates best first (the first is what auto-correction puts there)."""

    request: CorrectionRequest
    candidates: list[str]


REPAIR_JOB = "repair the models folder"
CORRECT_JOB = "correct a word"
PREPARE_TYPOS_JOB = "prepare the typo search"
MENU_CANDIDATES = 5  # words the spelling menu offers
LOAD_JOB = "load model"


@dataclass
class FolderRepaired:
    """The start-up repair of the models folder is done; what it restored (a damaged default model)."""

    restored: list[DefaultModelRestored]


@dataclass
class ModelReady:
    """A model is in use: its name, the file it came from, its device, and what went wrong on the way."""

    name: str
    file_name: str
    device: str
    model_failure: ModelFileError | None = None  # the wanted model did not load: `file_name` stands in
    device_failure: DeviceError | None = None  # the chosen device is missing: the CPU is used
    word_list_failure: ModelFileError | None = None  # the general English word list could not be read
    lexicon: frozenset[str] | None = None  # lower-case words the lexicons know, for the spell checker; None: as before


class PredictionWorker(Worker):
    """Runs predictions for the newest request only, on its own thread."""

    _wake = Signal()

    def __init__(self, models_folder: Path, active_model: str, device: str, journal: Journal | None = None) -> None:
        super().__init__("prediction")
        self.journal = journal  # what the user typed: its words are offered by the predictor's fast path
        self.models_folder = models_folder
        self.active_model = active_model
        self.device = device
        self._predictor: Predictor | None = None
        self._pending: tuple[int, str, int, bool] | None = None
        self._typed_since: list[str] = []  # typed text not yet given to the predictor, in order
        self._forget_typed = False  # clear the remembered words before adding `_typed_since`
        self._dictionary: set[str] = set()  # the user's dictionary: given to every model loaded
        self._pending_lock = threading.Lock()
        self._wake.connect(self._process_pending)  # queued: the worker lives on another thread

    # ----- called from the GUI thread -----

    def submit(self, request_id: int, context_before_cursor: str, word_count: int = 3, typos: bool = False) -> None:
        """Ask for `word_count` words and the next characters (completions that fix typos too, with `typos`);
        replaces any request not yet started (thread-safe)."""
        with self._pending_lock:
            already_waiting = self._pending is not None
            self._pending = (request_id, context_before_cursor, word_count, typos)
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
            self._dictionary.clear()

    # ----- run on the worker thread -----

    def set_up(self) -> None:
        """First, the one repair of the models folder (before any other thread uses it; the window starts the
        learner once a model is ready); then torch, this thread's torch options, and the active model."""
        self.run_job(REPAIR_JOB, self._repair_models_folder)
        import torch

        torch.set_num_threads(1)
        self.load_model(self.active_model)

    def _repair_models_folder(self) -> FolderRepaired:
        from model import ModelFolder

        return FolderRepaired(ModelFolder(self.models_folder).repair())

    @Slot(str)
    def load_model(self, model_name: str) -> None:
        """Load a model from the user's models folder by file name (on the CPU if the chosen device is missing)."""
        self.run_job(LOAD_JOB, lambda: self._load(model_name))
        self._process_pending()  # the first suggestions first; then the typo index, before the first finished word
        if self._predictor is not None:
            self.run_job(PREPARE_TYPOS_JOB, self._predictor.prepare_typo_search)

    def _load(self, model_name: str) -> ModelReady:
        from model import DeviceError, ModelFolder, load_shipped_english_words, resolve_device

        device_failure = None
        try:
            resolve_device(self.device)
        except DeviceError as error:  # e.g. a settings file from a machine with a GPU
            device_failure = error
            self.device = "cpu"
        loaded = ModelFolder(self.models_folder).load(model_name, self.device)
        self._predictor = loaded.predictor
        if self.journal is not None:
            with self._pending_lock:  # what was typed so far is in the journal: do not count it twice
                self._typed_since, self._forget_typed = [], False
                dictionary = " ".join(sorted(self._dictionary))
            self._predictor.user_words.add_text(self.journal.read_tail() + " " + dictionary)
        self.active_model = loaded.path.name
        ready = self._ready()
        ready.model_failure, ready.device_failure = loaded.failure, device_failure
        ready.word_list_failure = load_shipped_english_words().failure
        ready.lexicon = self._predictor.lexicon()
        return ready

    def _ready(self) -> ModelReady:
        return ModelReady(self._predictor.name, self.active_model, str(self._predictor.device))

    @Slot(str)
    def set_device(self, device: str) -> None:
        """Move the model to another device without a restart (before a model is loaded: load it there)."""
        if self._predictor is None:
            self.device = device
        else:
            self.run_job("set device", lambda: self._move_to(device))

    def _move_to(self, device: str) -> ModelReady:
        self._predictor.to(device)  # DeviceError for a device this machine lacks: the model stays where it is
        self.device = device
        return self._ready()

    @Slot(object, object, str)
    def swap_weights(self, state_dict: dict, word_counts: WordCounts | None, model_name: str) -> None:
        """Use newly learned weights and word counts from now on (runs between two requests, on this thread)."""
        if self._predictor is not None:
            self.run_job("swap weights", lambda: self._swap(state_dict, word_counts, model_name))

    def _swap(self, state_dict: dict, word_counts: WordCounts | None, model_name: str) -> ModelReady:
        self._predictor.load_weights(state_dict, word_counts)  # RuntimeError for another shape: the old ones stay
        self._predictor.metadata.name = Path(model_name).stem
        self.active_model = model_name
        ready = self._ready()
        ready.lexicon = self._predictor.lexicon() if word_counts is not None else None  # new counts, new words
        return ready

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
        self.run_job("predict", lambda: self._predict(*pending))

    def _predict(self, request_id: int, context: str, word_count: int, typos: bool) -> Prediction:
        started = time.perf_counter()
        suggestions = self._predictor.suggest(context, k=word_count, typos=typos)
        latency_ms = (time.perf_counter() - started) * 1000
        return Prediction(
            request_id, context, suggestions.next_chars, suggestions.words, latency_ms,
            suggestions.words_follow_space, suggestions.corrected,
        )

    @Slot(object)
    def correct(self, request: CorrectionRequest) -> None:
        """The words the user may have meant by a finished word (auto-correction, the spelling menu)."""
        def candidates() -> list[str]:
            if self._predictor is None:  # still loading: the word stays as typed
                return [request.word]
            return self._predictor.correct_word(request.context, request.word, MENU_CANDIDATES)

        self.run_job(CORRECT_JOB, lambda: Correction(request, candidates()))

    @Slot(list)
    def add_dictionary_words(self, words: list[str]) -> None:
        """Words of the user's dictionary: known to the typo model and offered like typed words."""
        with self._pending_lock:
            self._dictionary.update(words)
            self._typed_since.append(" ".join(words) + " ")
