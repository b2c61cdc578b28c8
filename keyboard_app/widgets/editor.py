"""The text editor: a QPlainTextEdit with grey ghost text, suggestion shortcuts and keystroke accounting.

A suggestion never enters the document unless the user takes it (Tab for the ghost text, Alt+1..N or a
click for a word). Taking a word replaces the partially typed word and adds a space; closing punctuation
typed next takes the place of that space ("lunch?", not "lunch ?"), as phone keyboards do. Pasted and
opened text carry the untyped mark (keyboard_app.widgets.typed_marks); what the user types never does.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QContextMenuEvent, QKeyEvent, QKeySequence, QPainter, QPaintEvent, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QWidget

from keyboard_app.widgets.autocorrect import AutoCorrection, in_code_span
from keyboard_app.widgets.qt_text import text_before_position, utf16_length
from keyboard_app.widgets.typed_marks import UNTYPED, mark_all_untyped, typed_format, untyped_format
from model import (
    closes_after_word,
    is_word_character,
    read_start,
    space_before_next_word,
    split_typed_word,
    split_words,
    starts_sentence,
)

GHOST_COLOUR = QColor(150, 155, 165)
# The keys the editor itself handles, for Help → Keyboard Shortcuts (menu shortcuts are listed from the menus).
EDITOR_KEYS = [
    ("Tab", "take the grey completion or phrase after the caret (and a space)"),
    ("Ctrl+Right", "take the next word of the grey phrase (without one: the caret goes one word right)"),
    ("Esc", "hide the grey completion"),
    ("Alt+1 … Alt+5", "take the first … fifth word in the suggestion bar"),
    ("Backspace", "right after an automatic capital: keep the letter as typed"),
]
PARAGRAPH_SEPARATOR = "\u2029"  # how a QTextDocument's raw text ends a paragraph
LINE_LOOKBACK = 1000  # characters of the caret's paragraph that the per-key checks read


class PredictiveEditor(QPlainTextEdit):
    """Plain-text editor that shows a completion inline and counts keys pressed and characters taken."""

    word_shortcut = Signal(int)  # Alt+1..9 -> 0..8
    word_finished = Signal(str, int)  # a word typed from keys and its start position (for auto-correction)
    spelling_menu_requested = Signal(str, int, QPoint)  # right-click: the word there, its start, where to show

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editor")
        self.ghost_enabled = True
        self._ghost = ""
        self._ghost_word = ""  # the word Tab puts in place of the typed part
        self.autocorrection = AutoCorrection(self)
        self.keys_pressed = 0
        self.characters_from_suggestions = 0
        self.suggestions_taken = 0
        self._keyed_word = ""  # letters of the current word that came from keys, and where they end
        self._keyed_word_end = -1
        self._added_space_at = (-1, -1)  # caret_mark() just after the space a taken word added
        self.auto_capital = True  # a letter typed where a sentence starts is made a capital
        self._capital_at = ((-1, -1), "")  # caret_mark() just after an automatic capital, and the letter as typed
        self.textChanged.connect(self.update_ghost_visibility)
        self.cursorPositionChanged.connect(self.update_ghost_visibility)

    # ----- what the model reads -----

    def context_before_cursor(self) -> str:
        """The document text before the caret that the model reads (see `text_before`)."""
        return self.text_before(self.textCursor().position())

    def text_before(self, position: int) -> str:
        """The text before a position that the model reads: its tail from the engine's `read_start`, fetched
        without copying the whole document (a 10 MB text costs a key what 30 kB does)."""
        tail = QTextCursor(self.document())
        tail.setPosition(read_start(position))
        tail.setPosition(position, QTextCursor.KeepAnchor)
        return tail.selection().toPlainText()

    def caret_mark(self) -> tuple[int, int]:
        """(document revision, caret position): equal marks mean nothing was edited and the caret did not move."""
        return self.document().revision(), self.textCursor().position()

    def file_text(self, newline: str = "\n") -> str:
        """The document as a file should hold it, each paragraph ended by `newline` ("\r\n": a Windows file).

        No-break spaces and line separators are kept (toPlainText would turn them into spaces and newlines).
        """
        return self.document().toRawText().replace(PARAGRAPH_SEPARATOR, newline)

    # ----- ghost text -----

    @property
    def ghost(self) -> str:
        """The completion shown after the caret ("" when none)."""
        return self._ghost

    def set_ghost(self, completion: str, word: str = "") -> None:
        """Show `completion` in grey after the caret, if ghost text is on and the caret ends its line; Tab takes
        `word` in place of the typed part (by default the typed part and the completion)."""
        self._ghost = completion if self.ghost_enabled and self._caret_at_line_end() else ""
        self._ghost_word = word
        self.viewport().update()

    def ghost_continues(self, completion: str) -> bool:
        """Whether the ghost shown is a longer phrase that starts with `completion` (kept while typed through)."""
        return bool(completion) and not self._ghost_word and len(self._ghost) > len(completion) and (
            self._ghost.startswith(completion)
        )

    def update_ghost_visibility(self) -> None:
        """Hide a ghost that no longer fits where the caret is; the next prediction brings a new one."""
        if self._ghost:
            self._ghost = ""
            self.viewport().update()

    def _caret_at_line_end(self) -> bool:
        cursor = self.textCursor()
        return not cursor.hasSelection() and cursor.atBlockEnd()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the text, then the ghost completion in grey right after the caret."""
        super().paintEvent(event)
        if not self._ghost:
            return
        rectangle = self.cursorRect()
        painter = QPainter(self.viewport())
        painter.setPen(GHOST_COLOUR)
        painter.setFont(self.font())
        baseline = rectangle.top() + self.fontMetrics().ascent() + (rectangle.height() - self.fontMetrics().height()) // 2
        painter.drawText(rectangle.left() + 1, baseline, self._ghost)
        painter.end()

    # ----- taking suggestions -----

    def take_ghost(self) -> bool:
        """Insert the ghost completion (a word or a phrase) and a space; False when there was none."""
        if not self._ghost:
            return False
        _, typed_prefix = split_typed_word(self.context_before_cursor())
        self.take_word(self._ghost_word or typed_prefix + self._ghost)
        return True

    def take_ghost_word(self) -> bool:
        """Ctrl+Right: insert the ghost's next word and a space; the rest of a phrase stays in grey. False (nothing
        done) without a ghost, or with a correction's."""
        if not self._ghost or self._ghost_word:
            return False
        cut = self._ghost.find(" ", 1)
        part, rest = (self._ghost, "") if cut < 0 else (self._ghost[:cut], self._ghost[cut + 1 :])
        _, typed_prefix = split_typed_word(self.context_before_cursor())
        self.take_word(typed_prefix + part)
        self._show_ghost(rest)
        return True

    def _show_ghost(self, completion: str) -> None:
        """Show what is left of a phrase after part of it was typed or taken (the next answer replaces it)."""
        self._ghost, self._ghost_word = completion if self._caret_at_line_end() else "", ""
        self.viewport().update()

    def take_word(self, word: str, after_typed_word: bool = False) -> None:
        """Replace the partially typed word before the caret with `word` and a space.

        With `after_typed_word` the typed word is finished and stays: `word` follows it after a space.
        """
        before_word, typed_prefix = split_typed_word(self.context_before_cursor())
        cursor = self.textCursor()
        cursor.beginEditBlock()
        if after_typed_word:
            inserted, replaced = space_before_next_word(before_word + typed_prefix) + word + " ", ""
        else:
            cursor.setPosition(cursor.position() - utf16_length(typed_prefix), QTextCursor.KeepAnchor)
            space = "" if typed_prefix else space_before_next_word(before_word)
            inserted, replaced = space + word + " ", typed_prefix
        cursor.insertText(inserted, typed_format(cursor))
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self.suggestions_taken += 1
        self.characters_from_suggestions += len(inserted) - len(replaced)
        self._keyed_word, self._keyed_word_end = "", cursor.position()
        self._added_space_at = self.caret_mark()

    def _replace_added_space(self, character: str) -> bool:
        """Type closing punctuation in place of the space a taken word added just before the caret.

        One edit: Ctrl+Z gives back the word and its space. False (nothing done) in any other case.
        """
        cursor = self.textCursor()
        if self.caret_mark() != self._added_space_at or cursor.hasSelection():
            return False
        line_before = self._line_before_caret()
        if not line_before.endswith(" ") or not closes_after_word(line_before[:-1], character):
            return False
        cursor.beginEditBlock()
        cursor.deletePreviousChar()
        cursor.insertText(character, typed_format(cursor))
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self._added_space_at = (-1, -1)
        return True

    def type_character(self, character: str) -> None:
        """Type one character as a key press would (the on-screen keyboard); "\b" deletes one back."""
        self.keys_pressed += 1
        position_before = self.textCursor().position()
        if character != "\b" and self._replace_added_space(character):
            self._follow_key(character, position_before)
            return
        cursor = self.textCursor()
        if character == "\b":
            cursor.deletePreviousChar()
        else:
            cursor.insertText(character, typed_format(cursor))
        self.setTextCursor(cursor)
        self._follow_key(character, position_before)

    def _follow_key(self, typed_text: str, position_before: int) -> None:
        """Track the letters of the word that came from keys; when a key ends one, emit `word_finished`.

        A word only partly typed (pasted, opened, or edited elsewhere) is not reported.
        """
        position = self.textCursor().position()
        continues = position_before == self._keyed_word_end
        if typed_text == "\b":
            keep = continues and position == position_before - 1 and self._keyed_word
            self._keyed_word, self._keyed_word_end = (self._keyed_word[:-1], position) if keep else ("", -1)
        elif len(typed_text) == 1 and is_word_character(typed_text):
            self._keyed_word = (self._keyed_word if continues else "") + typed_text
            self._keyed_word_end = position
        elif len(typed_text) == 1 and typed_text.isprintable() or typed_text == "\n":
            word = self._keyed_word if continues and self._is_whole_word(self._keyed_word, position_before) else ""
            start = position_before - utf16_length(word)
            if word and not in_code_span(self._line_before_caret()[: -len(word + typed_text)]):
                self.word_finished.emit(word, start)
            self._keyed_word, self._keyed_word_end = "", position

    def _is_whole_word(self, keyed: str, end: int) -> bool:
        """Whether the letters typed up to `end` are the whole word there, not the tail of a pasted one."""
        start = end - utf16_length(keyed)
        character_before = self.document().characterAt(start - 1) if start > 0 else " "
        words = split_words(keyed)  # "their--to" is two words, both typed whole
        return bool(words) and words[0][0] == 0 and not is_word_character(character_before)

    @property
    def keystrokes_saved(self) -> int:
        """Characters that suggestions typed, less the keystrokes spent taking them."""
        return self.characters_from_suggestions - self.suggestions_taken

    def reset_counts(self) -> None:
        """Start the keystroke accounting afresh (a new or opened document)."""
        self.keys_pressed = self.characters_from_suggestions = self.suggestions_taken = 0

    # ----- keys -----

    def _line_before_caret(self) -> str:
        """The caret's paragraph up to the caret, its last LINE_LOOKBACK characters at most: what the per-key
        checks read (never the whole document, nor the whole of one huge paragraph)."""
        cursor = self.textCursor()
        if cursor.positionInBlock() <= LINE_LOOKBACK:
            return text_before_position(cursor.block().text(), cursor.positionInBlock())
        line = QTextCursor(cursor)
        line.setPosition(cursor.position() - LINE_LOOKBACK, QTextCursor.KeepAnchor)
        return line.selectedText()

    def _sentence_context(self) -> str:
        """Enough text before the caret to tell a sentence start: its paragraph, and the one before if this is blank."""
        line = self._line_before_caret()
        previous = self.textCursor().block().previous()
        if line.strip() or not previous.isValid():
            return line
        return previous.text() + "\n" + line  # "Dear Anna,\n" is no sentence end; "...\n\n" or "Bye.\n" is

    def _capitalised(self, text: str) -> str:
        """A lower-case letter typed where a sentence starts, as a capital (when automatic capitals are on)."""
        if not (self.auto_capital and len(text) == 1 and text.islower() and not self.textCursor().hasSelection()):
            return text
        return text.upper() if starts_sentence(self._sentence_context()) else text

    def _undo_capital(self) -> bool:
        """Backspace right after an automatic capital: the letter goes back to how it was typed."""
        mark, typed = self._capital_at
        cursor = self.textCursor()
        if self.caret_mark() != mark or cursor.hasSelection():
            return False
        cursor.beginEditBlock()
        cursor.deletePreviousChar()
        cursor.insertText(typed)
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self._capital_at = ((-1, -1), "")
        if self._keyed_word_end == cursor.position():  # the word's letters from keys: the same, as typed
            self._keyed_word = self._keyed_word[:-1] + typed
        return True

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Right-click: the word under the pointer goes to the spelling menu (which may show the usual menu)."""
        cursor = self.cursorForPosition(event.pos())
        cursor.select(QTextCursor.WordUnderCursor)
        if cursor.selectedText().strip():
            self.spelling_menu_requested.emit(cursor.selectedText(), cursor.selectionStart(), event.globalPos())
        else:
            self.show_standard_menu(event.globalPos())

    def show_standard_menu(self, where: QPoint) -> None:
        """The editor's usual right-click menu (undo, cut, copy, paste...)."""
        self.owned_menu().popup(where)

    def owned_menu(self) -> QMenu:
        """The editor's usual right-click menu, owned by the editor (Qt deletes it, on this thread, when closed)."""
        menu = self.createStandardContextMenu()
        menu.setParent(self, menu.windowFlags())
        menu.setAttribute(Qt.WA_DeleteOnClose)
        return menu

    def undo(self) -> None:
        """Undo the last edit; right after an auto-correction the caret stays after the word and its space (Qt
        would put it at the word, and the next word typed would stick to it)."""
        after_correction = self.autocorrection.just_made()
        from_end = self.document().characterCount() - self.textCursor().position()
        super().undo()
        if after_correction:
            cursor = self.textCursor()
            cursor.setPosition(self.document().characterCount() - from_end)
            self.setTextCursor(cursor)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Paste (and drop) plain text with the untyped mark: learning leaves it out."""
        if not source.hasText():
            return
        cursor = self.textCursor()
        cursor.insertText(source.text(), untyped_format())
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def set_opened_text(self, text: str) -> None:
        """Show an opened file's text (or "" for a new document), marked as not typed; the undo history starts afresh."""
        self.setPlainText(text)
        if text:
            mark_all_untyped(self.document())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Tab takes the ghost, Esc hides it, Alt+digit takes a word; other keys type and are counted."""
        key, modifiers = event.key(), event.modifiers()
        if key == Qt.Key_Tab and modifiers == Qt.NoModifier and self._ghost:
            self.keys_pressed += 1
            self.take_ghost()
            return
        if key == Qt.Key_Escape and self._ghost:
            self.set_ghost("")
            return
        if key == Qt.Key_Right and modifiers == Qt.ControlModifier and self.take_ghost_word():
            self.keys_pressed += 1
            return
        typed_through = self._ghost[1:] if event.text() and not self._ghost_word and self._ghost[:1] == event.text() else ""
        if modifiers & Qt.AltModifier and Qt.Key_1 <= key <= Qt.Key_9:
            self.keys_pressed += 1
            self.word_shortcut.emit(key - Qt.Key_1)
            return
        if event.text() or key in (Qt.Key_Backspace, Qt.Key_Delete, Qt.Key_Return, Qt.Key_Enter):
            self.keys_pressed += 1
        position_before = self.textCursor().position()
        if len(event.text()) == 1 and self._replace_added_space(event.text()):
            self._follow_key(event.text(), position_before)
            return
        if event.matches(QKeySequence.Undo):  # the editor's own handling would not call `undo` above
            self.undo()
            return
        if key == Qt.Key_Backspace and modifiers == Qt.NoModifier and (
            self.autocorrection.undo_on_backspace() or self._undo_capital()
        ):
            return
        typed = event.text()
        if self.currentCharFormat().hasProperty(UNTYPED):  # right after pasted text: what is typed is not pasted
            self.setCurrentCharFormat(typed_format(self.textCursor()))
        if not modifiers & (Qt.ControlModifier | Qt.AltModifier | Qt.MetaModifier) and self._capitalised(typed) != typed:
            self.textCursor().insertText(typed.upper(), typed_format(self.textCursor()))
            self._capital_at = (self.caret_mark(), typed)
            self._follow_key(typed.upper(), position_before)
            return
        super().keyPressEvent(event)
        if typed_through and self.document().characterAt(self.textCursor().position() - 1) == event.text():
            self._show_ghost(typed_through)  # typing the ghost's next character keeps the rest in place
        if key in (Qt.Key_Return, Qt.Key_Enter):
            self._follow_key("\n", position_before)
        elif key == Qt.Key_Backspace:
            self._follow_key("\b", position_before)
        elif not modifiers & (Qt.ControlModifier | Qt.AltModifier | Qt.MetaModifier):
            self._follow_key(event.text(), position_before)
