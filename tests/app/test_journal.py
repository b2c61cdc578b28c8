"""The journal's records are whole or absent, and damage stays local to the record it hit."""

from keyboard_app.storage.journal import Journal


def test_a_record_cut_in_the_middle_of_a_character_does_not_garble_the_records_after_it(tmp_path):
    path = tmp_path / "journal.txt"
    path.write_bytes("Grüße aus Köln ".encode() + "日本".encode()[:4])  # killed inside the second character
    journal = Journal(path)
    journal.append("next words ")
    journal.append("and more ")
    journal.close()
    text = Journal(path).read_tail()
    assert text.startswith("Grüße aus Köln 日")
    assert text.endswith("\nnext words and more ")


def test_each_record_is_one_write_and_a_lone_surrogate_cannot_stop_the_journal(tmp_path, monkeypatch):
    import os

    writes = []
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda descriptor, data: writes.append(data) or real_write(descriptor, data))
    journal = Journal(tmp_path / "journal.txt")
    record = "word " * 200_000  # a 1 MB paste-sized record
    journal.append(record)
    journal.append("broken \ud800 surrogate ")
    journal.close()
    assert writes[0] == record.encode() and len(writes) == 2
    assert Journal(tmp_path / "journal.txt").read_tail(10**7).endswith("broken ? surrogate ")
