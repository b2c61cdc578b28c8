"""What the user's personal language holds, in figures (light: the app imports it before torch has loaded)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class PersonalSummary:
    """How many words and phrases (word triples) were learned, and how many words the user blocked."""

    words: int
    phrases: int
    blocked: int
