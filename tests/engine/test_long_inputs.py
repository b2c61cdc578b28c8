"""Long inputs: a text without spaces, a huge word, a 50 MB document, a long log_prob, all in bounded work."""

import math

import pytest

from model import Predictor, read_start
from model.predict.context import READ_CHARS, READ_STRIDE


@pytest.fixture(scope="module")
def predictor(tiny_model_path):
    return Predictor.load(tiny_model_path, device="cpu")


def test_a_text_without_spaces_or_one_huge_word_offers_no_giant_words(predictor):
    for text in ("字" * 1_000_000, "the cat " + "a" * 1_000_000):
        assert predictor.suggest_words(text, 3) == []
        suggestions = predictor.suggest(text, 3)
        assert suggestions.words == [] and len(suggestions.next_chars) == 8


def test_the_engine_reads_a_tail_that_depends_on_the_length_alone(predictor):
    assert read_start(READ_CHARS) == 0
    for length in (READ_CHARS + 1, 5 * READ_CHARS + 7, 50_000_000):
        start = read_start(length)
        assert start % READ_STRIDE == 0 and READ_CHARS - READ_STRIDE <= length - start <= READ_CHARS
    document = "the cat sat on the mat. " * 4_000  # 96,000 characters
    tail = document[read_start(len(document)) :]
    fresh = Predictor.load(predictor.source_path, device="cpu")
    assert predictor.suggest_words(document + "the m", 3) == fresh.suggest_words(tail + "the m", 3)


def test_log_prob_of_a_long_text_is_the_sum_of_its_parts(predictor):
    text = "the cat sat on the mat. " * 25_000  # 600,000 characters: one network call would not fit
    whole = predictor.log_prob(text)
    half = len(text) // 2
    parts = predictor.log_prob(text[:half]) + predictor.log_prob(text[half:], context=text[:half])
    assert math.isfinite(whole) and whole < 0
    assert whole == pytest.approx(parts, rel=1e-3)
