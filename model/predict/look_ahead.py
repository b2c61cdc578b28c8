"""Looking ahead: what the likeliest next keys will show, worked out between two keys and kept until asked.

The next character is one of the five the LSTM finds likeliest for 90% of the keys of the validation files, but
for 60% of a word's first letters (one of fifteen: 98% and 91%). In the time between two keys (the app's prediction
worker), `suggest` and `suggest_phrase` are answered for the likeliest characters, likeliest first, until they hold
LOOK_AHEAD_PROBABILITY of the next key's probability (6 on average after a letter, LOOK_AHEAD_CHARACTERS before a
word's first letter) or a key comes; that key, if it was one of them, is answered from memory. Each costs about what
a key computed costs (8-16 ms on an AVX2 core); a key that comes meanwhile stops the work between two LSTM steps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from model.lexicon.document_counts import document_window_start
from model.predict.beam import SearchStopped
from model.predict.context import read_start
from model.predict.remembered import MISSING, RememberedAnswers
from model.predict.suggestions import Suggestions
from model.text.words import normalize_text, split_typed_word

if TYPE_CHECKING:
    from model.predict.predictor import Predictor

ANSWERS_AHEAD = 64  # answers kept: a few keys' worth
LOOK_AHEAD_CHARACTERS = 16  # at most this many next characters are looked ahead,
LOOK_AHEAD_PROBABILITY = 0.99  # and no more than the likeliest that together hold this share of the next key


class AnswersAhead:
    """A Predictor's answers worked out ahead of the keys that will ask for them, by the text and by what else they
    depend on (`depends_on`), so that a change of any of that leaves them unused; and, while looking ahead, the
    `should_stop` that its LSTM steps ask."""

    def __init__(self, predictor: Predictor) -> None:
        self._answers = RememberedAnswers(ANSWERS_AHEAD)
        self._predictor = predictor
        self.should_stop: Callable[[], bool] | None = None  # set while looking ahead: a key waits, stop stepping

    def depends_on(self) -> tuple:
        """What `suggest` and `suggest_phrase` depend on beside the text: the options, the user's words and their
        version, the dictionary, the word counts, whether the typo search is ready (the network is the
        Predictor's own until it makes a new AnswersAhead)."""
        predictor = self._predictor
        personal, dictionary = predictor.personal.counts, predictor.dictionary_words
        options = tuple(vars(predictor.options).values())  # numbers and tuples (dataclasses.astuple copies: 0.2 ms)
        return (options, personal, personal.version, dictionary, dictionary.total, predictor.word_counts,
                predictor.english_words, predictor.typo_search_ready)

    def suggestions(self, context: str, k: int, chars: int, typos: bool) -> tuple[Suggestions, tuple] | None:
        """`suggest(context, k, chars, typos)` as looked ahead, with the phrase's first word it left (the Predictor's
        own record); None if it was not looked ahead (the context cut to its read)."""
        found = self._answers.get(self.depends_on(), ("suggest", context, k, chars, typos))
        return None if found is MISSING else found

    def keep_suggestions(self, context: str, k: int, chars: int, typos: bool, answer: tuple[Suggestions, tuple]) -> None:
        """Keep `suggest`'s answer and first word, if it was computed while looking ahead."""
        if self.should_stop is not None:
            self._answers.put(self.depends_on(), ("suggest", context, k, chars, typos), answer)

    def phrase(self, context: str, first_word: tuple) -> str | None:
        """`suggest_phrase(context)` as looked ahead after the `suggest` that left `first_word`; None if it was not."""
        found = self._answers.get(self.depends_on(), ("phrase", context, first_word))
        return None if found is MISSING else found

    def keep_phrase(self, context: str, first_word: tuple, phrase: str) -> None:
        """Keep a whole phrase (none cut short by a key) computed while looking ahead."""
        if self.should_stop is not None and not self.should_stop():
            self._answers.put(self.depends_on(), ("phrase", context, first_word), phrase)

    def look(
        self, context: str, k: int, typos: bool, characters: int, phrases: bool, should_stop: Callable[[], bool]
    ) -> int:
        """Answer `suggest` (and with `phrases`, `suggest_phrase`) after each of the likeliest next characters that
        hold LOOK_AHEAD_PROBABILITY of the next key, at most `characters`, until `should_stop()` (Predictor.look_ahead);
        returns how many are ready."""
        predictor, ready = self._predictor, 0
        for character in likeliest_characters(predictor.next_chars(context, characters), LOOK_AHEAD_PROBABILITY):
            following = context + character
            if moves_a_window(context, following):
                continue  # the document's counts would move there and back again: a recount for the key that comes
            self.should_stop = should_stop
            try:
                predictor.suggest(following, k, typos=typos)
                if phrases:
                    predictor.suggest_phrase(following, should_stop)
            except SearchStopped:
                return ready
            finally:
                self.should_stop = None
            if should_stop():
                return ready
            ready += 1
        return ready


def likeliest_characters(characters: list[tuple[str, float]], share: float) -> list[str]:
    """The first of `characters` (likeliest first, with their probabilities) up to the one at which their
    probabilities sum to `share`."""
    likeliest, total = [], 0.0
    for character, probability in characters:
        if total >= share:
            break
        likeliest.append(character)
        total += probability
    return likeliest


def moves_a_window(context: str, following: str) -> bool:
    """Whether the text read (model.predict.context) or the document's counted window (model.lexicon.
    document_counts) starts elsewhere for `following` (or after it and a space, where `suggest` offers the words
    after a finished word) than for `context`: for a few keys every few thousand."""
    texts = (context, following, following + " ")
    if len({read_start(len(text)) for text in texts}) > 1:
        return True
    befores = (normalize_text(split_typed_word(text[read_start(len(text)) :])[0]) for text in texts)
    return len({document_window_start(before) for before in befores}) > 1
