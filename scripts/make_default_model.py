"""Assemble the shipped default model: a trained network, the word counts of its training mix, within a size budget.

    python scripts/make_default_model.py --network runs/everyday.safetensors --out resources/models/default.safetensors

The counts are recounted over the mix the network was trained on (scripts/make_training_mix.py: modern chat
in standard spelling, modern wiki prose), with all of train.txt by default (--older), and elongated spellings
counted as their standard form ("hahahah" as "haha", "Yeahhh" as "Yeah":
model.text.everyday_spelling.elongation_table). Words seen fewer than
--word-min-count times are left out; pairs and triples are kept from the least count that keeps the file
within --max-mb.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_training_mix import CORPUS, OLDER_PARTS, training_mix  # noqa: E402

from model.files.atomic_file import atomic_write_bytes  # noqa: E402
from model.files.checkpoint import load_model, model_file_bytes  # noqa: E402
from model.lexicon.english_words import shipped_english_words  # noqa: E402
from model.lexicon.word_counts import WordCounts, count_words  # noqa: E402
from model.text.everyday_spelling import elongation_table, without_elongation  # noqa: E402
from model.text.words import normalize_text  # noqa: E402


def without_elongations(counts: tuple[Counter, Counter, Counter]) -> tuple[Counter, Counter, Counter]:
    """Unigram, bigram and trigram counts with each elongated word counted as its standard form."""
    unigrams = counts[0]
    lower_case: Counter[str] = Counter()
    for word, count in unigrams.items():
        lower_case[word.lower()] += count
    english = shipped_english_words()
    known = {word.lower() for word in english.counts.words} if english else set()
    table = elongation_table(lower_case, known)
    print(f"{len(table)} elongated spellings counted as their standard form", file=sys.stderr)
    respelled = {word: without_elongation(word, table) for word in unigrams}
    standard: list[Counter] = [Counter(), Counter(), Counter()]
    for order, order_counts in enumerate(counts):
        target = standard[order]
        for key, count in order_counts.items():
            target[respelled[key] if order == 0 else tuple(respelled.get(word, word) for word in key)] += count
    return standard[0], standard[1], standard[2]


def main() -> None:
    """Count, prune to the budget, write."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--network", required=True, help="the trained model file whose network is shipped")
    parser.add_argument("--out", required=True)
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--older", choices=OLDER_PARTS, default="all", help="which part of train.txt is counted")
    parser.add_argument("--max-mb", type=float, default=19.5, help="size budget of the model file")
    parser.add_argument("--word-min-count", type=int, default=3)
    arguments = parser.parse_args()
    network, metadata = load_model(arguments.network)
    text, sizes = training_mix(Path(arguments.corpus), arguments.older)
    started = time.perf_counter()
    unigrams, bigrams, trigrams = without_elongations(count_words([normalize_text(text)]))
    print(f"counted in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    metadata = dataclasses.replace(
        metadata,
        name="default",
        trained_on=list(sizes),
        training={**metadata.training, "mix_characters": sizes, "word_counts": {"command": " ".join(sys.argv)}},
    )
    for min_count in range(1, 50):
        counts = WordCounts.from_counts(unigrams, bigrams, trigrams, min_count, word_min_count=arguments.word_min_count)
        metadata.training["word_counts"].update(min_count=min_count, word_min_count=arguments.word_min_count)
        data = model_file_bytes(network, metadata, counts)
        print(f"pairs and triples seen >= {min_count} times: {counts.sizes()}, {len(data) / 1e6:.1f} MB", file=sys.stderr)
        if len(data) <= arguments.max_mb * 1e6:
            atomic_write_bytes(arguments.out, data)
            print(f"wrote {arguments.out}: {counts.sizes()}")
            return
    raise SystemExit("no pruning fits the budget")


if __name__ == "__main__":
    main()
