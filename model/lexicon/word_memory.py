"""A fast path for words the user has typed: names and terms the model cannot yet spell are still offered.

A character LSTM learns a new name only through fine-tuning, and copies it poorly from the text it reads.
So the Predictor also remembers words: those in the document being written (model.lexicon.word_counts.DocumentCounts
counts them as the text grows) and those from the user's own typing (fed by the app). A remembered word that
starts with what was typed (MIN_TYPED letters at least), and was seen at least MIN_SIGHTINGS times, and that
the general lexicons do not know (a name, a term), takes the last suggestion slot if no
source of suggestions already offered it. Measured by benchmarks/new_word.py and benchmarks/quality.py (README).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterator

from model.text.words import prefix_range, split_words

MIN_LENGTH = 4  # shorter remembered words save too little to take a slot from the model
MIN_SIGHTINGS = 2
MIN_TYPED = 2  # letters typed before a remembered word is offered: after one, it pushed out better words


class WordMemory:
    """Counts of words seen; finds the most frequent ones that start with a prefix."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._sorted_words: list[str] = []  # the counted words in order, for prefix lookups
        self.total = 0

    def __len__(self) -> int:
        """How many different words were seen."""
        return len(self._sorted_words)

    def add_word(self, word: str, sightings: int = 1) -> None:
        """Count `sightings` of one word."""
        if word not in self._counts:
            bisect.insort(self._sorted_words, word)
        self._counts[word] += sightings
        self.total += sightings

    def remove_word(self, word: str, sightings: int = 1) -> None:
        """Forget sightings of a counted word (the text that held it was deleted)."""
        self._counts[word] -= sightings
        self.total -= sightings
        if self._counts[word] <= 0:
            del self._counts[word]
            low, _ = prefix_range(self._sorted_words, word)
            del self._sorted_words[low]

    def add_text(self, text: str) -> None:
        """Count the words of `text`."""
        for _, word in split_words(text):
            self.add_word(word)

    def clear(self) -> None:
        """Forget every word."""
        self._counts.clear()
        self._sorted_words.clear()
        self.total = 0

    def count(self, word: str) -> int:
        """How often `word` was seen."""
        return self._counts[word]

    def starting_with(self, prefix: str) -> list[str]:
        """Every remembered word that starts with `prefix` (the prefix itself included)."""
        low, high = prefix_range(self._sorted_words, prefix)
        return self._sorted_words[low:high]


def remembered_completion(
    typed_prefix: str, memories: list[WordMemory], exclude: list[str], ordinary: Callable[[str], bool] | None = None
) -> str | None:
    """The most often seen remembered word that completes `typed_prefix` and is not in `exclude`, nor `ordinary`
    (a word the general lexicons know, which the mixed sources rank on their own: a user who wrote much has seen
    most words twice, and the slot is for the names and terms they cannot offer).

    A word seen in capitals (a name in a heading or a play's speaker line, "MARIA") also completes a
    capitalised prefix as a name: "Ma" -> "Maria".
    """
    if len(typed_prefix) < MIN_TYPED:
        return None
    sightings: Counter[str] = Counter()
    for memory in memories:
        for word, seen in _completions(typed_prefix, memory):
            sightings[word] += seen
    for word, seen in sightings.most_common():
        if seen < MIN_SIGHTINGS:
            break
        if word not in exclude and len(word) >= max(MIN_LENGTH, len(typed_prefix) + 2):
            if ordinary is None or not ordinary(word):
                return word
    return None


def _completions(typed_prefix: str, memory: WordMemory) -> Iterator[tuple[str, int]]:
    """The remembered words that complete `typed_prefix`, as they would be shown, with their sightings."""
    for word in memory.starting_with(typed_prefix):
        yield word, memory.count(word)
    shouted = typed_prefix.upper()
    if typed_prefix[:1].isupper() and shouted != typed_prefix and len(shouted) == len(typed_prefix):
        for word in memory.starting_with(shouted):
            if word.isupper():
                yield typed_prefix + word[len(typed_prefix) :].lower(), memory.count(word)
