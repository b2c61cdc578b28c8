"""Word counts: what follows two words, stored in the model file, merged with a user's text, mixed into words."""

import random

import pytest
import torch
from conftest import PATTERN_TEXT
from safetensors.torch import save_file

from model import ModelFileError, Predictor
from model.files.checkpoint import METADATA_KEY, load_model, load_model_file, save_model
from model.train.finetune import FineTuning
from model.train.training_settings import FinetuneSettings
from model.lexicon import document_counts
from model.lexicon.document_counts import DocumentCounts
from model.lexicon.word_counts import WordCounts
from model.predict.ranking import WordCandidates, rank_words
from model.text.words import SENTENCE_START, split_typed_word, split_words, split_words_by_character, word_history

STORY = "the cat sat on the mat. the cat ate the fish. a dog sat on the sofa. the cat sat on the mat."


def test_distribution_follows_the_two_words_before_and_the_typed_prefix():
    counts = WordCounts.from_texts([STORY])
    after_on_the = counts.distribution(("on", "the"), "", limit=10)
    assert max(after_on_the, key=after_on_the.get) == "mat"  # "on the mat" twice, "on the sofa" once
    assert after_on_the["mat"] > after_on_the["sofa"] > after_on_the.get("fish", 0.0)
    assert sum(after_on_the.values()) == pytest.approx(1.0)  # every word is a candidate: a full distribution
    assert set(counts.distribution(("on", "the"), "s", limit=10)) <= {"sat", "sofa"}
    assert counts.distribution(("on", "the"), "zz", limit=10) == {}
    assert (
        max(counts.distribution((SENTENCE_START, SENTENCE_START), "", 10).items(), key=lambda item: item[1])[0] == "the"
    )
    after_on_the.clear()  # an answer asked again comes from memory, unharmed by what a caller did with the first
    assert counts.distribution(("on", "the"), "", limit=10)["mat"] > 0


def test_word_history_stops_at_the_sentence_start():
    assert word_history("We sat on the ") == ("on", "the")
    assert word_history("It rained. We ") == (SENTENCE_START, "We")
    assert word_history("") == (SENTENCE_START, SENTENCE_START)


def test_merged_counts_equal_counting_both_texts():
    first, second = STORY, "my cat likes the sofa. the dog sat on the rug."
    merged = WordCounts.from_texts([first]).merged(WordCounts.from_texts([second], weight=3))
    direct = WordCounts.from_texts([first, second, second, second])
    assert merged.words == direct.words
    for history, prefix in [(("on", "the"), ""), (("sat", "on"), "t"), ((SENTENCE_START, SENTENCE_START), "")]:
        assert merged.distribution(history, prefix, 20) == pytest.approx(direct.distribution(history, prefix, 20))


def test_counts_round_trip_through_the_model_file(tiny_model_path, tmp_path):
    model_file = load_model_file(tiny_model_path)
    counts = model_file.word_counts
    assert counts is not None and "quick" in counts.words
    copy = tmp_path / "copy.safetensors"
    save_model(copy, model_file.network, model_file.metadata, counts)
    reloaded = load_model_file(copy).word_counts
    assert reloaded.words == counts.words
    assert reloaded.distribution(("the", "quick"), "", 5) == counts.distribution(("the", "quick"), "", 5)


DAMAGES = {
    "keys out of order": lambda t: {"word_counts.bigram_keys": t["word_counts.bigram_keys"].flip(0)},
    "a key out of range": lambda t: {"word_counts.trigram_keys": t["word_counts.trigram_keys"] + 10**15},
    "a negative count": lambda t: {"word_counts.bigram_counts": -t["word_counts.bigram_counts"]},
    "words not bytes": lambda t: {"word_counts.words": t["word_counts.words"].to(torch.int64)},
    "a word twice": lambda t: {
        "word_counts.words": torch.tensor(list(b"cat\ncat"), dtype=torch.uint8),
        "word_counts.unigram_counts": torch.tensor([1, 1], dtype=torch.int32),
    },
    "a part missing": lambda t: {"word_counts.trigram_counts": None},
    "counts of floats": lambda t: {"word_counts.unigram_counts": t["word_counts.unigram_counts"].float()},
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_damaged_counts_in_a_model_file_are_a_clear_error(tiny_model_path, tmp_path, damage):
    model_file = load_model_file(tiny_model_path)
    tensors = model_file.word_counts.to_tensors()
    for name, tensor in DAMAGES[damage](tensors).items():
        if tensor is None:
            del tensors[name]
        else:
            tensors[name] = tensor.contiguous()
    damaged = tmp_path / "damaged.safetensors"
    weights = {name: value.contiguous() for name, value in model_file.network.state_dict().items()}
    save_file({**weights, **tensors}, damaged, metadata={METADATA_KEY: model_file.metadata.to_json()})
    with pytest.raises(ModelFileError, match="damaged.safetensors"):
        load_model(damaged)


def test_a_word_only_the_counts_know_is_suggested_and_the_mix_follows_the_weights(tiny_model_path):
    network, metadata = load_model(tiny_model_path)
    counts = WordCounts.from_texts([PATTERN_TEXT, "the cat sat on the sofa. " * 400])
    predictor = Predictor(network, metadata, device="cpu", word_counts=counts)
    assert "sofa" in predictor.suggest_words("the cat sat on the s", k=3)
    without_counts = Predictor(network, metadata, device="cpu")
    assert "sofa" not in without_counts.suggest_words("the cat sat on the s", k=3)

    candidates = WordCandidates("s", lstm={"sat": 0.9, "sun": 0.1}, counted={"sofa": 0.8, "sat": 0.2}, in_document={})
    options = predictor.options
    options.lstm_weight = 0.8
    assert rank_words(candidates, options, 1) == ["sat"]  # 0.8 * 0.9 + 0.2 * 0.2 against 0.2 * 0.8
    options.lstm_weight = 0.2
    assert rank_words(candidates, options, 1) == ["sofa"]
    assert rank_words(WordCandidates("s", {"s": 0.9}, {}, {}), options, 3) == []  # never the prefix alone


def test_the_documents_own_counts_weigh_more_as_the_document_grows(tiny_model_path):
    options = Predictor.load(tiny_model_path, device="cpu").options
    short = WordCandidates("", lstm={"mat": 0.05}, counted={"mat": 0.05}, in_document={"cat": 1.0}, document_words=3)
    assert rank_words(short, options, 1) == ["mat"]  # three words of a new text say little
    long = WordCandidates("", lstm={"mat": 0.05}, counted={"mat": 0.05}, in_document={"cat": 1.0}, document_words=5000)
    assert rank_words(long, options, 1) == ["cat"]


def test_document_counts_grow_with_the_text_and_recount_after_an_edit():
    document = DocumentCounts()
    text = "the big Zorblat. the small Zoe. the small Zoe. the big "
    document.counted(text)
    after_big = document.distribution(("the", "big"), "Zo", 5)
    assert max(after_big, key=after_big.get) == "Zorblat"  # what followed "the big", though Zoe is more frequent
    after_small = document.distribution(("the", "small"), "Zo", 5)
    assert max(after_small, key=after_small.get) == "Zoe"
    document.counted(text + "Zorblat. Qux")
    assert document.words.count("Zorblat") == 2 and document.words.count("Zoe") == 2
    document.counted("Entirely different text ")
    assert document.words.count("Zorblat") == 0 and document.words.count("different") == 1


def counted_state(document: DocumentCounts, histories: list[tuple[str, str]]) -> tuple:
    """What a DocumentCounts answers: its words, and the next words after each history, to compare two of them."""
    next_words = [document.distribution(history, "", 50) for history in histories]
    return document.words.total, document.words.starting_with(""), next_words


def test_document_counts_after_typing_backspaces_and_edits_equal_a_fresh_count(monkeypatch):
    monkeypatch.setattr(document_counts, "DOCUMENT_CHARS", 120)  # a small window, so that it moves
    monkeypatch.setattr(document_counts, "DOCUMENT_STRIDE", 40)
    text = "The cat sat on the mat. A dog ran by! The cat ran too, and the dog sat.\nNew line here. " * 3
    contexts = [text[:end] for end in range(len(text) + 1)]
    contexts += [text[:50], text[:47], text[:60], text[:30] + "cats " + text[35:90], text[:10] + "X" + text[11:100], ""]
    contexts += ["ab-- hello ", "ab-x hello ", "ab-- hello "]  # a dash edited into a hyphen and back
    unended = "the cat sat on the mat and the dog ran by, then the cat ran too and the dog sat " * 4
    contexts += [unended[:end] for end in range(0, len(unended), 3)]  # no sentence end: windows start at words
    words = [SENTENCE_START] + [word for _, word in split_words(text + " cats X hello ab " + unended)]
    histories = sorted({(before, previous) for before, previous in zip(words, words[1:])} | {(SENTENCE_START, SENTENCE_START)})
    incremental = DocumentCounts()
    for context in contexts:
        before_word, _ = split_typed_word(context)
        fresh = DocumentCounts().counted(before_word)
        assert counted_state(incremental.counted(before_word), histories) == counted_state(fresh, histories), context


def test_finetuning_adds_the_users_words_to_the_counts_and_a_typing_round_leaves_them(tiny_model_path):
    base = Predictor.load(tiny_model_path, device="cpu")
    user_text = "\n".join(["my friend zorblat writes code daily."] * 60)
    settings = FinetuneSettings(
        minutes=0.2, max_steps=2, batch_size=4, sequence_length=32, validate_every=2, savings_chars=100
    )
    documents = FineTuning(
        base.network, base.metadata, user_text, settings, replay_text=PATTERN_TEXT, word_counts=base.word_counts
    )
    assert "zorblat" in documents.word_counts.distribution(("my", "friend"), "", 3)
    settings.word_count_weight = 0
    typing = FineTuning(
        base.network, base.metadata, user_text, settings, replay_text=PATTERN_TEXT, word_counts=base.word_counts
    )
    assert typing.word_counts is base.word_counts


def test_ascii_text_is_split_into_the_words_the_character_rules_find():
    generator = random.Random(7)
    alphabet = "ab Z9'-.,_\n" + "-" * 3  # hyphens often, so dashes and runs of them occur
    texts = ["".join(generator.choice(alphabet) for _ in range(generator.randrange(40))) for _ in range(3000)]
    texts += ["don't--well-known 'quoted' e-mail's -x x- 3-4", "struggle--President", "a---b", "'-'", ""]
    for text in texts:
        assert split_words(text) == split_words_by_character(text), text
    assert split_words("café naïve") == split_words_by_character("café naïve") == [(0, "café"), (5, "naïve")]
