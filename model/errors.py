"""The engine's error types: each carries the facts (which file, which value, why), never a sentence for a user.

The app turns them into the words a person reads (keyboard_app.messages). Importing this module costs nothing:
no torch.
"""

from __future__ import annotations

import os
from pathlib import Path


class EngineError(Exception):
    """Base of every error the engine raises on purpose."""


class ModelFileError(EngineError):
    """A model file that cannot be used: missing, truncated, corrupt, or not one of ours."""

    def __init__(self, path: str | os.PathLike, reason: str) -> None:
        super().__init__(f"cannot load model {path}: {reason}")
        self.path = Path(path)
        self.reason = reason


class FileRefusedError(EngineError):
    """A file the engine will not read: not a regular file (a FIFO, a device), unopenable, or over its size limit."""

    def __init__(self, path: str | os.PathLike, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


class DocumentError(EngineError):
    """A document that cannot be read, with the reason (binary, too large, damaged, an unsupported kind...)."""

    def __init__(self, path: str | os.PathLike, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


class ProtectedModelError(EngineError):
    """A model the models folder will not delete: the shipped default, or a name outside the folder."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} cannot be deleted")
        self.name = name


class DeviceError(EngineError, ValueError):
    """A torch device that is not known or not present on this machine."""

    def __init__(self, device: str, reason: str) -> None:
        super().__init__(f"device {device!r}: {reason}")
        self.device = device
        self.reason = reason
