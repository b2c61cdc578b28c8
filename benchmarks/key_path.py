"""The engine's whole work for one key, as the app's prediction worker asks it: `suggest(k=3, typos=True)` (next
characters and words, completions that fix typos) and then `suggest_phrase` (the ghost phrase).

Types a validation text character by character from an empty document and after a long context, on one torch
thread. Each contender gets every key in turn (key by key, so a busy moment of the machine hits all alike): the
shipped model with packed half-precision steps (model.core.packed_step, the default) and, with --fp32-steps,
the same model with exact fp32 `torch.lstm_cell` steps. Prints the CPU, p50, p99 and the worst key of the words,
the phrase and both together, and whether the contenders offered the same words and phrases.

    python benchmarks/key_path.py [--chars 800] [--fp32-steps]
"""

from __future__ import annotations

import argparse
import gc
import json
import time

from common import corpus_text, fp32_step_predictor
from latency import cpu_description, summary

import torch

from model import Predictor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=800, help="characters typed per run")
    parser.add_argument("--text", default="valid_modern_speech.txt")
    parser.add_argument("--fp32-steps", action="store_true", help="also the model with exact fp32 steps, in turn")
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    print(cpu_description())
    long_context = corpus_text(arguments.text, 20_000)
    text = corpus_text(arguments.text, 20_000 + arguments.chars)[20_000:]
    results: dict[str, dict] = {"cpu": cpu_description()}
    for start, before in (("from an empty document", ""), ("after a long context", long_context)):
        contenders = {"packed steps": Predictor.load(device="cpu")}
        if arguments.fp32_steps:
            contenders["fp32 steps"] = fp32_step_predictor()
        times: dict[str, dict[str, list[float]]] = {name: {"words": [], "phrase": [], "key": []} for name in contenders}
        answers: dict[str, list] = {name: [] for name in contenders}
        for predictor in contenders.values():
            predictor.prepare_typo_search()
            predictor.suggest(before, k=3, typos=True)  # the long context read once, as an opened document is
        gc.freeze()  # as the app's prediction worker does once a model is loaded: no full collection while typing
        for end in range(1, len(text) + 1):
            context = before + text[:end]
            for name, predictor in contenders.items():
                started = time.perf_counter()
                suggestions = predictor.suggest(context, k=3, typos=True)
                suggested = time.perf_counter()
                phrase = predictor.suggest_phrase(context)
                finished = time.perf_counter()
                times[name]["words"].append((suggested - started) * 1000)
                times[name]["phrase"].append((finished - suggested) * 1000)
                times[name]["key"].append((finished - started) * 1000)
                answers[name].append((suggestions.words, phrase))
        for name in contenders:
            results[f"{name}, {start}"] = figures = {part: summary(times[name][part], text) for part in times[name]}
            print(f"{name}, {start}:")
            for part, figure in figures.items():
                print(f"  {part:7} p50 {figure['p50_ms']:6.2f} ms   p99 {figure['p99_ms']:6.2f} ms   worst "
                      f"{figure['worst_ms']:7.2f} ms at key {figure['worst_key']}")
        if arguments.fp32_steps:
            same = sum(a == b for a, b in zip(answers["packed steps"], answers["fp32 steps"]))
            results[f"same answers, {start}"] = same / len(text)
            print(f"  same words and phrase as fp32 steps: {same}/{len(text)} keys")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
