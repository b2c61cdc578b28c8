"""Each document format is read from a real small file; each kind of bad file is reported and skipped, in
bounded time and memory: special files, HTML that defeats html.parser, zips that lie about their sizes."""

import json
import os
import resource
import subprocess
import sys
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
    real_open = os.open

    def open_as_a_normal_user(path, flags, *args, **kwargs) -> int:  # root may read a mode-000 file; a user may not
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_as_a_normal_user)
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
    assert reasons["locked.txt"] == "Permission denied"
    assert reasons["missing.txt"] == "No such file or directory"


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


READ_IN_A_CHILD = """
import json, resource, sys
from model.files.documents import read_documents
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
read = read_documents(sys.argv[1:])
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({"texts": {str(p): t for p, t in read.texts}, "skipped": {str(p): r for p, r in read.skipped},
                  "grown_bytes": grown * 1024}))
"""


def read_in_a_child(paths: list[Path], seconds: float = 30, memory_bytes: int = 2 << 30) -> dict:
    """read_documents(paths) in a fresh Python, within `seconds` and `memory_bytes` of address space, so that a
    hang or a runaway read fails this test instead of the test run: texts and skipped by path, and how much
    the child's peak memory grew while reading (ru_maxrss)."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    child = subprocess.run(
        [sys.executable, "-c", READ_IN_A_CHILD, *map(str, paths)], cwd=Path(__file__).parents[2],
        capture_output=True, text=True, timeout=seconds, preexec_fn=limit_memory,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    return json.loads(child.stdout)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")
def test_a_fifo_a_device_link_and_a_link_loop_are_skipped_with_their_reasons_not_read(tmp_path):
    (tmp_path / "good.txt").write_text(SENTENCE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "random.md").symlink_to("/dev/urandom")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "up").symlink_to(tmp_path, target_is_directory=True)  # walked into, it would never end
    (tmp_path / "z.txt").write_text(SENTENCE, encoding="utf-8")
    special = [tmp_path / name for name in ("pipe.txt", "zero.txt", "random.md", "loop.txt")]
    for given in ([tmp_path], [tmp_path / "good.txt", *special, tmp_path / "z.txt"]):  # a folder, a batch of files
        read = read_in_a_child(given)
        assert sorted(Path(path).name for path in read["texts"]) == ["good.txt", "z.txt"]
        reasons = {Path(path).name: reason for path, reason in read["skipped"].items()}
        assert "FIFO" in reasons.pop("pipe.txt")
        assert "character device" in reasons.pop("zero.txt") and "character device" in reasons.pop("random.md")
        assert "symbolic links" in reasons.pop("loop.txt")
        assert reasons == ({"up": "a link to a folder, not followed"} if given == [tmp_path] else {})


def test_inline_tags_keep_the_spaces_between_words_and_blocks_make_lines(tmp_path):
    (tmp_path / "page.html").write_text(
        "<html><head><title>Tab</title><style>b { color: red }</style></head><body>\n"
        "<h1>The  <em>Title</em></h1><p>The fox <b>jumps</b> over <i>the</i> dog.<br>A new\n  line, "
        "<a href='x' title=\"a > b\">a link</a>.</p><!-- a comment -->"
        "<ul><li>one</li><li>two &amp; three</li></ul><table><tr><td>cell</td><td>beside</td></tr></table>"
        "<script>if (a < b) { x = '<p>' }</script><p>if a < b then &lt;b&gt; is text</p></body></html>",
        encoding="utf-8",
    )
    [(_, text)] = read_documents([tmp_path]).texts
    assert text.split("\n") == [
        "The Title", "The fox jumps over the dog.", "A new line, a link.", "one", "two & three", "cell beside",
        "if a < b then <b> is text",
    ]


def test_html_that_html_parser_takes_hours_or_gigabytes_over_is_read_in_memory_like_its_size(tmp_path):
    # html.parser kept each attribute of a tag (8 MB with 4 M attributes: 2.1 GB), and rescanned each "<" after
    # the last ">" to the end of the page (0.5 MB of such prose: over 5 minutes).
    page = tmp_path / "page.html"
    page.write_text("<p " + 'a="1" b ' * 250_000 + ">Hello</p>" + "if a < b and c <d then e\n" * 40_000)
    read = read_in_a_child([page], seconds=20)
    [text] = read["texts"].values()
    assert text.startswith("Hello\nif a < b and c <d then e if a") and text.endswith("c <d then e")
    assert read["grown_bytes"] < 8 * page.stat().st_size


def lying_zip(path: Path, members: dict[str, bytes], big_member: str, big_bytes: int, claimed_size: int) -> Path:
    """A zip of `members` and `big_member` (`big_bytes` of spaces, deflated to a few kB) whose central directory
    claims `big_member` unpacks to `claimed_size` bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
        with archive.open(big_member, "w") as member:
            for _ in range(big_bytes >> 20):
                member.write(b" " * (1 << 20))
    packed = bytearray(path.read_bytes())
    entry = packed.index(b"PK\x01\x02")  # the central directory's entries: the name at 46, the size at 24
    while packed[entry + 46 : entry + 46 + len(big_member)] != big_member.encode():
        entry = packed.index(b"PK\x01\x02", entry + 4)
    packed[entry + 24 : entry + 28] = claimed_size.to_bytes(4, "little")
    path.write_bytes(bytes(packed))
    return path


def test_a_zipped_document_that_lies_about_its_size_is_refused_without_unpacking_it(tmp_path):
    import docx

    word = docx.Document()
    word.add_paragraph(SENTENCE)
    word.save(tmp_path / "base.docx")
    with zipfile.ZipFile(tmp_path / "base.docx") as base:
        parts = {name: base.read(name) for name in base.namelist() if name != "word/document.xml"}
    big = 128 << 20  # unpacked in one piece, 128 MB; a chunk at a time, 1 MB
    lying_docx = lying_zip(tmp_path / "lying.docx", parts, "word/document.xml", big, claimed_size=1000)
    lying_odt = lying_zip(tmp_path / "lying.odt", {"mimetype": b"application/vnd.oasis.opendocument.text"},
                          "content.xml", big, claimed_size=1000)
    read = read_in_a_child([lying_docx, lying_odt])
    assert read["texts"] == {}
    assert read["skipped"] == {str(lying_docx): "not a readable Word document (BadZipFile)",
                               str(lying_odt): "not a readable OpenDocument text (BadZipFile)"}
    assert read["grown_bytes"] < 32 << 20


def test_a_word_document_reads_as_python_docx_reads_it(tmp_path):
    import docx
    from docx.enum.text import WD_BREAK

    word = docx.Document()
    paragraph = word.add_paragraph("Dear ")
    paragraph.add_run("Maria").bold = True
    paragraph.add_run(",\tyours").add_break()
    paragraph.add_run("next line").add_break(WD_BREAK.PAGE)
    word.add_table(rows=1, cols=1).cell(0, 0).text = "in a table"
    word.add_heading("Heading", level=1)
    word.save(tmp_path / "letter.docx")
    [(_, text)] = read_documents([tmp_path]).texts
    assert text == "\n".join(p.text for p in docx.Document(str(tmp_path / "letter.docx")).paragraphs).strip()
    assert text == "Dear Maria,\tyours\nnext line\nHeading"


def test_a_text_file_with_a_nul_byte_past_its_beginning_is_binary(tmp_path):
    (tmp_path / "late.txt").write_bytes(SENTENCE.encode() * 1000 + b"\x00\x01\x02" + SENTENCE.encode())
    (tmp_path / "late16.txt").write_bytes((SENTENCE * 1000 + "\x00" + SENTENCE).encode("utf-16"))
    read = read_documents([tmp_path])
    assert read.texts == []
    assert [reason for _, reason in read.skipped] == ["it looks like a binary file, not text"] * 2


def test_a_parser_failing_in_an_unexpected_way_costs_only_that_file(tmp_path, monkeypatch):
    import pypdf

    def fail(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(pypdf, "PdfReader", fail)
    make_pdf(tmp_path / "deep.pdf", SENTENCE)
    (tmp_path / "good.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "word.html").write_text("<p>Lists<![foo[ x ]]> in Word</p>")  # html.parser raised AssertionError
    read = read_documents([tmp_path])
    assert [(path.name, text) for path, text in read.texts] == [("good.txt", SENTENCE), ("word.html", "Lists in Word")]
    assert [(path.name, why) for path, why in read.skipped] == [("deep.pdf", "not a readable PDF (RecursionError)")]
