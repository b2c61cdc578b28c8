"""User settings: one table of defaults is the single source of truth; an unknown key is an error."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from model.atomic_file import atomic_write_bytes

DEFAULTS: dict[str, Any] = {
    "suggestion_count": 3,
    "ghost_text": True,
    "onscreen_keyboard": False,
    "font_family": "",
    "font_size": 13,
    "device": "auto",
    "active_model": "default.safetensors",
    "learning": True,
    "recent_files": [],
}
MAX_RECENT_FILES = 8
log = logging.getLogger(__name__)


class Settings:
    """Settings read from and saved to a JSON file; values of the wrong type fall back to the default."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._values = dict(DEFAULTS)
        if path.exists():
            try:
                stored = json.loads(path.read_text(encoding="utf-8"))
                for key, value in stored.items():
                    if key in DEFAULTS and isinstance(value, type(DEFAULTS[key])):
                        self._values[key] = value
            except (OSError, ValueError, AttributeError) as error:
                log.warning("settings file %s unreadable (%s); using defaults", path, error)

    def __getitem__(self, key: str) -> Any:
        if key not in DEFAULTS:
            raise KeyError(f"unknown setting {key!r}")
        return self._values[key]

    def __setitem__(self, key: str, value: Any) -> None:
        if key not in DEFAULTS:
            raise KeyError(f"unknown setting {key!r}")
        self._values[key] = value

    def remember_file(self, path: str) -> None:
        """Put a file at the top of the recent files."""
        recent = [p for p in self["recent_files"] if p != path]
        self["recent_files"] = [path, *recent][:MAX_RECENT_FILES]

    def save(self) -> None:
        """Write the settings atomically; raises OSError naming the file."""
        atomic_write_bytes(self.path, json.dumps(self._values, indent=2).encode("utf-8"))
