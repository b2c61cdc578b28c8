"""Write the default model's training text: modern chat (standard spelling), modern wiki prose and older English.

    python scripts/make_training_mix.py --out runs/everyday_mix.txt [--older speeches|all]

The chat's contractions get their apostrophes back and a lone "i" becomes "I" (model.text.everyday_spelling),
so the model and its counts learn the forms a user expects. Of train.txt the mix keeps its State of the Union
addresses (1900-2020) by default: the shipped network learned the whole file already, and of its parts the
speeches are the nearest to how people speak and write formally today (the release before kept the first six
million characters instead, Jane Austen and Jules Verne, and its network lost 0.07 bits per character on
valid_modern_speech.txt). `--older all` keeps the whole file, as the word counts do.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.text.everyday_spelling import standardise_spelling  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


TRAINING_FILES = ["train_modern_chat.txt", "train_modern_wiki.txt", "train.txt"]
SPEECHES_FIRST_LINE = "To the Senate and House of Representatives:\nAt the outgoing of the old"  # 1900
SPEECHES_LAST_LINE = "Thank you, God bless you, and God bless America. Thank you very much.\n"  # 2020
OLDER_PARTS = ("speeches", "all")


def state_of_the_union(older: str) -> str:
    """The State of the Union addresses in train.txt's text: from the first line of 1900's to the last of 2020's.

    Raises ValueError if either line is missing (a different train.txt), rather than training on the wrong text.
    """
    start = older.find(SPEECHES_FIRST_LINE)
    end = older.rfind(SPEECHES_LAST_LINE)
    if start < 0 or end < start:
        raise ValueError("train.txt holds no State of the Union addresses where they were expected")
    return older[start : end + len(SPEECHES_LAST_LINE)]


def training_mix(corpus: Path, older_part: str) -> tuple[str, dict[str, int]]:
    """The mix's text and how many characters of each corpus file it holds (`older_part`: one of OLDER_PARTS)."""
    chat = standardise_spelling((corpus / "train_modern_chat.txt").read_text(encoding="utf-8"))
    wiki = (corpus / "train_modern_wiki.txt").read_text(encoding="utf-8")
    older = (corpus / "train.txt").read_text(encoding="utf-8")
    if older_part == "speeches":
        older = state_of_the_union(older)
    parts = dict(zip(TRAINING_FILES, (chat, wiki, older)))
    return "\n".join(parts.values()), {name: len(part) for name, part in parts.items()}


def main() -> None:
    """Read the corpus files, standardise the chat's spelling, write the mix."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--older", choices=OLDER_PARTS, default="speeches", help="which part of train.txt is kept")
    arguments = parser.parse_args()
    text, sizes = training_mix(Path(arguments.corpus), arguments.older)
    Path(arguments.out).parent.mkdir(parents=True, exist_ok=True)
    Path(arguments.out).write_text(text, encoding="utf-8")
    print(f"wrote {arguments.out}: " + ", ".join(f"{name} {size:,}" for name, size in sizes.items()) + " characters")


if __name__ == "__main__":
    main()
