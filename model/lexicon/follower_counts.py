"""Word, pair and triple counts held in dicts, that grow and shrink: the document's and the user's own.

Both the document being written (model.lexicon.document_counts) and the user's personal language
(model.lexicon.personal_counts) count which word follows which, add and take away counts as text comes and
goes, and give P(word | the two words before it, the word starts with what was typed) by interpolated
absolute discounting, as the model file's counts do (model.lexicon.word_counts). Counts may be fractional
(the personal store fades old counts).
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable

from model.lexicon.interpolation import DISCOUNT, Followers, interpolated
from model.lexicon.word_memory import WordMemory

REPEATED = 1.5  # a phrase written twice counts (its personal weight fades a little below 2 within days)
MAX_CACHED_LEVELS = 4096


class FollowerCounts:
    """Counts of words and of the words that followed each one-word and two-word history.

    `words` holds how often each word was seen (sightings, for the remembered-words slot and "is this a
    word"); `weight` what each counts for in the probabilities (the same, unless the owner fades old counts).
    """

    def __init__(self) -> None:
        self.words = WordMemory()
        self._unigrams: Counter[str] = Counter()
        self._followers: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        self._totals: Counter[tuple[str, ...]] = Counter()
        self.weight = 0.0  # the sum of every word's weight
        self._version = 0  # changed by every change of the counts (and of what the owner excludes: `changed`)
        self._cached_levels: dict[tuple, Followers | None] = {}
        self._cached_version = 0

    def add(self, word: str, history: tuple[str, str], weight: float = 1.0, sightings: int = 1) -> None:
        """Count `word` after `history` (the two words before it) with `weight`, seen `sightings` times."""
        self._version += 1
        self.words.add_word(word, sightings)
        self._unigrams[word] += weight
        self.weight += weight
        before, previous = history
        for context in ((previous,), (before, previous)):
            self._followers[context][word] += weight
            self._totals[context] += weight

    def remove(self, word: str, history: tuple[str, str], weight: float = 1.0, sightings: int = 1) -> None:
        """Take back what `add` with the same arguments counted."""
        self._version += 1
        self.words.remove_word(word, sightings)
        _take(self._unigrams, word, weight)
        self.weight -= weight
        before, previous = history
        for context in ((previous,), (before, previous)):
            followers = self._followers[context]
            _take(followers, word, weight)
            if not followers:
                del self._followers[context]
            _take(self._totals, context, weight)

    def clear(self) -> None:
        """Forget every count."""
        self._version += 1
        self.words.clear()
        self._unigrams.clear()
        self._followers.clear()
        self._totals.clear()
        self.weight = 0.0

    @property
    def version(self) -> int:
        """A number that changes with every change of the counts or of what the owner excludes."""
        return self._version

    def changed(self) -> None:
        """What the owner excludes has changed (a blocked word): cached answers are stale."""
        self._version += 1

    def distribution(
        self, history: tuple[str, str], prefix: str, limit: int, exclude: Callable[[str], bool] | None = None
    ) -> tuple[dict[str, float], int]:
        """The `limit` likeliest words starting with `prefix` after `history`, with P, and how many words of the
        history were seen before such a word (0: none; 2: the user wrote these two words before one of them).

        Words for which `exclude` is true are left out (the user asked not to be offered them). What a short
        prefix (none, or one letter) matches at each level is kept until the counts change: those match many
        words, and every word start asks for them again.
        """
        if self._cached_version != self._version:
            self._cached_levels.clear()
            self._cached_version = self._version
        unigrams = self._level(None, prefix, limit, exclude)
        if unigrams is None:
            return {}, 0
        levels, seen_order = [unigrams], 0
        for order, context in enumerate(((history[1],), history), start=1):
            level = self._level(context, prefix, limit, exclude)
            if level is None:
                break
            if level.candidates:
                seen_order = order
            levels.append(level)
        return interpolated(levels, limit), seen_order

    def _level(
        self, context: tuple[str, ...] | None, prefix: str, limit: int, exclude: Callable[[str], bool] | None
    ) -> Followers | None:
        """One level of `distribution`: the unigrams (context None) or a context's followers that match
        `prefix`; None when the context was never seen (or, for the unigrams, no word matches)."""
        key = (context, prefix, limit, exclude is not None)
        if len(prefix) <= 1 and key in self._cached_levels:
            return self._cached_levels[key]
        if context is None:
            counts = {
                word: self._unigrams[word]
                for word in self.words.starting_with(prefix)
                if self._unigrams[word] > 0 and not (exclude and exclude(word))
            }
            level = Followers(self.weight, len(self._unigrams), sum(counts.values()), _top(counts, limit), _lookup(counts))
            level = level if counts else None
        elif not (followers := self._followers.get(context)):
            level = None
        else:
            counts = {
                word: count for word, count in followers.items() if word.startswith(prefix) and not (exclude and exclude(word))
            }
            matching = sum(max(count - DISCOUNT, 0.0) for count in counts.values())
            level = Followers(self._totals[context], len(followers), matching, _top(counts, limit), _lookup(counts))
        if len(prefix) <= 1 and len(self._cached_levels) < MAX_CACHED_LEVELS:
            self._cached_levels[key] = level
        return level


    def repeated_follower(
        self, history: tuple[str, str], prefix: str, exclude: Callable[[str], bool] | None = None
    ) -> tuple[str, float] | None:
        """The word that followed the two words of `history` most often (or, if none did twice, the word before
        alone), if at least REPEATED times, among those that start with `prefix`, with its share of them: a
        phrase written again (model.predict.phrases)."""
        for context in (history, history[1:]):
            matching = {
                word: count
                for word, count in self._followers.get(context, {}).items()
                if word.startswith(prefix) and not (exclude and exclude(word))
            }
            word = max(matching, key=matching.__getitem__, default=None)
            if word is not None and matching[word] >= REPEATED:
                return word, matching[word] / sum(matching.values())
        return None


def _top(counts: dict[str, float], limit: int) -> list[str]:
    """The `limit` words with the highest counts."""
    return heapq.nlargest(limit, counts, key=counts.__getitem__)


def _take(counts: Counter, key: object, weight: float) -> None:
    """Subtract `weight` from counts[key], dropping the key when nothing (or a rounding crumb) is left."""
    counts[key] -= weight
    if counts[key] <= 1e-9:
        del counts[key]


def _lookup(counts: dict[str, float]) -> Callable[[list[str]], list[float]]:
    """Followers.counts_of for counts held in a dict."""
    return lambda words: [counts.get(word, 0) for word in words]
