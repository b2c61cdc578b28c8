"""The Predictor: learns, predicts incrementally exactly as from scratch, and suggests whole words."""

import math

import pytest

from model import Predictor, PredictorOptions
from model.evaluate.baselines import WindowRereadPredictor
from model.predict.ranking import WordCandidates, rank_words
from model.text.words import split_typed_word, split_words, word_history


def probabilities_match(first, second, tolerance=1e-5):
    """Same characters in the same order with the same probabilities."""
    return [c for c, _ in first] == [c for c, _ in second] and all(
        abs(a - b) <= tolerance for (_, a), (_, b) in zip(first, second)
    )


def test_tiny_model_learns_the_repeated_pattern(tiny_model_path):
    predictor = Predictor.load(tiny_model_path, device="cpu")
    assert predictor.next_chars("the quick brown f", k=1)[0][0] == "o"
    assert predictor.next_chars("the cat sat on the m", k=1)[0][0] == "a"
    assert predictor.suggest_words("the quick brown ", k=1) == ["fox"]


def test_next_chars_are_sorted_probabilities_without_the_unknown_character(tiny_model_path):
    predictor = Predictor.load(tiny_model_path, device="cpu")
    ranked = predictor.next_chars("the lazy d", k=5)
    probabilities = [p for _, p in ranked]
    assert probabilities == sorted(probabilities, reverse=True)
    assert 0 < sum(probabilities) <= 1.0 + 1e-6
    assert "\ufffd" not in [c for c, _ in ranked]


def test_incremental_typing_backspaces_and_edits_equal_a_fresh_predictor(tiny_model_path):
    incremental = Predictor.load(tiny_model_path, device="cpu")
    typed = "the quick brown fox jumps over the lazy dog. the cat sat on the mat."
    contexts = [typed[:i] for i in range(len(typed) + 1)]
    contexts += [typed[:30], typed[:29], typed[:31], "the quack" + typed[9:40], typed[:12] + "X" + typed[13:50]]
    for context in contexts:
        fresh = Predictor.load(tiny_model_path, device="cpu")
        assert probabilities_match(incremental.next_chars(context, 5), fresh.next_chars(context, 5)), context
        assert incremental.suggest_words(context, 3) == fresh.suggest_words(context, 3), context


def test_long_context_is_cut_to_a_bounded_window_and_still_equals_a_fresh_run(tiny_model_path):
    options = PredictorOptions(max_context_chars=80, window_stride=40)
    incremental = Predictor.load(tiny_model_path, device="cpu")
    incremental.options = options
    text = "the cat sat on the mat. the moon is bright tonight. " * 6
    for end in range(60, len(text), 7):
        fresh = Predictor.load(tiny_model_path, device="cpu")
        fresh.options = options
        assert probabilities_match(incremental.next_chars(text[:end]), fresh.next_chars(text[:end]))
        assert incremental.cached_characters <= options.max_context_chars + 1


def test_a_window_shift_costs_what_a_key_costs_and_equals_a_fresh_read(tiny_model_path):
    options = PredictorOptions(max_context_chars=80, window_stride=40)
    predictor = Predictor.load(tiny_model_path, device="cpu")
    predictor.options = options
    text = "the cat sat on the mat. the moon is bright tonight. " * 5
    predictor.next_chars(text[:10])
    steps, reads = [], []
    original_step, original_forward = predictor.network.step, predictor.network.forward
    predictor.network.step = lambda ids, state: steps.append(1) or original_step(ids, state)
    predictor.network.forward = lambda ids, state=None: reads.append(ids.shape) or original_forward(ids, state)
    for end in range(11, len(text)):
        steps.clear()
        predictor.next_chars(text[:end])
        assert len(steps) <= 3, end  # this window and the next (its first key: the text start too): no re-read
    assert reads == []
    fresh = Predictor.load(tiny_model_path, device="cpu")
    fresh.options = options
    predictor.network.step, predictor.network.forward = original_step, original_forward
    assert probabilities_match(predictor.next_chars(text), fresh.next_chars(text))


def test_the_context_before_a_word_finished_across_a_window_move_is_not_read_again(tiny_model_path):
    options = PredictorOptions(max_context_chars=80, window_stride=40)
    predictor = Predictor.load(tiny_model_path, device="cpu")
    predictor.options = options
    text = "the cat sat on the mat. the moon is bright tonight. " * 3
    for end in range(1, 86):  # the window moved at 81: it starts at 40 now
        predictor.next_chars(text[:end])
    steps, reads = [], []
    original_step, original_forward = predictor.network.step, predictor.network.forward
    predictor.network.step = lambda ids, state: steps.append(1) or original_step(ids, state)
    predictor.network.forward = lambda ids, state=None: reads.append(ids.shape) or original_forward(ids, state)
    before_word = predictor.next_chars(text[:78])  # as correct_word asks for the word finished at 85
    assert reads == [] and len(steps) <= 2  # the window it had left still holds that context
    predictor.network.step, predictor.network.forward = original_step, original_forward
    fresh = Predictor.load(tiny_model_path, device="cpu")
    fresh.options = options
    assert probabilities_match(before_word, fresh.next_chars(text[:78]))
    assert probabilities_match(predictor.next_chars(text[:86]), fresh.next_chars(text[:86]))


def test_extending_the_context_by_one_character_costs_one_step(tiny_model_path):
    predictor = Predictor.load(tiny_model_path, device="cpu")
    predictor.next_chars("the quick brown fox")
    steps = []
    original_step = predictor.network.step
    predictor.network.step = lambda ids, state: steps.append(ids.shape) or original_step(ids, state)
    predictor.next_chars("the quick brown fox ")
    assert steps == [(1,)]


def test_suggest_words_keeps_the_typed_prefix_and_gives_k_distinct_words(tiny_model_path):
    predictor = Predictor.load(tiny_model_path, device="cpu")
    for context, prefix in [("the cat sat on the m", "m"), ("The M", "M"), ("the QU", "QU"), ("über gr", "gr")]:
        words = predictor.suggest_words(context, k=3)
        assert len(words) == 3 and len(set(words)) == 3, words
        assert all(word.startswith(prefix) for word in words), (context, words)
        assert all(" " not in word for word in words)
    assert all(word.isupper() for word in predictor.suggest_words("the QU", k=3))


def test_next_word_after_a_space_or_punctuation_is_a_whole_word(tiny_model_path):
    predictor = Predictor.load(tiny_model_path, device="cpu")
    for context in ["the quick brown ", "the mat.", ""]:
        words = predictor.suggest_words(context, k=3)
        assert words and all(word and word[0].isalnum() for word in words), (context, words)


def test_a_dash_of_two_hyphens_ends_a_word_but_a_hyphen_does_not(tiny_model_path):
    assert split_words("struggle--President said") == [(0, "struggle"), (10, "President"), (20, "said")]
    assert split_words("a well-known cat") == [(0, "a"), (2, "well-known"), (13, "cat")]
    assert split_typed_word("their--t") == ("their--", "t")
    assert split_typed_word("well-kn") == ("", "well-kn")
    assert word_history("on the mat--the ") == ("mat", "the")
    words = Predictor.load(tiny_model_path, device="cpu").suggest_words("the cat sat on the--m", k=3)
    assert words and all(word.startswith("m") for word in words), words


def test_only_whole_words_are_offered_never_a_dash_or_words_joined_by_one():
    spelled = {"--": 0.4, "cat--and": 0.2, "'s": 0.1, "cat": 0.05, "dog's": 0.03, "well-fed": 0.02}
    candidates = WordCandidates(typed_prefix="", lstm=spelled, counted={}, in_document={})
    assert rank_words(candidates, PredictorOptions(), k=3) == ["cat", "dog's", "well-fed"]


def test_log_prob_is_the_sum_of_next_character_log_probabilities(tiny_model_path):
    predictor = Predictor.load(tiny_model_path, device="cpu")
    context, text = "the cat sat on the ", "mat."
    expected = 0.0
    for index, character in enumerate(text):
        distribution = dict(predictor.next_chars(context + text[:index], k=100))
        expected += math.log(distribution[character])
    assert predictor.log_prob(text, context=context) == pytest.approx(expected, abs=1e-4)
    assert predictor.log_prob("mat.", context) > predictor.log_prob("xqz.", context)


def test_odd_unicode_never_crashes(tiny_model_path):
    predictor = Predictor.load(tiny_model_path, device="cpu")
    for context in ["😀😀", "日本語の", "\x00\x07\ud800", "e\u0301", "a" * 3000, "\r\n\r\n", "don't", "-'"]:
        predictor.next_chars(context)
        predictor.suggest_words(context)
        assert math.isfinite(predictor.log_prob("😀 x", context))


def test_window_reread_baseline_predicts_like_the_predictor_on_short_contexts(tiny_model_path):
    carried = Predictor.load(tiny_model_path, device="cpu")
    reread = WindowRereadPredictor.load(tiny_model_path, device="cpu")
    context = "the cat sat on the m"  # shorter than the 50-character window: both read all of it
    assert probabilities_match(carried.next_chars(context), reread.next_chars(context))
    assert carried.suggest_words(context) == reread.suggest_words(context)


def test_unknown_device_is_a_clear_error(tiny_model_path):
    with pytest.raises(ValueError, match="'tpu': unknown"):
        Predictor.load(tiny_model_path, device="tpu")


def test_a_word_seen_twice_is_offered_by_the_fast_path(tiny_model_path):
    predictor = Predictor.load(tiny_model_path, device="cpu")
    context = "the zebrafish sat. the zebrafish sat on the mat. the zeb"
    assert "zebrafish" in predictor.suggest_words(context, k=3)
    predictor.options.remember_words = False
    predictor.options.document_weight = 0.0  # the document's own word counts would offer it as well
    assert "zebrafish" not in predictor.suggest_words(context, k=3)
    predictor.options.remember_words = True
    assert "zebrafish" not in predictor.suggest_words("the zeb", k=3)  # a fresh text: not remembered yet
    predictor.learn("zebrafish zebrafish ")
    suggestions = predictor.suggest_words("the zeb", k=3)
    assert "zebrafish" in suggestions and len(suggestions) == len(set(suggestions)) <= 3


def test_a_name_seen_in_capitals_completes_a_capitalised_prefix(tiny_model_path):
    predictor = Predictor.load(tiny_model_path, device="cpu")
    context = "QUENBY.\nthe cat sat.\n\nQUENBY.\nthe mat sat.\n\nthe cat met Que"
    assert "Quenby" in predictor.suggest_words(context, k=3)
    assert "QUENBY" in predictor.suggest_words(context[: -len("Que")] + "QUE", k=3)  # typed in capitals


def test_asking_for_no_suggestions_gives_none(tiny_model_path):
    predictor = Predictor.load(tiny_model_path, device="cpu")
    context = "the zebrafish sat. the zebrafish sat on the mat. the zeb"  # the remembered-words path has a word
    for k in (0, -1):
        assert predictor.suggest_words(context, k=k) == [] and predictor.next_chars(context, k=k) == []


def test_the_space_after_a_finished_word_reuses_the_next_word_search():
    predictor = Predictor.load(device="cpu")
    searches = []
    original = predictor._beam_advance
    predictor._beam_advance = lambda log_probabilities: searches.append(1) or original(log_probabilities)
    finished = predictor.suggest("Thank you for")
    assert finished.words_follow_space and len(searches) == 1
    assert predictor.suggest("Thank you for ").words == finished.words
    assert len(searches) == 1  # the space asked for the words already searched
    predictor.suggest("Thank you for y")
    assert len(searches) == 2
    assert predictor.suggest_words("Thank you for ") == Predictor.load(device="cpu").suggest_words("Thank you for ")
