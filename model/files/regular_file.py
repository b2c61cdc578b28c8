"""Reading a file the engine was given, safely: only regular files are opened, within a size limit.

A FIFO named like a model or a document would block `open()` forever, and a link to /dev/zero or /dev/urandom
never ends; a symlink loop fails to open. Here the file is opened without blocking, checked to be a regular
file, its size checked against the limit before reading (fstat) and the limit kept while reading (a file that
grows meanwhile, or lies about its size, stops at the limit).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from model.errors import FileRefusedError

READ_CHUNK_BYTES = 1 << 20
# Not blocking on a FIFO, not becoming a terminal's controlling process, bytes as they are (Windows).
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words ("a FIFO", "a character device", ...)."""
    kinds = [(stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")]
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def check_regular_file(path: str | os.PathLike) -> int:
    """The size of `path` if it is a regular file (following links); FileRefusedError saying what it is if not."""
    path = Path(path)
    try:
        info = os.stat(path)
    except (OSError, ValueError) as error:  # ValueError: a NUL in the path
        raise FileRefusedError(path, getattr(error, "strerror", None) or str(error)) from error
    if not stat.S_ISREG(info.st_mode):
        raise FileRefusedError(path, f"{kind_of(info.st_mode)}, not a regular file")
    return info.st_size


def read_regular_file(path: str | os.PathLike, max_bytes: int, length: int | None = None) -> bytes:
    """The bytes of a regular file (its first `length` only, if given), refusing anything else.

    Raises FileRefusedError when the file is not a regular file, cannot be opened (no permission, a symlink
    loop), or holds more than `max_bytes`: checked before reading and again while reading.
    """
    path = Path(path)
    try:
        descriptor = os.open(path, OPEN_FLAGS)
    except (OSError, ValueError) as error:  # ValueError: a NUL in the path
        raise FileRefusedError(path, getattr(error, "strerror", None) or str(error)) from error
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefusedError(path, f"{kind_of(info.st_mode)}, not a regular file")
        if info.st_size > max_bytes:
            raise FileRefusedError(path, too_large(info.st_size, max_bytes))
        wanted = max_bytes + 1 if length is None else min(length, max_bytes + 1)
        chunks, total = [], 0
        while total < wanted:
            chunk = os.read(descriptor, min(READ_CHUNK_BYTES, wanted - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if length is None and total > max_bytes:
            raise FileRefusedError(path, too_large(total, max_bytes))
        return b"".join(chunks)
    except OSError as error:
        raise FileRefusedError(path, error.strerror or str(error)) from error
    finally:
        os.close(descriptor)


def too_large(size: int, max_bytes: int) -> str:
    """The reason for a file over its limit, in megabytes."""
    return f"too large ({size / 2**20:.1f} MB; the limit is {max_bytes / 2**20:.0f} MB)"
