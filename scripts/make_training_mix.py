"""Write the default model's training text: modern chat (standard spelling), modern wiki prose and older English.

    python scripts/make_training_mix.py --out runs/everyday_mix.txt [--older-chars 6000000]

The chat's contractions get their apostrophes back and a lone "i" becomes "I" (model.text.everyday_spelling),
so the model and its counts learn the forms a user expects. Of train.txt only the first --older-chars
characters are kept: the shipped network already learned it, and the mix leans towards how people write today.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.text.everyday_spelling import standardise_spelling  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


TRAINING_FILES = ["train_modern_chat.txt", "train_modern_wiki.txt", "train.txt"]


def training_mix(corpus: Path, older_chars: int) -> tuple[str, dict[str, int]]:
    """The mix's text and how many characters of each corpus file it holds."""
    chat = standardise_spelling((corpus / "train_modern_chat.txt").read_text(encoding="utf-8"))
    wiki = (corpus / "train_modern_wiki.txt").read_text(encoding="utf-8")
    older = (corpus / "train.txt").read_text(encoding="utf-8")[:older_chars]
    parts = dict(zip(TRAINING_FILES, (chat, wiki, older)))
    return "\n".join(parts.values()), {name: len(part) for name, part in parts.items()}


def main() -> None:
    """Read the corpus files, standardise the chat's spelling, write the mix."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--older-chars", type=int, default=6_000_000, help="characters of train.txt kept")
    arguments = parser.parse_args()
    text, sizes = training_mix(Path(arguments.corpus), arguments.older_chars)
    Path(arguments.out).parent.mkdir(parents=True, exist_ok=True)
    Path(arguments.out).write_text(text, encoding="utf-8")
    print(f"wrote {arguments.out}: " + ", ".join(f"{name} {size:,}" for name, size in sizes.items()) + " characters")


if __name__ == "__main__":
    main()
