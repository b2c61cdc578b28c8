"""The main window: editor, suggestion bar, on-screen keyboard, menus and status bar.

The GUI thread only collects the text before the caret, asks the prediction worker, and paints answers. Each
request carries an increasing id; an answer for any id but the newest is dropped, so what is shown is never
older than the text.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QGuiApplication, QKeySequence, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from keyboard_app.widgets.dialogs import AboutDialog, SettingsDialog, ShortcutsDialog
from keyboard_app.widgets.editor import EDITOR_KEYS, PredictiveEditor
from keyboard_app.widgets.find_dialog import FindDialog
from keyboard_app.storage.journal import Journal
from keyboard_app.controllers.learning_controller import LearningController
from keyboard_app.workers.learning_worker import RoundResult
from keyboard_app.widgets.onscreen_keyboard import OnscreenKeyboard
from keyboard_app.storage.paths import AppPaths
from keyboard_app.workers.prediction_worker import Prediction, PredictionWorker
from keyboard_app.storage.settings import Settings
from keyboard_app.widgets.status_bar import StatusBar
from keyboard_app.widgets.theme import apply_theme, resolved_theme
from keyboard_app.widgets.suggestion_bar import SuggestionBar
from keyboard_app.workers.worker_thread import WorkerThread
from model.files.atomic_file import atomic_write_bytes
from model.files.documents import decode_text, text_encoding
from model.text.words import split_typed_word

if TYPE_CHECKING:
    from keyboard_app.widgets.learning_dialogs import DocumentTrainingDialog

log = logging.getLogger(__name__)
VERSION = "0.1.0"
FILE_FILTER = "Text (*.txt *.md);;All files (*)"
DOCUMENT_FILTER = "Documents (*.txt *.md *.html *.htm *.docx *.pdf *.odt);;All files (*)"
MAX_OPEN_BYTES = 50 * 1024 * 1024
WINDOW_SHOWN_MARK = "window painted"  # benchmarks/startup.py and the X11 start-up test wait for these in the log
FIRST_SUGGESTIONS_MARK = "startup complete"


class MainWindow(QMainWindow):
    """The Foresight Keys editor window."""

    suggestions_shown = Signal(int)  # request id, after the answer is painted
    _device_requested = Signal(str)
    _model_requested = Signal(str)

    def __init__(self, paths: AppPaths, settings: Settings) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self.document_path: Path | None = None
        self.document_newline = "\n"  # what ends a line in the open file: "\r\n" is kept for a Windows file
        self.document_encoding = "utf-8"  # "utf-16" for a file that starts with its byte-order mark
        self.latest_request_id = 0
        self.shown_request_id = 0
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
        self._build_menus()

        journal = Journal(paths.journal)
        self.worker = PredictionWorker(paths.models, settings["active_model"], settings["device"], journal)
        self.prediction_thread = WorkerThread(self.worker, "prediction")
        self.worker.predicted.connect(self._show_prediction)
        self.worker.model_ready.connect(self._show_model)
        self.worker.failed.connect(self._show_problem)
        self._device_requested.connect(self.worker.set_device)
        self._model_requested.connect(self.worker.load_model)
        self.learning = LearningController(paths, settings, self.worker, journal)
        self.learning.status_changed.connect(self._show_learning_status)
        self.learning.round_finished.connect(self._learning_round_finished)
        self.learning.model_changed.connect(self._model_requested)
        self.learning.problem.connect(self._show_learning_problem)
        self.editor.typed.connect(self.learning.record_typed)
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
        self._set_document_path(None)
        self.resize(900, 620)
        self._painted = False
        self._shut_down = False

    # ----- start-up: the window first, the engine behind it -----

    def showEvent(self, event: QShowEvent) -> None:
        """On the first show, start the prediction thread once the window has had its first paint."""
        super().showEvent(event)
        if not self.prediction_thread.thread.isRunning() and not self.prediction_thread.thread.isFinished():
            QTimer.singleShot(0, self._start_prediction)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Log the first paint: the moment a person sees the window."""
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            log.info("window shown (%s)", WINDOW_SHOWN_MARK)

    def _start_prediction(self) -> None:
        """The worker imports torch and loads the model on its own thread; the editor is usable meanwhile."""
        if not self.prediction_thread.thread.isRunning() and not self._shut_down:
            self.prediction_thread.start()
            self.learning.start()
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

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._add_action(file_menu, "&New", self.new_document, QKeySequence.New)
        self._add_action(file_menu, "&Open…", self.open_document, QKeySequence.Open)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self._add_action(file_menu, "&Save", self.save_document, QKeySequence.Save)
        self._add_action(file_menu, "Save &As…", self.save_document_as, QKeySequence.SaveAs)
        file_menu.addSeparator()
        self._add_action(file_menu, "&Quit", self.close, "Ctrl+Q")
        edit_menu = self.menuBar().addMenu("&Edit")
        editor = self.editor
        self.undo_action = self._add_action(edit_menu, "&Undo", editor.undo, QKeySequence.Undo)
        self.redo_action = self._add_action(edit_menu, "&Redo", editor.redo, QKeySequence.Redo)
        editor.undoAvailable.connect(self.undo_action.setEnabled)
        editor.redoAvailable.connect(self.redo_action.setEnabled)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        edit_menu.addSeparator()
        self._add_action(edit_menu, "Cu&t", editor.cut, QKeySequence.Cut)
        self._add_action(edit_menu, "&Copy", editor.copy, QKeySequence.Copy)
        self._add_action(edit_menu, "&Paste", editor.paste, QKeySequence.Paste)
        self._add_action(edit_menu, "Select &All", editor.selectAll, QKeySequence.SelectAll)
        edit_menu.addSeparator()
        self._add_action(edit_menu, "&Find…", lambda: self.find_dialog.show_for(replace=False), QKeySequence.Find)
        self._add_action(edit_menu, "R&eplace…", lambda: self.find_dialog.show_for(replace=True), "Ctrl+H")
        view_menu = self.menuBar().addMenu("&View")
        self.keyboard_action = self._add_action(view_menu, "On-screen &Keyboard", self._toggle_keyboard, "Ctrl+Shift+K")
        self.keyboard_action.setCheckable(True)
        self._add_action(view_menu, "&Settings…", self.open_settings, "Ctrl+,")
        learning_menu = self.menuBar().addMenu("&Learning")
        self.learning_action = self._add_action(learning_menu, "&Learn From My Typing", self._toggle_learning, "Ctrl+Shift+L")
        self.learning_action.setCheckable(True)
        self._add_action(learning_menu, "Train on &Documents…", lambda: self.train_on_documents(folder=False), "Ctrl+Shift+D")
        self._add_action(learning_menu, "Train on a &Folder…", lambda: self.train_on_documents(folder=True))
        self._add_action(learning_menu, "&Models…", self.open_models_dialog, "Ctrl+Shift+M")
        help_menu = self.menuBar().addMenu("&Help")
        self._add_action(help_menu, "&Keyboard Shortcuts", self.show_shortcuts, QKeySequence.HelpContents)
        self._add_action(help_menu, "&About Foresight Keys", lambda: AboutDialog(self.paths, VERSION, self).exec())

    def _add_action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutVisibleInContextMenu(True)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def shortcut_table(self) -> list[tuple[str, str]]:
        """Every key the app uses, with what it does: the menus' shortcuts, then the editor's own keys."""
        rows = []
        for menu_action in self.menuBar().actions():
            for action in menu_action.menu().actions():
                if not action.shortcut().isEmpty():
                    what = f"{menu_action.text().replace('&', '')} → {action.text().replace('&', '').rstrip('…')}"
                    rows.append((action.shortcut().toString(QKeySequence.NativeText), what))
        return rows + EDITOR_KEYS

    def show_shortcuts(self) -> None:
        """Help → Keyboard Shortcuts."""
        ShortcutsDialog(self.shortcut_table(), self).exec()

    # ----- predictions -----

    def _edited_or_moved(self) -> None:
        """One request per edit or caret move: a key press emits textChanged and cursorPositionChanged both."""
        if self.editor.caret_mark() != self._requested_for:
            self.request_predictions()

    def request_predictions(self) -> None:
        """Ask the worker for predictions for the text before the caret (the newest request wins)."""
        if not self.prediction_thread.thread.isRunning():
            return  # shut down (or not started): the worker is gone, nothing to ask
        self._requested_for = self.editor.caret_mark()
        self.latest_request_id += 1
        self.worker.submit(self.latest_request_id, self.editor.context_before_cursor(), self.settings["suggestion_count"])

    def _show_prediction(self, prediction: Prediction) -> None:
        if prediction.request_id != self.latest_request_id:
            self.dropped_results += 1  # the text has changed since: a newer answer is coming
            return
        if self.last_prediction is None:
            log.info("first suggestions shown (%s)", FIRST_SUGGESTIONS_MARK)
        self.last_prediction = prediction
        self.shown_request_id = prediction.request_id
        self.suggestion_bar.show_words(prediction.words)
        self.suggestion_bar.show_next_chars(prediction.next_chars)
        if self.keyboard.isVisible():
            self.keyboard.set_probabilities(prediction.next_chars)
        self.editor.set_ghost(self._ghost_for(prediction))
        self.latency_label.setText(f"{prediction.latency_ms:.1f} ms")
        self._update_saved_label()
        self.suggestion_bar.repaint()
        self.suggestions_shown.emit(prediction.request_id)

    def _ghost_for(self, prediction: Prediction) -> str:
        """The rest of the best word that continues what is typed; nothing after punctuation without a space.

        A word in standard spelling that replaces the typed one ("dont" -> "don't", first in the bar) is no
        continuation: the ghost shows the best word that is one.
        """
        if not prediction.words or prediction.words_follow_space:
            return ""  # a finished word is not pushed longer ("for" -> "forever")
        before_word, typed_prefix = split_typed_word(prediction.context)
        if not typed_prefix and before_word and not before_word[-1].isspace():
            return ""
        continuing = (word for word in prediction.words if word.startswith(typed_prefix) and word != typed_prefix)
        return next((word[len(typed_prefix) :] for word in continuing), "")

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

    def _show_model(self, name: str, device: str, problem: str) -> None:
        self.model_label.setText(f"model: {name}")
        self.device_label.setText(f"device: {device}")
        if problem:
            self._show_problem(problem)
        self.request_predictions()

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
        if settings["suggestion_count"] != len(self.suggestion_bar._word_buttons):
            self.suggestion_bar.set_word_count(settings["suggestion_count"])
        if settings["device"] != self.worker.device:
            self._device_requested.emit(settings["device"])
        self._rebuild_recent_menu()

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
        try:
            self.settings.save()
        except OSError as error:
            self._show_problem(f"Settings could not be saved: {error}")

    # ----- files -----

    def _set_document_path(self, path: Path | None) -> None:
        self.document_path = path
        self.setWindowTitle(f"{path.name if path else 'Untitled'}[*] — Foresight Keys")
        self.editor.document().setModified(False)
        self.setWindowModified(False)

    def maybe_save(self) -> bool:
        """Before unsaved changes would be lost, ask; False when the user cancels."""
        if not self.editor.document().isModified():
            return True
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            f"Save the changes to {self.document_path.name if self.document_path else 'Untitled'}?",
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel,
        )
        if answer == QMessageBox.Save:
            return self.save_document()
        return answer == QMessageBox.Discard

    def new_document(self) -> None:
        """Start an empty, untitled document."""
        if self.maybe_save():
            self.editor.setPlainText("")
            self.document_newline, self.document_encoding = "\n", "utf-8"
            self.editor.reset_counts()
            self._set_document_path(None)
            self._update_saved_label()

    def open_document(self) -> None:
        """Choose a text file and open it."""
        if not self.maybe_save():
            return
        name, _ = QFileDialog.getOpenFileName(self, "Open", str(Path.home()), FILE_FILTER)
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> bool:
        """Open `path` in the editor; a file that cannot be read as text is reported and nothing changes."""
        try:
            if path.stat().st_size > MAX_OPEN_BYTES:
                raise ValueError(f"it is larger than {MAX_OPEN_BYTES // 2**20} MB")
            raw = path.read_bytes()
            text = decode_text(raw)
        except (OSError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            QMessageBox.warning(self, "Cannot open file", f"{path} cannot be opened: {reason}.")
            return False
        self.editor.setPlainText(text)
        self.document_newline = "\r\n" if "\r\n" in text else "\n"
        self.document_encoding = text_encoding(raw)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
        QTimer.singleShot(0, self.editor.ensureCursorVisible)  # once the opened text is laid out
        self.editor.reset_counts()
        self._set_document_path(path)
        self._remember(path)
        return True

    def save_document(self) -> bool:
        """Save to the current file, or ask for one."""
        return self.save_to(self.document_path) if self.document_path else self.save_document_as()

    def save_document_as(self) -> bool:
        """Ask for a file name and save there."""
        name, chosen_filter = QFileDialog.getSaveFileName(self, "Save As", str(Path.home() / "Untitled.txt"), FILE_FILTER)
        if not name:
            return False
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".txt")
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        """Write the document atomically; on failure (disk full, no permission) say so and keep the text."""
        try:
            atomic_write_bytes(path, self.editor.file_text(self.document_newline).encode(self.document_encoding))
        except OSError as error:
            QMessageBox.warning(self, "Cannot save", str(error))
            return False
        self._set_document_path(path)
        self._remember(path)
        self.status.show_message("Saved ", 5000, path=path)
        return True

    def _remember(self, path: Path) -> None:
        self.settings.remember_file(str(path))
        self._save_settings()
        self._rebuild_recent_menu()

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        for name in self.settings["recent_files"]:
            action = self.recent_menu.addAction(name)
            action.triggered.connect(lambda _=False, n=name: self.maybe_save() and self.load_file(Path(n)))
        self.recent_menu.setEnabled(bool(self.settings["recent_files"]))

    # ----- closing -----

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask about unsaved changes, then stop the worker thread and save the settings."""
        if not self.maybe_save():
            event.ignore()
            return
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop every thread the window started (idempotent)."""
        self._shut_down = True
        self.learning.shutdown()
        if self.prediction_thread.thread.isRunning():
            if not self.prediction_thread.stop():
                log.error("prediction thread did not stop in time")
        self._save_settings()
