"""What learning records: the document's text as it stands, once it is stable, never the keystrokes.

A sentence is recorded, read from the document, once the caret has left its paragraph, or after a pause
(PAUSE_MS without an edit) when it is finished (". ! ?") and the caret is not in it; everything left is
recorded when the document is closed, replaced or the app quits. So text deleted, undone or corrected before
that never reaches the journal (a correction is learned in its corrected form), and pasted or opened text,
marked by the editor (keyboard_app.widgets.typed_marks), is left out. A sentence is recorded once per
document: editing it later records its new form.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QTextBlock

from keyboard_app.widgets.editor import PredictiveEditor
from keyboard_app.widgets.typed_marks import typed_pieces
from model import sentence_spans

PAUSE_MS = 3000
NOTHING_CHANGED = (1 << 62, -1)  # an empty range of changed positions


class StableText(QObject):
    """Watches the editor's document and emits `recorded` with each paragraph's newly stable sentences."""

    recorded = Signal(str)  # sentences of one or more paragraphs, each paragraph ending in "\n"

    def __init__(self, editor: PredictiveEditor, is_on: Callable[[], bool]) -> None:
        super().__init__(editor)
        self.editor = editor
        self._is_on = is_on  # Learning on: off, nothing is recorded
        self._recorded: set[str] = set()
        self._changed = NOTHING_CHANGED  # [low, high] positions changed since the last record
        self._caret_block = 0
        self._pause = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._pause.timeout.connect(lambda: self.record(final=False))
        editor.document().contentsChange.connect(self._contents_changed)
        editor.cursorPositionChanged.connect(self._caret_moved)

    def _contents_changed(self, position: int, removed: int, added: int) -> None:
        low, high = self._changed
        if high >= position:
            high = max(position + added, high - removed + added)
        self._changed = (min(low, position), max(high, position + added))
        self._pause.start()

    def _caret_moved(self) -> None:
        block = self.editor.textCursor().blockNumber()
        if block != self._caret_block:
            self._caret_block = block
            self.record(final=False)

    def record(self, final: bool = True) -> None:
        """Record the changed paragraphs' stable sentences (with `final`, every sentence: the document closes)."""
        low, high = self._changed
        self._changed = NOTHING_CHANGED
        if high < 0 or not self._is_on():
            return
        document = self.editor.document()
        caret = self.editor.textCursor()
        block = document.findBlock(low)
        last = document.findBlock(min(high, document.characterCount() - 1))
        paragraphs = []
        while block.isValid():
            caret_offset = caret.position() - block.position() if not final and block == caret.block() else None
            sentences, waiting = self._new_sentences(block, caret_offset)
            if sentences:
                paragraphs.append(" ".join(sentences) + "\n")
            if waiting:  # the caret's unfinished sentence: looked at again at the next record
                self._changed = (block.position(), block.position() + block.length() - 1)
            if block == last:
                break
            block = block.next()
        if paragraphs:
            self.recorded.emit("".join(paragraphs))

    def _new_sentences(self, block: QTextBlock, caret_offset: int | None) -> tuple[list[str], bool]:
        """The paragraph's typed sentences not yet recorded, now marked recorded, and whether one must wait
        (the caret is in it, or it is unfinished in the caret's paragraph)."""
        sentences, waiting = [], False
        for piece_start, piece in typed_pieces(block):
            for start, end, complete in sentence_spans(piece):
                sentence = piece[start:end].strip()
                if not sentence or sentence in self._recorded:
                    continue
                if caret_offset is not None and (not complete or piece_start + start <= caret_offset <= piece_start + end):
                    waiting = True
                    continue
                self._recorded.add(sentence)
                sentences.append(sentence)
        return sentences, waiting

    def start_document(self) -> None:
        """A new or opened document: what was recorded of the last one no longer counts as recorded."""
        self._recorded.clear()
        self._changed = NOTHING_CHANGED
        self._caret_block = self.editor.textCursor().blockNumber()
