"""Foresight Keys: start the predictive keyboard."""

from __future__ import annotations

import multiprocessing
import sys


def main(argv: list[str] | None = None) -> int:
    """Print suggestions for a line of text read from the command line or standard input."""
    from model import ModelFileError, Predictor

    arguments = sys.argv[1:] if argv is None else argv
    try:
        predictor = Predictor.load(device="cpu")
    except ModelFileError as error:
        print(error, file=sys.stderr)
        return 1
    context = " ".join(arguments) if arguments else sys.stdin.readline().rstrip("\n")
    print("next characters:", ", ".join(f"{c!r} {p:.2f}" for c, p in predictor.next_chars(context, k=5)))
    print("words:", ", ".join(predictor.suggest_words(context, k=3)))
    return 0


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
