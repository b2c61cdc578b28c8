"""The editor as a user meets it: start-up time and key-press-to-suggestions latency, offscreen.

Start-up: runs `python main.py` in a fresh user data root and waits for the log line written when the first
suggestions are painted; the baseline, measured in the same run, is a bare `import torch, PySide6.QtWidgets`.

Typing: drives the real window with key events at --rate characters a second (a timer, as a fast typist);
for each key press, the time until suggestions for that text or newer are painted. The baseline is the
worker's own compute time for the same requests (next_chars + suggest_words), so the ratio is the cost of
the thread hop, coalescing and painting. Also the longest gap between ticks of a 10 ms GUI timer.
With --learning, the same typing again while a learning round trains on the learner thread (ratio to idle).

    QT_QPA_PLATFORM=offscreen python benchmarks/gui.py [--chars 600] [--rate 15] [--learning] [--app dist/ForesightKeys/ForesightKeys]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from common import CORPUS, REPOSITORY, corpus_text
from startup import seconds_to_import_torch_and_qt, time_startup

from model.evaluate.evaluation import percentile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def open_window():
    """The real main window (in a new QApplication), shown, with its model loaded."""
    from PySide6.QtWidgets import QApplication

    from keyboard_app.app import create_main_window, process_events_until

    QApplication.instance() or QApplication([])
    window = create_main_window()
    window.show()
    process_events_until(lambda: window.model_label.text().startswith("model:"), "model loaded", timeout_s=120)
    return window


def typing_latencies(window, text: str, rate: float) -> dict:
    """Type `text` into the window at `rate` chars/s; key-to-painted latencies and GUI stalls, in ms."""
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest

    from keyboard_app.app import process_events_until

    pressed_at: dict[int, float] = {}  # request id made by a key press -> when the key was pressed
    key_latencies: list[float] = []
    compute_latencies: list[float] = []
    tick_gaps: list[float] = []
    last_tick = [time.perf_counter()]
    dropped_before = window.dropped_results

    def shown(request_id: int) -> None:
        now = time.perf_counter()
        compute_latencies.append(window.last_prediction.latency_ms)
        for key_request in [r for r in pressed_at if r <= request_id]:
            key_latencies.append((now - pressed_at.pop(key_request)) * 1000)

    def tick() -> None:
        now = time.perf_counter()
        tick_gaps.append((now - last_tick[0]) * 1000)
        last_tick[0] = now

    characters = iter(text)

    def press_next_key() -> None:
        character = next(characters, None)
        if character is None:
            typing_timer.stop()
            return
        pressed = time.perf_counter()
        QTest.keyClicks(window.editor, character)
        pressed_at[window.latest_request_id] = pressed

    window.suggestions_shown.connect(shown)
    stall_timer = QTimer(interval=10, timeout=tick)
    typing_timer = QTimer(interval=round(1000 / rate), timeout=press_next_key)
    stall_timer.start()
    typing_timer.start()
    process_events_until(lambda: not typing_timer.isActive() and not pressed_at, "end of typing", timeout_s=len(text) / rate + 60)
    stall_timer.stop()
    window.suggestions_shown.disconnect(shown)
    return {
        "keys": len(text),
        "key_to_painted_ms": summary(key_latencies),
        "worker_compute_ms": summary(compute_latencies),
        "results_dropped_as_stale": window.dropped_results - dropped_before,
        "longest_gui_timer_gap_ms": max(tick_gaps),
    }


def typing_while_learning(window, text: str, rate: float) -> dict:
    """The same typing while a learning round trains on the learner thread (documents: Shakespeare's plays)."""
    from keyboard_app.app import process_events_until

    progress = []
    window.learning.progress.connect(progress.append)
    window.learning.train_on_documents([str(CORPUS / "personal_shakespeare")], minutes=30)
    process_events_until(lambda: progress, "training steps", timeout_s=120)  # training, not just reading files
    figures = typing_latencies(window, text, rate)
    figures["learning_steps_during_typing"] = len(progress)
    window.learning.cancel()
    process_events_until(lambda: not window.learning.round_running, "end of the round", timeout_s=120)
    return figures


def summary(values: list[float]) -> dict:
    """p50, p99 and max of a list of milliseconds."""
    ordered = sorted(values)
    return {"p50": percentile(ordered, 50), "p99": percentile(ordered, 99), "max": ordered[-1], "n": len(ordered)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=600, help="characters typed")
    parser.add_argument("--rate", type=float, default=15, help="characters per second")
    parser.add_argument("--startups", type=int, default=3, help="start-ups timed (the median is reported)")
    parser.add_argument("--learning", action="store_true", help="also type while a learning round trains")
    parser.add_argument("--app", help="time the start-up of this executable (a frozen build) instead of main.py")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as root:
        import_floor = seconds_to_import_torch_and_qt()
        command = [arguments.app] if arguments.app else [sys.executable, str(REPOSITORY / "main.py")]
        startups = sorted(time_startup(Path(root) / f"home{i}", command).suggestions_s for i in range(arguments.startups))
        startup = startups[len(startups) // 2]
        print(f"start-up of {Path(command[-1]).name} to first suggestions: {startup:.2f} s (median of {len(startups)} first starts "
              f"in fresh user folders: {', '.join(f'{s:.2f}' for s in startups)}); import torch + Qt alone: {import_floor:.2f} s, "
              f"ratio {startup / import_floor:.1f}x")
        if arguments.app:
            return
        os.environ["FORESIGHT_KEYS_HOME"] = str(Path(root) / "typing")
        text = "".join(c for c in corpus_text("valid_modern_speech.txt", 20_000 + 8 * arguments.chars)[20_000:]
                       if c.isascii() and c.isprintable())
        window = open_window()
        runs = {"idle": typing_latencies(window, text[: arguments.chars], arguments.rate)}
        if arguments.learning:
            window.editor.clear()
            runs["while learning"] = typing_while_learning(window, text[-arguments.chars :], arguments.rate)
        window.editor.document().setModified(False)
        window.close()
    for name, typing in runs.items():
        keys, compute = typing["key_to_painted_ms"], typing["worker_compute_ms"]
        print(f"{name}: typing {typing['keys']} keys at {arguments.rate:g}/s: key press to suggestions painted "
              f"p50 {keys['p50']:.1f} ms, p99 {keys['p99']:.1f} ms, max {keys['max']:.1f} ms; worker compute alone "
              f"p50 {compute['p50']:.1f} ms, p99 {compute['p99']:.1f} ms; stale results dropped "
              f"{typing['results_dropped_as_stale']}; longest gap between 10 ms GUI timer ticks "
              f"{typing['longest_gui_timer_gap_ms']:.1f} ms")
    idle_p99 = runs["idle"]["key_to_painted_ms"]["p99"]
    print(f"painted / compute p99 (idle): {idle_p99 / runs['idle']['worker_compute_ms']['p99']:.2f}x")
    if "while learning" in runs:
        print(f"while learning / idle, key-to-painted p99: {runs['while learning']['key_to_painted_ms']['p99'] / idle_p99:.2f}x")
    print(json.dumps({"startup_s": startup, "import_floor_s": import_floor, **runs}))


if __name__ == "__main__":
    main()
