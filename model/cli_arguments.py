"""What `python -m model` accepts: every subcommand's options, each value checked by argparse.

A value out of range (`--batch-size 0`, `--minutes -1`, `-k -3`) ends with argparse's one-line usage error
and exit code 2, before torch does any work, instead of a traceback or a silently useless run.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import TypeVar

from model.core.device import DEVICE_CHOICES

Number = TypeVar("Number", int, float)


def _number(text: str, kind: Callable[[str], Number], accepts: Callable[[Number], bool], wording: str) -> Number:
    """`kind(text)` if `accepts` it, else argparse's one-line error naming the value and what was expected."""
    refusal = argparse.ArgumentTypeError(f"{text!r} is not {wording}")
    try:
        value = kind(text)
    except ValueError:
        raise refusal from None
    if not accepts(value):  # NaN fails every comparison, so it is refused too
        raise refusal
    return value


def positive_int(text: str) -> int:
    """An argparse type for counts that must be at least 1 (steps, threads, batch size, characters)."""
    return _number(text, int, lambda value: value > 0, "a whole number above 0")


def non_negative_int(text: str) -> int:
    """An argparse type for whole numbers where 0 means something (a seed; 0 word counts: none)."""
    return _number(text, int, lambda value: value >= 0, "a whole number, 0 or more")


def positive_float(text: str) -> float:
    """An argparse type for amounts that must be above 0 and finite (minutes, epochs, a learning rate)."""
    return _number(text, float, lambda value: 0 < value < math.inf, "a number above 0")


def dropout_fraction(text: str) -> float:
    """An argparse type for dropout: from 0 up to, not including, 1 (1 would drop every activation)."""
    return _number(text, float, lambda value: 0 <= value < 1, "a fraction from 0 up to, not including, 1")


def _add_threads(command: argparse.ArgumentParser) -> None:
    """--threads for a command that runs the network. One by default: on this shared 2-core machine two threads
    were at best 1.9x faster (training, nothing else running) and up to 6x slower (scoring, the other core busy),
    since a thread that waits for a busy core holds up the others; with free cores a user asks for more."""
    command.add_argument("--threads", type=positive_int, default=1,
                         help="torch threads for the network (default 1; more help only where that many cores are free)")


def _add_train(commands: argparse._SubParsersAction) -> None:
    train = commands.add_parser("train", help="train a character LSTM on text files")
    train.add_argument("--text", nargs="+", required=True, help="UTF-8 training text files")
    train.add_argument("--valid", nargs="*", default=[], help="validation text files (default: hold out 2%%)")
    train.add_argument("--out", required=True, help="model file to write (.safetensors)")
    train.add_argument("--minutes", type=positive_float,
                       help="time budget, above 0; the schedule fits itself to it (default: no time limit)")
    train.add_argument("--steps", type=positive_int, help="number of steps, above 0 (default: --epochs over the text)")
    train.add_argument("--epochs", type=positive_float, default=1.0)
    train.add_argument("--init-from", help="go on training this model file (its vocabulary and sizes are kept)")
    train.add_argument("--hidden", type=positive_int, default=384)
    train.add_argument("--layers", type=positive_int, default=2)
    train.add_argument("--embedding", type=positive_int, default=48)
    train.add_argument("--dropout", type=dropout_fraction, default=0.0)
    train.add_argument("--batch-size", type=positive_int, default=64)
    train.add_argument("--sequence-length", type=positive_int, default=128)
    train.add_argument("--learning-rate", type=positive_float, default=3e-3)
    train.add_argument("--validate-every", type=positive_int, default=500, help="steps between validations")
    train.add_argument("--validation-chars", type=positive_int, default=100_000,
                       help="characters used per validation file")
    train.add_argument("--min-count", type=positive_int, help="rarest character kept (default: by text size)")
    train.add_argument("--word-min-count", type=non_negative_int, default=2,
                       help="store word counts of the text in the model, word pairs and triples seen at least this often "
                            "(0: none, or those of --init-from)")
    train.add_argument("--seed", type=non_negative_int, default=0)
    train.add_argument("--bf16", action="store_true", help="bfloat16 autocast (fast on AMX CPUs and GPUs)")
    train.add_argument("--device", default="auto", choices=DEVICE_CHOICES)
    _add_threads(train)
    train.add_argument("--resume", action="store_true",
                       help="resume from OUT.resume when present (and keep writing it); a damaged one, or one of "
                            "another network, is refused with a one-line message: delete it to train afresh")
    train.add_argument("--quiet", action="store_true")


def _add_evaluate(commands: argparse._SubParsersAction) -> None:
    evaluate = commands.add_parser("evaluate", help="figures of a model on a text")
    evaluate.add_argument("--model", help="model file (default: the shipped default model)")
    evaluate.add_argument("--text", nargs="+", required=True)
    evaluate.add_argument("--max-chars", type=positive_int, default=20_000, help="characters the simulated user types")
    evaluate.add_argument("--json", action="store_true")
    evaluate.add_argument("--device", default="cpu", choices=DEVICE_CHOICES)
    _add_threads(evaluate)


def _add_finetune(commands: argparse._SubParsersAction) -> None:
    finetune = commands.add_parser("finetune", help="fine-tune a model on your documents")
    finetune.add_argument("--docs", nargs="+", required=True, help="files or folders (.txt .md .html .docx .pdf .odt)")
    finetune.add_argument("--out", required=True, help="model file to write (.safetensors)")
    finetune.add_argument("--model", help="base model (default: the shipped default model)")
    finetune.add_argument("--minutes", type=positive_float, default=5.0, help="time budget, above 0")
    finetune.add_argument("--epochs", type=positive_float, default=4.0,
                          help="passes over the documents (within the budget)")
    finetune.add_argument("--eval-chars", type=positive_int, default=2000,
                          help="held-out characters typed for keystroke savings")
    finetune.add_argument("--bf16", action="store_true", help="bfloat16 autocast (fast on AMX CPUs and GPUs)")
    _add_threads(finetune)
    finetune.add_argument("--quiet", action="store_true")


def _add_count_words(commands: argparse._SubParsersAction) -> None:
    count_words = commands.add_parser("count-words", help="store a text's word counts in a copy of a model")
    count_words.add_argument("--model", required=True, help="model file")
    count_words.add_argument("--text", nargs="+", required=True, help="UTF-8 text files (the model's training text)")
    count_words.add_argument("--out", required=True, help="model file to write (may be --model)")
    count_words.add_argument("--min-count", type=positive_int, default=2,
                             help="word pairs and triples seen fewer times are left out")


def _add_suggest(commands: argparse._SubParsersAction) -> None:
    suggest = commands.add_parser("suggest", help="print suggestions for a text")
    suggest.add_argument("--model", help="model file (default: the shipped default model)")
    suggest.add_argument("-k", type=positive_int, default=3, help="number of words")
    suggest.add_argument("--device", default="cpu", choices=DEVICE_CHOICES)
    _add_threads(suggest)
    suggest.add_argument("context", nargs="+", help="the text typed so far")


def _add_text(commands: argparse._SubParsersAction) -> None:
    text = commands.add_parser(
        "text", help="print the text the engine would learn from documents",
        description="Print the text fine-tuning would learn from each document (one newline between documents) "
                    "and list the files it would skip, with the reason, on stderr. Exit code 1 if none gave text.",
    )
    text.add_argument("paths", nargs="+", metavar="FILE", help="files or folders (.txt .md .html .docx .pdf .odt)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand; `arguments.command` names the one chosen."""
    parser = argparse.ArgumentParser(prog="python -m model", description="Foresight Keys prediction engine")
    commands = parser.add_subparsers(dest="command", required=True)
    for add_command in (_add_train, _add_evaluate, _add_finetune, _add_count_words, _add_suggest, _add_text):
        add_command(commands)
    return parser
