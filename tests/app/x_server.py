"""A real X server for tests and scripts: Xvfb on a free display, with the openbox window manager."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def x_server(width: int = 1280, height: int = 800) -> Iterator[str]:
    """Start Xvfb (and openbox, when installed) and yield its DISPLAY; both are stopped after."""
    if shutil.which("Xvfb") is None:
        raise FileNotFoundError("Xvfb is not installed (scripts/setup --tests installs it)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as numbers:
        display = f":{numbers.readline().strip()}"
    window_manager = None
    try:
        if shutil.which("openbox"):
            window_manager = subprocess.Popen(["openbox"], env={**os.environ, "DISPLAY": display},
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        yield display
    finally:
        for process in (window_manager, server):
            if process is not None:
                process.terminate()
                process.wait(10)
