"""The user's own language in memory: the words, pairs and triples they wrote, with how recently.

A character LSTM learns a user's names and habits slowly (fine-tuning moved keystroke savings by about 2
points); counts learn them at once. Every triple (two words of history, then a word) the user wrote is
counted with the time it was last used; pairs and single words follow from the triples. Old counts fade
(halved every FADE_HALF_LIFE_DAYS without use, applied when the store is read), and the rarest, oldest
triples are pruned beyond MAX_TRIPLES. model.files.personal_store keeps them on disk.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Iterator
from dataclasses import dataclass

from model.lexicon.follower_counts import FollowerCounts
from model.lexicon.word_memory import WordMemory
from model.text.words import words_with_history

FADE_HALF_LIFE_DAYS = 90.0
MAX_TRIPLES = 150_000  # about 60 MB in memory; a user writing 2,000 words a day reaches it in a few months
SECONDS_PER_DAY = 86_400.0

Triple = tuple[str, str, str]  # (the word two before, the word before, the word)


@dataclass
class TripleCount:
    """One triple as stored: how often it was written and when it was last used (seconds since the epoch)."""

    sightings: int
    last_used: float


def faded(sightings: int, last_used: float, now: float) -> float:
    """What `sightings` last used at `last_used` count for at `now`: halved every FADE_HALF_LIFE_DAYS."""
    age_days = max(0.0, now - last_used) / SECONDS_PER_DAY
    return sightings * 0.5 ** (age_days / FADE_HALF_LIFE_DAYS)


class PersonalCounts:
    """The user's triples with their counts, the words they make, and the words the user asked not to see."""

    def __init__(self) -> None:
        self._counts = FollowerCounts()
        self._triples: dict[Triple, TripleCount] = {}
        self._weights: dict[Triple, float] = {}  # what each triple counts for in the probabilities
        self.blocked: set[str] = set()  # lower case: "Don't suggest this word"

    @property
    def words(self) -> WordMemory:
        """The user's words with their sightings."""
        return self._counts.words

    @property
    def phrases(self) -> int:
        """How many different word triples the user wrote."""
        return len(self._triples)

    @property
    def version(self) -> int:
        """A number that changes with every change of the counts and of the blocked words."""
        return self._counts.version

    @property
    def weight(self) -> float:
        """How much user text the counts hold, in (faded) words."""
        return self._counts.weight

    def add(self, triple: Triple, count: TripleCount, now: float) -> None:
        """Count a triple from the store (its weight faded to `now`)."""
        self._forget(triple)
        self._triples[triple] = count
        self._weights[triple] = weight = faded(count.sightings, count.last_used, now)
        self._counts.add(triple[2], (triple[0], triple[1]), weight, count.sightings)

    def learn(self, text: str, now: float | None = None) -> list[tuple[Triple, TripleCount]]:
        """Count every word of `text` with its history (the text starts a sentence); returns the triples
        counted with their new counts, for the store."""
        now = time.time() if now is None else now
        learned = {}
        for _, word, (before, previous) in words_with_history(text):
            triple = (before, previous, word)
            old = self._triples.get(triple)
            self._triples[triple] = count = TripleCount(old.sightings + 1 if old else 1, now)
            self._weights[triple] = self._weights.get(triple, 0.0) + 1.0
            self._counts.add(word, (before, previous))
            learned[triple] = count
        return list(learned.items())

    def _forget(self, triple: Triple) -> None:
        """Uncount a triple entirely (before it is counted again with its new count, or pruned)."""
        old = self._triples.pop(triple, None)
        if old is not None:
            self._counts.remove(triple[2], (triple[0], triple[1]), self._weights.pop(triple), old.sightings)

    def prune(self, keep: int = MAX_TRIPLES) -> list[Triple]:
        """Drop all but the `keep` triples that count most now (rare and old ones go first); returns the dropped."""
        if len(self._triples) <= keep:
            return []
        dropped = heapq.nsmallest(len(self._triples) - keep, self._weights, key=self._weights.__getitem__)
        for triple in dropped:
            self._forget(triple)
        return dropped

    def block(self, words: list[str]) -> None:
        """Keep these words off the suggestions (in any case)."""
        self.blocked.update(word.lower() for word in words)
        self._counts.changed()

    def allow_blocked(self) -> None:
        """Offer every blocked word again."""
        self.blocked.clear()
        self._counts.changed()

    def is_blocked(self, word: str) -> bool:
        """Whether the user asked not to be offered `word` (in any case)."""
        return word.lower() in self.blocked

    def distribution(self, history: tuple[str, str], prefix: str, limit: int) -> tuple[dict[str, float], int]:
        """P(word | history, prefix) from the user's counts, less blocked words, and how many words of the
        history the user wrote before such a word (FollowerCounts.distribution)."""
        return self._counts.distribution(history, prefix, limit, self.is_blocked if self.blocked else None)

    def repeated_follower(self, history: tuple[str, str], prefix: str) -> tuple[str, float] | None:
        """The word the user wrote most often after `history`, if twice or more, not blocked (FollowerCounts)."""
        return self._counts.repeated_follower(history, prefix, self.is_blocked if self.blocked else None)

    def items(self) -> Iterator[tuple[Triple, TripleCount]]:
        """Every triple with its count."""
        return iter(self._triples.items())

    def clear(self) -> None:
        """Forget everything, blocked words included."""
        self._counts.clear()
        self._triples.clear()
        self._weights.clear()
        self.blocked.clear()
