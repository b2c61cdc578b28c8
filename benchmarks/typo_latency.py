"""What typo tolerance costs a key press and a finished word, beside the same keys without it, in one run.

Types a validation text with a typo in every fifth word (a neighbouring key), one key at a time: each key asks
`Predictor.suggest(context)` as the editor does, of one Predictor without and of another with `typos=True` (one
alone would answer the second ask of a context from what it kept of the first); each finished word asks
`correct_word(before, word, 1)` as auto-correction does (it puts the first candidate there). One torch thread.
Prints p50/p99 of each and the ratio.

    python benchmarks/typo_latency.py [--chars 2000]
"""

from __future__ import annotations

import argparse
import json
import random
import time

from common import corpus_text

import torch

from model import Predictor, split_typed_word
from model.evaluate.evaluation import percentile
from model.typos.edits import KEY_POSITIONS, key_distance


def with_typos(text: str, every: int = 5, seed: int = 0) -> str:
    """`text` with one letter of every `every`-th word replaced by a neighbouring key's."""
    chooser = random.Random(seed)
    words = text.split(" ")
    for index in range(0, len(words), every):
        word = words[index]
        letters = [position for position, character in enumerate(word) if character.lower() in KEY_POSITIONS]
        if letters:
            position = chooser.choice(letters)
            near = [key for key in KEY_POSITIONS if 0 < key_distance(key, word[position]) <= 1.2]
            words[index] = word[:position] + chooser.choice(near) + word[position + 1 :]
    return " ".join(words)


def timed_ms(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=2000, help="characters typed")
    parser.add_argument("--text", default="valid_modern_chat.txt")
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    text = with_typos(corpus_text(arguments.text, 10_000 + arguments.chars)[10_000:])
    predictors = {typos: Predictor.load(device="cpu") for typos in (False, True)}
    predictor = predictors[True]
    predictor.correct_word("I will", "recieve")  # builds the typo index (once per model, at the first word)
    keys = {False: [], True: []}
    words = []
    for end in range(1, len(text) + 1):
        context = text[:end]
        for typos in (False, True):
            keys[typos].append(timed_ms(lambda: predictors[typos].suggest(context, 3, typos=typos)))
        if context.endswith(" ") and (word := split_typed_word(context[:-1])[1]):
            before = context[: -len(word) - 1]
            words.append(timed_ms(lambda: predictor.correct_word(before, word, 1)))
    report = {}
    for name, latencies in (("key, typos off", keys[False]), ("key, typos on", keys[True]), ("finished word", words)):
        latencies.sort()
        report[name] = {"p50_ms": round(percentile(latencies, 50), 2), "p99_ms": round(percentile(latencies, 99), 2),
                        "n": len(latencies)}
        print(f"{name:16} p50 {report[name]['p50_ms']:7.2f} ms   p99 {report[name]['p99_ms']:7.2f} ms   (n={len(latencies)})")
    print(f"typos on / off, p99: {report['key, typos on']['p99_ms'] / report['key, typos off']['p99_ms']:.2f}x")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
