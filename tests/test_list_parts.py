"""The Qt-free parts of the library list (list_model's split): the diff ``refresh``
applies, runs of rows, the pending rows' order, the changes not yet stored, a
query's rule against the library's, and the title collation; then ``refresh`` on a
real library under Qt's model tester."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel

from newsreader.library import failed_saves
from newsreader.saver import SaveState
from newsreader.ui.list_diff import diff_ids, runs
from newsreader.ui.list_model import ArticleListModel, IdRole
from newsreader.ui.list_query import ListQuery, View
from newsreader.ui.pending_rows import PendingRows, PendingSave
from newsreader.ui.title_collation import title_ranks
from newsreader.ui.unstored_changes import UnstoredChanges
from tests.test_library import content
from tests.test_polish import norwegian  # noqa: F401  (the fixture)


def _apply(old: list[int], new: list[int]) -> list[int]:
    """``old`` changed step by step as ``refresh`` does, by the diff."""
    diff = diff_ids(old, new)
    ids = [i for i in old if i not in set(diff.gone)]
    if diff.moved:
        assert sorted(ids) == sorted(diff.kept)
        ids = list(diff.kept)
    else:
        assert ids == diff.kept
    for position, article_id in diff.added:
        ids.insert(position, article_id)
    return ids


CASES = [
    ([], []),
    ([], [1, 2, 3]),
    ([1, 2, 3], []),
    ([1, 2, 3], [1, 2, 3]),
    ([1, 2, 3], [9, 1, 2, 3]),  # one on top
    ([1, 2, 3], [8, 9, 1, 2, 3]),  # two on top
    ([1, 2, 3], [1, 2, 3, 4]),  # one at the end
    ([1, 2, 3, 4, 5], [1, 3, 5]),  # deletes between
    ([1, 2, 3], [3, 1, 2]),  # the last moved to the top
    ([1, 2, 3, 4], [4, 3, 2, 1]),  # reversed
    ([1, 2, 3, 4, 5], [6, 5, 2, 7, 1]),  # all at once
    ([5, 6], [1, 2, 3]),  # nothing in common
    (list(range(200)), [500, *range(199, -1, -2), 501]),
]


@pytest.mark.parametrize(("old", "new"), CASES)
def test_the_diff_turns_the_old_ids_into_the_new(old, new):
    assert _apply(old, new) == new
    diff = diff_ids(old, new)
    assert diff.empty == (old == new)
    assert set(diff.gone) == set(old) - set(new)
    assert [i for _, i in diff.added] == [i for i in new if i not in set(old)]


def test_the_diff_says_exactly_what_changed():
    top = diff_ids([1, 2, 3], [9, 1, 2, 3])
    assert (top.gone, top.kept, top.moved, top.added) == ([], [1, 2, 3], False, [(0, 9)])
    moved = diff_ids([1, 2, 3], [3, 1, 2])
    assert (moved.gone, moved.kept, moved.moved, moved.added) == ([], [3, 1, 2], True, [])
    # A delete alone is no move: what is left keeps its order.
    deleted = diff_ids([1, 2, 3, 4], [1, 4])
    assert (deleted.gone, deleted.kept, deleted.moved, deleted.added) == ([2, 3], [1, 4], False, [])
    mixed = diff_ids([1, 2, 3, 4, 5], [6, 5, 2, 7, 1])
    assert mixed.gone == [3, 4]
    assert mixed.kept == [5, 2, 1] and mixed.moved
    assert mixed.added == [(0, 6), (3, 7)]
    nothing = diff_ids([], [])
    assert nothing.empty and (nothing.gone, nothing.kept, nothing.added) == ([], [], [])


@pytest.mark.parametrize(
    ("positions", "expected"),
    [
        ([], []),
        ([4], [(4, 4)]),
        ([0, 1, 2], [(0, 2)]),
        ([1, 2, 3, 7, 9, 10], [(1, 3), (7, 7), (9, 10)]),
        ([0, 2, 4], [(0, 0), (2, 2), (4, 4)]),
    ],
)
def test_positions_make_runs_of_adjacent_rows(positions, expected):
    assert runs(positions) == expected


def _place(rows: PendingRows, pending: PendingSave) -> None:
    rows.insert(rows.place_of(pending), pending)


def test_pending_rows_keep_saves_in_flight_above_the_failed_ones():
    rows = PendingRows()
    failed = PendingSave("https://a.example/1", SaveState.FAILED, "404")
    _place(rows, failed)
    _place(rows, PendingSave("https://a.example/2"))
    _place(rows, PendingSave("https://a.example/3", SaveState.FETCHING))
    _place(rows, PendingSave("https://a.example/4", SaveState.FAILED, "timeout"))
    assert [p.url[-1] for p in rows] == ["2", "3", "1", "4"]
    assert rows.row_of("https://a.example/3") == 1
    assert rows.of("https://a.example/4").detail == "timeout"
    assert rows.row_of("https://a.example/9") is None and rows.of("https://a.example/9") is None
    # One that fails moves below those in flight, after the failed ones.
    row = rows.row_of("https://a.example/2")
    old = rows[row]
    new = PendingSave(old.url, SaveState.FAILED, "500")
    assert rows.moves(old, new)
    rows.take(row)
    _place(rows, new)
    assert [p.url[-1] for p in rows] == ["3", "1", "4", "2"]
    # Tried again: back among those in flight, after the last of them.
    retried = PendingSave("https://a.example/1")
    assert rows.moves(rows.of(retried.url), retried)
    rows.take(rows.row_of(retried.url))
    _place(rows, retried)
    assert [p.url[-1] for p in rows] == ["3", "1", "4", "2"]
    assert [p.failed for p in rows] == [False, False, True, True]
    # A change within its group does not move it.
    assert not rows.moves(rows[0], PendingSave(rows[0].url, SaveState.STORING))
    rows.put(0, PendingSave(rows[0].url, SaveState.STORING))
    assert rows[0].state is SaveState.STORING and len(rows) == 4


def test_a_pending_row_is_found_by_the_key_of_its_address():
    rows = PendingRows()
    _place(rows, PendingSave("https://user:secret@Example.NO/a/1"))
    _place(rows, PendingSave("https://example.no/a/2"))
    found = rows.of_key(failed_saves.key_of("https://example.no/a/1"))
    assert found is not None and found.url == "https://user:secret@Example.NO/a/1"
    assert found.address == "https://Example.NO/a/1"  # shown without the password
    assert rows.of_key(failed_saves.key_of("https://example.no/a/3")) is None


def test_a_recorded_failure_becomes_a_failed_row(library):
    library.record_failed_save(
        "ftp://example.no/fil", failed_saves.UNSUPPORTED_SCHEME, "Unsupported scheme"
    )
    (record,) = library.failed_saves()
    pending = PendingSave.of_record(record)
    assert pending.failed and pending.recorded and not pending.active
    assert (pending.url, pending.kind, pending.detail) == (
        "ftp://example.no/fil",
        failed_saves.UNSUPPORTED_SCHEME,
        "Unsupported scheme",
    )
    assert (pending.attempts, pending.failed_at) == (1, record.failed_at)
    assert not pending.retryable and not pending.cancellable


def test_unstored_changes_show_over_what_the_library_says(library):
    first = library.save(content(1)).article_id
    second = library.save(content(2)).article_id
    a, b = library.summaries([first, second])
    changes = UnstoredChanges()
    assert not changes and first not in changes and changes.over(a) is a
    changes.add(first, {"state": "archived"})
    changes.add(first, {"favorite": True})
    changes.add(first, {"state": "unread", "tags": ("fjell",)})  # the later one wins
    assert changes and first in changes and second not in changes
    assert list(changes) == [first]
    shown = changes.over(a)
    assert (shown.state, shown.favorite, shown.tags) == ("unread", True, ("fjell",))
    assert shown.title == a.title and changes.over(b) is b
    changes.drop(first)
    changes.drop(second)  # none: nothing happens
    assert not changes and changes.over(a) is a


QUERIES = [
    ListQuery(view=View.UNREAD),
    ListQuery(view=View.ARCHIVE),
    ListQuery(view=View.FAVORITES),
    ListQuery(view=View.ALL),
    ListQuery(view=View.ALL, tag="fjell"),
    ListQuery(view=View.UNREAD, tag="hav"),
    ListQuery(view=View.FAVORITES, tag="fjell"),
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.view.value}-{q.tag}")
def test_a_query_admits_what_the_library_lists(library, query):
    ids = [library.save(content(n)).article_id for n in range(6)]
    library.set_state(ids[1], "archived")
    library.set_state(ids[2], "archived")
    library.set_favorite(ids[2], True)
    library.set_favorite(ids[3], True)
    library.add_tags(ids[3], ["fjell"])
    library.add_tags(ids[4], ["hav", "fjell"])
    library.add_tags(ids[2], ["fjell"])
    listed = set(library.list_ids(**query.filters(), order="saved"))
    for summary in library.summaries(ids):
        assert query.admits(summary) == (summary.id in listed)
        assert query.admits(summary) == library.in_view(summary.id, **query.filters())
    assert listed  # each query lists something, so the check above means something
    assert not ListQuery(view=View.SAVES).admits(library.summaries([ids[0]])[0])
    assert ListQuery(view=View.SAVES).saves and not ListQuery(View.SAVES, search="x").saves
    assert ListQuery(view=View.ARCHIVE, search="blåbær").admits(library.summaries([ids[0]])[0])


def test_titles_rank_by_the_collation_and_equal_titles_by_id(norwegian):  # noqa: F811
    titles = {
        7: "Ærlig talt",
        3: "«Avis»",
        5: "zebra",
        1: "ål",
        2: "Avis",
        9: "avis 10",
        4: "avis 9",
    }
    ranks = title_ranks(titles)
    order = sorted(ranks, key=ranks.__getitem__)
    # Case and punctuation ignored (equal, so by id), numbers by value, æ and å after z.
    assert order == [2, 3, 4, 9, 5, 7, 1]
    assert sorted(ranks.values()) == list(range(len(titles)))
    assert title_ranks({}) == {}


def _ids(model: ArticleListModel) -> list[int]:
    return [model.index(r).data(IdRole) for r in range(model.rowCount())]


def test_refresh_applies_deletes_moves_and_inserts_in_place(qtmodeltester, library):
    ids = [library.save(content(n, title=f"T{n:02}")).article_id for n in range(8)]
    model = ArticleListModel(library)
    model.set_query(ListQuery(view=View.ALL, order="saved"))
    qtmodeltester.check(model)
    selection = QItemSelectionModel(model)
    keep = ids[2]
    selection.setCurrentIndex(
        model.index(model.row_of(keep)), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    assert not model.refresh()  # nothing changed
    # Elsewhere: two deleted, one saved, one archived (still in All), then by title.
    library.delete([ids[0], ids[5]])
    new = library.save(content(20, title="T00 ny")).article_id
    library.set_state(ids[3], "archived")
    assert model.refresh()
    assert _ids(model) == library.list_ids("all", order="saved")
    assert new in _ids(model) and ids[0] not in _ids(model)
    assert selection.currentIndex().data(IdRole) == keep
    model.set_query(ListQuery(view=View.UNREAD, order="saved"))
    library.set_state(ids[3], "unread")
    library.set_state(ids[1], "archived")
    assert model.refresh()
    assert _ids(model) == library.list_ids("unread", order="saved")
    assert ids[3] in _ids(model) and ids[1] not in _ids(model)
