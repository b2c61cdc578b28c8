"""The status bar: permanent fields (learning, keystrokes saved, latency, model, device) and messages in full.

A message gets the room it needs: while it is shown, the fields step aside if the two do not fit side by
side, and a long path in it is elided in the middle ("Saved /home/…/letters/June.txt"), never cut at its end.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

FIELD_SPACING = 24  # pixels between the message and the fields, and around each field


class StatusBar(QStatusBar):
    """The window's status bar; `show_message` replaces QStatusBar.showMessage, which clips long messages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.message_label = QLabel()
        self.message_label.setObjectName("statusMessage")
        self.message_label.setTextFormat(Qt.PlainText)
        self.addWidget(self.message_label, 1)
        self.learning_label, self.saved_label, self.latency_label, self.model_label, self.device_label = (
            QLabel() for _ in range(5)
        )
        self.learning_label.setObjectName("learning")
        self.fields = (self.learning_label, self.saved_label, self.latency_label, self.model_label, self.device_label)
        for label in self.fields:
            self.addPermanentWidget(label)
        self._message = ""
        self._path: Path | None = None
        self._clear_timer = QTimer(self, singleShot=True, timeout=self.clear_message)

    @property
    def message(self) -> str:
        """The message shown in full (before any eliding of its path), "" when none."""
        return self._message + (str(self._path) if self._path else "")

    def show_message(self, message: str, timeout_ms: int = 5000, path: Path | None = None) -> None:
        """Show `message`, then `path` after it (elided in the middle if need be), for `timeout_ms`."""
        self._message, self._path = message, path
        self._lay_out_message()
        self._clear_timer.start(timeout_ms)

    def clear_message(self) -> None:
        """Remove the message and bring the fields back."""
        self._message, self._path = "", None
        self.message_label.clear()
        for label in self.fields:
            label.show()

    def resizeEvent(self, event) -> None:
        """Fit the message again to the new width."""
        super().resizeEvent(event)
        if self._message or self._path:
            self._lay_out_message()

    def _lay_out_message(self) -> None:
        metrics = self.message_label.fontMetrics()
        whole_width = max(0, self.width() - 2 * FIELD_SPACING)
        fields_width = sum(label.sizeHint().width() + FIELD_SPACING for label in self.fields if label.text())
        wanted = metrics.horizontalAdvance(self.message)
        fits_beside = wanted <= whole_width - fields_width
        for label in self.fields:
            label.setVisible(fits_beside)
        room = whole_width - (fields_width if fits_beside else 0)
        text = self._message
        if self._path is not None:
            text += metrics.elidedText(str(self._path), Qt.ElideMiddle, max(0, room - metrics.horizontalAdvance(text)))
        self.message_label.setText(text)
        self.message_label.setToolTip(self.message)
