"""One LSTM step, fp32 `torch.lstm_cell` beside packed half-precision weights (model.core.packed_step).

Times a step of the shipped model at the batch sizes inference uses (1: a typed character, 2: both window lanes,
8: the word beam), each kind measured in turns in the same run, and the largest difference of the next-character
log-probabilities the two give along a validation text read step by step.

    python benchmarks/step_speed.py [--repeats 400]
"""

from __future__ import annotations

import argparse
import time

from common import corpus_text, fp32_step_predictor
from latency import cpu_description

import torch

from model import Predictor
from model.evaluate.evaluation import percentile


def step_ms(network, batch: int, state, repeats: int) -> float:
    """Median milliseconds of one step of `batch` sequences from `state` (the first sequence's, repeated)."""
    ids = torch.randint(1, network.config.vocab_size, (batch,), generator=torch.Generator().manual_seed(batch))
    batch_state = tuple(part[:, :1].expand(-1, batch, -1).contiguous() for part in state)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        network.step(ids, batch_state)
        times.append((time.perf_counter() - started) * 1000)
    return percentile(sorted(times), 50)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=400)
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    print(cpu_description())
    exact = fp32_step_predictor()
    packed = Predictor.load(device="cpu").network
    text = "\n" + corpus_text("valid_modern_chat.txt", 2_000)
    ids = exact.vocabulary.encode(text)
    with torch.inference_mode():
        states = {name: network.initial_state(1) for name, network in (("fp32", exact.network), ("packed", packed))}
        largest = 0.0
        for token_id in ids:
            log_probabilities = {}
            for name, network in (("fp32", exact.network), ("packed", packed)):
                logits, states[name] = network.step(torch.tensor([token_id]), states[name])
                log_probabilities[name] = torch.log_softmax(logits[0], dim=-1)
            largest = max(largest, float((log_probabilities["fp32"] - log_probabilities["packed"]).abs().max()))
        print(f"largest next-character log-probability difference over {len(ids):,} characters: {largest:.4f}")
        for batch in (1, 2, 8):
            fp32, half = [], []
            for _ in range(4):  # in turns, so that a busy moment of the machine hits both
                fp32.append(step_ms(exact.network, batch, states["fp32"], arguments.repeats // 4))
                half.append(step_ms(packed, batch, states["packed"], arguments.repeats // 4))
            print(f"batch {batch}: fp32 lstm_cell {min(fp32):.3f} ms, packed half precision {min(half):.3f} ms, "
                  f"{min(fp32) / min(half):.1f}x faster")


if __name__ == "__main__":
    main()
