"""The user's personal language as the Predictor uses it: counts in memory, kept in a store when one is given.

Without a store (evaluation tools, a fresh Predictor) learning lasts as long as the Predictor; the app gives
each Predictor it loads the same PersonalLanguage, opened on the store in the user data folder, so what was
learned survives model switches and restarts.
"""

from __future__ import annotations

import time

from model.files.personal_store import PersonalStore
from model.lexicon.personal_counts import MAX_TRIPLES, PersonalCounts
from model.lexicon.personal_summary import PersonalSummary
from model.text.words import normalize_text, split_words

PRUNE_SLACK = 1.2  # prune once the triples pass MAX_TRIPLES by this factor (not at every message)


class PersonalLanguage:
    """The user's words, pairs and triples (model.lexicon.personal_counts), learned at once, and their store."""

    def __init__(self, store: PersonalStore | None = None) -> None:
        self.store = store
        self.counts = store.open() if store is not None else PersonalCounts()

    def learn(self, text: str) -> list[str]:
        """Count the words of `text` now and keep them in the store (PersonalStoreError if it cannot be written:
        what was learned still counts for this session); returns the words it held for the first time."""
        text = normalize_text(text)
        new_words = list(dict.fromkeys(word for _, word in split_words(text) if not self.counts.words.count(word)))
        learned = self.counts.learn(text, time.time())
        if self.store is not None:
            self.store.add(learned)
            if self.counts.phrases > MAX_TRIPLES * PRUNE_SLACK:
                self.store.remove(self.counts.prune(MAX_TRIPLES))
        return new_words

    def block_word(self, word: str) -> None:
        """Never offer `word` again (kept in the store)."""
        self.counts.block([word])
        if self.store is not None:
            self.store.block(word)

    def allow_blocked_words(self) -> None:
        """Offer every blocked word again."""
        self.counts.allow_blocked()
        if self.store is not None:
            self.store.unblock_all()

    def erase(self) -> None:
        """Forget everything and delete the store's files (raises OSError if one stays); what is learned from
        now on starts a new store."""
        self.counts.clear()
        if self.store is not None:
            self.store.erase()

    def summary(self) -> PersonalSummary:
        """How many words and phrases were learned, and how many words are blocked."""
        return PersonalSummary(len(self.counts.words), self.counts.phrases, len(self.counts.blocked))
