"""General English word counts: shipped, read safely, offered in the case a user expects, mixed into words."""

from collections import Counter

import pytest
import torch
from safetensors.torch import save_file

from model import ModelFileError, Predictor
from model.lexicon import english_words
from model.lexicon.english_words import EnglishWords, load_shipped_english_words, shipped_english_words
from model.predict.options import PredictorOptions
from model.lexicon.word_counts import WordCounts
from model.text.words import SENTENCE_START

START = (SENTENCE_START, SENTENCE_START)


def small_english() -> EnglishWords:
    """Lower-case counts, as the shipped file holds them."""
    unigrams = Counter({"the": 50, "in": 30, "i": 20, "i'm": 5, "america": 8, "am": 6, "amends": 1, "make": 4})
    bigrams = Counter({("in", "the"): 10, ("in", "america"): 6, ("make", "amends"): 1})
    return EnglishWords(WordCounts.from_counts(unigrams, bigrams, Counter()))


def test_the_shipped_counts_know_modern_word_pairs():
    english = shipped_english_words()
    assert max(english.distribution((SENTENCE_START, "thank"), "", 5).items(), key=lambda item: item[1])[0] == "you"
    assert "you" in english.distribution(("how", "are"), "", 8)


def test_words_take_the_case_a_user_expects():
    english = small_english()
    assert "The" in english.distribution(START, "", 5)  # a sentence start is capitalised
    assert set(english.distribution(("We", "in"), "", 5)) >= {"the", "america"}
    cased = WordCounts.from_texts(["We met in America. Then in the end we left."])
    after_in = english.distribution(("met", "in"), "", 5, cased_words=cased)
    assert "America" in after_in and "the" in after_in  # known only capitalised: a name
    assert {"I", "I'm"} <= set(english.distribution(("so", "then"), "", 8))
    assert set(english.distribution(("We", "in"), "Am", 5)) == {"Am", "America", "Amends"}  # as typed, then lower
    assert all(word.startswith("am") for word in english.distribution(("We", "in"), "am", 5))


def test_a_damaged_or_foreign_file_is_a_clear_error_naming_it(tmp_path):
    garbage = tmp_path / "english.safetensors"
    garbage.write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{not json at all")
    with pytest.raises(ModelFileError, match="english.safetensors"):
        EnglishWords.load(garbage)
    foreign = tmp_path / "foreign.safetensors"
    save_file({"weight": torch.zeros(3)}, foreign)
    with pytest.raises(ModelFileError, match="without word counts"):
        EnglishWords.load(foreign)
    with pytest.raises(ModelFileError, match="missing.safetensors"):
        EnglishWords.load(tmp_path / "missing.safetensors")


def test_a_saved_file_loads_back_equal(tmp_path):
    english = small_english()
    path = tmp_path / "english.safetensors"
    save_file(english.counts.to_tensors(), path)
    reloaded = EnglishWords.load(path)
    assert reloaded.distribution(("We", "in"), "", 5) == english.distribution(("We", "in"), "", 5)


def test_the_predictor_mixes_general_english_into_its_words(tiny_model_path):
    predictor = Predictor.load(tiny_model_path, device="cpu")  # trained on a pattern that never says "thank you"
    assert "you" in predictor.suggest_words("I want to thank ", k=3)
    assert predictor.word_candidates("I want to thank ").english
    predictor.options = PredictorOptions(english_weight=0.0)
    assert not predictor.word_candidates("I want to thank ").english
    assert "you" not in predictor.suggest_words("I want to thank ", k=3)


def test_a_damaged_shipped_file_leaves_suggestions_working_without_it(tiny_model_path, tmp_path, monkeypatch, caplog):
    damaged = tmp_path / "english.safetensors"
    damaged.write_bytes(b"\x00" * 20)
    monkeypatch.setattr(english_words, "resource_path", lambda name: damaged)
    load_shipped_english_words.cache_clear()
    try:
        predictor = Predictor.load(tiny_model_path, device="cpu")  # the user's model loads: it is not to blame
        assert predictor.english_words is None
        assert "english.safetensors" in caplog.text
        assert not predictor.word_candidates("I want to thank ").english
        assert predictor.suggest_words("the cat sat on the m", k=3)
    finally:
        load_shipped_english_words.cache_clear()
