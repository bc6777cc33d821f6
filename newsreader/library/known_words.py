"""The words a process knows to be in a library's dictionary (``search_terms``), so that
saving an article looks up in the database only the words it has not met before.

Looking every word of an article up in the dictionary was most of what the dictionary
cost a save (benchmarks/save_speed.py: about 0.8 of 1.1 ms a save, once the library
holds most words). A word is known here only once the transaction that found it stored,
or stored it, has committed (``Database.after_commit``), so a rollback never leaves a
word known that is not stored. Words leave the dictionary only when it is rebuilt
(``search_index.rebuild``, in this process or another: ``check --repair``, a migration),
which counts up the dictionary's generation in the database: knowledge of another
generation is dropped.

Memory is bounded by ``LIMIT`` words in two generations of sets: words enter the young
one; when it holds half the limit it becomes the old one and the previous old one is
dropped; a word of the old set met again moves to the young one. So the words met often
(most of any article) stay known, and a word dropped is only looked up again.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Set

# Words known per library: a word takes about 110 bytes in these sets (100,531 words took
# 11.0 MB, measured with tracemalloc), so at most about 22 MB; only a process that saves
# that many different words (a big import) comes near it. Building the 100,000-article
# benchmark library (71,690 words) saved 450 articles/s with this limit, 345/s with half
# of it: a word dropped is looked up again, and in a large library that reads pages of
# the dictionary from the file (docs/benchmarks.md, "Saving with the search dictionary").
LIMIT = 200_000


class KnownWords:
    """Words known to be stored in one library's dictionary, by stemmer language,
    under one generation of it. Thread-safe."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._young: dict[str, set[str]] = {}
        self._old: dict[str, set[str]] = {}
        self._young_size = 0

    def __len__(self) -> int:
        with self._lock:
            return sum(map(len, self._young.values())) + sum(map(len, self._old.values()))

    def unknown(self, generation: int, language: str, words: Set[str]) -> set[str]:
        """Those of ``words`` (of stemmer ``language``) not known to be stored in the
        dictionary of ``generation``; a new generation forgets every word."""
        with self._lock:
            if generation != self._generation:
                self._forget(generation)
                return set(words)
            missing = words - self._young.get(language, set())
            old = self._old.get(language)
            if old and missing:
                again = missing & old
                if again:
                    missing -= again
                    self._add(language, again)
            return missing

    def learn(self, generation: int, language: str, words: Set[str]) -> None:
        """Remember that ``words`` are stored in the dictionary of ``generation`` (call
        only once that is committed); nothing if this knows another generation."""
        with self._lock:
            if generation == self._generation:
                self._add(language, words)

    def _forget(self, generation: int | None) -> None:
        self._generation = generation
        self._young, self._old, self._young_size = {}, {}, 0

    def _add(self, language: str, words: Set[str]) -> None:
        young = self._young.setdefault(language, set())
        before = len(young)
        young |= words
        self._young_size += len(young) - before
        if self._young_size >= self.limit // 2:
            self._old, self._young, self._young_size = self._young, {}, 0


_of_database: weakref.WeakKeyDictionary[object, KnownWords] = weakref.WeakKeyDictionary()
_of_database_lock = threading.Lock()


def of(db: object) -> KnownWords:
    """The known words of the library open as ``db`` (a Database: one per library
    object, shared by its threads; gone with it)."""
    with _of_database_lock:
        known = _of_database.get(db)
        if known is None:
            known = _of_database[db] = KnownWords()
        return known
