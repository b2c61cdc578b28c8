"""How word counts number their words and key their word pairs and triples, without torch (the starter words
read the model file's counts with it while torch is loading: model.predict.starter_words).

Words are numbered by their place in the sorted word list; SENTENCE_START, never a word, takes the number after
the last word. A pair is keyed previous·base + word and a triple (before·base + previous)·base + word, with base
= words + 1, so the followers of one context are one run of sorted keys.
"""

from __future__ import annotations

from model.text.words import SENTENCE_START

TENSOR_PREFIX = "word_counts."  # the names of the counts' tensors in a model file start with this


def history_ids(index: dict[str, int], history: tuple[str, str], base: int) -> tuple[int, int]:
    """The numbers of the two words of `history` (before, previous); -1 for a word never counted."""
    start = base - 1
    before, previous = (index.get(word, start if word == SENTENCE_START else -1) for word in history)
    return before, previous


def follower_bounds(context: int, base: int, low: int, high: int) -> tuple[int, int, int, int]:
    """The key bounds of the followers of `context` (a word's number, or before·base + previous): all of them in
    [first, first + base), those numbered in [low, high) (a typed prefix's words) in [first + low, first + high)."""
    first = context * base
    return first, first + base, first + low, first + high
