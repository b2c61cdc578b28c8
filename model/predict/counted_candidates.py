"""The word counts' candidates for the next word: the model file's, general English, the document's and the user's."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from model.lexicon.document_counts import DocumentCounts
from model.predict.beam import stop_if_asked
from model.predict.ranking import WordCandidates
from model.text.words import normalize_text, word_history

if TYPE_CHECKING:
    from model.predict.predictor import Predictor


def counted_candidates(
    predictor: Predictor,
    before_word: str,
    typed_prefix: str,
    document: DocumentCounts,
    should_stop: Callable[[], bool] | None = None,
) -> WordCandidates:
    """Each count source's candidates for the word after `before_word` that starts with `typed_prefix`, as typed
    (no LSTM: `lstm` is empty); `document` holds the counts of the document's text before the word. They cost about
    an LSTM step: while looking ahead, it raises SearchStopped first if `should_stop()` (a key came)."""
    stop_if_asked(should_stop)
    options, word_counts, english_words = predictor.options, predictor.word_counts, predictor.english_words
    personal_counts = predictor.personal.counts
    limit = options.counted_words
    normalized_before, normalized_prefix = normalize_text(before_word), normalize_text(typed_prefix)
    history = word_history(normalized_before)

    def as_typed(distribution: dict[str, float]) -> dict[str, float]:
        return {typed_prefix + word[len(normalized_prefix) :]: probability for word, probability in distribution.items()}

    counted = word_counts.distribution(history, normalized_prefix, limit) if word_counts is not None else {}
    english = (
        english_words.distribution(history, normalized_prefix, limit, word_counts)
        if english_words is not None and options.english_weight > 0
        else {}
    )
    personal, personal_order = personal_counts.distribution(history, normalized_prefix, limit)
    return WordCandidates(
        typed_prefix=typed_prefix,
        lstm={},
        counted=as_typed(counted),
        english=as_typed(english),
        in_document=as_typed(document.distribution(history, normalized_prefix, limit)),
        document_words=document.words.total,
        document=document.words,
        personal=as_typed(personal),
        personal_words=personal_counts.weight,
        personal_order=personal_order,
    )
