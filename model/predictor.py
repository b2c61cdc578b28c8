"""The public API: next-character probabilities, word suggestions and log-probabilities for any text.

Calls are stateless for the caller and incremental inside: the Predictor keeps the LSTM state after every
character of the last context, so a context that adds one character costs one LSTM step, and after a
backspace or an edit the longest cached prefix is reused. A very long context is cut to a bounded window
whose start depends only on the context's length, so the incremental result always equals a from-scratch run.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import torch

from model.beam import Advance, beam_search_words, character_class_masks
from model.checkpoint import ModelMetadata, load_model
from model.device import resolve_device
from model.network import CharLSTM, LSTMState
from model.resources import default_model_path
from model.vocabulary import UNKNOWN_ID, normalize_text
from model.word_memory import DocumentWords, WordMemory, remembered_completion
from model.words import split_typed_word

# The model reads every context after a newline: training text is one paragraph per line, so this is how
# the model knows a text starts (and that its first word is capitalised).
TEXT_START = "\n"
# Feeding more new characters than this at once goes through nn.LSTM in chunks rather than step by step.
BULK_FEED_THRESHOLD = 24
BULK_CHUNK_LENGTH = 32
SENTENCE_PUNCTUATION = re.compile(r"[^\w\s'’-]$")


@dataclass
class PredictorOptions:
    """Tuning of inference: context window and beam search."""

    max_context_chars: int = 512
    window_stride: int = 256
    beam_width: int = 8
    max_word_length: int = 24
    remember_words: bool = True  # offer words the user typed (model.word_memory): names the model cannot spell


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
    ) -> None:
        self.metadata = metadata
        self.vocabulary = metadata.vocabulary
        self.options = options or PredictorOptions()
        self.source_path = source_path
        self.device = resolve_device(device)
        self.network = network.to(self.device).eval()
        self._word_mask, self._boundary_mask = character_class_masks(self.vocabulary, self.device)  # (vocab,)
        self.user_words = WordMemory()  # fed by the app with what the user types
        self._document_words = DocumentWords()
        self._clear_cache()

    @classmethod
    def load(cls, path: str | os.PathLike | None = None, device: str = "auto") -> Predictor:
        """Load a model file (default: the shipped default model) onto "auto" | "cpu" | "cuda" | "mps".

        Raises ModelFileError if the file is missing, corrupt or not a model, ValueError for a bad device.
        """
        model_path = Path(path) if path is not None else default_model_path()
        network, metadata = load_model(model_path)
        return cls(network, metadata, device=device, source_path=model_path)

    @property
    def name(self) -> str:
        """The model's name, from its file."""
        return self.metadata.name

    def to(self, device: str) -> Predictor:
        """Move the model to another device in place (the cache is dropped); returns self."""
        self.device = resolve_device(device)
        self.network.to(self.device)
        self._word_mask, self._boundary_mask = character_class_masks(self.vocabulary, self.device)
        self._clear_cache()
        return self

    def load_weights(self, state_dict: dict[str, torch.Tensor]) -> None:
        """Swap in new weights of the same network shape (from fine-tuning); the cache is dropped."""
        self.network.load_state_dict(state_dict, strict=True)
        self._clear_cache()

    # ----- public predictions -----

    @torch.inference_mode()
    def next_chars(self, context: str, k: int = 5) -> list[tuple[str, float]]:
        """The k most likely next characters after `context` with their probabilities, most likely first."""
        probabilities = self._log_probabilities_after(normalize_text(context)).exp()
        probabilities[UNKNOWN_ID] = 0.0
        top = torch.topk(probabilities, min(k, len(self.vocabulary) - 1))
        return [
            (self.vocabulary.character_of(token_id), probability)
            for token_id, probability in zip(top.indices.tolist(), top.values.tolist())
        ]

    @torch.inference_mode()
    def suggest_words(self, context: str, k: int = 3) -> list[str]:
        """Up to k distinct whole words: completions of the word being typed, or the next word.

        Each suggestion starts with the typed part of the word exactly as typed; an all-capitals prefix gets
        all-capital completions. Found by a beam search over characters up to a word boundary.
        """
        before_word, typed_prefix = split_typed_word(context)
        if not typed_prefix and SENTENCE_PUNCTUATION.search(before_word):
            context = context + " "  # the next word follows a space after "," or "."
        log_probabilities = self._log_probabilities_after(normalize_text(context))
        completions = self._beam_search(log_probabilities, k, require_a_character=not typed_prefix)
        shout = len(typed_prefix) >= 2 and typed_prefix.isupper()
        words: list[str] = []
        for completion in completions:
            word = typed_prefix + (completion.upper() if shout else completion)
            if word and word not in words:
                words.append(word)
        words = words[:k]
        if typed_prefix and self.options.remember_words:
            memories = [self._document_words.update(before_word), self.user_words]
            remembered = remembered_completion(typed_prefix, memories, exclude=words)
            if remembered is not None:
                words = words[: k - 1] + [remembered]
        return words

    @torch.inference_mode()
    def log_prob(self, text: str, context: str = "") -> float:
        """Natural-log probability of `text` following `context`."""
        target_ids = self.vocabulary.encode(text)
        if not target_ids:
            return 0.0
        log_probabilities = self._log_probabilities_after(normalize_text(context))
        total = log_probabilities[target_ids[0]].item()
        if len(target_ids) > 1:
            inputs = torch.tensor([target_ids[:-1]], device=self.device)  # (1, time)
            logits, _ = self.network(inputs, self._cached_states[-1])  # (1, time, vocab)
            following = torch.log_softmax(logits[0].float(), dim=-1)  # (time, vocab)
            targets = torch.tensor(target_ids[1:], device=self.device)
            total += following.gather(1, targets[:, None]).sum().item()
        return total

    # ----- the incremental state cache -----

    def _clear_cache(self) -> None:
        self._cached_window_start = -1
        self._cached_ids: list[int] = []
        self._cached_states: list[LSTMState | None] = []  # state after each cached id; None where skipped

    def window_start(self, context_length: int) -> int:
        """Where the bounded window of a context of this length starts: a multiple of the stride."""
        options = self.options
        if context_length <= options.max_context_chars:
            return 0
        return ((context_length - options.max_context_chars) // options.window_stride + 1) * options.window_stride

    def _log_probabilities_after(self, normalized_context: str) -> torch.Tensor:
        """Log-probabilities of the next character (vocab,), reusing the longest cached prefix."""
        start = self.window_start(len(normalized_context))
        ids = self.vocabulary.encode(TEXT_START + normalized_context[start:])
        if start != self._cached_window_start:
            self._clear_cache()
            self._cached_window_start = start
        reusable = self._common_prefix_length(ids)
        while reusable > 0 and self._cached_states[reusable - 1] is None:
            reusable -= 1
        del self._cached_ids[reusable:]
        del self._cached_states[reusable:]
        state = self._cached_states[-1] if reusable else self.network.initial_state(1, self.device)
        self._feed(ids[reusable:], state)
        hidden = self._cached_states[-1][0]  # (layers, 1, hidden)
        return torch.log_softmax(self.network.head(hidden[-1, 0]).float(), dim=-1)

    def _common_prefix_length(self, ids: list[int]) -> int:
        length = 0
        for cached_id, new_id in zip(self._cached_ids, ids):
            if cached_id != new_id:
                break
            length += 1
        return length

    def _feed(self, new_ids: list[int], state: LSTMState) -> None:
        """Run new characters from `state`, appending their states to the cache."""
        if len(new_ids) > BULK_FEED_THRESHOLD:
            for chunk_start in range(0, len(new_ids), BULK_CHUNK_LENGTH):
                chunk = new_ids[chunk_start : chunk_start + BULK_CHUNK_LENGTH]
                _, state = self.network(torch.tensor([chunk], device=self.device), state)
                self._cached_ids.extend(chunk)
                self._cached_states.extend([None] * (len(chunk) - 1) + [state])
            return
        for token_id in new_ids:
            _, state = self.network.step(torch.tensor([token_id], device=self.device), state)
            self._cached_ids.append(token_id)
            self._cached_states.append(state)

    # ----- word beam search -----

    def _beam_search(self, log_probabilities: torch.Tensor, k: int, require_a_character: bool) -> list[str]:
        """Most probable words after the cached context."""
        return beam_search_words(
            log_probabilities,
            self._beam_advance(),
            self.vocabulary.character_of,
            self._word_mask,
            self._boundary_mask,
            k,
            self.options.beam_width,
            self.options.max_word_length,
            require_a_character,
        )

    def _beam_advance(self) -> Advance:
        """A beam step that carries each beam's LSTM state from the end of the cached context."""
        beam_state = self._cached_states[-1]

        def advance(parents: torch.Tensor, characters: torch.Tensor) -> torch.Tensor:
            nonlocal beam_state
            beam_state = (beam_state[0].index_select(1, parents), beam_state[1].index_select(1, parents))
            logits, beam_state = self.network.step(characters, beam_state)  # (beam, vocab)
            return torch.log_softmax(logits.float(), dim=-1)

        return advance
