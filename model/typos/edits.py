"""How likely a typed word is, given the word meant: a weighted edit distance over a QWERTY keyboard.

log P(typed | meant) is minus the cheapest way to turn the word meant into what was typed, each edit costing
what it costs a typist: hitting a neighbouring key is common, a distant one rare; two letters swapped, a letter
dropped, doubled or added cost in between; a missing apostrophe ("dont") or lost capitals cost little.
The costs are natural-log odds, so they add to the log-probabilities of the language model.
"""

from __future__ import annotations

import math

QWERTY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
ROW_OFFSETS = (0.0, 0.25, 0.75)  # how far each row is shifted right, in key widths
NEIGHBOUR_DISTANCE = 1.2  # keys this close (in key widths) are neighbours: "r" and "t", "r" and "f"

COST_NEIGHBOUR = 2.5  # a neighbouring key hit instead ("teg" for "ten")
COST_OTHER_KEY = 6.0  # any other key
COST_SWAP = 3.0  # two neighbouring letters swapped ("teh")
COST_DROPPED = 4.0  # a letter left out ("recive")
COST_ADDED = 4.5  # a letter too many ("recieeve")
COST_DOUBLED = 2.5  # a letter typed twice, or a double letter typed once ("occured")
COST_APOSTROPHE = 0.7  # an apostrophe left out or added ("dont")
COST_CASE = 0.2  # a letter in the other case ("i" for "I", "monday")

KEY_POSITIONS = {
    key: (column + offset, row)
    for row, (keys, offset) in enumerate(zip(QWERTY_ROWS, ROW_OFFSETS))
    for column, key in enumerate(keys)
}


def key_distance(first: str, second: str) -> float:
    """Distance between two letters' keys in key widths; infinity when either is not a letter key."""
    a, b = KEY_POSITIONS.get(first.lower()), KEY_POSITIONS.get(second.lower())
    if a is None or b is None:
        return math.inf
    return math.dist(a, b)


def substitution_cost(meant: str, typed: str) -> float:
    """The cost of typing `typed` where `meant` was meant (0 for the same character)."""
    if meant == typed:
        return 0.0
    if meant.lower() == typed.lower():
        return COST_CASE
    if "'" in (meant, typed) or "’" in (meant, typed):
        return COST_OTHER_KEY
    return COST_NEIGHBOUR if key_distance(meant, typed) <= NEIGHBOUR_DISTANCE else COST_OTHER_KEY


def typo_cost(typed: str, meant: str) -> float:
    """-log P(typed | meant): the cheapest sequence of typing mistakes that turns `meant` into `typed`.

    A weighted Damerau-Levenshtein distance (optimal string alignment) with keyboard-aware substitutions.
    0 when they are the same; words are short, so the quadratic table is cheap.
    """
    if typed == meant:
        return 0.0
    rows, columns = len(meant) + 1, len(typed) + 1
    table = [[0.0] * columns for _ in range(rows)]
    for i in range(1, rows):
        table[i][0] = table[i - 1][0] + _dropped_cost(meant, i - 1)
    for j in range(1, columns):
        table[0][j] = table[0][j - 1] + _added_cost(typed, j - 1)
    for i in range(1, rows):
        for j in range(1, columns):
            best = min(
                table[i - 1][j] + _dropped_cost(meant, i - 1),
                table[i][j - 1] + _added_cost(typed, j - 1),
                table[i - 1][j - 1] + substitution_cost(meant[i - 1], typed[j - 1]),
            )
            if i > 1 and j > 1 and meant[i - 1] == typed[j - 2] and meant[i - 2] == typed[j - 1]:
                best = min(best, table[i - 2][j - 2] + COST_SWAP)
            table[i][j] = best
    return table[-1][-1]


def _dropped_cost(meant: str, index: int) -> float:
    """The cost of leaving out meant[index] (see `_lone_letter_cost`)."""
    return _lone_letter_cost(meant, index, COST_DROPPED)


def _added_cost(typed: str, index: int) -> float:
    """The cost of an extra typed[index] (see `_lone_letter_cost`)."""
    return _lone_letter_cost(typed, index, COST_ADDED)


def _lone_letter_cost(word: str, index: int, cost: float) -> float:
    """`cost` for one letter of `word` too many or too few, less for an apostrophe or one of a double letter."""
    character = word[index]
    if character in "'’":
        return COST_APOSTROPHE
    if (index > 0 and word[index - 1] == character) or (index + 1 < len(word) and word[index + 1] == character):
        return COST_DOUBLED
    return cost
