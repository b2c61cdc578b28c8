"""Foresight Keys prediction engine: a character LSTM that predicts next characters and words. No Qt here.

This module is the one door into the engine: the app imports only the names in `__all__` (a test holds it
to that); the CLI, the benchmarks and the engine's own tests may use its packages directly. `Predictor` is
the API outside evaluation tools call. Each name is imported from its module the first time it is asked for
(PEP 562), so that a light name (`split_typed_word`, `ModelFolder`) does not import torch: the app shows its
window and repairs the user's folder before torch has loaded.

Packages: `core` (vocabulary, network, device), `text` (words, sentences, spacing, spelling), `lexicon` (word
statistics mixed into suggestions), `predict` (the Predictor), `train` (training and fine-tuning), `evaluate`
(figures and baselines), `files` (model files, atomic writes, resources, documents, the models folder).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "model.errors": ("DeviceError", "EngineError", "ModelFileError", "PersonalStoreError", "ProtectedModelError"),
    "model.predict.predictor": ("Predictor", "PredictorOptions"),
    "model.predict.suggestions": ("Suggestions",),
    "model.predict.starter_words": ("StarterWords",),
    "model.predict.personal": ("PersonalLanguage",),
    "model.lexicon.personal_summary": ("PersonalSummary",),
    "model.files.personal_store": ("PersonalStore",),
    "model.predict.context": ("read_start",),
    "model.text.words": (
        "closes_after_word",
        "is_word_character",
        "sentence_spans",
        "space_before_next_word",
        "split_typed_word",
        "split_words",
        "starts_sentence",
    ),
    "model.files.atomic_file": ("atomic_write_bytes", "keep_aside"),
    "model.files.documents": ("decode_text", "read_documents", "text_encoding"),
    "model.files.model_folder": ("DefaultModelRestored", "LoadedModel", "ModelFolder", "ModelVersion"),
    "model.files.resources": ("DEFAULT_MODEL_NAME", "default_model_path", "resource_path"),
    "model.core.device": ("DEVICE_CHOICES", "available_devices", "resolve_device"),
    "model.lexicon.english_words": ("load_shipped_english_words",),
    "model.lexicon.word_counts": ("WordCounts",),
    "model.train.finetune": ("FineTuning", "FinetuneReport"),
    "model.train.training": ("TrainingProgress",),
    "model.train.training_settings": ("FinetuneSettings",),
}
_HOME_OF = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_HOME_OF)


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for (PEP 562)."""
    if name not in _HOME_OF:
        raise AttributeError(f"module 'model' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOME_OF[name]), name)
    globals()[name] = value  # the next lookup is an ordinary attribute
    return value


def __dir__() -> list[str]:
    """The public names, for dir() and completion."""
    return __all__
