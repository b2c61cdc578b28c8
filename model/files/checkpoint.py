"""Model files: safetensors weights with JSON metadata in the same file's header.

One file holds everything a model needs: the weights (a state_dict, never a pickled module), optionally the
word counts that sharpen word suggestions (model.lexicon.word_counts, tensors named `word_counts.*`) and, under the
header key `foresight_keys`, the format version, vocabulary, network sizes, what it was trained on and its
validation figures. Saving is atomic; loading a truncated, corrupt or foreign file raises ModelFileError
naming the file, and nothing is ever unpickled.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load as load_safetensors_bytes
from safetensors.torch import save as save_safetensors_bytes

from model.files.atomic_file import atomic_write_bytes
from model.files.safetensors_header import (
    HEADER_ERRORS, MAX_HEADER_BYTES, MAX_MODEL_BYTES, header_metadata, read_header,
)
from model.files.regular_file import read_regular_file
from model.core.network import CharLSTM, ModelConfig
from model.core.vocabulary import Vocabulary
from model.errors import FileRefusedError, ModelFileError
from model.lexicon.count_keys import TENSOR_PREFIX
from model.lexicon.word_counts import WordCounts

FORMAT_NAME = "foresight-keys-char-lstm"
FORMAT_VERSION = 1
METADATA_KEY = "foresight_keys"
# Everything decoding a damaged or hostile file can raise (json's RecursionError on deep nesting among them).
DECODING_ERRORS = (*HEADER_ERRORS, RuntimeError, SafetensorError)


@dataclass
class ModelMetadata:
    """What a model file says about itself besides its weights."""

    config: ModelConfig
    vocabulary: Vocabulary
    name: str = "model"
    trained_on: list[str] = field(default_factory=list)
    training: dict = field(default_factory=dict)
    validation: dict = field(default_factory=dict)

    def to_json(self) -> str:
        """The header string stored in the safetensors file."""
        return json.dumps(
            {
                "format": FORMAT_NAME,
                "format_version": FORMAT_VERSION,
                "name": self.name,
                "config": self.config.to_dict(),
                "vocabulary": self.vocabulary.characters,
                "trained_on": self.trained_on,
                "training": self.training,
                "validation": self.validation,
            },
            ensure_ascii=True,
        )

    @classmethod
    def from_json(cls, text: str) -> ModelMetadata:
        """Parse a header string; raises ValueError when it is not ours or from a newer version."""
        values = json.loads(text)
        if not isinstance(values, dict):
            raise ValueError(f"metadata is a JSON {type(values).__name__}, not an object")
        if values.get("format") != FORMAT_NAME:
            raise ValueError(f"not a {FORMAT_NAME} file (format {values.get('format')!r})")
        if values.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"format version {values.get('format_version')!r}, this program reads {FORMAT_VERSION}")
        return cls(
            config=ModelConfig.from_dict(values["config"]),
            vocabulary=Vocabulary(values["vocabulary"]),
            name=str(values.get("name", "model")),
            trained_on=list(values.get("trained_on", [])),
            training=dict(values.get("training", {})),
            validation=dict(values.get("validation", {})),
        )


@dataclass
class ModelFile:
    """Everything a model file holds."""

    network: CharLSTM
    metadata: ModelMetadata
    word_counts: WordCounts | None = None


def model_file_bytes(network: CharLSTM, metadata: ModelMetadata, word_counts: WordCounts | None = None) -> bytes:
    """Serialise a network, its metadata and optional word counts to the bytes of a model file."""
    tensors = {name: tensor.detach().to("cpu").contiguous() for name, tensor in network.state_dict().items()}
    if word_counts is not None:
        tensors.update(word_counts.to_tensors())
    return save_safetensors_bytes(tensors, metadata={METADATA_KEY: metadata.to_json()})


def save_model(
    path: str | os.PathLike, network: CharLSTM, metadata: ModelMetadata, word_counts: WordCounts | None = None
) -> None:
    """Write a model file atomically: the previous file stays intact until the new one is complete."""
    atomic_write_bytes(path, model_file_bytes(network, metadata, word_counts))


def read_metadata(path: str | os.PathLike) -> ModelMetadata:
    """Read only the header of a model file (for listings, without loading weights); raises ModelFileError."""
    path = Path(path)
    try:
        head = read_regular_file(path, MAX_MODEL_BYTES, length=8 + MAX_HEADER_BYTES)  # holds any header allowed
        return ModelMetadata.from_json(_read_header_metadata(head)[METADATA_KEY])
    except FileRefusedError as error:
        raise ModelFileError(path, error.reason) from error
    except DECODING_ERRORS as error:
        raise ModelFileError(path, f"not a Foresight Keys model ({_short(error)})") from error


def load_model(path: str | os.PathLike) -> tuple[CharLSTM, ModelMetadata]:
    """Load a model file's network (on the CPU, in eval mode) and metadata; raises ModelFileError."""
    model_file = load_model_file(path)
    return model_file.network, model_file.metadata


def read_tensors(path: str | os.PathLike) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """The tensors and header metadata of a safetensors file; raises ModelFileError naming it if unreadable."""
    path = Path(path)
    return _tensors_of(read_model_bytes(path), path)


def read_model_bytes(path: str | os.PathLike) -> bytes:
    """The bytes of a model file, if it is a regular file within MAX_MODEL_BYTES; ModelFileError if not."""
    try:
        return read_regular_file(path, MAX_MODEL_BYTES)
    except FileRefusedError as error:
        raise ModelFileError(path, error.reason) from error


def _tensors_of(data: bytes, path: Path) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """The tensors and header metadata of the safetensors bytes of `path`; ModelFileError if unreadable."""
    try:
        header_metadata = _read_header_metadata(data)  # first: it bounds the header safetensors will parse
        return load_safetensors_bytes(data), header_metadata
    except DECODING_ERRORS as error:
        raise ModelFileError(path, f"not a readable safetensors file ({_short(error)})") from error


def load_model_file(path: str | os.PathLike) -> ModelFile:
    """Load everything in a model file; any defect raises ModelFileError naming the file."""
    path = Path(path)
    weights, metadata, word_counts = _checked_contents(read_model_bytes(path), path)
    network = CharLSTM(metadata.config)
    try:
        network.load_state_dict(weights, strict=True)
    except RuntimeError as error:
        raise ModelFileError(path, f"inconsistent model file ({_short(error)})") from error
    network.eval()
    return ModelFile(network, metadata, word_counts)


def verify_model_bytes(data: bytes, path: str | os.PathLike) -> ModelMetadata:
    """Check the bytes of the model file `path` as loading would (header, shapes, number types, finite weights)
    without building the network, for listings and imports; returns its metadata or raises ModelFileError."""
    return _checked_contents(data, Path(path))[1]


def _checked_contents(data: bytes, path: Path) -> tuple[dict[str, torch.Tensor], ModelMetadata, WordCounts | None]:
    """The network weights, metadata and word counts of a model file's bytes, each checked; ModelFileError if not."""
    weights, header_metadata = _tensors_of(data, path)
    if METADATA_KEY not in header_metadata:
        raise ModelFileError(path, "a safetensors file, but not a Foresight Keys model (no metadata)")
    try:
        metadata = ModelMetadata.from_json(header_metadata[METADATA_KEY])
        if metadata.config.vocab_size != len(metadata.vocabulary):
            raise ValueError("vocabulary size does not match the network")
        word_counts = WordCounts.from_tensors(weights)
        weights = {name: tensor for name, tensor in weights.items() if not name.startswith(TENSOR_PREFIX)}
        _check_shapes(weights, metadata.config)  # before allocating: a damaged header may claim a huge network
    except DECODING_ERRORS as error:
        raise ModelFileError(path, f"inconsistent model file ({_short(error)})") from error
    if not all(tensor.is_floating_point() for tensor in weights.values()):
        raise ModelFileError(path, "weights are not floating-point numbers")
    if not all(torch.isfinite(tensor).all() for tensor in weights.values()):
        raise ModelFileError(path, "weights hold NaN or infinite values")
    return weights, metadata, word_counts


def _check_shapes(weights: dict[str, torch.Tensor], config: ModelConfig) -> None:
    """Raise ValueError unless `weights` have exactly the names and shapes of a network of `config`."""
    expected = CharLSTM.parameter_shapes(config)
    found = {name: tuple(tensor.shape) for name, tensor in weights.items()}
    if found != expected:
        wrong = sorted(name for name in expected.keys() | found.keys() if expected.get(name) != found.get(name))
        raise ValueError(f"weights do not match the network the header describes ({', '.join(wrong[:3])})")


def _read_header_metadata(data: bytes) -> dict[str, str]:
    """The `__metadata__` table of a safetensors header, within MAX_HEADER_BYTES; ValueError if not."""
    return header_metadata(read_header(data))


def _short(error: Exception) -> str:
    """An error's message cut to one readable line (a damaged file can make a parser say a great deal)."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text if len(text) <= 200 else text[:200] + "…"
