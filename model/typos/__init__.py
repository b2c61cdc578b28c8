"""Typing mistakes: a model of how people mistype on a keyboard, and the search for the word they meant."""
