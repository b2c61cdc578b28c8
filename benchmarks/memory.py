"""Resident memory of a process with the default model loaded and predicting.

Prints the RSS after importing torch (the baseline, measured in the same run), after loading the model,
and after typing a paragraph with suggestions, with the ratio to the baseline.

    python benchmarks/memory.py [--model M]
"""

from __future__ import annotations

import argparse

from common import corpus_text, resident_memory_mb

import torch

from model import Predictor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model file (default: the shipped default model)")
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    baseline = resident_memory_mb()
    predictor = Predictor.load(arguments.model, device="cpu")
    loaded = resident_memory_mb()
    text = corpus_text("valid_chat.txt", 2000)
    for end in range(1, len(text) + 1):
        predictor.next_chars(text[:end])
        predictor.suggest_words(text[:end], k=3)
    predicting = resident_memory_mb()
    print(f"python + torch imported (baseline): {baseline:6.0f} MB")
    print(f"default model loaded:               {loaded:6.0f} MB ({loaded / baseline:.2f}x baseline)")
    print(f"after typing 2000 characters:       {predicting:6.0f} MB ({predicting / baseline:.2f}x baseline)")


if __name__ == "__main__":
    main()
