"""The one spacing policy: what a word is, what ends a sentence, what takes a space before the next word."""

import pytest

from model.text.words import LONGEST_WORD, space_before_next_word, split_typed_word, starts_sentence


@pytest.mark.parametrize(("text_before", "space"), [
    ("", ""), ("Hello ", ""), ("Hello\n", ""),
    ("Hello", " "), ("don't", " "), ("lunch.", " "), ("Well,", " "), ("(see", " "), ("it)", " "),
    ("see (", ""), ("“", ""), ('he said "', ""), ("struggle--", ""), ("#", ""), ("and/", ""),
    ('he said "yes"', " "), ("“yes”", " "),
])
def test_the_space_before_the_next_word(text_before, space):
    assert space_before_next_word(text_before) == space


@pytest.mark.parametrize(("text_before", "starts"), [
    ("", True), ("It rained. ", True), ("Really?! ", True), ('"Go." ', True), ("Done.\n\n", True),
    ("It rained ", False), ("e.g. ", False), ("Dear Anna,\n", False), ("Mr. ", False), ("It rained.", False),
])
def test_where_a_sentence_starts(text_before, starts):
    assert starts_sentence(text_before) is starts


def test_the_typed_part_of_a_word_is_what_follows_the_last_non_word_character():
    assert split_typed_word("The cat sat on the m") == ("The cat sat on the ", "m")
    assert split_typed_word("The cat sat on the ") == ("The cat sat on the ", "")
    assert split_typed_word("said 'm") == ("said '", "m")


def test_a_run_of_word_characters_is_cut_to_the_longest_word_however_long_the_text():
    before, typed = split_typed_word("x " + "字" * 1_000_000)
    assert typed == "字" * LONGEST_WORD and len(before) == 2 + 1_000_000 - LONGEST_WORD
    assert starts_sentence("It rained. " * 100_000) and not starts_sentence("It rained " * 100_000)
