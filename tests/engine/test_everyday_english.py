"""Suggestions as people write today: standard spelling, no made-up words, everyday phrases (issue 13)."""

import pytest

from model import Predictor
from model.predict.ranking import WordCandidates

# Written before the new default model was trained: for each phrase, words any sensible keyboard might offer next.
EVERYDAY_PHRASES = {
    "Could you please send me the ": {"file", "link", "details", "document", "report", "address", "email",
                                      "information", "info", "list", "number", "photos", "pictures", "slides",
                                      "notes", "form", "files", "code", "paper", "pdf", "invoice"},
    "I'm running a bit late, I'll be there in 10 ": {"minutes", "min", "mins"},
    "thanks so much for the ": {"help", "advice", "info", "information", "invite", "invitation", "gift", "update",
                                "reminder", "support", "card", "tip", "tips", "suggestion", "ride", "lunch",
                                "dinner", "food", "chat", "talk", "conversation", "offer", "opportunity"},
    "sounds good, see you ": {"then", "soon", "tomorrow", "later", "there", "tonight", "at", "on", "guys"},
    "can't wait to see ": {"you", "it", "them", "what", "how", "your"},
}


@pytest.fixture(scope="module")
def shipped() -> Predictor:
    return Predictor.load(device="cpu")


def test_a_word_typed_without_its_apostrophe_or_capital_is_offered_in_standard_spelling(shipped):
    assert shipped.suggest_words("I dont", 3)[0] == "don't"
    assert shipped.suggest_words("so i", 3)[0] == "I"
    assert shipped.suggest("I dont", 3).words[0] == "don't"  # not taken as a finished word to go past
    assert not any(word in {"dont", "im", "thats", "i"} for word in shipped.suggest_words("so ", 3))


def test_the_shipped_counts_spell_laughter_and_held_letters_one_way(shipped):
    counted = shipped.word_counts
    assert all(word in counted for word in ("haha", "Haha", "yes", "so", "oh"))
    assert not [word for word in ("hahaha", "hahahah", "Hahaha", "yesss", "yess", "soooo", "Yeahhh", "ohh") if word in counted]
    assert not [word for word in shipped.suggest_words("soo", 3) if "ooo" in word]  # "soooo", "sooo" were offered


def test_a_word_no_lexicon_knows_is_offered_only_when_the_lstm_is_sure(tiny_model_path, monkeypatch):
    predictor = Predictor.load(tiny_model_path, device="cpu")
    made_up = WordCandidates("qu", lstm={"quzzleth": 0.3, "quick": 0.2, "quokkaish": 0.9}, counted={}, in_document={})
    monkeypatch.setattr(predictor, "word_candidates", lambda context: made_up)
    assert predictor.suggest_words("the qu", 3) == ["quokkaish", "quick"]  # quzzleth: unknown and unsure


def test_the_shipped_model_names_its_training_files(shipped):
    trained_on = set(shipped.metadata.trained_on)
    assert {"train.txt", "train_modern_chat.txt", "train_modern_wiki.txt"} <= trained_on


# Not yet met by the shipped model (issue 13 stays open): general English and the speeches' word counts
# still rank "first", "most", "same" after "... for the ". Strict: the test fails once they pass.
NOT_YET = {"Could you please send me the ", "thanks so much for the "}


@pytest.mark.parametrize("phrase", [
    pytest.param(phrase, marks=pytest.mark.xfail(strict=True, reason="issue 13: not yet met")) if phrase in NOT_YET
    else phrase
    for phrase in EVERYDAY_PHRASES
])
def test_everyday_phrases_get_a_sensible_next_word_in_the_top_three(shipped, phrase):
    offered = shipped.suggest_words(phrase, 3)
    assert EVERYDAY_PHRASES[phrase] & {word.lower() for word in offered}, offered
