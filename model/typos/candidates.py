"""Finding the words a typo could have come from, fast: lexicon words within two edits of what was typed.

The words are kept in buckets by length; a query scans only the buckets within two characters of its own
length with rapidfuzz's optimal-string-alignment distance (C++, SIMD), cut off at the edit budget, so a
finished word of an 80,000-word lexicon is looked up in a few milliseconds. Completions of a typed part with
a typo come from the same index over word beginnings (`prefixes`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

MAX_EDITS = 2
SHORT_WORD = 4  # a typed word this short is allowed one edit only ("an" is within two edits of half of English)


def edit_budget(typed: str) -> int:
    """How many edits a typed word of this length may hold: 1 up to SHORT_WORD characters, else MAX_EDITS."""
    return 1 if len(typed) <= SHORT_WORD else MAX_EDITS


class TypoIndex:
    """Lower-case words by length, searched for those within a few edits of a typed string."""

    def __init__(self, words: Iterable[str]) -> None:
        buckets: dict[int, set[str]] = defaultdict(set)
        for word in words:
            buckets[len(word)].add(word.lower())
        self._by_length = {length: sorted(bucket) for length, bucket in buckets.items()}

    def __len__(self) -> int:
        return sum(len(bucket) for bucket in self._by_length.values())

    def near(self, typed: str, limit: int = 40) -> list[tuple[str, int]]:
        """(word, edits) of up to `limit` words within `edit_budget(typed)` edits of `typed`, fewest edits first."""
        query = typed.lower()
        budget = edit_budget(query)
        found: list[tuple[str, int]] = []
        for length in range(max(1, len(query) - budget), len(query) + budget + 1):
            bucket = self._by_length.get(length)
            if bucket:
                found += [(word, int(edits)) for word, edits, _ in
                          process.extract(query, bucket, scorer=OSA.distance, score_cutoff=budget, limit=limit)]
        found.sort(key=lambda pair: pair[1])
        return found[:limit]
