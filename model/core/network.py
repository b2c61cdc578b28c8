"""The character LSTM: embedding, multi-layer LSTM, linear head.

Training runs whole sequences through `nn.LSTM` (fast with oneDNN); inference runs one character at a time
through `step`, which applies the same weights with `torch.lstm_cell` layer by layer, several times faster
than a single-step `nn.LSTM` call on the CPU (see shared NOTES.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import torch
from torch import nn

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

    def step(self, ids: torch.Tensor, state: LSTMState) -> tuple[torch.Tensor, LSTMState]:
        """One character per sequence: ids (batch,) -> logits (batch, vocab) and the new state."""
        layer_input = self.embedding(ids)  # (batch, embedding)
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
