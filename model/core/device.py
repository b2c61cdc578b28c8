"""Choosing the torch device a model runs on."""

from __future__ import annotations

import torch

from model.errors import DeviceError

DEVICE_CHOICES = ("auto", "cpu", "cuda", "mps")


def available_devices() -> list[str]:
    """The device names this machine can run, "cpu" always first."""
    found = ["cpu"]
    if torch.cuda.is_available():
        found.append("cuda")
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        found.append("mps")
    return found


def resolve_device(name: str = "auto") -> torch.device:
    """Turn "auto" | "cpu" | "cuda" | "mps" into a device; "auto" takes CUDA, then MPS, then the CPU.

    Raises DeviceError (a ValueError) for an unknown name or a device this machine lacks.
    """
    if name not in DEVICE_CHOICES:
        raise DeviceError(name, f"unknown; choose one of {', '.join(DEVICE_CHOICES)}")
    present = available_devices()
    if name == "auto":
        return torch.device(next((d for d in ("cuda", "mps") if d in present), "cpu"))
    if name not in present:
        raise DeviceError(name, f"not available on this machine (available: {', '.join(present)})")
    return torch.device(name)
