"""Ranking word candidates: each source's proposals (LSTM beam search, word counts, general English, the
document, the user's own language) mixed into one list, best first, and the words shown from it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from model.lexicon.word_memory import WordMemory, remembered_completion
from model.predict.options import PredictorOptions
from model.text.everyday_spelling import standard_form
from model.text.words import is_one_word

if TYPE_CHECKING:
    from model.predict.predictor import Predictor


@dataclass
class WordCandidates:
    """What each source proposes for the word being typed: word -> P(word | context, typed prefix).

    Every word starts with `typed_prefix` as typed. `lstm` comes from the beam search, `counted` from the
    model file's word counts, `english` from general English (model.lexicon.english_words), `in_document` from the
    document's own counts (model.lexicon.word_counts), which counted `document_words` words, `personal` from
    the user's own language (model.lexicon.personal_counts), which holds `personal_words` (faded) words, of
    whose history `personal_order` words were seen before such a word (PersonalCounts.distribution).
    """

    typed_prefix: str
    lstm: dict[str, float]
    counted: dict[str, float]
    in_document: dict[str, float]
    document_words: int = 0
    english: dict[str, float] = field(default_factory=dict)
    document: WordMemory = field(default_factory=WordMemory)  # the words of the text before the typed part
    personal: dict[str, float] = field(default_factory=dict)
    personal_words: float = 0.0
    personal_order: int = 0
    standard_share: float = 1.0  # P(the typed part's standard form, "I" for "i" | context, the typed part)


def rank_words(candidates: WordCandidates, options: PredictorOptions, k: int) -> list[str]:
    """The k words with the highest mixed probability, longer than the typed prefix, in the case shown."""
    return [word for word, _ in ranked_probabilities(candidates, options, k)]


def ranked_probabilities(candidates: WordCandidates, options: PredictorOptions, k: int) -> list[tuple[str, float]]:
    """`rank_words` with each word's mixed probability.

    Only whole words are offered: the LSTM also spells a dash ("--") or two words joined by one.
    The word counts are the model file's mixed with general English by `english_weight`; they are mixed
    with the LSTM by `lstm_weight` (the LSTM alone when there are no counts); the document's counts, when
    it has matching words, take up to `document_weight` of the mix: less while the document is short, so
    that the few words of a new text do not crowd out the rest; the user's own counts take their share likewise
    (PredictorOptions.personal_share).
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
    if candidates.personal:
        personal_weight = options.personal_share(candidates.personal_words, candidates.personal_order)
        mixed = _mix(mixed, candidates.personal, personal_weight)
    shout = sum(character.isalpha() for character in typed_prefix) >= 2 and typed_prefix.isupper()  # not "I'"
    ranked: dict[str, float] = {}
    for word, probability in mixed.items():
        rest = word[len(typed_prefix) :]
        if rest and is_one_word(word):
            shown = typed_prefix + (rest.upper() if shout else rest)
            ranked[shown] = ranked.get(shown, 0.0) + probability
    return sorted(ranked.items(), key=lambda item: (-item[1], item[0]))[: max(0, k)]  # ties: the same order every run


def _mix(first: dict[str, float], second: dict[str, float], second_weight: float) -> dict[str, float]:
    """(1 - w) * first + w * second over the words of both (a word missing from one has probability 0 there)."""
    return {
        word: (1 - second_weight) * first.get(word, 0.0) + second_weight * second.get(word, 0.0)
        for word in first.keys() | second.keys()
    }


def shown_words(
    candidates: WordCandidates,
    options: PredictorOptions,
    k: int,
    known: Callable[[str], bool],
    blocked: Callable[[str], bool],
    remembered: Callable[..., str | None],
) -> list[tuple[str, float]]:
    """The k words shown for these candidates, best first, with their mixed probabilities.

    The ranked mix, less words no lexicon knows (`known`) unless the LSTM is sure of them
    (`unknown_word_min_probability`: it spells non-words such as "tehed" when unsure) and less words the user
    blocked, in standard spelling ("dont" -> "don't"; the typed part's own standard form placed by its
    `standard_share`), and the word `remembered(typed_prefix, exclude=shown words)` gives in the last slot
    (model.lexicon.word_memory).
    """
    if k <= 0:
        return []
    words: dict[str, float] = {}  # shown form -> mixed probability
    typed_prefix = candidates.typed_prefix
    standard = standard_form(typed_prefix)
    for word, probability in ranked_probabilities(candidates, options, 3 * k):
        shown = standard_form(word) or word
        sure = candidates.lstm.get(word, 0.0) >= options.unknown_word_min_probability
        if (sure or known(word)) and not blocked(shown):
            words[shown] = max(words.get(shown, 0.0), probability)
    if standard is not None:
        words[standard] = max(words.get(standard, 0.0), candidates.standard_share)
    shown_list = sorted(words.items(), key=lambda item: -item[1])[:k]
    if typed_prefix and options.remember_words:
        exclude = [word for word, _ in shown_list]
        remembered_word = remembered(typed_prefix, exclude=exclude)
        shown = remembered_word and (standard_form(remembered_word) or remembered_word)
        if shown and shown not in exclude and not blocked(shown):
            shown_list = shown_list[: k - 1] + [(shown, 0.0)]  # not ranked: no probability to show it by
    return shown_list


def shown_by(
    predictor: Predictor, candidates: WordCandidates, k: int, options: PredictorOptions
) -> list[tuple[str, float]]:
    """`shown_words` as a Predictor shows them: its lexicons say which words are known and complete the words the
    document or the user wrote, and its user's blocked words are left out."""
    lexicons = predictor.lexicons
    known = partial(lexicons.knows, document_words=candidates.document)
    memories = [candidates.document, *lexicons.user_memories()]
    remembered = partial(remembered_completion, memories=memories, ordinary=lexicons.in_general)
    return shown_words(candidates, options, k, known, predictor.personal.counts.is_blocked, remembered)
