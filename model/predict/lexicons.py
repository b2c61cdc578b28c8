"""Which words are known, and to whom: the model file's counts, general English, the user's own words (those
they wrote and their dictionary) and the document's. Word suggestions offer only known words (or ones the
LSTM is sure of), the typo search never changes a word the user wrote, the spell checker underlines the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.lexicon.word_memory import WordMemory

if TYPE_CHECKING:
    from model.predict.predictor import Predictor


class Lexicons:
    """The lexicons of one Predictor, read live (its word counts change with learned weights, its personal
    language is the app's)."""

    def __init__(self, predictor: Predictor) -> None:
        self.predictor = predictor

    def all_words(self) -> frozenset[str]:
        """Every word the lexicons know, in lower case (the document's aside)."""
        predictor = self.predictor
        english = predictor.english_words.counts.words if predictor.english_words else []
        model_words = predictor.word_counts.words if predictor.word_counts is not None else []
        users = (memory.starting_with("") for memory in self.user_memories())
        return frozenset(word.lower() for words in (english, model_words, *users) for word in words)

    def user_memories(self) -> tuple[WordMemory, WordMemory]:
        """The user's words: those they wrote, and their dictionary."""
        return self.predictor.personal.counts.words, self.predictor.dictionary_words

    def user_knows(self, word: str) -> bool:
        """Whether the user wrote `word` before or keeps it in their dictionary (exactly as written)."""
        return any(memory.count(word) for memory in self.user_memories())

    def knows_prefix(self, prefix: str, document_words: WordMemory) -> bool:
        """Whether a word of general English, the document or the user's words starts with `prefix` (case
        forgiven); not the model's counts, which hold the typos of its training text ("recieve"). Else a compound on
        its way is known when the words before its last hyphen are and its last part begins one ("long-",
        "well-kno"): the lexicons list few compounds, and the typo search would take "hard-" for a typo of "hard"."""
        forms = case_forms(prefix)
        english = self.predictor.english_words
        if english is not None and any(english.counts.has_prefix(form) for form in forms):
            return True
        memories = (document_words, *self.user_memories())
        if any(memory.starting_with(form) for memory in memories for form in forms):
            return True
        head, hyphen, last = prefix.rpartition("-")
        if not (hyphen and head):
            return False
        # Each part before the hyphen a word, and one these lexicons begin (not a typo only the model's counts know).
        known = (self.knows(part, document_words) and self.knows_prefix(part, document_words) for part in head.split("-"))
        return all(known) and (not last or self.knows_prefix(last, document_words))

    def knows(self, word: str, document_words: WordMemory) -> bool:
        """Whether a lexicon knows `word`, the document's words given (counted once per request); case forgiven
        ("The" at a sentence start, "WORLD" typed in capitals)."""
        if self.in_general(word):
            return True
        forms = case_forms(word)
        return any(memory.count(form) for memory in (document_words, *self.user_memories()) for form in forms)

    def in_general(self, word: str) -> bool:
        """Whether the model's counts or general English know `word` (case forgiven)."""
        predictor = self.predictor
        lexicons = [predictor.word_counts, predictor.english_words.counts if predictor.english_words else None]
        return any(form in lexicon for lexicon in lexicons if lexicon is not None for form in case_forms(word))


def case_forms(word: str) -> set[str]:
    """The forms a lexicon may hold a typed word in: as typed, lower case, capitalised."""
    return {word, word.lower(), word.capitalize()}
