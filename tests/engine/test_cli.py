"""The command line trains, resumes, evaluates, suggests and shows a document's text; every value is checked
by argparse, a bad resume file is refused in one line, and torch's threads are set before any work."""

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from conftest import PATTERN_TEXT

from model import Predictor
from model import cli
from model.files.checkpoint import load_model_file, read_metadata

REPOSITORY = Path(__file__).resolve().parents[2]


def run_module(*arguments: str, runner: tuple[str, ...] = ("-m", "model")) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY), "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, *runner, *arguments], capture_output=True, text=True, env=environment, timeout=300
    )


def exit_message(argv: list[str]) -> str:
    """The message `main(argv)` ends with: what Python prints on stderr before exiting with code 1."""
    with pytest.raises(SystemExit) as ended:
        cli.main(argv)
    assert isinstance(ended.value.code, str), ended.value.code
    return ended.value.code


def training_files(tmp_path: Path) -> tuple[Path, Path]:
    train = tmp_path / "train.txt"
    train.write_text(PATTERN_TEXT, encoding="utf-8")
    valid = tmp_path / "valid.txt"
    valid.write_text(PATTERN_TEXT[:3000], encoding="utf-8")
    return train, valid


def test_train_writes_a_loadable_model_and_evaluate_prints_json(tmp_path, capsys):
    train, valid = training_files(tmp_path)
    out = tmp_path / "cli.safetensors"
    common = ["train", "--text", str(train), "--valid", str(valid), "--out", str(out), "--hidden", "32"]
    cli.main([*common, "--steps", "20", "--batch-size", "8", "--validate-every", "10", "--resume"])
    metadata = read_metadata(out)
    assert metadata.training["config"]["max_steps"] == 20
    assert metadata.validation["bits_per_character"]["valid"] > 0
    assert (tmp_path / "cli.safetensors.resume").exists()
    assert "lazy" in load_model_file(out).word_counts.words  # the training text's word counts are in the file

    capsys.readouterr()
    cli.main([*common, "--steps", "30", "--batch-size", "8", "--validate-every", "10", "--resume"])
    resumed = capsys.readouterr().err
    assert "step 30" in resumed and "step 10:" not in resumed  # went on from step 20

    cli.main(["evaluate", "--model", str(out), "--text", str(valid), "--max-chars", "300", "--json"])
    report = json.loads(capsys.readouterr().out)
    for key in ["bits_per_character", "next_char_top1", "next_word_top1", "next_word_top3", "keystroke_savings",
                "completion_top3_after_two_letters", "latency_p50_ms", "latency_p99_ms"]:
        assert isinstance(report[key], float), key
    assert report["characters"] == 300

    continued = tmp_path / "continued.safetensors"
    cli.main(["train", "--text", str(train), "--valid", str(valid), "--out", str(continued), "--init-from", str(out),
              "--steps", "4", "--batch-size", "8", "--validate-every", "4", "--word-min-count", "0"])
    assert read_metadata(continued).config == read_metadata(out).config  # the --init-from model's sizes
    assert read_metadata(continued).vocabulary.characters == read_metadata(out).vocabulary.characters
    assert load_model_file(continued).word_counts.words == load_model_file(out).word_counts.words


OUT_OF_RANGE = [
    ["train", "--threads", "0"], ["train", "--batch-size", "0"], ["train", "--sequence-length", "0"],
    ["train", "--validate-every", "0"], ["train", "--minutes", "0"], ["train", "--minutes", "-1"],
    ["train", "--minutes", "nan"], ["train", "--steps", "-5"], ["train", "--steps", "0"], ["train", "--epochs", "0"],
    ["train", "--learning-rate", "0"], ["train", "--dropout", "1"], ["train", "--hidden", "0"],
    ["train", "--min-count", "0"], ["train", "--word-min-count", "-1"], ["train", "--batch-size", "many"],
    ["evaluate", "--max-chars", "-5"], ["evaluate", "--threads", "0"], ["suggest", "-k", "-3"],
    ["suggest", "--threads", "-2"], ["count-words", "--min-count", "0"], ["finetune", "--minutes", "0"],
    ["finetune", "--eval-chars", "0"], ["finetune", "--threads", "0"],
]
REQUIRED = {
    "train": ["--text", "t.txt", "--out", "o.safetensors"], "evaluate": ["--text", "t.txt"], "suggest": ["hello"],
    "count-words": ["--model", "m", "--text", "t.txt", "--out", "o"], "finetune": ["--docs", "d", "--out", "o"],
}


@pytest.mark.parametrize("given", OUT_OF_RANGE, ids=" ".join)
def test_a_value_out_of_range_ends_with_argparses_one_line_error(given, capsys):
    command, option, value = given
    with pytest.raises(SystemExit) as ended:
        cli.main([command, *REQUIRED[command], option, value])
    assert ended.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith(f"python -m model {command}: error: argument {option}: '{value}' is not")


def test_the_help_says_minutes_must_be_positive_and_how_a_bad_resume_file_is_met(capsys):
    with pytest.raises(SystemExit):
        cli.main(["train", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "time budget, above 0" in help_text and "no time limit" in help_text
    assert "a damaged one, or one of another network, is refused" in help_text


@pytest.fixture(scope="module")
def resume_run(tmp_path_factory) -> tuple[list[str], Path, bytes]:
    """A tiny training command with --resume, its OUT.resume path, and the bytes of a real resume file."""
    folder = tmp_path_factory.mktemp("resume")
    train, valid = training_files(folder)
    out = folder / "tiny.safetensors"
    command = ["train", "--text", str(train), "--valid", str(valid), "--out", str(out), "--hidden", "8",
               "--embedding", "4", "--layers", "1", "--steps", "2", "--batch-size", "4", "--sequence-length", "16",
               "--validate-every", "1", "--word-min-count", "0", "--resume", "--quiet"]
    cli.main(command)
    resume = folder / "tiny.safetensors.resume"
    return command, resume, resume.read_bytes()


class PlantedCode:
    """Pickles as a call of os.system: what a planted resume file would run if it were unpickled freely."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


@pytest.mark.parametrize("damage, reason", [
    ("truncated", "damaged"), ("random bytes", "damaged"), ("planted code", "damaged"),
    ("another network", "saved by a network of other sizes"), ("a list", "not a resume file"),
])
def test_a_bad_resume_file_is_refused_in_one_line_and_kept(resume_run, damage, reason, tmp_path):
    command, resume, real = resume_run
    marker = tmp_path / "code-ran"
    if damage == "truncated":
        resume.write_bytes(real[: len(real) // 2])
    elif damage == "random bytes":
        resume.write_bytes(random.Random(damage).randbytes(4096))
    elif damage == "planted code":
        torch.save({"network": PlantedCode(marker), "step": 1}, resume)
    elif damage == "another network":  # the same command with --hidden 16 writes it
        resume.unlink()
        hidden = command.index("--hidden") + 1
        cli.main([*command[:hidden], "16", *command[hidden + 1:]])
    else:
        torch.save([1, 2, 3], resume)
    bad = resume.read_bytes()
    message = exit_message(command)
    assert message.startswith(f"cannot resume from {resume}: ") and message.endswith("delete it to train afresh")
    assert reason in message
    assert "\n" not in message and not marker.exists()
    assert resume.read_bytes() == bad  # refused, not overwritten
    resume.write_bytes(real)
    cli.main(command)  # the real one is taken again


def test_text_prints_what_the_engine_learns_and_lists_skipped_files(tmp_path, capsys):
    (tmp_path / "letter.txt").write_text("Dear Maria,\nthe garden is in bloom.", encoding="utf-8")
    (tmp_path / "page.html").write_text(
        "<html><head><style>p {color: red}</style></head><body><p>Quenby &amp; Zorblat</p>"
        "<script>var x = 1;</script></body></html>", encoding="utf-8")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x00\x00\x00\rIHDR")
    cli.main(["text", str(tmp_path / "letter.txt"), str(tmp_path / "page.html"), str(tmp_path / "photo.txt")])
    printed = capsys.readouterr()
    assert printed.out == "Dear Maria,\nthe garden is in bloom.\nQuenby & Zorblat\n"
    assert printed.err == f"skipped {tmp_path / 'photo.txt'}: it looks like a binary file, not text\n"

    cli.main(["text", str(tmp_path)])  # a folder: every file in it, in name order
    assert capsys.readouterr().out == "Dear Maria,\nthe garden is in bloom.\nQuenby & Zorblat\n"
    assert exit_message(["text", str(tmp_path / "photo.txt")]) == "no readable documents"


def test_text_piped_into_head_ends_quietly(tmp_path):
    long = tmp_path / "long.txt"
    long.write_text("the garden is in bloom.\n" * 50_000, encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY), "OMP_NUM_THREADS": "1"}
    piped = subprocess.run(f"{sys.executable} -m model text {long} | head -c 10", shell=True, capture_output=True,
                           text=True, env=environment, timeout=120)
    assert piped.stdout == "the garden" and piped.stderr == ""


@pytest.mark.parametrize("command", ["train", "evaluate", "finetune", "suggest"])
def test_every_network_command_sets_torch_threads_before_its_work(command, monkeypatch):
    threads_at_start = []
    monkeypatch.setitem(cli.COMMANDS, command, lambda arguments: threads_at_start.append(torch.get_num_threads()))
    try:
        cli.main([command, *REQUIRED[command]])
        cli.main([command, *REQUIRED[command], "--threads", "2"])
    finally:
        torch.set_num_threads(1)
    assert threads_at_start == [1, 2]  # one by default: a second thread on a busy core made scoring 2-6x slower


def test_suggest_prints_words_and_a_bad_model_gives_one_line(tiny_model_path, tmp_path):
    suggested = run_module("suggest", "--model", tiny_model_path, "the quick brown f")
    assert suggested.returncode == 0 and "fox" in suggested.stdout
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"not a model")
    failed = run_module("suggest", "--model", str(bad), "x")
    assert failed.returncode == 1 and "cannot load model" in failed.stderr and "Traceback" not in failed.stderr


def test_count_words_stores_a_texts_counts_in_a_copy_of_the_model(tiny_model_path, tmp_path, monkeypatch):
    text = tmp_path / "names.txt"
    text.write_text("Zorblat met Quenby. Zorblat met Quenby again. " * 5, encoding="utf-8")
    out = tmp_path / "counted.safetensors"
    argv = ["count-words", "--model", tiny_model_path, "--text", str(text), "--out", str(out)]
    monkeypatch.setattr(sys, "argv", ["model/__main__.py", *argv])  # the command line the model file records
    cli.main(argv)
    predictor = Predictor.load(out, device="cpu")
    assert predictor.word_counts.words == sorted(["Zorblat", "met", "Quenby", "again"])
    assert "Quenby" in predictor.suggest_words("Zorblat met ", k=3)
    assert "count-words" in read_metadata(out).training["word_counts"]["command"]
    missing = exit_message(["count-words", "--model", str(tmp_path / "none.safetensors"), "--text", str(text),
                            "--out", str(out)])
    assert "none.safetensors" in missing
    unwritable = exit_message(["count-words", "--model", tiny_model_path, "--text", str(text),
                               "--out", str(text / "o.safetensors")])
    assert "names.txt" in unwritable
    (tmp_path / "short.txt").write_text("", encoding="utf-8")
    assert "too short" in exit_message(["evaluate", "--model", tiny_model_path, "--text", str(tmp_path / "short.txt")])


def test_torchrun_trains_with_two_gloo_processes(tmp_path):
    train, valid = training_files(tmp_path)
    out = tmp_path / "ddp.safetensors"
    launched = run_module(
        "--nproc_per_node", "2", "-m", "model", "train", "--text", str(train), "--valid", str(valid),
        "--out", str(out), "--hidden", "32", "--steps", "12", "--batch-size", "4", "--validate-every", "6",
        "--device", "cpu", "--quiet",
        runner=("-m", "torch.distributed.run", "--standalone"),
    )
    assert launched.returncode == 0, launched.stderr[-3000:]
    metadata = read_metadata(out)
    assert metadata.training["processes"] == 2
    assert Predictor.load(out, device="cpu").next_chars("the ", k=1)


def test_finetune_prints_before_and_after_and_writes_a_model(tmp_path, tiny_model_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notes.md").write_text("\n".join(["my friend zorblat writes code daily."] * 200), encoding="utf-8")
    (docs / "photo.txt").write_bytes(b"\x00\x01binary")
    out = tmp_path / "personal.safetensors"
    tuned = run_module("finetune", "--docs", str(docs), "--out", str(out), "--model", tiny_model_path,
                       "--minutes", "0.5", "--epochs", "20", "--eval-chars", "300", "--quiet")
    assert tuned.returncode == 0, tuned.stderr
    assert "skipped" in tuned.stderr and "photo.txt" in tuned.stderr
    lines = {line.split()[0]: line.split()[1:] for line in tuned.stdout.splitlines() if line.strip()}
    before, after = map(float, lines["held_out_bits_per_character"])
    assert after < before
    metadata = read_metadata(out)
    assert "notes.md" in metadata.trained_on and round(metadata.validation["finetune_after"]["held_out_bits_per_character"], 4) == after
    assert Predictor.load(out, device="cpu").suggest_words("my friend zo", k=3)
