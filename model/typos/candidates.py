"""Finding the words a typo could have come from, fast: lexicon words within two edits of what was typed.

The words are kept in buckets by length and first letter; a query scans only the buckets within its edit
budget of its own length whose first letter is its own, a neighbouring key's, or its second letter (two
letters swapped), with rapidfuzz's optimal-string-alignment distance (C++, SIMD) cut off at the budget. A
typo in the first letter on a distant key is missed: it is rare, and checking for it would cost five times
as much. Completions of a typed part with a typo come from the same index over word beginnings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TypeVar

from rapidfuzz import process
from rapidfuzz.distance import OSA

from model.typos.edits import KEY_POSITIONS, NEIGHBOUR_DISTANCE, key_distance

MAX_EDITS = 2
NEIGHBOURS = {key: "".join(other for other in KEY_POSITIONS if 0 < key_distance(key, other) <= NEIGHBOUR_DISTANCE)
              for key in KEY_POSITIONS}
BUILD_SLICE = 1_000  # words indexed between two calls of a build's `between_slices`: under 5 ms here
T = TypeVar("T")  # the items `in_slices` passes on
SHORT_WORD = 4  # a typed word this short is allowed one edit only ("an" is within two edits of half of English)


def in_slices(items: Iterable[T], between_slices: Callable[[], object]) -> Iterator[T]:
    """`items` one by one, calling `between_slices` after each BUILD_SLICE of them: during a long build, the caller
    can answer a key there."""
    for index, item in enumerate(items, 1):
        yield item
        if index % BUILD_SLICE == 0:
            between_slices()


def edit_budget(typed: str) -> int:
    """How many edits a typed word of this length may hold: 1 up to SHORT_WORD characters, else MAX_EDITS."""
    return 1 if len(typed) <= SHORT_WORD else MAX_EDITS


class TypoIndex:
    """Lower-case words by length, searched for those within a few edits of a typed string."""

    def __init__(self, weights: Mapping[str, float] | None = None) -> None:
        """`weights`: how common each word is (see `take`); without them the index is empty until `take`."""
        self._weights: dict[str, float] = {}
        self._buckets: dict[tuple[int, str], list[str]] = {}
        if weights is not None:
            self.take(weights)

    def take(self, weights: Mapping[str, float], between_slices: Callable[[], object] = lambda: None) -> None:
        """Index the words of `weights`, which say how common each is: of words equally near a query, the commoner
        come first. A slice of BUILD_SLICE words at a time (a few ms), calling `between_slices` between them."""
        for word, weight in in_slices(weights.items(), between_slices):
            lower = word.lower()
            self._weights[lower] = max(weight, self._weights.get(lower, 0.0))
        buckets: dict[tuple[int, str], list[str]] = defaultdict(list)
        for word in in_slices(self._weights, between_slices):
            if word:
                buckets[len(word), word[0]].append(word)
        sorted_words = 0
        for bucket in buckets.values():
            bucket.sort()  # by word, then (a stable sort) the commonest first: ties stay by word
            bucket.sort(key=self._weights.__getitem__, reverse=True)
            sorted_words += len(bucket)
            if sorted_words >= BUILD_SLICE:
                sorted_words = 0
                between_slices()
        self._buckets = dict(buckets)

    def __len__(self) -> int:
        return sum(len(bucket) for bucket in self._buckets.values())

    def near(self, typed: str, limit: int = 40) -> list[tuple[str, int]]:
        """(word, edits) of up to `limit` words within `edit_budget(typed)` edits of `typed`, fewest edits first,
        then the commonest."""
        query = typed.lower()
        budget = edit_budget(query)
        found: list[tuple[str, int]] = []
        firsts = {query[0], *query[1:2], *NEIGHBOURS.get(query[0], "")} if query else set()
        for length in range(max(1, len(query) - budget), len(query) + budget + 1):
            for first in firsts:
                bucket = self._buckets.get((length, first))
                if not bucket:
                    continue
                found += [(word, int(edits)) for word, edits, _ in
                          process.extract(query, bucket, scorer=OSA.distance, score_cutoff=budget, limit=limit)]
        found.sort(key=lambda pair: (pair[1], -self._weights[pair[0]], pair[0]))  # the same in every run
        return found[:limit]
