"""Standard spelling for chat text: contractions get their apostrophes back, a lone "i" is "I"."""

import pytest

from model.text.everyday_spelling import standard_form, standardise_spelling


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
