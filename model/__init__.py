"""Foresight Keys prediction engine: a character LSTM that predicts next characters and words.

The public API is `Predictor`; the app, the CLI and the benchmarks all go through it. No Qt here.
"""

from model.checkpoint import ModelFileError
from model.predictor import Predictor, PredictorOptions

__all__ = ["ModelFileError", "Predictor", "PredictorOptions"]
