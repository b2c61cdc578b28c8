"""Spell checking: words no lexicon knows are underlined with a wavy line (a QSyntaxHighlighter).

Qt re-highlights only the paragraph being edited on a key press, so the check stays off the per-key path;
a document over MAX_CHECKED_CHARS is not checked at all (highlighting it whole would stall the window).
The lexicon comes from the prediction worker once a model is loaded; until then nothing is underlined.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat, QTextDocument

from keyboard_app.widgets.qt_text import utf16_length
from model import split_words

MAX_CHECKED_CHARS = 1_000_000


class SpellingHighlighter(QSyntaxHighlighter):
    """Underlines the words `is_misspelled` says no lexicon knows."""

    def __init__(self, document: QTextDocument, is_misspelled: Callable[[str], bool], owner: QObject) -> None:
        super().__init__(owner)  # a Qt parent: deleted on the GUI thread with it, never by Python's GC elsewhere
        self._document = document
        self.is_misspelled = is_misspelled
        self.misspelled_format = QTextCharFormat()
        self.misspelled_format.setUnderlineStyle(QTextCharFormat.SpellCheckUnderline)
        self.misspelled_format.setUnderlineColor(Qt.red)

    def check(self) -> None:
        """Check the whole document again (a lexicon arrived, a word was added): only if it is not too long."""
        long = self._document.characterCount() > MAX_CHECKED_CHARS
        if long and self.document() is not None:
            self.setDocument(None)
        elif not long:
            if self.document() is None:
                self.setDocument(self._document)  # highlights every paragraph
            else:
                self.rehighlight()

    def check_words(self, words: list[str]) -> None:
        """Check again only the paragraphs that hold one of `words` (words just learned), not the whole document."""
        if self.document() is None:
            return
        flags = QTextDocument.FindCaseSensitively | QTextDocument.FindWholeWords
        for word in words:
            found = self._document.find(word, 0, flags)
            while not found.isNull():
                self.rehighlightBlock(found.block())
                found = self._document.find(word, found.block().position() + found.block().length(), flags)

    def highlightBlock(self, text: str) -> None:
        """Underline the misspelled words of one paragraph (Qt calls this for each changed paragraph)."""
        for start, word in split_words(text):
            if self.is_misspelled(word):
                self.setFormat(utf16_length(text[:start]), utf16_length(word), self.misspelled_format)
