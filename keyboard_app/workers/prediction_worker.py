"""The inference worker: owns the Predictor on its own thread; the GUI thread never runs the network.

Latest wins: `submit()` (called from the GUI thread) replaces any pending request, and the worker computes
only the newest one when it gets to it. Answers come back as the worker's `result` signal (keyboard_app.
workers.worker): a `Prediction` carrying its request id, so the window can drop an answer for text that has
changed since, or a `ModelReady` when a model is loaded, moved or given new weights, or a `PersonalSummary`
when the user's personal language changed (learned text, a blocked word, personal data erased).

The user's personal language (model.predict.personal) is opened here, on this thread (SQLite connections stay
on theirs), and given to every model loaded: what the user wrote outlives a switch.

torch and the engine are imported when the worker starts, on a helper thread: the window is up and the editor
usable while they load, and until the model is ready this thread answers with the starter words, the model
file's word counts read without torch (model.predict.starter_words): the first suggestions come in well under a
second instead of after torch's 2-3 s import.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot

from keyboard_app.storage.journal import Journal
from keyboard_app.workers.predictions import (
    Correction, CorrectionRequest, LookedAhead, PhrasePrediction, Prediction,
)
from keyboard_app.workers.worker import Worker

if TYPE_CHECKING:
    from model import (
        DefaultModelRestored, DeviceError, ModelFileError, PersonalLanguage, PersonalSummary, Predictor, StarterWords,
        WordCounts,
    )


REPAIR_JOB = "repair the models folder"
CORRECT_JOB = "correct a word"
PREPARE_TYPOS_JOB = "prepare the typo search"
MENU_CANDIDATES = 5  # words the spelling menu offers
LOAD_JOB = "load model"
LOOK_AHEAD_JOB = "look ahead"
OPEN_PERSONAL_JOB = "open the personal store"
LEARN_JOB = "learn"
DOCUMENT_LEARNING_CHARS = 50_000  # a document's text is learned in parts this long, predictions in between


@dataclass
class Learned:
    """Text was learned: what the personal language holds now, and the words it had never seen (for the spell
    checker, which no longer underlines them)."""

    summary: PersonalSummary
    new_words: list[str]


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
    _correction_asked = Signal(object)  # a CorrectionRequest, for `correct` on this thread
    _engine_imported = Signal()  # emitted by the helper thread that imports torch and the engine

    def __init__(
        self, models_folder: Path, active_model: str, device: str, personal_store: Path | None = None,
        journal: Journal | None = None,
    ) -> None:
        super().__init__("prediction")
        self.personal_store = personal_store  # None: what is learned lasts this session only
        self.journal = journal  # what the user wrote before the personal store existed: learned into a new one
        self._journal_bytes_at_start = journal.size_bytes() if journal is not None else 0  # not what comes after
        self.models_folder = models_folder
        self.active_model = active_model
        self.device = device
        self._predictor: Predictor | None = None
        self._starter: StarterWords | None = None  # the model file's word counts, until the model is ready
        self._import_failure: Exception | None = None  # why the helper thread could not import the engine
        self._personal: PersonalLanguage | None = None
        self._pending: tuple[int, str, int, bool, bool] | None = None
        self._corrections_waiting = 0  # asked (`ask_correction`) and not yet begun: a look-ahead stops for them
        self._looking_ahead_for: tuple[str, int, bool, bool] | None = None  # the last request's look-ahead
        self._dictionary: set[str] = set()  # the user's dictionary: given to every model loaded
        self._dictionary_since: list[str] = []  # dictionary words not yet given to the predictor
        self._pending_lock = threading.Lock()
        self._wake.connect(self._process_pending)  # queued: the worker lives on another thread
        self._correction_asked.connect(self._correct)  # queued likewise
        self._engine_imported.connect(self._start_engine)  # queued likewise, from the importing thread

    # ----- called from the GUI thread -----

    def submit(
        self, request_id: int, context_before_cursor: str, word_count: int = 3, typos: bool = False, phrase: bool = False
    ) -> None:
        """Ask for `word_count` words and the next characters (completions that fix typos too, with `typos`), and
        with `phrase` a ghost phrase after them, a second answer unless a newer request waits; replaces any
        request not yet started (thread-safe)."""
        with self._pending_lock:
            already_waiting = self._pending is not None
            self._pending = (request_id, context_before_cursor, word_count, typos, phrase)
        if not already_waiting:
            self._wake.emit()

    def ask_correction(self, request: CorrectionRequest) -> None:
        """Ask for the words meant by a finished word (`_correct`, on the worker's thread); a look-ahead under way
        stops for it, so that the word is corrected before the next key comes (thread-safe)."""
        with self._pending_lock:
            self._corrections_waiting += 1
        self._correction_asked.emit(request)

    # ----- run on the worker thread -----

    def set_up(self) -> None:
        """First, the one repair of the models folder (before any other thread uses it; the window starts the
        learner once a model is ready) and the starter words, which answer a request already waiting; then torch
        and the engine start importing on a helper thread while this one opens the personal store. Until they
        are in (`_start_engine`), this thread answers every request with the starter words."""
        from model import ModelFolder

        self.run_job(REPAIR_JOB, self._repair_models_folder)
        self._starter = ModelFolder(self.models_folder).starter_words(self.active_model)
        self._process_pending()
        threading.Thread(target=self._import_engine, name="engine import").start()  # a quit waits for it
        self.run_job(OPEN_PERSONAL_JOB, self._open_personal)

    def _import_engine(self) -> None:
        """On the helper thread: import the predictor and torch with it; an error is kept for the model's load."""
        try:
            from model import Predictor  # noqa: F401 (importing it is the point: torch comes with it)
        except Exception as error:  # noqa: BLE001 (any import failure: the load re-raises it)
            self._import_failure = error
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile: the worker is gone
            self._engine_imported.emit()

    @Slot()
    def _start_engine(self) -> None:
        """Torch is imported: the active model, whose first answer replaces the starter words' (unless a model
        the user chose meanwhile is loaded already)."""
        if self._predictor is None:
            self.load_model(self.active_model)
        self._starter = None

    def _open_personal(self) -> PersonalSummary:
        """Open the personal store (a new one learns the journal kept before it) and give it to the model; in
        memory if it cannot be opened."""
        from model import PersonalLanguage, PersonalStore, PersonalStoreError

        store = PersonalStore(self.personal_store) if self.personal_store is not None else None
        try:
            self._personal = PersonalLanguage(store)
        except PersonalStoreError:
            self._personal = PersonalLanguage()  # learning goes on for this session; the user is told
            raise
        finally:
            if self._predictor is not None:
                self._predictor.personal = self._personal
        if store is not None and self._personal.counts.phrases == 0 and self.journal is not None:
            for line in self.journal.read_tail(end=self._journal_bytes_at_start).splitlines():
                self._personal.learn(line)
        if store is not None and store.failure is not None:
            raise store.failure  # kept aside, a new one started: the user is told
        return self._personal.summary()

    def _repair_models_folder(self) -> FolderRepaired:
        from model import ModelFolder

        return FolderRepaired(ModelFolder(self.models_folder).repair())

    @Slot(str)
    def load_model(self, model_name: str) -> None:
        """Load a model from the user's models folder by file name (on the CPU if the chosen device is missing)."""
        self.run_job(LOAD_JOB, lambda: self._load(model_name))
        self._process_pending()  # the first suggestions first
        # A full collection over the model's objects stalled a key for 150 ms while typing: collect what an earlier
        # load left (one pass, now) and freeze the rest out of later passes (`_load` unfreezes it).
        gc.collect()
        gc.freeze()
        if self._predictor is not None:  # keys typed meanwhile get plain words between the index's slices
            self.run_job(PREPARE_TYPOS_JOB, lambda: self._predictor.prepare_typo_search(self._process_pending))

    def _load(self, model_name: str) -> ModelReady:
        if self._import_failure is not None:
            raise self._import_failure
        gc.unfreeze()  # the model loaded before, if any, may be collected once this one replaces it
        import torch

        from model import DeviceError, ModelFolder, load_shipped_english_words, resolve_device

        torch.set_num_threads(1)  # this thread's, beside the learner's (shared NOTES.md)

        device_failure = None
        try:
            resolve_device(self.device)
        except DeviceError as error:  # e.g. a settings file from a machine with a GPU
            device_failure = error
            self.device = "cpu"
        loaded = ModelFolder(self.models_folder).load(model_name, self.device)
        self._predictor = loaded.predictor
        if self._personal is not None:  # opened after the first model: until then, its own (empty)
            self._predictor.personal = self._personal
        with self._pending_lock:
            self._dictionary_since = []
            dictionary = " ".join(sorted(self._dictionary))
        self._predictor.dictionary_words.add_text(dictionary)
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
            dictionary_since, self._dictionary_since = self._dictionary_since, []
        if self._predictor is not None:  # while loading: the load gives it the whole dictionary
            self._predictor.dictionary_words.add_text(" ".join(dictionary_since))
        if pending is not None and self._predictor is None and self._starter is not None:
            self.run_job("predict", lambda: self._predict_from_counts(*pending[:3]))
            return
        if pending is None or self._predictor is None:
            with self._pending_lock:  # not loaded yet: keep the request for when the model is ready
                if self._pending is None:
                    self._pending = pending
            return
        request_id, context, word_count, typos, phrase = pending
        typos = typos and self._predictor.typo_search_ready
        self.run_job("predict", lambda: self._predict(request_id, context, word_count, typos))
        if phrase and not self._key_waits():  # the bar is shown meanwhile: the phrase never delays it
            self.run_job("phrase", lambda: self._phrase(request_id, context))
        self._looking_ahead_for = (context, word_count, typos, phrase)
        self._look_ahead()

    def _key_waits(self) -> bool:
        """Whether a newer request waits (reading one reference needs no lock)."""
        return self._pending is not None

    def _work_waits(self) -> bool:
        """Whether a newer request or a correction waits: a look-ahead stops for either."""
        return self._pending is not None or self._corrections_waiting > 0

    def _look_ahead(self) -> None:
        """The time until the next key: the answers for the likely next keys and the next word's first letters after
        the last request, computed until a key or a correction comes (Predictor.look_ahead); such a key is answered
        from memory. Answers are remembered: looking ahead again after a correction takes up where it stopped."""
        if self._looking_ahead_for is None or self._work_waits():
            return
        context, word_count, typos, phrase = self._looking_ahead_for
        self.run_job(LOOK_AHEAD_JOB, lambda: LookedAhead(context, self._predictor.look_ahead(
            context, word_count, typos, should_stop=self._work_waits, phrases=phrase)))

    def _phrase(self, request_id: int, context: str) -> PhrasePrediction:
        """The ghost phrase for a request, cut short once a newer request waits: the words for the next key come
        first."""
        return PhrasePrediction(request_id, self._predictor.suggest_phrase(context, self._key_waits))

    def _predict(self, request_id: int, context: str, word_count: int, typos: bool) -> Prediction:
        started = time.perf_counter()
        suggestions = self._predictor.suggest(context, k=word_count, typos=typos)
        latency_ms = (time.perf_counter() - started) * 1000
        return Prediction(
            request_id, context, suggestions.next_chars, suggestions.words, latency_ms,
            suggestions.words_follow_space, suggestions.corrected,
        )

    def _predict_from_counts(self, request_id: int, context: str, word_count: int) -> Prediction:
        started = time.perf_counter()
        words = self._starter.suggest_words(context, word_count)
        return Prediction(request_id, context, [], words, (time.perf_counter() - started) * 1000, from_counts_only=True)

    @Slot(object)
    def _correct(self, request: CorrectionRequest) -> None:
        """The words meant by a finished word (asked by `ask_correction`): auto-correction needs only the first, the
        spelling menu 5 (MENU_CANDIDATES). Then the look-ahead it stopped goes on."""
        with self._pending_lock:
            self._corrections_waiting -= 1

        def candidates() -> list[str]:
            if self._predictor is None:  # still loading: the word stays as typed
                return [request.word]
            return self._predictor.correct_word(request.context, request.word, MENU_CANDIDATES if request.for_menu else 1)

        self.run_job(CORRECT_JOB, lambda: Correction(request, candidates()))
        self._look_ahead()

    @Slot(list)
    def add_dictionary_words(self, words: list[str]) -> None:
        """Words of the user's dictionary: known to the typo model and offered like typed words."""
        with self._pending_lock:
            self._dictionary.update(words)
            self._dictionary_since.extend(words)

    # ----- the user's personal language -----

    @Slot(str)
    def learn(self, text: str) -> None:
        """Learn text the user wrote (recorded as it stays): offered from the next request on."""
        self.run_job(LEARN_JOB, lambda: self._learn_lines([text]))

    @Slot(str)
    def learn_document(self, text: str) -> None:
        """Learn the text of documents the user trained on, in parts, answering requests in between."""
        paragraphs = text.splitlines()
        part: list[str] = []
        part_chars = 0
        for index, paragraph in enumerate(paragraphs):
            part.append(paragraph)
            part_chars += len(paragraph)
            if part_chars >= DOCUMENT_LEARNING_CHARS or index == len(paragraphs) - 1:
                self.run_job(LEARN_JOB, lambda lines=part: self._learn_lines(lines))
                part, part_chars = [], 0
                self._process_pending()

    def _learn_lines(self, lines: list[str]) -> Learned:
        new_words = [word for line in lines for word in self._personal.learn(line)]
        return Learned(self._personal.summary(), new_words)

    @Slot(str)
    def block_word(self, word: str) -> None:
        """Never suggest `word` again ("Don't suggest this word")."""
        self.run_job(LEARN_JOB, lambda: self._learned(self._personal.block_word, word))

    @Slot()
    def allow_blocked_words(self) -> None:
        """Suggest every blocked word again."""
        self.run_job(LEARN_JOB, lambda: self._learned(self._personal.allow_blocked_words))

    @Slot()
    def erase_personal(self) -> None:
        """Delete all personal data this thread holds: the personal store and the dictionary's words."""
        with self._pending_lock:
            self._dictionary.clear()
            self._dictionary_since = []
        if self._predictor is not None:
            self._predictor.dictionary_words.clear()
        self.run_job(LEARN_JOB, lambda: self._learned(self._personal.erase))

    def _learned(self, change: Callable[..., object], *arguments: str) -> PersonalSummary:
        """Make a change to the personal language and say what it holds now."""
        change(*arguments)
        return self._personal.summary()
