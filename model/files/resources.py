"""Finding the files shipped with the program, from a source checkout or inside a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path

DEFAULT_MODEL_NAME = "default.safetensors"


def resources_root() -> Path:
    """The `resources/` folder: beside the code, or under `sys._MEIPASS` in a frozen app."""
    bundle_root = getattr(sys, "_MEIPASS", None)
    base = Path(bundle_root) if bundle_root else Path(__file__).resolve().parents[2]
    return base / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource, e.g. resource_path("models", "default.safetensors")."""
    return resources_root().joinpath(*parts)


def default_model_path() -> Path:
    """The shipped default model."""
    return resource_path("models", DEFAULT_MODEL_NAME)
