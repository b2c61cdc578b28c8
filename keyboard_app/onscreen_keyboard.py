"""An on-screen QWERTY keyboard whose keys are tinted by how likely each character comes next."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

ROWS = ["1234567890", "qwertyuiop", "asdfghjkl'", "zxcvbnm,.?"]
TINT = (46, 125, 246)  # the accent colour, at an alpha that grows with probability


class OnscreenKeyboard(QWidget):
    """Clicking a key emits `key_clicked` with its character; Shift types capitals."""

    key_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("onscreenKeyboard")
        grid = QGridLayout(self)
        grid.setSpacing(4)
        grid.setContentsMargins(8, 4, 8, 8)
        self.keys: dict[str, QPushButton] = {}
        for row_index, row in enumerate(ROWS):
            for column, character in enumerate(row):
                self._add_key(grid, character, character, row_index, column * 2 + row_index, 2)
        self.shift = self._add_key(grid, "shift", "⇧", 4, 0, 3)
        self.shift.setCheckable(True)
        self._add_key(grid, " ", "space", 4, 3, 14)
        self._add_key(grid, "\b", "⌫", 4, 17, 3)
        self._add_key(grid, "\n", "⏎", 4, 20, 3)

    def _add_key(self, grid: QGridLayout, character: str, label: str, row: int, column: int, span: int) -> QPushButton:
        key = QPushButton(label)
        key.setObjectName("key")
        key.setFocusPolicy(Qt.NoFocus)
        key.setMinimumHeight(34)
        if character != "shift":
            key.clicked.connect(lambda _=False, c=character: self._click(c))
        grid.addWidget(key, row, column, 1, span)
        self.keys[character] = key
        return key

    def _click(self, character: str) -> None:
        if self.shift.isChecked() and character.isalpha():
            character = character.upper()
            self.shift.setChecked(False)
        self.key_clicked.emit(character)

    def set_probabilities(self, next_chars: list[tuple[str, float]]) -> None:
        """Tint each key by the probability of its character (either case) coming next."""
        probability_of: dict[str, float] = {}
        for character, probability in next_chars:
            key = character.lower()
            probability_of[key] = probability_of.get(key, 0.0) + probability
        for character, key in self.keys.items():
            probability = probability_of.get(character, 0.0)
            alpha = int(min(1.0, probability * 2.5) * 200)
            key.setProperty("probability", probability)
            key.setStyleSheet(f"background-color: rgba({TINT[0]}, {TINT[1]}, {TINT[2]}, {alpha});" if alpha else "")
