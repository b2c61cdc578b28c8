"""Prediction quality: the default model against the word trigram baseline trained on the same text.

For each validation file: bits per character and next-character top-1 (whole file), and a simulated user
typing its first --max-chars characters with 3 suggestions (keystroke savings, next-word top-1/top-3,
completion top-3 after two letters). With --word-list it also measures the LSTM's suggestions filtered by
pyspellchecker's English word list (a candidate improvement, kept out of the product unless it helps).

    python benchmarks/quality.py [--model M] [--max-chars 20000] [--word-list]
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

from common import CORPUS, corpus_text

import torch

from model import Predictor
from model.baselines import TrigramPredictor
from model.evaluation import WordFigures, character_figures, simulate_typing

VALIDATION_FILES = ["valid_modern_speech.txt", "valid_chat.txt"]


class WordListFilter:
    """The Predictor's word suggestions, keeping those in a word list first (the rest fill any gap)."""

    def __init__(self, predictor: Predictor, known_words: set[str]) -> None:
        self.predictor = predictor
        self.known_words = known_words

    def next_chars(self, context: str, k: int = 5) -> list[tuple[str, float]]:
        """As Predictor.next_chars (the filter changes words only)."""
        return self.predictor.next_chars(context, k)

    def suggest_words(self, context: str, k: int = 3) -> list[str]:
        """Up to k words from twice as many candidates, those in the word list first."""
        candidates = self.predictor.suggest_words(context, k=2 * k)
        known = [word for word in candidates if word.lower() in self.known_words]
        return (known + [word for word in candidates if word not in known])[:k]


def spellchecker_words() -> set[str]:
    """pyspellchecker's English word list (lower case), shipped inside the package."""
    import spellchecker

    path = Path(spellchecker.__file__).parent / "resources" / "en.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as file:
        return set(json.load(file))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model file (default: the shipped default model)")
    parser.add_argument("--max-chars", type=int, default=20_000, help="characters the simulated user types per file")
    parser.add_argument("--word-list", action="store_true", help="also measure a word-list filter")
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    started = time.perf_counter()
    trigram = TrigramPredictor(corpus_text("train.txt"))
    print(f"trigram baseline trained on {CORPUS / 'train.txt'} in {time.perf_counter() - started:.0f} s")
    predictor = Predictor.load(arguments.model, device="cpu")
    contenders: dict[str, object] = {"lstm": predictor, "trigram": trigram}
    if arguments.word_list:
        contenders["lstm + word list"] = WordListFilter(predictor, spellchecker_words())
    report: dict[str, dict] = {}
    for name in VALIDATION_FILES:
        text = corpus_text(name)
        characters = character_figures(predictor.network, predictor.vocabulary.encode_tensor(text))
        report[name] = {"bits_per_character": characters.bits_per_character, "next_char_top1": characters.next_char_top1}
        print(f"\n{name}: {characters.bits_per_character:.3f} bits/char, next-char top-1 {characters.next_char_top1:.1%}")
        print(f"{'':18}{'savings':>9}{'next top1':>11}{'next top3':>11}{'compl. top3':>13}")
        for contender, suggester in contenders.items():
            figures: WordFigures = simulate_typing(suggester, text[: arguments.max_chars])
            report[name][contender] = figures.to_dict()
            print(f"{contender:18}{figures.keystroke_savings:9.1%}{figures.next_word_top1:11.1%}"
                  f"{figures.next_word_top3:11.1%}{figures.completion_top3_after_two_letters:13.1%}")
        advantage = report[name]["lstm"]["keystroke_savings"] - report[name]["trigram"]["keystroke_savings"]
        print(f"lstm - trigram keystroke savings: {advantage * 100:+.1f} points")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
