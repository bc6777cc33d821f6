"""What turns one ordered list of article ids into another: which ids leave, in
which order those that stay are, and which come in where. Used by the list's
``refresh`` to change only what differs; knows nothing of Qt."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IdsDiff:
    """From ``old`` to ``new`` (lists of distinct ids): remove ``gone``, reorder what
    is left into ``kept`` if ``moved``, then insert each of ``added`` (position in
    ``new``, id), in the order given, to get ``new``."""

    gone: list[int]  # in old but not in new, in old's order
    kept: list[int]  # in both, in new's order
    moved: bool  # whether kept's order differs from old's
    added: list[tuple[int, int]]  # (position in new, id), positions ascending

    @property
    def empty(self) -> bool:
        return not self.gone and not self.moved and not self.added


def diff_ids(old: list[int], new: list[int]) -> IdsDiff:
    """The diff from ``old`` to ``new``; ids are assumed distinct within each list.
    Linear in the lengths of both."""
    new_set = set(new)
    old_set = set(old)
    gone = [i for i in old if i not in new_set]
    kept = [i for i in new if i in old_set]
    moved = kept != [i for i in old if i in new_set]
    added = [(p, i) for p, i in enumerate(new) if i not in old_set]
    return IdsDiff(gone, kept, moved, added)


def runs(positions: list[int]) -> list[tuple[int, int]]:
    """Ascending ``positions`` grouped into runs of adjacent ones, each as (first,
    last), in order: [1, 2, 3, 7, 9, 10] gives [(1, 3), (7, 7), (9, 10)]."""
    found: list[tuple[int, int]] = []
    for position in positions:
        if found and found[-1][1] == position - 1:
            found[-1] = (found[-1][0], position)
        else:
            found.append((position, position))
    return found
