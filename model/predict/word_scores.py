"""Scoring in context with the LSTM: whole words in batched steps (log P(word, then a word boundary | context)),
and any text in chunks (Predictor.log_prob); how likely a typed part's standard form is ("I" for "i").

What tells "their" from "there" after "I left it over": the character model reads the context, and every
candidate word is scored from the same carried state, their shared beginnings read once (`ReadBeginnings`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import torch

from model.core.network import CharLSTM, LSTMState
from model.predict.beam import stop_if_asked
from model.predict.options import PredictorOptions
from model.predict.state_cache import StateCache
from model.core.vocabulary import Vocabulary
from model.text.everyday_spelling import standard_form
from model.text.words import space_before_next_word


MAX_READ_BEGINNINGS = 1024  # beginnings whose states (6.5 kB each) are kept after one context, then forgotten


class ReadBeginnings:
    """The LSTM states after every beginning of the words read after one context, with the next character's
    log-probabilities there: the words are read as a tree of their beginnings, one batched step per character
    depth, and a beginning read once is never read again ("their", "there" and "then" read "the" once; the
    candidates of the next key of a typed word mostly begin as this key's did)."""

    def __init__(self, network: CharLSTM, state: LSTMState, first_log_probabilities: torch.Tensor) -> None:
        """`state`: after the context ((layers, 1, hidden) each); `first_log_probabilities` (vocab,): of the
        character after it."""
        self._network = network
        self._rows: dict[tuple[int, ...], int] = {(): 0}  # a beginning's ids -> its row below
        self._hidden, self._cell = state  # (layers, rows, hidden) each
        self._log_probabilities = first_log_probabilities[None]  # (rows, vocab): the character after each

    def __len__(self) -> int:
        return len(self._rows)

    @torch.inference_mode()
    def log_probabilities(
        self,
        vocabulary: Vocabulary,
        boundary_mask: torch.Tensor,
        words: list[str],
        ended: Sequence[bool] | None,
        should_stop: Callable[[], bool] | None = None,
    ) -> list[float]:
        """log P(word + a boundary character | the context); of a word whose `ended` is False, log P(word), as the
        beginning of a longer one (no boundary after it). `boundary_mask` (vocab,): the characters that end a word.
        Before each LSTM step it raises SearchStopped if `should_stop()` (a key came while looking ahead)."""
        encoded = [vocabulary.encode(word) for word in words]
        self._read(encoded, should_stop)
        rows, characters, owners = [], [], []  # each character of each word, after the beginning before it
        for owner, ids in enumerate(encoded):
            for depth, character in enumerate(ids):
                rows.append(self._rows[tuple(ids[:depth])])
                characters.append(character)
                owners.append(owner)
        scores = torch.zeros(len(words), dtype=torch.float64)
        if rows:
            within = self._log_probabilities[torch.tensor(rows), torch.tensor(characters)].double()
            scores.index_add_(0, torch.tensor(owners), within.cpu())
        ending = [owner for owner, ids in enumerate(encoded) if ids and (ended is None or ended[owner])]
        if ending:
            after = self._log_probabilities[torch.tensor([self._rows[tuple(encoded[owner])] for owner in ending])]
            scores[ending] += torch.logsumexp(after.masked_fill(~boundary_mask, float("-inf")), dim=-1).double().cpu()
        return [score if ids else float("-inf") for score, ids in zip(scores.tolist(), encoded)]

    def _read(self, encoded: list[list[int]], should_stop: Callable[[], bool] | None) -> None:
        """Read the beginnings of the encoded words not read yet, depth by depth, each depth in one batched step
        (the beginnings read before a stop are kept)."""
        device = self._log_probabilities.device
        for depth in range(1, max((len(ids) for ids in encoded), default=0) + 1):
            unread = sorted({tuple(ids[:depth]) for ids in encoded if len(ids) >= depth} - self._rows.keys())
            if not unread:
                continue
            stop_if_asked(should_stop)
            parents = torch.tensor([self._rows[beginning[:-1]] for beginning in unread], device=device)
            state = (self._hidden.index_select(1, parents), self._cell.index_select(1, parents))
            characters = torch.tensor([beginning[-1] for beginning in unread], device=device)
            logits, (hidden, cell) = self._network.step(characters, state)  # (unread, vocab)
            first_row = len(self._rows)
            self._rows.update({beginning: first_row + offset for offset, beginning in enumerate(unread)})
            self._hidden, self._cell = torch.cat([self._hidden, hidden], 1), torch.cat([self._cell, cell], 1)
            self._log_probabilities = torch.cat([self._log_probabilities, torch.log_softmax(logits.float(), dim=-1)])


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


class WordScorer:
    """Whole words scored in context from a Predictor's state cache, the states of the beginnings read after the
    last context kept (`ReadBeginnings`): every key of a word with a typo asks, after the same text before it,
    for candidates that mostly begin as the last key's did, and auto-correction after the space for the finished
    word's; each beginning is read once."""

    def __init__(self, cache: StateCache, boundary_mask: torch.Tensor) -> None:
        """`boundary_mask` (vocab,): the characters that end a word."""
        self._cache, self._boundary_mask = cache, boundary_mask
        self._context: tuple[str, PredictorOptions] | None = None  # what the beginnings kept were read after
        self._beginnings: ReadBeginnings | None = None

    def log_probabilities(
        self,
        normalized_context: str,
        words: list[str],
        ended: list[bool] | None,
        options: PredictorOptions,
        should_stop: Callable[[], bool] | None = None,
    ) -> list[float]:
        """`ReadBeginnings.log_probabilities` of `words` after a normalised context, from the cache's states (in the
        window `options` give): a context the cache holds on the way to what it read last (the text before a
        finished word) is looked up, not read, and the next key goes on from the cache as it was. It raises
        SearchStopped between two steps once `should_stop()` is true."""
        if (normalized_context, options) != self._context or len(self._beginnings) > MAX_READ_BEGINNINGS:
            cache = self._cache
            held = cache.held_states(normalized_context, 0, options)
            if held is None:
                log_probabilities, state = cache.log_probabilities_after(normalized_context, options), cache.last_state
            else:
                log_probabilities, state = cache.next_log_probabilities(held[0]), held[0]
            self._context = (normalized_context, options)
            self._beginnings = ReadBeginnings(cache.network, state, log_probabilities)
        vocabulary, boundary_mask = self._cache.vocabulary, self._boundary_mask
        return self._beginnings.log_probabilities(vocabulary, boundary_mask, words, ended, should_stop)

    def held_log_probability(
        self, normalized_context: str, normalized_word: str, word: str, options: PredictorOptions
    ) -> float | None:
        """log P(word, then a word boundary | context) when the cache holds the word read after the context (the
        user typed it there): no LSTM step; None when it does not."""
        held = self._cache.held_states(normalized_context + normalized_word, len(normalized_word), options)
        if held is None:
            return None
        return held_word_log_probability(self._cache.network, held, self._cache.vocabulary, self._boundary_mask, word)


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


def standard_form_share(
    word_log_probs: Callable[[str, list[str], list[bool]], list[float]], before_word: str, typed_prefix: str
) -> float:
    """P(the typed part's standard form | context, the typed part) by `word_log_probs` (Predictor.word_log_probs'),
    at most 1; 1 for a typed part with none: after "what " a typed "i" is "I" a fifth of the time, and otherwise
    the beginning of "is", "it" or "if", so "I" takes the place its probability gives it."""
    if (standard := standard_form(typed_prefix)) is None:
        return 1.0
    context = before_word + space_before_next_word(before_word)
    whole, begun = word_log_probs(context, [standard, typed_prefix], [True, False])
    return min(1.0, math.exp(whole - begun))
