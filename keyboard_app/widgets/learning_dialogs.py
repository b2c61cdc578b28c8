"""Dialogs for personal models: training on documents (progress, Cancel, before/after report) and Models."""

from __future__ import annotations

import math
import time
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from keyboard_app.controllers.learning_controller import LearningController
from keyboard_app.messages import reason_of
from keyboard_app.workers.learning_worker import DOCUMENTS_JOB, RoundResult
from model import DEFAULT_MODEL_NAME, EngineError, ModelFolder, ModelVersion, TrainingProgress, atomic_write_bytes

FIGURE_NAMES = {
    "held_out_bits_per_character": "bits per character (held-out text)",
    "held_out_keystroke_savings": "keystroke savings (held-out text)",
    "replay_bits_per_character": "bits per character (general English)",
}


class DocumentTrainingDialog(QDialog):
    """Shows a document round's progress (characters, loss, ETA) with Cancel, then its before/after report."""

    def __init__(self, learning: LearningController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Train on documents")
        self.setMinimumWidth(520)
        self.learning = learning
        self.status = QLabel("Reading the documents…")
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.report = QTextBrowser()  # scrolls: a long list of skipped files is never clipped
        self.report.setOpenLinks(False)
        self.report.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.buttons.rejected.connect(self._cancel_or_close)
        layout = QVBoxLayout(self)
        for widget in (self.status, self.bar, self.report, self.buttons):
            layout.addWidget(widget)
        learning.progress.connect(self.show_progress)
        learning.phase.connect(self.show_phase)
        learning.round_finished.connect(self.show_result)
        self.finished_result: RoundResult | None = None

    def show_phase(self, phase: str) -> None:
        """What the round does between training steps ("judging the result on held-out text…"); the bar waits."""
        if self.finished_result is None:
            self.bar.setRange(0, 0)
            self.status.setText(phase[0].upper() + phase[1:] + "…")

    def show_progress(self, progress: TrainingProgress) -> None:
        """Characters done, training loss and time left (a step that trained nothing shows no loss)."""
        self.bar.setRange(0, progress.total_steps)
        self.bar.setValue(progress.step)
        parts = [f"{progress.characters_done:,} characters trained"]
        if math.isfinite(progress.train_bits_per_character):
            parts.append(f"loss {progress.train_bits_per_character:.2f} bits/char")
        parts.append(f"about {time.strftime('%M:%S', time.gmtime(progress.eta_seconds))} left")
        self.status.setText(" · ".join(parts))

    def show_result(self, result: RoundResult) -> None:
        """The before/after figures, the files skipped and why, and whether the new model is in use."""
        if result.source != DOCUMENTS_JOB:
            return
        self.finished_result = result
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        lines = []
        if result.report is not None:
            before, after = result.report.before, result.report.after
            lines.append("<table><tr><th></th><th>before</th><th>after</th></tr>")
            for key, label in FIGURE_NAMES.items():
                percent = "savings" in key
                show = (lambda v: f"{v:.1%}") if percent else (lambda v: f"{v:.3f}")
                lines.append(f"<tr><td>{label}</td><td align=right>{show(before[key])}</td><td align=right>{show(after[key])}</td></tr>")
            lines.append("</table>")
        kept = f"Now using {result.version.name}." if result.version else "The model is unchanged."
        lines.append(f"<p>{result.message}. {kept}</p>")
        if result.skipped:
            lines.append("<p>Skipped:</p><ul>" + "".join(f"<li>{p.name}: {why}</li>" for p, why in result.skipped) + "</ul>")
        self.status.setText("Finished.")
        self.report.setHtml("".join(lines))
        self.report.setMinimumHeight(REPORT_MIN_HEIGHT)
        self.report.show()
        self.adjustSize()
        self.buttons.setStandardButtons(QDialogButtonBox.Close)

    def _cancel_or_close(self) -> None:
        if self.finished_result is None:
            self.learning.cancel()
            self.status.setText("Cancelling…")
            return
        self.reject()


REPORT_MIN_HEIGHT = 260  # pixels: the figures and the first skipped files in view; the rest scrolls
MODEL_COLUMNS = ["model", "saved", "source", "bits/char", "savings", "measured on"]
MEASURED_ON = {"typing": "its round's held-out typing", "documents": "its round's held-out documents"}


class ModelsDialog(QDialog):
    """Lists the model versions and switches, rolls back, resets, imports, exports and erases personal data."""

    def __init__(self, learning: LearningController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Models")
        self.resize(720, 360)
        self.learning = learning
        self.folder = ModelFolder(learning.paths.models)
        self.table = QTableWidget(0, len(MODEL_COLUMNS))
        self.table.setHorizontalHeaderLabels(MODEL_COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        note = QLabel("A version's figures are measured on the part of your text that its learning round held out, "
                      "so they compare that version with the model it started from, not versions with each other.")
        note.setWordWrap(True)
        self.personal_label = QLabel()
        self.personal_label.setWordWrap(True)
        self.allow_button = QPushButton("Suggest Blocked Words Again")
        self.allow_button.clicked.connect(self.allow_blocked_words)
        personal_row = QHBoxLayout()
        personal_row.addWidget(self.personal_label, 1)
        personal_row.addWidget(self.allow_button)
        buttons = QHBoxLayout()
        for text, slot in [
            ("Use selected", self.use_selected),
            ("Delete selected…", self.delete_selected),
            ("Reset to default", self.reset_to_default),
            ("Import…", self.import_file),
            ("Export…", self.export_selected),
            ("Delete all personal data…", self.delete_personal_data),
        ]:
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(note)
        layout.addLayout(personal_row)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the models folder and what the personal store holds."""
        personal = self.learning.personal
        self.personal_label.setText(
            f"Learned from what you wrote: {personal.words:,} words and {personal.phrases:,} phrases"
            + (f"; {personal.blocked} blocked from suggestions." if personal.blocked else ".")
        )
        self.allow_button.setEnabled(personal.blocked > 0)
        self.versions = self.folder.list_versions()
        active = self.learning.settings["active_model"]
        self.table.setRowCount(len(self.versions))
        for row, version in enumerate(self.versions):
            bits = version.figures.get("held_out_bits_per_character")
            savings = version.figures.get("held_out_keystroke_savings")
            cells = [
                version.path.name + ("  (in use)" if version.path.name == active else ""),
                str(version.saved_at).replace("T", " "),
                version.source or f"damaged: {version.damaged}",
                f"{bits:.3f}" if isinstance(bits, float) else "",
                f"{savings:.1%}" if isinstance(savings, float) else "",
                MEASURED_ON.get(version.source, "") if version.figures else "",
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        wanted = sum(header.sectionSize(column) for column in range(self.table.columnCount())) + 60
        if self.width() < wanted:  # every column in view, up to the screen's width
            screen = self.screen().availableGeometry().width() if self.screen() else wanted
            self.resize(min(wanted, screen - 40), self.height())

    def _selected_version(self) -> ModelVersion | None:
        rows = self.table.selectionModel().selectedRows()
        return self.versions[rows[0].row()] if rows else None

    def _selected(self) -> Path | None:
        version = self._selected_version()
        return version.path if version else None

    def use_selected(self) -> None:
        """Switch to (or roll back to) the selected version; a damaged file says why it cannot be used."""
        if (version := self._selected_version()) is None:
            return
        if version.damaged:
            QMessageBox.information(self, "Use model", f"{version.path.name} cannot be used: {version.damaged}.")
            return
        self.learning.use_model(version.path.name)
        self.refresh()

    def delete_selected(self) -> None:
        """Delete the selected personal or imported version, after a confirmation (not the one in use)."""
        if (path := self._selected()) is None:
            return
        if path.name == DEFAULT_MODEL_NAME:
            QMessageBox.information(self, "Delete", "The default model comes with the app and cannot be deleted.")
            return
        if path.name == self.learning.settings["active_model"]:
            QMessageBox.information(self, "Delete", f"{path.name} is in use: use another model first, then delete it.")
            return
        answer = QMessageBox.question(self, "Delete", f"Delete {path.name}?", QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer == QMessageBox.Yes:
            try:
                self.folder.delete_version(path.name)
            except (EngineError, OSError) as error:
                QMessageBox.warning(self, "Cannot delete", f"{path.name} cannot be deleted: {reason_of(error)}.")
            self.refresh()

    def reset_to_default(self) -> None:
        """Use the shipped default model (personal versions are kept)."""
        self.learning.use_model(DEFAULT_MODEL_NAME)
        self.refresh()

    def import_file(self) -> None:
        """Copy a .safetensors model in, after checking it."""
        name, _ = QFileDialog.getOpenFileName(self, "Import model", str(Path.home()), "Models (*.safetensors)")
        if not name:
            return
        try:
            self.folder.import_model(Path(name))
        except (EngineError, OSError) as error:
            QMessageBox.warning(self, "Cannot import", f"{Path(name).name} cannot be imported: {reason_of(error)}.")
        self.refresh()

    def export_selected(self) -> None:
        """Save a copy of the selected model where the user chooses."""
        if (path := self._selected()) is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Export model", str(Path.home() / path.name), "Models (*.safetensors)")
        if name:
            try:
                atomic_write_bytes(Path(name), path.read_bytes())
            except OSError as error:
                QMessageBox.warning(self, "Cannot export", f"{path.name} cannot be exported: {reason_of(error)}.")

    def allow_blocked_words(self) -> None:
        """Offer the words blocked with "Don't suggest this word" again."""
        self.learning.allow_blocked_words()
        self.learning.personal.blocked = 0
        self.refresh()

    def delete_personal_data(self) -> None:
        """After a confirmation, delete the journal, the learned words and phrases, and every personal model."""
        answer = QMessageBox.question(
            self,
            "Delete all personal data",
            "Delete what you wrote for learning, the words and phrases learned from it, your dictionary and every "
            "personal model? The default model stays.",
            QMessageBox.Yes | QMessageBox.No,
            QMessageBox.No,
        )
        if answer == QMessageBox.Yes:
            self.learning.erase_personal_data()
            self.refresh()
