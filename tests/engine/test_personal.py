"""The user's personal language: learned at once, kept in a crash-safe store, faded, pruned, blocked words."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from model import PersonalLanguage, PersonalStore, Predictor
from model.lexicon.personal_counts import SECONDS_PER_DAY, FADE_HALF_LIFE_DAYS, PersonalCounts, TripleCount
from model.text.words import SENTENCE_START

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shipped():
    return Predictor.load(device="cpu")


def test_learn_offers_a_new_name_and_its_next_word_at_once(shipped):
    before = shipped.suggest_words("See you at the Qu", 3)
    assert "Quillmark" not in before
    try:
        shipped.learn("See you at the Quillmark standup tomorrow.\n")
        assert "Quillmark" in shipped.suggest_words("See you at the Qu", 3)
        assert "standup" in shipped.suggest_words("See you at the Quillmark ", 3)
        assert shipped.knows_word("Quillmark")
    finally:
        shipped.personal.counts.clear()
    assert shipped.suggest_words("See you at the Qu", 3) == before  # learned state is the personal language's only


def test_a_blocked_word_is_never_offered_in_any_case(shipped):
    try:
        first = shipped.suggest_words("Thank you very ", 3)[0]
        shipped.block_word(first.upper())
        assert first not in shipped.suggest_words("Thank you very ", 3)
        assert shipped.personal.summary().blocked == 1
    finally:
        shipped.personal.counts.clear()


def test_the_store_keeps_what_was_learned_and_blocked_across_a_restart(tmp_path):
    path = tmp_path / "personal.sqlite3"
    language = PersonalLanguage(PersonalStore(path))
    language.learn("Quillmark says hi.\n")
    language.learn("Quillmark says hi.\n")
    language.block_word("Hello")
    language.store.close()
    again = PersonalLanguage(PersonalStore(path))
    assert again.counts.words.count("Quillmark") == 2 and again.counts.is_blocked("hello")
    assert again.summary().phrases == language.summary().phrases == 3
    again.allow_blocked_words()
    again.store.close()
    assert not PersonalLanguage(PersonalStore(path)).counts.blocked


def test_old_counts_fade_and_the_rarest_oldest_are_pruned():
    counts, now = PersonalCounts(), time.time()
    old = now - FADE_HALF_LIFE_DAYS * SECONDS_PER_DAY
    counts.add((SENTENCE_START, SENTENCE_START, "ancient"), TripleCount(4, old), now)
    counts.add((SENTENCE_START, SENTENCE_START, "recent"), TripleCount(3, now), now)
    distribution, _ = counts.distribution((SENTENCE_START, SENTENCE_START), "", 5)
    assert distribution["recent"] > distribution["ancient"]  # 3 now outweighs 4 half a life ago (2)
    assert counts.words.count("ancient") == 4  # sightings do not fade: a name typed twice stays offered
    assert counts.prune(keep=1) == [(SENTENCE_START, SENTENCE_START, "ancient")]
    assert counts.phrases == 1 and counts.words.count("ancient") == 0


def test_a_damaged_store_is_kept_aside_and_a_new_one_started(tmp_path):
    path = tmp_path / "personal.sqlite3"
    path.write_bytes(b"this is no database at all" * 100)
    store = PersonalStore(path)
    counts = store.open()
    assert counts.phrases == 0 and store.failure is not None and "kept as" in store.failure.reason
    assert list(tmp_path.glob("personal.sqlite3.broken-*"))
    PersonalLanguage(store).learn("fresh start.\n")


def test_the_store_survives_a_kill_in_the_middle_of_writing(tmp_path):
    path, ready = tmp_path / "personal.sqlite3", tmp_path / "ready"
    script = f"""
        from pathlib import Path
        from model import PersonalLanguage, PersonalStore
        language = PersonalLanguage(PersonalStore(Path({str(path)!r})))
        for number in range(1_000_000):
            language.learn(" ".join(f"word{{number}}x{{i}}" for i in range(20)) + " end.")
            if number == 50:
                Path({str(ready)!r}).touch()
    """
    process = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)], cwd=REPOSITORY,
                               env={**os.environ, "PYTHONPATH": str(REPOSITORY)})
    deadline = time.monotonic() + 60
    while not ready.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
    time.sleep(0.3)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert ready.exists()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = connection.execute("SELECT word FROM triples WHERE word LIKE 'word%'").fetchall()
    numbers = {}
    for (word,) in rows:
        number, _ = word[4:].split("x")
        numbers[number] = numbers.get(number, 0) + 1
    assert len(numbers) > 50 and set(numbers.values()) == {20}  # every message whole, none half-written
    counts = PersonalStore(path).open()
    assert counts.words.count("end") == len(numbers)


def test_a_new_predictor_has_an_empty_personal_language(tiny_model_path):
    predictor = Predictor.load(tiny_model_path, device="cpu")
    assert predictor.personal.summary().words == 0
    predictor.learn("the zebrafish sat.\n")
    assert "zebrafish" in predictor.suggest_words("the zeb", 3)
