"""Fine-tuning a model on a user's text without forgetting general English.

The user's text is split: its last part is held out to judge the result. The rest is trained on, mixed with
a replay sample of the base corpus (shipped in resources/) so that general English is not forgotten. The
best weights on the held-out text are kept, and the result is accepted only if it beats the base model on
that held-out text and worsens bits per character on the replay validation slice by at most a margin.
The app's learning rounds and `python -m model finetune` both use this.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import torch

from model.files.checkpoint import ModelMetadata
from model.evaluate.evaluation import character_figures, simulate_typing
from model.core.network import CharLSTM
from model.predict.predictor import Predictor
from model.files.resources import resource_path
from model.train.training import Trainer, TrainingProgress
from model.train.training_settings import FinetuneSettings
from model.lexicon.word_counts import WordCounts

BEFORE_PHASE = "measuring the model before training"
JUDGING_PHASE = "judging the result on held-out text"
REPLAY_SAMPLE = "replay_sample.txt"
REPLAY_BLOCK_CHARS = 4096
INADMISSIBLE = 100.0  # added to the score of weights that forgot too much general English


@dataclass
class FinetuneReport:
    """Before/after figures of a run and whether its result was accepted."""

    before: dict[str, float]
    after: dict[str, float]
    accepted: bool
    reason: str
    characters_trained: int
    seconds: float
    characters_per_second: float


def replay_sample() -> str:
    """The shipped sample of the base training corpus."""
    return resource_path(REPLAY_SAMPLE).read_text(encoding="utf-8")


def split_held_out(text: str, fraction: float) -> tuple[str, str]:
    """(train, held out): the held-out part is the end of the text, cut at a line break when there is one."""
    cut = int(len(text) * (1 - fraction))
    line_break = text.rfind("\n", 0, cut)
    if line_break > cut * 0.9:
        cut = line_break + 1
    return text[:cut], text[cut:]


def interleave(user_text: str, replay_text: str, replay_ratio: float) -> str:
    """User text with replay blocks between its blocks, about `replay_ratio` replay chars per user char."""
    replay_needed = int(len(user_text) * replay_ratio)
    replay = (replay_text * (1 + replay_needed // max(1, len(replay_text))))[:replay_needed]
    user_blocks = [user_text[i : i + REPLAY_BLOCK_CHARS] for i in range(0, len(user_text), REPLAY_BLOCK_CHARS)]
    replay_block = max(1, len(replay) // max(1, len(user_blocks)))
    mixed = []
    for index, block in enumerate(user_blocks):
        mixed.append(block)
        mixed.append(replay[index * replay_block : (index + 1) * replay_block])
    return "\n".join(part for part in mixed if part)


class FineTuning:
    """One fine-tuning run of a base model on user text; iterate `run()` for progress, then read the result.

    Besides the weights, the user's training text is counted (model.lexicon.word_counts) and added to the base model's
    word counts, `word_count_weight` times: the result's `word_counts`, judged and saved together with it.
    Stopping the iteration early (Cancel) leaves `accepted_network` None: the base model stays as it was.
    """

    def __init__(
        self,
        base_network: CharLSTM,
        metadata: ModelMetadata,
        user_text: str,
        settings: FinetuneSettings | None = None,
        replay_text: str | None = None,
        device: torch.device | None = None,
        word_counts: WordCounts | None = None,
    ) -> None:
        self.settings = settings or FinetuneSettings()
        self.metadata = metadata
        self.device = device or torch.device("cpu")
        self.base_network = base_network
        self.network = copy.deepcopy(base_network).to(self.device)
        settings = self.settings
        held_out_fraction = min(settings.held_out_fraction, settings.held_out_max_chars / max(1, len(user_text)))
        train_text, self.held_out_text = split_held_out(user_text, held_out_fraction)
        replay = replay_text if replay_text is not None else replay_sample()
        replay_train, replay_validation = split_held_out(replay, 0.2)
        replay_validation = replay_validation[: settings.replay_validation_chars]
        encode = metadata.vocabulary.encode_tensor
        self.validation_ids = {"held_out": encode(self.held_out_text), "replay": encode(replay_validation)}
        self.train_ids = encode(interleave(train_text, replay_train, self.settings.replay_ratio))
        # Typing is the slow part of judging (about 13 ms a character): a quarter of the held-out text, at
        # least 200 characters, at most `savings_chars`, so judging a short text takes a short time.
        self.savings_chars = min(settings.savings_chars, max(200, len(self.held_out_text) // 4))
        self.base_word_counts = word_counts
        self.word_counts = _with_user_counts(word_counts, train_text, self.settings.word_count_weight)
        self.best_state: dict[str, torch.Tensor] | None = None
        self.accepted_network: CharLSTM | None = None
        self.report: FinetuneReport | None = None

    def figures(self, network: CharLSTM, word_counts: WordCounts | None) -> dict[str, float]:
        """Bits per character on the held-out and replay texts, and keystroke savings on the held-out text."""
        bits = {name: character_figures(network, ids).bits_per_character for name, ids in self.validation_ids.items()}
        predictor = Predictor(network, self.metadata, device="cpu", word_counts=word_counts)  # reads, never changes
        typing = simulate_typing(predictor, self.held_out_text[: self.savings_chars])
        return {
            "held_out_bits_per_character": bits["held_out"],
            "replay_bits_per_character": bits["replay"],
            "held_out_keystroke_savings": typing.keystroke_savings,
        }

    def run(self, on_phase: Callable[[str], None] | None = None) -> Iterator[TrainingProgress]:
        """Train, yielding progress after every step; when it ends, judge the result and fill `report`.

        `on_phase` hears what the run does between training steps, which takes a while on a long text:
        BEFORE_PHASE (the base model's figures) and JUDGING_PHASE (the result's).
        """
        settings = self.settings
        tell = on_phase or (lambda phase: None)
        tell(BEFORE_PHASE)
        before = self.figures(self.base_network, self.base_word_counts)
        replay_limit = before["replay_bits_per_character"] + settings.replay_margin_bits

        def score_of(figures: dict) -> float:  # the best held-out figure among weights that keep general English
            return figures["held_out"] + (INADMISSIBLE if figures["replay"] > replay_limit else 0.0)

        trainer = Trainer(
            self.network, self.train_ids, self.validation_ids, settings, self.device, save_best=self._keep, score_of=score_of
        )
        started = time.monotonic()
        last: TrainingProgress | None = None
        for progress in trainer.run():
            last = progress
            yield progress
        seconds = time.monotonic() - started
        tell(JUDGING_PHASE)
        if self.best_state is not None:
            self.network.load_state_dict(self.best_state)
        self.network.eval()
        after = self.figures(self.network, self.word_counts)
        accepted, reason = self.judge(before, after)
        characters = last.characters_done if last else 0
        self.report = FinetuneReport(before, after, accepted, reason, characters, seconds, characters / max(seconds, 1e-9))
        self.accepted_network = self.network if accepted else None

    def _keep(self, network: CharLSTM, figures: dict) -> None:
        self.best_state = {name: value.detach().clone() for name, value in network.state_dict().items()}

    def judge(self, before: dict[str, float], after: dict[str, float]) -> tuple[bool, str]:
        """Accept only a model better on the held-out text and at most the margin worse on replay."""
        if after["held_out_bits_per_character"] >= before["held_out_bits_per_character"]:
            return False, "no better on the held-out text"
        worse_by = after["replay_bits_per_character"] - before["replay_bits_per_character"]
        if worse_by > self.settings.replay_margin_bits:
            return False, f"general English got worse by {worse_by:.3f} bits per character"
        return True, "better on the held-out text, general English kept"


def _with_user_counts(base: WordCounts | None, user_text: str, weight: int) -> WordCounts | None:
    """The base model's word counts plus the user's, `weight` times (the base's alone when weight is 0)."""
    if weight <= 0:
        return base
    user_counts = WordCounts.from_texts([user_text], weight=weight)
    return base.merged(user_counts) if base is not None else user_counts
