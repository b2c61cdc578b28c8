"""Model files round-trip, save atomically, and fail with one clear error naming the file."""

import json
import os
import struct
from pathlib import Path

import pytest
import torch
from safetensors.torch import save_file

from model import ModelFileError
from model.files.checkpoint import load_model, read_metadata, save_model


def test_save_and_load_round_trip_keeps_weights_and_metadata(tiny_model_path, tmp_path):
    network, metadata = load_model(tiny_model_path)
    copy_path = tmp_path / "copy.safetensors"
    metadata.validation = {"bits_per_character": {"mean": 1.5}}
    save_model(copy_path, network, metadata)
    loaded, loaded_metadata = load_model(copy_path)
    for name, tensor in network.state_dict().items():
        assert torch.equal(tensor, loaded.state_dict()[name])
    assert loaded_metadata.vocabulary.characters == metadata.vocabulary.characters
    assert loaded_metadata.config == metadata.config
    assert read_metadata(copy_path).validation == {"bits_per_character": {"mean": 1.5}}


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:5],  # truncated inside the header length
        lambda data: b"\xff" * 8 + data[8:],  # header length nonsense
        lambda data: data[:8] + b"#" * 20 + data[28:],  # corrupt header JSON
        lambda data: b"",  # empty
    ],
    ids=["truncated-half", "truncated-header", "bad-length", "corrupt-header", "empty"],
)
def test_damaged_file_raises_model_file_error_naming_it(tiny_model_path, tmp_path, damage):
    damaged = tmp_path / "damaged.safetensors"
    with open(tiny_model_path, "rb") as original:
        damaged.write_bytes(damage(original.read()))
    with pytest.raises(ModelFileError) as raised:
        load_model(damaged)
    assert str(damaged) in str(raised.value)


def test_foreign_safetensors_file_is_refused(tmp_path):
    foreign = tmp_path / "foreign.safetensors"
    save_file({"weight": torch.zeros(3)}, foreign, metadata={"format": "pt"})
    with pytest.raises(ModelFileError, match="not a Foresight Keys model"):
        load_model(foreign)


def with_metadata(model_path: str, target: Path, change) -> Path:
    """A copy of a model file whose metadata JSON (parsed) is replaced by change(metadata)."""
    data = Path(model_path).read_bytes()
    header_length = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8 : 8 + header_length])
    header["__metadata__"]["foresight_keys"] = json.dumps(change(json.loads(header["__metadata__"]["foresight_keys"])))
    new_header = json.dumps(header).encode()
    target.write_bytes(struct.pack("<Q", len(new_header)) + new_header + data[8 + header_length :])
    return target


def test_file_from_a_newer_format_version_is_refused(tiny_model_path, tmp_path):
    newer = with_metadata(tiny_model_path, tmp_path / "newer.safetensors", lambda inner: {**inner, "format_version": 99})
    with pytest.raises(ModelFileError, match="format version 99"):
        load_model(newer)


def test_metadata_that_is_not_an_object_is_a_clear_error(tiny_model_path, tmp_path):
    listed = with_metadata(tiny_model_path, tmp_path / "listed.safetensors", lambda inner: [1, 2])
    with pytest.raises(ModelFileError, match="listed.safetensors.*not an object"):
        load_model(listed)
    with pytest.raises(ModelFileError, match="not an object"):
        read_metadata(listed)


def test_a_header_claiming_a_huge_network_is_refused_before_allocating_it(tiny_model_path, tmp_path):
    def huge(inner):
        inner["config"]["hidden_size"] = 1_000_000  # 4e12 weights: allocating them would fail or swap
        return inner

    claimed = with_metadata(tiny_model_path, tmp_path / "claimed.safetensors", huge)
    with pytest.raises(ModelFileError, match="out of range"):
        load_model(claimed)


def test_missing_file_and_pickle_are_model_file_errors(tmp_path):
    with pytest.raises(ModelFileError, match="missing.safetensors"):
        load_model(tmp_path / "missing.safetensors")
    pickled = tmp_path / "pickled.safetensors"
    torch.save({"weight": torch.zeros(2)}, pickled)
    with pytest.raises(ModelFileError):
        load_model(pickled)


def test_failed_save_leaves_previous_file_intact(tiny_model_path, tmp_path, monkeypatch):
    network, metadata = load_model(tiny_model_path)
    target = tmp_path / "model.safetensors"
    save_model(target, network, metadata)
    before = target.read_bytes()

    def disk_full(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with torch.no_grad():
        network.head.bias.add_(1.0)
    with pytest.raises(OSError, match="could not save"):
        save_model(target, network, metadata)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.safetensors"]


def test_atomic_write_keeps_permissions_and_writes_through_a_symlink(tmp_path):
    from model.files.atomic_file import atomic_write_bytes

    private = tmp_path / "diary.txt"
    private.write_text("old", encoding="utf-8")
    private.chmod(0o600)
    link = tmp_path / "link.txt"
    link.symlink_to(private)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and private.read_bytes() == b"new"
    assert private.stat().st_mode & 0o777 == 0o600
    atomic_write_bytes(tmp_path / "fresh.txt", b"x")
    assert (tmp_path / "fresh.txt").stat().st_mode & 0o777 == 0o644
