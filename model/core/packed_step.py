"""One LSTM step with the weights packed in half precision for FBGEMM, x86 PyTorch's own AVX2 matrix kernels.

On an AVX2 CPU without AVX-512 (an AMD EPYC here; most laptops), the fp32 matrix products of `torch.lstm_cell`
at the beam's batch of 8 run at a fraction of the CPU's speed: a two-layer step of hidden 384 took 1.9-3.1 ms.
The same step with FBGEMM's half-precision weights and fp32 activations takes 0.6-0.9 ms (0.2-0.4 ms at batch
1-2), and its next-character log-probabilities differ from fp32 by under 0.004 (`benchmarks/step_speed.py`).
Activations, gates and the carried state stay fp32; only the weights are rounded, once.
"""

from __future__ import annotations

from functools import cache

import torch
from torch import nn

LSTMState = tuple[torch.Tensor, torch.Tensor]

# FBGEMM's kernels need x86 with AVX2 at least; torch reports the capability it dispatches to.
FBGEMM_CAPABILITIES = ("AVX2", "AVX512")


def packing_available(device: torch.device) -> bool:
    """Whether half-precision packed steps run here: a CPU tensor on an x86 build of torch with AVX2 or better."""
    return device.type == "cpu" and _fbgemm_runs()


@cache
def _fbgemm_runs() -> bool:
    return (
        "fbgemm" in torch.backends.quantized.supported_engines
        and torch.backends.cpu.get_cpu_capability() in FBGEMM_CAPABILITIES
    )


class PackedStep:
    """The step of one network's LSTM layers and head, from weights packed when it was built.

    Built from the weights as they are; the network rebuilds it when a weight changes (`weights_key`).
    Inference only: nothing here carries gradients.
    """

    def __init__(self, lstm: nn.LSTM, head: nn.Linear) -> None:
        pack = torch.ops.quantized.linear_prepack_fp16
        with torch.no_grad():
            self._layers = [
                pack(  # [W_ih | W_hh] applied to [input | h]: one product per layer instead of two
                    torch.cat([getattr(lstm, f"weight_ih_l{layer}"), getattr(lstm, f"weight_hh_l{layer}")], 1),
                    getattr(lstm, f"bias_ih_l{layer}") + getattr(lstm, f"bias_hh_l{layer}"),
                )
                for layer in range(lstm.num_layers)
            ]
            self._head = pack(head.weight, head.bias)

    def __call__(self, layer_input: torch.Tensor, state: LSTMState) -> tuple[torch.Tensor, LSTMState]:
        """Embedded characters (batch, embedding) and the state -> logits (batch, vocab) and the new state."""
        linear = torch.ops.quantized.linear_dynamic_fp16
        hidden, cell = state
        new_hidden, new_cell = [], []
        for layer, weights in enumerate(self._layers):
            gates = linear(torch.cat((layer_input, hidden[layer]), 1), weights)  # (batch, 4 hidden): i f g o
            in_gate, forget_gate, candidate, out_gate = gates.unsafe_chunk(4, 1)  # views of a tensor owned here
            c = torch.addcmul(forget_gate.sigmoid_() * cell[layer], in_gate.sigmoid_(), candidate.tanh_())
            h = out_gate.sigmoid_() * c.tanh()
            new_hidden.append(h)
            new_cell.append(c)
            layer_input = h
        return linear(layer_input, self._head), (torch.stack(new_hidden), torch.stack(new_cell))
