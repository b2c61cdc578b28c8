"""Tune how word suggestions are mixed (PredictorOptions) on text that judging never sees.

The options: lstm_weight, english_weight, document_weight, and beam_words (how many words the beam search
finishes). The simulated user of model.evaluate.evaluation asks for words before each character of each word until
the word is offered. The candidates of every such request do not depend on the mixing weights, so they are
computed once (Predictor.word_candidates, with the widest beam_words tried; a smaller beam_words finishes
the same best words) and every setting is scored from them: keystroke savings with 3 suggestions, without
the remembered-words fast path. The text is the part of each validation file after the first --skip
characters, which benchmarks/quality.py types: tuning never sees the text it is judged on. As quality.py,
it types the text in standard spelling.

    python benchmarks/tune_words.py [--model M] [--skip 20000] [--max-chars 15000]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import time

from common import corpus_text

import torch

from model import Predictor
from model.evaluate.evaluation import simulate_typing
from model.text.everyday_spelling import standardise_spelling
from model.predict.options import PredictorOptions
from model.predict.ranking import WordCandidates, rank_words
from model.text.words import split_words

VALIDATION_FILES = ["valid_modern_speech.txt", "valid_chat.txt", "valid_modern_chat.txt"]
LSTM_WEIGHTS = [0.4, 0.5, 0.6, 0.7, 1.0]
ENGLISH_WEIGHTS = [0.0, 0.3, 0.5, 0.7, 1.0]
DOCUMENT_WEIGHTS = [0.1, 0.2, 0.3]
BEAM_WORDS = [4, 8]


def collect(predictor: Predictor, text: str) -> dict[str, WordCandidates]:
    """The candidates of every request the simulated user can make: before each character of each word."""
    return {
        text[: start + typed]: predictor.word_candidates(text[: start + typed])
        for start, word in split_words(text)
        for typed in range(len(word))
    }


class CollectedSuggestions:
    """suggest_words from collected candidates, ranked with `options`: what model.evaluate.evaluation's user asks."""

    def __init__(self, collected: dict[str, WordCandidates], options: PredictorOptions) -> None:
        self.collected = collected
        self.options = options

    def suggest_words(self, context: str, k: int = 3) -> list[str]:
        """The ranked words for a collected context; none between words (the user only types there)."""
        candidates = self.collected.get(context)
        if candidates is None:
            return []
        best = sorted(candidates.lstm.items(), key=lambda item: item[1], reverse=True)[: self.options.beam_words]
        return rank_words(dataclasses.replace(candidates, lstm=dict(best)), self.options, k)  # a smaller beam's words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model file (default: the shipped default model)")
    parser.add_argument(
        "--skip", type=int, default=20_000, help="characters at the start of each file left for judging"
    )
    parser.add_argument("--max-chars", type=int, default=15_000)
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    predictor = Predictor.load(arguments.model, device="cpu")
    predictor.options.beam_words = max(BEAM_WORDS)
    collected = {}
    for name in VALIDATION_FILES:
        started = time.perf_counter()
        text = standardise_spelling(corpus_text(name))[arguments.skip : arguments.skip + arguments.max_chars]
        text = text[text.find("\n") + 1 :]  # start at a paragraph
        collected[name] = (text, collect(predictor, text))
        print(f"{name}: {len(text):,} characters collected in {time.perf_counter() - started:.0f} s", flush=True)
    print(
        f"{'lstm':>6}{'english':>9}{'document':>10}{'beam':>6}"
        + "".join(f"{name:>26}" for name in VALIDATION_FILES)
        + f"{'mean':>8}"
    )
    results = []
    for lstm_weight, english_weight, document_weight, beam_words in itertools.product(
        LSTM_WEIGHTS, ENGLISH_WEIGHTS, DOCUMENT_WEIGHTS, BEAM_WORDS
    ):
        options = dataclasses.replace(
            predictor.options,
            lstm_weight=lstm_weight,
            english_weight=english_weight,
            document_weight=document_weight,
            beam_words=beam_words,
        )
        savings = [
            simulate_typing(CollectedSuggestions(candidates, options), text).keystroke_savings
            for text, candidates in collected.values()
        ]
        mean = sum(savings) / len(savings)
        results.append((mean, lstm_weight, english_weight, document_weight, beam_words))
        print(
            f"{lstm_weight:6.2f}{english_weight:9.2f}{document_weight:10.2f}{beam_words:6}"
            + "".join(f"{value:26.1%}" for value in savings)
            + f"{mean:8.1%}"
        )
    best = max(results)
    print(
        f"best: lstm_weight {best[1]}, english_weight {best[2]}, document_weight {best[3]}, beam_words {best[4]}: "
        f"mean savings {best[0]:.2%}"
    )


if __name__ == "__main__":
    main()
