"""The learning journal: what the user typed in the editor (finished words, not pasted or opened text).

Plain UTF-8 text in the user data folder, appended and flushed word by word, so a crash of the app loses at
most the word being typed. The learner reads its tail; deleting personal data erases it.
"""

from __future__ import annotations

import os
from pathlib import Path

TAIL_BYTES = 400_000  # the learner trains on at most the last ~400 kB the user typed


class Journal:
    """An append-only text file of typed words: one writer (the GUI thread) appends; `size_bytes` and
    `read_tail` open the file afresh on each call, so the worker threads may call them at any time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = None

    def append(self, text: str) -> None:
        """Add typed text and flush it to the operating system (it survives the app crashing)."""
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "a", encoding="utf-8", newline="")  # noqa: SIM115 - kept open while typing
        try:
            self._file.write(text)
            self._file.flush()
        except OSError:
            self._drop_file()  # a failed write must not stay buffered and fail again on every word
            raise

    def _drop_file(self) -> None:
        file, self._file = self._file, None
        try:
            file.close()
        except OSError:
            pass  # the unwritten buffer is lost; what was flushed before is on disk

    def size_bytes(self) -> int:
        """The journal's size on disk (0 when there is none)."""
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def read_tail(self, max_bytes: int = TAIL_BYTES) -> str:
        """The last `max_bytes` of the journal as text ("" when there is none); a cut character is dropped."""
        try:
            with open(self.path, "rb") as file:
                file.seek(max(0, self.size_bytes() - max_bytes))
                return file.read().decode("utf-8", errors="ignore")
        except FileNotFoundError:
            return ""

    def close(self) -> None:
        """Flush to disk (fsync) and close; a later append reopens it."""
        if self._file is not None:
            try:
                self._file.flush()
                os.fsync(self._file.fileno())
            finally:
                self._drop_file()

    def erase(self) -> None:
        """Delete the journal (part of deleting all personal data)."""
        self.close()
        self.path.unlink(missing_ok=True)
