"""Personalisation: fine-tune the default model on seven Shakespeare plays, judge it on the eighth.

Prints, before and after: keystroke savings on the held-out play (a simulated user types --eval-chars of it),
bits per character on that play and on valid_modern_speech.txt (general English must not get worse by more
than 0.1), and the fine-tuning throughput in characters per second on this machine.

    python benchmarks/finetune.py [--minutes 10] [--held-out twelfth_night] [--bf16]
"""

from __future__ import annotations

import argparse
import json

from common import CORPUS, corpus_text

import torch

from model import Predictor
from model.files.documents import read_documents
from model.evaluate.evaluation import character_figures, simulate_typing
from model.train.finetune import FineTuning
from model.train.training_settings import FinetuneSettings


def figures(predictor: Predictor, held_out_play: str, eval_chars: int) -> dict[str, float]:
    """Savings on the held-out play, and bits per character on it and on modern speech."""
    def bits_per_character(text: str) -> float:
        return character_figures(predictor.network, predictor.vocabulary.encode_tensor(text)).bits_per_character

    play_bits = bits_per_character(held_out_play)
    speech_bits = bits_per_character(corpus_text("valid_modern_speech.txt"))
    typing = simulate_typing(predictor, held_out_play[:eval_chars])
    return {"held_out_play_savings": typing.keystroke_savings, "held_out_play_bpc": play_bits, "modern_speech_bpc": speech_bits}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="base model (default: the shipped default model)")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--held-out", default="twelfth_night")
    parser.add_argument("--eval-chars", type=int, default=10_000)
    parser.add_argument("--bf16", action="store_true")
    parser.add_argument("--threads", type=int, default=2)
    arguments = parser.parse_args()
    torch.set_num_threads(arguments.threads)
    plays = CORPUS / "personal_shakespeare"
    documents = read_documents(sorted(p for p in plays.glob("*.txt") if p.stem != arguments.held_out))
    held_out_play = read_documents([plays / f"{arguments.held_out}.txt"]).texts[0][1]
    base = Predictor.load(arguments.model, device="cpu")
    before = figures(base, held_out_play, arguments.eval_chars)
    settings = FinetuneSettings(
        minutes=arguments.minutes, epochs=50, bfloat16=arguments.bf16, validate_every=200, savings_chars=1000
    )
    run = FineTuning(
        base.network, base.metadata, "\n".join(text for _, text in documents.texts), settings, word_counts=base.word_counts
    )
    for progress in run.run():
        if progress.validated_now:
            print(f"step {progress.step}: held-out {progress.validation_bits_per_character:.3f} bpc, "
                  f"{progress.characters_per_second:,.0f} chars/s", flush=True)
    tuned = Predictor(run.network, base.metadata, device="cpu", word_counts=run.word_counts)
    after = figures(tuned, held_out_play, arguments.eval_chars)
    report = run.report
    print(f"trained on {len(documents.texts)} plays ({documents.characters:,} chars): {report.characters_trained:,} "
          f"characters in {report.seconds:.0f} s = {report.characters_per_second:,.0f} chars/s "
          f"({arguments.threads} threads{', bf16' if arguments.bf16 else ''}); {report.reason}")
    print(f"{'':24}{'before':>10}{'after':>10}{'change':>10}")
    for name in before:
        print(f"{name:24}{before[name]:10.3f}{after[name]:10.3f}{after[name] - before[name]:+10.3f}")
    print(json.dumps({"before": before, "after": after, "chars_per_second": report.characters_per_second}))


if __name__ == "__main__":
    main()
