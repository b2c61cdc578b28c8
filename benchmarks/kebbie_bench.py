"""Typos on kebbie, FleksySDK's keyboard benchmark: next word, completion and auto-correction with realistic
typos, on held-out sentences of the shared validation files, beside a keyboard that corrects nothing.

kebbie 0.5.1 (MIT) is installed without its dependencies (its pins would downgrade numpy):

    .venv/bin/pip install --no-deps kebbie==0.5.1 && .venv/bin/pip install regex scipy requests
    python benchmarks/kebbie_bench.py [--sentences 100] [--processes 2] [--offset 60] [--record cases.jsonl]
    python benchmarks/kebbie_bench.py --replay cases.jsonl   # the recorded completions through the code as it is

Its emulator module imports cv2, appium, pytesseract, PIL and selenium, and its utils `datasets` (for the SODA
data set it would download): those are stubbed here, never used. Its noise model downloads a tweet typo list
for the COMMON_TYPO kind: that kind is turned off (about 9% of correction cases still carry a typo without
it). The tasks map the faithful way: next word -> `suggest_words`, completion -> `suggest_words(...,
typos=True)`, correction -> `correct_word`; the baseline answers completion without typos and never corrects.
With --fp32-steps the typo model runs a second time with exact fp32 LSTM steps (model.core.packed_step's
reference) instead of the baseline.
"""

from __future__ import annotations

import argparse
import importlib.abc
import importlib.machinery
import json
import sys
import types

from common import corpus_text, fp32_step_predictor

STUBBED = ("datasets", "cv2", "pytesseract", "appium", "PIL", "selenium")
VALIDATION_FILES = ("valid_modern_chat.txt", "valid_chat.txt", "valid_modern_speech.txt")


class _Anything(type):
    """A stand-in class whose every attribute is itself: `webdriver.Remote`, `Image.Image`, ..."""

    def __getattr__(cls, name):
        return cls


def _stand_in(attribute: str) -> type:
    """A stub module's attribute: a stand-in class, except Python's own dunder names (inspect asks for them)."""
    if attribute.startswith("__"):
        raise AttributeError(attribute)
    return _Anything(attribute, (), {})


class _Stubs(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Empty modules for kebbie's imports that its evaluate path never uses."""

    def find_spec(self, name, path=None, target=None):
        return importlib.machinery.ModuleSpec(name, self, is_package=True) if name.split(".")[0] in STUBBED else None

    def create_module(self, spec):
        module = types.ModuleType(spec.name)
        module.__path__ = []
        module.__getattr__ = _stand_in
        return module

    def exec_module(self, module):
        pass


sys.meta_path.insert(0, _Stubs())

import kebbie  # noqa: E402
from kebbie.correctors import Corrector  # noqa: E402
from kebbie.noise_model import NoiseModel  # noqa: E402

NoiseModel._get_common_typos = lambda self: {}  # the COMMON_TYPO kind needs a download: off


class ForesightCorrector(Corrector):
    """Foresight Keys' Predictor behind kebbie's Corrector interface (built in each worker process)."""

    def __init__(self, typos: bool = True, fp32_steps: bool = False) -> None:
        self.typos = typos
        self.fp32_steps = fp32_steps
        self._predictor = None

    @property
    def predictor(self):
        if self._predictor is None:
            import torch

            from model import Predictor

            torch.set_num_threads(1)
            self._predictor = fp32_step_predictor() if self.fp32_steps else Predictor.load(device="cpu")
        return self._predictor

    def predict_next_word(self, context: str) -> list[str]:
        return self.predictor.suggest_words(context, 3)

    def auto_complete(self, context: str, keystrokes, partial_word: str) -> list[str]:
        return self.predictor.suggest_words(context + partial_word, 3, typos=self.typos)

    def auto_correct(self, context: str, keystrokes, word: str) -> list[str]:
        return self.predictor.correct_word(context, word, 3) if self.typos else [word]


def sentences(name: str, count: int, offset: int = 0) -> list[str]:
    """`count` lines of a validation file with at least four words, after the first `offset` such lines."""
    found = []
    for line in corpus_text(name).splitlines():
        if len(line.split()) >= 4:
            found.append(line.strip())
        if len(found) == offset + count:
            break
    return found[offset:]


def record_completions(path: str) -> None:
    """Write every completion case kebbie scores (context, typed part with its typos, word meant) to `path`, one
    JSON object a line, for `replay_completions`: a change to the typo search is then judged in minutes."""
    from kebbie.scorer import Scorer

    scored = Scorer.acp

    def recorded(self, true_word, predicted_words, partial_word, context, **rest):
        with open(path, "a", encoding="utf-8") as cases:
            cases.write(json.dumps({"context": context, "typed": partial_word, "meant": true_word}) + "\n")
        return scored(self, true_word, predicted_words, partial_word=partial_word, context=context, **rest)

    Scorer.acp = recorded


def replay_completions(path: str) -> dict:
    """Completion top-3 of recorded cases through the current code, with and without a typo (kebbie's split: a
    typo when the word meant does not start with the typed part, a lost capital included)."""
    corrector = ForesightCorrector()
    right, total = {"with_typo": 0, "without_typo": 0}, {"with_typo": 0, "without_typo": 0}
    with open(path, encoding="utf-8") as cases:
        for case in map(json.loads, cases):
            kind = "without_typo" if case["meant"].startswith(case["typed"]) else "with_typo"
            total[kind] += 1
            right[kind] += case["meant"] in corrector.auto_complete(case["context"], None, case["typed"])[:3]
    return {f"completion_top3_{kind}": round(right[kind] / max(1, total[kind]), 3) for kind in total} | total


def figures(results: dict) -> dict:
    """The headline figures of a kebbie result."""
    overall = results["overall_score"]
    next_word, completion, correction = (results[task] for task in ("next_word_prediction", "auto_completion", "auto_correction"))
    return {
        "overall": round(overall, 3),
        "next_word_top3": round(next_word["score"]["top3_accuracy"], 3),
        "completion_top3": round(completion["score"]["top3_accuracy"], 3),
        "correction_f": round(correction["score"]["fscore"], 3),
        "correction_precision": round(correction["score"]["precision"], 3),
        "correction_recall": round(correction["score"]["recall"], 3),
        "completion_top3_with_typo": round(completion["per_other"]["with_typo"]["top3_accuracy"], 3),
        "completion_top3_without_typo": round(completion["per_other"]["without_typo"]["top3_accuracy"], 3),
        "completion_ms": completion["performances"]["mean_runtime"],
        "correction_ms": correction["performances"]["mean_runtime"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=100, help="sentences from each validation file")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--raw", action="store_true", help="print kebbie's whole result too")
    parser.add_argument("--fp32-steps", action="store_true", help="the typo model with exact fp32 steps beside it")
    parser.add_argument("--offset", type=int, default=0, help="skip this many sentences of each file (held out)")
    parser.add_argument("--record", metavar="FILE", help="write the completion cases kebbie scores to FILE")
    parser.add_argument("--replay", metavar="FILE", help="only replay recorded completion cases, without kebbie")
    arguments = parser.parse_args()
    if arguments.replay:
        print(json.dumps(replay_completions(arguments.replay)))
        return
    dataset = {
        name.removesuffix(".txt"): sentences(name, arguments.sentences, arguments.offset) for name in VALIDATION_FILES
    }
    report = {}
    baseline = ("fp32 steps", ForesightCorrector(fp32_steps=True)) if arguments.fp32_steps else (
        "no correction", ForesightCorrector(typos=False))
    for label, corrector in (baseline, ("typo model", ForesightCorrector())):
        if arguments.record and label == "typo model":
            record_completions(arguments.record)  # the cases are the same for both: recorded once
        results = kebbie.evaluate(corrector, dataset=dataset, n_proc=arguments.processes)
        report[label] = figures(results)
        if arguments.raw:
            print(json.dumps(results, indent=1, default=str)[:20_000])
        print(label, json.dumps(report[label]), flush=True)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
