"""Foresight Keys: start the predictive keyboard editor."""

from __future__ import annotations

import multiprocessing
import sys
import warnings

# The bundled app leaves numpy out (nothing here uses it); torch warns once at import when it is missing.
warnings.filterwarnings("ignore", message="Failed to initialize NumPy")


def main(argv: list[str] | None = None) -> int:
    """Open the editor (optionally with a file); `--suggest TEXT` prints suggestions without a window;
    `--self-test` checks the installed app end to end with no display (exit code 0 when all is well)."""
    arguments = sys.argv if argv is None else argv
    if len(arguments) > 1 and arguments[1] == "--self-test":
        from keyboard_app.self_test import run_self_test

        return run_self_test()
    if len(arguments) > 1 and arguments[1] == "--suggest":
        from model.cli import main as model_cli

        model_cli(["suggest", *arguments[2:]])
        return 0
    from keyboard_app.app import run_app

    return run_app(arguments)


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
