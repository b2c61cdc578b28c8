"""The user's models folder: the default model copied in at first run, the active model loaded from it.

A model file there that is missing or corrupt is moved aside (never deleted) and the shipped default is used,
with a message the window shows.
"""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from model import ModelFileError, Predictor
from model.atomic_file import atomic_write_bytes, sweep_stale_temporaries
from model.resources import DEFAULT_MODEL_NAME, default_model_path

log = logging.getLogger(__name__)


@dataclass
class LoadedModel:
    """A loaded predictor, the file it came from, and a message for the user if something went wrong."""

    predictor: Predictor
    path: Path
    problem: str | None = None


def install_default_model(models_folder: Path) -> Path:
    """Copy the shipped default model into the user's models folder if it is not there; return its path."""
    models_folder.mkdir(parents=True, exist_ok=True)
    sweep_stale_temporaries(models_folder)
    installed = models_folder / DEFAULT_MODEL_NAME
    if not installed.exists():
        atomic_write_bytes(installed, default_model_path().read_bytes())
    return installed


def keep_aside(path: Path) -> Path:
    """Rename a bad model file to NAME.broken-TIMESTAMP so the user can still recover it."""
    aside = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
    shutil.move(path, aside)
    return aside


def load_active_model(models_folder: Path, active_name: str, device: str) -> LoadedModel:
    """Load the active model from the user's folder, falling back to the shipped default on any defect."""
    active_path = models_folder / active_name
    try:
        if active_name == DEFAULT_MODEL_NAME:
            install_default_model(models_folder)
        return LoadedModel(Predictor.load(active_path, device=device), active_path)
    except (ModelFileError, OSError) as error:
        problem = f"Your model {active_path.name} could not be loaded ({getattr(error, 'reason', error)})."
        if active_path.exists():
            aside = keep_aside(active_path)
            problem += f" It was kept aside as {aside.name}."
        log.warning("%s Using the shipped default model.", problem)
    try:
        device_predictor = Predictor.load(install_default_model(models_folder), device=device)
        return LoadedModel(device_predictor, models_folder / DEFAULT_MODEL_NAME, problem + " Using the default model.")
    except (ModelFileError, OSError):
        return LoadedModel(Predictor.load(default_model_path(), device=device), default_model_path(), problem)
