"""How inference is tuned: the context window, the beam search, and the weights of the word sources' mix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class PredictorOptions:
    """Tuning of inference: context window and beam search."""

    max_context_chars: int = 512
    window_stride: int = 256
    # The word beam search: 4 beams saved the same keystrokes as 8 with 0.6x the LSTM rows, and a budget of 7 LSTM
    # steps (then it ends once it has its words) took the longest searches from 24 steps to 7; keystroke savings
    # 0.4955 -> 0.4953, next-word top-3 0.318 -> 0.3175 (benchmarks/beam_budget.py, README).
    beam_width: int = 4
    beam_max_steps: int | None = 7
    max_word_length: int = 24
    beam_words: int = 4  # words the beam search finishes (more cost time and did not help: benchmarks/tune_words.py)
    counted_words: int = 8  # words each word-count model proposes
    lstm_weight: float = 0.6  # the LSTM's share in the mix with the word counts (tune_words.py)
    english_weight: float = 0.5  # general English's share of the word counts, beside the model file's (tune_words.py)
    document_weight: float = 0.2  # the share of the document's own word counts (a cache model)...
    document_half_words: int = 50  # ...reached by half once the document holds this many words
    remember_words: bool = True  # offer words the user typed (model.lexicon.word_memory): names the model cannot spell
    unknown_word_min_probability: float = 0.5  # a word no lexicon knows is offered only if the LSTM is this sure
    # The share of the user's own counts (model.lexicon.personal_counts), reached by half once the user has written
    # personal_half_words words, or at least personal_seen_weights[n] when the user wrote the n words before ahead of
    # a word that matches what was typed. benchmarks/personal.py --tune: higher weights help a user who writes unlike
    # the training text (the plays, best 0.5) and cost a little on chat like it (best 0.1); this is between.
    personal_weight: float = 0.3
    personal_half_words: int = 1000
    personal_seen_weights: tuple[float, float, float] = (0.0, 0.0, 0.3)
    phrase_first_min_probability: float = 0.3  # a ghost phrase's first word is at least this likely...
    phrase_next_min_probability: float = 0.3  # ...and each next word (model.predict.phrases; benchmarks/phrases.py)

    def personal_share(self, user_words: float, seen_order: int) -> float:
        """The weight of the user's own counts in the mix: it grows with the `user_words` they have written,
        and is at least `personal_seen_weights[seen_order]` when their context repeats what they wrote."""
        grown = self.personal_weight * user_words / (user_words + self.personal_half_words)
        return max(grown, self.personal_seen_weights[seen_order]) if user_words > 0 else 0.0
