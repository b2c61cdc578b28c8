"""Scoring whole words in context in one batched pass of the LSTM: log P(word, then a word boundary | context).

What tells "their" from "there" after "I left it over": the character model reads the context, and every
candidate word is scored from the same carried state, all words in one padded batch.
"""

from __future__ import annotations

import torch

from model.core.network import CharLSTM, LSTMState
from model.core.vocabulary import Vocabulary


@torch.inference_mode()
def word_log_probabilities(
    network: CharLSTM,
    state: LSTMState,
    first_log_probabilities: torch.Tensor,
    vocabulary: Vocabulary,
    boundary_mask: torch.Tensor,
    words: list[str],
) -> list[float]:
    """log P(word + a boundary character | the context whose state and next-character distribution are given).

    `state` is the LSTM state after the context ((layers, 1, hidden) each), `first_log_probabilities` the
    distribution of its next character (vocab,), `boundary_mask` (vocab,) the characters that end a word.
    """
    encoded = [vocabulary.encode(word) for word in words]
    if not encoded:
        return []
    longest = max(len(ids) for ids in encoded)
    device = first_log_probabilities.device
    inputs = torch.zeros((len(words), longest), dtype=torch.long, device=device)  # (batch, time)
    for row, ids in enumerate(encoded):
        inputs[row, : len(ids)] = torch.tensor(ids, device=device)
    batch_state = tuple(part.expand(-1, len(words), -1).contiguous() for part in state)  # (layers, batch, hidden)
    logits, _ = network(inputs, batch_state)  # (batch, time, vocab)
    following = torch.log_softmax(logits.float(), dim=-1)  # after each character of each word
    boundary = torch.logsumexp(following.masked_fill(~boundary_mask, float("-inf")), dim=-1)  # (batch, time)
    scores = []
    for row, ids in enumerate(encoded):
        if not ids:
            scores.append(float("-inf"))
            continue
        within = following[row, torch.arange(len(ids) - 1, device=device), inputs[row, 1 : len(ids)]].sum()
        scores.append(float(first_log_probabilities[ids[0]] + within + boundary[row, len(ids) - 1]))
    return scores
