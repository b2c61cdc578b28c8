"""Command line: `python -m model train | evaluate | finetune | count-words | suggest | text`.

What each command accepts is in model/cli_arguments.py; this module does the work.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import math
import os
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import torch

from model.cli_arguments import build_parser
from model.train.training import TrainingProgress

if TYPE_CHECKING:
    from model.core.network import CharLSTM
    from model.files.checkpoint import ModelFile
    from model.files.documents import Documents

RESUME_KEYS = {"network", "optimizer", "step", "elapsed", "best_validation"}  # what Trainer writes to OUT.resume


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
    device = resolve_device(arguments.device)
    if device.type == "cuda" and world_size > 1:
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
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
    resume_path = Path(f"{arguments.out}.resume") if arguments.resume else None
    if resume_path is not None and resume_path.exists():
        check_resume_file(resume_path, network)
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
        resume_path=resume_path,
    )
    show_progress(trainer.run(), quiet=rank != 0 or arguments.quiet)
    if world_size > 1:  # rank 0 validates and saves last: the others wait for it instead of leaving mid-connection
        dist.barrier()
        dist.destroy_process_group()


def check_resume_file(path: Path, network: CharLSTM) -> None:
    """End the command in one line if `path` is not a resume file of `network` (damaged, planted, or saved by
    a network of other sizes), which the Trainer would meet with a traceback. weights_only=True: a planted
    pickle is refused, never run. Refused rather than ignored: overwriting it could lose another run's state."""
    refusal = "cannot resume from {}: {}; delete it to train afresh"
    contents = io.BytesIO(path.read_bytes())  # a file that cannot be read at all is an OSError like any other
    try:
        with warnings.catch_warnings():  # torch warns about an unusual pickle before refusing it
            warnings.simplefilter("ignore")
            saved = torch.load(contents, map_location="cpu", weights_only=True)
    except Exception as error:  # torch raises many kinds for damaged bytes (UnpicklingError, OSError, IndexError...)
        raise SystemExit(refusal.format(path, "the file is damaged or not a resume file")) from error
    if not isinstance(saved, dict) or not RESUME_KEYS <= saved.keys() or not isinstance(saved["network"], dict):
        raise SystemExit(refusal.format(path, "not a resume file"))
    saved_shapes = {name: tuple(getattr(tensor, "shape", ())) for name, tensor in saved["network"].items()}
    if saved_shapes != {name: tuple(tensor.shape) for name, tensor in network.state_dict().items()}:
        raise SystemExit(refusal.format(path, "it was saved by a network of other sizes"))


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
    from model.train.finetune import FineTuning
    from model.train.training_settings import FinetuneSettings

    documents = read_documents_or_exit(arguments.docs)
    predictor = load_predictor(arguments.model, "cpu")
    user_text = documents_text(documents)
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


def read_documents_or_exit(paths: list[str]) -> Documents:
    """Read documents as fine-tuning does, listing each skipped file and its reason on stderr, one line each;
    no usable document ends the command (exit code 1)."""
    from model.files.documents import read_documents

    documents = read_documents(paths)
    for path, reason in documents.skipped:
        print(f"skipped {path}: {reason}", file=sys.stderr)
    if not documents.texts:
        raise SystemExit("no readable documents")
    return documents


def documents_text(documents: Documents) -> str:
    """The one text fine-tuning learns from: the documents' texts, one newline between them."""
    return "\n".join(text for _, text in documents.texts)


def command_text(arguments: argparse.Namespace) -> None:
    """Print the text the engine would learn from documents, so a user can see what a file gives."""
    text = documents_text(read_documents_or_exit(arguments.paths))
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `... | head` stopped reading: not an error, and Python must not flush again at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


COMMANDS = {
    "train": command_train,
    "evaluate": command_evaluate,
    "finetune": command_finetune,
    "count-words": command_count_words,
    "suggest": command_suggest,
    "text": command_text,
}


def main(argv: list[str] | None = None) -> None:
    """Entry point of `python -m model`: check the arguments, fix torch's threads, run the command."""
    arguments = build_parser().parse_args(argv)
    if "threads" in arguments:  # before any torch work, which would start torch's own choice of threads
        torch.set_num_threads(arguments.threads)
    try:
        COMMANDS[arguments.command](arguments)
    except (OSError, ValueError) as error:  # a full disk, an unwritable --out, a text too short to score
        raise SystemExit(f"error: {error}") from error
