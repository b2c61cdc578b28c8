"""Ghost phrases: the rest of the word and the words that follow, only when likely; repeated phrases first."""

import pytest

from model import Predictor
from model.predict.phrases import PhraseChain, phrase_chain, phrase_text
from model.predict.options import PredictorOptions


@pytest.fixture(scope="module")
def shipped():
    return Predictor.load(device="cpu")


def test_a_phrase_repeated_in_the_document_is_offered_after_its_first_letters(shipped):
    document = (
        "Our team meets at the Harbour Lantern Cafe every Friday.\n"
        "Last week the Harbour Lantern Cafe was closed.\n"
        "So next time we go to the Har"
    )
    assert shipped.suggest_phrase(document).startswith("bour Lantern Cafe")


def test_a_phrase_learned_from_the_user_is_offered_and_a_blocked_word_ends_it(shipped):
    try:
        for _ in range(2):
            shipped.learn("Please send it to the Quillmark review board today.\n")
        phrase = shipped.suggest_phrase("Could you send it to the Qu")
        assert phrase.startswith("illmark review board")
        shipped.block_word("board")
        assert "board" not in shipped.suggest_phrase("Could you send it to the Qu")
    finally:
        shipped.personal.counts.clear()


def test_nothing_is_offered_when_nothing_is_likely(shipped):
    for context in ["", "The", "Zq", "Yesterday the ", "I think that "]:
        assert shipped.suggest_phrase(context) == ""


def test_the_phrase_starts_with_the_best_word_and_stops_where_a_word_is_not_likely_enough():
    options = PredictorOptions(phrase_first_min_probability=0.5, phrase_next_min_probability=0.5)
    following = {"Thank you very much": ("for", 0.8), "Thank you very much for": ("your", 0.7),
                 "Thank you very much for your": ("help", 0.3)}
    chain = phrase_chain(
        "Thank you very ", "m", ("much", 0.9),
        next_word=lambda text: following.get(text.rstrip(" ,")),
        separator=lambda text: " ",
        max_words=4,
    )
    assert [word for word, _ in chain.words] == ["much", "for", "your", "help"]
    assert phrase_text(chain, "Thank you very ", options) == "uch for your"
    assert phrase_text(PhraseChain("m", [("much", 0.9)]), "Thank you very ", options) == ""  # one word: no phrase
    separated = []
    shown_only = phrase_chain(
        "Thank you very ", "m", ("much", 0.9),
        next_word=lambda text: following.get(text.rstrip(" ,")),
        separator=lambda text: separated.append(text) or " ",
        max_words=4,
        min_probabilities=(0.5, 0.5),
    )
    assert [word for word, _ in shown_only.words] == ["much", "for", "your"]
    assert separated == ["Thank you very much", "Thank you very much for"]  # none after "your": "help" is not shown
    commas = phrase_chain("", "", ("Well", 0.9), lambda text: ("then", 0.9), lambda text: ", ", 2)
    assert phrase_text(commas, "", options) == "Well, then"


def test_a_phrase_after_suggest_reuses_its_answer_even_when_no_phrase_starts(shipped):
    searches = []
    original = shipped._beam_search
    shipped._beam_search = lambda *arguments: searches.append(1) or original(*arguments)
    try:
        for context in ["Thank you for", "I will see you tomorrow", "Thank you very m", "qzxv"]:
            shipped.suggest(context, typos=True)
            searched = len(searches)
            shipped.suggest_phrase(context)
            assert len(searches) == searched, context  # no second search for the same context
    finally:
        del shipped._beam_search
    assert shipped.suggest("Thank you for").words_follow_space  # the first context is a finished word
    assert shipped.suggest("qzxv", typos=True).corrected  # the last one is corrected


def test_typing_along_a_phrase_asks_for_its_next_words_once(shipped):
    steps = []
    original = shipped.network.step
    shipped.network.step = lambda ids, state: steps.append(len(ids)) or original(ids, state)
    try:
        for _ in range(2):
            shipped.learn("Please send it to the Quillmark review board today.\n")
        assert shipped.suggest_phrase("Could you send it to the Qu").startswith("illmark review board")
        shipped.suggest("Could you send it to the Qui")
        steps.clear()
        assert shipped.suggest_phrase("Could you send it to the Qui").startswith("llmark review board")
        assert steps == []  # the separators and next words after "Quillmark" came from the last key's phrase
        shipped.learn("Please send it to the Quillmark review panel today.\n")
        shipped.learn("Please send it to the Quillmark review panel today.\n")
        shipped.learn("Please send it to the Quillmark review panel today.\n")
        assert shipped.suggest_phrase("Could you send it to the Quil").startswith("lmark review panel")
    finally:
        del shipped.network.step
        shipped.personal.counts.clear()
