"""The main window: editor, suggestion bar, on-screen keyboard, menus and status bar.

The GUI thread only collects the text before the caret, asks the prediction worker, and paints answers. Each
request carries an increasing id; an answer for any id but the newest is dropped, so what is shown is never
older than the text.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from keyboard_app.controllers.document_files import DocumentFiles
from keyboard_app.controllers.learning_controller import LearningController
from keyboard_app.controllers.typing_corrections import TypingCorrections
from keyboard_app.messages import default_model_restored, describe, model_ready_notices, no_model, worker_job_failed
from keyboard_app.storage.dictionary import PersonalDictionary
from keyboard_app.storage.journal import Journal
from keyboard_app.storage.paths import AppPaths
from keyboard_app.storage.settings import Settings
from keyboard_app.widgets.dialogs import SettingsDialog, ShortcutsDialog
from keyboard_app.widgets.editor import EDITOR_KEYS, PredictiveEditor
from keyboard_app.widgets.find_dialog import FindDialog
from keyboard_app.widgets.ghost import word_ghost
from keyboard_app.widgets.menus import build_menus, shortcut_table
from keyboard_app.widgets.onscreen_keyboard import OnscreenKeyboard
from keyboard_app.widgets.status_bar import StatusBar
from keyboard_app.widgets.suggestion_bar import SuggestionBar
from keyboard_app.widgets.theme import apply_theme, resolved_theme
from keyboard_app.workers.learning_worker import RoundResult
from keyboard_app.workers.prediction_worker import LOAD_JOB, FolderRepaired, ModelReady, PredictionWorker
from keyboard_app.workers.predictions import Correction, PhrasePrediction, Prediction

if TYPE_CHECKING:
    from keyboard_app.widgets.learning_dialogs import DocumentTrainingDialog

log = logging.getLogger(__name__)
DOCUMENT_FILTER = "Documents (*.txt *.md *.html *.htm *.docx *.pdf *.odt);;All files (*)"
WINDOW_SHOWN_MARK = "window painted"  # benchmarks/startup.py and the X11 start-up test wait for these in the log
FIRST_SUGGESTIONS_MARK = "startup complete"
MODEL_SUGGESTIONS_MARK = "the model suggests"  # its first answer, after the starter words' (the file's counts)


class MainWindow(QMainWindow):
    """The Foresight Keys editor window."""

    suggestions_shown = Signal(int)  # request id, after the answer is painted
    model_shown = Signal(object)  # ModelReady, after the status bar and any notice show it
    _device_requested = Signal(str)
    _model_requested = Signal(str)

    def __init__(self, paths: AppPaths, settings: Settings) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self.latest_request_id = 0
        self.shown_request_id = 0
        self._word_ghost = ("", "")  # the ghost of the words shown, until their phrase comes
        self.dropped_results = 0
        self.last_prediction: Prediction | None = None

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.suggestion_bar = SuggestionBar()
        self.editor = PredictiveEditor()
        self.find_dialog = FindDialog(self.editor, self)
        self.keyboard = OnscreenKeyboard()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for widget in (self.banner, self.suggestion_bar, self.editor, self.keyboard):
            layout.addWidget(widget)
        self.setCentralWidget(central)
        self._build_status_bar()
        self.files = DocumentFiles(self, self.editor, settings, self.status)
        self.files.settings_changed.connect(self._save_settings)
        self.files.document_replaced.connect(self._update_saved_label)
        build_menus(self)

        journal = Journal(paths.journal)
        self.worker = PredictionWorker(
            paths.models, settings["active_model"], settings["device"], paths.personal_store, journal
        )
        self.worker.result.connect(self._worker_result)
        self.worker.error.connect(self._worker_error)
        self._device_requested.connect(self.worker.set_device)
        self._device_asked = settings["device"]  # the device the worker was last asked for
        self._model_requested.connect(self.worker.load_model)
        dictionary = PersonalDictionary(paths.dictionary)
        self.worker.add_dictionary_words(sorted(dictionary.words))
        self.corrections = TypingCorrections(self.editor, settings, dictionary)
        # Direct: the worker counts a correction asked at once (on this thread), so that a look-ahead stops for it.
        self.corrections.correction_requested.connect(self.worker.ask_correction, Qt.ConnectionType.DirectConnection)
        self.corrections.dictionary_grew.connect(self.worker.add_dictionary_words)
        self.files.document_replaced.connect(self.corrections.highlighter.check)
        self.learning = LearningController(paths, settings, self.worker, journal, dictionary, self.editor)
        self.files.document_closing.connect(self.learning.recorder.record)
        self.files.document_replaced.connect(self.learning.recorder.start_document)
        self.suggestion_bar.word_blocked.connect(self.learning.block_word)
        self.learning.personal_changed.connect(self.request_predictions)  # a blocked word goes, a learned one comes
        self.learning.words_learned.connect(self.corrections.add_known_words)
        self.learning.status_changed.connect(self._show_learning_status)
        self.learning.round_finished.connect(self._learning_round_finished)
        self.learning.model_changed.connect(self._model_requested)
        self.learning.problem.connect(self._show_learning_problem)
        self.learning.settings_changed.connect(self._save_settings)
        if settings.problem:
            self._show_problem(settings.problem)

        self._requested_for = (-1, -1)  # the editor's caret_mark() when the last request went out
        self.editor.textChanged.connect(self._edited_or_moved)
        self.editor.cursorPositionChanged.connect(self._edited_or_moved)
        self.editor.word_shortcut.connect(self.suggestion_bar.choose)
        self.editor.document().modificationChanged.connect(self.setWindowModified)
        self.suggestion_bar.word_chosen.connect(self._take_word)
        self.keyboard.key_clicked.connect(self._type_key)

        self.theme = ""  # the theme applied ("light" or "dark"); "" until the first apply_settings
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._follow_system_theme)
        self.apply_settings()
        self.files.set_document_path(None)
        self.resize(900, 620)
        self._painted = False
        self._shut_down = False

    # ----- start-up: the window first, the engine behind it -----

    def showEvent(self, event: QShowEvent) -> None:
        """On the first show, start the prediction thread once the window has had its first paint."""
        super().showEvent(event)
        if not self.worker.thread.isRunning() and not self.worker.thread.isFinished():
            QTimer.singleShot(0, self._start_prediction)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Log the first paint: the moment a person sees the window."""
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            log.info("window shown (%s)", WINDOW_SHOWN_MARK)

    def _start_prediction(self) -> None:
        """The worker imports torch and loads the model on its own thread; the editor is usable meanwhile."""
        if not self.worker.thread.isRunning() and not self._shut_down:
            self.worker.start_thread()  # it repairs the models folder first; the learner starts once a model is ready
            self.request_predictions()



    # ----- building -----

    def _build_status_bar(self) -> None:
        self.status = StatusBar()
        self.setStatusBar(self.status)
        self.learning_label, self.saved_label = self.status.learning_label, self.status.saved_label
        self.latency_label, self.model_label, self.device_label = (
            self.status.latency_label, self.status.model_label, self.status.device_label
        )
        self.model_label.setText("loading model…")
        self._update_saved_label()

    def show_shortcuts(self) -> None:
        """Help → Keyboard Shortcuts."""
        ShortcutsDialog(shortcut_table(self.menuBar()) + EDITOR_KEYS, self).exec()

    # ----- predictions -----

    def _edited_or_moved(self) -> None:
        """One request per edit or caret move: a key press emits textChanged and cursorPositionChanged both."""
        if self.editor.caret_mark() != self._requested_for:
            self.request_predictions()

    def request_predictions(self) -> None:
        """Ask the worker for predictions for the text before the caret (the newest request wins)."""
        if self._shut_down or not self.worker.thread.isRunning():
            return  # shut down (or not started): the worker is gone, nothing to ask
        self._requested_for = self.editor.caret_mark()
        self.latest_request_id += 1
        context, count = self.editor.context_before_cursor(), self.settings["suggestion_count"]
        self.worker.submit(self.latest_request_id, context, count, self.settings["autocorrect"], self.settings["ghost_text"])

    def _worker_result(self, answer: object) -> None:
        if isinstance(answer, Prediction):
            self._show_prediction(answer)
        elif isinstance(answer, ModelReady):
            self._show_model(answer)
        elif isinstance(answer, PhrasePrediction):
            if answer.request_id == self.shown_request_id:  # the phrase of the text on screen: or the word ghost
                self.editor.set_ghost(*((answer.phrase, "") if answer.phrase else self._word_ghost))
        elif isinstance(answer, Correction):
            self.corrections.take(answer)
        elif isinstance(answer, FolderRepaired):
            for restored in answer.restored:
                self._show_problem(default_model_restored(restored))

    def _worker_error(self, job: str, error: Exception) -> None:
        """A failed job of the prediction worker, in words; the user keeps typing."""
        if job == LOAD_JOB:
            self._show_problem(no_model(error))
        else:
            self._show_problem(worker_job_failed(job, error))

    def _show_prediction(self, prediction: Prediction) -> None:
        if prediction.request_id != self.latest_request_id:
            self.dropped_results += 1  # the text has changed since: a newer answer is coming
            return
        if self.last_prediction is None:
            log.info("first suggestions shown (%s)", FIRST_SUGGESTIONS_MARK)
        if not prediction.from_counts_only and (self.last_prediction is None or self.last_prediction.from_counts_only):
            log.info("the model's first suggestions shown (%s)", MODEL_SUGGESTIONS_MARK)
        self.last_prediction = prediction
        self.shown_request_id = prediction.request_id
        self.suggestion_bar.show_words(prediction.words, prediction.corrected)
        self.suggestion_bar.show_next_chars(prediction.next_chars)
        if self.keyboard.isVisible():
            self.keyboard.set_probabilities(prediction.next_chars)
        self._word_ghost = word_ghost(prediction)
        if not self.editor.ghost_continues(self._word_ghost[0]):  # a phrase typed through is kept for its answer
            self.editor.set_ghost(*self._word_ghost)
        self.latency_label.setText(f"{prediction.latency_ms:.1f} ms")
        self._update_saved_label()
        self.suggestion_bar.repaint()
        self.suggestions_shown.emit(prediction.request_id)

    def _take_word(self, word: str) -> None:
        follows = self.last_prediction is not None and self.last_prediction.words_follow_space
        self.editor.take_word(word, after_typed_word=follows)
        self.editor.setFocus()
        self._update_saved_label()

    def _type_key(self, character: str) -> None:
        self.editor.type_character(character)
        self.editor.setFocus()

    def _update_saved_label(self) -> None:
        saved = self.editor.keystrokes_saved
        pressed = self.editor.keys_pressed
        share = saved / (pressed + saved) if pressed + saved else 0.0
        self.saved_label.setText(f"saved {saved} keystrokes ({share:.0%})")

    def _show_model(self, ready: ModelReady) -> None:
        self.model_label.setText(f"model: {ready.name}")
        if ready.lexicon is not None:  # a new model or new word counts; a device change keeps the words
            self.corrections.set_lexicon(ready.lexicon)
        self.device_label.setText(f"device: {ready.device}")
        notices = model_ready_notices(ready)
        if notices:
            self._show_problem(" ".join(notices))
        self.request_predictions()
        if not self._shut_down and not self.learning.worker.thread.isRunning():
            self.learning.start()  # after the repair and the first load: the learner never meets a folder mid-repair
        self.model_shown.emit(ready)

    def _show_problem(self, message: str) -> None:
        self.banner.setText(f"⚠ {message}")
        self.banner.show()
        self.status.show_message(message, 15_000)

    # ----- learning -----

    def _toggle_learning(self, checked: bool) -> None:
        self.settings["learning"] = checked
        self._save_settings()
        self._show_learning_status("")

    def _show_learning_problem(self, message: str) -> None:
        self.learning_action.setChecked(self.settings["learning"])  # e.g. switched off: the journal cannot be written
        self._show_learning_status("")
        self._show_problem(message)

    def _show_learning_status(self, text: str) -> None:
        self.learning_label.setText(text or ("learning on" if self.settings["learning"] else "learning off"))

    def _learning_round_finished(self, result: RoundResult) -> None:
        if result.source == "typing":
            self.status.show_message(f"Learning from your typing: {result.message}.", 8000)

    def train_on_documents(self, folder: bool) -> None:
        """Choose documents or a folder of them, then train on them with a progress dialog."""
        if folder:
            chosen = QFileDialog.getExistingDirectory(self, "Train on a folder of documents", str(Path.home()))
            names = [chosen] if chosen else []
        else:
            names, _ = QFileDialog.getOpenFileNames(self, "Train on documents", str(Path.home()), DOCUMENT_FILTER)
        if names:
            self.start_document_training(names)

    def start_document_training(self, names: list[str], minutes: float = 5.0) -> DocumentTrainingDialog | None:
        """Train on these files/folders, showing progress and the report in a dialog (returned, shown modeless)."""
        from keyboard_app.widgets.learning_dialogs import DocumentTrainingDialog  # the engine's modules: not at start-up

        dialog = DocumentTrainingDialog(self.learning, self)
        if not self.learning.train_on_documents(names, minutes):
            QMessageBox.information(self, "Learning", "A learning round is running; try again when it ends.")
            return None
        dialog.setModal(True)
        dialog.show()
        return dialog

    def open_models_dialog(self) -> None:
        """Learning → Models…: list, switch, import, export and delete model versions."""
        from keyboard_app.widgets.learning_dialogs import ModelsDialog

        ModelsDialog(self.learning, self).exec()

    # ----- settings -----

    def apply_settings(self) -> None:
        """Apply the current settings to the widgets and the worker."""
        settings = self.settings
        font = QFont(settings["font_family"]) if settings["font_family"] else self.editor.font()
        font.setPointSize(settings["font_size"])
        self.editor.setFont(font)
        QTimer.singleShot(0, self.editor.ensureCursorVisible)  # once the text is laid out in the new font
        self.editor.ghost_enabled = settings["ghost_text"]
        self.editor.auto_capital = settings["auto_capital"]
        if resolved_theme(settings["theme"]) != self.theme:  # a new style sheet re-styles every widget: only on change
            self.theme = apply_theme(settings["theme"])
        self.editor.set_ghost("")
        self.keyboard.setVisible(settings["onscreen_keyboard"])
        self.keyboard_action.setChecked(settings["onscreen_keyboard"])
        self.learning_action.setChecked(settings["learning"])
        self._show_learning_status("")
        if settings["suggestion_count"] != len(self.suggestion_bar.word_buttons):
            self.suggestion_bar.set_word_count(settings["suggestion_count"])
        if settings["device"] != self._device_asked:  # the GUI's own record: the worker's field is its thread's
            self._device_asked = settings["device"]
            self._device_requested.emit(settings["device"])
        self.files.rebuild_recent_menu()

    def _follow_system_theme(self) -> None:
        if self.settings["theme"] == "system":
            self.theme = apply_theme("system")

    def open_settings(self) -> None:
        """Show the Settings dialog and apply what the user chose."""
        dialog = SettingsDialog(self.settings, self)
        if dialog.exec():
            dialog.apply_to(self.settings)
            self._save_settings()
            self.apply_settings()
            self.request_predictions()

    def _toggle_keyboard(self, checked: bool) -> None:
        self.settings["onscreen_keyboard"] = checked
        self.keyboard.setVisible(checked)
        if checked and self.last_prediction:
            self.keyboard.set_probabilities(self.last_prediction.next_chars)
        self._save_settings()

    def _save_settings(self) -> None:
        """The one place settings are saved: a failure is shown, the settings stay in effect."""
        try:
            self.settings.save()
        except OSError as error:
            self._show_problem(describe(error, "Settings could not be saved"))

    # ----- closing -----

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask about unsaved changes, then stop the worker thread and save the settings."""
        if not self.files.maybe_save():
            event.ignore()
            return
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop every thread the window started (idempotent)."""
        self._shut_down = True
        self.learning.shutdown()
        if self.worker.thread.isRunning() and not self.worker.stop_thread():
            log.error("prediction thread did not stop in time")
        self._save_settings()
