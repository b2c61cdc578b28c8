"""The one place that decides what a word is, what ends a sentence, and what takes a space before or after.

The engine (the predictor, the word counts, the evaluation, the baselines) and the editor (taking a word,
automatic capitals, ghost text) all use these rules, so what the model reads is what the editor writes.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator

INNER_WORD_PUNCTUATION = frozenset("'’-")
LONGEST_WORD = 256  # characters: longer runs of word characters are no word anyone completes
DASH = "--"  # two hyphens are a dash between words ("struggle--President"), not a hyphen inside one
ASCII_WORD = re.compile(rf"[A-Za-z0-9](?:(?!{re.escape(DASH)})[A-Za-z0-9'\-])*")  # is_word_character's words in ASCII
SENTENCE_END_MARKS = ".!?\n"
SENTENCE_END = re.compile(f"[{re.escape(SENTENCE_END_MARKS)}]")
SENTENCE_START = "<s>"  # the history of a sentence's first word; never a word itself
# Where a capital starts a sentence: the text's start, a sentence end and a space (after any closing quotes or
# brackets), or a blank line; not after these abbreviations.
SENTENCE_START_BEFORE = re.compile(r"(?:\A|[.!?][\"'”’)\]]*\s+|\n\s*\n)\s*\Z")
SENTENCE_LOOKBACK = 200  # characters before the caret that can tell a sentence start
NO_SENTENCE_END_AFTER = frozenset({"e.g.", "i.e.", "etc.", "vs.", "mr.", "mrs.", "ms.", "dr.", "st.", "cf."})


CLOSING_PUNCTUATION = ".,;:!?)"  # sticks to the word before it; a word taken after it gets a space first
CLOSING_QUOTES = "”’»"  # ” ’ »: always close
STRAIGHT_QUOTES = "\"'"


def closes_after_word(text_before: str, character: str) -> bool:
    """Whether `character`, typed after `text_before`, is punctuation that sticks to the word before it.

    Closing punctuation (. , ; : ! ? ) and closing quotes do; a straight quote closes when the line before
    it holds an odd number of them (an apostrophe inside a word does not count). A space the editor added
    after a taken word gives way to such a character.
    """
    if character in CLOSING_PUNCTUATION or character in CLOSING_QUOTES:
        return True
    if character not in STRAIGHT_QUOTES:
        return False
    line = text_before[text_before.rfind("\n") + 1 :]
    quotes = 0
    for index, found in enumerate(line):
        inside_word = 0 < index < len(line) - 1 and line[index - 1].isalnum() and line[index + 1].isalnum()
        quotes += found == character and not inside_word
    return quotes % 2 == 1


def space_before_next_word(text_before: str) -> str:
    """What goes between `text_before` and a next word written after it: " " or "".

    A space after a word and after punctuation that closes (see `closes_after_word`: "lunch. Then"); nothing
    at the start of a text, after a space or a new line, after opening punctuation ("(", "“", an opening
    straight quote), a dash ("--") or another symbol ("#", "@", "/"). The predictor reads the context this
    way before the next word, and the editor writes a taken word this way.
    """
    if not text_before or text_before[-1].isspace():
        return ""
    if split_typed_word(text_before)[1]:  # the text ends with a word
        return " "
    return " " if closes_after_word(text_before[:-1], text_before[-1]) else ""


def starts_sentence(text_before: str) -> bool:
    """Whether a word written after `text_before` starts a sentence (and so takes a capital).

    `text_before` needs only the current paragraph, and the one before it when the current one is blank
    ("Dear Anna,\n" is no sentence end; "...\n\n" and "Bye.\n" are).
    """
    if len(text_before) > SENTENCE_LOOKBACK:  # only the end matters; "x" keeps \A from matching at the cut
        text_before = "x" + text_before[-SENTENCE_LOOKBACK:]
    last_word = text_before.split()[-1].lower() if text_before.strip() else ""
    return bool(SENTENCE_START_BEFORE.search(text_before)) and last_word not in NO_SENTENCE_END_AFTER


def normalize_text(text: str) -> str:
    """Return `text` in NFC with line endings as "\\n", the form the model reads and predicts."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def is_word_character(character: str) -> bool:
    """Letters, digits, combining marks, and the apostrophes and hyphen inside words ("don't", "well-known")."""
    if character in INNER_WORD_PUNCTUATION:
        return True
    return character.isalnum() or unicodedata.category(character).startswith("M")


def split_typed_word(context: str) -> tuple[str, str]:
    """Split a context into (text before the word being typed, the typed part of that word).

    "The cat sat on the m" -> ("The cat sat on the ", "m"); "on the " -> ("on the ", "").
    A word never starts with an apostrophe or hyphen, so "'m" leaves the quote before the word, and a DASH
    ends a word: "struggle--P" -> ("struggle--", "P"). A run of word characters longer than LONGEST_WORD
    (a long text without spaces, such as Chinese) is cut: its last LONGEST_WORD characters are the typed
    part, which no caller completes; so the cost stays bounded whatever the text.
    """
    start = len(context)
    stop = max(0, start - LONGEST_WORD)
    while start > stop and is_word_character(context[start - 1]) and context[max(0, start - 2) : start] != DASH:
        start -= 1
    while start < len(context) and context[start] in INNER_WORD_PUNCTUATION:
        start += 1
    return context[:start], context[start:]


def split_words(text: str) -> list[tuple[int, str]]:
    """(start offset, word) of every word in `text`, words as `split_typed_word` sees them. An ASCII text is split
    by one regular expression with the same rules (5x faster: the spell checker splits the paragraph being
    edited at each key, and the word counts the sentence being written)."""
    if text.isascii():
        return [(match.start(), match.group()) for match in ASCII_WORD.finditer(text)]
    return split_words_by_character(text)


def split_words_by_character(text: str) -> list[tuple[int, str]]:
    """`split_words` by `is_word_character`, for any text: a word starts with a word character that is no inner
    punctuation and ends before a character that is no word character or a DASH."""
    found = []
    index = 0
    while index < len(text):
        if is_word_character(text[index]) and text[index] not in INNER_WORD_PUNCTUATION:
            end = index
            while end < len(text) and is_word_character(text[end]) and not text.startswith(DASH, end):
                end += 1
            found.append((index, text[index:end]))
            index = end
        else:
            index += 1
    return found


SENTENCE_CLOSE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s|\Z)")  # a sentence's closing marks, then a space or the end


def sentence_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, complete) of each sentence of one paragraph: a sentence is complete when it ends in
    ". ! ?" (and closing quotes or brackets); the rest after the last such end is not. Spaces stay between."""
    spans, start = [], 0
    for close in SENTENCE_CLOSE.finditer(text):
        spans.append((start, close.end(), True))
        start = close.end()
    if text[start:].strip():
        spans.append((start, len(text), False))
    return spans


def is_one_word(text: str) -> bool:
    """Whether `text` is exactly one word: not "--", "'s" or "cat--and", which a character model can spell."""
    return split_words(text) == [(0, text)]


def words_with_history(
    text: str, history: tuple[str, str] = (SENTENCE_START, SENTENCE_START)
) -> Iterator[tuple[int, str, tuple[str, str]]]:
    """(end offset, word, the two words before it) for every word of `text`, going on from `history`.

    A sentence end (".", "!", "?" or a new line) makes the history SENTENCE_START again.
    """
    events: list[tuple[int, str | None]] = [(start + len(word), word) for start, word in split_words(text)]
    events += [(match.start(), None) for match in SENTENCE_END.finditer(text)]
    events.sort(key=lambda event: event[0])
    before, previous = history
    for end, word in events:
        if word is None:
            before, previous = SENTENCE_START, SENTENCE_START
            continue
        yield end, word, (before, previous)
        before, previous = previous, word


def prefix_range(sorted_words: list[str], prefix: str) -> tuple[int, int]:
    """[low, high): the positions of the words that start with `prefix` in an ordered list of words."""
    return bisect.bisect_left(sorted_words, prefix), bisect.bisect_left(sorted_words, prefix + "\U0010ffff")


def word_history(text_before_word: str) -> tuple[str, str]:
    """The two words before the word being typed, within its sentence; SENTENCE_START fills the gaps."""
    last_end = max(text_before_word.rfind(mark) for mark in SENTENCE_END_MARKS)  # no split of the whole text
    sentence = text_before_word[last_end + 1 :]
    words = [SENTENCE_START, SENTENCE_START] + [word for _, word in split_words(sentence)]
    return words[-2], words[-1]
