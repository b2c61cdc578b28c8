"""General English word frequencies: a prior for word suggestions beyond the model's training text.

The default model's training text is mostly nineteenth-century novels, a century of State of the Union
addresses and a Debian handbook: it has seen little of how people write and chat today. `EnglishWords`
holds the frequencies of 82,765 English words and 242,342 word pairs counted in large modern corpora
(symspellpy's dictionaries, MIT, derived from Google Books Ngram data; lower case), shipped as
resources/english_words.safetensors (scripts/make_english_words.py writes it). Predictor.suggest_words mixes
them into the model's own word counts: `PredictorOptions.english_weight`, chosen by
benchmarks/tune_words.py, measured by benchmarks/quality.py.
"""

from __future__ import annotations

import functools
import logging
import os
from typing import NamedTuple

from model.errors import ModelFileError
from model.files.checkpoint import read_tensors
from model.files.resources import resource_path
from model.lexicon.word_counts import WordCounts
from model.text.words import SENTENCE_START

ENGLISH_WORDS_FILE = "english_words.safetensors"
log = logging.getLogger(__name__)


class EnglishWords:
    """Lower-case English word and word-pair counts that suggest words in the case a user expects."""

    def __init__(self, counts: WordCounts) -> None:
        self.counts = counts

    @classmethod
    def load(cls, path: str | os.PathLike) -> EnglishWords:
        """Read a file of word_counts.* tensors; raises ModelFileError naming the file if it is unusable."""
        tensors, _ = read_tensors(path)
        try:
            counts = WordCounts.from_tensors(tensors)
        except ValueError as error:
            raise ModelFileError(path, f"inconsistent English word counts ({error})") from error
        if counts is None:
            raise ModelFileError(path, "a safetensors file without word counts")
        return cls(counts)

    def distribution(
        self, history: tuple[str, str], prefix: str, limit: int, cased_words: WordCounts | None = None
    ) -> dict[str, float]:
        """The `limit` likeliest words starting with `prefix` (as typed) after `history`, with P.

        Words are looked up in lower case. Without a typed prefix, a word is capitalised at a sentence
        start, as "I" ("I'm", "I'll"), and where `cased_words` (the model's counts) know it only capitalised
        ("america" -> "America"); with one, the typed prefix keeps its case.
        """
        lower_prefix = prefix.lower()
        if len(lower_prefix) != len(prefix):  # a few characters change length in lower case: no lookup
            return {}
        lower_history = tuple(word if word == SENTENCE_START else word.lower() for word in history)
        found: dict[str, float] = {}
        for word, probability in self.counts.distribution(lower_history, lower_prefix, limit).items():
            shown = prefix + word[len(prefix) :] if prefix else _cased(word, history, cased_words)
            found[shown] = found.get(shown, 0.0) + probability
        return found


def _cased(word: str, history: tuple[str, str], cased_words: WordCounts | None) -> str:
    """A lower-case word in the case it takes after `history` (see EnglishWords.distribution)."""
    capitalised = word[:1].upper() + word[1:]
    if history[1] == SENTENCE_START or word == "i" or word.startswith("i'"):
        return capitalised
    if cased_words is not None and word not in cased_words and capitalised in cased_words:
        return capitalised
    return word


class ShippedEnglishWords(NamedTuple):
    """The shipped English word counts, or None and the error that kept them from being read."""

    words: EnglishWords | None
    failure: ModelFileError | None


@functools.cache
def load_shipped_english_words() -> ShippedEnglishWords:
    """Read the shipped English word counts once per process; every Predictor shares them (read-only).

    A missing or damaged file (a broken installation) is logged and its error returned: suggestions go on
    without general English, and the user's own model is never blamed for it.
    """
    try:
        return ShippedEnglishWords(EnglishWords.load(resource_path(ENGLISH_WORDS_FILE)), None)
    except ModelFileError as error:
        log.warning("suggesting without general English: %s", error)
        return ShippedEnglishWords(None, error)


def shipped_english_words() -> EnglishWords | None:
    """The shipped English word counts, or None if they could not be read (see load_shipped_english_words)."""
    return load_shipped_english_words().words
