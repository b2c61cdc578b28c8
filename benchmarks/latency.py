"""Suggestion latency for one more typed character: carried state vs re-reading a window (tutorial style).

Types a validation text character by character; each keystroke asks next_chars(k=5) + suggest_words(k=3),
as the editor does, on one torch thread. Prints p50/p99 for both and the ratio, measured in the same run.

    python benchmarks/latency.py [--model M] [--chars 3000]
"""

from __future__ import annotations

import argparse
import json
import time

from common import corpus_text

import torch

from model import Predictor
from model.evaluate.baselines import WindowRereadPredictor
from model.evaluate.evaluation import percentile


def keystroke_latencies_ms(predictor: Predictor, text: str) -> list[float]:
    """Latency of each keystroke's requests while typing `text`, sorted."""
    latencies = []
    for end in range(1, len(text) + 1):
        context = text[:end]
        started = time.perf_counter()
        predictor.next_chars(context, k=5)
        predictor.suggest_words(context, k=3)
        latencies.append((time.perf_counter() - started) * 1000)
    return sorted(latencies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model file (default: the shipped default model)")
    parser.add_argument("--chars", type=int, default=3000, help="characters typed per predictor")
    parser.add_argument("--text", default="valid_modern_speech.txt")
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    text = corpus_text(arguments.text, 20_000 + arguments.chars)[20_000:]  # from mid-text: a long context
    results = {}
    for name, kind in [("carried state", Predictor), ("window re-read", WindowRereadPredictor)]:
        predictor = kind.load(arguments.model, device="cpu")
        predictor.next_chars(text[:1000])  # warm-up
        latencies = keystroke_latencies_ms(predictor, text if kind is Predictor else text[: arguments.chars // 4])
        results[name] = {"p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99), "n": len(latencies)}
        print(f"{name:16} p50 {results[name]['p50_ms']:7.2f} ms   p99 {results[name]['p99_ms']:7.2f} ms   "
              f"({len(latencies)} keystrokes)")
    for quantile in ("p50_ms", "p99_ms"):
        ratio = results["window re-read"][quantile] / results["carried state"][quantile]
        print(f"window re-read / carried state, {quantile[:3]}: {ratio:.1f}x")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
