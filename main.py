"""Foresight Keys: start the predictive keyboard editor."""

from __future__ import annotations

import multiprocessing
import sys


def main(argv: list[str] | None = None) -> int:
    """Open the editor (optionally with a file); `--suggest TEXT` prints suggestions without a window."""
    arguments = sys.argv if argv is None else argv
    if len(arguments) > 1 and arguments[1] == "--suggest":
        from model.cli import main as model_cli

        model_cli(["suggest", *arguments[2:]])
        return 0
    from keyboard_app.app import run_app

    return run_app(arguments)


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
