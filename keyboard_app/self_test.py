"""`main.py --self-test`: checks an installed (frozen or not) app end to end, with no display needed.

Loads the bundled default model, predicts for a known text and checks the suggestions, then opens the real
window offscreen in a temporary user data folder, types, waits for suggestions from the worker thread, saves
a document there and closes; then runs a few fine-tuning steps (the learner's code path). Prints a summary; exit code 0 when every check passed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

KNOWN_CONTEXT = "Thank you very mu"
EXPECTED_WORD = "much"


def run_self_test() -> int:
    """Run every check, print one line each and a summary; returns the process exit code."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    results: list[tuple[str, bool, str]] = []

    def check(name: str, action: Callable[[], str]) -> None:
        started = time.perf_counter()
        try:
            detail = action()
            results.append((name, True, f"{detail} ({time.perf_counter() - started:.2f} s)"))
        except Exception as error:  # report every failure, keep checking
            results.append((name, False, f"{type(error).__name__}: {error}"))

    with tempfile.TemporaryDirectory(prefix="foresight-self-test-") as home:
        os.environ["FORESIGHT_KEYS_HOME"] = home
        check("bundled model predicts", _check_predictor)
        check("editor window suggests offscreen", lambda: _check_window(Path(home)))
        check("fine-tuning runs", _check_finetuning)
    for name, passed, detail in results:
        print(f"{'PASS' if passed else 'FAIL'}  {name}: {detail}")
    failed = sum(not passed for _, passed, _ in results)
    frozen = "frozen" if getattr(sys, "frozen", False) else "from source"
    print(f"self-test ({frozen}): {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


def _check_predictor() -> str:
    from model import Predictor, default_model_path

    predictor = Predictor.load(device="cpu")
    words = predictor.suggest_words(KNOWN_CONTEXT, k=3)
    if EXPECTED_WORD not in words:
        raise AssertionError(f"expected {EXPECTED_WORD!r} among {words} after {KNOWN_CONTEXT!r}")
    next_chars = predictor.next_chars(KNOWN_CONTEXT, k=3)
    return f"{default_model_path().name}: {words}, next {next_chars[0][0]!r} {next_chars[0][1]:.2f}"


def _check_finetuning() -> str:
    from model import FineTuning, FinetuneSettings, Predictor

    predictor = Predictor.load(device="cpu")
    text = "My friend Zorblat writes code every morning.\n" * 60
    settings = FinetuneSettings(minutes=0.1, epochs=2, batch_size=8, sequence_length=64, validate_every=5, savings_chars=50)
    run = FineTuning(predictor.network, predictor.metadata, text, settings, replay_text=text[:1500] + "\n" * 10)
    steps = sum(1 for _ in run.run())
    return f"{steps} steps, held-out {run.report.before['held_out_bits_per_character']:.2f} -> {run.report.after['held_out_bits_per_character']:.2f} bits/char"


def _check_window(home: Path) -> str:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from keyboard_app.app import create_main_window, install_qt_message_filter, process_events_until

    install_qt_message_filter()
    QApplication.instance() or QApplication([sys.argv[0]])
    window = create_main_window()
    try:
        window.show()
        process_events_until(lambda: window.model_label.text().startswith("model:"), "model loaded")
        window.editor.insertPlainText(KNOWN_CONTEXT)
        process_events_until(lambda: window.last_prediction and window.last_prediction.context == KNOWN_CONTEXT, "suggestions")
        words = window.suggestion_bar.words
        if EXPECTED_WORD not in words:
            raise AssertionError(f"the window suggested {words}")
        document = home / "self-test.txt"
        if not window.files.save_to(document) or document.read_text(encoding="utf-8") != KNOWN_CONTEXT:
            raise AssertionError("saving a document failed")
        written = sorted(str(path.relative_to(home)) for path in home.rglob("*") if path.is_file())
        return f"suggested {words}; wrote {', '.join(written)}"
    finally:
        window.editor.document().setModified(False)
        window.close()
        QCoreApplication.processEvents()
