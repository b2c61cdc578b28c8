"""The personal language store on disk: the user's word triples, their counts and last-used times, and the
words the user asked not to be offered.

An SQLite database in WAL mode (as ibus-typing-booster keeps its user phrases): each learned message is one
transaction, so a kill in the middle of a write leaves the store as it was before that message or after it,
never half-written. `synchronous=NORMAL` skips the fsync at each commit (WAL keeps the database consistent;
a power cut can lose the last messages, not the store): a message costs well under a millisecond.
A damaged file is kept aside (NAME.broken-TIMESTAMP) and a new store started, with the reason in `failure`.
One thread uses a store: SQLite connections stay on the thread that opened them.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from model.errors import PersonalStoreError
from model.files.atomic_file import keep_aside
from model.lexicon.personal_counts import MAX_TRIPLES, PersonalCounts, Triple, TripleCount

SCHEMA = """
CREATE TABLE IF NOT EXISTS triples (
    before TEXT NOT NULL, previous TEXT NOT NULL, word TEXT NOT NULL,
    sightings INTEGER NOT NULL, last_used REAL NOT NULL,
    PRIMARY KEY (before, previous, word)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS blocked (word TEXT PRIMARY KEY) WITHOUT ROWID;
"""
UPSERT = """
INSERT INTO triples (before, previous, word, sightings, last_used) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (before, previous, word) DO UPDATE SET sightings = excluded.sightings, last_used = excluded.last_used
"""


class PersonalStore:
    """The user's personal language in an SQLite file; opened (created when missing) by `open`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.failure: PersonalStoreError | None = None  # the store found damaged and kept aside at `open`
        self._connection: sqlite3.Connection | None = None

    def open(self, now: float | None = None) -> PersonalCounts:
        """Read the store into counts faded to `now` (pruned beyond MAX_TRIPLES, on disk too).

        A damaged file is kept aside and a new store started (`failure` says why); raises PersonalStoreError
        when no store can be opened or created at all (no permission, a full disk).
        """
        now = time.time() if now is None else now
        try:
            return self._read(now)
        except sqlite3.DatabaseError as error:
            self.close()
            if not self.path.exists() or isinstance(error, sqlite3.OperationalError) and "disk" in str(error):
                raise PersonalStoreError(self.path, str(error)) from error
            try:
                aside = keep_aside(self.path)
                for suffix in ("-wal", "-shm"):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            except OSError as move_error:
                raise PersonalStoreError(self.path, f"damaged ({error}) and cannot be moved aside") from move_error
            self.failure = PersonalStoreError(self.path, f"damaged ({error}); kept as {aside.name}, a new one started")
            try:
                return self._read(now)
            except sqlite3.DatabaseError as second_error:
                raise PersonalStoreError(self.path, str(second_error)) from second_error

    def _connect(self) -> sqlite3.Connection:
        """Open (or create) the database file with its tables."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = self._connection = sqlite3.connect(self.path, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("the integrity check failed")
        connection.executescript(SCHEMA)
        return connection

    def _read(self, now: float) -> PersonalCounts:
        connection = self._connect()
        counts = PersonalCounts()
        for before, previous, word, sightings, last_used in connection.execute("SELECT * FROM triples"):
            counts.add((before, previous, word), TripleCount(int(sightings), float(last_used)), now)
        counts.block([word for (word,) in connection.execute("SELECT word FROM blocked")])
        self.remove(counts.prune(MAX_TRIPLES))
        return counts

    def _write(self, statement: str, rows: list[tuple]) -> None:
        """Run one statement over `rows` in one transaction (a store erased is created again); PersonalStoreError
        if the disk refuses it."""
        if not rows:
            return
        try:
            if self._connection is None:
                self._connect()
            with self._connection:
                self._connection.execute("BEGIN")
                self._connection.executemany(statement, rows)
        except sqlite3.Error as error:
            raise PersonalStoreError(self.path, str(error)) from error

    def add(self, learned: list[tuple[Triple, TripleCount]]) -> None:
        """Keep learned triples with their new counts (one transaction)."""
        self._write(UPSERT, [(*triple, count.sightings, count.last_used) for triple, count in learned])

    def remove(self, triples: list[Triple]) -> None:
        """Delete pruned triples."""
        self._write("DELETE FROM triples WHERE before = ? AND previous = ? AND word = ?", triples)

    def block(self, word: str) -> None:
        """Keep `word` (lower case) off the suggestions for good."""
        self._write("INSERT OR IGNORE INTO blocked (word) VALUES (?)", [(word.lower(),)])

    def unblock_all(self) -> None:
        """Offer every blocked word again."""
        self._write("DELETE FROM blocked", [()])

    def close(self) -> None:
        """Close the database (a later `open` reopens it)."""
        if self._connection is not None:
            connection, self._connection = self._connection, None
            connection.close()

    def erase(self) -> None:
        """Delete the store and its WAL files (part of deleting all personal data; the next write starts a new
        one); raises OSError if one stays."""
        self.close()
        for path in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
            path.unlink(missing_ok=True)
