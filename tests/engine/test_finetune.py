"""Fine-tuning learns the user's text, keeps general text, and rejects a round that makes things worse."""

import torch
from conftest import PATTERN_TEXT

from model import Predictor
from model.train.finetune import FineTuning, interleave, split_held_out
from model.train.training_settings import FinetuneSettings

USER_TEXT = "\n".join(["my friend zorblat writes code daily.", "zorblat likes quiet mornings."] * 150)


def quick_settings(**changes) -> FinetuneSettings:
    base = dict(minutes=2, epochs=12, learning_rate=1e-2, batch_size=8, sequence_length=64, validate_every=10,
                savings_chars=400, replay_margin_bits=0.5)
    return FinetuneSettings(**{**base, **changes})


def weights_of(network) -> dict[str, torch.Tensor]:
    return {name: value.clone() for name, value in network.state_dict().items()}


def test_finetuning_learns_the_users_words_and_is_accepted(tiny_model_path):
    base = Predictor.load(tiny_model_path, device="cpu")
    base_weights = weights_of(base.network)
    run = FineTuning(base.network, base.metadata, USER_TEXT, quick_settings(), replay_text=PATTERN_TEXT)
    for _ in run.run():
        pass
    report = run.report
    assert report.accepted, report.reason
    assert report.after["held_out_bits_per_character"] < report.before["held_out_bits_per_character"] - 0.5
    assert report.after["held_out_keystroke_savings"] > report.before["held_out_keystroke_savings"]
    assert report.characters_per_second > 0
    tuned = Predictor(run.accepted_network, base.metadata, device="cpu")  # the network alone, no word counts
    assert "zorblat" in tuned.suggest_words("my friend zo", k=3)
    assert "zorblat" in run.word_counts.words and "zorblat" not in base.word_counts.words
    assert all(torch.equal(base_weights[name], value) for name, value in base.network.state_dict().items())


def test_a_round_that_makes_things_worse_is_rejected_and_the_model_stays(tiny_model_path):
    base = Predictor.load(tiny_model_path, device="cpu")
    base_weights = weights_of(base.network)
    ruinous = quick_settings(learning_rate=8.0, epochs=2, replay_margin_bits=0.1)
    run = FineTuning(base.network, base.metadata, USER_TEXT, ruinous, replay_text=PATTERN_TEXT)
    for _ in run.run():
        pass
    assert not run.report.accepted and run.accepted_network is None
    assert all(torch.equal(base_weights[name], value) for name, value in base.network.state_dict().items())


def test_cancelling_leaves_no_result(tiny_model_path):
    base = Predictor.load(tiny_model_path, device="cpu")
    run = FineTuning(base.network, base.metadata, USER_TEXT, quick_settings(), replay_text=PATTERN_TEXT)
    for progress in run.run():
        if progress.step == 3:
            break  # the user pressed Cancel
    assert run.report is None and run.accepted_network is None


def test_held_out_split_and_replay_mixing():
    train, held_out = split_held_out(USER_TEXT, 0.1)
    assert train + held_out == USER_TEXT and 0.08 < len(held_out) / len(USER_TEXT) < 0.13
    assert held_out.startswith(("my", "zorblat"))  # cut at a line break
    mixed = interleave("u" * 10_000, "r" * 100, replay_ratio=0.5)
    assert mixed.count("u") == 10_000 and 4_900 <= mixed.count("r") <= 5_000
    assert mixed.index("r") < 5_000  # replay comes between the user's blocks, not only at the end


def test_a_short_document_fine_tunes_with_the_app_settings(tiny_model_path):
    base = Predictor.load(tiny_model_path, device="cpu")
    letter = "Dear Maria, thank you for the quiet mornings and the long letters. " * 24  # about 1,600 characters
    run = FineTuning(base.network, base.metadata, letter, FinetuneSettings(epochs=1, savings_chars=200), replay_text=PATTERN_TEXT)
    steps = [progress.step for progress in run.run()]
    assert steps and run.report is not None  # streams shorter than a training chunk train on shorter chunks


def test_a_long_document_holds_out_a_bounded_slice(tiny_model_path):
    base = Predictor.load(tiny_model_path, device="cpu")
    settings = FinetuneSettings(held_out_max_chars=5_000)
    run = FineTuning(base.network, base.metadata, USER_TEXT * 8, settings, replay_text=PATTERN_TEXT)  # 80,392 chars
    assert 4_000 < len(run.held_out_text) <= 5_500  # not a tenth (8,039): judging time stays bounded (cut at a line)


def test_judging_a_short_text_types_a_share_of_it_and_reads_a_bounded_replay_slice(tiny_model_path):
    base = Predictor.load(tiny_model_path, device="cpu")
    replay = PATTERN_TEXT * 100  # 20% of it would be about 88,000 characters of replay validation
    short = FineTuning(base.network, base.metadata, USER_TEXT * 3, FinetuneSettings(savings_chars=1500), replay_text=replay)
    assert short.savings_chars == len(short.held_out_text) // 4 < 1500
    assert len(short.validation_ids["replay"]) == FinetuneSettings().replay_validation_chars
    tiny = FineTuning(base.network, base.metadata, USER_TEXT[:2000], FinetuneSettings(savings_chars=1500), replay_text=replay)
    assert tiny.savings_chars == 200
