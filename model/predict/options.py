"""How inference is tuned: the context window, the beam search, and the weights of the word sources' mix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class PredictorOptions:
    """Tuning of inference: context window and beam search."""

    max_context_chars: int = 512
    window_stride: int = 256
    beam_width: int = 8
    max_word_length: int = 24
    beam_words: int = 4  # words the beam search finishes (more cost time and did not help: benchmarks/tune_words.py)
    counted_words: int = 8  # words each word-count model proposes
    lstm_weight: float = 0.6  # the LSTM's share in the mix with the word counts (tune_words.py)
    english_weight: float = 0.5  # general English's share of the word counts, beside the model file's (tune_words.py)
    document_weight: float = 0.2  # the share of the document's own word counts (a cache model)...
    document_half_words: int = 50  # ...reached by half once the document holds this many words
    remember_words: bool = True  # offer words the user typed (model.lexicon.word_memory): names the model cannot spell
    unknown_word_min_probability: float = 0.5  # a word no lexicon knows is offered only if the LSTM is this sure
