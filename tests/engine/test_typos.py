"""The typo model: keyboard-aware edit costs, and corrections ranked by context, keeping right words."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from model import Predictor
from model.typos.candidates import BUILD_SLICE, TypoIndex
from model.typos.edits import typo_cost

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shipped():
    return Predictor.load(device="cpu")


def test_a_neighbouring_key_costs_less_than_a_distant_one_and_a_swap_less_than_two_changes():
    assert typo_cost("tge", "the") < typo_cost("tpe", "the")  # g is beside h, p is not
    assert typo_cost("teh", "the") < typo_cost("tae", "the") + typo_cost("the", "tha")
    assert typo_cost("dont", "don't") < typo_cost("dint", "dont")  # a lost apostrophe is a small mistake
    assert typo_cost("the", "the") == 0


def test_right_words_stay_and_typos_are_fixed_in_context(shipped):
    assert shipped.correct_word("I will", "recieve", k=3)[0] == "receive"
    assert shipped.correct_word("I went to", "teh", k=3)[0] == "the"
    assert shipped.correct_word("See you", "tomorow", k=3)[0] == "tomorrow"
    assert shipped.correct_word("", "Teh", k=3)[0] == "The"
    for context, word in [("I like", "cats"), ("I think", "their"), ("they lost", "there"), ("we met at", "noon")]:
        assert shipped.correct_word(context, word, k=3)[0] == word


def test_their_and_there_are_told_apart_by_context(shipped):
    assert shipped.correct_word("They forgot", "thier", k=3)[0] == "their"
    assert shipped.correct_word("I will go", "thre", k=3)[0] == "there"


def test_names_typed_before_or_in_the_document_numbers_and_capitals_are_never_changed(shipped):
    shipped.learn("Zorblat ")
    try:
        assert shipped.correct_word("I met", "Zorblat", k=3)[0] == "Zorblat"
    finally:
        shipped.personal.counts.clear()
    assert shipped.correct_word("Quillmark is here. I saw", "Quillmark", k=3)[0] == "Quillmark"
    for word in ("NASA", "h2o", "x@y.org", "3rd", "www.site.com"):
        assert shipped.correct_word("I like", word, k=3) == [word]


def test_completions_may_fix_the_typed_part_only_when_asked(shipped):
    assert "receive" in shipped.suggest_words("I will recie", 3, typos=True)
    assert all(word.startswith("recie") for word in shipped.suggest_words("I will recie", 3))
    assert "thank" in shipped.suggest_words("I want to thna", 3, typos=True)


def test_corrections_fill_the_places_exact_completions_leave_and_never_take_the_only_one(shipped):
    assert shipped.suggest_words("We'l", 3) == ["We'll"]  # the one word that starts so
    corrected = shipped.suggest_words("We'l", 3, typos=True)
    assert corrected[0] == "We'll" and len(corrected) == 3  # kept first; corrections in the places left


def test_completions_as_typed_are_ranked_as_without_typos_and_a_typed_apostrophe_is_kept(shipped):
    for context in ["who pay a lower ta", "My plan would cut the co", "they couldn't afford chil", "Putin's lat"]:
        typed = context.split(" ")[-1]
        as_typed = shipped.suggest_words(context, 4)
        corrected = shipped.suggest_words(context, 3, typos=True)
        assert [word for word in corrected if word.startswith(typed)] == [w for w in as_typed if w in corrected]
    for context in ["and promote environmental justice We'", "on the battlefield he'", "Thank you. We'"]:
        assert all("'" in word for word in shipped.suggest_words(context, 3, typos=True)), context  # not "We"


def test_a_typed_part_no_lexicon_knows_is_completed_from_the_counts_without_the_beam():
    predictor = Predictor.load(device="cpu")
    beams = []
    search = predictor._beam_search
    predictor._beam_search = lambda *arguments: beams.append(arguments) or search(*arguments)
    assert predictor.suggest_words("Could you sned", 3, typos=True)[0] == "send"
    assert predictor.counted_words("the Russian rubl", 3) == ["ruble"]  # the model's counts know it
    assert not beams  # the LSTM's beam, most of a key's time, finds non-words after such a beginning
    assert predictor.suggest_words("Could you sen", 3, typos=True)[0].startswith("sen") and beams
    for context in ["See it for what it is a God-awfu", "the Russian ruble making Putin'", "Last year 5"]:
        assert predictor.suggest_words(context, 3, typos=True) == predictor.suggest_words(context, 3), context


def test_words_scored_after_the_same_context_are_remembered_and_a_beginning_scores_without_a_boundary():
    predictor, fresh = Predictor.load(device="cpu"), Predictor.load(device="cpu")
    context = "I went to the "
    first = predictor.word_log_probs(context, ["station", "stadium"])
    steps = []
    step = predictor.network.step
    predictor.network.step = lambda *arguments: steps.append(1) or step(*arguments)
    assert predictor.word_log_probs(context, ["stadium", "station"]) == first[::-1]
    assert not steps  # remembered: no LSTM step
    assert predictor.word_log_probs(context, ["stall"]) == pytest.approx(fresh.word_log_probs(context, ["stall"]))
    assert steps  # a word not scored yet is
    beginning = predictor.word_log_probs(context, ["sta"], [False])[0]
    assert beginning == pytest.approx(predictor.log_prob("sta", context), abs=1e-3)  # no word boundary after it
    assert beginning > predictor.word_log_probs(context, ["sta"])[0] + 2
    assert predictor.word_log_probs("I went to a ", ["station"]) != first[:1]  # another context: scored anew


def test_a_capital_left_out_is_put_back_where_the_context_wants_one(shipped):
    assert shipped.suggest_words("I have been to europ", 3, typos=True)[0] == "Europe"
    assert shipped.suggest_words("We flew to lond", 3, typos=True)[0] == "London"
    assert shipped.suggest_words("Thanks for the hel", 3, typos=True)[0] == "help"
    assert shipped.suggest_words("wha", 3, typos=True)[0] == "what"  # a sentence's start stays as typed (chat)
    assert shipped.suggest_words("I have been to europ", 3)[0] == "europe"  # without typos: exactly as typed


def test_no_capital_is_put_back_for_a_writer_who_leaves_capitals_out(shipped):
    assert "november" in shipped.suggest_words("My family will move sometime around september to nov", 3, typos=True)
    assert "November" in shipped.suggest_words("My family will move sometime around September to nov", 3, typos=True)


def test_a_completion_the_plain_ranking_likes_keeps_its_place_beside_corrections(shipped):
    assert "thank" in shipped.suggest_words("Thank you th", 3, typos=True)  # it was "to" (h -> o, no neighbour)


def test_a_typed_i_offers_i_where_it_is_likely_and_the_words_it_begins_elsewhere(shipped):
    assert shipped.suggest_words("and give families a fair shot i", 3)[0] != "I"  # "in", "it": "I" came first
    assert "I" in shipped.suggest_words("lol i", 3)
    assert shipped.suggest_words("yeah im", 3)[0] == "I'm"  # typed so, a standard form is still first
    assert shipped.suggest_words("so i dont", 3)[0] == "don't"


def test_of_words_equally_near_a_typed_part_the_commonest_are_found_first():
    index = TypoIndex({"cab": 1e-6, "cad": 1e-6, "cam": 1e-6, "cap": 1e-6, "car": 0.01})
    assert index.near("cat", limit=1) == [("car", 1)]  # not the first in the alphabet


def test_the_typo_index_is_built_in_slices_with_keys_answered_between_them_and_finds_what_a_whole_build_finds():
    built_in_slices, built_at_once = Predictor.load(device="cpu"), Predictor.load(device="cpu")
    answered_between = []
    assert not built_in_slices.typo_search_ready
    built_in_slices.prepare_typo_search(lambda: answered_between.append(built_in_slices.suggest("I will reci").words))
    assert built_in_slices.typo_search_ready and len(answered_between) >= 10  # no slice holds a key for long
    assert answered_between[0] == built_in_slices.suggest_words("I will reci", 3)  # plain words meanwhile
    for context, typed in (("I will", "recieve"), ("see you", "tomorow"), ("I bet he", "mkea")):
        assert built_in_slices.correct_word(context, typed, 3) == built_at_once.correct_word(context, typed, 3)
        assert built_in_slices.suggest_words(f"{context} {typed[:4]}", 3, typos=True) == (
            built_at_once.suggest_words(f"{context} {typed[:4]}", 3, typos=True)
        )


def test_an_apostrophe_after_one_capital_is_no_shouting(shipped):
    assert shipped.suggest_words("I'", 3)[0] == "I'm"  # "I'M" before: two "capitals" counted an apostrophe
    assert shipped.suggest_words("HEL", 3)[0].isupper()  # two capitals or more: all-capital completions


def test_suggestions_are_the_same_in_every_run_whatever_the_hash_seed(shared_corpus):
    typed = (shared_corpus / "valid_chat.txt").read_text(encoding="utf-8")[:700]  # with ties between words at 5 keys
    script = (
        "import json, sys\n"
        "from model import Predictor\n"
        "predictor = Predictor.load(device='cpu')\n"
        "text = sys.stdin.read()\n"
        "print(json.dumps([predictor.suggest(text[:end], k=3, typos=True).words for end in range(1, len(text) + 1)]))\n"
        "for typed in ('These steps will help blunt ga', 'into Ukraine and the ow', 'I bet he mkea'):\n"
        "    print(predictor.suggest_words(typed, 3, typos=True), predictor.correct_word('I bet he', typed[-4:], 3))\n"
    )
    answers = [
        subprocess.run(
            [sys.executable, "-c", script], input=typed, capture_output=True, text=True, timeout=300,
            cwd=REPOSITORY, env={**os.environ, "PYTHONPATH": str(REPOSITORY), "PYTHONHASHSEED": seed},
        )
        for seed in ("1", "2")
    ]
    assert all(answer.returncode == 0 for answer in answers), answers[0].stderr
    assert answers[0].stdout == answers[1].stdout  # ties between words are broken by the word, not by set order


def test_a_word_sure_to_stay_is_kept_without_scoring_the_others_and_auto_correction_agrees_with_the_ranking():
    predictor = Predictor.load(device="cpu")
    text = "I will recieve the parcel tomorow and then I think their dog will be fine over thre. "
    scored = []
    original = predictor.word_log_probs
    predictor.word_log_probs = lambda context, words, *ended: scored.append(words) or original(context, words, *ended)
    skipped = 0
    for end, character in enumerate(text, start=1):
        predictor.suggest(text[:end], 3, typos=True)  # as the editor asks at every key: the cache reads the word
        if character == " " and (word := text[: end - 1].split(" ")[-1]):
            before = text[: end - len(word) - 1]
            scored.clear()
            first = predictor.correct_word(before, word, 1)
            skipped += not scored
            held = predictor.held_word_log_prob(before, word)
            assert held == pytest.approx(original(before, [word])[0], abs=0.05), word
            assert first == predictor.correct_word(before, word, 3)[:1], word
    assert skipped >= 5  # "I", "will", "the", "and", "then", ...: their own probability rules the others out
    assert predictor.correct_word("I will", "recieve", 1) == ["receive"]  # not held: scored as before


def test_checking_a_finished_word_leaves_the_documents_counts_as_they_are(shipped):
    document = "We met at the station and talked about the plans for the summer. " * 20
    shipped.suggest(document + "I will recieve ", 3)
    uncounted = []
    counts = shipped._document_counts._counts
    original = counts.remove
    counts.remove = lambda word, history: uncounted.append(word) or original(word, history)
    try:
        assert shipped.correct_word(document + "I will ", "recieve", 1) == ["receive"]
    finally:
        counts.remove = original
    assert len(uncounted) <= 2  # the word and the one before it at most: the other 260 words stay counted


def test_a_compound_on_its_way_is_completed_not_corrected(shipped):
    # "hard-" is no typo of "hard": the words before the hyphen are known, so the plain completions serve.
    hard = shipped.suggest("the standard of living for hard-", k=3, typos=True)
    assert not hard.corrected and "hard-working" in hard.words and "hard" not in hard.words
    assert shipped.knows_prefix("well-kno") and not shipped.knows_prefix("well-knwo") and not shipped.knows_prefix("qzx-")
    assert not shipped.knows_prefix("recieve-")  # a typo the model's counts know is no word to build on
    assert shipped.knows_prefix("Wi-F", "We fixed the Wi-Fi at home. ")  # a compound the document wrote


def test_the_index_build_hands_over_after_each_slice_of_words_in_every_pass():
    per_pair = 20 * BUILD_SLICE // 16  # 16 first-two-letter pairs: 20 slices' worth of words
    words = {f"{first}{second}{index}": 1.0 for first in "abcd" for second in "efgh" for index in range(per_pair)}
    between = []
    TypoIndex().take(words, lambda: between.append(len(between)))
    # the weights and the buckets hand over every BUILD_SLICE words, the sorting once a slice's worth is sorted
    assert len(between) > 2 * len(words) // BUILD_SLICE
