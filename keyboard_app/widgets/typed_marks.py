"""Which text of the document the user typed: pasted and opened text carry a mark in their character format.

Learning records only text the user wrote (keyboard_app.controllers.stable_text). Qt keeps a character
format with the text it belongs to through edits, undo and redo, so the mark follows the text: what the
editor inserts from the clipboard or a file is marked; what is typed, taken from a suggestion or corrected
is inserted without the mark (text typed right after pasted text would otherwise inherit it).
"""

from __future__ import annotations

from PySide6.QtGui import QTextBlock, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat

from model import is_word_character

UNTYPED = QTextFormat.UserProperty + 1  # a bool property: this text was pasted or opened, not typed


def untyped_format() -> QTextCharFormat:
    """The character format of pasted and opened text."""
    text_format = QTextCharFormat()
    text_format.setProperty(UNTYPED, True)
    return text_format


def typed_format(cursor: QTextCursor) -> QTextCharFormat:
    """The format `cursor` would type with, without the untyped mark."""
    text_format = cursor.charFormat()
    text_format.clearProperty(UNTYPED)
    return text_format


def mark_all_untyped(document: QTextDocument) -> None:
    """Mark the whole document as not typed (a file just opened), outside the undo history (which this clears)."""
    document.setUndoRedoEnabled(False)
    cursor = QTextCursor(document)
    cursor.select(QTextCursor.Document)
    cursor.mergeCharFormat(untyped_format())
    document.setUndoRedoEnabled(True)


def typed_pieces(block: QTextBlock) -> list[tuple[int, str]]:
    """(start in the block, text) of each run of typed text in a paragraph; a word cut by untyped text (typed
    letters added to a pasted word) is left out of the run it ends or begins."""
    runs: list[list] = []  # [start, text, typed]
    fragments = block.begin()
    while not fragments.atEnd():
        fragment = fragments.fragment()
        typed = not fragment.charFormat().boolProperty(UNTYPED)
        start = fragment.position() - block.position()
        if runs and runs[-1][2] == typed:
            runs[-1][1] += fragment.text()
        else:
            runs.append([start, fragment.text(), typed])
        fragments += 1
    pieces = []
    for index, (start, text, typed) in enumerate(runs):
        if not typed:
            continue
        if index > 0 and _cuts_a_word(runs[index - 1][1][-1:], text[:1]):  # a pasted word goes on here
            cut = next((at for at, character in enumerate(text) if not is_word_character(character)), len(text))
            start, text = start + cut, text[cut:]
        if index < len(runs) - 1 and _cuts_a_word(text[-1:], runs[index + 1][1][:1]):
            while text and is_word_character(text[-1]):
                text = text[:-1]
        if text.strip():
            pieces.append((start, text))
    return pieces


def _cuts_a_word(character_before: str, character_after: str) -> bool:
    """Whether the border between two characters falls inside a word."""
    return bool(character_before and character_after) and all(map(is_word_character, character_before + character_after))
