"""Hostile model files: special files, deep or huge headers, wrong number types. Each is a ModelFileError,
found quickly, and the models listing shows such a file as damaged instead of hiding or offering it."""

import json
import os
import struct
import threading
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file

from model import ModelFileError, ModelFolder, Predictor
from model.files.checkpoint import METADATA_KEY, read_metadata

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")


def finishes(action, seconds: float = 10.0):
    """Run `action` on a thread; its result, or the exception it raised; fails if it is still blocked after `seconds`."""
    outcome = {}

    def run():
        try:
            outcome["value"] = action()
        except BaseException as error:  # noqa: BLE001 - handed to the test
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked"
    return outcome


def header_file(target: Path, header: bytes, body: bytes = b"") -> Path:
    target.write_bytes(struct.pack("<Q", len(header)) + header + body)
    return target


@pytest.fixture
def folder(tmp_path, tiny_model_path) -> Path:
    models = tmp_path / "models"
    models.mkdir()
    (models / "good.safetensors").write_bytes(Path(tiny_model_path).read_bytes())
    return models


def test_a_fifo_or_a_device_named_like_a_model_is_refused_without_blocking(folder):
    os.mkfifo(folder / "fifo.safetensors")
    (folder / "zero.safetensors").symlink_to("/dev/zero")
    (folder / "loop.safetensors").symlink_to(folder / "loop.safetensors")
    for name, kind in [("fifo", "FIFO"), ("zero", "character device"), ("loop", "symbolic links")]:
        for read in (Predictor.load, read_metadata, ModelFolder(folder).import_model):
            outcome = finishes(lambda: read(folder / f"{name}.safetensors"))
            assert isinstance(outcome.get("error"), ModelFileError) and kind in outcome["error"].reason, (name, read)
    listing = finishes(ModelFolder(folder).list_versions)["value"]
    damaged = {version.path.name: version.damaged for version in listing if version.damaged}
    assert set(damaged) == {"fifo.safetensors", "zero.safetensors", "loop.safetensors"}
    assert [version.path.name for version in listing if not version.damaged] == ["good.safetensors"]


def test_deeply_nested_or_huge_metadata_is_a_model_file_error(tmp_path, tiny_model_path):
    data = Path(tiny_model_path).read_bytes()
    header_length = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8 : 8 + header_length])
    header["__metadata__"][METADATA_KEY] = "[" * 100_000 + "]" * 100_000
    nested = header_file(tmp_path / "nested.safetensors", json.dumps(header).encode(), data[8 + header_length :])
    deep_header = header_file(tmp_path / "deep.safetensors", b"[" * 100_000 + b"]" * 100_000)
    huge = header_file(tmp_path / "huge.safetensors", b"{" + b" " * (50 * 2**20) + b"}")
    for path in (nested, deep_header, huge):
        for read in (Predictor.load, read_metadata):
            with pytest.raises(ModelFileError):
                read(path)


@pytest.mark.parametrize("damage", ["int32", "nan", "negative-size", "half"])
def test_files_that_do_not_load_are_listed_as_damaged(folder, tiny_model_path, damage):
    path = folder / f"{damage}.safetensors"
    if damage == "half":
        data = Path(tiny_model_path).read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        tensors = load_file(tiny_model_path)
        with open(tiny_model_path, "rb") as model_file:
            length = struct.unpack("<Q", model_file.read(8))[0]
            metadata = json.loads(model_file.read(length))["__metadata__"]
        if damage == "int32":
            tensors = {name: tensor.to(torch.int32) if name == "head.weight" else tensor for name, tensor in tensors.items()}
        elif damage == "nan":
            tensors["head.bias"] = torch.full_like(tensors["head.bias"], float("nan"))
        else:
            inner = json.loads(metadata[METADATA_KEY])
            inner["config"]["hidden_size"] = -5
            metadata[METADATA_KEY] = json.dumps(inner)
        save_file(tensors, path, metadata=metadata)
    with pytest.raises(ModelFileError):
        Predictor.load(path)
    listing = ModelFolder(folder).list_versions()
    assert [version.path.name for version in listing if not version.damaged] == ["good.safetensors"]
    assert [version.path.name for version in listing if version.damaged] == [path.name]
