"""How training and fine-tuning are configured: plain dataclasses, importable without torch.

The app builds its learning rounds' settings at start-up, before torch has loaded (it loads on the worker
threads); `model.train.training` and `model.train.finetune` run them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TrainingConfig:
    """How to train: batch shape, optimiser, schedule, budget and validation interval."""

    sequence_length: int = 128
    batch_size: int = 64
    learning_rate: float = 3e-3
    final_learning_rate_fraction: float = 0.05
    warmup_steps: int = 50
    gradient_clip: float = 1.0
    epochs: float = 1.0
    max_steps: int | None = None
    minutes: float | None = None
    validate_every: int = 500
    seed: int = 0
    bfloat16: bool = False  # autocast matrix work to bfloat16: 2.5x faster on CPUs with AMX, same quality


@dataclass
class FinetuneSettings(TrainingConfig):
    """How a fine-tuning run trains (TrainingConfig, with defaults for fine-tuning) and when it is accepted."""

    minutes: float | None = 5.0
    epochs: float = 4.0
    learning_rate: float = 3e-4
    batch_size: int = 32
    warmup_steps: int = 20
    validate_every: int = 100
    held_out_fraction: float = 0.1
    held_out_max_chars: int = 100_000  # judging reads this much at most: more only slows a round's start and Cancel
    replay_ratio: float = 1.0  # replay characters per user character (0.5 forgot 0.098 bits of modern speech)
    replay_margin_bits: float = 0.1  # the most the replay validation may worsen
    savings_chars: int = 2000  # the most held-out characters the simulated user types for the report
    replay_validation_chars: int = 30_000  # general English judged for forgetting: 2 s, not 8 s for all 120,000
    word_count_weight: int = 4  # the user's word counts are added to the model's this many times (0: not added)
