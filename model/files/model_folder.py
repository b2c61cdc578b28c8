"""The user's models folder: the default model copied in at first run, the active model loaded from it, and
the personal versions that learning makes (the newest KEPT_VERSIONS are kept), imported and exported models.

A model file there that is missing or corrupt is moved aside (never deleted) and the shipped default is used,
with a message the window shows.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from model import ModelFileError, Predictor
from model.files.atomic_file import atomic_write_bytes, keep_aside, sweep_stale_temporaries
from model.files.checkpoint import ModelMetadata, load_model, read_metadata, save_model
from model.core.network import CharLSTM
from model.files.resources import DEFAULT_MODEL_NAME, default_model_path
from model.lexicon.word_counts import WordCounts

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


PERSONAL_PREFIX = "personal-"
KEPT_VERSIONS = 10


@dataclass
class ModelVersion:
    """A model file in the user's folder with what its metadata says about it."""

    path: Path
    saved_at: str
    source: str  # "default", "typing", "documents", "imported"
    figures: dict


def save_version(
    models_folder: Path,
    network: CharLSTM,
    metadata: ModelMetadata,
    source: str,
    figures: dict,
    word_counts: WordCounts | None = None,
) -> Path:
    """Save a new personal version atomically (a killed save leaves the previous ones intact); prune old ones."""
    saved_at = time.strftime("%Y-%m-%dT%H:%M:%S")
    path = models_folder / f"{PERSONAL_PREFIX}{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 1_000_000:06d}.safetensors"
    versioned = dataclasses.replace(
        metadata,
        name=path.stem,
        training={**metadata.training, "source": source, "saved_at": saved_at},
        validation={**metadata.validation, "personal": figures},
    )
    save_model(path, network, versioned, word_counts)
    prune_versions(models_folder, keep_also=path.name)
    return path


def prune_versions(models_folder: Path, keep_also: str) -> None:
    """Delete personal versions beyond the newest KEPT_VERSIONS, never `keep_also` (the active one)."""
    personal = sorted(models_folder.glob(f"{PERSONAL_PREFIX}*.safetensors"), reverse=True)
    for old in personal[KEPT_VERSIONS:]:
        if old.name != keep_also:
            old.unlink(missing_ok=True)


def list_versions(models_folder: Path) -> list[ModelVersion]:
    """Every readable model in the folder, newest first, the default last; unreadable files are left out."""
    versions = []
    for path in models_folder.glob("*.safetensors"):
        try:
            metadata = read_metadata(path)
        except ModelFileError:
            continue
        training = metadata.training
        source = "default" if path.name == DEFAULT_MODEL_NAME else training.get("source", "imported")
        saved_at = training.get("saved_at", time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(path.stat().st_mtime)))
        figures = metadata.validation.get("personal")
        versions.append(ModelVersion(path, str(saved_at), str(source), figures if isinstance(figures, dict) else {}))
    return sorted(versions, key=lambda version: (version.source != "default", version.saved_at), reverse=True)


def import_model(models_folder: Path, source: Path) -> Path:
    """Copy a .safetensors model into the folder after checking it loads; raises ModelFileError if not."""
    if source.suffix != ".safetensors":
        raise ModelFileError(source, "only .safetensors model files can be imported")
    load_model(source)  # checks it is a complete model of ours
    target = models_folder / f"imported-{time.strftime('%Y%m%d-%H%M%S')}-{source.name}"
    atomic_write_bytes(target, source.read_bytes())
    return target


def delete_version(models_folder: Path, name: str) -> None:
    """Delete one personal or imported version; the shipped default cannot be deleted (ValueError)."""
    if name == DEFAULT_MODEL_NAME or Path(name).name != name:
        raise ValueError(f"{name} cannot be deleted")
    (models_folder / name).unlink(missing_ok=True)


def delete_personal_models(models_folder: Path) -> None:
    """Delete every file but the default model (part of deleting all personal data).

    That is personal versions, imported models, models kept aside as broken, and unfinished saves.
    """
    for path in models_folder.iterdir():
        if path.is_file() and path.name != DEFAULT_MODEL_NAME:
            path.unlink(missing_ok=True)
