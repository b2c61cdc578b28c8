"""Word counts of the document being written: a cache model, so that the words of this text come back.

Counted up to the word being typed, over its last DOCUMENT_CHARS at most, and kept up to date as the text
changes: words typed are counted, words deleted (a backspace, an edit) are uncounted, and when the counting
window moves on, the words it leaves behind are uncounted (only a window that moves back is recounted).
P(word | history, typed prefix) as model.lexicon.word_counts gives it, by interpolated absolute discounting.
"""

from __future__ import annotations

import itertools
from collections import deque

from model.lexicon.follower_counts import FollowerCounts
from model.text.words import DASH, SENTENCE_END, SENTENCE_START, is_word_character, words_with_history

DOCUMENT_CHARS = 20_000  # how far back in the document words are counted...
DOCUMENT_STRIDE = 5_000  # ...in a window that moves in steps of this many characters


def document_window_start(text: str) -> int:
    """Where DocumentCounts starts counting `text`: 0, or for a long text a sentence start (else a word start)
    at least DOCUMENT_CHARS - DOCUMENT_STRIDE characters before its end.

    The position depends on the text alone, as the LSTM's window does, so counting incrementally as the text
    grows gives exactly what counting from scratch gives; it moves once every DOCUMENT_STRIDE characters.
    """
    if len(text) <= DOCUMENT_CHARS:
        return 0
    start = ((len(text) - DOCUMENT_CHARS) // DOCUMENT_STRIDE + 1) * DOCUMENT_STRIDE
    sentence_end = SENTENCE_END.search(text, start)
    if sentence_end is not None:
        return sentence_end.end()
    while start < len(text) and is_word_character(text[start]):
        start += 1
    return start


class DocumentCounts:
    """Word counts of the document being written, up to the word being typed (its last DOCUMENT_CHARS at most).

    Kept up to date as the text changes: words typed are counted, words deleted (a backspace, an edit) are
    uncounted, and a window that moves on uncounts what it leaves behind. Its words also serve the
    remembered-words fast path (model.lexicon.word_memory).
    """

    def __init__(self) -> None:
        self._counts = FollowerCounts()
        self.words = self._counts.words
        self._counted_text = ""
        self._window_start = 0
        self._counted: deque[tuple[int, str, tuple[str, str]]] = deque()  # (end offset, word, the two words before)

    def counted(self, text_before_word: str) -> DocumentCounts:
        """These counts for the text before the word being typed, reusing what was counted for the last text.

        The counts are a function of the text alone: counting incrementally gives what counting afresh gives.
        Returns self.
        """
        if text_before_word == self._counted_text:
            return self
        window_start = document_window_start(text_before_word)
        if window_start > self._window_start:  # the window moved on as the text grew: drop what it left behind
            self._uncount_before(window_start)
            self._window_start = window_start
        elif window_start < self._window_start:
            self._uncount_after(-1)
            self._window_start = window_start
        same = _common_prefix_length(self._counted_text, text_before_word)
        # A word that ends at or after the first changed character may have changed, and so may one that ends
        # right before it ("ab" of "ab--" becomes "ab-x" when the second hyphen changes: DASH is two long).
        self._uncount_after(same - len(DASH))
        resume_at = self._counted[-1][0] if self._counted else window_start
        self._count(text_before_word, resume_at)
        self._counted_text = text_before_word
        return self

    def _history_after_last_word(self) -> tuple[str, str]:
        """The two words before the position right after the last counted word."""
        if not self._counted:
            return SENTENCE_START, SENTENCE_START
        _, word, (_, previous) = self._counted[-1]
        return previous, word

    def _count(self, text: str, resume_at: int) -> None:
        """Count the words of text[resume_at:], which starts right after the last counted word."""
        for end, word, history in words_with_history(text[resume_at:], self._history_after_last_word()):
            self._counts.add(word, history)
            self._counted.append((resume_at + end, word, history))

    def _uncount_before(self, start: int) -> None:
        """Move the window's start on to `start`: uncount the words before it, and give the first two words after
        it the history that counting from `start` gives them (no history: the window starts a sentence)."""
        while self._counted and self._counted[0][0] <= start:
            _, word, history = self._counted.popleft()
            self._counts.remove(word, history)
        head = list(itertools.islice(self._counted, 2))
        if not head:
            return
        fresh = words_with_history(self._counted_text[start : head[-1][0]])
        for index, ((end, word, history), (_, _, fresh_history)) in enumerate(zip(head, fresh)):
            if history != fresh_history:
                self._counts.remove(word, history)
                self._counts.add(word, fresh_history)
                self._counted[index] = (end, word, fresh_history)

    def _uncount_after(self, offset: int) -> None:
        """Uncount every counted word that ends after `offset` (-1: every word)."""
        while self._counted and self._counted[-1][0] > offset:
            _, word, history = self._counted.pop()
            self._counts.remove(word, history)

    def distribution(self, history: tuple[str, str], prefix: str, limit: int) -> dict[str, float]:
        """The `limit` likeliest words of this document starting with `prefix` after `history`, with P."""
        return self._counts.distribution(history, prefix, limit)[0]

    def repeated_follower(self, history: tuple[str, str], prefix: str) -> tuple[str, float] | None:
        """The word this document wrote most often after `history`, if twice or more (FollowerCounts)."""
        return self._counts.repeated_follower(history, prefix)


def _common_prefix_length(first: str, second: str) -> int:
    """How many leading characters two strings share (a binary search over slice comparisons, done in C)."""
    if second.startswith(first):
        return len(first)
    low, high = 0, min(len(first), len(second))
    while low < high:
        middle = (low + high + 1) // 2
        if first[:middle] == second[:middle]:
            low = middle
        else:
            high = middle - 1
    return low
