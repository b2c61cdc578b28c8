"""The character LSTM: embedding, multi-layer LSTM, linear head.

Training runs whole sequences through `nn.LSTM` (fast with oneDNN); inference runs one character at a time
through `step`, which applies the same weights layer by layer: on an x86 CPU with half-precision weights packed
for FBGEMM (model.core.packed_step, 2.5-4x faster than fp32 on AVX2), elsewhere with `torch.lstm_cell`; either
is several times faster than a single-step `nn.LSTM` call on the CPU (see shared NOTES.md).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields

import torch
from torch import nn
from torch.nn import functional as F

from model.core.packed_step import PackedStep, packing_available

# (h, c), each (layers, batch, hidden): the layout nn.LSTM takes and returns.
LSTMState = tuple[torch.Tensor, torch.Tensor]


MAX_SIZE = 1 << 16  # no size of a network of ours comes near this; a damaged header may claim any number


@dataclass
class ModelConfig:
    """Sizes of the network; saved with the weights so a model file rebuilds its own network."""

    vocab_size: int
    embedding_size: int = 48
    hidden_size: int = 384
    num_layers: int = 2
    dropout: float = 0.0

    def to_dict(self) -> dict:
        """Plain values for the model file's metadata."""
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> ModelConfig:
        """Rebuild from metadata; unknown keys are an error, so a foreign file is not half-read."""
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"unknown model config keys: {sorted(unknown)}")
        config = cls(**values)
        sizes = (config.vocab_size, config.embedding_size, config.hidden_size, config.num_layers)
        if not all(type(size) is int and 0 < size <= MAX_SIZE for size in sizes):
            raise ValueError(f"network sizes out of range: {sizes}")
        if not (isinstance(config.dropout, (int, float)) and 0 <= config.dropout < 1):
            raise ValueError(f"dropout {config.dropout!r} is not in [0, 1)")
        return config


class CharLSTM(nn.Module):
    """Predicts the next character's logits from the characters so far, carrying the LSTM state."""

    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.config = config
        self.embedding = nn.Embedding(config.vocab_size, config.embedding_size)
        self.lstm = nn.LSTM(
            config.embedding_size,
            config.hidden_size,
            config.num_layers,
            batch_first=True,
            dropout=config.dropout if config.num_layers > 1 else 0.0,
        )
        self.head = nn.Linear(config.hidden_size, config.vocab_size)
        # Steps through packed half-precision weights where FBGEMM runs (False: torch.lstm_cell in fp32, the
        # exact reference that benchmarks/step_speed.py compares with).
        self.packed_steps = True
        self._packed: tuple[tuple[nn.Parameter, ...], tuple[int, ...], PackedStep] | None = None  # see _packed_step

    @staticmethod
    def parameter_shapes(config: ModelConfig) -> dict[str, tuple[int, ...]]:
        """The name and shape of every weight a network of `config` has, without building one.

        A model file's weights are checked against these before anything is allocated (a damaged header may
        claim a huge network). Building a network on the meta device would tell the same, but its random
        initialisation imports torch._dynamo: 5 s of the app's start-up.
        """
        hidden, gates = config.hidden_size, 4 * config.hidden_size
        shapes: dict[str, tuple[int, ...]] = {"embedding.weight": (config.vocab_size, config.embedding_size)}
        for layer in range(config.num_layers):
            layer_input = config.embedding_size if layer == 0 else hidden
            shapes |= {
                f"lstm.weight_ih_l{layer}": (gates, layer_input),
                f"lstm.weight_hh_l{layer}": (gates, hidden),
                f"lstm.bias_ih_l{layer}": (gates,),
                f"lstm.bias_hh_l{layer}": (gates,),
            }
        return shapes | {"head.weight": (config.vocab_size, hidden), "head.bias": (config.vocab_size,)}

    def initial_state(self, batch_size: int, device: torch.device | str | None = None) -> LSTMState:
        """Zero state for `batch_size` sequences."""
        shape = (self.config.num_layers, batch_size, self.config.hidden_size)
        device = device if device is not None else self.head.weight.device
        return torch.zeros(shape, device=device), torch.zeros(shape, device=device)

    def forward(self, ids: torch.Tensor, state: LSTMState | None = None) -> tuple[torch.Tensor, LSTMState]:
        """Logits for every position of `ids` (batch, time) -> (batch, time, vocab), and the final state."""
        embedded = self.embedding(ids)  # (batch, time, embedding)
        outputs, state = self.lstm(embedded, state)  # (batch, time, hidden)
        return self.head(outputs), state

    def for_inference(self, device: torch.device) -> CharLSTM:
        """This network moved to `device` and put in eval mode (in place, as `.to()` does), for a Predictor. Where
        packed steps run, the Predictor gets a copy whose LSTM and head weights are rounded to half precision, as
        the steps use them, so that whole-text reads through nn.LSTM compute what the steps compute, and this
        network's weights stay as they are; elsewhere it gets this network itself."""
        network = self.to(device).eval()
        if not (network.packed_steps and packing_available(device)):
            return network
        network._packed = None  # a cache: not copied, packed again at the twin's first step
        twin = copy.deepcopy(network)
        with torch.no_grad():
            for weight in (*twin.lstm.parameters(), *twin.head.parameters()):
                weight.copy_(weight.half().float())
        return twin

    def step(self, ids: torch.Tensor, state: LSTMState) -> tuple[torch.Tensor, LSTMState]:
        """One character per sequence: ids (batch,) -> logits (batch, vocab) and the new state (inference only)."""
        layer_input = F.embedding(ids, self.embedding.weight)  # (batch, embedding)
        if self.packed_steps and packing_available(ids.device):
            return self._packed_step()(layer_input, state)
        hidden, cell = state
        new_hidden, new_cell = [], []
        for layer in range(self.config.num_layers):
            h, c = torch.lstm_cell(
                layer_input,
                (hidden[layer], cell[layer]),
                getattr(self.lstm, f"weight_ih_l{layer}"),
                getattr(self.lstm, f"weight_hh_l{layer}"),
                getattr(self.lstm, f"bias_ih_l{layer}"),
                getattr(self.lstm, f"bias_hh_l{layer}"),
            )  # (batch, hidden) each
            new_hidden.append(h)
            new_cell.append(c)
            layer_input = h
        return self.head(layer_input), (torch.stack(new_hidden), torch.stack(new_cell))

    def _packed_step(self) -> PackedStep:
        """The packed step of the current weights, packed again once any of them changed: new weights loaded in
        place bump their version counters, weights assigned anew are other objects, and a move to another device
        or dtype goes through `_apply`."""
        weights = (*(weight for layer in self.lstm.all_weights for weight in layer), self.head.weight, self.head.bias)
        if self._packed is not None:
            packed_weights, versions, packed = self._packed
            same_weights = all(now is then for now, then in zip(weights, packed_weights))  # none replaced
            if same_weights and tuple(weight._version for weight in weights) == versions:
                return packed
        self._packed = (weights, tuple(weight._version for weight in weights), PackedStep(self.lstm, self.head))
        return self._packed[2]

    def _apply(self, fn: Callable[[torch.Tensor], torch.Tensor], recurse: bool = True) -> CharLSTM:
        """nn.Module's one path for .to(), .float() and the like."""
        self._packed = None  # the weights move or change type: pack them again from what they become
        return super()._apply(fn, recurse)
