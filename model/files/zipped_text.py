"""The text of zipped office documents (.docx, .odt), unpacking only the parts that hold it, within a limit.

A few kilobytes of zip can unpack to gigabytes, and the sizes in its headers may lie: ZipFile.read unpacks a
member in one piece before it compares sizes (a 1 MB .docx claiming 1000 bytes, really 1 GB, took 2.1 GB).
Here a member is unpacked a chunk at a time and the bytes that come out are counted. python-docx is not used
to read: it unpacks every part of the package (pictures too) with ZipFile.read; the text is in one part, read
here as python-docx reads it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from model.errors import DocumentError

UNPACK_CHUNK_BYTES = 1 << 20

ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
ODF_BLOCKS = {f"{{{ODF_TEXT}}}p", f"{{{ODF_TEXT}}}h"}

RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# What a run's elements read as, as in python-docx's Run.text; a <w:br> reads as a line break unless it breaks a
# page or a column.
RUN_CONTENT = {f"{W}tab": "\t", f"{W}ptab": "\t", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}


def unpacked_member(path: Path, archive_bytes: bytes, name: str, max_bytes: int) -> bytes:
    """The member `name` of the zip archive `archive_bytes`, unpacked a chunk at a time; DocumentError once
    more than `max_bytes` have come out, whatever the archive's headers say."""
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive, archive.open(name) as member:
        chunks, unpacked = [], 0
        while chunk := member.read(UNPACK_CHUNK_BYTES):
            unpacked += len(chunk)
            if unpacked > max_bytes:
                raise DocumentError(path, f"too large once unpacked (over the limit of {max_bytes / 2**20:.0f} MB)")
            chunks.append(chunk)
    return b"".join(chunks)


def odt_text(path: Path, archive_bytes: bytes, max_bytes: int) -> str:
    """OpenDocument text: the paragraphs and headings of content.xml."""
    root = ElementTree.fromstring(unpacked_member(path, archive_bytes, "content.xml", max_bytes))
    return "\n".join("".join(element.itertext()) for element in root.iter() if element.tag in ODF_BLOCKS)


def docx_text(path: Path, archive_bytes: bytes, max_bytes: int) -> str:
    """A Word document's text as python-docx's `Document.paragraphs` reads it: the body's paragraphs, a line
    each (the paragraphs inside tables and text boxes left out), from the package's main part."""
    main_part = _main_part(path, archive_bytes, max_bytes)
    body = ElementTree.fromstring(unpacked_member(path, archive_bytes, main_part, max_bytes)).find(f"{W}body")
    if body is None:
        raise DocumentError(path, "not a Word document (its main part has no body)")
    return "\n".join(_paragraph_text(paragraph) for paragraph in body.iterfind(f"{W}p"))


def _main_part(path: Path, archive_bytes: bytes, max_bytes: int) -> str:
    """The name of the part the package's relationships (_rels/.rels) name as the document itself."""
    relationships = ElementTree.fromstring(unpacked_member(path, archive_bytes, "_rels/.rels", max_bytes))
    for relationship in relationships.iter(RELATIONSHIPS):
        if relationship.get("Type", "").endswith("/officeDocument") and relationship.get("Target"):
            return relationship.get("Target").lstrip("/")
    raise DocumentError(path, "not a Word document (no main part)")


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    """The text of a paragraph's runs, the runs inside its hyperlinks among them, in order."""
    return "".join(_content_text(content) for run in _runs(paragraph) for content in run)


def _runs(paragraph: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """A paragraph's runs and its hyperlinks' runs, in order (python-docx's "w:r | w:hyperlink")."""
    for child in paragraph:
        if child.tag == f"{W}r":
            yield child
        elif child.tag == f"{W}hyperlink":
            yield from child.iterfind(f"{W}r")


def _content_text(content: ElementTree.Element) -> str:
    """What one element of a run reads as: its text, a tab, a line break, a hyphen, or nothing."""
    if content.tag == f"{W}t":
        return content.text or ""
    if content.tag == f"{W}br":
        return "\n" if content.get(f"{W}type", "textWrapping") == "textWrapping" else ""
    return RUN_CONTENT.get(content.tag, "")
