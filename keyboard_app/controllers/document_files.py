"""The open document as a file: new, open, save, save as, recent files, and the question before changes are lost.

Text files are read with the engine's decoder (UTF-8, UTF-16 with a byte-order mark, or the legacy encoding it
detects) and written back atomically in the encoding and line endings they came with.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from keyboard_app.storage.settings import Settings
from keyboard_app.widgets.editor import PredictiveEditor
from keyboard_app.widgets.status_bar import StatusBar
from model import atomic_write_bytes, decode_text, text_encoding

FILE_FILTER = "Text (*.txt *.md);;All files (*)"
MAX_OPEN_BYTES = 50 * 1024 * 1024


class DocumentFiles(QObject):
    """Owns which file the editor's text belongs to, in which encoding and line endings; the window's File menu
    calls it."""

    settings_changed = Signal()  # the recent files changed: the window saves the settings
    document_replaced = Signal()  # a new or opened document replaced the text (the keystroke counts restart)
    document_closing = Signal()  # the text is about to be replaced: what stays of it is recorded first

    def __init__(self, window: QWidget, editor: PredictiveEditor, settings: Settings, status: StatusBar) -> None:
        super().__init__(window)  # the window is reached as parent(): an attribute would make a reference cycle,
        # and a cycle is freed by Python's collector on whatever thread it runs, deleting the window there
        self.editor = editor
        self.settings = settings
        self.status = status
        self.recent_menu: QMenu | None = None  # File → Open Recent, set by the window when it builds its menus
        self.document_path: Path | None = None
        self.document_newline = "\n"  # what ends a line in the open file: "\r\n" is kept for a Windows file
        self.document_encoding = "utf-8"  # "utf-16" for a file that starts with its byte-order mark

    def set_document_path(self, path: Path | None) -> None:
        """The open document is now `path` (None: untitled), unmodified; the window title says so."""
        self.document_path = path
        self.parent().setWindowTitle(f"{path.name if path else 'Untitled'}[*] — Foresight Keys")
        self.editor.document().setModified(False)
        self.parent().setWindowModified(False)

    def maybe_save(self) -> bool:
        """Before unsaved changes would be lost, ask; False when the user cancels."""
        if not self.editor.document().isModified():
            return True
        answer = QMessageBox.question(
            self.parent(),
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
            self.document_closing.emit()
            self.editor.set_opened_text("")
            self.document_newline, self.document_encoding = "\n", "utf-8"
            self.editor.reset_counts()
            self.set_document_path(None)
            self.document_replaced.emit()

    def open_document(self) -> None:
        """Choose a text file and open it."""
        if not self.maybe_save():
            return
        name, _ = QFileDialog.getOpenFileName(self.parent(), "Open", str(Path.home()), FILE_FILTER)
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
            QMessageBox.warning(self.parent(), "Cannot open file", f"{path} cannot be opened: {reason}.")
            return False
        self.document_closing.emit()
        self.editor.set_opened_text(text)
        self.document_newline = "\r\n" if "\r\n" in text else "\n"
        self.document_encoding = text_encoding(raw)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
        QTimer.singleShot(0, self.editor.ensureCursorVisible)  # once the opened text is laid out
        self.editor.reset_counts()
        self.set_document_path(path)
        self._remember(path)
        self.document_replaced.emit()
        return True

    def save_document(self) -> bool:
        """Save to the current file, or ask for one."""
        return self.save_to(self.document_path) if self.document_path else self.save_document_as()

    def save_document_as(self) -> bool:
        """Ask for a file name and save there."""
        name, _ = QFileDialog.getSaveFileName(self.parent(), "Save As", str(Path.home() / "Untitled.txt"), FILE_FILTER)
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
            QMessageBox.warning(self.parent(), "Cannot save", str(error))
            return False
        self.set_document_path(path)
        self._remember(path)
        self.status.show_message("Saved ", 5000, path=path)
        return True

    def _remember(self, path: Path) -> None:
        self.settings.remember_file(str(path))
        self.settings_changed.emit()
        self.rebuild_recent_menu()

    def rebuild_recent_menu(self) -> None:
        """The File → Open Recent menu, from the settings."""
        self.recent_menu.clear()
        for name in self.settings["recent_files"]:
            action = self.recent_menu.addAction(name)
            action.triggered.connect(lambda _=False, n=name: self.maybe_save() and self.load_file(Path(n)))
        self.recent_menu.setEnabled(bool(self.settings["recent_files"]))
