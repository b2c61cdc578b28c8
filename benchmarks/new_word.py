"""How soon a word the user has just typed a few times (a name) is offered.

The user writes chat lines in which a new name ("Zorblat", unknown to the default model) comes up again and
again. Measured, with the remembered-words fast path (model/word_memory.py) off and on:
  1. within the same document: at which occurrence the name is first among the 3 suggestions after typing
     its first letter, and after two letters;
  2. in a new document (no context): is it offered after one and after two letters, before learning, after
     one learning round from typing (the app's own round settings, on the journal of those lines; fast path
     off, so this is fine-tuning alone), and with the fast path fed the journal as the app feeds it.

    python benchmarks/new_word.py [--name Zorblat]
"""

from __future__ import annotations

import argparse
import json
import time

from common import corpus_text

import torch

from keyboard_app.workers.learning_worker import TYPING_ROUND
from model import Predictor
from model.train.finetune import FineTuning

TEMPLATES = ["I asked {} about it.", "{} said yes.", "Have you met {}?", "Tell {} I said hello.", "{} is coming tonight."]
NEW_DOCUMENT_PROBES = ["Yesterday I met ", "I will call ", "Then "]


def journal_text(name: str, lines: int = 120) -> str:
    """Chat lines with a line naming `name` after every fourth one."""
    chat = corpus_text("valid_chat.txt").splitlines()[:lines]
    out = []
    for index, line in enumerate(chat):
        out.append(line)
        if index % 4 == 3:
            out.append(TEMPLATES[(index // 4) % len(TEMPLATES)].format(name))
    return "\n".join(out) + "\n"


def first_offered_occurrence(predictor: Predictor, text: str, name: str, letters: int) -> int | None:
    """The 1-based occurrence of `name` in `text` at which it is suggested after `letters` typed letters."""
    start, occurrence = 0, 0
    while (position := text.find(name, start)) != -1:
        occurrence += 1
        if name in predictor.suggest_words(text[:position] + name[:letters], k=3):
            return occurrence
        start = position + len(name)
    return None


def offered_in_new_document(predictor: Predictor, name: str, letters: int) -> float:
    """Share of fresh one-line contexts after which `name` is suggested given its first `letters`."""
    return sum(name in predictor.suggest_words(probe + name[:letters], k=3) for probe in NEW_DOCUMENT_PROBES) / len(NEW_DOCUMENT_PROBES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", default="Zorblat")
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    name = arguments.name
    text = journal_text(name)
    base = Predictor.load(device="cpu")
    report: dict[str, object] = {}
    for remember in (False, True):
        base.options.remember_words = remember
        for letters in (1, 2):
            report[f"same document, fast path {'on' if remember else 'off'}: first offered at occurrence "
                   f"(after {letters} letters)"] = first_offered_occurrence(base, text, name, letters)
    base.options.remember_words = False
    for letters in (1, 2):
        report[f"new document before learning, offered after {letters} letters"] = offered_in_new_document(base, name, letters)
    started = time.monotonic()
    run = FineTuning(base.network, base.metadata, text, TYPING_ROUND, word_counts=base.word_counts)
    for _ in run.run():
        pass
    report["learning round seconds (app settings, 1 thread)"] = time.monotonic() - started
    report["round accepted"] = run.report.accepted
    tuned = Predictor(run.network, base.metadata, device="cpu", word_counts=run.word_counts)
    tuned.options.remember_words = False
    for letters in (1, 2):
        report[f"new document after one round (fine-tuning alone), offered after {letters} letters"] = (
            offered_in_new_document(tuned, name, letters)
        )
    base.options.remember_words = True
    second_sighting = text.find(name, text.find(name) + 1)
    base.learn(text[: second_sighting + len(name) + 1])  # what the user wrote, once it holds the name twice
    for letters in (1, 2):
        report[f"new document, fast path on after the name was typed twice, offered after {letters} letters"] = (
            offered_in_new_document(base, name, letters)
        )
    report["name occurrences in the journal"] = text.count(name)
    report["journal characters"] = len(text)
    for key, value in report.items():
        print(f"{key}: {value:.2f}" if isinstance(value, float) else f"{key}: {value}")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
