"""What the grey ghost text after the caret shows for a prediction: the rest of the best word, or a phrase."""

from __future__ import annotations

from keyboard_app.workers.predictions import Prediction
from model import space_before_next_word, split_typed_word


def word_ghost(prediction: Prediction) -> tuple[str, str]:
    """(ghost text, the word Tab takes): the rest of the best word that continues what is typed; nothing
    after punctuation without a space; a correction of the typed part as "→ word".

    A word in standard spelling that replaces the typed one ("dont" -> "don't", first in the bar) is no
    continuation: the ghost shows the best word that is one.
    """
    if not prediction.words or prediction.words_follow_space:
        return "", ""  # a finished word is not pushed longer ("for" -> "forever")
    if prediction.corrected:
        return f"  → {prediction.words[0]}", prediction.words[0]
    before_word, typed_prefix = split_typed_word(prediction.context)
    if not typed_prefix and space_before_next_word(before_word):
        return "", ""  # the next word needs a space first: a ghost glued to the punctuation would mislead
    continuing = (word for word in prediction.words if word.startswith(typed_prefix) and word != typed_prefix)
    return next((word[len(typed_prefix) :] for word in continuing), ""), ""
