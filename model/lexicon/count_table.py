"""Sorted count keys with their counts, read a few numbers at a time without torch's cost per call.

A key asks for about a dozen distributions, and each reads a handful of numbers from tables of up to half a
million counts: a torch call on a few numbers costs 5-20 us on an AVX2 laptop core, a bisect of a memoryview
about 1 us. The tables keep their tensors (top-k over a long slice is torch's job) and read the same memory
through memoryviews; the frozen app ships without numpy.
"""

from __future__ import annotations

import ctypes
from bisect import bisect_left

import torch


def int64_view(tensor: torch.Tensor) -> memoryview:
    """The memory of a 1-D contiguous CPU int64 tensor as a memoryview of int64 (no copy); the view keeps the tensor
    alive (through the ctypes array it reads, as numpy.ctypeslib does)."""
    if tensor.dtype != torch.int64 or tensor.device.type != "cpu" or not tensor.is_contiguous() or tensor.dim() != 1:
        raise ValueError("int64_view: needs a 1-D contiguous CPU int64 tensor")
    if tensor.numel() == 0:
        return memoryview(b"").cast("q")
    array = (ctypes.c_int64 * tensor.numel()).from_address(tensor.data_ptr())
    array._owner = tensor  # the memory's owner lives as long as the array, which the memoryview holds
    return memoryview(array).cast("B").cast("q")


class CountTable:
    """Sorted int64 keys (model.lexicon.count_keys: a word pair's or triple's number) and their counts, each at
    least 1 (model.lexicon.word_counts's discounting relies on it; WordCounts.from_tensors refuses a file that says
    less, and counting gives no less), with the running total of the counts, so that
    a slice's total is two reads."""

    def __init__(self, keys: torch.Tensor, counts: torch.Tensor) -> None:
        self.keys = keys.to(torch.int64).contiguous()
        self.counts = counts.to(torch.int64).contiguous()
        self._cumulative = torch.cat([torch.zeros(1, dtype=torch.int64), self.counts.cumsum(0)])
        self._key_at, self._count_at = int64_view(self.keys), int64_view(self.counts)
        self._cumulative_at = int64_view(self._cumulative)

    def __len__(self) -> int:
        return len(self._key_at)

    def position(self, key: int) -> int:
        """Where `key` is, or would be inserted to keep the keys sorted."""
        return bisect_left(self._key_at, key)

    def total(self, begin: int, end: int) -> int:
        """The sum of the counts at positions [begin, end)."""
        return self._cumulative_at[end] - self._cumulative_at[begin]

    def count_of(self, key: int) -> int:
        """The count of `key`; 0 when it is not in the table."""
        position = bisect_left(self._key_at, key)
        return self._count_at[position] if position < len(self._key_at) and self._key_at[position] == key else 0

    def key_at(self, position: int) -> int:
        """The key at a position."""
        return self._key_at[position]

    def count_at(self, position: int) -> int:
        """The count at a position (a word's count where the keys are the word ids)."""
        return self._count_at[position]

    def top_positions(self, begin: int, end: int, limit: int) -> list[int]:
        """The positions in [begin, end) of the `limit` largest counts (all of them when there are no more), in no
        set order."""
        if end - begin <= limit:
            return list(range(begin, end))
        return (torch.topk(self.counts[begin:end], limit, sorted=False).indices + begin).tolist()
