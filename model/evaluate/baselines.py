"""Baselines for side-by-side benchmarks.

- TrigramPredictor: the classic keyboard model, a word trigram with back-off to bigrams and unigrams and
  prefix completion, trained on the same text as the LSTM.
- WindowRereadPredictor: the tutorial's way of predicting with the same network: every prediction (and every
  beam step) re-reads a fixed window of the last characters from a blank state, instead of carrying state.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict

import torch

from model.predict.beam import Advance
from model.predict.predictor import Predictor
from model.predict.state_cache import TEXT_START
from model.lexicon.word_counts import count_words
from model.text.words import normalize_text, prefix_range, split_typed_word, word_history


class TrigramPredictor:
    """Word trigram predictor with back-off and prefix completion: suggest_words(context, k) like Predictor."""

    def __init__(self, text: str) -> None:
        unigrams, bigram_counts, trigram_counts = count_words([normalize_text(text)])
        bigrams: defaultdict[str, Counter[str]] = defaultdict(Counter)
        trigrams: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for (previous, word), count in bigram_counts.items():
            bigrams[previous][word] = count
        for (before_previous, previous, word), count in trigram_counts.items():
            trigrams[(before_previous, previous)][word] = count
        self._unigram_counts = unigrams
        self._sorted_words = sorted(unigrams)
        self._most_common_words = [word for word, _ in unigrams.most_common(50)]
        self._bigrams = {word: _ranked(followers) for word, followers in bigrams.items()}
        self._trigrams = {pair: _ranked(followers) for pair, followers in trigrams.items()}

    def suggest_words(self, context: str, k: int = 3) -> list[str]:
        """Up to k distinct words starting with the typed prefix: trigram, then bigram, then unigram matches."""
        before_word, typed_prefix = split_typed_word(normalize_text(context))
        history = word_history(before_word)
        suggestions: list[str] = []
        for ranked in (self._trigrams.get(history, []), self._bigrams.get(history[1], [])):
            for word in ranked:
                if word.startswith(typed_prefix) and word not in suggestions:
                    suggestions.append(word)
                    if len(suggestions) == k:
                        return suggestions
        for word in self._unigram_matches(typed_prefix, k + len(suggestions)):
            if word not in suggestions:
                suggestions.append(word)
                if len(suggestions) == k:
                    break
        return suggestions

    def _unigram_matches(self, typed_prefix: str, count: int) -> list[str]:
        if not typed_prefix:
            return self._most_common_words[:count]
        low, high = prefix_range(self._sorted_words, typed_prefix)
        return heapq.nlargest(count, self._sorted_words[low:high], key=self._unigram_counts.__getitem__)


def _ranked(followers: Counter[str]) -> list[str]:
    return [word for word, _ in followers.most_common()]


class WindowRereadPredictor(Predictor):
    """The same network predicting the tutorial's way: re-read the last `window` characters every time."""

    window = 50

    def _log_probabilities_after(self, normalized_context: str) -> torch.Tensor:
        self._window_ids = self.vocabulary.encode(TEXT_START + normalized_context)[-self.window :]
        return self._reread([self._window_ids])[0]

    def _reread(self, windows: list[list[int]]) -> torch.Tensor:
        """Log-probabilities after each window (batch, vocab), each read from a blank state."""
        inputs = torch.tensor(windows, device=self.device)  # (batch, window)
        logits, _ = self.network(inputs, self.network.initial_state(len(windows), self.device))
        return torch.log_softmax(logits[:, -1].float(), dim=-1)

    def _beam_advance(self, log_probabilities: torch.Tensor) -> Advance:
        """A beam step that re-reads each beam's window from a blank state."""
        beam_windows = [self._window_ids]

        def advance(parents: torch.Tensor, characters: torch.Tensor) -> torch.Tensor:
            nonlocal beam_windows
            beam_windows = [
                (beam_windows[parent] + [character])[-self.window :]
                for parent, character in zip(parents.tolist(), characters.tolist())
            ]
            return self._reread(beam_windows)

        return advance
