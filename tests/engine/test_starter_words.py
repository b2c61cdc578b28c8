"""Starter words: suggestions from a model file's counts, read without torch, and a clear error for a bad file."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from model import ModelFileError
from model.files.checkpoint import load_model, save_model
from model.predict.starter_words import StarterWords

REPOSITORY = Path(__file__).resolve().parents[2]


def test_the_shipped_models_counts_suggest_words_without_importing_torch():
    script = (
        "import sys\n"
        "from model.files.resources import default_model_path\n"
        "from model.predict.starter_words import StarterWords\n"
        "starter = StarterWords.read(default_model_path())\n"
        "print(starter.suggest_words('', 3), starter.suggest_words('Thank you for ', 3), starter.suggest_words('See you tom', 3))\n"
        "print('torch' in sys.modules)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script], cwd=REPOSITORY, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
    )
    assert ran.returncode == 0, ran.stderr
    words, torch_imported = ran.stdout.splitlines()
    assert "'I'" in words and "'the'" in words and "'tomorrow'" in words
    assert torch_imported == "False"


def test_followers_of_the_word_before_come_first_then_frequent_words_as_typed(tiny_model_path):
    starter = StarterWords.read(tiny_model_path)
    assert starter.suggest_words("the quick brown ", 1) == ["fox"]
    assert starter.suggest_words("the cat sat on the m", 1) == ["mat"]
    assert starter.suggest_words("a lazy ", 3)[0] == "dog"  # "lazy" was always followed by "dog"
    assert starter.suggest_words("the l", 3) == ["lazy"]  # only longer words that start with what was typed
    assert starter.suggest_words("the mo", 3) == ["moon"]
    assert starter.suggest_words("zzz q", 3) == ["quick"]  # an unknown word before: the most frequent words
    words = starter.suggest_words("", 5)
    assert len(words) == len(set(words)) == 5


def test_a_file_without_readable_counts_is_a_model_file_error(tiny_model_path, tmp_path):
    data = Path(tiny_model_path).read_bytes()
    def with_header(header: str) -> bytes:
        encoded = header.encode()
        return len(encoded).to_bytes(8, "little") + encoded + b"\x00" * 64

    cases = {
        "truncated.safetensors": data[: len(data) // 2],
        "garbage.safetensors": b"\x00" * 64,
        "text.safetensors": b"hello world, not a model",
        "list dtype.safetensors": with_header('{"word_counts.words": {"dtype": [1], "shape": [4], "data_offsets": [0, 4]}}'),
        "text offsets.safetensors": with_header('{"word_counts.words": {"dtype": "U8", "shape": [4], "data_offsets": ["0", 4]}}'),
        "deep.safetensors": with_header("[" * 100_000 + "]" * 100_000),
    }
    network, metadata = load_model(tiny_model_path)
    save_model(tmp_path / "no counts.safetensors", network, metadata)  # a model file without word counts
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
    for path in tmp_path.iterdir():
        with pytest.raises(ModelFileError):
            StarterWords.read(path)
    with pytest.raises(ModelFileError):
        StarterWords.read(tmp_path / "missing.safetensors")
