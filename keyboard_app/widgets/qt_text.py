"""Positions in Qt's text: Qt counts UTF-16 code units, Python counts characters (an emoji is two units)."""

from __future__ import annotations


def utf16_length(text: str) -> int:
    """The length of `text` in UTF-16 code units: how Qt counts positions (an emoji is two)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def text_before_position(text: str, position: int) -> str:
    """The part of `text` before a Qt position (counted in UTF-16 code units, not Python characters)."""
    before = text[:position]  # a character is one or two units: this holds the part, and maybe a little more
    if before.isascii():
        return before
    return before.encode("utf-16-le", "surrogatepass")[: 2 * position].decode("utf-16-le", "surrogatepass")
