"""User settings: one table of defaults is the single source of truth; an unknown key is an error."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from model import DEFAULT_MODEL_NAME, atomic_write_bytes, keep_aside

DEFAULTS: dict[str, Any] = {
    "suggestion_count": 3,
    "ghost_text": True,
    "onscreen_keyboard": False,
    "font_family": "",
    "font_size": 13,
    "device": "auto",
    "active_model": DEFAULT_MODEL_NAME,
    "learning": True,
    "recent_files": [],
    "theme": "system",
    "auto_capital": True,
    "autocorrect": True,  # "Correct typos as I type": finished words corrected, completions that fix typos
}
MAX_RECENT_FILES = 8
SUGGESTION_COUNTS = (1, 5)  # the least and most suggestions, as the Settings dialog offers them
FONT_SIZES = (8, 48)
THEME_CHOICES = ("system", "light", "dark")  # "system" follows the desktop's colour scheme
# What a stored value must also satisfy, beyond the default's type (a hand-edited or damaged file).
VALID: dict[str, Callable[[Any], bool]] = {
    "suggestion_count": lambda count: SUGGESTION_COUNTS[0] <= count <= SUGGESTION_COUNTS[1],
    "font_size": lambda size: FONT_SIZES[0] <= size <= FONT_SIZES[1],
    "active_model": lambda name: Path(name).name == name and name.endswith(".safetensors"),
    "recent_files": lambda names: all(isinstance(name, str) for name in names),
    "theme": lambda theme: theme in THEME_CHOICES,
}
log = logging.getLogger(__name__)


def is_valid(key: str, value: Any) -> bool:
    """Whether `value` may be stored for setting `key`: a known key, the default's type, and VALID's check."""
    if key not in DEFAULTS or type(value) is not type(DEFAULTS[key]):
        return False
    check = VALID.get(key)
    return check is None or check(value)


class Settings:
    """Settings read from and saved to a JSON file; a value of the wrong type or out of range is the default.

    A damaged file is kept aside as settings.json.broken-TIMESTAMP, so that saving the defaults never
    overwrites what the user set unseen, and `problem` says so, for the window to show.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._values = dict(DEFAULTS)
        self.problem = ""
        if not path.exists():
            return
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(stored, dict):
                raise ValueError(f"a JSON {type(stored).__name__}, not an object")
        except OSError as error:
            self.problem = f"Your settings could not be read ({error.strerror or error}); defaults are used."
        except ValueError as error:
            self.problem = f"Your settings file was damaged ({error}); defaults are used."
            try:
                self.problem += f" The damaged file was kept as {keep_aside(path).name}."
            except OSError as move_error:
                self.problem += f" It could not be kept aside ({move_error.strerror or move_error})."
        else:
            for key, value in stored.items():
                if is_valid(key, value):
                    self._values[key] = value
        if self.problem:
            log.warning("%s", self.problem)

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
