"""Command line: `python -m model train | evaluate | finetune | count-words | suggest`."""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import torch

from model.core.device import DEVICE_CHOICES
from model.train.training import TrainingProgress

if TYPE_CHECKING:
    from model.files.checkpoint import ModelFile


def read_text_files(paths: list[str]) -> str:
    """Concatenate UTF-8 text files (undecodable bytes become U+FFFD), one newline between files."""
    texts = []
    for path in paths:
        try:
            texts.append(Path(path).read_text(encoding="utf-8", errors="replace"))
        except OSError as error:
            raise SystemExit(f"cannot read {path}: {error.strerror}") from error
    return "\n".join(texts)


def command_train(arguments: argparse.Namespace) -> None:
    """Train a new model (or resume one) and keep the best validated weights in --out."""
    import torch.distributed as dist

    from model.files.checkpoint import ModelMetadata, save_model
    from model.core.device import resolve_device
    from model.core.network import CharLSTM, ModelConfig
    from model.train.training import Trainer, distributed_world, seed_everything
    from model.train.training_settings import TrainingConfig
    from model.core.vocabulary import Vocabulary
    from model.lexicon.word_counts import WordCounts

    rank, world_size = distributed_world()
    if world_size > 1:
        dist.init_process_group("nccl" if torch.cuda.is_available() and arguments.device != "cpu" else "gloo")
    if arguments.threads:
        torch.set_num_threads(arguments.threads)
    device = resolve_device(arguments.device)
    if device.type == "cuda" and world_size > 1:
        device = torch.device("cuda", int(__import__("os").environ.get("LOCAL_RANK", "0")))
    seed_everything(arguments.seed)
    train_text = read_text_files(arguments.text)
    validation_texts = {Path(p).stem: read_text_files([p])[: arguments.validation_chars] for p in arguments.valid}
    if not validation_texts:  # hold out the end of the training text
        held_out = max(1000, len(train_text) // 50)
        validation_texts = {"held_out": train_text[-held_out:]}
        train_text = train_text[:-held_out]
    base_word_counts = None
    if arguments.init_from:  # go on training a model: its vocabulary, sizes, weights (and counts, unless recounted)
        base = load_model_or_exit(arguments.init_from)
        network, vocabulary, config = base.network.train(), base.metadata.vocabulary, base.metadata.config
        base_word_counts = base.word_counts
    else:
        min_count = arguments.min_count or max(1, round(len(train_text) / 500_000))
        vocabulary = Vocabulary.from_texts([train_text], min_count=min_count)
        config = ModelConfig(
            vocab_size=len(vocabulary),
            embedding_size=arguments.embedding,
            hidden_size=arguments.hidden,
            num_layers=arguments.layers,
            dropout=arguments.dropout,
        )
        network = CharLSTM(config)
    word_counts = base_word_counts
    if arguments.word_min_count and rank == 0:
        word_counts = WordCounts.from_texts([train_text], arguments.word_min_count)
    training_config = TrainingConfig(
        sequence_length=arguments.sequence_length,
        batch_size=arguments.batch_size,
        learning_rate=arguments.learning_rate,
        epochs=arguments.epochs,
        max_steps=arguments.steps,
        minutes=arguments.minutes,
        validate_every=arguments.validate_every,
        seed=arguments.seed,
        bfloat16=arguments.bf16,
    )
    training_record = {
        "command": " ".join(sys.argv),
        "config": training_config.__dict__,
        "characters": len(train_text),
        "device": str(device),
        "processes": world_size,
    }

    def save_best(best_network: CharLSTM, figures: dict) -> None:
        metadata = ModelMetadata(
            config=config,
            vocabulary=vocabulary,
            name=Path(arguments.out).stem,
            trained_on=[Path(p).name for p in arguments.text],
            training={**training_record, "saved_at": time.strftime("%Y-%m-%dT%H:%M:%S")},
            validation={"bits_per_character": figures},
        )
        save_model(arguments.out, best_network, metadata, word_counts)

    trainer = Trainer(
        network,
        vocabulary.encode_tensor(train_text),
        {name: vocabulary.encode_tensor(text) for name, text in validation_texts.items()},
        training_config,
        device,
        save_best=save_best,
        resume_path=f"{arguments.out}.resume" if arguments.resume else None,
    )
    show_progress(trainer.run(), quiet=rank != 0 or arguments.quiet)
    if world_size > 1:
        dist.destroy_process_group()


def show_progress(progress_steps: Iterator[TrainingProgress], quiet: bool) -> None:
    """Drive a training run to its end, drawing a tqdm bar with chars/s, ETA and validation figures."""
    from tqdm import tqdm

    bar = tqdm(total=None, disable=quiet, unit="step", dynamic_ncols=True)
    train_bits = float("nan")
    for progress in progress_steps:
        bar.total = progress.total_steps
        bar.n = progress.step
        if not math.isnan(progress.train_bits_per_character):  # the closing validation trains no step
            train_bits = progress.train_bits_per_character
        bar.set_postfix(
            {
                "bpc": f"{train_bits:.3f}",
                "val": f"{progress.validation_bits_per_character or float('nan'):.3f}",
                "chars/s": f"{progress.characters_per_second:,.0f}",
                "eta": time.strftime("%H:%M:%S", time.gmtime(progress.eta_seconds)),
            },
            refresh=True,
        )
        if progress.validated_now and not quiet:
            bar.write(
                f"step {progress.step}: validation {progress.validation_bits_per_character:.4f} bpc "
                f"(best {progress.best_validation_bits_per_character:.4f}), lr {progress.learning_rate:.2e}",
                file=sys.stderr,
            )
    bar.close()


def command_evaluate(arguments: argparse.Namespace) -> None:
    """Print a model's character and word figures on a text, as a table or JSON."""
    from model.evaluate.evaluation import character_figures, simulate_typing

    torch.set_num_threads(arguments.threads)
    predictor = load_predictor(arguments.model, arguments.device)
    text = read_text_files(arguments.text)
    characters = character_figures(predictor.network, predictor.vocabulary.encode_tensor(text))
    words = simulate_typing(predictor, text[: arguments.max_chars])
    report = {
        "model": str(arguments.model),
        "text": arguments.text,
        "bits_per_character": characters.bits_per_character,
        "next_char_top1": characters.next_char_top1,
        **words.to_dict(),
    }
    if arguments.json:
        print(json.dumps(report, indent=2))
        return
    for name, value in report.items():
        print(f"{name:36} {value:.4f}" if isinstance(value, float) else f"{name:36} {value}")


def load_model_or_exit(path: str) -> ModelFile:
    """What a model file holds; a bad file ends the command with a one-line message."""
    from model.errors import ModelFileError
    from model.files.checkpoint import load_model_file

    try:
        return load_model_file(path)
    except ModelFileError as error:
        raise SystemExit(str(error)) from error


def command_count_words(arguments: argparse.Namespace) -> None:
    """Write a copy of a model with the word counts of a text (replacing any it had)."""
    from model.files.checkpoint import save_model
    from model.lexicon.word_counts import WordCounts

    model_file = load_model_or_exit(arguments.model)
    network, metadata = model_file.network, model_file.metadata
    word_counts = WordCounts.from_texts([read_text_files(arguments.text)], arguments.min_count)
    metadata = dataclasses.replace(
        metadata, training={**metadata.training, "word_counts": {"command": " ".join(sys.argv), "min_count": arguments.min_count}}
    )
    save_model(arguments.out, network, metadata, word_counts)
    print(f"wrote {arguments.out}: counts of {word_counts.sizes()}")


def command_suggest(arguments: argparse.Namespace) -> None:
    """Print the next characters and word suggestions for a text."""
    torch.set_num_threads(arguments.threads)
    predictor = load_predictor(arguments.model, arguments.device)
    context = " ".join(arguments.context)
    print("next characters:", ", ".join(f"{c!r} {p:.3f}" for c, p in predictor.next_chars(context, k=arguments.k + 2)))
    print("words:", ", ".join(predictor.suggest_words(context, k=arguments.k)))


def load_predictor(path: str | None, device: str):
    """Load a Predictor, turning a bad model file into a one-line message instead of a traceback."""
    from model.errors import ModelFileError
    from model.predict.predictor import Predictor

    try:
        return Predictor.load(path, device=device)
    except (ModelFileError, ValueError) as error:
        raise SystemExit(str(error)) from error


def command_finetune(arguments: argparse.Namespace) -> None:
    """Fine-tune a model on documents, print before/after figures, and write it if it got better."""
    from model.files.checkpoint import save_model
    from model.files.documents import read_documents
    from model.train.finetune import FineTuning
    from model.train.training_settings import FinetuneSettings

    if arguments.threads:
        torch.set_num_threads(arguments.threads)
    documents = read_documents(arguments.docs)
    for path, reason in documents.skipped:
        print(f"skipped {path}: {reason}", file=sys.stderr)
    if not documents.texts:
        raise SystemExit("no readable documents")
    predictor = load_predictor(arguments.model, "cpu")
    user_text = "\n".join(text for _, text in documents.texts)
    print(f"{len(documents.texts)} documents, {len(user_text):,} characters", file=sys.stderr)
    settings = FinetuneSettings(
        minutes=arguments.minutes, epochs=arguments.epochs, savings_chars=arguments.eval_chars, bfloat16=arguments.bf16
    )
    run = FineTuning(predictor.network, predictor.metadata, user_text, settings, word_counts=predictor.word_counts)
    show_progress(run.run(), quiet=arguments.quiet)
    report = run.report
    print(f"{'':32}{'before':>10}{'after':>10}")
    for name in report.before:
        print(f"{name:32}{report.before[name]:10.4f}{report.after[name]:10.4f}")
    print(f"trained on {report.characters_trained:,} characters in {report.seconds:.0f} s "
          f"({report.characters_per_second:,.0f} chars/s): {report.reason}")
    if run.accepted_network is None:
        raise SystemExit(f"not written: {report.reason}")
    metadata = dataclasses.replace(
        predictor.metadata,
        name=Path(arguments.out).stem,
        trained_on=[*predictor.metadata.trained_on, *(path.name for path, _ in documents.texts)],
        training={**predictor.metadata.training, "finetune": {"command": " ".join(sys.argv), **dataclasses.asdict(settings)}},
        validation={**predictor.metadata.validation, "finetune_after": report.after, "finetune_before": report.before},
    )
    save_model(arguments.out, run.accepted_network, metadata, run.word_counts)
    print(f"wrote {arguments.out}")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="python -m model", description="Foresight Keys prediction engine")
    commands = parser.add_subparsers(dest="command", required=True)

    train = commands.add_parser("train", help="train a character LSTM on text files")
    train.add_argument("--text", nargs="+", required=True, help="UTF-8 training text files")
    train.add_argument("--valid", nargs="*", default=[], help="validation text files (default: hold out 2%%)")
    train.add_argument("--out", required=True, help="model file to write (.safetensors)")
    train.add_argument("--minutes", type=float, help="time budget; the schedule fits itself to it")
    train.add_argument("--steps", type=int, help="number of steps (default: --epochs over the text)")
    train.add_argument("--epochs", type=float, default=1.0)
    train.add_argument("--init-from", help="go on training this model file (its vocabulary and sizes are kept)")
    train.add_argument("--hidden", type=int, default=384)
    train.add_argument("--layers", type=int, default=2)
    train.add_argument("--embedding", type=int, default=48)
    train.add_argument("--dropout", type=float, default=0.0)
    train.add_argument("--batch-size", type=int, default=64)
    train.add_argument("--sequence-length", type=int, default=128)
    train.add_argument("--learning-rate", type=float, default=3e-3)
    train.add_argument("--validate-every", type=int, default=500, help="steps between validations")
    train.add_argument("--validation-chars", type=int, default=100_000, help="characters used per validation file")
    train.add_argument("--min-count", type=int, default=0, help="rarest character kept (default: by text size)")
    train.add_argument("--word-min-count", type=int, default=2,
                       help="store word counts of the text in the model, word pairs and triples seen at least this often "
                            "(0: none, or those of --init-from)")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--bf16", action="store_true", help="bfloat16 autocast (fast on AMX CPUs and GPUs)")
    train.add_argument("--device", default="auto", choices=DEVICE_CHOICES)
    train.add_argument("--threads", type=int, default=0, help="torch threads (default: torch's choice)")
    train.add_argument("--resume", action="store_true", help="resume from OUT.resume when present")
    train.add_argument("--quiet", action="store_true")
    train.set_defaults(handler=command_train)

    evaluate = commands.add_parser("evaluate", help="figures of a model on a text")
    evaluate.add_argument("--model", help="model file (default: the shipped default model)")
    evaluate.add_argument("--text", nargs="+", required=True)
    evaluate.add_argument("--max-chars", type=int, default=20_000, help="characters the simulated user types")
    evaluate.add_argument("--json", action="store_true")
    evaluate.add_argument("--device", default="cpu", choices=DEVICE_CHOICES)
    evaluate.add_argument("--threads", type=int, default=1, help="torch threads (the app uses 1)")
    evaluate.set_defaults(handler=command_evaluate)

    finetune = commands.add_parser("finetune", help="fine-tune a model on your documents")
    finetune.add_argument("--docs", nargs="+", required=True, help="files or folders (.txt .md .html .docx .pdf .odt)")
    finetune.add_argument("--out", required=True, help="model file to write (.safetensors)")
    finetune.add_argument("--model", help="base model (default: the shipped default model)")
    finetune.add_argument("--minutes", type=float, default=5.0, help="time budget")
    finetune.add_argument("--epochs", type=float, default=4.0, help="passes over the documents (within the budget)")
    finetune.add_argument("--eval-chars", type=int, default=2000, help="held-out characters typed for keystroke savings")
    finetune.add_argument("--bf16", action="store_true", help="bfloat16 autocast (fast on AMX CPUs and GPUs)")
    finetune.add_argument("--threads", type=int, default=0, help="torch threads (default: torch's choice)")
    finetune.add_argument("--quiet", action="store_true")
    finetune.set_defaults(handler=command_finetune)

    count_words = commands.add_parser("count-words", help="store a text's word counts in a copy of a model")
    count_words.add_argument("--model", required=True, help="model file")
    count_words.add_argument("--text", nargs="+", required=True, help="UTF-8 text files (the model's training text)")
    count_words.add_argument("--out", required=True, help="model file to write (may be --model)")
    count_words.add_argument("--min-count", type=int, default=2, help="word pairs and triples seen fewer times are left out")
    count_words.set_defaults(handler=command_count_words)

    suggest = commands.add_parser("suggest", help="print suggestions for a text")
    suggest.add_argument("--model", help="model file (default: the shipped default model)")
    suggest.add_argument("-k", type=int, default=3)
    suggest.add_argument("--device", default="cpu", choices=DEVICE_CHOICES)
    suggest.add_argument("--threads", type=int, default=1)
    suggest.add_argument("context", nargs="+", help="the text typed so far")
    suggest.set_defaults(handler=command_suggest)
    return parser


def main(argv: list[str] | None = None) -> None:
    """Entry point of `python -m model`."""
    arguments = build_parser().parse_args(argv)
    try:
        arguments.handler(arguments)
    except (OSError, ValueError) as error:  # a full disk, an unwritable --out, a text too short to score
        raise SystemExit(f"error: {error}") from error
