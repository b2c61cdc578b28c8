"""Helpers shared by the benchmarks: paths, thread settings and a typed-text sample."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("FORESIGHT_CORPUS", REPOSITORY.parent / "shared" / "corpus"))
sys.path.insert(0, str(REPOSITORY))


def corpus_text(name: str, max_chars: int | None = None) -> str:
    """A corpus file's text, optionally cut to its first `max_chars` characters."""
    text = (CORPUS / name).read_text(encoding="utf-8", errors="replace")
    return text[:max_chars] if max_chars else text


def resident_memory_mb() -> float:
    """This process's resident set size in MB, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("VmRSS not found in /proc/self/status")


def fp32_step_predictor(path: str | None = None):
    """The model at `path` (default: the shipped one) predicting with its exact fp32 weights and torch.lstm_cell
    steps: the reference beside which the packed half-precision steps (model.core.packed_step) are judged."""
    from model import Predictor
    from model.files.checkpoint import load_model_file
    from model.files.resources import default_model_path

    model_path = Path(path) if path else default_model_path()
    model_file = load_model_file(model_path)
    model_file.network.packed_steps = False
    return Predictor(
        model_file.network, model_file.metadata, device="cpu", source_path=model_path, word_counts=model_file.word_counts
    )
