"""Packed half-precision LSTM steps: what fp32 steps predict, kept in step with the weights, the caller's left alone."""

import pytest
import torch

from model import Predictor
from model.core.packed_step import packing_available
from model.files.checkpoint import load_model_file

pytestmark = pytest.mark.skipif(
    not packing_available(torch.device("cpu")), reason="packed steps need x86 torch with AVX2 (CI has it)"
)

TEXT = "\nThanks so much for your help yesterday, I really appreciate it. See you at the meeting on Monday"


def step_log_probabilities(network, text, vocabulary):
    """The next-character log-probabilities after each character of `text`, read one step at a time."""
    ids = vocabulary.encode(text)
    state = network.initial_state(1)
    rows = []
    with torch.inference_mode():
        for token_id in ids:
            logits, state = network.step(torch.tensor([token_id]), state)
            rows.append(torch.log_softmax(logits[0], dim=-1))
    return torch.stack(rows)


def test_packed_steps_predict_what_fp32_steps_and_whole_text_reads_predict():
    model_file = load_model_file(Predictor.load(device="cpu").source_path)
    reference = model_file.network
    packed = reference.for_inference(torch.device("cpu"))
    assert packed is not reference
    reference.packed_steps = False
    vocabulary = Predictor.load(device="cpu").vocabulary
    exact = step_log_probabilities(reference, TEXT, vocabulary)
    stepped = step_log_probabilities(packed, TEXT, vocabulary)
    assert (stepped - exact).abs().max() < 0.02  # only the weights are rounded, to half precision
    assert not torch.equal(stepped, exact)  # the packed path really ran
    with torch.inference_mode():  # nn.LSTM over the whole text, with the same rounded weights
        logits, _ = packed(torch.tensor([vocabulary.encode(TEXT)]), packed.initial_state(1))
    assert (torch.log_softmax(logits[0], dim=-1) - stepped).abs().max() < 1e-4


def test_new_weights_are_packed_again_and_the_callers_network_is_not_rounded(tiny_model_path):
    model_file = load_model_file(tiny_model_path)
    original = {name: weight.clone() for name, weight in model_file.network.state_dict().items()}
    predictor = Predictor(model_file.network, model_file.metadata, device="cpu", word_counts=model_file.word_counts)
    before = predictor.next_chars("the quick brown f", 5)
    assert all(torch.equal(original[name], weight) for name, weight in model_file.network.state_dict().items())

    changed = {name: weight * 0.5 if name.startswith("lstm.weight_hh") else weight for name, weight in original.items()}
    predictor.load_weights(changed)
    fresh = Predictor.load(tiny_model_path, device="cpu")
    fresh.load_weights(changed)
    after = predictor.next_chars("the quick brown f", 5)
    assert after != before
    assert after == fresh.next_chars("the quick brown f", 5)

    network = predictor.network
    packed_before = step_log_probabilities(network, "\nthe quick brown fox", predictor.vocabulary)
    with torch.no_grad():  # weights changed in place, as an optimizer would: the next step packs them again
        network.lstm.weight_hh_l0.mul_(2.0)
    packed_after = step_log_probabilities(network, "\nthe quick brown fox", predictor.vocabulary)
    network.packed_steps = False
    exact_after = step_log_probabilities(network, "\nthe quick brown fox", predictor.vocabulary)
    assert (packed_after - packed_before).abs().max() > 0.1
    assert (packed_after - exact_after).abs().max() < 1e-4  # the weights were already half-precision values


def test_weights_that_stay_the_same_are_packed_once(tiny_model_path):
    predictor = Predictor.load(tiny_model_path, device="cpu")
    network = predictor.network
    predictor.next_chars("the quick", 5)
    packed = network._packed_step()
    for end in range(10, 20):
        predictor.suggest_words("the quick brown fox jumps"[:end], 3)
    assert network._packed_step() is packed  # packing is 4 ms a time: a key that packed again cost 10x
    network.head.bias = torch.nn.Parameter(network.head.bias.detach().clone())
    assert network._packed_step() is not packed  # a weight assigned anew is packed again
