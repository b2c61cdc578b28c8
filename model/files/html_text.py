"""The visible text of an HTML page, found by a few linear regular-expression passes instead of html.parser.

Python 3.11's html.parser scans from each "<" that no ">" follows to the end of the page, again and again (8 MB
of "if a < b" prose: over ten minutes), and keeps every attribute of a tag (an 8 MB tag with 4 M attributes:
2.1 GB). Here each pattern either stops at the next "<" or consumes what it scanned (a comment, a hidden
element, a <!...>), its repetitions are possessive (no backtracking state kept), attributes are never kept,
and the passes that leave many pieces run a slice at a time, so time and memory stay proportional to the page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

# Dropped whole: comments, the contents of elements that are not shown, and <!DOCTYPE>, <?xml?>, <![CDATA[ ]]>.
HIDDEN = re.compile(
    r"<(?:!--.*?(?:-->|\Z)"
    r"|(script|style|title|noscript)\b[^<>]*+>.*?(?:</\1\s*>|\Z)"
    r"|(?:[!?]|/(?![a-zA-Z]))[^>]*+(?:>|\Z))",
    re.IGNORECASE | re.DOTALL,
)
# A start or end tag; a quoted attribute value may hold ">", none may hold "<" (then the "<" is text).
TAG = re.compile(r"</?([a-zA-Z][^\s/<>]*+)(?:[^<>\"']++|\"[^\"<]*+\"|'[^'<]*+')*+>")  # IGNORECASE: 3 times slower
BLOCKS = (
    "address", "article", "aside", "blockquote", "body", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "tr", "ul",
)
# What a tag leaves in the text: a line break for a block element, a space for a cell of a row, else nothing.
SEPARATORS = {name: "\n" for name in BLOCKS} | {"td": " ", "th": " "}
# Only what needs changing: runs of white space that are not one plain space, and spaces about a line break.
SPACES = re.compile(r"\s\s+|[^\S ]")
SPACES_WITHIN_LINES = re.compile(r"[^\S\n][^\S\n]+|[^\S\n ]")
LINE_BREAKS = re.compile(r" \n[\n ]*|\n[\n ]+")
# re.sub holds every piece of its answer at once (about 70 bytes a piece); a slice at a time keeps that small.
SLICE_CHARS = 1 << 20


def html_text(markup: str) -> str:
    """The text a browser shows for `markup`: one line per block element, the spaces between words kept
    (inline tags such as <b> join nothing and split nothing), runs of white space collapsed."""
    visible = HIDDEN.sub("", markup)
    # A line break in the source is a space on the page. Cut anywhere, a run of spaces becomes two at most.
    spaced = "".join(SPACES.sub(" ", visible[at : at + SLICE_CHARS]) for at in range(0, len(visible), SLICE_CHARS))
    text = "".join(_tidy(html.unescape(TAG.sub(_separator, piece))) for piece in _slices(spaced))  # "&lt;b&gt;" is text
    return _tidy(text).strip()  # where slices met


def _slices(markup: str) -> Iterator[str]:
    """`markup` in pieces of SLICE_CHARS or a little more, each cut just before a "<": no tag or "&...;"
    reference spans a cut (comments and hidden elements are gone already)."""
    start = 0
    while start < len(markup):
        cut = markup.find("<", start + SLICE_CHARS)
        end = len(markup) if cut < 0 else cut
        yield markup[start:end]
        start = end


def _tidy(text: str) -> str:
    """`text` with runs of spaces (an "&nbsp;" or two slices' ends among them) made one, and none about a line
    break."""
    return LINE_BREAKS.sub("\n", SPACES_WITHIN_LINES.sub(" ", text))


def _separator(tag: re.Match[str]) -> str:
    """What `tag` leaves in the text (SEPARATORS)."""
    return SEPARATORS.get(tag[1].lower(), "")
