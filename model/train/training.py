"""Training: truncated back-propagation through time with carried state, as a generator the caller drives.

`Trainer.run()` yields a TrainingProgress after every step and validates at intervals, keeping the best
model through a callback; the CLI draws a progress bar from it and the app a dialog. Stopping is simply
not asking for the next step. Under `torchrun` (WORLD_SIZE > 1) the same loop trains with
DistributedDataParallel, each process on its own share of the text streams.
"""

from __future__ import annotations

import io
import math
import os
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel

from model.files.atomic_file import atomic_write_bytes
from model.evaluate.evaluation import character_figures
from model.core.network import CharLSTM, LSTMState
from model.train.training_settings import TrainingConfig


@dataclass
class TrainingProgress:
    """One step's report: enough for a progress bar, a log line or a dialog."""

    step: int
    total_steps: int
    characters_done: int
    train_bits_per_character: float
    characters_per_second: float
    eta_seconds: float
    learning_rate: float
    validation_bits_per_character: float | None
    best_validation_bits_per_character: float | None
    validated_now: bool


SaveBest = Callable[[CharLSTM, dict], None]


def distributed_world() -> tuple[int, int]:
    """(rank, world size) when started by torchrun, else (0, 1)."""
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    return int(os.environ.get("RANK", "0")), world_size


def seed_everything(seed: int) -> None:
    """Make weight initialisation and data order repeatable."""
    random.seed(seed)
    torch.manual_seed(seed)


def detach_state(state: LSTMState) -> LSTMState:
    """Cut the graph between chunks (truncated BPTT) while keeping the values (the examples' repackage_hidden)."""
    return state[0].detach(), state[1].detach()


class Trainer:
    """Trains a CharLSTM on encoded text, validating on held-out texts and keeping the best weights."""

    def __init__(
        self,
        network: CharLSTM,
        train_ids: torch.Tensor,
        validation_ids: dict[str, torch.Tensor],
        config: TrainingConfig,
        device: torch.device,
        save_best: SaveBest | None = None,
        resume_path: str | os.PathLike | None = None,
        score_of: Callable[[dict], float] | None = None,
    ) -> None:
        self.config = config
        self.device = device
        self.rank, self.world_size = distributed_world()
        self.network = network.to(device)
        self.validation_ids = validation_ids
        self.save_best = save_best
        self.score_of = score_of or (lambda figures: figures["mean"])  # lower is better; picks the best weights
        self.resume_path = Path(resume_path) if resume_path else None
        self.streams = self._split_into_streams(train_ids)  # (batch, stream length), this process's share
        self.chunks_per_epoch = max(1, (self.streams.shape[1] - 1) // config.sequence_length)
        self.total_steps = config.max_steps or max(1, math.ceil(config.epochs * self.chunks_per_epoch))
        self.optimizer = torch.optim.Adam(self.network.parameters(), lr=config.learning_rate)
        self.step = 0
        self.elapsed_before_resume = 0.0
        self.best_validation: float | None = None
        self._run_started = time.monotonic()
        self.last_validation: float | None = None
        if self.resume_path and self.resume_path.exists():
            self._load_resume_state()
        self.trained_network = (
            DistributedDataParallel(self.network) if self.world_size > 1 else self.network
        )

    def _split_into_streams(self, train_ids: torch.Tensor) -> torch.Tensor:
        batch, world = self.config.batch_size, self.world_size
        stream_length = len(train_ids) // (batch * world)
        if stream_length < 2:
            raise ValueError(
                f"training text too short: {len(train_ids)} characters for {batch * world} streams"
            )
        all_streams = train_ids[: batch * world * stream_length].view(batch * world, stream_length)
        return all_streams[self.rank * batch : (self.rank + 1) * batch].to(self.device)

    def learning_rate_at(self, fraction_done: float) -> float:
        """Linear warm-up, then cosine decay to `final_learning_rate_fraction` of the peak."""
        config = self.config
        peak = config.learning_rate
        if self.step < config.warmup_steps:
            return peak * (self.step + 1) / config.warmup_steps
        floor = peak * config.final_learning_rate_fraction
        return floor + (peak - floor) * 0.5 * (1 + math.cos(math.pi * min(1.0, fraction_done)))

    def validate(self) -> dict:
        """Bits per character on each validation text, and their mean under "mean"."""
        figures = {
            name: character_figures(self.network, ids).bits_per_character for name, ids in self.validation_ids.items()
        }
        if figures:
            figures["mean"] = sum(figures.values()) / len(figures)
        return figures

    def run(self) -> Iterator[TrainingProgress]:
        """Train until the step count or the time budget runs out, yielding progress after every step."""
        config = self.config
        started = self._run_started = time.monotonic()
        state: LSTMState | None = None
        characters_per_step = config.batch_size * config.sequence_length * self.world_size
        recent_rate = 0.0
        self.network.train()
        while self.step < self.total_steps:
            step_started = time.monotonic()
            elapsed = self.elapsed_before_resume + step_started - started
            fraction_done = max(
                self.step / self.total_steps, elapsed / (config.minutes * 60) if config.minutes else 0.0
            )
            if self._agree_to_stop(fraction_done >= 1.0):
                break
            chunk_index = self.step % self.chunks_per_epoch
            if chunk_index == 0:
                state = None  # a new pass over the text starts from a blank state
            start = chunk_index * config.sequence_length
            end = min(start + config.sequence_length, self.streams.shape[1] - 1)  # a short text: a shorter chunk
            inputs = self.streams[:, start:end]  # (batch, time)
            targets = self.streams[:, start + 1 : end + 1]
            learning_rate = self.learning_rate_at(fraction_done)
            for group in self.optimizer.param_groups:
                group["lr"] = learning_rate
            with torch.autocast(self.device.type, dtype=torch.bfloat16, enabled=config.bfloat16):
                logits, state = self.trained_network(inputs, state)  # (batch, time, vocab)
            state = detach_state(state)
            loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), targets.reshape(-1))
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.network.parameters(), config.gradient_clip)
            self.optimizer.step()
            self.step += 1
            step_rate = characters_per_step / max(1e-9, time.monotonic() - step_started)
            recent_rate = step_rate if recent_rate == 0.0 else 0.9 * recent_rate + 0.1 * step_rate
            validated_now = self.step % config.validate_every == 0 or self.step == self.total_steps
            if validated_now:
                self._validate_and_keep_best()
            yield self._progress(loss.item(), recent_rate, started, validated_now)
        if self.last_validation is None or self.step % config.validate_every != 0:
            self._validate_and_keep_best()
            yield self._progress(float("nan"), recent_rate, started, True)

    def _progress(self, loss_nats: float, rate: float, started: float, validated_now: bool) -> TrainingProgress:
        config = self.config
        characters_per_step = config.batch_size * config.sequence_length * self.world_size
        remaining_by_steps = (self.total_steps - self.step) * characters_per_step / max(rate, 1e-9)
        elapsed = self.elapsed_before_resume + time.monotonic() - started
        remaining_by_time = config.minutes * 60 - elapsed if config.minutes else math.inf
        return TrainingProgress(
            step=self.step,
            total_steps=self.total_steps,
            characters_done=self.step * characters_per_step,
            train_bits_per_character=loss_nats / math.log(2),
            characters_per_second=rate,
            eta_seconds=max(0.0, min(remaining_by_steps, remaining_by_time)),
            learning_rate=self.optimizer.param_groups[0]["lr"],
            validation_bits_per_character=self.last_validation,
            best_validation_bits_per_character=self.best_validation,
            validated_now=validated_now,
        )

    def _agree_to_stop(self, local_stop: bool) -> bool:
        """All processes stop at the same step, or the others would wait forever in the gradient all-reduce."""
        if self.world_size == 1:
            return local_stop
        flag = torch.tensor([1.0 if local_stop else 0.0], device=self.device)
        dist.all_reduce(flag, op=dist.ReduceOp.MAX)
        return bool(flag.item())

    def _validate_and_keep_best(self) -> None:
        if self.rank != 0:
            return
        figures = self.validate()
        if not figures:
            return
        chosen = self.score_of(figures)
        self.last_validation = chosen
        if self.best_validation is None or chosen < self.best_validation:
            self.best_validation = chosen
            if self.save_best is not None:
                self.save_best(self.network, figures)
        if self.resume_path is not None:
            self._save_resume_state()

    def _save_resume_state(self) -> None:
        buffer = io.BytesIO()
        torch.save(
            {
                "network": self.network.state_dict(),
                "optimizer": self.optimizer.state_dict(),
                "step": self.step,
                "elapsed": self.elapsed_before_resume + time.monotonic() - self._run_started,
                "best_validation": self.best_validation,
                "config": asdict(self.config),
            },
            buffer,
        )
        atomic_write_bytes(self.resume_path, buffer.getvalue())

    def _load_resume_state(self) -> None:
        saved = torch.load(self.resume_path, map_location=self.device, weights_only=True)
        self.network.load_state_dict(saved["network"])
        self.optimizer.load_state_dict(saved["optimizer"])
        self.step = int(saved["step"])
        self.elapsed_before_resume = float(saved["elapsed"])
        self.best_validation = saved["best_validation"]
