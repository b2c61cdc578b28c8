"""The engine's whole work for one key, as the app's prediction worker asks it: `suggest(k=3, typos=True)` (next
characters and words, completions that fix typos) and then `suggest_phrase` (the ghost phrase).

Types a validation text character by character from an empty document and after a long context, on one torch
thread. Each contender gets every key in turn, the order swapped at each key (so a busy moment of the machine hits
all alike): the shipped model with packed half-precision steps (model.core.packed_step, the default); with
--fp32-steps, the same model with exact fp32 `torch.lstm_cell` steps; with --against DIR, the engine of another
checkout (`git worktree add DIR REVISION`) in a process of its own (benchmarks/key_server.py), and then this
checkout's engine in one too, so that both run alike. Prints the CPU, p50, p99 and the worst key of the words,
the phrase and both together, and how many keys got the same words and phrase as the first contender. With
--pace 15, keys come 15 a second and the time between them is spent looking ahead as the app's worker spends it
(`Predictor.look_ahead`: the answers for the likeliest next keys, until a key comes); "waited" is how long a key
waited for the look-ahead to stop, and "key" counts it.

    python benchmarks/key_path.py [--chars 800] [--fp32-steps] [--against DIR] [--pace 15]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from common import REPOSITORY, corpus_text, fp32_step_predictor
from key_server import Typist
from latency import P99_TARGET_MS, cpu_description, summary

import torch

from model import Predictor
from model.files.resources import default_model_path


class Checkout:
    """A contender in a process of its own: the engine of the checkout at `tree` (benchmarks/key_server.py)."""

    def __init__(self, tree: Path, pace: float | None) -> None:
        server = Path(__file__).with_name("key_server.py")
        command = [sys.executable, str(server), str(tree.resolve()), str(default_model_path())]
        self.process = subprocess.Popen(
            command + ([str(pace)] if pace else []), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def _ask(self, request: dict) -> object:
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def prepare(self, before: str) -> None:
        """Read an opened document's text once; prints which engine the process runs."""
        print(f"  engine: {self._ask({'before': before})}")

    def key(self, context: str) -> tuple[float, float, float, list]:
        """One key (Typist.key): the ms it waited, the ms of the words and of the phrase, [words, phrase]."""
        return tuple(self._ask({"context": context}))

    def close(self) -> None:
        """End the process."""
        self.process.stdin.close()
        self.process.wait()


def contenders_for(arguments: argparse.Namespace) -> dict[str, Typist | Checkout]:
    """The contenders the arguments ask for, the first being this checkout's engine with packed steps."""
    pace = arguments.pace
    if arguments.against:
        return {"this checkout": Checkout(REPOSITORY, pace), arguments.against: Checkout(Path(arguments.against), pace)}
    contenders: dict[str, Typist | Checkout] = {"packed steps": Typist(Predictor.load(device="cpu"), pace)}
    if arguments.fp32_steps:
        contenders["fp32 steps"] = Typist(fp32_step_predictor(), pace)
    return contenders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=800, help="characters typed per run")
    parser.add_argument("--text", default="valid_modern_speech.txt")
    parser.add_argument("--fp32-steps", action="store_true", help="also the model with exact fp32 steps, in turn")
    parser.add_argument("--against", metavar="DIR", help="another checkout's engine, each in a process of its own")
    parser.add_argument("--pace", type=float, help="keys a second; the time between keys is spent looking ahead")
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    print(cpu_description())
    long_context = corpus_text(arguments.text, 20_000)
    text = corpus_text(arguments.text, 20_000 + arguments.chars)[20_000:]
    results: dict[str, dict] = {"cpu": cpu_description()}
    for start, before in (("from an empty document", ""), ("after a long context", long_context)):
        contenders = contenders_for(arguments)
        names = list(contenders)
        parts = ("waited", "words", "phrase", "key") if arguments.pace else ("words", "phrase", "key")
        times: dict[str, dict[str, list[float]]] = {name: {part: [] for part in parts} for name in contenders}
        answers: dict[str, list] = {name: [] for name in contenders}
        for contender in contenders.values():
            contender.prepare(before)
        for end in range(1, len(text) + 1):
            context = before + text[:end]
            for name in names if end % 2 else reversed(names):
                waited_ms, words_ms, phrase_ms, answer = contenders[name].key(context)
                measured = {"waited": waited_ms, "words": words_ms, "phrase": phrase_ms}
                for part in parts:
                    times[name][part].append(measured.get(part, waited_ms + words_ms + phrase_ms))
                answers[name].append(answer)
        for contender in contenders.values():
            contender.close()
        for name in contenders:
            results[f"{name}, {start}"] = figures = {part: summary(times[name][part], text) for part in times[name]}
            print(f"{name}, {start}:")
            for part, figure in figures.items():
                print(f"  {part:7} p50 {figure['p50_ms']:6.2f} ms   p99 {figure['p99_ms']:6.2f} ms   over "
                      f"{P99_TARGET_MS} ms {figure['over_target']:3}   worst {figure['worst_ms']:7.2f} ms "
                      f"at key {figure['worst_key']}")
        for name in names[1:]:
            same = sum(a == b for a, b in zip(answers[names[0]], answers[name]))
            results[f"same answers as {name}, {start}"] = same / len(text)
            print(f"  same words and phrase as {name}: {same}/{len(text)} keys")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
