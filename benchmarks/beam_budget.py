"""The word beam search's width and step budget (PredictorOptions.beam_width, beam_max_steps): quality and work.

For each setting, a simulated user (model.evaluate.evaluation) types the first --max-chars characters of each
validation file in standard spelling, as benchmarks/quality.py does: keystroke savings, next-word top-3 and
completion top-3, and the LSTM steps and rows of every beam search (a step's time grows with its rows: on an
AVX2 core, 1 row 0.43 ms, 2-4 rows 0.62 ms, 6-8 rows 1.04 ms). The first setting, the search before the
budget (8 beams, no budget), is the baseline of the ratios. The time of a key is measured by key_path.py.

    python benchmarks/beam_budget.py [--max-chars 4000]
"""

from __future__ import annotations

import argparse
import dataclasses
import time

from common import corpus_text
from quality import VALIDATION_FILES

import torch

from model import Predictor
from model.evaluate.evaluation import percentile, simulate_typing
from model.predict.beam import Advance
from model.text.everyday_spelling import standardise_spelling

SETTINGS = [(8, None), (4, None), (8, 7), (4, 7), (4, 5)]  # (beam_width, beam_max_steps): the first is the baseline


class CountedSearches:
    """A Predictor whose beam searches are counted: LSTM steps and rows of each."""

    def __init__(self, predictor: Predictor) -> None:
        self.steps: list[int] = []
        self.rows: list[int] = []
        beam_advance = predictor._beam_advance

        def counted_advance(log_probabilities: torch.Tensor) -> Advance:
            advance = beam_advance(log_probabilities)
            self.steps.append(0)
            self.rows.append(0)

            def step(parents: torch.Tensor, characters: torch.Tensor) -> torch.Tensor:
                self.steps[-1] += 1
                self.rows[-1] += len(parents)
                return advance(parents, characters)

            return step

        predictor._beam_advance = counted_advance


def measure(width: int, max_steps: int | None, max_chars: int) -> dict[str, float]:
    """Mean keystroke savings, next-word and completion top-3 over the validation files, and the beam's work."""
    figures, counted, seconds = [], [], time.perf_counter()
    for name in VALIDATION_FILES:
        predictor = Predictor.load(device="cpu")
        predictor.options = dataclasses.replace(predictor.options, beam_width=width, beam_max_steps=max_steps)
        counted.append(CountedSearches(predictor))
        figures.append(simulate_typing(predictor, standardise_spelling(corpus_text(name, max_chars))))
    steps = sorted(step for searches in counted for step in searches.steps)
    rows = [row for searches in counted for row in searches.rows]
    return {
        "keystroke savings": sum(f.keystroke_savings for f in figures) / len(figures),
        "next-word top-3": sum(f.next_word_top3 for f in figures) / len(figures),
        "completion top-3": sum(f.completion_top3_after_two_letters for f in figures) / len(figures),
        "steps mean": sum(steps) / len(steps),
        "steps p99": percentile(steps, 99),
        "steps max": steps[-1],
        "rows mean": sum(rows) / len(rows),
        "seconds": time.perf_counter() - seconds,
    }


def main() -> None:
    """Measure every setting of SETTINGS and print its figures with their ratios to the first."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-chars", type=int, default=4_000, help="characters the simulated user types per file")
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    baseline = None
    for width, max_steps in SETTINGS:
        figures = measure(width, max_steps, arguments.max_chars)
        baseline = baseline or figures
        print(f"beam_width {width}, beam_max_steps {max_steps}:")
        for name, value in figures.items():
            ratio = f"  ({value / baseline[name]:.2f}x the first)" if baseline[name] and name != "seconds" else ""
            print(f"  {name:18} {value:8.4f}{ratio}")


if __name__ == "__main__":
    main()
