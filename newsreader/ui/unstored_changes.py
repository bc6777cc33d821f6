"""Changes the window made to articles that the library has not stored yet (see
``library_writer``): the list shows them at once, over what the library says,
until they are settled. Knows nothing of Qt."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from newsreader.library.models import ArticleSummary


class UnstoredChanges:
    """Per article id, the ``ArticleSummary`` fields (state, favorite, read_at, tags)
    changed and not yet stored; later changes of a field replace earlier ones."""

    def __init__(self) -> None:
        self._fields: dict[int, dict[str, object]] = {}

    def __bool__(self) -> bool:
        return bool(self._fields)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._fields

    def __iter__(self) -> Iterator[int]:
        """The ids of the articles with changes."""
        return iter(self._fields)

    def add(self, article_id: int, fields: dict[str, object]) -> None:
        """Record ``fields`` as changed. A name that is not a field of ArticleSummary
        raises TypeError when applied (``over``)."""
        self._fields.setdefault(article_id, {}).update(fields)

    def drop(self, article_id: int) -> None:
        """Forget the changes of ``article_id`` (stored or refused); none is fine."""
        self._fields.pop(article_id, None)

    def over(self, summary: ArticleSummary) -> ArticleSummary:
        """``summary`` with its article's changes applied (itself when there are none)."""
        fields = self._fields.get(summary.id)
        return replace(summary, **fields) if fields else summary
