"""Scoring in context with the LSTM: whole words in batched steps (log P(word, then a word boundary | context)),
and any text in chunks (Predictor.log_prob).

What tells "their" from "there" after "I left it over": the character model reads the context, and every
candidate word is scored from the same carried state, their shared beginnings read once.
"""

from __future__ import annotations

import torch

from model.core.network import CharLSTM, LSTMState
from model.predict.beam import carried_state_advance
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
    distribution of its next character (vocab,), `boundary_mask` (vocab,) the characters that end a word. The
    words are read as a tree of their beginnings: one batched step per character depth, each shared beginning
    once ("their", "there" and "then" read "the" once; candidates for one typed word share most of theirs).
    """
    encoded = [vocabulary.encode(word) for word in words]
    scores = [float(first_log_probabilities[ids[0]]) if ids else float("-inf") for ids in encoded]
    advance, device = carried_state_advance(network, state), first_log_probabilities.device
    rows: dict[tuple[int, ...], int] = {(): 0}  # a beginning -> its row in the last step (the context: row 0)
    for depth in range(max((len(ids) for ids in encoded), default=0)):
        beginnings = sorted({tuple(ids[: depth + 1]) for ids in encoded if len(ids) > depth})
        parents = torch.tensor([rows[beginning[:-1]] for beginning in beginnings], device=device)
        following = advance(parents, torch.tensor([beginning[-1] for beginning in beginnings], device=device))
        rows = {beginning: row for row, beginning in enumerate(beginnings)}
        ending = torch.logsumexp(following.masked_fill(~boundary_mask, float("-inf")), dim=-1).tolist()
        going_on = [(index, rows[tuple(ids[: depth + 1])], ids[depth + 1]) for index, ids in enumerate(encoded)
                    if len(ids) > depth + 1]
        if going_on:
            indices, beginning_rows, next_ids = zip(*going_on)
            for index, score in zip(indices, following[list(beginning_rows), list(next_ids)].tolist()):
                scores[index] += score
        for index, ids in enumerate(encoded):
            if len(ids) == depth + 1:
                scores[index] += ending[rows[tuple(ids)]]
    return scores


@torch.inference_mode()
def held_word_log_probability(
    network: CharLSTM, states: list[LSTMState], vocabulary: Vocabulary, boundary_mask: torch.Tensor, word: str
) -> float:
    """log P(word + a boundary character | a context), from the states after the context and after each of the
    word's characters (the state cache holds them when the text read went on with the word): no LSTM step."""
    ids = vocabulary.encode(word)
    if not ids:
        return float("-inf")
    hidden = torch.cat([state[0][-1] for state in states])  # (len(word) + 1, hidden): the top layer's
    log_probabilities = torch.log_softmax(network.head(hidden).float(), dim=-1)  # before each character, and after
    within = log_probabilities[torch.arange(len(ids)), torch.tensor(ids, dtype=torch.long)].sum()
    return float(within + torch.logsumexp(log_probabilities[len(ids)][boundary_mask], dim=0))


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
