"""The engine's error types: each carries the facts (which file, which value, why), never a sentence for a user.

The app turns them into the words a person reads (keyboard_app.messages). Importing this module costs nothing:
no torch.
"""

from __future__ import annotations

import os
from pathlib import Path


class EngineError(Exception):
    """Base of every error the engine raises on purpose."""


class FileProblemError(EngineError):
    """An error about one file: which (`path`) and why (`reason`, in words a log or a message can show)."""

    def __init__(self, path: str | os.PathLike, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


class ModelFileError(FileProblemError):
    """A model file that cannot be used: missing, truncated, corrupt, or not one of ours."""

    def __str__(self) -> str:
        return f"cannot load model {self.path}: {self.reason}"


class FileRefusedError(FileProblemError):
    """A file the engine will not read: not a regular file (a FIFO, a device), unopenable, or over its size limit."""


class DocumentError(FileProblemError):
    """A document that cannot be read, with the reason (binary, too large, damaged, an unsupported kind...)."""


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


class PersonalStoreError(FileProblemError):
    """The personal language store cannot be read or written (damaged, a full disk, no permission)."""
