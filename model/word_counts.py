"""Whole-word statistics that sharpen the character LSTM's word suggestions.

The LSTM spells any word and reads a long context, but it learns slowly which word follows which. Counts of
word triples know that at once: `WordCounts` holds the counts of a training text (stored in the model file
beside the weights, and merged with a user's documents when they train on them), and `DocumentCounts` those
of the document being written, updated as it grows (a cache model: the words of this text come back).
Both give P(word | the two words before it, the word starts with what was typed) by interpolated absolute
discounting (Ney, Essen and Kneser 1994), renormalised over the words that match the typed prefix.
Predictor.suggest_words mixes these distributions with the LSTM's (benchmarks/quality.py measures it).
"""

from __future__ import annotations

import bisect
import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

import numpy as np
import torch

from model.vocabulary import normalize_text
from model.word_memory import DOCUMENT_CHARS, WordMemory
from model.words import SENTENCE_START, word_events

DISCOUNT = 0.75
TENSOR_PREFIX = "word_counts."
MAX_WORDS = 2_000_000  # trigram keys are base-(words + 1) numbers in 64 bits


@dataclass
class Followers:
    """What one context (no word, one word or two words before) was followed by, as the typed prefix allows."""

    total: int  # how many words followed the context
    distinct: int  # how many different words
    matching: float  # sum of (count - discount) over the followers that start with the typed prefix
    candidates: list[Hashable]  # the most frequent matching followers
    count_of: Callable[[Hashable], int]


def interpolated(levels: list[Followers], limit: int) -> dict[Hashable, float]:
    """P(word | context, prefix) of the candidates of all levels, unigrams first; {} if no word matches.

    Each level keeps (count - discount) / total of a word and hands the discounted mass to the level below
    (a context never seen is skipped). The lowest level is not discounted.
    """
    probabilities: dict[Hashable, float] = {word: 0.0 for level in levels for word in level.candidates}
    mass = 0.0
    for order, level in enumerate(levels):
        if level.total == 0:
            continue
        discount = DISCOUNT if order else 0.0
        backoff = discount * level.distinct / level.total
        mass = level.matching / level.total + backoff * mass
        probabilities = {
            word: max(level.count_of(word) - discount, 0.0) / level.total + backoff * probability
            for word, probability in probabilities.items()
        }
    if mass <= 0:
        return {}
    best = heapq.nlargest(limit, probabilities.items(), key=lambda item: item[1])
    return {word: probability / mass for word, probability in best if probability > 0}


def count_words(texts: Iterable[str]) -> tuple[Counter, Counter, Counter]:
    """Unigram, bigram and trigram counts of texts; sentence starts have SENTENCE_START as history."""
    unigrams: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    trigrams: Counter[tuple[str, str, str]] = Counter()
    for text in texts:
        before, previous = SENTENCE_START, SENTENCE_START
        for word in word_events(text):
            if word is None:
                before, previous = SENTENCE_START, SENTENCE_START
                continue
            unigrams[word] += 1
            bigrams[(previous, word)] += 1
            trigrams[(before, previous, word)] += 1
            before, previous = previous, word
    return unigrams, bigrams, trigrams


class WordCounts:
    """Word unigram, bigram and trigram counts of a training text, in sorted arrays (compact, fast lookups).

    Words get ids in sorted order, so the words that start with a prefix are one id range; SENTENCE_START
    is the id after the last word. A bigram is the number previous * base + word, a trigram
    (before * base + previous) * base + word (base = words + 1), so one context's followers are one
    slice of a sorted key array, and those matching a prefix a sub-slice.
    """

    def __init__(
        self,
        words: list[str],
        unigram_counts: np.ndarray,
        bigram_keys: np.ndarray,
        bigram_counts: np.ndarray,
        trigram_keys: np.ndarray,
        trigram_counts: np.ndarray,
    ) -> None:
        if len(words) != len(unigram_counts) or len(words) >= MAX_WORDS:
            raise ValueError("word counts: word list and counts disagree, or too many words")
        if len(bigram_keys) != len(bigram_counts) or len(trigram_keys) != len(trigram_counts):
            raise ValueError("word counts: keys and counts disagree")
        self.words = words
        self._index = {word: index for index, word in enumerate(words)}
        self._base = len(words) + 1
        self._unigram_counts = unigram_counts.astype(np.int64)
        self._cumulative = np.concatenate([[0], np.cumsum(self._unigram_counts)])
        self._total = int(self._cumulative[-1])
        self._bigram_keys, self._bigram_counts = bigram_keys.astype(np.int64), bigram_counts.astype(np.int64)
        self._trigram_keys, self._trigram_counts = trigram_keys.astype(np.int64), trigram_counts.astype(np.int64)

    @classmethod
    def from_texts(cls, texts: Iterable[str], min_count: int = 1, weight: int = 1) -> WordCounts:
        """Count texts (NFC-normalised, as the Predictor reads them), each count times `weight`.

        Word pairs and triples seen fewer than `min_count` times are dropped: they make the file large and
        matter little, since the LSTM knows rare contexts too.
        """
        unigrams, bigrams, trigrams = count_words(normalize_text(text) for text in texts)
        words = sorted(unigrams)
        index = {word: position for position, word in enumerate(words)}
        index[SENTENCE_START] = len(words)
        base = len(words) + 1

        def keyed(counts: Counter) -> tuple[np.ndarray, np.ndarray]:
            kept = [(key, count) for key, count in counts.items() if count >= min_count]
            keys = np.zeros(len(kept), dtype=np.int64)
            for position, (key, _) in enumerate(kept):
                number = 0
                for word in key:
                    number = number * base + index[word]
                keys[position] = number
            values = np.array([count for _, count in kept], dtype=np.int64) * weight
            order = np.argsort(keys)
            return keys[order], values[order]

        unigram_counts = np.array([unigrams[word] for word in words], dtype=np.int64) * weight
        return cls(words, unigram_counts, *keyed(bigrams), *keyed(trigrams))

    def sizes(self) -> str:
        """How many words, word pairs and word triples are counted, for messages."""
        return f"{len(self.words):,} words, {len(self._bigram_keys):,} pairs, {len(self._trigram_keys):,} triples"

    # ----- storage in the model file -----

    def to_tensors(self) -> dict[str, torch.Tensor]:
        """Tensors to store beside the weights (names start with TENSOR_PREFIX)."""
        word_bytes = "\n".join(self.words).encode("utf-8")
        arrays = {
            "words": torch.frombuffer(bytearray(word_bytes), dtype=torch.uint8) if word_bytes else torch.zeros(0, dtype=torch.uint8),
            "unigram_counts": _stored_counts(self._unigram_counts),
            "bigram_keys": torch.from_numpy(self._bigram_keys),
            "bigram_counts": _stored_counts(self._bigram_counts),
            "trigram_keys": torch.from_numpy(self._trigram_keys),
            "trigram_counts": _stored_counts(self._trigram_counts),
        }
        return {TENSOR_PREFIX + name: tensor.contiguous() for name, tensor in arrays.items()}

    @classmethod
    def from_tensors(cls, tensors: dict[str, torch.Tensor]) -> WordCounts | None:
        """Rebuild from a model file's tensors; None if it has none; ValueError if they are inconsistent."""
        found = {name[len(TENSOR_PREFIX) :]: tensor for name, tensor in tensors.items() if name.startswith(TENSOR_PREFIX)}
        if not found:
            return None
        try:
            word_bytes = found["words"].numpy().tobytes()
            words = word_bytes.decode("utf-8").split("\n") if word_bytes else []
            arrays = [found[name].numpy() for name in ("unigram_counts", "bigram_keys", "bigram_counts", "trigram_keys", "trigram_counts")]
        except (KeyError, UnicodeDecodeError) as error:
            raise ValueError(f"word counts incomplete ({error})") from error
        if words != sorted(words) or any(np.any(np.diff(keys) <= 0) for keys in (arrays[1], arrays[3])):
            raise ValueError("word counts not in order")
        return cls(words, *arrays)

    def merged(self, other: WordCounts) -> WordCounts:
        """These counts plus another's (a user's documents added to the base text's)."""
        words = sorted(set(self.words) | set(other.words))
        index = {word: position for position, word in enumerate(words)}
        base = len(words) + 1
        unigram_counts = np.zeros(len(words), dtype=np.int64)
        key_parts: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {2: [], 3: []}
        for counts in (self, other):
            new_ids = np.array([index[word] for word in counts.words] + [len(words)], dtype=np.int64)
            unigram_counts[new_ids[:-1]] += counts._unigram_counts
            for order, keys, values in ((2, counts._bigram_keys, counts._bigram_counts), (3, counts._trigram_keys, counts._trigram_counts)):
                remapped = np.zeros_like(keys)
                rest = keys.copy()
                for place in range(order):
                    rest, digit = np.divmod(rest, counts._base)
                    remapped += new_ids[digit] * base**place
                key_parts[order].append((remapped, values))

        def summed(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
            keys = np.concatenate([keys for keys, _ in parts])
            unique_keys, inverse = np.unique(keys, return_inverse=True)
            totals = np.zeros(len(unique_keys), dtype=np.int64)
            np.add.at(totals, inverse, np.concatenate([values for _, values in parts]))
            return unique_keys, totals

        return WordCounts(words, unigram_counts, *summed(key_parts[2]), *summed(key_parts[3]))

    # ----- prediction -----

    def distribution(self, history: tuple[str, str], prefix: str, limit: int) -> dict[str, float]:
        """The `limit` likeliest words starting with `prefix` after the two words of `history`, with P."""
        low = bisect.bisect_left(self.words, prefix)
        high = bisect.bisect_left(self.words, prefix + "\U0010ffff")
        if low == high:
            return {}
        start = self._base - 1
        before, previous = (self._index.get(word, start if word == SENTENCE_START else -1) for word in history)
        levels = [self._unigram_followers(low, high, limit)]
        if previous >= 0:
            levels.append(self._followers(self._bigram_keys, self._bigram_counts, previous, low, high, limit))
            if before >= 0:
                context = before * self._base + previous
                levels.append(self._followers(self._trigram_keys, self._trigram_counts, context, low, high, limit))
        return {self.words[word_id]: probability for word_id, probability in interpolated(levels, limit).items()}

    def _unigram_followers(self, low: int, high: int, limit: int) -> Followers:
        matching_counts = self._unigram_counts[low:high]
        top = np.argpartition(-matching_counts, limit)[:limit] if len(matching_counts) > limit else np.arange(len(matching_counts))
        return Followers(
            total=self._total,
            distinct=len(self.words),
            matching=float(self._cumulative[high] - self._cumulative[low]),
            candidates=[low + int(position) for position in top],
            count_of=lambda word_id: int(self._unigram_counts[word_id]),
        )

    def _followers(self, keys: np.ndarray, counts: np.ndarray, context: int, low: int, high: int, limit: int) -> Followers:
        """The followers of `context` among bigram or trigram keys; those with ids in [low, high) match."""
        first = context * self._base
        begin, end = np.searchsorted(keys, [first, first + self._base])
        match_begin, match_end = np.searchsorted(keys, [first + low, first + high])
        matching_counts = counts[match_begin:match_end]
        if len(matching_counts) > limit:
            top = match_begin + np.argpartition(-matching_counts, limit)[:limit]
        else:
            top = np.arange(match_begin, match_end)

        def count_of(word_id: int) -> int:
            position = int(np.searchsorted(keys, first + word_id, side="left"))
            return int(counts[position]) if position < len(keys) and keys[position] == first + word_id else 0

        return Followers(
            total=int(counts[begin:end].sum()),
            distinct=int(end - begin),
            matching=float(np.maximum(matching_counts - DISCOUNT, 0).sum()),
            candidates=[int(keys[position] - first) for position in top],
            count_of=count_of,
        )


def _stored_counts(counts: np.ndarray) -> torch.Tensor:
    """Counts as 32-bit integers (half the file size), saturated in the unlikely case one exceeds them."""
    return torch.from_numpy(np.minimum(counts, np.iinfo(np.int32).max).astype(np.int32))


class DocumentCounts:
    """Word counts of the document being written (its last DOCUMENT_CHARS before the word being typed).

    Kept up to date as the text grows; an edit elsewhere recounts. Its words also serve the remembered-words
    fast path (model.word_memory).
    """

    def __init__(self) -> None:
        self.words = WordMemory()
        self._followers: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        self._totals: Counter[tuple[str, ...]] = Counter()
        self._counted_text = ""
        self._history = (SENTENCE_START, SENTENCE_START)

    def update(self, text_before_word: str) -> None:
        """Count what was added since the last call (or recount the recent text after an edit)."""
        if text_before_word == self._counted_text:
            return
        if self._counted_text and text_before_word.startswith(self._counted_text):
            self._count(text_before_word[len(self._counted_text) :])
        else:
            self.words.clear()
            self._followers.clear()
            self._totals.clear()
            self._history = (SENTENCE_START, SENTENCE_START)
            self._count(text_before_word[-DOCUMENT_CHARS:])
        self._counted_text = text_before_word

    def _count(self, text: str) -> None:
        before, previous = self._history
        for word in word_events(text):
            if word is None:
                before, previous = SENTENCE_START, SENTENCE_START
                continue
            self.words.add_word(word)
            for context in ((previous,), (before, previous)):
                self._followers[context][word] += 1
                self._totals[context] += 1
            before, previous = previous, word
        self._history = (before, previous)

    def distribution(self, history: tuple[str, str], prefix: str, limit: int) -> dict[str, float]:
        """The `limit` likeliest words of this document starting with `prefix` after `history`, with P."""
        matching_words = self.words.starting_with(prefix)
        if not matching_words:
            return {}
        counts = {word: self.words.count(word) for word in matching_words}
        top = heapq.nlargest(limit, counts, key=counts.__getitem__)
        levels = [Followers(self.words.total, len(self.words), float(sum(counts.values())), top, counts.__getitem__)]
        for context in ((history[1],), history):
            followers = self._followers.get(context)
            if not followers:
                break
            matching = {word: count for word, count in followers.items() if word.startswith(prefix)}
            levels.append(
                Followers(
                    total=self._totals[context],
                    distinct=len(followers),
                    matching=sum(max(count - DISCOUNT, 0.0) for count in matching.values()),
                    candidates=heapq.nlargest(limit, matching, key=matching.__getitem__),
                    count_of=lambda word, matching=matching: matching.get(word, 0),
                )
            )
        return interpolated(levels, limit)
