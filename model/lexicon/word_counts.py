"""Whole-word statistics that sharpen the character LSTM's word suggestions.

The LSTM spells any word and reads a long context, but it learns slowly which word follows which. Counts of
word triples know that at once: `WordCounts` holds the counts of a training text (stored in the model file
beside the weights, and merged with a user's documents when they train on them), and
model.lexicon.document_counts those of the document being written (a cache model: the words of this text
come back). Both give P(word | the two words before it, the word starts with what was typed) by interpolated absolute
discounting (Ney, Essen and Kneser 1994), renormalised over the words that match the typed prefix.
Predictor.suggest_words mixes these distributions with the LSTM's (benchmarks/quality.py measures it).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable

import torch

from model.lexicon.count_keys import TENSOR_PREFIX, follower_bounds, history_ids
from model.lexicon.count_table import CountTable
from model.lexicon.interpolation import DISCOUNT, Followers, interpolated
from model.text.words import SENTENCE_START, normalize_text, prefix_range, words_with_history

MAX_WORDS = 2_000_000  # trigram keys are base-(words + 1) numbers in 64 bits
# Distributions kept per WordCounts (the counts never change): typing asks again for the next words after a word it
# has just finished, and a ghost phrase's words are asked again when they are typed (45% of asks, benchmarks/key_path.py).
RECENT_DISTRIBUTIONS = 64


def count_words(texts: Iterable[str]) -> tuple[Counter, Counter, Counter]:
    """Unigram, bigram and trigram counts of texts; sentence starts have SENTENCE_START as history."""
    unigrams: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    trigrams: Counter[tuple[str, str, str]] = Counter()
    for text in texts:
        for _, word, (before, previous) in words_with_history(text):
            unigrams[word] += 1
            bigrams[(previous, word)] += 1
            trigrams[(before, previous, word)] += 1
    return unigrams, bigrams, trigrams


class WordCounts:
    """Word unigram, bigram and trigram counts of a training text, in sorted tensors (compact, fast lookups).

    Words get ids in sorted order, so the words that start with a prefix are one id range; SENTENCE_START
    is the id after the last word. A bigram is the number previous * base + word, a trigram
    (before * base + previous) * base + word (base = words + 1), so one context's followers are one
    slice of a sorted key table, and those matching a prefix a sub-slice (model.lexicon.count_table). Tensors, not
    numpy arrays: the frozen app ships without numpy.
    """

    def __init__(
        self,
        words: list[str],
        unigram_counts: torch.Tensor,
        bigram_keys: torch.Tensor,
        bigram_counts: torch.Tensor,
        trigram_keys: torch.Tensor,
        trigram_counts: torch.Tensor,
    ) -> None:
        if len(words) != len(unigram_counts) or len(words) >= MAX_WORDS:
            raise ValueError("word counts: word list and counts disagree, or too many words")
        if len(bigram_keys) != len(bigram_counts) or len(trigram_keys) != len(trigram_counts):
            raise ValueError("word counts: keys and counts disagree")
        self.words = words
        self._index = {word: index for index, word in enumerate(words)}
        self._base = len(words) + 1
        self._unigrams = CountTable(torch.arange(len(unigram_counts)), unigram_counts)  # keys: the word ids
        self._total = self._unigrams.total(0, len(words))
        self._bigrams, self._trigrams = CountTable(bigram_keys, bigram_counts), CountTable(trigram_keys, trigram_counts)
        self._recent: dict[tuple[tuple[str, str], str, int], dict[str, float]] = {}  # see `distribution`
        self._recent_lock = threading.Lock()

    def __contains__(self, word: object) -> bool:
        """Whether this exact word (case included) was counted."""
        return word in self._index

    @classmethod
    def from_texts(cls, texts: Iterable[str], min_count: int = 1, weight: int = 1) -> WordCounts:
        """Count texts (NFC-normalised, as the Predictor reads them), each count times `weight`.

        Word pairs and triples seen fewer than `min_count` times are dropped: they make the file large and
        matter little, since the LSTM knows rare contexts too.
        """
        return cls.from_counts(*count_words(normalize_text(text) for text in texts), min_count, weight)

    @classmethod
    def from_counts(
        cls,
        unigrams: Counter,
        bigrams: Counter,
        trigrams: Counter,
        min_count: int = 1,
        weight: int = 1,
        word_min_count: int = 1,
    ) -> WordCounts:
        """Counts given as Counters of words, (previous, word) pairs and (before, previous, word) triples.

        Every word of a pair or triple must be among the unigrams (or be SENTENCE_START). Words seen fewer
        than `word_min_count` times are left out, with every pair and triple they are in (a typo seen once is
        no word to offer), as are pairs and triples seen fewer than `min_count` times.
        """
        if word_min_count > 1:
            unigrams = Counter({word: count for word, count in unigrams.items() if count >= word_min_count})
            known = unigrams.keys() | {SENTENCE_START}
            bigrams = Counter({key: count for key, count in bigrams.items() if known.issuperset(key)})
            trigrams = Counter({key: count for key, count in trigrams.items() if known.issuperset(key)})
        words = sorted(unigrams)
        index = {word: position for position, word in enumerate(words)}
        index[SENTENCE_START] = len(words)
        base = len(words) + 1

        def keyed(counts: Counter) -> tuple[torch.Tensor, torch.Tensor]:
            kept = [(key, count) for key, count in counts.items() if count >= min_count]
            keys = []
            for key, _ in kept:
                number = 0
                for word in key:
                    number = number * base + index[word]
                keys.append(number)
            keys_tensor = torch.tensor(keys, dtype=torch.int64)
            values = torch.tensor([count for _, count in kept], dtype=torch.int64) * weight
            order = torch.argsort(keys_tensor)
            return keys_tensor[order], values[order]

        unigram_counts = torch.tensor([unigrams[word] for word in words], dtype=torch.int64) * weight
        return cls(words, unigram_counts, *keyed(bigrams), *keyed(trigrams))

    def sizes(self) -> str:
        """How many words, word pairs and word triples are counted, for messages."""
        return f"{len(self.words):,} words, {len(self._bigrams):,} pairs, {len(self._trigrams):,} triples"

    # ----- storage in the model file -----

    def to_tensors(self) -> dict[str, torch.Tensor]:
        """Tensors to store beside the weights (names start with TENSOR_PREFIX); counts as 32-bit integers."""
        word_bytes = "\n".join(self.words).encode("utf-8")
        tensors = {
            "words": torch.frombuffer(bytearray(word_bytes), dtype=torch.uint8)
            if word_bytes
            else torch.zeros(0, dtype=torch.uint8),
            "unigram_counts": _stored_counts(self._unigrams.counts),
            "bigram_keys": self._bigrams.keys,
            "bigram_counts": _stored_counts(self._bigrams.counts),
            "trigram_keys": self._trigrams.keys,
            "trigram_counts": _stored_counts(self._trigrams.counts),
        }
        return {TENSOR_PREFIX + name: tensor.contiguous() for name, tensor in tensors.items()}

    @classmethod
    def from_tensors(cls, tensors: dict[str, torch.Tensor]) -> WordCounts | None:
        """Rebuild from a model file's tensors; None if it has none; ValueError if they are inconsistent."""
        found = {
            name[len(TENSOR_PREFIX) :]: tensor for name, tensor in tensors.items() if name.startswith(TENSOR_PREFIX)
        }
        if not found:
            return None
        try:
            word_tensor = found["words"]
            if word_tensor.dtype != torch.uint8 or word_tensor.dim() != 1:
                raise ValueError("word counts: the word list is not a byte string")
            word_bytes = bytes(word_tensor.tolist())
            words = word_bytes.decode("utf-8").split("\n") if word_bytes else []
            parts = [
                found[name]
                for name in ("unigram_counts", "bigram_keys", "bigram_counts", "trigram_keys", "trigram_counts")
            ]
        except (KeyError, UnicodeDecodeError) as error:
            raise ValueError(f"word counts incomplete ({error})") from error
        if any(part.dim() != 1 or part.dtype not in (torch.int32, torch.int64) for part in parts):
            raise ValueError("word counts of the wrong shape or type")
        if any(len(counts) and int(counts.min()) < 1 for counts in parts[0::2]):
            raise ValueError("word counts below 1")
        if any(earlier >= later for earlier, later in zip(words, words[1:])):
            raise ValueError("word list not in order")
        base = len(words) + 1
        for order, keys in ((2, parts[1]), (3, parts[3])):
            if len(keys) and (bool((keys[1:] <= keys[:-1]).any()) or int(keys[0]) < 0 or int(keys[-1]) >= base**order):
                raise ValueError("word pair or triple keys out of order or out of range")
        return cls(words, *parts)

    def merged(self, other: WordCounts) -> WordCounts:
        """These counts plus another's (a user's documents added to the base text's)."""
        words = sorted(set(self.words) | set(other.words))
        index = {word: position for position, word in enumerate(words)}
        base = len(words) + 1
        unigram_counts = torch.zeros(len(words), dtype=torch.int64)
        key_parts: dict[int, list[tuple[torch.Tensor, torch.Tensor]]] = {2: [], 3: []}
        for counts in (self, other):
            new_ids = torch.tensor([index[word] for word in counts.words] + [len(words)], dtype=torch.int64)
            unigram_counts.index_add_(0, new_ids[:-1], counts._unigrams.counts)
            for order, keys, values in (
                (2, counts._bigrams.keys, counts._bigrams.counts),
                (3, counts._trigrams.keys, counts._trigrams.counts),
            ):
                remapped = torch.zeros_like(keys)
                rest = keys.clone()
                for place in range(order):
                    rest, digit = (
                        torch.div(rest, counts._base, rounding_mode="floor"),
                        torch.remainder(rest, counts._base),
                    )
                    remapped += new_ids[digit] * base**place
                key_parts[order].append((remapped, values))

        def summed(parts: list[tuple[torch.Tensor, torch.Tensor]]) -> tuple[torch.Tensor, torch.Tensor]:
            unique_keys, inverse = torch.unique(torch.cat([keys for keys, _ in parts]), return_inverse=True)
            totals = torch.zeros(len(unique_keys), dtype=torch.int64)
            totals.index_add_(0, inverse, torch.cat([values for _, values in parts]))
            return unique_keys, totals

        return WordCounts(words, unigram_counts, *summed(key_parts[2]), *summed(key_parts[3]))

    # ----- prediction -----

    def has_prefix(self, prefix: str) -> bool:
        """Whether some counted word starts with `prefix` (case included)."""
        low, high = prefix_range(self.words, prefix)
        return low < high

    def unigram_probability(self, word: str) -> float:
        """How often `word` (exactly, case included) occurs among all counted words; 0 when never."""
        index = self._index.get(word)
        if index is None or not self._total:
            return 0.0
        return self._unigrams.count_at(index) / self._total

    def prefix_probability(self, prefix: str) -> float:
        """How often words that start with `prefix` (exactly, case included) occur among all counted words."""
        low, high = prefix_range(self.words, prefix)
        return self._unigrams.total(low, high) / self._total if self._total else 0.0

    def most_frequent(self, count: int) -> list[str]:
        """The `count` most frequent words, most frequent first."""
        top = torch.topk(self._unigrams.counts, min(count, len(self.words))).indices.tolist()
        return [self.words[index] for index in top]

    def distribution(self, history: tuple[str, str], prefix: str, limit: int) -> dict[str, float]:
        """The `limit` likeliest words starting with `prefix` after the two words of `history`, with P."""
        key = (history, prefix, limit)
        found = self._recent.get(key)
        if found is None:
            found = self._distribution(history, prefix, limit)
            with self._recent_lock:  # general English's counts serve the prediction and learning threads alike
                if len(self._recent) >= RECENT_DISTRIBUTIONS:
                    del self._recent[next(iter(self._recent))]  # the oldest
                self._recent[key] = found
        return dict(found)

    def _distribution(self, history: tuple[str, str], prefix: str, limit: int) -> dict[str, float]:
        low, high = prefix_range(self.words, prefix)
        if low == high:
            return {}
        before, previous = history_ids(self._index, history, self._base)
        levels = [self._unigram_followers(low, high, limit)]
        if previous >= 0:
            levels.append(self._followers(self._bigrams, previous, low, high, limit))
            if before >= 0:
                context = before * self._base + previous
                levels.append(self._followers(self._trigrams, context, low, high, limit))
        return {self.words[word_id]: probability for word_id, probability in interpolated(levels, limit).items()}

    def _unigram_followers(self, low: int, high: int, limit: int) -> Followers:
        """The words with ids in [low, high) (those that start with the typed prefix), as the lowest level."""
        unigrams = self._unigrams
        return Followers(
            total=self._total,
            distinct=len(self.words),
            matching=float(unigrams.total(low, high)),
            candidates=unigrams.top_positions(low, high, limit),
            counts_of=lambda word_ids: [unigrams.count_at(word_id) for word_id in word_ids],
        )

    def _followers(self, table: CountTable, context: int, low: int, high: int, limit: int) -> Followers:
        """The followers of `context` among a table's bigram or trigram keys; those with ids in [low, high) match."""
        first, after, match_first, match_after = follower_bounds(context, self._base, low, high)
        begin, end = table.position(first), table.position(after)
        match_begin, match_end = table.position(match_first), table.position(match_after)
        return Followers(
            total=table.total(begin, end),
            distinct=end - begin,
            matching=float(table.total(match_begin, match_end) - DISCOUNT * (match_end - match_begin)),  # counts >= 1
            candidates=[table.key_at(position) - first for position in table.top_positions(match_begin, match_end, limit)],
            counts_of=lambda word_ids: [table.count_of(first + word_id) for word_id in word_ids],
        )


def _stored_counts(counts: torch.Tensor) -> torch.Tensor:
    """Counts as 32-bit integers (half the file size), saturated in the unlikely case one exceeds them."""
    return counts.clamp(max=torch.iinfo(torch.int32).max).to(torch.int32)
