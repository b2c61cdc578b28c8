"""The prediction worker's whole work for one key, timed (`Typist`), and a server that types keys with the engine
of another checkout of this repository, for `key_path.py --against DIR`.

The server reads one JSON request a line from stdin and answers each with one JSON line: {"before": text} reads an
opened document's text once (answer: the engine's path), {"context": text} types a key (answer: the ms it waited
for the look-ahead before it, the ms of the words and of the phrase, and the words and phrase offered). It imports
nothing from this checkout's engine, so two revisions can be timed key by key in turn on the same machine.

    python benchmarks/key_server.py DIR MODEL_FILE [PACE]
"""

from __future__ import annotations

import gc
import json
import sys
import time


class Typist:
    """Types keys into a Predictor as the app's prediction worker asks for them: `suggest(k=3, typos=True)`, then
    `suggest_phrase`. With a `pace` (keys a second), the time until the next key is spent as the worker spends it,
    looking ahead (`Predictor.look_ahead`, where the engine has it) until that key comes; the look-ahead stops
    between two LSTM steps, and the next key waits for that."""

    def __init__(self, predictor, pace: float | None = None) -> None:
        self.predictor = predictor
        self.pace = pace
        self._waited_ms = 0.0  # how long the look-ahead ran past the moment this key came

    def prepare(self, before: str) -> None:
        """Build the typo index, read `before` once (as an opened document is) and freeze what is left for the
        collector, as the app's prediction worker does once a model is loaded."""
        self.predictor.prepare_typo_search()
        self.predictor.suggest(before, k=3, typos=True)
        gc.freeze()

    def key(self, context: str) -> tuple[float, float, float, list]:
        """One key: the ms it waited for the look-ahead, the ms of the words and of the phrase, [words, phrase]."""
        started = time.perf_counter()
        suggestions = self.predictor.suggest(context, k=3, typos=True)
        suggested = time.perf_counter()
        phrase = self.predictor.suggest_phrase(context)
        finished = time.perf_counter()
        waited, self._waited_ms = self._waited_ms, 0.0
        look_ahead = getattr(self.predictor, "look_ahead", None)
        if self.pace and look_ahead is not None:
            next_key = started + 1 / self.pace
            look_ahead(context, 3, True, should_stop=lambda: time.perf_counter() >= next_key)
            self._waited_ms = max(0.0, time.perf_counter() - next_key) * 1000
        return waited, (suggested - started) * 1000, (finished - suggested) * 1000, [suggestions.words, phrase]

    def close(self) -> None:
        """Nothing to end: the Predictor is freed with this object."""


def serve(tree: str, model_file: str, pace: float | None) -> None:
    """Answer key_path's requests with the engine in `tree` and the model in `model_file`."""
    sys.path.insert(0, tree)
    import torch

    import model
    from model import Predictor

    torch.set_num_threads(1)
    typist = Typist(Predictor.load(model_file, device="cpu"), pace)
    for line in sys.stdin:
        request = json.loads(line)
        if "before" in request:
            typist.prepare(request["before"])
            answer: object = model.__file__
        else:
            answer = typist.key(request["context"])
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else None)
