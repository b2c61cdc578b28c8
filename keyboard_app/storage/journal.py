"""The learning journal: what the user wrote in the editor, as it stayed (keyboard_app.controllers.stable_text
records it: not pasted or opened text, nor what was deleted or undone).

Plain UTF-8 text in the user data folder, appended paragraph by paragraph, each record in one write, so a
crash of the app loses at most what was not yet recorded. The learner reads its tail; deleting personal data
erases it.
"""

from __future__ import annotations

import os
from pathlib import Path

TAIL_BYTES = 400_000  # the learner trains on at most the last ~400 kB the user typed


class Journal:
    """An append-only text file of recorded text: one writer (the GUI thread) appends; `size_bytes` and
    `read_tail` open the file afresh on each call, so the worker threads may call them at any time.

    Each record is written with one write() on a file opened for appending, so a kill leaves it whole or
    absent (the kernel writes a regular file's bytes of one call together); a record cut even so (a full
    disk) ends the file in a broken character, and the next record starts on a new line, keeping the damage
    to that record. Reading drops undecodable bytes where they are, never the text around them.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._descriptor: int | None = None

    def append(self, text: str) -> None:
        """Add recorded text and hand it to the operating system at once (it survives the app crashing)."""
        data = text.encode("utf-8", errors="replace")
        if self._descriptor is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
            if _ends_in_a_broken_character(self.path):
                data = b"\n" + data
        try:
            written = os.write(self._descriptor, data)
            while written < len(data):  # a short write: the rest follows (only a full disk stops it)
                written += os.write(self._descriptor, data[written:])
        except OSError:
            self._drop_file()  # reopened on the next record, which then starts on a new line if this one was cut
            raise

    def _drop_file(self) -> None:
        descriptor, self._descriptor = self._descriptor, None
        try:
            os.close(descriptor)
        except OSError:
            pass  # what was written before is on disk

    def size_bytes(self) -> int:
        """The journal's size on disk (0 when there is none)."""
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def read_tail(self, max_bytes: int = TAIL_BYTES, end: int | None = None) -> str:
        """The last `max_bytes` of the journal (of its first `end` bytes, if given) as text ("" when there is
        none); a cut character is dropped."""
        end = self.size_bytes() if end is None else min(end, self.size_bytes())
        try:
            with open(self.path, "rb") as file:
                file.seek(max(0, end - max_bytes))
                return file.read(end - file.tell()).decode("utf-8", errors="ignore")
        except FileNotFoundError:
            return ""

    def close(self) -> None:
        """Flush to disk (fsync) and close; a later append reopens it."""
        if self._descriptor is not None:
            try:
                os.fsync(self._descriptor)
            finally:
                self._drop_file()

    def erase(self) -> None:
        """Delete the journal (part of deleting all personal data)."""
        self.close()
        self.path.unlink(missing_ok=True)


def _ends_in_a_broken_character(path: Path) -> bool:
    """Whether the file's last bytes are the start of a UTF-8 character whose end is missing (a cut record)."""
    try:
        with open(path, "rb") as file:
            file.seek(max(0, os.path.getsize(path) - 4))
            tail = file.read()
    except OSError:
        return False
    for back in range(1, min(4, len(tail)) + 1):
        byte = tail[-back]
        if byte & 0xC0 != 0x80:  # the lead byte of the last character (or an ASCII byte)
            needed = 1 if byte < 0x80 else 2 if byte >> 5 == 0b110 else 3 if byte >> 4 == 0b1110 else 4
            return back < needed
    return False
