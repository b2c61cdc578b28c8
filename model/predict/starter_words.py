"""Word suggestions from a model file's word counts alone, read without torch: what the app offers in the
seconds torch takes to import (2-3 s of a start on a 2-core machine), until the model's own suggestions take over.

The likeliest followers of the word before by the pair counts, then the most frequent words, each starting with
the typed part exactly as typed: no LSTM, no triples, no general English. It reads the counts straight from the
file's bytes (model.files.safetensors_header, model.lexicon.count_keys).
"""

from __future__ import annotations

import bisect
import heapq
import os
from pathlib import Path

from model.errors import FileRefusedError, ModelFileError
from model.files.regular_file import read_regular_file
from model.files.safetensors_header import HEADER_ERRORS, MAX_MODEL_BYTES, raw_integers, read_header
from model.lexicon.count_keys import TENSOR_PREFIX, follower_bounds, history_ids
from model.text.words import normalize_text, prefix_range, split_typed_word, word_history

MAX_SCANNED = 20_000  # counts looked through for one answer: the followers of "the" are more


class StarterWords:
    """The word counts of one model file, for suggestions before the model itself has loaded."""

    def __init__(self, words: list[str], unigram_counts, pair_keys, pair_counts) -> None:
        if len(words) != len(unigram_counts) or len(pair_keys) != len(pair_counts):
            raise ValueError("word counts: words and counts disagree")
        if any(earlier >= later for earlier, later in zip(words, words[1:])):
            raise ValueError("word list not in order")
        self.words = words
        self._index = {word: position for position, word in enumerate(words)}
        self._base = len(words) + 1
        self._unigram_counts, self._pair_keys, self._pair_counts = unigram_counts, pair_keys, pair_counts
        self._by_frequency = sorted(range(len(words)), key=unigram_counts.__getitem__, reverse=True)

    @classmethod
    def read(cls, path: str | os.PathLike) -> StarterWords:
        """The word counts of the model file `path`; ModelFileError if it has none or they cannot be read."""
        path = Path(path)
        try:
            data = read_regular_file(path, MAX_MODEL_BYTES)
            header = read_header(data)
            parts = [raw_integers(data, header, TENSOR_PREFIX + name) for name in ("words", "unigram_counts")]
            word_bytes = bytes(parts[0])
            words = word_bytes.decode("utf-8").split("\n") if word_bytes else []
            pairs = [raw_integers(data, header, TENSOR_PREFIX + name) for name in ("bigram_keys", "bigram_counts")]
            return cls(words, parts[1], *pairs)
        except FileRefusedError as error:
            raise ModelFileError(path, error.reason) from error
        except HEADER_ERRORS as error:  # a decoding error of the word list is a ValueError too
            raise ModelFileError(path, f"no readable word counts ({error})") from error

    def suggest_words(self, context: str, k: int = 3) -> list[str]:
        """Up to k distinct words longer than the typed part that start with it as typed: the word before's most
        frequent followers first, then the most frequent words."""
        before_word, typed_prefix = split_typed_word(context)
        prefix = normalize_text(typed_prefix)
        low, high = prefix_range(self.words, prefix)
        candidates = []
        _, previous = history_ids(self._index, word_history(normalize_text(before_word)), self._base)
        if previous >= 0 and low < high:
            first, _, begin_key, end_key = follower_bounds(previous, self._base, low, high)
            begin = bisect.bisect_left(self._pair_keys, begin_key)
            end = min(bisect.bisect_left(self._pair_keys, end_key), begin + MAX_SCANNED)
            top = heapq.nlargest(2 * k, range(begin, end), key=self._pair_counts.__getitem__)
            candidates += [self._pair_keys[position] - first for position in top]
        candidates += self._most_frequent(low, high, 2 * k)
        shown: list[str] = []
        for word_id in candidates:
            if not low <= word_id < high:  # only a damaged file's pair keys, unordered, lead elsewhere
                continue
            word = typed_prefix + self.words[word_id][len(prefix) :]
            if len(word) > len(typed_prefix) and word not in shown:
                shown.append(word)
        return shown[:k]

    def _most_frequent(self, low: int, high: int, count: int) -> list[int]:
        """The `count` most frequent words numbered in [low, high): by a scan of that range when it is short, of
        the words in order of frequency when it is long (a short typed part)."""
        if high - low <= MAX_SCANNED:
            return heapq.nlargest(count, range(low, high), key=self._unigram_counts.__getitem__)
        found = []
        for word_id in self._by_frequency:
            if low <= word_id < high:
                found.append(word_id)
                if len(found) == count:
                    break
        return found
