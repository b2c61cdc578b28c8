"""The suggestion bar: the best words as buttons (click or Alt+1..N; right-click: "Don't Suggest") and the likely
next characters."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QSizePolicy, QWidget


class SuggestionBar(QWidget):
    """Shows word suggestions and next-character probabilities; emits `word_chosen` when one is taken."""

    word_chosen = Signal(str)
    word_blocked = Signal(str)  # "Don't Suggest" on a word's right-click menu

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        self._word_buttons: list[QPushButton] = []
        self._buttons_layout = QHBoxLayout()
        self._buttons_layout.setSpacing(6)
        layout.addLayout(self._buttons_layout, 3)
        self.next_chars_label = QLabel()
        self.next_chars_label.setObjectName("nextChars")
        self.next_chars_label.setTextFormat(Qt.RichText)
        self.next_chars_label.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        layout.addWidget(self.next_chars_label, 2)
        self.set_word_count(3)

    def set_word_count(self, count: int) -> None:
        """Show `count` word buttons."""
        for button in self._word_buttons:
            button.deleteLater()
        self._word_buttons = []
        for index in range(count):
            button = QPushButton()
            button.setObjectName("wordButton")
            button.setFocusPolicy(Qt.NoFocus)  # clicking must not take the caret from the editor
            button.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
            button.clicked.connect(lambda _=False, i=index: self.choose(i))
            button.setContextMenuPolicy(Qt.CustomContextMenu)
            button.customContextMenuRequested.connect(lambda where, b=button: self._word_menu(b, where))
            self._buttons_layout.addWidget(button)
            self._word_buttons.append(button)
        self.show_words([])

    @property
    def word_buttons(self) -> tuple[QPushButton, ...]:
        """The word buttons, first to last (as many as the suggestion-count setting)."""
        return tuple(self._word_buttons)

    @property
    def words(self) -> list[str]:
        """The words shown, best first."""
        return [button.property("word") for button in self._word_buttons if button.property("word")]

    def show_words(self, words: list[str], corrected: bool = False) -> None:
        """Put words on the buttons, best first; empty buttons are disabled. `corrected` words fix a typo in
        what was typed: they are shown in italics after an arrow ("→ receive"). A button that shows the same is left
        as it is (a new text or font lays the bar out again: often the same words stay while a word is typed)."""
        for index, button in enumerate(self._word_buttons):
            word = words[index] if index < len(words) else ""
            text = f"→ {word}" if corrected and word else word
            if button.property("word") == word and button.text() == text and button.font().italic() == corrected:
                continue
            button.setProperty("word", word)
            button.setText(text)
            font = button.font()
            font.setItalic(corrected)
            button.setFont(font)
            tip = f"Alt+{index + 1}" + (": a correction of what you typed" if corrected else "")
            button.setToolTip(tip if word else "")
            button.setEnabled(bool(word))

    def show_next_chars(self, next_chars: list[tuple[str, float]]) -> None:
        """Show the likely next characters with their probabilities."""
        shown = []
        for character, probability in next_chars[:5]:
            visible = {" ": "␣", "\n": "⏎", "\t": "⇥"}.get(character, character)
            shown.append(f"<b>{_escape(visible)}</b>&nbsp;<span style='color:#8a8f98'>{probability:.0%}</span>")
        text = "&nbsp;&nbsp; ".join(shown)
        if text != self.next_chars_label.text():  # the same rich text is not laid out again
            self.next_chars_label.setText(text)

    def word_menu(self, button: QPushButton) -> QMenu | None:
        """The right-click menu of a word button (None when it shows no word): "Don't Suggest “word”"."""
        word = button.property("word")
        if not word:
            return None
        menu = QMenu(self)
        menu.setAttribute(Qt.WA_DeleteOnClose)
        action = menu.addAction(f"Don't Suggest “{word}”")
        action.triggered.connect(lambda: self.word_blocked.emit(word))
        return menu

    def _word_menu(self, button: QPushButton, where: QPoint) -> None:
        if (menu := self.word_menu(button)) is not None:
            menu.popup(button.mapToGlobal(where))

    def choose(self, index: int) -> None:
        """Take the word at `index` (0-based), if there is one."""
        if index < len(self._word_buttons) and self._word_buttons[index].property("word"):
            self.word_chosen.emit(self._word_buttons[index].property("word"))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
