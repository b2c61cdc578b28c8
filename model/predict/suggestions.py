"""What the editor shows for one context, as `Predictor.suggest` returns it."""

from __future__ import annotations

from dataclasses import dataclass

NEXT_CHARACTERS = 8  # next characters offered by default


@dataclass
class Suggestions:
    """What `Predictor.suggest` returns: next characters with probabilities, and words, best first."""

    next_chars: list[tuple[str, float]]
    words: list[str]
    words_follow_space: bool = False  # the typed word is finished: the words come after it and a space
    corrected: bool = False  # the typed part begins no known word: the words fix a typo in it
