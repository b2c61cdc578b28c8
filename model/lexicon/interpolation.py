"""Interpolated absolute discounting (Ney, Essen and Kneser 1994): P(word | context, typed prefix) from the counts
of the words that followed no word, one word and two words before; shared by every source of word counts (the
model file's, general English, the document's and the user's), without torch.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Hashable
from dataclasses import dataclass

DISCOUNT = 0.75  # absolute discount of each count; 0.5 and 0.9 moved keystroke savings by under 0.05 points


@dataclass
class Followers:
    """What one context (no word, one word or two words before) was followed by, as the typed prefix allows."""

    total: int  # how many words followed the context
    distinct: int  # how many different words
    matching: float  # sum of (count - discount) over the followers that start with the typed prefix
    candidates: list[Hashable]  # the most frequent matching followers
    counts_of: Callable[[list[Hashable]], list[int]]  # how often each of these words followed the context


def interpolated(levels: list[Followers], limit: int) -> dict[Hashable, float]:
    """P(word | context, prefix) of the candidates of all levels, unigrams first; {} if no word matches.

    Each level keeps (count - discount) / total of a word and hands the discounted mass to the level below
    (a context never seen is skipped). The lowest level is not discounted. The candidates are each level's
    `limit` most frequent matching words: a word outside all of those is not considered (an approximation
    that keeps every keystroke fast).
    """
    words = list(dict.fromkeys(word for level in levels for word in level.candidates))
    probabilities = [0.0] * len(words)
    mass = 0.0
    for order, level in enumerate(levels):
        if level.total == 0:
            continue
        discount = DISCOUNT if order else 0.0
        backoff = discount * level.distinct / level.total
        mass = level.matching / level.total + backoff * mass
        probabilities = [
            max(count - discount, 0.0) / level.total + backoff * probability
            for count, probability in zip(level.counts_of(words), probabilities)
        ]
    if mass <= 0:
        return {}
    best = heapq.nlargest(limit, zip(words, probabilities), key=lambda item: item[1])
    return {word: probability / mass for word, probability in best if probability > 0}
