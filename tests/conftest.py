"""Shared fixtures: a tiny model really trained here, so engine tests use real parts and stay fast."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import faulthandler  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
import torch  # noqa: E402

from model.files.checkpoint import ModelMetadata, save_model  # noqa: E402
from model.core.network import CharLSTM, ModelConfig  # noqa: E402
from model.train.training import Trainer, seed_everything  # noqa: E402
from model.train.training_settings import TrainingConfig  # noqa: E402
from model.core.vocabulary import Vocabulary  # noqa: E402
from model.lexicon.word_counts import WordCounts  # noqa: E402

faulthandler.enable()

PATTERN_TEXT = "\n".join(
    ["the quick brown fox jumps over the lazy dog.", "the cat sat on the mat.", "The moon is bright tonight."] * 120
)


def train_tiny_model(text: str, steps: int = 200, hidden: int = 48) -> tuple[CharLSTM, Vocabulary]:
    """A small LSTM trained for a few seconds on `text`, deterministic for a given text."""
    seed_everything(0)
    torch.set_num_threads(1)
    vocabulary = Vocabulary.from_texts([text])
    network = CharLSTM(ModelConfig(vocab_size=len(vocabulary), embedding_size=16, hidden_size=hidden, num_layers=2))
    ids = vocabulary.encode_tensor(text)
    trainer = Trainer(
        network,
        ids,
        {"train": ids[:2000]},
        TrainingConfig(sequence_length=64, batch_size=8, learning_rate=1e-2, max_steps=steps, validate_every=steps),
        torch.device("cpu"),
    )
    for _ in trainer.run():
        pass
    return network.eval(), vocabulary


@pytest.fixture(scope="session")
def tiny_model_path(tmp_path_factory) -> str:
    """Path of a tiny model file trained on a repeated pattern, with that pattern's word counts."""
    network, vocabulary = train_tiny_model(PATTERN_TEXT)
    path = tmp_path_factory.mktemp("models") / "tiny.safetensors"
    metadata = ModelMetadata(network.config, vocabulary, name="tiny", trained_on=["pattern"])
    save_model(path, network, metadata, WordCounts.from_texts([PATTERN_TEXT]))
    return str(path)


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The shared corpus folder beside the checkout (or $FORESIGHT_CORPUS); skips the test where it is absent."""
    corpus = Path(os.environ.get("FORESIGHT_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    if not (corpus / "train.txt").exists():
        pytest.skip("needs the shared corpus beside the checkout (CI has it)")
    return corpus


def type_and_wait(qtbot, window, text: str) -> None:
    """Type like a user, then wait until suggestions for exactly that text are shown."""
    with qtbot.waitSignal(window.suggestions_shown, timeout=10_000, check_params_cb=lambda rid: rid == window.latest_request_id):
        qtbot.keyClicks(window.editor, text)


@contextmanager
def running_window(qtbot) -> Iterator:
    """The real main window with its worker threads, model loaded; closed after, every thread checked stopped."""
    from keyboard_app.app import create_main_window

    main_window = create_main_window()  # closed here, not by qtbot: its close would ask to save
    main_window.show()
    try:
        qtbot.waitUntil(lambda: main_window.model_label.text().startswith("model:"), timeout=20_000)
        yield main_window
    finally:  # a failed test still stops the threads: a running QThread at teardown aborts the whole run
        main_window.editor.document().setModified(False)
        assert main_window.close()
    assert not main_window.worker.thread.isRunning()
    assert not main_window.learning.worker.thread.isRunning()
    main_window.deleteLater()


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    """The real main window (`running_window`) with a fresh user home under tmp_path."""
    from keyboard_app.storage.paths import HOME_VARIABLE

    monkeypatch.setenv(HOME_VARIABLE, str(tmp_path / "home"))
    with running_window(qtbot) as main_window:
        yield main_window
