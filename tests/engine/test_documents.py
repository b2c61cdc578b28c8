"""Each document format is read from a real small file; each kind of bad file is reported and skipped."""

import zipfile
from pathlib import Path

import pytest

import model.files.documents as documents
from model.files.documents import read_documents

SENTENCE = "Call me Ishmael. Some years ago, never mind how long precisely."


def make_pdf(path: Path, text: str) -> None:
    """A one-page PDF with `text` in Helvetica, written by hand (pypdf reads, it does not typeset)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(body)


def make_odt(path: Path, text: str) -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
        f"<text:h>Moby Dick</text:h><text:p>{text}</text:p></office:text></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)


def test_every_supported_format_is_read(tmp_path):
    import docx

    (tmp_path / "a.txt").write_text(SENTENCE + " café", encoding="utf-8")
    (tmp_path / "g.txt").write_bytes((SENTENCE + " in UTF-16").encode("utf-16"))  # Notepad's "Unicode"
    (tmp_path / "b.md").write_text("# Title\n\n" + SENTENCE, encoding="utf-8")
    (tmp_path / "c.html").write_text(
        f"<html><head><style>p {{color: red}}</style></head><body><p>{SENTENCE}</p>"
        "<script>var x = 1;</script></body></html>", encoding="utf-8"
    )
    word = docx.Document()
    word.add_paragraph(SENTENCE)
    word.save(tmp_path / "d.docx")
    make_pdf(tmp_path / "e.pdf", SENTENCE)
    make_odt(tmp_path / "f.odt", SENTENCE)
    read = read_documents([tmp_path])
    assert read.skipped == []
    texts = {path.name: text for path, text in read.texts}
    assert sorted(texts) == ["a.txt", "b.md", "c.html", "d.docx", "e.pdf", "f.odt", "g.txt"]
    for name, text in texts.items():
        assert SENTENCE in text, name
    assert "color" not in texts["c.html"] and "var x" not in texts["c.html"]
    assert texts["a.txt"].endswith("café") and texts["f.odt"].startswith("Moby Dick")


def test_each_kind_of_bad_file_is_reported_and_skipped(tmp_path, monkeypatch):
    good = tmp_path / "good.txt"
    good.write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin1.txt").write_bytes("Déjà vu".encode("latin-1"))
    (tmp_path / "empty.md").write_text("  \n", encoding="utf-8")
    (tmp_path / "huge.txt").write_text("x" * 5000, encoding="utf-8")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")
    make_odt(tmp_path / "damaged.odt", SENTENCE)
    packed = (tmp_path / "damaged.odt").read_bytes()
    middle = packed.index(b"Moby")
    (tmp_path / "damaged.odt").write_bytes(packed[:middle] + b"\xff" * 8 + packed[middle + 8 :])  # a bad checksum
    with zipfile.ZipFile(tmp_path / "bomb.odt", "w", zipfile.ZIP_DEFLATED) as archive:  # 1 MB in a few kB
        archive.writestr("content.xml", "<x>" + " " * 1_000_000 + "</x>")
    locked = tmp_path / "locked.txt"
    locked.write_text(SENTENCE, encoding="utf-8")
    locked.chmod(0)
    real_read_bytes = Path.read_bytes

    def read_bytes_as_a_normal_user(path: Path) -> bytes:  # root may read a mode-000 file; a user may not
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes_as_a_normal_user)
    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 4096)
    names = [p.name for p in sorted(tmp_path.iterdir())] + ["missing.txt"]
    read = read_documents([tmp_path / name for name in names])
    assert [path.name for path, _ in read.texts] == ["good.txt"]
    reasons = {path.name: reason for path, reason in read.skipped}
    assert "binary" in reasons["binary.txt"]
    assert "not UTF-8" in reasons["latin1.txt"]
    assert "no text" in reasons["empty.md"]
    assert "too large" in reasons["huge.txt"]
    assert "Word document" in reasons["broken.docx"]
    assert "PDF" in reasons["broken.pdf"]
    assert "unsupported" in reasons["picture.png"]
    assert "OpenDocument" in reasons["damaged.odt"]
    assert "too large once unpacked" in reasons["bomb.odt"] and (tmp_path / "bomb.odt").stat().st_size < 4096
    assert "permission" in reasons["locked.txt"]
    assert "does not exist" in reasons["missing.txt"]


@pytest.mark.parametrize("text", ["", "\x00\x01"])
def test_a_folder_with_nothing_usable_reads_as_empty(tmp_path, text):
    (tmp_path / "only.txt").write_text(text, encoding="utf-8")
    read = read_documents([tmp_path])
    assert read.texts == [] and len(read.skipped) == 1 and read.characters == 0


def test_html_keeps_text_after_the_last_tag_and_a_body_after_an_unclosed_head(tmp_path):
    (tmp_path / "tail.html").write_text("<p>Notes</p>I used to work for AT&T", encoding="utf-8")
    (tmp_path / "head.html").write_text("<html><head><title>x</title><body><p>Dear Maria, yours &c", encoding="utf-8")
    texts = {path.name: text for path, text in read_documents([tmp_path]).texts}
    assert texts["tail.html"] == "Notes\nI used to work for AT&T"
    assert texts["head.html"] == "Dear Maria, yours &c"



def test_a_folder_lists_files_of_unsupported_kinds_as_skipped(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "letter.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "notes" / "photo.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "index").write_bytes(b"DIRC")
    read = read_documents([tmp_path])
    assert [path.name for path, _ in read.texts] == ["letter.txt"]
    assert [(path.name, reason) for path, reason in read.skipped] == [("photo.png", "unsupported kind of file (.png)")]
