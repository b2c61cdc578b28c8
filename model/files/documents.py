"""Reading a user's documents as plain text for fine-tuning: .txt .md .html .docx .pdf .odt.

A file that cannot be used (binary, wrong encoding, empty, no permission, too large, unknown kind, damaged, not
a regular file: a FIFO, a device, a symlink loop) is reported with its reason and skipped; reading never raises
for one bad file among many, and a folder is walked without following links to folders.
"""

from __future__ import annotations

import codecs
import io
import os
from dataclasses import dataclass
from pathlib import Path

from model.errors import DocumentError, FileRefusedError
from model.files.html_text import html_text
from model.files.regular_file import read_regular_file
from model.files.zipped_text import docx_text, odt_text
from model.text.words import normalize_text

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
# The kinds read by a parser of their own (the zip and XML readers, pypdf), as a reason names them.
PACKAGED_KINDS = {".docx": "Word document", ".odt": "OpenDocument text", ".pdf": "PDF"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PACKAGED_KINDS.keys()


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
    for path in _expand(paths, skipped):
        try:
            texts.append((path, read_document(path)))
        except DocumentError as error:
            skipped.append((path, error.reason))
    return Documents(texts, skipped)


def _expand(paths: list[str | Path], skipped: list[tuple[Path, str]]) -> list[Path]:
    """The files to read: each path given, and every file under each folder given (see _files_in)."""
    files: list[Path] = []
    for given in map(Path, paths):
        files.extend(_files_in(given, skipped) if os.path.isdir(given) else [given])  # Path.is_dir raises on EACCES
    return files


def _files_in(folder: Path, skipped: list[tuple[Path, str]]) -> list[Path]:
    """Every entry under `folder` that is not a folder (FIFOs, devices and broken links too: reading them says
    why they are skipped), hidden ones left out. A link to a folder is listed in `skipped`, not followed (a
    link to a folder above it would never end); so is a folder that cannot be listed."""

    def unlistable(error: OSError) -> None:
        skipped.append((Path(error.filename), error.strerror or str(error)))

    found: list[Path] = []
    for root, folders, names in os.walk(folder, onerror=unlistable):
        for name in list(folders):  # os.walk enters what is left in `folders`
            if name.startswith("."):
                folders.remove(name)
            elif os.path.islink(os.path.join(root, name)):
                folders.remove(name)
                skipped.append((Path(root, name), "a link to a folder, not followed"))
        found.extend(Path(root, name) for name in names if not name.startswith("."))
    return sorted(found)


def read_document(path: Path) -> str:
    """The text of one document, NFC-normalised; raises DocumentError saying why it cannot be used.

    Only a regular file is opened (a FIFO would block forever, a link to /dev/zero never end), and never more
    than MAX_DOCUMENT_BYTES of it is read.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(path, f"unsupported kind of file ({suffix or 'no extension'})")
    try:
        raw = read_regular_file(path, MAX_DOCUMENT_BYTES)
    except FileRefusedError as error:
        raise DocumentError(path, error.reason) from error
    if suffix in PACKAGED_KINDS:
        text = _packaged_text(path, suffix, raw)
    else:
        text = _decode_text(path, raw)
        if suffix in HTML_SUFFIXES:
            text = html_text(text)
    text = normalize_text(text).strip()
    if not text:
        raise DocumentError(path, "it holds no text")
    return text


def _packaged_text(path: Path, suffix: str, raw: bytes) -> str:
    """The text of a .docx, .odt or .pdf; whatever its parser raises for a damaged file becomes DocumentError."""
    try:
        if suffix == ".docx":
            return docx_text(path, raw, MAX_DOCUMENT_BYTES)
        if suffix == ".odt":
            return odt_text(path, raw, MAX_DOCUMENT_BYTES)
        return _pdf_text(path, raw)
    except DocumentError:
        raise
    except Exception as error:  # zipfile, expat and pypdf raise many kinds (zlib.error, KeyError, RuntimeError...)
        raise DocumentError(path, f"not a readable {PACKAGED_KINDS[suffix]} ({type(error).__name__})") from error


def _decode_text(path: Path, raw: bytes) -> str:
    """decode_text, its ValueError a DocumentError for `path`."""
    try:
        return decode_text(raw)
    except ValueError as error:
        raise DocumentError(path, str(error)) from error


def text_encoding(raw: bytes) -> str:
    """The encoding a text file is read and saved in: "utf-16" after its byte-order mark (Notepad), else "utf-8"."""
    return "utf-16" if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8"


BINARY = "it looks like a binary file, not text"


def decode_text(raw: bytes) -> str:
    """The text of a plain-text file's bytes: UTF-8 (a byte-order mark dropped), or UTF-16 with its mark.

    Raises ValueError with the reason in a user's words for a binary file or another encoding.
    """
    if text_encoding(raw) == "utf-16":
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ValueError(f"not UTF-16 text (bad bytes at position {error.start})") from error
        if "\x00" in text:
            raise ValueError(BINARY)
        return text
    if b"\x00" in raw:  # the whole file: searching 50 MB for one byte takes 5 ms
        raise ValueError(BINARY)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text (bad byte at position {error.start})") from error



def _pdf_text(path: Path, raw: bytes) -> str:
    """The text of every page of a PDF (pypdf reads it; it limits each stream it unpacks to 75 MB)."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(raw))
    if reader.is_encrypted:
        raise DocumentError(path, "the PDF is encrypted")
    return "\n".join(page.extract_text() or "" for page in reader.pages)
