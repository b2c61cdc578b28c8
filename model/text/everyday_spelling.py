"""Standard spelling of chat text: apostrophes put back in contractions ("dont" -> "don't") and a lone "i" as "I".

Casual chat drops apostrophes and capitals; a model trained on it as written would offer "im" and "dont".
The table holds only forms that are not also ordinary words ("ill", "its", "were", "well", "wed" and
"lets" are left alone). Training text and counts are normalised with it, and typed words are looked up in
it, so suggestions give the standard form. The model file's counts also spell elongated words one way
("hahahah" and "Yeahhh" as "haha" and "Yeah": `elongation_table`).
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping

CONTRACTIONS: dict[str, str] = {
    "im": "I'm", "ive": "I've", "id've": "I'd've",
    "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "cant": "can't", "wont": "won't",
    "isnt": "isn't", "arent": "aren't", "wasnt": "wasn't", "werent": "weren't", "aint": "ain't",
    "havent": "haven't", "hasnt": "hasn't", "hadnt": "hadn't", "wouldnt": "wouldn't", "couldnt": "couldn't",
    "shouldnt": "shouldn't", "mustnt": "mustn't", "neednt": "needn't", "mightnt": "mightn't",
    "thats": "that's", "whats": "what's", "theres": "there's", "heres": "here's", "wheres": "where's",
    "hows": "how's", "whos": "who's", "whens": "when's", "whys": "why's", "everyones": "everyone's",
    "someones": "someone's", "nobodys": "nobody's", "somethings": "something's", "nothings": "nothing's",
    "youre": "you're", "theyre": "they're", "youve": "you've", "weve": "we've", "theyve": "they've",
    "youll": "you'll", "theyll": "they'll", "itll": "it'll", "thatll": "that'll", "youd": "you'd",
    "theyd": "they'd", "shes": "she's", "hes": "he's", "wouldve": "would've", "couldve": "could've",
    "shouldve": "should've", "mustve": "must've", "mightve": "might've", "yall": "y'all",
    "i": "I", "i'm": "I'm", "i've": "I've", "i'll": "I'll", "i'd": "I'd",
}

_WORD = re.compile(r"(?<![\w'])[A-Za-z]+(?:'[A-Za-z]+)?(?![\w'])")


def standard_form(word: str) -> str | None:
    """The standard spelling of a word typed without its apostrophe or capital, keeping its case; else None.

    "dont" -> "don't", "Dont" -> "Don't", "DONT" -> "DON'T", "i" -> "I", "im" -> "I'm"; "don't" -> None.
    """
    standard = CONTRACTIONS.get(word.lower())
    if standard is None:
        return None
    if word.isupper() and len(word) > 1:
        standard = standard.upper()
    elif word[0].isupper() and standard[0].islower():
        standard = standard[0].upper() + standard[1:]
    return standard if standard != word else None


def standardise_spelling(text: str) -> str:
    """The text with every contraction missing its apostrophe, and every lone "i", in standard spelling."""
    return _WORD.sub(lambda match: standard_form(match.group()) or match.group(), text)


_LAUGHTER = re.compile(r"(?:h+a+){2,}h*")  # "haha", "hahahah", "hahha": one way to laugh, spelled "haha"
_LONG_RUN = re.compile(r"([a-z])\1\1+")  # a letter held down: "yesss", "soooo"
_DOUBLED_END = re.compile(r"([a-z])\1$")  # "yess", "heyy", "ohh"


def elongation_table(word_counts: Mapping[str, int], known_words: Container[str]) -> dict[str, str]:
    """The standard form of each elongated spelling among the (lower-case) words counted: laughter as "haha", a
    letter held down as the likeliest word it shortens to ("yesss" -> "yes", "cooool" -> "cool"), and a doubled
    last letter of a word no lexicon knows as the word without it ("yess" -> "yes"; "too" stays).

    Chat spells one word a dozen ways ("hahah", "hahahaha", "Yeahhh"); counted apart they fill the suggestion
    bar with copies of one word, none of them standard. `known_words` is general English, in lower case.
    """
    table: dict[str, str] = {}
    for word in word_counts:
        if len(set(word)) < 2:  # "www", "zzz": no word held down
            continue
        if _LAUGHTER.fullmatch(word):
            shortened = ["haha"]
        elif _LONG_RUN.search(word):
            shortened = [_LONG_RUN.sub(r"\1\1", word), _LONG_RUN.sub(r"\1", word)]
        elif _DOUBLED_END.search(word) and word not in known_words and len(word) > 2:
            shortened = [word[:-1]]
        else:
            continue
        best = max(shortened, key=lambda form: word_counts.get(form, 0))
        if best != word and word_counts.get(best, 0) >= word_counts[word]:
            table[word] = best
    return table


def without_elongation(word: str, table: Mapping[str, str]) -> str:
    """`word` in the standard form the table gives its lower case, in the case it was written in ("Hahaha" ->
    "Haha", "YESSS" -> "YES"); other words as they are."""
    shortened = table.get(word.lower())
    if shortened is None:
        return word
    if word.isupper() and len(word) > 1:
        return shortened.upper()
    return shortened[0].upper() + shortened[1:] if word[0].isupper() else shortened
