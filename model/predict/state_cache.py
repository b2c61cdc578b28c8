"""The Predictor's incremental LSTM state cache: the state after every character of the last context.

A context that adds one character costs one LSTM step (two once the next window has begun); after a
backspace or an edit the longest cached prefix is reused. A context longer than the window is cut to a
window whose start depends only on the context's length (a multiple of the stride), so the incremental result
always equals a from-scratch run.
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from model.core.network import CharLSTM, LSTMState
from model.core.vocabulary import Vocabulary
from model.predict.beam import stop_if_asked
from model.predict.options import PredictorOptions

# The model reads every context after a newline: training text is one paragraph per line, so this is how
# the model knows a text starts (and that its first word is capitalised).
TEXT_START = "\n"
# Feeding more new characters than this at once goes through nn.LSTM in chunks rather than step by step.
BULK_FEED_THRESHOLD = 24
BULK_CHUNK_LENGTH = 32


def window_start(context_length: int, options: PredictorOptions) -> int:
    """Where the bounded window of a context of this length starts: a multiple of the stride."""
    if context_length <= options.max_context_chars:
        return 0
    return ((context_length - options.max_context_chars) // options.window_stride + 1) * options.window_stride


class StateCache:
    """LSTM states after each character of the last context read (one thread uses it, as the Predictor).

    Two lanes: the window the context is read in, and the next one (starting a stride later), fed along with
    it once the context reaches that start. When the window moves, the next lane already holds its text, so
    a key at a stride point costs what any key costs instead of re-reading a window's worth of text; each
    lane equals a from-scratch read of its window. The lane the window just left is kept as it was: a word
    finished across the move is checked in the context before it (correct_word), which that lane still holds.
    """

    def __init__(self, network: CharLSTM, vocabulary: Vocabulary) -> None:
        self.network = network
        self.vocabulary = vocabulary
        self.clear()

    def clear(self) -> None:
        """Forget every cached state (new weights, another device)."""
        self._lanes: dict[int, _Lane] = {}  # window start -> its states
        self._window_start = -1

    def __len__(self) -> int:
        return len(self._lanes[self._window_start].ids) if self._window_start in self._lanes else 0

    @property
    def last_state(self) -> LSTMState:
        """The state after the context last read ((layers, 1, hidden) each)."""
        return self._lanes[self._window_start].states[-1]

    def log_probabilities_after(
        self, normalized_context: str, options: PredictorOptions, should_stop: Callable[[], bool] | None = None
    ) -> torch.Tensor:
        """Log-probabilities of the next character (vocab,), reusing the longest cached prefix. Before each single LSTM
        step it raises SearchStopped if `should_stop()` (a key came while looking ahead; a read of more than
        BULK_FEED_THRESHOLD characters goes in chunks without asking); what was read stays cached."""
        start = window_start(len(normalized_context), options)
        next_start = start + options.window_stride
        kept = (start - options.window_stride, start, next_start)
        self._lanes = {lane_start: lane for lane_start, lane in self._lanes.items() if lane_start in kept}
        self._window_start = start
        starts = [start, next_start] if len(normalized_context) > next_start else [start]  # the next window begun
        reads = [self._unread(lane_start, normalized_context) for lane_start in starts]
        if len(reads) == 2 and len(reads[0][1]) == 1 and reads[0][1] == reads[1][1]:
            stop_if_asked(should_stop)
            self._feed_both_one(reads)  # the usual key: one more character for both lanes, in one batched step
        else:
            for lane, new_ids, state in reads:
                self._feed(lane, new_ids, state, should_stop)
        return self.next_log_probabilities(self._lanes[start].states[-1])

    def next_log_probabilities(self, state: LSTMState) -> torch.Tensor:
        """Log-probabilities of the character after a state (vocab,)."""
        return torch.log_softmax(self.network.head(state[0][-1, 0]).float(), dim=-1)  # the top layer's hidden

    def held_states(self, normalized_text: str, tail: int, options: PredictorOptions) -> list[LSTMState] | None:
        """The states after `normalized_text` less its last `tail` characters and after each of those characters,
        in the window of the shorter text, where the cache holds them from what it read (a look back, as at the
        context before a finished word); None where it does not. The cache is left as it is."""
        start = window_start(len(normalized_text) - tail, options)
        lane = self._lanes.get(start)
        if lane is None:
            return None
        ids = self.vocabulary.encode(TEXT_START + normalized_text[start:])
        if len(ids) <= tail or lane.ids[: len(ids)] != ids:
            return None
        states = lane.states[len(ids) - tail - 1 : len(ids)]
        return states if all(state is not None for state in states) else None

    def _unread(self, start: int, normalized_context: str) -> tuple[_Lane, list[int], LSTMState]:
        """The lane of the window at `start`, cut to what it shares with the context, the ids still to feed, and
        the state to feed them from."""
        lane = self._lanes.setdefault(start, _Lane())
        ids = self.vocabulary.encode(TEXT_START + normalized_context[start:])
        reusable = lane.common_prefix_length(ids)
        while reusable > 0 and lane.states[reusable - 1] is None:
            reusable -= 1
        del lane.ids[reusable:]
        del lane.states[reusable:]
        return lane, ids[reusable:], lane.states[-1] if reusable else self.network.initial_state(1)

    def _feed_both_one(self, reads: list[tuple[_Lane, list[int], LSTMState]]) -> None:
        """Feed the same one character to two lanes in one step of batch 2 (about what batch 1 costs)."""
        (first, ids, first_state), (second, _, second_state) = reads
        device = self.network.head.weight.device
        state = tuple(torch.cat(parts, dim=1) for parts in zip(first_state, second_state))  # (layers, 2, hidden)
        _, stepped = self.network.step(torch.tensor(ids * 2, device=device), state)
        for row, lane in enumerate((first, second)):
            lane.ids.append(ids[0])
            lane.states.append(tuple(part[:, row : row + 1] for part in stepped))

    def _feed(
        self, lane: _Lane, new_ids: list[int], state: LSTMState, should_stop: Callable[[], bool] | None = None
    ) -> None:
        """Run new characters from `state`, appending their states to the lane; stops before a single step if asked."""
        device = self.network.head.weight.device
        if len(new_ids) > BULK_FEED_THRESHOLD:
            for chunk_start in range(0, len(new_ids), BULK_CHUNK_LENGTH):
                chunk = new_ids[chunk_start : chunk_start + BULK_CHUNK_LENGTH]
                _, state = self.network(torch.tensor([chunk], device=device), state)
                lane.ids.extend(chunk)
                lane.states.extend([None] * (len(chunk) - 1) + [state])
            return
        for token_id in new_ids:
            stop_if_asked(should_stop)
            _, state = self.network.step(torch.tensor([token_id], device=device), state)
            lane.ids.append(token_id)
            lane.states.append(state)


class _Lane:
    """One window's character ids and the state after each (None where a bulk feed skipped it)."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.states: list[LSTMState | None] = []

    def common_prefix_length(self, ids: list[int]) -> int:
        shorter = min(len(self.ids), len(ids))
        if self.ids[:shorter] == ids[:shorter]:  # the usual key: one more character, or one less (compared in C)
            return shorter
        length = 0
        for cached_id, new_id in zip(self.ids, ids):
            if cached_id != new_id:
                break
            length += 1
        return length
