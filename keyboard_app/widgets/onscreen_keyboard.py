"""An on-screen QWERTY keyboard whose keys are tinted by how likely each character comes next.

The tint shows probability only: a key is painted from the theme's base colour towards the accent colour as its
character grows likelier (never fully). A pressed key is drawn sunken in the theme's text colour, and a
hovered key gets an accent border, so neither can be mistaken for a likely key.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

ROWS = ["1234567890", "qwertyuiop", "asdfghjkl'", "zxcvbnm,.?"]
MAX_TINT = 0.6  # the likeliest key is at most this far from the base colour towards the accent


def blend(base: QColor, accent: QColor, amount: float) -> QColor:
    """`base` moved `amount` (0..1) of the way towards `accent`."""
    return QColor(*(round(b + (a - b) * amount) for a, b in zip(accent.getRgb()[:3], base.getRgb()[:3])))


class KeyButton(QPushButton):
    """One key: its tint follows `probability`; pressed and hovered looks are its own."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(label, parent)
        self.probability = 0.0
        self.setAttribute(Qt.WA_Hover)

    def set_probability(self, probability: float) -> None:
        """Tint the key for this probability of its character coming next."""
        if probability != self.probability:
            self.probability = probability
            self.update()

    def fill_colour(self) -> QColor:
        """The colour the key is filled with now: sunken text colour when pressed, else base tinted by probability."""
        palette = self.palette()
        if self.isDown() or self.isChecked():
            return palette.color(QPalette.Text)
        amount = MAX_TINT * min(1.0, self.probability * 2.5)
        return blend(palette.color(QPalette.Base), palette.color(QPalette.Highlight), amount)

    def paintEvent(self, event: QPaintEvent) -> None:
        """A rounded key: fill, border (accent when hovered), label."""
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        rectangle = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        hovered = self.underMouse() and not self.isDown()
        border = palette.color(QPalette.Highlight) if hovered else palette.color(QPalette.Mid)
        painter.setPen(QPen(border, 2 if hovered else 1))
        painter.setBrush(self.fill_colour())
        painter.drawRoundedRect(rectangle, 6, 6)
        pressed = self.isDown() or self.isChecked()
        painter.setPen(palette.color(QPalette.Base if pressed else QPalette.Text))
        painter.drawText(rectangle, Qt.AlignCenter, self.text())
        painter.end()


class OnscreenKeyboard(QWidget):
    """Clicking a key emits `key_clicked` with its character; Shift types capitals."""

    key_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("onscreenKeyboard")
        grid = QGridLayout(self)
        grid.setSpacing(4)
        grid.setContentsMargins(8, 4, 8, 8)
        self.keys: dict[str, KeyButton] = {}
        for row_index, row in enumerate(ROWS):
            for column, character in enumerate(row):
                self._add_key(grid, character, character, row_index, column * 2 + row_index, 2)
        self.shift = self._add_key(grid, "shift", "⇧", 4, 0, 3)
        self.shift.setCheckable(True)
        self._add_key(grid, " ", "space", 4, 3, 14)
        self._add_key(grid, "\b", "⌫", 4, 17, 3)
        self._add_key(grid, "\n", "⏎", 4, 20, 3)

    def _add_key(self, grid: QGridLayout, character: str, label: str, row: int, column: int, span: int) -> KeyButton:
        key = KeyButton(label)
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
        """Tint each key by the probability of its character (either case) coming next; others are untinted."""
        probability_of: dict[str, float] = {}
        for character, probability in next_chars:
            key = character.lower()
            probability_of[key] = probability_of.get(key, 0.0) + probability
        for character, key in self.keys.items():
            key.set_probability(probability_of.get(character, 0.0))
