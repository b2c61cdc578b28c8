"""Looking ahead: the answers for the likeliest next keys, and for the next word's first letters, computed between
keys, equal fresh answers and are forgotten when what they depend on changes; a look-ahead stops between LSTM steps
(reading, beam, typo search) when a key comes."""

import pytest
import torch

from model import Predictor
from model.lexicon.document_counts import DOCUMENT_CHARS
from model.predict.beam import SearchStopped
from model.predict.look_ahead import (
    LOOK_AHEAD_CHARACTERS,
    LOOK_BEYOND_PROBABILITY,
    at_a_word_edge,
    keys_ahead,
    likeliest_characters,
)
from model.predict.remembered import MISSING, RememberedAnswers
from model.predict.suggestions import Suggestions
from model.text.words import split_typed_word

CONTEXTS = [
    "", "Thank you for y", "I will see you on Mon", "The cost of child", "We went to the ", "hard-", "Thank you very muc",
]


def answers(predictor: Predictor, context: str) -> tuple:
    suggestions = predictor.suggest(context, k=3, typos=True)
    return suggestions, predictor.suggest_phrase(context)


def next_keys(predictor: Predictor, context: str, characters: int) -> list[str]:
    """The keys a look-ahead after `context` answers first (the words shown, then the likeliest characters)."""
    typed = split_typed_word(context)[1]
    return keys_ahead(predictor.next_chars(context, characters), predictor.suggest(context, k=3, typos=True), typed)


def test_the_answers_looked_ahead_are_those_of_a_fresh_predictor_and_need_no_beam_search():
    looking, fresh = Predictor.load(device="cpu"), Predictor.load(device="cpu")
    for predictor in (looking, fresh):
        predictor.prepare_typo_search()
    searches = []
    search = looking._beam_search
    looking._beam_search = lambda *arguments: searches.append(arguments) or search(*arguments)
    for context in CONTEXTS:
        answers(looking, context)
        keys = next_keys(fresh, context, 3)
        assert looking.look_ahead(context, k=3, typos=True, characters=3) >= len(keys)
        (first, first_probability), *_ = fresh.next_chars(context, 1)
        (second, second_probability), *_ = fresh.next_chars(context + first, 1)
        likely = first_probability * second_probability >= LOOK_BEYOND_PROBABILITY
        two_keys_on = [first + second] if likely and at_a_word_edge(context + first + second) else []
        assert context != "Thank you very muc" or two_keys_on  # "h" and a space: the next word's start
        for following in keys + two_keys_on:
            searched = len(searches)
            assert answers(looking, context + following) == answers(fresh, context + following)
            assert len(searches) == searched  # answered from memory


def test_the_next_keys_looked_ahead_are_the_shown_words_letters_then_the_likeliest_up_to_the_share():
    assert likeliest_characters([("a", 0.5), ("b", 0.3), ("c", 0.15), ("d", 0.05)], 0.8) == ["a", "b"]
    assert likeliest_characters([("a", 0.5), ("b", 0.3), ("c", 0.15), ("d", 0.05)], 0.81) == ["a", "b", "c"]
    assert likeliest_characters([("a", 0.5), ("b", 0.3)], 0.99) == ["a", "b"]  # all there are
    lstm = [("r", 0.6), (" ", 0.395), ("h", 0.004), ("c", 0.001)]
    shown = Suggestions([], ["childcare", "children", "child"])
    assert keys_ahead(lstm, shown, "child") == ["c", "r", " "]  # the shown words' letters first, each once
    assert keys_ahead(lstm, Suggestions([], ["childcare"], words_follow_space=True), "child") == ["r", " "]
    assert keys_ahead(lstm, Suggestions([], ["chilled"], corrected=True), "chil") == ["r", " "]
    edges = [at_a_word_edge(text) for text in ("I", "I ", "I w", "I wo", "I won't", "I won't.")]
    assert edges == [True, True, True, False, False, True]  # beyond the next key: a word's ends and beginnings
    predictor = Predictor.load(device="cpu")
    counts = {context: len(next_keys(predictor, context, LOOK_AHEAD_CHARACTERS)) for context in CONTEXTS}
    assert counts["Thank you for y"] < 5 < counts["We went to the "] <= LOOK_AHEAD_CHARACTERS + 3  # sure: few


def test_what_was_looked_ahead_is_forgotten_once_the_user_writes_or_the_options_change():
    looking, fresh = Predictor.load(device="cpu"), Predictor.load(device="cpu")
    context = "See you at the "
    looking.look_ahead(context, characters=3)
    following = context + fresh.next_chars(context, 1)[0][0]
    text = f"{following}uillmark tonight. {following}uillmark again tomorrow."
    for predictor in (looking, fresh):
        predictor.learn(text)
    assert answers(looking, following) == answers(fresh, following)
    assert any(word.endswith("uillmark") for word in looking.suggest(following).words)
    looking.look_ahead(context, characters=3)
    for predictor in (looking, fresh):
        predictor.options.phrase_first_min_probability = 0.0
    assert answers(looking, following) == answers(fresh, following)


@pytest.mark.parametrize("context, steps", [
    ("Let me know if you have any ", 2),  # "o" comes next, with the phrase "f the": beam steps
    ("Thank you for your hepl", 2),  # "e" comes next: no word begins so, and the typo search scores its
    ("Thank you for your hepl", 4),  # candidates in LSTM steps
])
def test_a_look_ahead_stops_between_lstm_steps_when_a_key_comes_and_leaves_the_answers_right(context, steps):
    looking, fresh = Predictor.load(device="cpu"), Predictor.load(device="cpu")
    looking.next_chars(context)  # the context read, as it is before a look-ahead
    events = []
    step = looking.network.step
    looking.network.step = lambda *arguments: events.append("step") or step(*arguments)

    def key_waits() -> bool:  # a key comes after that many steps of the look-ahead
        events.append("asked")
        return events.count("step") >= steps

    assert looking.look_ahead(context, characters=3, typos=True, should_stop=key_waits) == 0
    assert events.count("step") == steps and events[-1] == "asked"  # no step once a key waits
    del looking.network.step
    stopped_at = context + fresh.next_chars(context, 1)[0][0]
    assert looking.suggest_phrase(stopped_at) == fresh.suggest_phrase(stopped_at)  # no half-found first word left
    for character, _ in fresh.next_chars(context, 3):
        assert answers(looking, context + character) == answers(fresh, context + character)
    assert answers(looking, context + "w") == answers(fresh, context + "w")


def test_a_look_ahead_never_moves_the_documents_counted_window_there_and_back():
    looking = Predictor.load(device="cpu")
    sentence = "We went to the park and then we went home. "
    filler = (sentence * 500)[: DOCUMENT_CHARS - 20]
    text = filler[: filler.rindex(" ")].ljust(DOCUMENT_CHARS - 20) + "We went home and then"
    assert len(text) - len("then") <= DOCUMENT_CHARS < len(text) + 1  # a space next would move the window on
    looking.suggest(text)
    counts = looking._document_counts
    window, counted = counts._window_start, counts._counted_text
    assert " " in [character for character, _ in looking.next_chars(text, 3)]
    assert looking.look_ahead(text, characters=3) == 0  # a space, a newline and a comma end the word: all left out
    assert counts._window_start == window and counts._counted_text == counted


def test_a_phrase_looked_ahead_is_the_one_for_the_words_asked_with_or_without_typos():
    looking, fresh = Predictor.load(device="cpu"), Predictor.load(device="cpu")
    context = "I will see you on Mon"
    looking.look_ahead(context, k=3, typos=True, characters=3)
    for character, _ in fresh.next_chars(context, 3):
        for typos in (False, True):  # "Correct typos as I type" switched between two keys
            plain = (fresh.suggest(context + character, typos=typos), fresh.suggest_phrase(context + character))
            assert (looking.suggest(context + character, typos=typos), looking.suggest_phrase(context + character)) == plain


def test_remembered_answers_past_their_capacity_forget_the_oldest_only():
    answers_ahead = RememberedAnswers(3)
    for key in "abcd":
        answers_ahead.put(("state",), key, key.upper())
    assert answers_ahead.get(("state",), "a") is MISSING
    assert [answers_ahead.get(("state",), key) for key in "bcd"] == ["B", "C", "D"]
    answers_ahead.put(("state",), "b", "B")  # put again: the newest, so "c" is the oldest now
    answers_ahead.put(("state",), "e", "E")
    assert answers_ahead.get(("state",), "c") is MISSING and answers_ahead.get(("state",), "b") == "B"


def test_a_look_ahead_stops_in_the_typo_search_before_its_near_prefixes_once_a_key_waits():
    looking = Predictor.load(device="cpu")
    context = "Thank you for your hepl"  # "e" comes next: no word begins so, the typo search's path
    looking.next_chars(context)
    completions = []
    find_completions = looking._typos._completions
    looking._typos._completions = lambda *arguments: completions.append(arguments) or find_completions(*arguments)
    assert looking.look_ahead(context, characters=1, typos=True, should_stop=lambda: True) == 0
    assert completions == []  # no near prefix completed once a key waits


def test_a_text_read_while_looking_ahead_stops_before_an_lstm_step_once_a_key_waits_and_stays_right():
    looking, fresh = Predictor.load(device="cpu"), Predictor.load(device="cpu")
    for predictor in (looking, fresh):
        predictor.next_chars("We went to the park")
    steps = []
    step = looking.network.step
    looking.network.step = lambda *arguments: steps.append("step") or step(*arguments)
    with pytest.raises(SearchStopped), torch.inference_mode():  # 9 characters after "We went to the ": a key after 3
        looking._cache.log_probabilities_after("We went to the shops and", looking.options, lambda: len(steps) >= 3)
    assert len(steps) == 3
    del looking.network.step
    text = "We went to the shops and then"
    assert looking.next_chars(text, 5) == fresh.next_chars(text, 5)


def test_a_look_ahead_stops_before_the_word_counts_when_a_key_came_during_the_beam():
    looking = Predictor.load(device="cpu")
    context = "We went to the "
    looking.suggest(context, k=3, typos=True)  # the key's own answer, as the worker has it
    key_came, counted = [], []
    search = looking._beam_search
    looking._beam_search = lambda *arguments: (search(*arguments), key_came.append(True))[0]
    distribution = looking.word_counts.distribution
    looking.word_counts.distribution = lambda *arguments: counted.append(arguments) or distribution(*arguments)
    assert looking.look_ahead(context, k=3, typos=True, should_stop=lambda: bool(key_came)) == 0
    assert key_came and counted == []  # the beam ended as the key came: no counts were read after it
