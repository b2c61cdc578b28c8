"""The public API: next-character probabilities, word suggestions and log-probabilities for any text.

Calls are stateless for the caller and incremental inside: the Predictor keeps the LSTM state after every
character of the last context, so a context that adds one character costs one LSTM step, and after a
backspace or an edit the longest cached prefix is reused. A very long context is cut to a bounded window
whose start depends only on the context's length, so the incremental result always equals a from-scratch run.
Word suggestions mix the LSTM's beam search with word counts (model.lexicon.word_counts): the model file's, general
English (model.lexicon.english_words), and the document's own, which are kept up to date the same way.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

import torch

from model.predict.beam import (
    Advance, BeamWord, CarriedStateAdvance, LastSearch, SearchStopped, beam_search_words, character_class_masks,
)
from model.predict.context import read_start
from model.predict.counted_candidates import counted_candidates
from model.predict.options import PredictorOptions
from model.predict.state_cache import StateCache
from model.predict.suggestions import NEXT_CHARACTERS, Suggestions
from model.predict.look_ahead import LOOK_AHEAD_CHARACTERS, AnswersAhead
from model.predict.lexicons import Lexicons
from model.predict.personal import PersonalLanguage
from model.predict.phrases import (
    PhraseChain, RecentPhraseSteps, likelier, lstm_separator, phrase_chain, phrase_text, repeated_word,
)
from model.predict.ranking import WordCandidates, shown_by
from model.predict import word_scores
from model.typos.correction import Typos
from model.files.checkpoint import ModelMetadata, load_model_file
from model.core.device import resolve_device
from model.lexicon.english_words import EnglishWords, shipped_english_words
from model.text.everyday_spelling import standard_form
from model.core.network import CharLSTM
from model.files.resources import default_model_path
from model.lexicon.document_counts import DocumentCounts
from model.lexicon.word_counts import WordCounts
from model.lexicon.word_memory import WordMemory
from model.text.words import normalize_text, space_before_next_word, split_typed_word

NO_SUGGEST = ("", None, False)  # Predictor._first_word before any `suggest`


class Predictor:
    """Predicts the next characters and words of a text with a character LSTM.

    One Predictor is used by one thread at a time: it caches LSTM states between calls, so concurrent
    calls from several threads would corrupt that cache. Give each thread its own Predictor.
    """

    def __init__(
        self,
        network: CharLSTM,
        metadata: ModelMetadata,
        device: str = "auto",
        options: PredictorOptions | None = None,
        source_path: Path | None = None,
        word_counts: WordCounts | None = None,
        english_words: EnglishWords | None = None,
    ) -> None:
        self.metadata = metadata
        self.word_counts = word_counts
        self.english_words = english_words or shipped_english_words()
        self.vocabulary = metadata.vocabulary
        self.options = options or PredictorOptions()
        self.source_path = source_path
        self.device = resolve_device(device)
        self._use_network(network)
        self.personal = PersonalLanguage()  # what the user wrote (`learn`); the app gives it its store
        self.dictionary_words = WordMemory()  # the user's dictionary, fed by the app
        self.lexicons = Lexicons(self)
        self._document_counts = DocumentCounts()
        self._typos = Typos(self)  # the typo search: its index is built on first use or by `prepare_typo_search`

    @classmethod
    def load(cls, path: str | os.PathLike | None = None, device: str = "auto") -> Predictor:
        """Load a model file (default: the shipped default model) onto "auto" | "cpu" | "cuda" | "mps".

        Raises ModelFileError if the file is missing, corrupt or not a model, ValueError for a bad device.
        """
        model_path = Path(path) if path is not None else default_model_path()
        model_file = load_model_file(model_path)
        return cls(
            model_file.network, model_file.metadata, device, source_path=model_path, word_counts=model_file.word_counts
        )

    @property
    def name(self) -> str:
        """The model's name, from its file."""
        return self.metadata.name

    def to(self, device: str) -> Predictor:
        """Move the model to another device in place (the cache is dropped); returns self."""
        self.device = resolve_device(device)
        return self._use_network(self.network)

    def load_weights(self, state_dict: dict[str, torch.Tensor], word_counts: WordCounts | None = None) -> None:
        """Swap in new weights of the same network shape (from fine-tuning), and new word counts if given."""
        self.network.load_state_dict(state_dict, strict=True)
        if word_counts is not None:
            self.word_counts = word_counts
        self._use_network(self.network)

    def _use_network(self, network: CharLSTM) -> Predictor:
        """Predict with `network` on this Predictor's device (a copy, where its weights are rounded for the packed
        steps: CharLSTM.for_inference), from an empty state cache."""
        self.network = network.for_inference(self.device)
        self._word_mask, self._boundary_mask = character_class_masks(self.vocabulary, self.device)  # (vocab,)
        self._cache = StateCache(self.network, self.vocabulary)
        self._first_word: tuple[str, tuple[str, float] | None, bool] = NO_SUGGEST  # see `suggest`
        self._last_search = LastSearch()  # see `_beam_search`
        self._phrase_steps = RecentPhraseSteps()
        self._word_scorer = word_scores.WordScorer(self._cache, self._boundary_mask)
        self._ahead = AnswersAhead(self)  # see `look_ahead`
        return self

    # ----- public predictions -----

    @torch.inference_mode()
    def next_chars(self, context: str, k: int = 5) -> list[tuple[str, float]]:
        """The k most likely next characters after `context` with their probabilities, most likely first."""
        context = context[read_start(len(context)) :]
        return self.vocabulary.top_characters(self._log_probabilities_after(normalize_text(context)).exp(), k)

    @torch.inference_mode()
    def suggest(self, context: str, k: int = 3, chars: int = NEXT_CHARACTERS, typos: bool = False) -> Suggestions:
        """What the editor shows for `context`, in one call: the next characters and the words (one distribution
        serves both). When the typed word is a known word more likely finished than lengthened ("for", a space 94%
        likely next), the words are those after it and a space (`words_follow_space`), not "forever". With `typos`,
        a typed part that begins no word any lexicon knows gets completions that fix it (`corrected`)."""
        context = context[read_start(len(context)) :]
        ahead = self._ahead.suggestions(context, k, chars, typos)
        if ahead is not None:
            suggestions, self._first_word = ahead
            return suggestions
        try:
            suggestions = self._suggest_now(context, k, chars, typos)
        except SearchStopped:  # a key came while looking ahead: no best word was found
            self._first_word = NO_SUGGEST
            raise
        self._ahead.keep_suggestions(context, k, chars, typos, (suggestions, self._first_word))
        return suggestions

    def _suggest_now(self, context: str, k: int = 3, chars: int = NEXT_CHARACTERS, typos: bool = False) -> Suggestions:
        """`suggest` for a context cut to its read, computed now."""
        self._first_word = (context, None, False)  # context, best word, a phrase starts: not for the early answers
        log_probabilities = self._log_probabilities_after(normalize_text(context))
        probabilities = log_probabilities.exp()
        next_chars = self.vocabulary.top_characters(probabilities, chars)
        before_word, typed_prefix = split_typed_word(context)
        if len(typed_prefix) > self.options.max_word_length:
            return Suggestions(next_chars, [], words_follow_space=False)  # no word is that long: nothing to complete
        if typed_prefix and standard_form(typed_prefix) is None and self.knows_word(typed_prefix, before_word):
            if probabilities[self._boundary_mask].sum() > probabilities[self._word_mask].sum():
                return Suggestions(next_chars, self.suggest_words(context + " ", k), words_follow_space=True)
        if typos and len(typed_prefix) >= 2 and not self.knows_prefix(typed_prefix, before_word):
            return Suggestions(next_chars, self.suggest_words(context, k, typos=True), corrected=True)
        shown = shown_by(self, self._candidates(context, log_probabilities), k, self.options)
        self._first_word = (context, shown[0] if shown else None, True)  # the phrase of this context starts with it
        return Suggestions(next_chars, [word for word, _ in shown], words_follow_space=False)

    @torch.inference_mode()
    def suggest_words(self, context: str, k: int = 3, typos: bool = False) -> list[str]:
        """Up to k distinct whole words: completions of the word being typed, or the next word. With `typos`,
        completions may fix a typo in the typed part ("reci" -> "receive"), ranked by P(word | context) · P(typed
        part | the word's beginning) (model.typos.correction). Each starts with the typed part as typed (all
        capitals stay so) and is longer; candidates come from a beam search over characters and the word counts,
        ranked by their mixed probabilities (`word_candidates`). A typed part over `max_word_length` gets none."""
        if typos:
            return self._typos.complete(context[read_start(len(context)) :], k, self._ahead.should_stop)
        return [word for word, _ in self.scored_words(context, k)]

    def scored_words(self, context: str, k: int = 3) -> list[tuple[str, float]]:
        """`suggest_words(context, k)`, each word with its mixed probability given the typed part (0.0: unranked)."""
        candidates, options = self.word_candidates(context), self.options
        return shown_by(self, candidates, k, options) if len(candidates.typed_prefix) <= options.max_word_length else []

    def counted_words(self, context: str, k: int = 3) -> list[str]:
        """Up to k words for the typed part of `context` from the word counts alone, ranked as `suggest_words` ranks
        them without the LSTM's beam (the typo search's, for a typed part no lexicon knows: the beam finds non-words)."""
        before_word, typed_prefix = split_typed_word(context[read_start(len(context)) :])
        return [word for word, _ in self._counted_shown(before_word, typed_prefix, k)]

    def correct_word(self, context: str, typed: str, k: int = 3) -> list[str]:
        """The k words most likely meant by the finished typed word `typed` after `context`, best first: the first is
        what auto-correction puts there, the typed word itself when it should stay. Ranked by P(word | context) ·
        P(typed | word) with a margin that keeps right words (model.typos.correction)."""
        return self._typos.correct(context[read_start(len(context)) :], typed, k)

    @torch.inference_mode()
    def suggest_phrase(self, context: str, should_stop: Callable[[], bool] | None = None) -> str:
        """The rest of the word being typed and up to a few following words ("Thank you very m" -> "uch for your
        help"), or "" when none is likely enough to show (model.predict.phrases). Cheap right after `suggest` for the
        same context, whose best word it starts with; `should_stop()`, asked before each next word, cuts it short."""
        context = context[read_start(len(context)) :]
        ahead = self._ahead.phrase(context, self._first_word)
        if ahead is not None:
            return ahead
        thresholds = (self.options.phrase_first_min_probability, self.options.phrase_next_min_probability)
        chain = self.phrase_chain(context, thresholds, should_stop)
        phrase = phrase_text(chain, split_typed_word(context)[0], self.options)
        self._ahead.keep_phrase(context, self._first_word, phrase)
        return phrase

    @torch.inference_mode()
    def look_ahead(
        self, context: str, k: int = 3, typos: bool = False, characters: int = LOOK_AHEAD_CHARACTERS,
        should_stop: Callable[[], bool] = bool, phrases: bool = True,
    ) -> int:
        """Answer now what `suggest(context + c, k, typos=typos)` and (with `phrases`) `suggest_phrase(context + c)`
        will answer for the likely next keys c (look_ahead.keys_ahead), then texts a few keys on at a word's edge, so
        they are answered from memory (the app's worker: between two keys). Stops between two LSTM steps once a key
        waits (`should_stop()`); returns how many are ready; they hold while what they depend on stays (look_ahead)."""
        return self._ahead.look(context, k, typos, characters, phrases, should_stop)

    @torch.inference_mode()
    def phrase_chain(
        self, context: str, min_probabilities: tuple[float, float] = (0.0, 0.0), should_stop: Callable[[], bool] | None = None
    ) -> PhraseChain:
        """The likeliest continuation of `context`, word by word with probabilities, until a word is less likely
        than `min_probabilities` (first word, next words); none for a typed word more likely finished."""
        context = context[read_start(len(context)) :]
        before_word, typed_prefix = split_typed_word(context)
        if self._first_word[0] != context:
            self._suggest_now(context)  # its best word, unless the typed word is finished or too long
        if not self._first_word[2]:
            return PhraseChain(typed_prefix, [])
        # The context's document counts serve every phrase word (counting the phrase in and out again costs more).
        normalized_before, normalized_context = normalize_text(before_word), normalize_text(context)
        document = self._document_counts.counted(normalized_before)
        first = likelier(self._first_word[1], repeated_word((document, self.personal.counts), before_word, typed_prefix))
        self._log_probabilities_after(normalized_context)  # the cache at the context (it may be a space on)
        word_ends = self._last_search.word_ends(normalized_context)
        separator = lstm_separator(
            self.network, self.vocabulary, normalized_context, self._cache.last_state, word_ends, self._ahead.should_stop
        )
        next_word = partial(self._next_counted_word, document=document)
        state = (normalized_before, *self._ahead.depends_on())  # what the next words depend on, and more
        separator, next_word = self._phrase_steps.remembering(state, separator, next_word)
        return phrase_chain(
            before_word, typed_prefix, first, next_word, separator, min_probabilities=min_probabilities,
            should_stop=should_stop,
        )

    def _next_counted_word(self, before_word: str, document: DocumentCounts) -> tuple[str, float] | None:
        """The likeliest next word after `before_word` by the word counts alone (`document`'s among them), or
        the one the user or the document wrote there again and again, with its probability."""
        shown = self._counted_shown(before_word, "", 1, document)
        return likelier(shown[0] if shown else None, repeated_word((document, self.personal.counts), before_word, ""))

    def _counted_shown(
        self, before_word: str, typed_prefix: str, k: int, document: DocumentCounts | None = None
    ) -> list[tuple[str, float]]:
        """`shown_by` for the word counts' candidates alone, mixed without the LSTM or the remembered words."""
        counts_only = dataclasses.replace(self.options, lstm_weight=0.0, remember_words=False)
        return shown_by(self, self._counted_candidates(before_word, typed_prefix, document), k, counts_only)

    def learn(self, text: str) -> None:
        """Learn text the user wrote, at once: its words, word pairs and triples, names included, are offered
        from the next call on ("Quillmark" after "See you at the Qu"), mixed in by how much the user has
        written and how closely the context repeats theirs (model.predict.personal). The text starts a sentence.
        With a personal store (the app's), it is kept on disk as well; raises PersonalStoreError if the store
        cannot be written (what was learned still counts).
        """
        self.personal.learn(text)
        self._first_word = NO_SUGGEST

    def block_word(self, word: str) -> None:
        """Never suggest `word` again, in any case ("Don't suggest this word"); kept in the personal store."""
        self.personal.block_word(word)
        self._first_word = NO_SUGGEST

    @torch.inference_mode()
    def word_log_probs(self, context: str, words: list[str], ended: list[bool] | None = None) -> list[float]:
        """log P(word, then a word boundary | context) for each word (where `ended` says False: log P(word), the
        beginning of a longer one), in batched LSTM steps; the words last scored after the same context are
        remembered (model.predict.word_scores.WordScorer). While looking ahead, it stops when a key comes."""
        normalized = normalize_text(context[read_start(len(context)) :])
        return self._word_scorer.log_probabilities(normalized, words, ended, self.options, self._ahead.should_stop)

    def held_word_log_prob(self, context: str, word: str) -> float | None:
        """log P(word, then a word boundary | context) when the state cache holds `word` read after `context`
        (the user typed it there): no LSTM step; None when it does not."""
        context = context[read_start(len(context)) :]
        normalized_context, normalized_word = normalize_text(context), normalize_text(word)
        if normalize_text(context + word) != normalized_context + normalized_word:
            return None
        return self._word_scorer.held_log_probability(normalized_context, normalized_word, word, self.options)

    def document_words(self, context: str) -> WordMemory:
        """The words of the document before the typed word of `context`, as the word counts read them."""
        return self._document_counts.counted(normalize_text(split_typed_word(context)[0])).words

    def prepare_typo_search(self, between_slices: Callable[[], object] = lambda: None) -> None:
        """Build the typo search's lexicon index now (about 0.2 s) rather than at the first correction, calling
        `between_slices` between slices of a few ms each (the app's worker answers a waiting key there)."""
        self._typos.build(between_slices)

    @property
    def typo_search_ready(self) -> bool:
        """Whether the typo search's index is built: `typos=True` and `correct_word` then wait for no build."""
        return self._typos.built

    def lexicon(self) -> frozenset[str]:
        """Every word the lexicons know, in lower case: the model's counts, general English, the user's words."""
        return self.lexicons.all_words()

    def user_knows(self, word: str) -> bool:
        """Whether the user wrote `word` before or keeps it in their dictionary (exactly as written)."""
        return self.lexicons.user_knows(word)

    def knows_prefix(self, prefix: str, document: str = "") -> bool:
        """Whether a word of general English, the document (the text before the word) or the user's words starts
        with `prefix`, case forgiven (model.predict.lexicons)."""
        return self.lexicons.knows_prefix(prefix, self.document_words(document))

    def knows_word(self, word: str, document: str = "") -> bool:
        """Whether a lexicon knows `word`: the model's counts, general English, the user's words, or `document`
        (the text before the word, whose words are counted as `word_candidates` counts them); case forgiven."""
        return self.lexicons.knows(word, self.document_words(document))

    @torch.inference_mode()
    def word_candidates(self, context: str) -> WordCandidates:
        """The words each source proposes after `context`, with its probabilities, before they are mixed.

        A read: the answer depends on the context, the model and the user's words only. The LSTM states and
        the document's word counts are caches of the context, kept so that the next key costs one step.
        """
        return self._candidates(context[read_start(len(context)) :])

    def _candidates(self, context: str, log_probabilities: torch.Tensor | None = None) -> WordCandidates:
        """`word_candidates`, reusing the next-character distribution after `context` when the caller has it."""
        before_word, typed_prefix = split_typed_word(context)
        space = "" if typed_prefix else space_before_next_word(before_word)  # the next word follows ", " or ". "
        normalized = normalize_text(context + space)
        if space or log_probabilities is None:
            log_probabilities = self._log_probabilities_after(normalized)
        completions = self._beam_search(normalized, log_probabilities)
        lstm = {typed_prefix + completion.text: math.exp(completion.log_probability) for completion in completions}
        share = word_scores.standard_form_share(self.word_log_probs, before_word, typed_prefix)
        return dataclasses.replace(self._counted_candidates(before_word, typed_prefix), lstm=lstm, standard_share=share)

    def _counted_candidates(
        self, before_word: str, typed_prefix: str, document: DocumentCounts | None = None
    ) -> WordCandidates:
        """The word counts' candidates for the word after `before_word` that starts with `typed_prefix` (no LSTM);
        the document's counts are those of `before_word` unless given (model.predict.counted_candidates)."""
        document = document or self._document_counts.counted(normalize_text(before_word))
        return counted_candidates(self, before_word, typed_prefix, document, self._ahead.should_stop)

    @torch.inference_mode()
    def log_prob(self, text: str, context: str = "") -> float:
        """Natural-log probability of `text` following `context`.

        The text is fed in chunks of LOG_PROB_CHUNK characters with the LSTM state carried, so memory stays
        bounded however long it is (10 million characters take what 4,096 take).
        """
        if not text:
            return 0.0
        log_probabilities = self._log_probabilities_after(normalize_text(context[read_start(len(context)) :]))
        state, vocabulary = self._cache.last_state, self.vocabulary
        return word_scores.text_log_probability(self.network, state, log_probabilities, vocabulary, text)

    @property
    def cached_characters(self) -> int:
        """How many characters' LSTM states the cache holds: at most the window, `max_context_chars` + 1."""
        return len(self._cache)

    def _log_probabilities_after(self, normalized_context: str) -> torch.Tensor:
        """Log-probabilities of the next character (vocab,) after a normalised context (model.predict.state_cache)."""
        return self._cache.log_probabilities_after(normalized_context, self.options, self._ahead.should_stop)

    # ----- word beam search -----

    def _beam_search(self, normalized_context: str, log_probabilities: torch.Tensor) -> list[BeamWord]:
        """The `beam_words` most probable words after the context last read into the cache, with their
        log-probabilities (the last search is kept: LastSearch)."""
        options = self.options
        key = (normalized_context, options.beam_words, options.beam_width, options.max_word_length, options.beam_max_steps)

        def search() -> tuple[list[BeamWord], Advance]:
            advance = self._beam_advance(log_probabilities)
            masks = (self._word_mask, self._boundary_mask)
            return beam_search_words(log_probabilities, advance, self.vocabulary.character_of, *masks, *key[1:]), advance

        return self._last_search.words(key, search)

    def _beam_advance(self, log_probabilities: torch.Tensor) -> Advance:
        """A beam step carrying each beam's LSTM state on from the end of the cached context, whose next-character
        `log_probabilities` are given (a baseline re-reads instead: model.evaluate.baselines)."""
        return CarriedStateAdvance(self.network, self._cache.last_state, log_probabilities, self._ahead.should_stop)
