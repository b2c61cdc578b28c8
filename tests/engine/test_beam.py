"""The word beam search's step budget: it bounds the LSTM steps and never leaves the user with fewer words."""

import pytest
import torch

from model import Predictor
from model.predict.beam import beam_search_words
from model.text.words import normalize_text

CONTEXTS = ["", "I will see you tomo", "Thank you so much for your h", "We can't afford childc", "xqzv", "The "]


@pytest.fixture(scope="module")
def predictor() -> Predictor:
    return Predictor.load(device="cpu")


def search(
    predictor: Predictor, context: str, k: int, width: int, max_steps: int | None, max_length: int = 24
) -> tuple[list[str], list[int]]:
    """The words of a beam search after `context`, and the rows of each LSTM step it took."""
    log_probabilities = predictor._log_probabilities_after(normalize_text(context))
    advance, rows = predictor._beam_advance(log_probabilities), []

    def counted(parents: torch.Tensor, characters: torch.Tensor) -> torch.Tensor:
        rows.append(len(parents))
        return advance(parents, characters)

    masks = (predictor._word_mask, predictor._boundary_mask)
    words = beam_search_words(
        log_probabilities, counted, predictor.vocabulary.character_of, *masks, k, width, max_length, max_steps
    )
    return [word.text for word in words], rows


@pytest.mark.parametrize("k, width, max_steps, max_length", [
    (4, 4, 0, 24), (4, 8, 0, 24), (4, 4, 2, 24), (4, 1, 0, 24), (4, 1, 2, 24), (6, 2, 3, 24), (4, 1, 1, 2),
])
def test_a_search_over_its_budget_returns_as_many_words_as_one_without(predictor, k, width, max_steps, max_length):
    for context in CONTEXTS:
        unbudgeted, _ = search(predictor, context, k, width, None, max_length)
        budgeted, _ = search(predictor, context, k, width, max_steps, max_length)
        assert len(budgeted) == k, context  # as many as asked: the search without a budget finds k, or fewer
        assert len(unbudgeted) == (2 if max_length == 2 else k), context  # (one beam of words up to 2 letters: 2)
        assert len(set(budgeted)) == k, context


def test_the_budget_bounds_the_lstm_steps(predictor):
    unbudgeted_steps = []
    for context in CONTEXTS:
        budgeted, rows = search(predictor, context, 4, 4, 2)
        assert len(rows) <= 2, context  # 4 beams finish 4 words at the first depth
        unbudgeted, all_rows = search(predictor, context, 4, 4, None)
        unbudgeted_steps.append(len(all_rows))
        assert budgeted[0] == unbudgeted[0] or len(unbudgeted[0]) > 2, context  # only longer words go unfound
    assert max(unbudgeted_steps) > 2  # the budget did cut searches short


def test_past_its_budget_a_narrow_search_widens_to_the_words_it_lacks(predictor):
    for context in CONTEXTS:
        words, rows = search(predictor, context, 4, 1, 0)
        assert rows == [4] and len(words) == 4, context  # one step of 4 beams: 4 words at once
