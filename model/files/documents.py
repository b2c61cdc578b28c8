"""Reading a user's documents as plain text for fine-tuning: .txt .md .html .docx .pdf .odt.

A file that cannot be used (binary, wrong encoding, empty, no permission, too large, unknown kind, damaged)
is reported with its reason and skipped; reading never raises for one bad file among many.
"""

from __future__ import annotations

import codecs
import html.parser
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from model.errors import DocumentError
from model.text.words import normalize_text

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf", ".odt"}


@dataclass
class Documents:
    """What was read: (path, text) for each usable file, and (path, reason) for each skipped one."""

    texts: list[tuple[Path, str]]
    skipped: list[tuple[Path, str]]

    @property
    def characters(self) -> int:
        """Characters of usable text in all."""
        return sum(len(text) for _, text in self.texts)


def read_documents(paths: list[str | Path]) -> Documents:
    """Read files and folders (folders recursively); files that cannot be used, of an unsupported kind among
    them, are listed in `skipped` with the reason, never raised. Hidden files and folders are left out."""
    texts: list[tuple[Path, str]] = []
    skipped: list[tuple[Path, str]] = []
    for path in _expand(paths):
        try:
            texts.append((path, read_document(path)))
        except DocumentError as error:
            skipped.append((path, error.reason))
    return Documents(texts, skipped)


def _expand(paths: list[str | Path]) -> list[Path]:
    files: list[Path] = []
    for given in map(Path, paths):
        if given.is_dir():
            found = (p for p in given.rglob("*") if p.is_file() and not _is_hidden(p.relative_to(given)))
            files.extend(sorted(found))
        else:
            files.append(given)
    return files


def _is_hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def read_document(path: Path) -> str:
    """The text of one document, NFC-normalised; raises DocumentError saying why it cannot be used."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(path, f"unsupported kind of file ({suffix or 'no extension'})")
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise _too_large(path, size, "too large")
        raw = path.read_bytes()
    except PermissionError as error:
        raise DocumentError(path, "no permission to read it") from error
    except FileNotFoundError as error:
        raise DocumentError(path, "it does not exist") from error
    except OSError as error:
        raise DocumentError(path, error.strerror or str(error)) from error
    if suffix in TEXT_SUFFIXES | HTML_SUFFIXES:
        text = _decode_text(path, raw)
        if suffix in HTML_SUFFIXES:
            text = _html_text(text)
    elif suffix == ".docx":
        text = _docx_text(path)
    elif suffix == ".pdf":
        text = _pdf_text(path)
    else:
        text = _odt_text(path)
    text = normalize_text(text).strip()
    if not text:
        raise DocumentError(path, "it holds no text")
    return text


def _decode_text(path: Path, raw: bytes) -> str:
    try:
        return decode_text(raw)
    except ValueError as error:
        raise DocumentError(path, str(error)) from error


def text_encoding(raw: bytes) -> str:
    """The encoding a text file is read and saved in: "utf-16" after its byte-order mark (Notepad), else "utf-8"."""
    return "utf-16" if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8"


def decode_text(raw: bytes) -> str:
    """The text of a plain-text file's bytes: UTF-8 (a byte-order mark dropped), or UTF-16 with its mark.

    Raises ValueError with the reason in a user's words for a binary file or another encoding.
    """
    if text_encoding(raw) == "utf-16":
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ValueError(f"not UTF-16 text (bad bytes at position {error.start})") from error
    if b"\x00" in raw[:8192]:
        raise ValueError("it looks like a binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text (bad byte at position {error.start})") from error


class _TextOfHtml(html.parser.HTMLParser):
    """Collects the visible text of an HTML page, one line per block element."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}
    HIDDEN = {"script", "style", "title", "noscript"}  # not "head": its end tag is optional, the body would hide

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden_depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.HIDDEN:
            self.hidden_depth += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden_depth:
            self.hidden_depth -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden_depth:
            self.parts.append(" ".join(data.split()) if data.strip() else "")


def _html_text(markup: str) -> str:
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()  # the text after the last tag, and a trailing "&c", come out only now
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _check_unpacked_size(path: Path, kind: str) -> None:
    """Refuse a zipped document (.docx, .odt) that unpacks to more than the size limit: a small file can."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except Exception as error:
        raise DocumentError(path, f"not a readable {kind} ({type(error).__name__})") from error
    if unpacked > MAX_DOCUMENT_BYTES:
        raise _too_large(path, unpacked, "too large once unpacked")


def _too_large(path: Path, size: int, what: str) -> DocumentError:
    """The error for a document of `size` bytes over MAX_DOCUMENT_BYTES, saying `what` is too large."""
    return DocumentError(path, f"{what} ({size / 2**20:.0f} MB; the limit is {MAX_DOCUMENT_BYTES // 2**20} MB)")


def _docx_text(path: Path) -> str:
    import docx  # python-docx

    _check_unpacked_size(path, "Word document")
    try:
        return "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)
    except Exception as error:  # python-docx raises many kinds for a damaged file
        raise DocumentError(path, f"not a readable Word document ({type(error).__name__})") from error


def _pdf_text(path: Path) -> str:
    import pypdf

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            raise DocumentError(path, "the PDF is encrypted")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except DocumentError:
        raise
    except Exception as error:  # pypdf raises many kinds for a damaged file
        raise DocumentError(path, f"not a readable PDF ({type(error).__name__})") from error


ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _odt_text(path: Path) -> str:
    """OpenDocument text: the paragraphs and headings of content.xml (the standard library reads it)."""
    _check_unpacked_size(path, "OpenDocument text")
    try:
        with zipfile.ZipFile(path) as archive:
            root = ElementTree.fromstring(archive.read("content.xml"))
    except Exception as error:  # a damaged archive raises many kinds (zlib.error, RuntimeError when encrypted)
        raise DocumentError(path, f"not a readable OpenDocument text ({type(error).__name__})") from error
    blocks = root.iter()
    return "\n".join(
        "".join(element.itertext())
        for element in blocks
        if element.tag in (f"{{{ODF_TEXT}}}p", f"{{{ODF_TEXT}}}h")
    )
