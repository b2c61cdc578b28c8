"""Start-up as a person sees it: seconds from `python main.py` to the window on screen and to the first suggestions.

Each start runs main.py in a fresh user data root and watches its log for the marks the window writes when it
is first painted, when the first suggestions are painted (the starter words', from the model file's counts,
while torch loads: model.predict.starter_words) and when the model's own first suggestions are painted. The baseline, measured in the same run, is a
fresh interpreter that imports torch and Qt widgets and does nothing else. With --busy, one more process
spins on a core the whole time (a busy 2-core machine).

    python benchmarks/startup.py [--starts 5] [--busy]              # offscreen, or on $DISPLAY with QT_QPA_PLATFORM=xcb
    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb python benchmarks/startup.py
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from keyboard_app.widgets.main_window import (  # noqa: E402
    FIRST_SUGGESTIONS_MARK, MODEL_SUGGESTIONS_MARK, WINDOW_SHOWN_MARK,
)

MARKS = (WINDOW_SHOWN_MARK, FIRST_SUGGESTIONS_MARK, MODEL_SUGGESTIONS_MARK)


@dataclass
class StartupTimes:
    """Seconds from the command to the first paint of the window, to the first painted suggestions and to the
    model's own first suggestions."""

    window_s: float
    suggestions_s: float
    model_suggestions_s: float


def time_startup(home: Path, command: list[str] | None = None, timeout_s: float = 60.0,
                 environment: dict[str, str] | None = None) -> StartupTimes:
    """Start the app in the fresh user data root `home` and time its log marks; the app is closed after.

    Raises RuntimeError (with the app's output) if it exits first, TimeoutError if a mark never comes.
    """
    command = command or [sys.executable, str(REPOSITORY / "main.py")]
    log_file = home / "logs" / "foresight-keys.log"
    environment = {**os.environ, **(environment or {}), "FORESIGHT_KEYS_HOME": str(home)}
    started = time.perf_counter()
    process = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seen: dict[str, float] = {}
    try:
        while len(seen) < len(MARKS):
            elapsed = time.perf_counter() - started
            if elapsed > timeout_s:
                raise TimeoutError(f"only {sorted(seen) or 'no marks'} within {timeout_s:.0f} s")
            logged = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
            for mark in MARKS:
                if mark not in seen and mark in logged:
                    seen[mark] = elapsed
            if process.poll() is not None and len(seen) < len(MARKS):
                output = process.stdout.read().decode(errors="replace")
                raise RuntimeError(f"the app exited with {process.returncode} before its start-up marks:\n{output}")
            time.sleep(0.005)
        return StartupTimes(*(seen[mark] for mark in MARKS))
    finally:
        process.terminate()
        process.wait(10)
        process.stdout.close()


def seconds_to_import_torch_and_qt() -> float:
    """The floor under a start-up that waits for torch: a fresh interpreter importing torch and Qt widgets."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import torch, PySide6.QtWidgets"], check=True)
    return time.perf_counter() - started


def _spin(stop: multiprocessing.Event) -> None:
    while not stop.is_set():
        sum(range(10_000))


def main() -> None:
    """Time several start-ups and print the medians beside the import floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=5, help="start-ups timed (medians are reported)")
    parser.add_argument("--busy", action="store_true", help="keep one core busy with another process meanwhile")
    parser.add_argument("--app", help="time this executable (a frozen build) instead of main.py")
    arguments = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    command = [arguments.app] if arguments.app else None
    stop = multiprocessing.Event()
    spinner = multiprocessing.Process(target=_spin, args=(stop,), daemon=True) if arguments.busy else None
    if spinner:
        spinner.start()
    try:
        floor = sorted(seconds_to_import_torch_and_qt() for _ in range(3))[1]
        with tempfile.TemporaryDirectory(prefix="foresight-startup-") as root:
            runs = [time_startup(Path(root) / f"home{index}", command) for index in range(arguments.starts)]
    finally:
        stop.set()
        if spinner:
            spinner.join(5)
    window, suggestions, model_suggestions = (
        sorted(getattr(run, figure) for run in runs)[len(runs) // 2]
        for figure in ("window_s", "suggestions_s", "model_suggestions_s")
    )
    platform = os.environ["QT_QPA_PLATFORM"]
    print(f"{platform}, {os.cpu_count()} cores{', one kept busy' if arguments.busy else ''}, median of {len(runs)} "
          f"first starts in fresh user folders:")
    print(f"  window painted      {window:5.2f} s  ({', '.join(f'{run.window_s:.2f}' for run in runs)})")
    print(f"  first suggestions   {suggestions:5.2f} s  ({', '.join(f'{run.suggestions_s:.2f}' for run in runs)})")
    print(f"  model's suggestions {model_suggestions:5.2f} s  "
          f"({', '.join(f'{run.model_suggestions_s:.2f}' for run in runs)})")
    print(f"  import torch + Qt   {floor:5.2f} s  (baseline; window {window / floor:.2f}x, suggestions "
          f"{suggestions / floor:.2f}x, the model's {model_suggestions / floor:.2f}x)")
    print(json.dumps({"platform": platform, "busy": arguments.busy, "window_s": window, "suggestions_s": suggestions,
                      "model_suggestions_s": model_suggestions, "import_floor_s": floor}))


if __name__ == "__main__":
    main()
