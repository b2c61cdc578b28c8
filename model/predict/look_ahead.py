"""Looking ahead: what the likeliest next keys will show, worked out between two keys and kept until asked.

The next character is one of the five the LSTM finds likeliest for 90% of the keys of the validation files, but
for 60% of a word's first letters (one of fifteen: 98% and 91%). In the time between two keys (the app's prediction
worker), `suggest` and `suggest_phrase` are answered first for the next key's likeliest texts (`keys_ahead`: the next
letters of the words shown, then the likeliest characters until they hold LOOK_AHEAD_PROBABILITY of the next key,
at most LOOK_AHEAD_CHARACTERS), then, likeliest first, for texts two or more keys on (the first letters of the next
word while the last ones of this word are typed), until a key comes or LOOK_AHEAD_ANSWERS are ready; a key that was
one of them is answered from memory. Each costs about what a key computed costs (4-12 ms on an AVX2 core); a key
that comes meanwhile stops the work between two LSTM steps."""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import TYPE_CHECKING

from model.lexicon.document_counts import document_window_start
from model.predict.beam import SearchStopped, stop_if_asked
from model.predict.context import read_start
from model.predict.remembered import MISSING, RememberedAnswers
from model.predict.suggestions import NEXT_CHARACTERS, Suggestions
from model.text.words import is_word_character, normalize_text, split_typed_word

if TYPE_CHECKING:
    from model.predict.predictor import Predictor

ANSWERS_AHEAD = 128  # answers kept, the least recently used forgotten: a whole look's (two each) and more
LOOK_AHEAD_CHARACTERS = 16  # at most this many next characters are looked ahead,
LOOK_AHEAD_PROBABILITY = 0.99  # and no more than the likeliest that together hold this share of the next key
LOOK_BEYOND_PROBABILITY = 0.003  # texts two or more keys on: those at a word edge at least this likely,
LOOK_AHEAD_ANSWERS = 40  # and at most this many answers a look in all


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
        """`suggest(context, k, chars, typos)` as answered before (looked ahead, or for a key), with the phrase's first
        word it left (the Predictor's own record); None if it is not kept (the context cut to its read)."""
        found = self._answers.get(self.depends_on(), ("suggest", context, k, chars, typos))
        return None if found is MISSING else found

    def keep_suggestions(self, context: str, k: int, chars: int, typos: bool, answer: tuple[Suggestions, tuple]) -> None:
        """Keep `suggest`'s answer and first word: computed while looking ahead, or for a key (the look-ahead after it
        reads its words)."""
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
        """Answer `suggest` (and with `phrases`, `suggest_phrase`) for the texts the next keys will make, until
        `should_stop()` (Predictor.look_ahead); returns how many are ready (one finished just as a key came may go
        uncounted). First the next key's (`keys_ahead`: the shown words' next letters, then the likeliest of the
        `characters` likeliest), then, likeliest first, the texts two or more keys on at a word's edge
        (`at_a_word_edge`) that are at least LOOK_BEYOND_PROBABILITY likely, at most LOOK_AHEAD_ANSWERS in all."""
        ready, beyond = 0, []  # beyond: a heap of (-probability, text), the texts two or more keys on
        self.should_stop = should_stop  # asked before the LSTM steps below: reads, beams, phrases, typo search
        try:
            shown = self.suggestions(context[read_start(len(context)) :], k, NEXT_CHARACTERS, typos)
            next_key_texts = self._next_texts(context, characters, 1.0, shown[0] if shown else None)
            while (next_key_texts or beyond) and ready < LOOK_AHEAD_ANSWERS:
                if next_key_texts:
                    following, probability = next_key_texts.pop(0)
                else:
                    negative_probability, following = heapq.heappop(beyond)
                    probability = -negative_probability
                if moves_a_window(context, following):
                    continue  # the document's counts would move there and back again: a recount for the next key
                self._answer(following, k, typos, phrases)
                ready += 1
                if probability < LOOK_BEYOND_PROBABILITY or ready == LOOK_AHEAD_ANSWERS:
                    continue  # no text after it would be looked at
                for text, text_probability in self._next_texts(following, characters, probability):
                    if text_probability >= LOOK_BEYOND_PROBABILITY and at_a_word_edge(text):
                        heapq.heappush(beyond, (-text_probability, text))
        except SearchStopped:
            pass  # a key came: the answers whole so far are kept
        finally:
            self.should_stop = None
        return ready

    def _next_texts(
        self, text: str, characters: int, probability: float, shown: Suggestions | None = None
    ) -> list[tuple[str, float]]:
        """The texts one key after `text` (whose probability is given) that look_ahead answers (`keys_ahead`, with the
        words `shown` for `text` if given), each with its probability: `text`'s times that of the character."""
        next_characters = self._predictor.next_chars(text, characters)
        keys = keys_ahead(next_characters, shown, split_typed_word(text)[1])
        probabilities = dict(next_characters)
        return [(text + key, probability * probabilities.get(key, 0.0)) for key in keys]

    def _answer(self, following: str, k: int, typos: bool, phrases: bool) -> None:
        """Answer `suggest` (and with `phrases`, `suggest_phrase`) for `following`; raises SearchStopped if a key came
        before they were whole (a phrase cut short is not kept)."""
        stop_if_asked(self.should_stop)
        self._predictor.suggest(following, k, typos=typos)
        if phrases:
            stop_if_asked(self.should_stop)
            self._predictor.suggest_phrase(following, self.should_stop)
        stop_if_asked(self.should_stop)


def likeliest_characters(characters: list[tuple[str, float]], share: float = LOOK_AHEAD_PROBABILITY) -> list[str]:
    """The first of `characters` (likeliest first, with their probabilities) up to the one at which their
    probabilities sum to `share`."""
    likeliest, total = [], 0.0
    for character, probability in characters:
        if total >= share:
            break
        likeliest.append(character)
        total += probability
    return likeliest


def keys_ahead(next_characters: list[tuple[str, float]], shown: Suggestions | None, typed: str) -> list[str]:
    """The next keys looked ahead after a text whose word so far is `typed`: the next letters of the words `shown` for
    it that continue `typed` (the user may be typing one of them; the mix of every word source ranked them, where
    `next_characters` are the LSTM's alone), then the likeliest of `next_characters` up to LOOK_AHEAD_PROBABILITY."""
    letters = []
    if shown is not None and not (shown.words_follow_space or shown.corrected):
        letters = [word[len(typed)] for word in shown.words if len(word) > len(typed)]
    return list(dict.fromkeys(letters + likeliest_characters(next_characters)))


def at_a_word_edge(text: str) -> bool:
    """Whether `text` ends a word or begins one: beyond the next key, only such texts are looked ahead (inside a
    word the next key's look-ahead has time enough; a word's first letters are the keys it cannot finish)."""
    return not is_word_character(text[-1]) or len(text) < 2 or not is_word_character(text[-2])


def moves_a_window(context: str, following: str) -> bool:
    """Whether the text read (model.predict.context) or the document's counted window (model.lexicon.
    document_counts) starts elsewhere for `following` (or after it and a space, where `suggest` offers the words
    after a finished word) than for `context`: for a few keys every few thousand."""
    texts = (context, following, following + " ")
    if len({read_start(len(text)) for text in texts}) > 1:
        return True
    befores = (normalize_text(split_typed_word(text[read_start(len(text)) :])[0]) for text in texts)
    return len({document_window_start(before) for before in befores}) > 1
