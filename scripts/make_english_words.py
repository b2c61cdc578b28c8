"""Writes resources/english_words.safetensors: general English word and word-pair counts for suggestions.

The counts come from symspellpy's dictionaries (MIT licence; derived from the Google Books Ngram data,
lower case): frequency_dictionary_en_82_765.txt (words) and frequency_bigramdictionary_en_243_342.txt (word
pairs). Counts are divided by SCALE so they fit the 32-bit integers of the file. Run once; the file is
committed (model.lexicon.english_words reads it).

    .venv/bin/pip install symspellpy==6.10.1 && .venv/bin/python scripts/make_english_words.py
"""

from __future__ import annotations

import sys
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import symspellpy
from safetensors.torch import save

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from model.files.atomic_file import atomic_write_bytes  # noqa: E402
from model.lexicon.english_words import ENGLISH_WORDS_FILE  # noqa: E402
from model.lexicon.word_counts import WordCounts  # noqa: E402

SCALE = 1000
DICTIONARIES = Path(symspellpy.__file__).parent
WORDS_FILE = DICTIONARIES / "frequency_dictionary_en_82_765.txt"
PAIRS_FILE = DICTIONARIES / "frequency_bigramdictionary_en_243_342.txt"


def scaled(count: str) -> int:
    """A dictionary count divided by SCALE, at least 1."""
    return max(1, int(count) // SCALE)


def main() -> None:
    unigrams: Counter[str] = Counter()
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        word, count = line.split()
        unigrams[word] = scaled(count)
    bigrams: Counter[tuple[str, str]] = Counter()
    for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines():
        previous, word, count = line.split()
        bigrams[(previous, word)] = scaled(count)
        for pair_word in (previous, word):
            unigrams[pair_word] = unigrams[pair_word] or 1  # a few pair words are missing from the word list
    counts = WordCounts.from_counts(unigrams, bigrams, Counter())
    out = REPOSITORY / "resources" / ENGLISH_WORDS_FILE
    source = f"symspellpy {version('symspellpy')}: {WORDS_FILE.name}, {PAIRS_FILE.name} (MIT), counts / {SCALE}"
    atomic_write_bytes(out, save(counts.to_tensors(), metadata={"source": source}))
    print(f"wrote {out}: {counts.sizes()}, {out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
