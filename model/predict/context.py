"""How much of a text the engine reads: its tail, from a start that depends on the text's length alone.

Every per-key step reads at most READ_CHARS characters, whatever the document's size (a 50 MB text costs what
30 kB costs). The start moves in steps of READ_STRIDE, so between two steps the text read grows by one
character per key and the caches (LSTM states, the document's word counts) carry over; the editor fetches the
same tail from its document, so it never copies the whole text on a key press.
"""

from __future__ import annotations

READ_CHARS = 30_000  # more than the document's word counts read (20,000) and the LSTM's window (512)
READ_STRIDE = 10_000


def read_start(length: int) -> int:
    """Where the engine starts reading a text of `length` characters: 0, or a multiple of READ_STRIDE that
    leaves between READ_CHARS - READ_STRIDE and READ_CHARS characters."""
    if length <= READ_CHARS:
        return 0
    return ((length - READ_CHARS) // READ_STRIDE + 1) * READ_STRIDE
