"""Ghost phrases: keystroke savings with phrases beside words alone, on each validation file and on a chat
history after learning its earlier half; and how long a phrase takes after the word suggestions.

The simulated user of model.evaluate.evaluation types each text; with phrases, before each key of a word they
take the ghost phrase (Predictor.suggest_phrase) with one key if the text to come starts with it and it ends
where a word ends (a following space is free), and otherwise uses the word suggestions as quality.py's user
does. The suggestions and the phrase chain (Predictor.phrase_chain) of every position are computed once, so
every pair of thresholds (PredictorOptions.phrase_first_min_probability, phrase_next_min_probability) is
scored from them (with a chain of up to MAX_PHRASE_WORDS words whatever the thresholds); first it times, per key of 800
characters of modern speech after a long context, the words and then the phrase as the app asks for them; the texts are typed in standard spelling, as quality.py types them. The chat history is
personal.py's: the messages of valid_modern_chat.txt in order, the earlier half learned, then the later
messages typed with the one before as context, each learned once typed.

    python benchmarks/phrases.py [--max-chars 2000] [--history-chars 100000] [--latency-only]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import time

from common import corpus_text
from personal import chat_history

import torch

from model import Predictor
from model.evaluate.evaluation import percentile, simulate_typing
from model.predict.phrases import PhraseChain, phrase_text
from model.text.everyday_spelling import standardise_spelling
from model.text.words import split_typed_word, split_words

VALIDATION_FILES = ["valid_modern_speech.txt", "valid_chat.txt", "valid_modern_chat.txt"]
FIRST_THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
NEXT_THRESHOLDS = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7]


@dataclasses.dataclass
class Collected:
    """The word suggestions and phrase chains of every position of some texts."""

    words: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    chains: dict[str, PhraseChain] = dataclasses.field(default_factory=dict)

    def collect(self, predictor: Predictor, before: str, text: str) -> None:
        """Ask for words and the phrase chain before each character of each word of `text`."""
        for start, word in split_words(text):
            for typed in range(len(word)):
                context = before + text[: start + typed]
                self.words[context] = predictor.suggest(context, k=3).words
                self.chains[context] = predictor.phrase_chain(context)


class CollectedSuggester:
    """suggest_words and suggest_phrase from collected answers, the phrase cut by `options`' thresholds."""

    def __init__(self, collected: Collected, options) -> None:
        self.collected = collected
        self.options = options

    def suggest_words(self, context: str, k: int = 3) -> list[str]:
        """The collected words (none between words: the user only types there)."""
        return self.collected.words.get(context, [])[:k]

    def suggest_phrase(self, context: str) -> str:
        """The collected chain, cut where a word is not likely enough."""
        chain = self.collected.chains.get(context)
        return phrase_text(chain, split_typed_word(context)[0], self.options) if chain else ""


def savings(collected: Collected, texts: list[tuple[str, str]], options, phrases: bool) -> float:
    """Keystroke savings over (context, text) pairs, with or without phrases."""
    suggester = CollectedSuggester(collected, options)
    characters = keystrokes = 0
    for before, text in texts:
        figures = simulate_typing(suggester, text, k=3, before=before, phrases=suggester.suggest_phrase if phrases else None)
        characters, keystrokes = characters + figures.characters, keystrokes + figures.keystrokes
    return 1 - keystrokes / max(1, characters)


def latencies(predictor: Predictor, text: str) -> dict[str, float]:
    """Per key of `text`, as the app asks: the words (suggest), then the phrase (suggest_phrase, thresholds on)."""
    words_ms, phrase_ms = [], []
    for end in range(1, len(text) + 1):
        started = time.perf_counter()
        predictor.suggest(text[:end], k=3)
        between = time.perf_counter()
        predictor.suggest_phrase(text[:end])
        words_ms.append((between - started) * 1000)
        phrase_ms.append((time.perf_counter() - between) * 1000)
    words_ms.sort()
    phrase_ms.sort()
    return {
        "words p50 ms": percentile(words_ms, 50), "words p99 ms": percentile(words_ms, 99),
        "phrase after them p50 ms": percentile(phrase_ms, 50), "phrase after them p99 ms": percentile(phrase_ms, 99),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model file (default: the shipped model)")
    parser.add_argument("--max-chars", type=int, default=2500, help="characters typed of each text")
    parser.add_argument("--history-chars", type=int, default=100_000, help="characters of the chat history")
    parser.add_argument("--latency-only", action="store_true", help="only time words and phrases per key")
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    timing_text = standardise_spelling(corpus_text("valid_modern_speech.txt", 20_800))[20_000:]
    print("per key, from a long context:", json.dumps(latencies(Predictor.load(arguments.model, device="cpu"), timing_text)))
    if arguments.latency_only:
        return
    texts: dict[str, tuple[Collected, list[tuple[str, str]]]] = {}
    for name in VALIDATION_FILES:
        predictor = Predictor.load(arguments.model, device="cpu")
        text = standardise_spelling(corpus_text(name, arguments.max_chars))
        collected = Collected()
        collected.collect(predictor, "", text)
        texts[name] = (collected, [("", text)])
        print(f"{name}: collected", flush=True)
    predictor = Predictor.load(arguments.model, device="cpu")
    history = chat_history(arguments.history_chars)
    half = len(history) // 2
    for _, message in history[:half]:
        predictor.learn(message)
    collected, typed, typed_chars = Collected(), [], 0
    for context, message in history[half:]:
        if typed_chars < arguments.max_chars:
            collected.collect(predictor, context, message)
            typed.append((context, message))
            typed_chars += len(message)
        predictor.learn(message)
    texts["chat history, earlier half learned"] = (collected, typed)
    print("chat history: collected", flush=True)

    options = predictor.options
    grid = []
    for first, following in itertools.product(FIRST_THRESHOLDS, NEXT_THRESHOLDS):
        tried = dataclasses.replace(options, phrase_first_min_probability=first, phrase_next_min_probability=following)
        gains = {name: savings(c, pairs, tried, True) - savings(c, pairs, tried, False) for name, (c, pairs) in texts.items()}
        grid.append((min(gains.values()), first, following, gains))
        print(f"first {first:.1f} next {following:.1f}: " + ", ".join(f"{n} {100 * g:+.2f}" for n, g in gains.items()))
    best = max(grid, key=lambda row: row[0])
    print(f"best (the largest smallest gain): first {best[1]}, next {best[2]}")
    report = {}
    for name, (c, pairs) in texts.items():
        report[name] = {
            "words alone": savings(c, pairs, options, False),
            "with phrases": savings(c, pairs, options, True),
        }
    report["thresholds"] = [options.phrase_first_min_probability, options.phrase_next_min_probability]
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
