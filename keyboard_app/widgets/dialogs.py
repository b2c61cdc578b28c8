"""Dialogs: Settings, About and Keyboard Shortcuts."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from keyboard_app.storage.paths import AppPaths
from keyboard_app.storage.settings import FONT_SIZES, SUGGESTION_COUNTS, THEME_CHOICES, Settings


class SettingsDialog(QDialog):
    """Edits the user settings; `apply_to(settings)` writes the choices back."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        form = QFormLayout()
        self.suggestion_count = QSpinBox()
        self.suggestion_count.setRange(*SUGGESTION_COUNTS)
        self.suggestion_count.setValue(settings["suggestion_count"])
        form.addRow("Word suggestions:", self.suggestion_count)
        self.ghost_text = QCheckBox("Show the best completion after the caret (Tab takes it)")
        self.ghost_text.setChecked(settings["ghost_text"])
        form.addRow("Ghost text:", self.ghost_text)
        self.onscreen_keyboard = QCheckBox("Show the on-screen keyboard")
        self.onscreen_keyboard.setChecked(settings["onscreen_keyboard"])
        form.addRow("Keyboard:", self.onscreen_keyboard)
        self.auto_capital = QCheckBox("Start sentences with a capital (Backspace right after keeps the letter as typed)")
        self.auto_capital.setChecked(settings["auto_capital"])
        form.addRow("Capitals:", self.auto_capital)
        self.autocorrect = QCheckBox("Correct typos as I type (Backspace right after a correction undoes it)")
        self.autocorrect.setChecked(settings["autocorrect"])
        form.addRow("Typos:", self.autocorrect)
        self.theme = QComboBox()
        for name in THEME_CHOICES:
            self.theme.addItem({"system": "System", "light": "Light", "dark": "Dark"}[name], name)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings["theme"])))
        form.addRow("Theme:", self.theme)
        self.font_family = QFontComboBox()
        if settings["font_family"]:
            self.font_family.setCurrentFont(QFont(settings["font_family"]))
        self.font_size = QSpinBox()
        self.font_size.setRange(*FONT_SIZES)
        self.font_size.setValue(settings["font_size"])
        form.addRow("Font:", self.font_family)
        form.addRow("Font size:", self.font_size)
        from model import DEVICE_CHOICES, available_devices  # torch: loaded by the workers by now

        self.device = QComboBox()
        present = available_devices()
        for name in DEVICE_CHOICES:
            self.device.addItem({"auto": "Auto", "cpu": "CPU", "cuda": "CUDA (NVIDIA GPU)", "mps": "MPS (Apple GPU)"}[name], name)
            if name != "auto" and name not in present:
                self.device.model().item(self.device.count() - 1).setEnabled(False)  # greyed: not on this machine
        self.device.setCurrentIndex(max(0, self.device.findData(settings["device"])))
        form.addRow("Device:", self.device)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def apply_to(self, settings: Settings) -> None:
        """Write the dialog's choices into `settings` (the caller saves and applies them)."""
        settings["suggestion_count"] = self.suggestion_count.value()
        settings["ghost_text"] = self.ghost_text.isChecked()
        settings["onscreen_keyboard"] = self.onscreen_keyboard.isChecked()
        settings["font_family"] = self.font_family.currentFont().family()
        settings["font_size"] = self.font_size.value()
        settings["device"] = self.device.currentData()
        settings["auto_capital"] = self.auto_capital.isChecked()
        settings["autocorrect"] = self.autocorrect.isChecked()
        settings["theme"] = self.theme.currentData()


def about_text(paths: AppPaths, version: str) -> str:
    """The About box: what this is and where its files live."""
    return (
        f"<h3>Foresight Keys {version}</h3>"
        "<p>A predictive keyboard whose character model runs on this computer. Nothing you type leaves it.</p>"
        f"<p><b>Models:</b> {paths.models}<br><b>What you wrote, for learning:</b> {paths.journal}<br>"
        f"<b>Words and phrases learned from it:</b> {paths.personal_store}<br>"
        f"<b>Settings:</b> {paths.config}<br><b>Logs:</b> {paths.logs}</p>"
        "<p>The default model learned from public-domain books and speeches, casual chat, and Wikipedia "
        "articles (text by Wikipedia's contributors, CC BY-SA 4.0).</p>"
    )


class AboutDialog(QDialog):
    """Help → About: version and the folders where models, settings and logs live."""

    def __init__(self, paths: AppPaths, version: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Foresight Keys")
        label = QLabel(about_text(paths, version))
        label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(buttons)


class ShortcutsDialog(QDialog):
    """Help → Keyboard Shortcuts: every key the app uses and what it does, in a table."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(["key", "what it does"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        for row, (keys, what) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 520)
