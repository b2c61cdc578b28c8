"""Standard spelling for chat text: contractions get their apostrophes back, a lone "i" is "I", "hahahah" is "haha"."""

import pytest

from model.text.everyday_spelling import elongation_table, standard_form, standardise_spelling, without_elongation


@pytest.mark.parametrize(("typed", "standard"), [
    ("dont", "don't"), ("Dont", "Don't"), ("DONT", "DON'T"), ("im", "I'm"), ("Im", "I'm"), ("i", "I"),
    ("thats", "that's"), ("ive", "I've"), ("i'm", "I'm"),
])
def test_a_form_missing_its_apostrophe_or_capital_has_a_standard_form_in_the_same_case(typed, standard):
    assert standard_form(typed) == standard


@pytest.mark.parametrize("word", ["don't", "I", "I'M", "DON'T", "its", "ill", "well", "were", "lets", "hello"])
def test_standard_words_and_real_words_that_look_like_contractions_are_left_alone(word):
    assert standard_form(word) is None


def test_chat_text_is_standardised_word_by_word_and_nothing_else_changes():
    chat = "im fine, i think its ok. Dont worry, thats what i'm here for (dontcare) ill be well"
    assert standardise_spelling(chat) == (
        "I'm fine, I think its ok. Don't worry, that's what I'm here for (dontcare) ill be well"
    )


def test_elongated_spellings_are_counted_as_the_word_they_stretch_and_real_words_stay():
    counts = {"haha": 90, "hahaha": 80, "hahahah": 20, "Hahaha": 3, "yes": 900, "yess": 30, "yesss": 10,
              "so": 5000, "soooo": 5, "cool": 300, "col": 20, "cooool": 3, "too": 500, "to": 9000, "oh": 800,
              "ohh": 30, "jeff": 40, "jef": 2, "www": 50, "w": 900, "hmmmm": 4, "hmm": 60, "hm": 9}
    table = elongation_table(counts, known_words={"yes", "so", "cool", "col", "too", "to", "hmm"})
    assert {word: table[word] for word in ("hahaha", "hahahah", "yess", "yesss", "soooo", "cooool", "ohh", "hmmmm")} == {
        "hahaha": "haha", "hahahah": "haha", "yess": "yes", "yesss": "yes", "soooo": "so", "cooool": "cool",
        "ohh": "oh", "hmmmm": "hmm",
    }
    assert not {"haha", "too", "jeff", "www", "yes"} & table.keys()  # English, rarer when shortened, or no stretch
    assert [without_elongation(word, table) for word in ("Hahaha", "YESSS", "Soooo", "too")] == ["Haha", "YES", "So", "too"]
