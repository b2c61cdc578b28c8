"""Ranking word candidates: each source's proposals (LSTM beam search, word counts, general English, the
document) mixed into one list, best first."""

from __future__ import annotations

from dataclasses import dataclass, field

from model.lexicon.word_memory import WordMemory
from model.predict.options import PredictorOptions
from model.text.words import is_one_word


@dataclass
class WordCandidates:
    """What each source proposes for the word being typed: word -> P(word | context, typed prefix).

    Every word starts with `typed_prefix` as typed. `lstm` comes from the beam search, `counted` from the
    model file's word counts, `english` from general English (model.lexicon.english_words), `in_document` from the
    document's own counts (model.lexicon.word_counts), which counted `document_words` words.
    """

    typed_prefix: str
    lstm: dict[str, float]
    counted: dict[str, float]
    in_document: dict[str, float]
    document_words: int = 0
    english: dict[str, float] = field(default_factory=dict)
    document: WordMemory = field(default_factory=WordMemory)  # the words of the text before the typed part


def rank_words(candidates: WordCandidates, options: PredictorOptions, k: int) -> list[str]:
    """The k words with the highest mixed probability, longer than the typed prefix, in the case shown.

    Only whole words are offered: the LSTM also spells a dash ("--") or two words joined by one.
    The word counts are the model file's mixed with general English by `english_weight`; they are mixed
    with the LSTM by `lstm_weight` (the LSTM alone when there are no counts); the document's counts, when
    it has matching words, take up to `document_weight` of the mix: less while the document is short, so
    that the few words of a new text do not crowd out the rest.
    """
    typed_prefix = candidates.typed_prefix
    mixed = candidates.lstm
    counted = candidates.counted
    if candidates.english:
        counted = _mix(counted, candidates.english, options.english_weight) if counted else candidates.english
    if counted:
        mixed = _mix(mixed, counted, 1 - options.lstm_weight)
    if candidates.in_document:
        words = candidates.document_words
        document_weight = options.document_weight * words / (words + options.document_half_words)
        mixed = _mix(mixed, candidates.in_document, document_weight)
    shout = len(typed_prefix) >= 2 and typed_prefix.isupper()
    ranked: dict[str, float] = {}
    for word, probability in mixed.items():
        rest = word[len(typed_prefix) :]
        if rest and is_one_word(word):
            shown = typed_prefix + (rest.upper() if shout else rest)
            ranked[shown] = ranked.get(shown, 0.0) + probability
    return sorted(ranked, key=ranked.__getitem__, reverse=True)[: max(0, k)]


def _mix(first: dict[str, float], second: dict[str, float], second_weight: float) -> dict[str, float]:
    """(1 - w) * first + w * second over the words of both (a word missing from one has probability 0 there)."""
    return {
        word: (1 - second_weight) * first.get(word, 0.0) + second_weight * second.get(word, 0.0)
        for word in first.keys() | second.keys()
    }
