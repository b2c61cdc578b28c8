"""Auto-correction in the editor: a finished word replaced by the word meant, and Backspace right after it
restores what was typed (that word is then kept as typed for the rest of the session); Ctrl+Z undoes it too,
the correction being one edit of its own. The engine decides what to correct (Predictor.correct_word, on the
prediction thread); this module only applies the answer, if the word is still there as typed.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from PySide6.QtGui import QTextCursor, QTextDocument

from keyboard_app.widgets.qt_text import utf16_length

if TYPE_CHECKING:
    from keyboard_app.widgets.editor import PredictiveEditor


def in_code_span(line_before_word: str) -> bool:
    """Whether a word after `line_before_word` is inside `code` (an odd number of backticks before it)."""
    return line_before_word.count("`") % 2 == 1


def replace_word(document: QTextDocument, start: int, old: str, new: str) -> bool:
    """Replace `old` at `start` by `new` as one edit (one Ctrl+Z), if the document still holds `old` there.

    A caret after the word moves with the text: Qt keeps it in place.
    """
    cursor = QTextCursor(document)
    cursor.setPosition(start)
    cursor.setPosition(start + utf16_length(old), QTextCursor.KeepAnchor)
    if cursor.selectedText() != old:
        return False  # edited meanwhile: leave it
    cursor.beginEditBlock()
    cursor.insertText(new)
    cursor.endEditBlock()
    return True


class AutoCorrection:
    """The editor's corrections: which words are kept as typed, and the last correction, for Backspace."""

    def __init__(self, editor: PredictiveEditor) -> None:
        self._editor = weakref.ref(editor)  # not a strong reference: editor and helper would form a cycle
        self.kept_words: set[str] = set()  # restored with Backspace: never corrected again this session
        self._last: tuple[tuple[int, int], int, str, str] | None = None  # (caret mark after, start, typed, put)

    @property
    def editor(self) -> PredictiveEditor:
        """The editor these corrections are made in."""
        return self._editor()

    def apply(self, start: int, typed: str, replacement: str) -> bool:
        """Replace `typed` at `start` by `replacement` as one edit, if the document still holds it there."""
        editor = self.editor
        if replacement == typed or typed in self.kept_words or not replace_word(editor.document(), start, typed, replacement):
            return False
        self._last = (editor.caret_mark(), start, typed, replacement)
        return True

    def just_made(self) -> bool:
        """Whether the caret is where it was right after the last correction (nothing typed since)."""
        return self._last is not None and self.editor.caret_mark() == self._last[0]

    def undo_on_backspace(self) -> bool:
        """Backspace right after a correction: put back the word as typed; False (nothing done) otherwise."""
        editor = self.editor
        if self._last is None or editor.caret_mark() != self._last[0] or editor.textCursor().hasSelection():
            return False
        _, start, typed, replacement = self._last
        self._last = None
        self.kept_words.add(typed)
        return replace_word(editor.document(), start, replacement, typed)
