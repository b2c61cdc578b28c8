"""Typos as the window handles them: auto-correction of finished words, the spelling underline and its menu,
and the user's dictionary. The engine's answers come from the prediction worker (Predictor.correct_word);
the GUI thread only asks, and applies what comes back if the text is still as it was. Learning reads the
document as it stays (keyboard_app.controllers.stable_text), so it sees corrected words as corrected.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtWidgets import QMenu

from keyboard_app.storage.dictionary import PersonalDictionary
from keyboard_app.storage.settings import Settings
from keyboard_app.widgets.autocorrect import replace_word
from keyboard_app.widgets.editor import PredictiveEditor
from keyboard_app.widgets.spelling import SpellingHighlighter
from keyboard_app.workers.predictions import Correction, CorrectionRequest


class TypingCorrections(QObject):
    """Owns the correction requests, the spelling underline and the dictionary."""

    correction_requested = Signal(object)  # CorrectionRequest, for the prediction worker
    dictionary_grew = Signal(list)  # words added to the dictionary, for the prediction worker

    def __init__(self, editor: PredictiveEditor, settings: Settings, dictionary: PersonalDictionary) -> None:
        super().__init__(editor)
        self.editor = editor
        self.settings = settings
        self.dictionary = dictionary
        self.ignored: set[str] = set()  # "Ignore" in the spelling menu: this session
        self.lexicon: frozenset[str] = frozenset()
        self.highlighter = SpellingHighlighter(editor.document(), self.is_misspelled, self)
        self._last_request = 0
        self._menu_at: dict[int, QPoint] = {}
        editor.word_finished.connect(self._word_finished)
        editor.spelling_menu_requested.connect(self._spelling_menu_requested)

    # ----- the lexicon and the underline -----

    def set_lexicon(self, lexicon: frozenset[str]) -> None:
        """The words the loaded model knows (from the prediction worker); the document is checked again."""
        self.lexicon = lexicon
        self.highlighter.check()

    def add_known_words(self, words: list[str]) -> None:
        """Words the user wrote, now learned: no longer underlined."""
        self.lexicon = self.lexicon | {word.lower() for word in words}
        self.highlighter.check_words(words)

    def is_misspelled(self, word: str) -> bool:
        """Whether to underline `word`: no lexicon, dictionary or ignore list has it; capitals-only words,
        words with digits and one-letter words are never underlined."""
        if not self.lexicon or len(word) < 2 or word.isupper() or not word.replace("'", "").replace("-", "").isalpha():
            return False
        if word in self.dictionary or word in self.ignored or word in self.editor.autocorrection.kept_words:
            return False
        return word.lower() not in self.lexicon and word.lower().replace("’", "'") not in self.lexicon

    # ----- auto-correction -----

    def _word_finished(self, word: str, start: int) -> None:
        if not self.settings["autocorrect"] or word in self.dictionary or word in self.editor.autocorrection.kept_words:
            return
        self._last_request += 1
        self.correction_requested.emit(CorrectionRequest(self._last_request, self.editor.text_before(start), word, start))

    def take(self, correction: Correction) -> None:
        """An answer from the worker: apply an auto-correction, or show the menu."""
        request = correction.request
        if request.for_menu:
            self._show_menu(correction)
            return
        best = correction.candidates[0] if correction.candidates else request.word
        self.editor.autocorrection.apply(request.start, request.word, best)

    # ----- the spelling menu and the dictionary -----

    def _spelling_menu_requested(self, word: str, start: int, where: QPoint) -> None:
        if not self.is_misspelled(word):
            self.editor.show_standard_menu(where)
            return
        self._last_request += 1
        self._menu_at[self._last_request] = where
        self.correction_requested.emit(
            CorrectionRequest(self._last_request, self.editor.text_before(start), word, start, for_menu=True)
        )

    def _show_menu(self, correction: Correction) -> None:
        request = correction.request
        menu = self.spelling_menu(correction)
        menu.popup(self._menu_at.pop(request.request_id, QPoint()))

    def spelling_menu(self, correction: Correction) -> QMenu:
        """The right-click menu of a misspelled word: the likely words meant, Add to dictionary, Ignore, then
        the editor's usual actions."""
        request = correction.request
        menu = self.editor.owned_menu()
        first = menu.actions()[0] if menu.actions() else None
        for candidate in [word for word in correction.candidates if word != request.word][:5]:
            action = menu.addAction(candidate)
            action.triggered.connect(lambda _=False, c=candidate: self._replace(request, c))
            menu.insertAction(first, action)
        add = menu.addAction("Add to Dictionary")
        add.triggered.connect(lambda: self.add_to_dictionary(request.word))
        ignore = menu.addAction("Ignore")
        ignore.triggered.connect(lambda: self.ignore(request.word))
        for action in (add, ignore):
            menu.insertAction(first, action)
        menu.insertSeparator(first)
        return menu

    def _replace(self, request: CorrectionRequest, replacement: str) -> None:
        replace_word(self.editor.document(), request.start, request.word, replacement)

    def add_to_dictionary(self, word: str) -> None:
        """Keep `word` for good: never corrected nor underlined, known to the typo model (raises OSError if the
        dictionary cannot be saved; the word is kept for this session all the same)."""
        self.dictionary.words.add(word)
        self.dictionary_grew.emit([word])
        self.highlighter.check()
        self.dictionary.add(word)

    def ignore(self, word: str) -> None:
        """Stop underlining `word` for this session."""
        self.ignored.add(word)
        self.highlighter.check()
