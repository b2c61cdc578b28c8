"""Foresight Keys prediction engine: a character LSTM that predicts next characters and words.

The public API is `Predictor`; the app, the CLI and the benchmarks all go through it. No Qt here. The names
are imported when first used, so that importing a light module of this package (`model.text.words`) does not
import torch: the app shows its window before torch has loaded.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from model.files.checkpoint import ModelFileError
    from model.predict.predictor import Predictor, PredictorOptions

_HOME_OF = {"ModelFileError": "model.files.checkpoint", "Predictor": "model.predict.predictor", "PredictorOptions": "model.predict.predictor"}
__all__ = ["ModelFileError", "Predictor", "PredictorOptions"]


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for (PEP 562)."""
    if name not in _HOME_OF:
        raise AttributeError(f"module 'model' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME_OF[name]), name)
