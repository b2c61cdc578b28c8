"""Answers remembered by what they depend on."""

from __future__ import annotations

from collections.abc import Hashable

MISSING = object()  # `RememberedAnswers.get`'s answer for a key it does not hold (None may be an answer)


class RememberedAnswers:
    """Answers by key and by the `state` they were computed in (a tuple of what they depend on beside the key):
    an answer is found only in the state it was put in, so answers of several states live side by side (a
    look-ahead's text and the text typed). At most `capacity`: one more forgets the least recently put or found
    (forgetting them all lost the answers just looked ahead for the next key, once every few keys)."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._answers: dict[tuple[tuple, Hashable], object] = {}

    def get(self, state: tuple, key: Hashable) -> object:
        """The answer put for `key` in this `state`, or MISSING; one found is now the newest (a look-ahead that finds
        an answer again keeps it for the key that will ask)."""
        answer = self._answers.pop((state, key), MISSING)
        if answer is not MISSING:
            self._answers[(state, key)] = answer
        return answer

    def put(self, state: tuple, key: Hashable, answer: object) -> None:
        """Remember `answer` for `key` in `state`."""
        answers = self._answers
        answers.pop((state, key), None)  # put again: now the newest
        if answers and len(answers) >= self.capacity:
            del answers[next(iter(answers))]  # the oldest (a dict keeps insertion order)
        answers[(state, key)] = answer
