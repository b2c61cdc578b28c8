"""Phrases: the rest of the word being typed and the words likely to follow it, for grey ghost text.

The first word is the best word suggestion (all sources mixed, the LSTM's beam included), with its mixed
probability, or a word the user or the document wrote at least twice after the same two words, if likelier.
Each following word is the likeliest next word by the word counts alone (the user's own, the document's, the
model file's and general English, mixed as word suggestions mix them, without the LSTM's beam: a few lookups
per word instead of a beam search), or again a word written twice there; the LSTM says what comes between
two words (its likeliest next character: a space, or a comma; anything else ends the phrase). `suggest_phrase`
shows words while each is likely enough: the first at least `phrase_first_min_probability`, each following one at least
`phrase_next_min_probability` (PredictorOptions; chosen by benchmarks/phrases.py: a wrong grey phrase costs
the reader more than a short right one), and only a phrase of two words or more (one word is the ghost the
editor shows anyway).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import torch

from model.core.network import CharLSTM, LSTMState
from model.core.vocabulary import Vocabulary
from model.predict.beam import stop_if_asked
from model.predict.options import PredictorOptions
from model.predict.remembered import MISSING, RememberedAnswers
from model.text.words import normalize_text, word_history

# The word being typed and up to two more: a phrase is taken only if right to its end, and a fourth word saved no
# key more while costing LSTM steps (benchmarks/phrases.py, README).
MAX_PHRASE_WORDS = 3


@dataclass
class PhraseChain:
    """The likeliest continuation of a text, word by word, each word with its probability given those before."""

    typed_prefix: str  # the part of the first word already typed
    words: list[tuple[str, float]]  # the first as shown (it starts with `typed_prefix`), then the next words
    separators: list[str] = field(default_factory=list)  # what goes before each next word (" ", ", ")


def phrase_chain(
    before_word: str,
    typed_prefix: str,
    first_word: tuple[str, float] | None,
    next_word: Callable[[str], tuple[str, float] | None],
    separator: Callable[[str], str | None],
    max_words: int = MAX_PHRASE_WORDS,
    min_probabilities: tuple[float, float] = (0.0, 0.0),
    should_stop: Callable[[], bool] | None = None,
) -> PhraseChain:
    """Follow `first_word` (None: no chain) with `next_word(text before it)` (asked with a space after the words
    before: the word counts read words, not what stands between them) while `separator(text)` says what
    comes between (a space, or a comma and a space; None: the phrase ends there: a sentence end, or the word
    goes on), up to `max_words`; it stops after a first word less likely than `min_probabilities` says, and
    before a next word that is (what is not shown is not looked for: its separator's LSTM steps are not spent),
    or once `should_stop()` is true (a newer request waits: the words for the next key come first)."""
    chain = PhraseChain(typed_prefix, [])
    if first_word is None:
        return chain
    chain.words.append(first_word)
    if first_word[1] < min_probabilities[0]:
        return chain
    text = before_word + first_word[0]
    while len(chain.words) < max_words and not (should_stop and should_stop()):
        # The next word first: one too unlikely to show ends the phrase before the separator's LSTM steps are spent.
        following = next_word(text + " ")
        if following is None or following[1] < min_probabilities[1] or (between := separator(text)) is None:
            break
        chain.separators.append(between)
        chain.words.append(following)
        text += between + following[0]
    return chain


def lstm_separator(
    network: CharLSTM,
    vocabulary: Vocabulary,
    normalized_context: str,
    state: LSTMState,
    word_ends: Callable[[str], tuple[LSTMState, torch.Tensor] | None] = lambda text: None,
    should_stop: Callable[[], bool] | None = None,
) -> Callable[[str], str | None]:
    """`separator` for `phrase_chain` after a context whose LSTM state is given: what the LSTM puts after a
    longer text if the phrase goes on there, " " or ", " (a comma, semicolon or colon and a space); None for
    anything else (a sentence end, or the word goes on). The LSTM is carried on from the context's state, the
    Predictor's cache left as it is (a phrase past a window's stride point would move the window there and back),
    or from `word_ends(text)`, the state after a text and the log-probabilities after it where the beam search
    already read it (the first word: no LSTM step). Before each step it raises SearchStopped if `should_stop()`."""
    read = [normalized_context, state]
    device = network.head.weight.device

    def separator(text: str) -> str | None:
        text = normalize_text(text)
        held = word_ends(text)
        if held is not None:
            read[:] = [text, held[0]]
            scores = held[1]  # (vocab,) log-probabilities
        else:
            if not text.startswith(read[0]):
                return None
            state, logits = read[1], None
            for token_id in vocabulary.encode(text[len(read[0]) :]):
                stop_if_asked(should_stop)
                logits, state = network.step(torch.tensor([token_id], device=device), state)
            if logits is None:
                return None
            read[:] = [text, state]
            scores = logits[0]  # (vocab,)
        character, _ = vocabulary.top_characters(torch.softmax(scores.float(), dim=-1), 1)[0]
        return " " if character == " " else character + " " if character in ",;:" else None

    return separator


MAX_REMEMBERED_STEPS = 256


class RecentPhraseSteps:
    """The separators and next words that recent phrases found, by the text they follow and the `state` given (what
    else they depend on). Typing along a ghost phrase asks for the same ones at every key of its
    first word ("includ", "include" and "includes" are all followed by " home and"), and each costs a few LSTM
    steps and count lookups."""

    def __init__(self) -> None:
        self._answers = RememberedAnswers(MAX_REMEMBERED_STEPS)

    def remembering(
        self,
        state: tuple,
        separator: Callable[[str], str | None],
        next_word: Callable[[str], tuple[str, float] | None],
    ) -> tuple[Callable[[str], str | None], Callable[[str], tuple[str, float] | None]]:
        """`separator` and `next_word` answering from memory what they answered before in the same `state`."""
        return self._remembered(state, "separator", separator), self._remembered(state, "next word", next_word)

    def _remembered(self, state: tuple, kind: str, function: Callable[[str], object]) -> Callable[[str], object]:
        def ask(text: str) -> object:
            answer = self._answers.get(state, (kind, text))
            if answer is MISSING:
                answer = function(text)
                self._answers.put(state, (kind, text), answer)
            return answer

        return ask


def repeated_word(
    sources: tuple[object, ...], before_word: str, typed_prefix: str
) -> tuple[str, float] | None:
    """The word a source (the document's counts, the user's) wrote at least twice after the two words before
    `typed_prefix`, as typed (their `repeated_follower`), the likeliest if several did."""
    history, normalized_prefix = word_history(normalize_text(before_word)), normalize_text(typed_prefix)
    found = likelier(*(source.repeated_follower(history, normalized_prefix) for source in sources))
    return found and (typed_prefix + found[0][len(normalized_prefix) :], found[1])


def likelier(*words: tuple[str, float] | None) -> tuple[str, float] | None:
    """The likeliest of some (word, probability) proposals (None: no proposal)."""
    return max((word for word in words if word is not None), key=lambda word: word[1], default=None)


def phrase_text(chain: PhraseChain, before_word: str, options: PredictorOptions) -> str:
    """What the ghost shows after the caret: the chain's words while each is likely enough, as text from the
    caret on ("uch for your help"); "" unless at least two words are."""
    shown: list[str] = []
    for index, (word, probability) in enumerate(chain.words):
        threshold = options.phrase_next_min_probability if index else options.phrase_first_min_probability
        if probability < threshold:
            break
        shown.append(word)
    if len(shown) < 2:
        return ""
    text = shown[0][len(chain.typed_prefix) :]
    for word, separator in zip(shown[1:], chain.separators):
        text += separator + word
    return text
