"""Per-key latency on hostile inputs beside normal text: does any input make a key press slow?

Each input is a text already in the document (normal English prose, 1 MB of Chinese without spaces, one
1 MB word, 1 MB of emoji, a 10 MB paste, 50 MB of prose); then a sentence is typed after it, one key at a
time, each key asking `Predictor.suggest` as the editor does (one torch thread). The contexts are built
before the clock starts. Prints, per input, the first key (which reads up to 30,000 characters of the text,
once per document) and p50/p99 of the keys after it, with the ratio of that p99 to normal text's, in one
run; and the editor's cost of reading its context from a 20 kB and a 10 MB document.

    python benchmarks/long_inputs.py [--keys 120] [--no-editor]
"""

from __future__ import annotations

import argparse
import json
import time

from common import corpus_text

import torch

from model import Predictor
from model.evaluate.evaluation import percentile

TYPED = "and then we went home to talk about it over dinner with the others, "


def inputs(prose: str) -> dict[str, str]:
    """The texts already in the document, by name."""
    def sized(text: str, size: int) -> str:
        return (text * (size // len(text) + 1))[:size]

    return {
        "normal prose (20 kB)": prose[:20_000],
        "Chinese without spaces (1 MB)": sized("我们今天去公园散步天气很好大家都很开心", 1_000_000),
        "one long word (1 MB)": sized("abcdefghij", 1_000_000),
        "emoji run (1 MB)": sized("😀🎉👍🏽❤️", 1_000_000),
        "a 10 MB paste": sized(prose, 10_000_000),
        "prose (50 MB)": sized(prose, 50_000_000),
    }


def key_latencies_ms(predictor: Predictor, before: str, keys: int) -> list[float]:
    """Latency of each key typed after `before`, in order: the first one reads the text (once per document)."""
    contexts = [before + " " + TYPED[:end] for end in range(1, keys + 1)]  # built before the clock starts
    latencies = []
    for context in contexts:
        started = time.perf_counter()
        predictor.suggest(context, k=3)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def editor_context_ms(document_chars: int) -> float:
    """Median ms of the editor's `context_before_cursor` at the end of a document of that many characters."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QApplication

    from keyboard_app.widgets.editor import PredictiveEditor

    application = QApplication.instance() or QApplication([])
    editor = PredictiveEditor()
    editor.setPlainText(("The cat sat on the mat and looked at the moon.\n" * (document_chars // 47 + 1))[:document_chars])
    editor.moveCursor(QTextCursor.End)
    timings = []
    for _ in range(21):
        started = time.perf_counter()
        editor.context_before_cursor()
        timings.append((time.perf_counter() - started) * 1000)
    application.processEvents()
    return sorted(timings)[10]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=len(TYPED), help="keys typed after each input")
    parser.add_argument("--no-editor", action="store_true", help="leave out the editor's context timing")
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    prose = corpus_text("valid_modern_speech.txt", 200_000)
    report = {}
    baseline_p99 = None
    for name, before in inputs(prose).items():
        predictor = Predictor.load(device="cpu")  # a fresh one each: no input warms another's caches
        first, *keys = key_latencies_ms(predictor, before, arguments.keys)
        keys.sort()
        p50, p99 = percentile(keys, 50), percentile(keys, 99)
        baseline_p99 = baseline_p99 or p99
        report[name] = {"first_key_ms": round(first, 1), "p50_ms": round(p50, 2), "p99_ms": round(p99, 2),
                        "p99_vs_normal": round(p99 / baseline_p99, 2)}
        print(f"{name:32s} first key {first:7.1f} ms   then p50 {p50:6.2f} ms  p99 {p99:6.2f} ms"
              f"  ({p99 / baseline_p99:4.2f}x normal)", flush=True)
    if not arguments.no_editor:
        small, large = editor_context_ms(20_000), editor_context_ms(10_000_000)
        report["editor context, 20 kB vs 10 MB document (ms)"] = [round(small, 3), round(large, 3)]
        print(f"editor context_before_cursor: 20 kB document {small:.3f} ms, 10 MB document {large:.3f} ms")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
