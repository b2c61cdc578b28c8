"""Character vocabulary: case-preserving, NFC-normalised, total over every string.

Any string encodes: characters the model never saw (emoji, CJK, control characters, lone surrogates) map to
one unknown id, so no input the user can type crashes the engine.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

import torch

from model.text.words import normalize_text

UNKNOWN_ID = 0
# Control characters that carry meaning in text; every other control character is unknown.
KEPT_CONTROL_CHARACTERS = frozenset("\n\t")


def is_learnable_character(character: str) -> bool:
    """Whether a character may get its own id: printable characters, newline and tab, not surrogates."""
    if character in KEPT_CONTROL_CHARACTERS:
        return True
    category = unicodedata.category(character)
    return not category.startswith("C")  # Cc control, Cf format, Cs surrogate, Co private, Cn unassigned


class Vocabulary:
    """Maps characters to ids and back; id 0 is the unknown character.

    The character list is saved with the model, so ids never change once a model is trained.
    """

    def __init__(self, characters: Sequence[str]) -> None:
        if len(set(characters)) != len(characters):
            raise ValueError("vocabulary characters must be distinct")
        bad = [c for c in characters if len(c) != 1 or not is_learnable_character(c)]
        if bad:
            raise ValueError(f"vocabulary holds characters it cannot hold: {bad[:5]!r}")
        self.characters: list[str] = list(characters)
        self._id_of: dict[str, int] = {c: i + 1 for i, c in enumerate(self.characters)}

    @classmethod
    def from_texts(cls, texts: Iterable[str], min_count: int = 1) -> Vocabulary:
        """Build a vocabulary of the learnable characters seen at least `min_count` times, most frequent first."""
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(normalize_text(text))
        kept = [c for c, n in counts.most_common() if n >= min_count and is_learnable_character(c)]
        return cls(kept)

    def __len__(self) -> int:
        """Number of ids, the unknown id included."""
        return len(self.characters) + 1

    def __contains__(self, character: str) -> bool:
        return character in self._id_of

    def id_of(self, character: str) -> int:
        """The id of one character, or UNKNOWN_ID."""
        return self._id_of.get(character, UNKNOWN_ID)

    def encode(self, text: str) -> list[int]:
        """Ids of the NFC-normalised `text`; unseen characters become UNKNOWN_ID."""
        get = self._id_of.get
        return [get(c, UNKNOWN_ID) for c in normalize_text(text)]

    def encode_tensor(self, text: str) -> torch.Tensor:
        """`encode` as a 1-D LongTensor: what training and scoring take."""
        return torch.tensor(self.encode(text), dtype=torch.long)

    def top_characters(self, probabilities: torch.Tensor, k: int) -> list[tuple[str, float]]:
        """The k likeliest characters of a next-character distribution (vocab,), never the unknown one."""
        probabilities = probabilities.clone()
        probabilities[UNKNOWN_ID] = 0.0
        top = torch.topk(probabilities, max(0, min(k, len(self) - 1)))
        return [
            (self.character_of(token_id), probability)
            for token_id, probability in zip(top.indices.tolist(), top.values.tolist())
        ]

    def character_of(self, token_id: int) -> str:
        """The character of an id; the unknown id decodes to U+FFFD."""
        return self.characters[token_id - 1] if token_id != UNKNOWN_ID else "\ufffd"

    def decode(self, ids: Iterable[int]) -> str:
        """The text of a sequence of ids."""
        return "".join(self.character_of(i) for i in ids)
