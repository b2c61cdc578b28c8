"""Atomic file writes: a crash or a full disk never leaves a half-written file under the real name."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

TEMPORARY_SUFFIX = ".partial"


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, fsync, then `os.replace`.

    On any error (disk full, no permission) the temporary file is removed, the previous file is left as
    it was, and the error propagates with the path in its message.
    """
    target = Path(os.path.realpath(path))  # through a symlink: the linked file is the one replaced
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = target.stat().st_mode & 0o7777  # an existing file keeps its permissions (a private 0600 stays so)
    except FileNotFoundError:
        mode = 0o644  # mkstemp makes 0600; a new model or document is an ordinary file
    descriptor, temporary_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=TEMPORARY_SUFFIX, dir=target.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as temporary_file:  # closed on any error below
            os.chmod(temporary_name, mode)
            temporary_file.write(data)
            temporary_file.flush()
            os.fsync(temporary_file.fileno())
        os.replace(temporary_name, target)
    except BaseException as error:
        Path(temporary_name).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OSError(error.errno, f"could not save {target}: {error.strerror}") from error
        raise


def sweep_stale_temporaries(folder: str | os.PathLike) -> list[Path]:
    """Delete temporaries left by a killed save in `folder` (a kill skips `finally`); return what went."""
    removed = []
    for stale in Path(folder).glob(f".*{TEMPORARY_SUFFIX}"):
        stale.unlink(missing_ok=True)
        removed.append(stale)
    return removed


def keep_aside(path: Path) -> Path:
    """Rename a damaged file to NAME.broken-TIMESTAMP (a model, the settings) so the user can still recover it."""
    aside = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
    shutil.move(path, aside)
    return aside
