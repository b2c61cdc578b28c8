"""Evaluation: how well and how fast a predictor serves a simulated user typing a text.

Character figures (bits per character, next-character top-1) come from one pass of the network. Word figures
come from a simulated user who types the text: before each character of a word the predictor is asked for
3 words; if the word is among them, one keystroke takes it and a following space is free. Keystroke savings
are 1 - keystrokes / characters. The same simulation times every suggestion request (next_chars +
suggest_words), as the editor would make them.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass
from collections.abc import Callable
from typing import Protocol

import torch
import torch.nn.functional as F

from model.core.network import CharLSTM
from model.text.words import is_word_character, split_words


class WordSuggester(Protocol):
    """Anything with the Predictor's suggest_words: the LSTM Predictor and the baselines."""

    def suggest_words(self, context: str, k: int = 3) -> list[str]: ...


@dataclass
class CharacterFigures:
    """Per-character quality of a network on a text."""

    bits_per_character: float
    next_char_top1: float


@dataclass
class WordFigures:
    """What a simulated user typing a text gets from word suggestions, and how long they took."""

    characters: int
    keystrokes: int
    keystroke_savings: float
    next_word_top1: float
    next_word_top3: float
    completion_top3_after_two_letters: float
    latency_p50_ms: float
    latency_p99_ms: float
    phrases_taken: int = 0

    def to_dict(self) -> dict:
        """Plain values for JSON."""
        return asdict(self)


@torch.inference_mode()
def character_figures(network: CharLSTM, ids: torch.Tensor, streams: int = 16, chunk_length: int = 256) -> CharacterFigures:
    """Bits per character and next-character top-1 accuracy of `ids` (1-D), predicting each from those before.

    The text is cut into `streams` contiguous parts run side by side with carried state: close to one pass
    over the whole text and many times faster.
    """
    was_training = network.training
    network.eval()
    device = network.head.weight.device
    streams = max(1, min(streams, (len(ids) - 1) // 2))
    stream_length = (len(ids) - 1) // streams
    if stream_length < 1:
        raise ValueError("text too short to score")
    inputs = ids[: streams * stream_length].view(streams, stream_length).to(device)  # (stream, time)
    targets = ids[1 : streams * stream_length + 1].view(streams, stream_length).to(device)
    state = network.initial_state(streams, device)
    total_nats, correct = 0.0, 0
    for start in range(0, stream_length, chunk_length):
        logits, state = network(inputs[:, start : start + chunk_length], state)  # (stream, time, vocab)
        chunk_targets = targets[:, start : start + chunk_length]
        total_nats += F.cross_entropy(
            logits.float().reshape(-1, logits.shape[-1]), chunk_targets.reshape(-1), reduction="sum"
        ).item()
        correct += (logits.argmax(-1) == chunk_targets).sum().item()
    network.train(was_training)
    count = streams * stream_length
    return CharacterFigures(total_nats / count / math.log(2), correct / count)


def simulate_typing(
    predictor: WordSuggester,
    text: str,
    k: int = 3,
    before: str = "",
    phrases: Callable[[str], str] | None = None,
) -> WordFigures:
    """Type `text` as a user who takes a suggested word whenever it is offered; see the module docstring.

    `before` is text already there (the messages before this one), read as context and not typed. With
    `phrases` (Predictor.suggest_phrase), before each key of a word the user takes the ghost phrase with one key
    if the text to come starts with it, it runs past the word being typed and ends where a word ends (a
    following space is free, as for a word); otherwise the word suggestions serve as without it.
    """
    word_starts = {start: word for start, word in split_words(text)}
    latencies: list[float] = []

    def ask(context: str) -> list[str]:
        started = time.perf_counter()
        if hasattr(predictor, "next_chars"):
            predictor.next_chars(before + context, k=5)
        suggestions = predictor.suggest_words(before + context, k=k)
        latencies.append(time.perf_counter() - started)
        return suggestions

    keystrokes = phrases_taken = 0
    words = next_top1 = next_top3 = completions_tried = completion_top3 = 0
    position = 0
    while position < len(text):
        word = word_starts.get(position)
        if word is None:
            ask(text[:position])
            keystrokes += 1
            position += 1
            continue
        words += 1
        taken_at = phrase_end = None
        for typed in range(len(word)):
            suggestions = ask(text[: position + typed])
            if typed == 0:
                next_top1 += bool(suggestions) and suggestions[0] == word
                next_top3 += word in suggestions
            if typed == 2:
                completions_tried += 1
                completion_top3 += word in suggestions
            if phrases is not None:
                phrase_end = _phrase_end(
                    phrases(before + text[: position + typed]), text, position + typed, position + len(word)
                )
            if word in suggestions or phrase_end is not None:
                taken_at = typed
                break
        if phrase_end is not None:
            keystrokes += taken_at + 1
            phrases_taken += 1
            position = phrase_end + (text[phrase_end : phrase_end + 1] == " ")
            continue
        if taken_at is None:
            keystrokes += len(word)
            position += len(word)
            continue
        keystrokes += taken_at + 1
        if len(word) > 2 and taken_at < 2:  # the completion figure counts every word of 3+ letters
            completions_tried += 1
            completion_top3 += word in predictor.suggest_words(before + text[: position + 2], k=k)
        position += len(word)
        if text[position : position + 1] == " ":
            position += 1  # taking a suggestion adds the space
    latencies_ms = sorted(latency * 1000 for latency in latencies) or [0.0]
    return WordFigures(
        characters=len(text),
        keystrokes=keystrokes,
        keystroke_savings=1 - keystrokes / max(1, len(text)),
        next_word_top1=next_top1 / max(1, words),
        next_word_top3=next_top3 / max(1, words),
        completion_top3_after_two_letters=completion_top3 / max(1, completions_tried),
        latency_p50_ms=percentile(latencies_ms, 50),
        latency_p99_ms=percentile(latencies_ms, 99),
        phrases_taken=phrases_taken,
    )


def _phrase_end(phrase: str, text: str, at: int, word_end: int) -> int | None:
    """Where a phrase offered at `at` ends in `text`, if the text goes on with it past the word being typed
    (which ends at `word_end`) to the end of a word; None otherwise."""
    if not phrase or not text.startswith(phrase, at):
        return None
    end = at + len(phrase)
    if end <= word_end or (end < len(text) and is_word_character(text[end])):
        return None
    return end


def percentile(sorted_values: list[float], percent: float) -> float:
    """The nearest-rank percentile of already sorted values."""
    rank = max(0, min(len(sorted_values) - 1, math.ceil(percent / 100 * len(sorted_values)) - 1))
    return sorted_values[rank]
