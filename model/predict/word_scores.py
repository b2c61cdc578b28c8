"""Scoring in context with the LSTM: whole words in one batched pass (log P(word, then a word boundary | context)),
and any text in chunks (Predictor.log_prob).

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


LOG_PROB_CHUNK = 4096  # characters scored per network call by text_log_probability


@torch.inference_mode()
def text_log_probability(
    network: CharLSTM, state: LSTMState, first_log_probabilities: torch.Tensor, vocabulary: Vocabulary, text: str
) -> float:
    """Natural-log probability of `text` after the context whose state and next-character distribution are given.

    Fed in chunks of LOG_PROB_CHUNK characters with the LSTM state carried, so memory stays bounded however
    long the text is (10 million characters take what 4,096 take).
    """
    device = first_log_probabilities.device
    total, previous_id = 0.0, None
    for chunk_start in range(0, len(text), LOG_PROB_CHUNK):
        chunk_ids = vocabulary.encode(text[chunk_start : chunk_start + LOG_PROB_CHUNK])
        if previous_id is None:
            total += first_log_probabilities[chunk_ids[0]].item()
            inputs, targets = chunk_ids[:-1], chunk_ids[1:]
        else:
            inputs, targets = [previous_id, *chunk_ids[:-1]], chunk_ids
        if targets:
            logits, state = network(torch.tensor([inputs], device=device), state)  # (1, time, vocab)
            following = torch.log_softmax(logits[0].float(), dim=-1)  # (time, vocab)
            target_tensor = torch.tensor(targets, device=device)
            total += following.gather(1, target_tensor[:, None]).sum().item()
        previous_id = chunk_ids[-1]
    return total
