"""The user's models folder: the default model copied in at first run, the active model loaded from it, and
the personal versions that learning makes (the newest KEPT_VERSIONS are kept), imported and exported models.

Repairs happen in one place, `ModelFolder.repair`, which the app runs once at start-up on one thread before
any worker starts: it sweeps temporaries left by killed saves and restores a missing or damaged copy of the
default model. Loading and listing only read: a model that does not load is reported (ModelFileError) and
left where it is, and the shipped default is used instead. Importing this module does not import torch, so
the repair runs before torch has loaded.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from model.errors import ModelFileError, ProtectedModelError
from model.files.atomic_file import atomic_write_bytes, keep_aside, sweep_stale_temporaries
from model.files.resources import DEFAULT_MODEL_NAME, default_model_path

if TYPE_CHECKING:
    from model.core.network import CharLSTM
    from model.files.checkpoint import ModelMetadata
    from model.lexicon.word_counts import WordCounts
    from model.predict.predictor import Predictor
    from model.predict.starter_words import StarterWords

log = logging.getLogger(__name__)

PERSONAL_PREFIX = "personal-"
KEPT_VERSIONS = 10


@dataclass
class LoadedModel:
    """A loaded predictor and the file it came from; `failure` says why the wanted model was not used."""

    predictor: Predictor
    path: Path
    wanted: str  # the model file name asked for
    failure: ModelFileError | None = None  # set when `path` is a stand-in for the wanted model


@dataclass
class DefaultModelRestored:
    """What `repair` did to a damaged copy of the default model: kept it aside and copied the shipped one in."""

    damaged: Path
    kept_as: Path


@dataclass
class ModelVersion:
    """A model file in the user's folder with what its metadata says about it."""

    path: Path
    saved_at: str
    source: str  # "default", "typing", "documents", "imported"; "" for a damaged file
    figures: dict
    damaged: str = ""  # why the file cannot be used ("" when it loads)


class ModelFolder:
    """The models folder at `path`: repaired once at start-up, then read by both workers, written by the learner
    (new versions) and by the user's actions (import, delete)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def default_model(self) -> Path:
        """The user's copy of the shipped default model."""
        return self.path / DEFAULT_MODEL_NAME

    def repair(self) -> list[DefaultModelRestored]:
        """Start-up only, on one thread: sweep stale temporaries whatever model is active, and copy the shipped
        default in when it is missing or its size differs (a damaged copy is kept aside, never deleted)."""
        self.path.mkdir(parents=True, exist_ok=True)
        for stale in sweep_stale_temporaries(self.path):
            log.info("removed %s, left by an interrupted save", stale.name)
        shipped = default_model_path()
        installed = self.default_model
        restored = []
        if installed.exists() and installed.stat().st_size != shipped.stat().st_size:
            restored.append(DefaultModelRestored(installed, keep_aside(installed)))
        if not installed.exists():
            atomic_write_bytes(installed, shipped.read_bytes())
        return restored

    def load(self, name: str, device: str) -> LoadedModel:
        """Load model `name` from the folder; on any defect, the default (the user's copy, else the shipped one).

        Only reads. Raises ModelFileError when not even the shipped default loads (a broken installation).
        """
        from model.predict.predictor import Predictor

        wanted, *first_choices, last_resort = self._choices(name)
        try:
            return LoadedModel(Predictor.load(wanted, device=device), wanted, name)
        except ModelFileError as error:
            failure = error
        log.warning("%s; using the default model", failure)
        for fallback in first_choices:
            try:
                return LoadedModel(Predictor.load(fallback, device=device), fallback, name, failure)
            except ModelFileError as error:
                log.warning("%s", error)
        return LoadedModel(Predictor.load(last_resort, device=device), last_resort, name, failure)

    def starter_words(self, name: str) -> StarterWords | None:
        """The word counts of the model `load(name)` would load, read without torch (model.predict.starter_words),
        for suggestions while torch loads; None when no file in `load`'s order has readable counts."""
        from model.predict.starter_words import StarterWords

        for path in self._choices(name):
            try:
                return StarterWords.read(path)
            except ModelFileError as error:
                log.info("no starter words: %s", error)
        return None

    def _choices(self, name: str) -> list[Path]:
        """The files `load(name)` tries in turn: the wanted one, the user's copy of the default, the shipped one."""
        wanted = self.path / name
        return [wanted, *(path for path in (self.default_model, default_model_path()) if path != wanted)]

    def save_version(
        self,
        network: CharLSTM,
        metadata: ModelMetadata,
        source: str,
        figures: dict,
        word_counts: WordCounts | None = None,
    ) -> Path:
        """Save a new personal version atomically (a killed save leaves the previous ones intact); prune old ones."""
        from model.files.checkpoint import save_model

        saved_at = time.strftime("%Y-%m-%dT%H:%M:%S")
        stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 1_000_000:06d}"
        path = self.path / f"{PERSONAL_PREFIX}{stamp}.safetensors"
        versioned = dataclasses.replace(
            metadata,
            name=path.stem,
            training={**metadata.training, "source": source, "saved_at": saved_at},
            validation={**metadata.validation, "personal": figures},
        )
        save_model(path, network, versioned, word_counts)
        self._prune_versions(keep_also=path.name)
        return path

    def _prune_versions(self, keep_also: str) -> None:
        """Delete personal versions beyond the newest KEPT_VERSIONS, never `keep_also` (the active one)."""
        personal = sorted(self.path.glob(f"{PERSONAL_PREFIX}*.safetensors"), reverse=True)
        for old in personal[KEPT_VERSIONS:]:
            if old.name != keep_also:
                old.unlink(missing_ok=True)

    def list_versions(self) -> list[ModelVersion]:
        """Every model file in the folder, newest first, the default last; a file that would not load is listed
        last of all, with why (`damaged`). Each is checked as loading would check it (never blocking on a FIFO)."""
        from model.files.checkpoint import read_model_bytes, verify_model_bytes

        versions = []
        for path in self.path.glob("*.safetensors"):
            modified = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(path.lstat().st_mtime))
            try:
                metadata = verify_model_bytes(read_model_bytes(path), path)
            except ModelFileError as error:
                versions.append(ModelVersion(path, modified, "", {}, damaged=error.reason))
                continue
            training = metadata.training
            source = "default" if path.name == DEFAULT_MODEL_NAME else training.get("source", "imported")
            figures = metadata.validation.get("personal")
            versions.append(
                ModelVersion(path, str(training.get("saved_at", modified)), str(source), figures if isinstance(figures, dict) else {})
            )
        return sorted(
            versions, key=lambda version: (not version.damaged, version.source != "default", version.saved_at), reverse=True
        )

    def import_model(self, source: Path) -> Path:
        """Copy a .safetensors model into the folder after checking it loads; raises ModelFileError if not."""
        from model.files.checkpoint import read_model_bytes, verify_model_bytes

        if source.suffix != ".safetensors":
            raise ModelFileError(source, "only .safetensors model files can be imported")
        data = read_model_bytes(source)  # read once: the bytes checked are the bytes copied
        verify_model_bytes(data, source)  # a complete model of ours
        target = self.path / f"imported-{time.strftime('%Y%m%d-%H%M%S')}-{source.name}"
        atomic_write_bytes(target, data)
        return target

    def delete_version(self, name: str) -> None:
        """Delete one personal or imported version; the default and names outside the folder: ProtectedModelError."""
        if name == DEFAULT_MODEL_NAME or Path(name).name != name:
            raise ProtectedModelError(name)
        (self.path / name).unlink(missing_ok=True)

    def delete_personal_models(self) -> None:
        """Delete every file but the default model (part of deleting all personal data).

        That is personal versions, imported models, models kept aside as broken, and unfinished saves.
        """
        for path in self.path.iterdir():
            if path.is_file() and path.name != DEFAULT_MODEL_NAME:
                path.unlink(missing_ok=True)
