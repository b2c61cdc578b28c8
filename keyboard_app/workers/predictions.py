"""What the prediction worker answers for the text being typed: the words and next characters of a key, its ghost
phrase, the readiness of the keys looked ahead, and the words a finished word may have meant."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Prediction:
    """What the window shows for one text: next characters with probabilities, and words."""

    request_id: int
    context: str
    next_chars: list[tuple[str, float]]
    words: list[str]
    latency_ms: float
    words_follow_space: bool = False  # the typed word is finished: the words come after it and a space
    corrected: bool = False  # the typed part begins no known word: the words fix a typo in it
    from_counts_only: bool = False  # the starter words' answer, before the model is ready: no next characters


@dataclass
class PhrasePrediction:
    """The ghost phrase for a request's text, computed after its words ("" when none is likely enough)."""

    request_id: int
    phrase: str


@dataclass
class LookedAhead:
    """The answers for the likely texts after `context` (the next keys, the next word's first letters) are ready:
    `ready` of them, fewer when a key came."""

    context: str
    ready: int


@dataclass
class CorrectionRequest:
    """Which words the user may have meant by `word`, typed after `context` (at `start` in the document)."""

    request_id: int
    context: str
    word: str
    start: int
    for_menu: bool = False  # asked by the spelling menu (offer candidates) rather than auto-correction


@dataclass
class Correction:
    """The answer to a CorrectionRequest: candidates best first (the first is what auto-correction puts there)."""

    request: CorrectionRequest
    candidates: list[str]
