"""The user's own dictionary: words added from the spelling menu, never corrected nor underlined.

One word per line, UTF-8, in the user data folder, rewritten atomically on each addition; deleting all
personal data erases it.
"""

from __future__ import annotations

from pathlib import Path

from model import atomic_write_bytes


class PersonalDictionary:
    """The words in the user's dictionary file (a damaged or unreadable file reads as the words it still holds)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            text = path.read_bytes().decode("utf-8", errors="ignore")
        except OSError:
            text = ""
        self.words = {line.strip() for line in text.splitlines() if line.strip()}

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def add(self, word: str) -> None:
        """Add a word and save the file; raises OSError naming it when it cannot be written."""
        self.words.add(word)
        atomic_write_bytes(self.path, "".join(f"{entry}\n" for entry in sorted(self.words)).encode("utf-8"))

    def erase(self) -> None:
        """Forget every word and delete the file (part of deleting all personal data)."""
        self.words.clear()
        self.path.unlink(missing_ok=True)
