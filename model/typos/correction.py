"""Correcting typed words in context: the intended word w of a typed t is ranked by P(w | context) · P(t | w).

P(w | context) is the character LSTM's probability of w and a word boundary after the context (batched over
the candidates: model.predict.word_scores), mixed with w's frequency in general English; P(t | w) is the
keyboard's edit model (model.typos.edits). Candidates come from the lexicon within two edits of t
(model.typos.candidates). A word is changed only when the best candidate beats the typed word by a margin:
a right word is almost never changed (precision first), and a word the user typed before, a word of the
document, numbers, capitals-only words, addresses and anything with digits are never changed.

Completions of a typed part (`complete`) rank the same way the completions of word beginnings within reach of
it, and put back a capital the typist left out where the LSTM finds the word likelier with it ("puti" ->
"Putin"); the completions of the typed part as typed keep their places unless a correction is clearly likelier.
To keep such a key near a plain key's cost, a typed part no lexicon knows is completed as typed from the word
counts (no beam), and the LSTM reads each candidate only a few characters past the typed part.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from model.predict.beam import stop_if_asked
from model.text.everyday_spelling import standard_form
from model.text.words import space_before_next_word, split_typed_word, starts_sentence, word_history
from model.typos.candidates import TypoIndex, in_slices
from model.typos.edits import COST_CASE, typo_cost

if TYPE_CHECKING:
    from model.predict.predictor import Predictor

LEXICON_WORDS = 30_000  # the most frequent words of general English searched for corrections
SCORED_CANDIDATES = 12  # candidates the LSTM scores in context, the likeliest by frequency and edits first
ENGLISH_SHARE = 0.15  # general English frequency's share of the prior, beside the LSTM in context
KNOWN_WORD_MARGIN = 4.0  # nats a known typed word must lose by before it is changed ("their" vs "there")
UNKNOWN_WORD_MARGIN = 1.0  # nats a word no lexicon knows must lose by
CORRECTION_SLOTS = 1  # of the k completions of a typed part that begins known words, how many may be corrections
CORRECTION_MARGIN = 1.0  # nats a correction must beat such a completion by to take its place
SCORED_BEYOND = 3  # characters of a typo completion past the typed part's length the LSTM reads (the rest: counts)
PREFIX_LENGTH = 10  # the longest word beginning the typo search completes
NAME_SHARE = 0.25  # how often the counts must capitalise a word, beside its lower case, for a capital to be put back
PLAIN_DISCOUNT = 1.0  # nats the plain ranking's judgement of a completion is discounted by beside the typo model's
LOWER_CASE_LOOKBACK = 300  # characters before the typed part searched for a writer's left-out capitals
NEAR_PREFIXES = 12  # word beginnings within reach of a typed part that are completed
NEVER_CORRECTED = re.compile(r"\d|[@/\\:.#_]|^[A-Z]{2,}$")  # numbers, addresses, paths, all-capitals words


class Typos:
    """The typo search of one Predictor: its lexicon index, built on first use or ahead (`build`, about 0.2 s)."""

    def __init__(self, predictor: Predictor) -> None:
        self.predictor = predictor
        self.words = TypoIndex()
        self.prefixes = TypoIndex()
        self.built = False

    def build(self, between_slices: Callable[[], object] = lambda: None) -> None:
        """Build the lexicon index unless it is built: a slice of words at a time (a few ms), calling
        `between_slices` between them (the app's prediction worker answers a waiting key there)."""
        if self.built:
            return
        english = self.predictor.english_words.counts if self.predictor.english_words else None
        words = english.most_frequent(LEXICON_WORDS) if english is not None else []
        if self.predictor.word_counts is not None:
            words += self.predictor.word_counts.most_frequent(LEXICON_WORDS // 2)
        frequencies = {
            word.lower(): self._frequency(word) for word in in_slices(words, between_slices)
            if word.isalpha() or "'" in word
        }
        index, prefixes = TypoIndex(), TypoIndex()
        index.take(frequencies, between_slices)
        prefixes.take(_beginnings(frequencies, between_slices), between_slices)
        self.words, self.prefixes, self.built = index, prefixes, True

    def correct(self, context: str, typed: str, k: int) -> list[str]:
        """Up to k words the user most likely meant by `typed` after `context`, best first (see correct_word)."""
        self.build()
        predictor = self.predictor
        if not typed or NEVER_CORRECTED.search(typed) or self._personal(typed, context):
            return [typed][:k]
        near = {_in_case_of(typed, word) for word, _ in self.words.near(typed)}
        costs = {word: typo_cost(typed, word) for word in near}
        candidates = {typed, *self._shortlist(costs)}
        if (standard := standard_form(typed)) is not None:
            candidates.add(standard)
        costs.update({word: typo_cost(typed, word) for word in candidates - costs.keys()})
        margin = KNOWN_WORD_MARGIN if predictor.knows_word(typed, context) else UNKNOWN_WORD_MARGIN
        if k == 1 and self._stays(context, typed, candidates, costs, margin):
            return [typed]
        ordered = sorted(candidates)
        priors = self._priors(context, ordered)
        scores = {word: prior - costs[word] for word, prior in zip(ordered, priors)}
        best = max(scores, key=scores.get)
        ranked = sorted(scores, key=scores.get, reverse=True)
        if best != typed and scores[best] - scores[typed] < margin:
            ranked = [typed] + [word for word in ranked if word != typed]
        return ranked[:k]

    def _stays(self, context: str, typed: str, candidates: set[str], costs: dict[str, float], margin: float) -> bool:
        """Whether the typed word is sure to stay without the LSTM scoring the other candidates: its own score,
        from the states the cache holds (the user typed it there), is within the margin of the most any other
        could score (a prior of at most log(1 - ENGLISH_SHARE + ENGLISH_SHARE * frequency))."""
        lstm = self.predictor.held_word_log_prob(context + space_before_next_word(context), typed)
        if lstm is None:
            return False
        others = (self._prior(word, 0.0) - costs[word] for word in candidates if word != typed)
        best_possible = max(others, default=-math.inf)
        return best_possible - (self._prior(typed, lstm) - costs[typed]) < margin

    def complete(self, context: str, k: int, should_stop: Callable[[], bool] | None = None) -> list[str]:
        """Up to k completions of the typed part of `context` that may fix a typo in it, best first. Between the near
        prefixes it raises SearchStopped if `should_stop()` (a key came while looking ahead: model.predict.beam)."""
        self.build()
        predictor = self.predictor
        before_word, typed_prefix = split_typed_word(context)
        if not typed_prefix or NEVER_CORRECTED.search(typed_prefix):
            return predictor.suggest_words(context, k)
        known_prefix = predictor.knows_prefix(typed_prefix, before_word)
        # A typed part no lexicon knows: the words the counts know that start with it (the beam finds non-words).
        if known_prefix:
            plain = dict(predictor.scored_words(context, k + 1))  # word -> P(word | context, typed part)
            exact = list(plain)
        else:
            plain, exact = {}, predictor.counted_words(context, k + 1)
        costs = {word: 0.0 for word in exact}
        history = word_history(before_word)
        for prefix, _ in self.prefixes.near(typed_prefix, limit=NEAR_PREFIXES):
            stop_if_asked(should_stop)
            if "'" in typed_prefix and "'" not in prefix:
                continue  # an apostrophe is typed on purpose: "We'" is on its way to "We'll", not "We"
            cost = typo_cost(typed_prefix.lower(), prefix)
            for word in self._completions(history, prefix):
                shown = _in_case_of(typed_prefix, word)
                if not shown.startswith(typed_prefix) and cost < costs.get(shown, math.inf):
                    costs[shown] = cost
        blocked = predictor.personal.counts.is_blocked
        fuzzy = self._shortlist({word: cost for word, cost in costs.items() if word not in exact and not blocked(word)})
        # A capital the typist left out ("puti" -> "Putin"), not at a sentence's start: chat writers leave it out.
        sentence_start = starts_sentence(before_word)
        twins = {} if sentence_start else self._capitalised_twins(typed_prefix, before_word, [*exact, *fuzzy])
        costs.update({twin: costs[word] + COST_CASE for twin, word in twins.items()})
        ordered = sorted(set(exact) | set(fuzzy) | twins.keys())
        priors = self._priors(before_word, ordered, len(typed_prefix) + SCORED_BEYOND)
        scores = {word: prior - costs[word] for word, prior in zip(ordered, priors)}
        cased = {word: twin for twin, word in twins.items() if scores[twin] > scores[word]}
        exact, fuzzy = [cased.get(word, word) for word in exact], [cased.get(word, word) for word in fuzzy]
        fuzzy.sort(key=scores.get, reverse=True)
        if known_prefix:
            # The typed part begins known words: they keep their places (typing without a typo loses nothing),
            # corrections fill the places they leave empty, and when there are none, up to CORRECTION_SLOTS
            # corrections take the last places where each beats the word there by CORRECTION_MARGIN.
            shown = exact[:k]
            if len(shown) < k:
                return shown + fuzzy[: k - len(shown)]
            # A word shown keeps the likelier of two judgements: the typo model's prior, or the plain ranking's,
            # which knows the counts' pairs and triples: P(typed part | context) · P(word | typed part).
            typed_log_probability = self._lstm_log_probs(before_word, [typed_prefix], [False])[0]
            for word in shown:
                if plain.get(word, 0.0) > 0.0:
                    plain_score = typed_log_probability + math.log(plain[word]) - PLAIN_DISCOUNT
                    scores[word] = max(scores[word], plain_score)
            slots = 0
            while slots < min(CORRECTION_SLOTS, len(fuzzy), len(shown)) and (
                scores[fuzzy[slots]] > scores[shown[len(shown) - 1 - slots]] + CORRECTION_MARGIN
            ):
                slots += 1
            return (shown[: len(shown) - slots] + fuzzy)[:k]
        ranked = sorted(dict.fromkeys(exact + fuzzy), key=scores.get, reverse=True)[:k]
        if len(ranked) < k:  # neither the counts nor the corrections fill the places ("God-awfu"): the beam's words
            ranked += [word for word in predictor.suggest_words(context, k) if word not in ranked][: k - len(ranked)]
        return ranked

    def _capitalised_twins(self, typed_prefix: str, before_word: str, words: list[str]) -> dict[str, str]:
        """{"Putin": "putin"}: those of the lower-case words that the model's counts write with a capital at least
        NAME_SHARE as often as without, capitalised, when the typed part has no capital (the shift key left out:
        the LSTM in context then tells the name from the word); none for a writer who leaves capitals out elsewhere
        ("around september to nov" means "november")."""
        counts = self.predictor.word_counts
        if typed_prefix != typed_prefix.lower() or counts is None or self._leaves_capitals_out(before_word):
            return {}
        twins = {word[:1].upper() + word[1:]: word for word in words if word[:1].islower()}
        return {
            twin: word for twin, word in twins.items()
            if (capitalised := counts.unigram_probability(twin)) > 0
            and capitalised >= NAME_SHARE * counts.unigram_probability(word)
        }

    def _leaves_capitals_out(self, before_word: str) -> bool:
        """Whether the last LOWER_CASE_LOOKBACK characters before the typed part hold a lone "i" or a word of three
        letters or more in lower case that the model's counts capitalise at least three times as often."""
        counts = self.predictor.word_counts  # not None: _capitalised_twins asks
        for word in re.findall(r"[A-Za-z]+", before_word[-LOWER_CASE_LOOKBACK:]):
            if word == "i":
                return True
            if word.islower() and len(word) > 2:
                capitalised = counts.unigram_probability(word[:1].upper() + word[1:])
                if capitalised > 0 and capitalised >= 3 * counts.unigram_probability(word):
                    return True
        return False

    def _shortlist(self, costs: dict[str, float]) -> list[str]:
        """The SCORED_CANDIDATES words likeliest by general-English frequency and typo cost alone."""
        def cheap_score(word: str) -> float:
            return math.log(self._frequency(word) + 1e-9) - costs[word]

        return sorted(sorted(costs), key=cheap_score, reverse=True)[:SCORED_CANDIDATES]  # ties: the same every run

    def _frequency(self, word: str) -> float:
        """The word's frequency in general English, case forgiven (0 without general English)."""
        english = self.predictor.english_words
        return english.counts.unigram_probability(word.lower()) if english is not None else 0.0

    def _completions(self, history: tuple[str, str], prefix: str) -> list[str]:
        """The likeliest words that start with `prefix` after `history`, from general English's counts (spelled
        right: the model's own counts hold the typos of its training text)."""
        english = self.predictor.english_words
        return list(english.counts.distribution(history, prefix, 5)) if english is not None else []

    def _priors(self, context: str, words: list[str], length: int | None = None) -> list[float]:
        """log P(word | context): the LSTM's, mixed with the word's frequency in general English. With `length`,
        the LSTM reads at most that many characters of a word general English knows, and the rest of the word
        is as likely as general English makes it among the words that begin so: a typed part's candidates then
        cost half the LSTM steps (the steps run one character deep at a time), and the LSTM still judges the
        beginning the typo is in."""
        cut = [length is not None and len(word) > length and self._frequency(word) > 0 for word in words]
        read = [word[:length] if cut_here else word for word, cut_here in zip(words, cut)]
        lstm = self._lstm_log_probs(context, read, [not c for c in cut])
        lstm = [score + (self._rest_log_probability(word, length) if cut_here else 0.0)
                for score, word, cut_here in zip(lstm, words, cut)]
        return [self._prior(word, lstm_log_probability) for word, lstm_log_probability in zip(words, lstm)]

    def _lstm_log_probs(self, before_word: str, words: list[str], ended: list[bool]) -> list[float]:
        """Predictor.word_log_probs of `words` as the next word after `before_word` (its separator put in)."""
        return self.predictor.word_log_probs(before_word + space_before_next_word(before_word), words, ended)

    def _rest_log_probability(self, word: str, length: int) -> float:
        """log P(word | its first `length` characters), by general English's counts, case forgiven."""
        english = self.predictor.english_words
        return math.log(self._frequency(word) / english.counts.prefix_probability(word[:length].lower()))

    def _prior(self, word: str, lstm_log_probability: float) -> float:
        """log of the LSTM's probability of `word` in context mixed with its frequency in general English."""
        mixed = (1 - ENGLISH_SHARE) * math.exp(lstm_log_probability) + ENGLISH_SHARE * self._frequency(word)
        return math.log(mixed) if mixed > 0 else -1e9

    def _personal(self, typed: str, context: str) -> bool:
        """Whether the user has typed this word before or it is elsewhere in the document: never changed."""
        predictor = self.predictor
        document = predictor.document_words(context)
        return bool(predictor.user_knows(typed) or document.count(typed))


def _beginnings(frequencies: dict[str, float], between_slices: Callable[[], object]) -> dict[str, float]:
    """The (lower-case) words' beginnings of 2 to PREFIX_LENGTH letters, each with its words' summed frequency
    (`between_slices`: see model.typos.candidates.in_slices)."""
    found: defaultdict[str, float] = defaultdict(float)
    for word, frequency in in_slices(frequencies.items(), between_slices):
        for length in range(2, min(len(word), PREFIX_LENGTH) + 1):
            found[word[:length]] += frequency
    return found


def _in_case_of(typed: str, word: str) -> str:
    """`word` (lower case) in the case `typed` was written in: "Teh" -> "The"."""
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
