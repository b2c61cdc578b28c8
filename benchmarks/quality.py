"""Prediction quality: models side by side, and the word trigram baseline, on every validation file.

For each validation file: bits per character and next-character top-1 (whole file), and a simulated user
typing its first --max-chars characters with 3 suggestions (keystroke savings, next-word top-1/top-3,
completion top-3 after two letters), and the share of offered words that are no English word: judged with
Debian's wamerican-large list (/usr/share/dict/american-english-large), which the suggestions never use, and
the share offered without the apostrophe their standard spelling has ("dont"). The text is typed in standard
spelling (model.text.everyday_spelling: the chat's "im" as "I'm"), as a user of the product ends up writing it.
With --word-list it also measures the LSTM's suggestions filtered by pyspellchecker's English word list.

With --fp32-steps the first model runs a second time with its exact fp32 weights and torch.lstm_cell steps,
beside the packed half-precision steps it uses by default (model.core.packed_step).

    python benchmarks/quality.py [--models OLD.safetensors NEW.safetensors] [--trigram] [--fp32-steps] [--max-chars 6000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from pathlib import Path

from common import CORPUS, corpus_text, fp32_step_predictor

import torch

from model import Predictor
from model.evaluate.baselines import TrigramPredictor
from model.evaluate.evaluation import WordFigures, character_figures, simulate_typing
from model.text.everyday_spelling import standard_form, standardise_spelling

VALIDATION_FILES = ["valid_modern_speech.txt", "valid_chat.txt", "valid_modern_chat.txt"]
JUDGE_WORD_LIST = Path("/usr/share/dict/american-english-large")  # Debian's wamerican-large


class OfferedWords:
    """A suggester that notes every word it offers, to judge them afterwards."""

    def __init__(self, suggester) -> None:
        self.suggester = suggester
        self.offered: list[str] = []

    def next_chars(self, context: str, k: int = 5) -> list[tuple[str, float]]:
        """As the wrapped suggester's (words only are noted)."""
        return self.suggester.next_chars(context, k)

    def suggest_words(self, context: str, k: int = 3) -> list[str]:
        """The wrapped suggester's words, noted."""
        words = self.suggester.suggest_words(context, k)
        self.offered.extend(words)
        return words

    def non_word_share(self, english: set[str]) -> float:
        """Share of offered words (letters and apostrophes only) that the judging list does not hold."""
        judged = [word for word in self.offered if re.fullmatch(r"[A-Za-z]+(?:'[A-Za-z]+)*", word)]
        return sum(word.lower() not in english for word in judged) / max(1, len(judged))

    def apostrophe_less_share(self) -> float:
        """Share of offered words that have a standard spelling with an apostrophe or capital ("dont", "i")."""
        return sum(standard_form(word) is not None for word in self.offered) / max(1, len(self.offered))


def judging_words() -> set[str]:
    """The judging list, lower case (apt-get install wamerican-large)."""
    return {line.strip().lower() for line in JUDGE_WORD_LIST.read_text(encoding="utf-8", errors="replace").splitlines()}


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
    """Print each model's figures on each validation file, side by side, and a JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="*", default=[None], help="model files (default: the shipped default model)")
    parser.add_argument("--max-chars", type=int, default=6_000, help="characters the simulated user types per file")
    parser.add_argument("--trigram", action="store_true", help="also the word trigram baseline counted on train.txt")
    parser.add_argument("--word-list", action="store_true", help="also measure a word-list filter")
    parser.add_argument("--fp32-steps", action="store_true", help="also the first model with exact fp32 steps")
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    english = judging_words()
    predictors = {str(path or "shipped default"): Predictor.load(path, device="cpu") for path in arguments.models}
    if arguments.fp32_steps:
        predictors[f"{arguments.models[0] or 'shipped default'}, fp32 steps"] = fp32_step_predictor(arguments.models[0])
    contenders: dict[str, object] = dict(predictors)
    if arguments.trigram:
        started = time.perf_counter()
        contenders["trigram"] = TrigramPredictor(corpus_text("train.txt"))
        print(f"trigram baseline trained on {CORPUS / 'train.txt'} in {time.perf_counter() - started:.0f} s")
    if arguments.word_list:
        contenders["first model + word list"] = WordListFilter(next(iter(predictors.values())), spellchecker_words())
    for name, predictor in predictors.items():
        size = Path(predictor.source_path).stat().st_size if predictor.source_path else 0
        print(f"{name}: {size / 1e6:.1f} MB, trained on {', '.join(predictor.metadata.trained_on)}")
    report: dict[str, dict] = {}
    for file_name in VALIDATION_FILES:
        text = standardise_spelling(corpus_text(file_name))
        report[file_name] = {}
        print(f"\n{file_name} (typed: first {arguments.max_chars:,} characters)")
        print(f"{'':28}{'bits/char':>10}{'savings':>9}{'next top1':>11}{'next top3':>11}{'compl. top3':>13}"
              f"{'non-words':>11}{'no apostr.':>12}")
        for contender, suggester in contenders.items():
            bits = ""
            if isinstance(suggester, Predictor):
                figures = character_figures(suggester.network, suggester.vocabulary.encode_tensor(text))
                bits = f"{figures.bits_per_character:10.3f}"
                report[file_name].setdefault(contender, {})["bits_per_character"] = figures.bits_per_character
            noted = OfferedWords(suggester)
            words: WordFigures = simulate_typing(noted, text[: arguments.max_chars])
            entry = report[file_name].setdefault(contender, {})
            entry.update(words.to_dict(), non_words=noted.non_word_share(english),
                         apostrophe_less=noted.apostrophe_less_share())
            print(f"{contender[-28:]:28}{bits or '':>10}{words.keystroke_savings:9.1%}{words.next_word_top1:11.1%}"
                  f"{words.next_word_top3:11.1%}{words.completion_top3_after_two_letters:13.1%}"
                  f"{entry['non_words']:11.2%}{entry['apostrophe_less']:12.2%}")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
