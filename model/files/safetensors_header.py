"""A safetensors file's header, read without torch: the place and type of each tensor, and the metadata.

The model file's loader checks the header with it before safetensors parses anything, and the starter words
(model.predict.starter_words) read the word counts through it while torch is still loading.
"""

from __future__ import annotations

import json
import sys

MAX_HEADER_BYTES = 2**20  # the shipped model's header is 4 kB
MAX_MODEL_BYTES = 512 * 2**20  # a model of ours is 20 MB; a file larger than this is not one
RAW_FORMATS = {"U8": "B", "I32": "i", "I64": "q"}  # safetensors dtype -> memoryview format, for integer tensors
# What a damaged header can raise on the way (JSON errors are ValueErrors; a deep nesting a RecursionError).
HEADER_ERRORS = (ValueError, KeyError, TypeError, AttributeError, RecursionError, OverflowError)


def read_header(data: bytes) -> dict:
    """The JSON header at the start of safetensors bytes, within MAX_HEADER_BYTES; ValueError if not one."""
    if len(data) < 8:
        raise ValueError("file too short")
    header_length = int.from_bytes(data[:8], "little")
    if header_length > MAX_HEADER_BYTES:
        raise ValueError(f"a header of {header_length:,} bytes (the limit is {MAX_HEADER_BYTES:,})")
    if header_length > len(data) - 8:
        raise ValueError("header longer than the file")
    header = json.loads(data[8 : 8 + header_length])
    if not isinstance(header, dict):
        raise ValueError(f"the header is a JSON {type(header).__name__}, not an object")
    return header


def header_metadata(header: dict) -> dict[str, str]:
    """The header's `__metadata__` table (safetensors' load() does not return it); ValueError if malformed."""
    metadata = header.get("__metadata__") or {}
    if not isinstance(metadata, dict) or not all(isinstance(value, str) for value in metadata.values()):
        raise ValueError("the header's metadata is not a table of strings")
    return dict(metadata)


def raw_integers(data: bytes, header: dict, name: str) -> memoryview:
    """The one-dimensional integer tensor `name` of the file `data` as a memoryview of its numbers (no copy);
    ValueError if it is missing, of another type or shape, or lies outside the file."""
    if sys.byteorder != "little":  # safetensors stores little-endian numbers
        raise ValueError("raw tensors are read on little-endian machines only")
    entry = header.get(name)
    if not isinstance(entry, dict) or not isinstance(entry.get("dtype"), str) or entry["dtype"] not in RAW_FORMATS:
        raise ValueError(f"no integer tensor {name!r}")
    shape, offsets = entry.get("shape"), entry.get("data_offsets")
    if not (isinstance(shape, list) and len(shape) == 1 and isinstance(shape[0], int)):
        raise ValueError(f"tensor {name!r} is not a list of numbers")
    if not (isinstance(offsets, list) and len(offsets) == 2 and all(type(offset) is int for offset in offsets)):
        raise ValueError(f"tensor {name!r} has no place in the file")
    body = 8 + int.from_bytes(data[:8], "little")
    begin, end = body + offsets[0], body + offsets[1]
    if not body <= begin <= end <= len(data):
        raise ValueError(f"tensor {name!r} lies outside the file")
    try:
        numbers = memoryview(data)[begin:end].cast(RAW_FORMATS[entry["dtype"]])
    except TypeError as error:  # a length that is no whole number of its numbers
        raise ValueError(f"tensor {name!r}: {error}") from error
    if len(numbers) != shape[0]:
        raise ValueError(f"tensor {name!r} has {len(numbers)} numbers, not {shape[0]}")
    return numbers
