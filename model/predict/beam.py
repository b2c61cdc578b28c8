"""Beam search over characters for whole words."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import torch

from model.core.network import CharLSTM, LSTMState
from model.core.vocabulary import UNKNOWN_ID, Vocabulary
from model.text.words import is_word_character

# advance(parents (beam,), characters (beam,)) -> next log-probabilities (beam, vocab): the caller moves its
# own state (carried LSTM state, or re-read text) to the chosen beams and runs the network one character on.
Advance = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


class BeamWord(NamedTuple):
    """A word the beam search finished: its characters, log-probability, and its beam's row at its last depth."""

    text: str
    log_probability: float
    row: int


class SearchStopped(Exception):
    """A search was stopped before its end: its `should_stop` said so (a key came while looking ahead)."""


def stop_if_asked(should_stop: Callable[[], bool] | None) -> None:
    """Raise SearchStopped if `should_stop()` says so: asked before each LSTM step of a look-ahead."""
    if should_stop is not None and should_stop():
        raise SearchStopped


class CarriedStateAdvance:
    """A beam step that carries each beam's LSTM state on from the state after the context, keeping each depth's
    states and next-character log-probabilities: the phrase after a word the beam finished starts from them
    (`word_end`) instead of reading the word again. Before each step it raises SearchStopped if `should_stop()`."""

    def __init__(
        self,
        network: CharLSTM,
        state: LSTMState,
        log_probabilities: torch.Tensor,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        self.network = network
        self.states = [state]  # depth -> (layers, beam, hidden) each
        self.log_probabilities = [log_probabilities[None, :]]  # depth -> (beam, vocab)
        self.should_stop = should_stop

    def __call__(self, parents: torch.Tensor, characters: torch.Tensor) -> torch.Tensor:
        stop_if_asked(self.should_stop)
        hidden, cell = self.states[-1]
        logits, state = self.network.step(characters, (hidden.index_select(1, parents), cell.index_select(1, parents)))
        self.states.append(state)
        self.log_probabilities.append(torch.log_softmax(logits.float(), dim=-1))  # (beam, vocab)
        return self.log_probabilities[-1]

    def word_end(self, word: BeamWord) -> tuple[LSTMState, torch.Tensor]:
        """The LSTM state after a word this advance's search finished ((layers, 1, hidden) each), and the
        log-probabilities of the character after it (vocab,)."""
        depth, row = len(word.text), word.row
        hidden, cell = self.states[depth]
        return (hidden[:, row : row + 1], cell[:, row : row + 1]), self.log_probabilities[depth][row]


def character_class_masks(vocabulary: Vocabulary, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    """(word_mask, boundary_mask), each (vocab,): ids that continue a word, and ids that end one.

    The unknown id is neither, so a word is never built from or ended by a character the model never saw.
    """
    is_word = [False] + [is_word_character(c) for c in vocabulary.characters]
    is_boundary = [not flag for flag in is_word]
    is_boundary[UNKNOWN_ID] = False
    return torch.tensor(is_word, device=device), torch.tensor(is_boundary, device=device)


def beam_search_words(
    log_probabilities: torch.Tensor,
    advance: Advance,
    character_of: Callable[[int], str],
    word_mask: torch.Tensor,
    boundary_mask: torch.Tensor,
    k: int,
    beam_width: int,
    max_word_length: int,
    max_steps: int | None = None,
) -> list[BeamWord]:
    """The k most probable character sequences that end at a word boundary with their log-probabilities, best first.

    `log_probabilities` (vocab,) is the distribution after the context. A beam's word is finished with the
    probability of any boundary character after it; the search stops when k words are finished and no open
    beam can beat the k-th (scores only fall as beams grow), or at `max_word_length`.

    `max_steps` is a budget of LSTM steps (`advance` calls: most of a key's time): past it, the search ends as
    soon as it has k words, and until then carries on with as many beams as it lacks words. Every depth finishes
    a word of each beam kept, so the next depth completes them: it never returns fewer than k words where the
    search without a budget finds k (with k above `beam_width`, that last step has more rows than the beam had).
    """
    finished: list[tuple[float, str, int]] = []  # (log-probability, text, row)
    # Once per search: ids instead of a mask, a penalty to add instead of a fill (a masked logsumexp took 126 us
    # a depth, a logsumexp of the ids 36 us, and the sum of their probabilities 16 us; the same numbers to 1e-6).
    boundary_ids = boundary_mask.nonzero().flatten()  # (boundaries,)
    word_penalty = torch.zeros(word_mask.shape, device=word_mask.device).masked_fill(~word_mask, -math.inf)  # (vocab,)
    beam_texts = [""]
    beam_scores = torch.zeros(1, device=log_probabilities.device)  # (beam,)
    step_log_probabilities = log_probabilities[None, :]  # (beam, vocab)
    vocabulary_size = log_probabilities.shape[0]
    for depth in range(max_word_length + 1):
        if depth > 0:  # a word has at least one character
            boundary = step_log_probabilities.index_select(1, boundary_ids).exp().sum(1).log()  # (beam,)
            finished.extend(zip((beam_scores + boundary).tolist(), beam_texts, range(len(beam_texts))))
            finished.sort(reverse=True)
            del finished[k:]
        if depth == max_word_length:
            break
        over_budget = max_steps is not None and depth >= max_steps
        if over_budget and len(finished) >= k:
            break
        width = k - len(finished) if over_budget else beam_width
        extension_scores = beam_scores[:, None] + (step_log_probabilities + word_penalty)
        top = torch.topk(extension_scores.flatten(), min(width, extension_scores.numel()))  # (beam,), best first
        # Sorted scores: the extensions kept (possible, and able to beat the k-th finished word) are a prefix.
        bound = finished[-1][0] if len(finished) >= k else -math.inf
        kept = sum(score > bound for score in top.values.tolist())
        if kept == 0:
            break
        flat_indices = top.indices[:kept]
        parents = torch.div(flat_indices, vocabulary_size, rounding_mode="floor")  # (beam,)
        characters = flat_indices % vocabulary_size  # (beam,)
        beam_scores = top.values[:kept]
        beam_texts = [
            beam_texts[parent] + character_of(character)
            for parent, character in zip(parents.tolist(), characters.tolist())
        ]
        step_log_probabilities = advance(parents, characters)
    return [BeamWord(text, score, row) for score, text, row in finished]


class LastSearch:
    """The last beam search for words, kept with its advance: the space typed after a finished word asks again for
    the next words that were offered after it ("for" -> "for "), and a phrase goes on from the state after a word
    it found (`word_ends`)."""

    def __init__(self) -> None:
        self._key: tuple = ()
        self._found: list[BeamWord] = []
        self._advance: Advance | None = None

    def words(self, key: tuple, search: Callable[[], tuple[list[BeamWord], Advance]]) -> list[BeamWord]:
        """The words of the search for `key` (its normalised context first): the kept ones, or `search()`'s."""
        if key != self._key:
            self._found, self._advance = search()
            self._key = key
        return self._found

    def word_ends(self, normalized_context: str) -> Callable[[str], tuple[LSTMState, torch.Tensor] | None]:
        """For a normalised text, the context and a word the last search found after it: the LSTM state after the
        word and the log-probabilities of the character after it; None for any other text (or when the last search
        was after another context, or re-read its windows)."""
        advance = self._advance
        ends = (
            {normalized_context + word.text: word for word in self._found}
            if self._key[:1] == (normalized_context,) and isinstance(advance, CarriedStateAdvance)
            else {}
        )
        return lambda text: advance.word_end(ends[text]) if text in ends else None
