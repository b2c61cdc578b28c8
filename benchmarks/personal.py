"""Online learning: a simulated user writes a message history in order, `Predictor.learn` after each message.

Two histories: the messages of valid_modern_chat.txt in order (typed in standard spelling, as quality.py does;
the context of each message is the message before it, as in a chat window), and the plays of
../shared/corpus/personal_shakespeare/ one after another (a line at a time; the context is the play so far).
The earlier half of each history is learned without typing; in the later half every message is learned,
and every n-th one is typed by the simulated user of model.evaluate.evaluation (about --measure-chars
characters, spread over the whole later half). The same model learning nothing types the same messages in
the same run. Also: after how many sightings a new name is offered after two letters in a fresh context, and
how long `learn` of one message takes, and the keystroke latency (next_chars + suggest_words) of the model that
learned beside the one that did not, key by key in turn on the same text.

With --tune, the learning run collects the word candidates of every request instead (they do not depend on
the mixing weights: benchmarks/tune_words.py) and scores a grid of the personal source's weights from them.

    python benchmarks/personal.py [--history-chars 200000] [--measure-chars 5000] [--option personal_weight=0.3]
    python benchmarks/personal.py --tune --histories chat
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import itertools
import json
import time

from common import CORPUS, corpus_text
from tune_words import CollectedSuggestions

import torch

from model import Predictor
from model.evaluate.evaluation import percentile, simulate_typing
from model.text.everyday_spelling import standardise_spelling
from model.text.words import split_words

PLAYS = sorted((CORPUS / "personal_shakespeare").glob("*.txt"))
NAME = "Quillmark"
NAME_SENTENCES = ["I talked to {} today.", "{} says hi.", "Did {} call you?", "Ask {} about it.", "Lunch with {}?"]
NAME_PROBES = ["Yesterday I saw ", "I will ask ", "Then "]
TUNED = {  # the grid --tune scores
    "personal_weight": [0.0, 0.2, 0.3, 0.4, 0.5],
    "personal_half_words": [300, 1000, 3000],
    "personal_seen_weights": [(0.0, a, b) for a in (0.0, 0.1) for b in (0.2, 0.3, 0.4)],
}


def chat_history(max_chars: int) -> list[tuple[str, str]]:
    """(context, message) of the chat's first messages: the context is the message before."""
    lines = standardise_spelling(corpus_text("valid_modern_chat.txt", max_chars)).splitlines()[:-1]
    return [(f"{previous}\n" if previous else "", line + "\n") for previous, line in zip(["", *lines], lines)]


def play_history(max_chars: int) -> list[tuple[str, str]]:
    """(context, line) of the plays one after another: the context is the play so far (its last 2,000 characters)."""
    history = []
    for play in PLAYS:
        text = play.read_text(encoding="utf-8")
        so_far = ""
        for line in text.splitlines(keepends=True):
            if line.strip():
                history.append((so_far[-2000:], line))
            so_far += line
    budget, kept = max_chars, []
    for context, line in history:
        budget -= len(line)
        if budget < 0:
            break
        kept.append((context, line))
    return kept


def later_half_savings(
    predictor: Predictor, history: list[tuple[str, str]], measure_chars: int, learn: bool, collected: dict | None = None
) -> dict:
    """Keystroke savings over the typed messages of the later half, learning each message when `learn`; with
    `collected`, the typed messages' word candidates go there (context, message, candidates) instead."""
    half = len(history) // 2
    if learn:
        for _, message in history[:half]:
            predictor.learn(message)
    later = history[half:]
    later_chars = sum(len(message) for _, message in later)
    every = max(1, round(later_chars / max(1, measure_chars)))
    characters = keystrokes = 0
    learn_ms = []
    for index, (context, message) in enumerate(later):
        if index % every == 0 and collected is not None:
            collected[(context, message)] = {
                context + message[: start + typed]: predictor.word_candidates(context + message[: start + typed])
                for start, word in split_words(message)
                for typed in range(len(word))
            }
        elif index % every == 0:
            figures = simulate_typing(predictor, message, k=3, before=context)
            characters += figures.characters
            keystrokes += figures.keystrokes
        if learn:
            started = time.perf_counter()
            predictor.learn(message)
            learn_ms.append((time.perf_counter() - started) * 1000)
    learn_ms.sort()
    return {
        "keystroke savings": 1 - keystrokes / max(1, characters),
        "typed characters": characters,
        "learn p50 ms": percentile(learn_ms, 50) if learn_ms else 0.0,
        "learn p99 ms": percentile(learn_ms, 99) if learn_ms else 0.0,
    }


def sightings_before_offered(predictor: Predictor, letters: int = 2, most: int = 10) -> int | None:
    """How many sentences naming NAME must be learned before it is among 3 suggestions after `letters` letters
    in every fresh context."""
    for sightings in range(1, most + 1):
        predictor.learn(NAME_SENTENCES[(sightings - 1) % len(NAME_SENTENCES)].format(NAME) + "\n")
        if all(NAME in predictor.suggest_words(probe + NAME[:letters], k=3) for probe in NAME_PROBES):
            return sightings
    return None


def side_by_side_latency(predictors: dict[str, Predictor], text: str) -> dict[str, dict[str, float]]:
    """p50 and p99 keystroke latency of each predictor typing `text`, the predictors taking turns at each key."""
    latencies: dict[str, list[float]] = {name: [] for name in predictors}
    for end in range(1, len(text) + 1):
        for name, predictor in predictors.items():
            started = time.perf_counter()
            predictor.next_chars(text[:end], k=5)
            predictor.suggest_words(text[:end], k=3)
            latencies[name].append((time.perf_counter() - started) * 1000)
    return {
        name: {"p50 ms": percentile(sorted(values), 50), "p99 ms": percentile(sorted(values), 99)}
        for name, values in latencies.items()
    }


def tune(predictor: Predictor, history: list[tuple[str, str]], measure_chars: int) -> list[tuple[float, dict]]:
    """Keystroke savings of every setting of TUNED (ranked words, no remembered slot), best first."""
    collected: dict = {}
    later_half_savings(predictor, history, measure_chars, learn=True, collected=collected)
    results = []
    for values in itertools.product(*TUNED.values()):
        setting = dict(zip(TUNED, values))
        options = dataclasses.replace(predictor.options, **setting)
        characters = keystrokes = 0
        for (context, message), candidates in collected.items():
            figures = simulate_typing(CollectedSuggestions(candidates, options), message, k=3, before=context)
            characters, keystrokes = characters + figures.characters, keystrokes + figures.keystrokes
        results.append((1 - keystrokes / max(1, characters), setting))
    return sorted(results, key=lambda result: result[0], reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model file (default: the shipped model)")
    parser.add_argument("--history-chars", type=int, default=200_000, help="characters of each history")
    parser.add_argument("--measure-chars", type=int, default=5000, help="characters typed in each later half")
    parser.add_argument("--option", action="append", default=[], help="a PredictorOptions field=value to try")
    parser.add_argument("--histories", nargs="+", default=["chat", "plays"], choices=["chat", "plays"])
    parser.add_argument("--tune", action="store_true", help="score a grid of the personal weights instead")
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    report: dict = {"options": arguments.option}
    histories = {"chat": chat_history, "plays": play_history}
    for name in arguments.histories:
        history = histories[name](arguments.history_chars)
        if arguments.tune:
            for savings, setting in tune(Predictor.load(arguments.model, device="cpu"), history, arguments.measure_chars):
                print(f"{name} {savings:.2%} {setting}", flush=True)
            continue
        predictors = {}
        for learn in (False, True):
            predictor = predictors["learning" if learn else "learning nothing"] = Predictor.load(arguments.model, device="cpu")
            for option in arguments.option:
                field, value = option.split("=", 1)
                setattr(predictor.options, field, ast.literal_eval(value))
            figures = later_half_savings(predictor, history, arguments.measure_chars, learn)
            report[f"{name}, {'learning' if learn else 'learning nothing'}"] = figures
            print(name, "learning" if learn else "learning nothing", figures, flush=True)
        gain = report[f"{name}, learning"]["keystroke savings"] - report[f"{name}, learning nothing"]["keystroke savings"]
        report[f"{name}, gain in points"] = 100 * gain
        later_text = "".join(message for _, message in history[len(history) // 2 :])[:800]
        report[f"{name}, keystroke latency side by side"] = side_by_side_latency(predictors, later_text)
    report["sightings before a new name is offered after two letters"] = sightings_before_offered(
        Predictor.load(arguments.model, device="cpu")
    )
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
