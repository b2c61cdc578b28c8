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
    return [_word_score(first_log_probabilities, following[row], ids, boundary_mask) for row, ids in enumerate(encoded)]


@torch.inference_mode()
def held_word_log_probability(
    network: CharLSTM, states: list[LSTMState], vocabulary: Vocabulary, boundary_mask: torch.Tensor, word: str
) -> float:
    """log P(word + a boundary character | a context), from the states after the context and after each of the
    word's characters (the state cache holds them when the text read went on with the word): no LSTM step."""
    hidden = torch.cat([state[0][-1] for state in states])  # (len(word) + 1, hidden): the top layer's
    log_probabilities = torch.log_softmax(network.head(hidden).float(), dim=-1)
    return _word_score(log_probabilities[0], log_probabilities[1:], vocabulary.encode(word), boundary_mask)


def _word_score(first: torch.Tensor, following: torch.Tensor, ids: list[int], boundary_mask: torch.Tensor) -> float:
    """log P(the word of `ids`, then a boundary), from the distribution of its first character (vocab,) and those
    after each of its characters (at least len(ids), vocab)."""
    if not ids:
        return float("-inf")
    within = following[torch.arange(len(ids) - 1), torch.tensor(ids[1:], dtype=torch.long)].sum()
    boundary = torch.logsumexp(following[len(ids) - 1][boundary_mask], dim=0)
    return float(first[ids[0]] + within + boundary)


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
