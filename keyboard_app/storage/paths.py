"""Where the app keeps its files: one function decides every folder.

By default the platform's user folders (platformdirs); with FORESIGHT_KEYS_HOME set, everything lives under
that one root instead (tests, a portable install).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "ForesightKeys"
APP_AUTHOR = "ForesightKeys"
HOME_VARIABLE = "FORESIGHT_KEYS_HOME"


@dataclass(frozen=True)
class AppPaths:
    """The user folders: models and personal data, settings, logs."""

    data: Path
    config: Path
    logs: Path

    @property
    def models(self) -> Path:
        """The user's models; the active model is loaded from here."""
        return self.data / "models"

    @property
    def journal(self) -> Path:
        """What the user typed, kept for learning (plain text)."""
        return self.data / "journal.txt"

    @property
    def personal_store(self) -> Path:
        """The user's personal language: their words, pairs and triples with counts, and blocked words (SQLite)."""
        return self.data / "personal.sqlite3"

    @property
    def dictionary(self) -> Path:
        """The user's own dictionary: words never corrected nor underlined (one per line)."""
        return self.data / "dictionary.txt"

    @property
    def settings_file(self) -> Path:
        """The settings, as JSON."""
        return self.config / "settings.json"

    def ensure_exist(self) -> AppPaths:
        """Create every folder; returns self."""
        for folder in (self.data, self.models, self.config, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def app_paths() -> AppPaths:
    """The folders for this run: under $FORESIGHT_KEYS_HOME if set, else platformdirs' user folders."""
    root = os.environ.get(HOME_VARIABLE)
    if root:
        base = Path(root).expanduser()
        return AppPaths(data=base / "data", config=base / "config", logs=base / "logs")
    return AppPaths(
        data=Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
        config=Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
        logs=Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
    )
