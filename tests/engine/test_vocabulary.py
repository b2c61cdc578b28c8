"""The vocabulary encodes any string and keeps case and Unicode."""

from model.core.vocabulary import UNKNOWN_ID, Vocabulary
from model.text.words import normalize_text

TRAINING_TEXT = "Hello World! Grüße, naïve café.\n\tTab"


def test_seen_text_round_trips_with_case_and_accents():
    vocabulary = Vocabulary.from_texts([TRAINING_TEXT])
    assert vocabulary.decode(vocabulary.encode(TRAINING_TEXT)) == TRAINING_TEXT
    assert vocabulary.id_of("H") != vocabulary.id_of("h")


def test_unseen_emoji_cjk_control_and_lone_surrogates_map_to_unknown():
    vocabulary = Vocabulary.from_texts([TRAINING_TEXT])
    strange = "😀日本\x07\ud800\x00"
    ids = vocabulary.encode(strange)
    assert ids == [UNKNOWN_ID] * len(strange)
    assert vocabulary.decode(ids) == "\ufffd" * len(strange)


def test_emoji_and_cjk_round_trip_when_trained_on_them():
    text = "I ❤ 日本 😀"
    vocabulary = Vocabulary.from_texts([text])
    assert vocabulary.decode(vocabulary.encode(text)) == text


def test_control_characters_never_get_ids_but_newline_and_tab_do():
    vocabulary = Vocabulary.from_texts(["a\x07b\nc\td\u200b"])
    assert "\x07" not in vocabulary and "\u200b" not in vocabulary
    assert "\n" in vocabulary and "\t" in vocabulary


def test_decomposed_and_composed_accents_encode_alike():
    vocabulary = Vocabulary.from_texts(["café"])
    assert vocabulary.encode("cafe\u0301") == vocabulary.encode("café")
    assert normalize_text("a\r\nb\rc") == "a\nb\nc"


def test_rare_characters_are_dropped_by_min_count():
    vocabulary = Vocabulary.from_texts(["aaaab"], min_count=2)
    assert "a" in vocabulary and "b" not in vocabulary
