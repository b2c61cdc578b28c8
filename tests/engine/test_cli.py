"""The command line trains, resumes, evaluates and suggests; torchrun trains with two processes."""

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import PATTERN_TEXT

from model import Predictor
from model.files.checkpoint import load_model_file, read_metadata

REPOSITORY = Path(__file__).resolve().parents[2]


def run_module(*arguments: str, runner: tuple[str, ...] = ("-m", "model")) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY), "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, *runner, *arguments], capture_output=True, text=True, env=environment, timeout=300
    )


def training_files(tmp_path: Path) -> tuple[Path, Path]:
    train = tmp_path / "train.txt"
    train.write_text(PATTERN_TEXT, encoding="utf-8")
    valid = tmp_path / "valid.txt"
    valid.write_text(PATTERN_TEXT[:3000], encoding="utf-8")
    return train, valid


def test_train_writes_a_loadable_model_and_evaluate_prints_json(tmp_path):
    train, valid = training_files(tmp_path)
    out = tmp_path / "cli.safetensors"
    common = ["train", "--text", str(train), "--valid", str(valid), "--out", str(out), "--hidden", "32"]
    trained = run_module(*common, "--steps", "20", "--batch-size", "8", "--validate-every", "10", "--resume")
    assert trained.returncode == 0, trained.stderr
    metadata = read_metadata(out)
    assert metadata.training["config"]["max_steps"] == 20
    assert metadata.validation["bits_per_character"]["valid"] > 0
    assert (tmp_path / "cli.safetensors.resume").exists()
    assert "lazy" in load_model_file(out).word_counts.words  # the training text's word counts are in the file

    resumed = run_module(*common, "--steps", "30", "--batch-size", "8", "--validate-every", "10", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert "step 30" in resumed.stderr and "step 10:" not in resumed.stderr  # went on from step 20

    evaluated = run_module("evaluate", "--model", str(out), "--text", str(valid), "--max-chars", "300", "--json")
    assert evaluated.returncode == 0, evaluated.stderr
    report = json.loads(evaluated.stdout)
    for key in ["bits_per_character", "next_char_top1", "next_word_top1", "next_word_top3", "keystroke_savings",
                "completion_top3_after_two_letters", "latency_p50_ms", "latency_p99_ms"]:
        assert isinstance(report[key], float), key
    assert report["characters"] == 300

    continued = tmp_path / "continued.safetensors"
    went_on = run_module("train", "--text", str(train), "--valid", str(valid), "--out", str(continued), "--init-from",
                         str(out), "--steps", "4", "--batch-size", "8", "--validate-every", "4", "--word-min-count", "0")
    assert went_on.returncode == 0, went_on.stderr
    assert read_metadata(continued).config == read_metadata(out).config  # the --init-from model's sizes
    assert read_metadata(continued).vocabulary.characters == read_metadata(out).vocabulary.characters
    assert load_model_file(continued).word_counts.words == load_model_file(out).word_counts.words


def test_suggest_prints_words_and_a_bad_model_gives_one_line(tiny_model_path, tmp_path):
    suggested = run_module("suggest", "--model", tiny_model_path, "the quick brown f")
    assert suggested.returncode == 0 and "fox" in suggested.stdout
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"not a model")
    failed = run_module("suggest", "--model", str(bad), "x")
    assert failed.returncode == 1 and "cannot load model" in failed.stderr and "Traceback" not in failed.stderr


def test_count_words_stores_a_texts_counts_in_a_copy_of_the_model(tiny_model_path, tmp_path):
    text = tmp_path / "names.txt"
    text.write_text("Zorblat met Quenby. Zorblat met Quenby again. " * 5, encoding="utf-8")
    out = tmp_path / "counted.safetensors"
    counted = run_module("count-words", "--model", tiny_model_path, "--text", str(text), "--out", str(out))
    assert counted.returncode == 0, counted.stderr
    predictor = Predictor.load(out, device="cpu")
    assert predictor.word_counts.words == sorted(["Zorblat", "met", "Quenby", "again"])
    assert "Quenby" in predictor.suggest_words("Zorblat met ", k=3)
    assert "count-words" in read_metadata(out).training["word_counts"]["command"]
    missing = run_module("count-words", "--model", str(tmp_path / "none.safetensors"), "--text", str(text), "--out", str(out))
    assert missing.returncode == 1 and "none.safetensors" in missing.stderr and "Traceback" not in missing.stderr
    unwritable = run_module("count-words", "--model", tiny_model_path, "--text", str(text), "--out", str(text / "o.safetensors"))
    assert unwritable.returncode == 1 and "names.txt" in unwritable.stderr and "Traceback" not in unwritable.stderr
    (tmp_path / "short.txt").write_text("", encoding="utf-8")
    short = run_module("evaluate", "--model", tiny_model_path, "--text", str(tmp_path / "short.txt"))
    assert short.returncode == 1 and "too short" in short.stderr and "Traceback" not in short.stderr


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
