"""What the library list shows: a view (Unread, Favorites, Archive, All or Saves),
narrowed by a tag or replaced by a search, in an order."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from newsreader.library.models import ArticleSummary


class View(enum.Enum):
    UNREAD = "unread"
    FAVORITES = "favorites"
    ARCHIVE = "archive"
    ALL = "all"
    SAVES = "saves"  # saves in flight and failed ones, no articles


@dataclass(frozen=True)
class ListQuery:
    view: View = View.UNREAD
    tag: str | None = None
    order: str = "saved"
    search: str = ""

    @property
    def saves(self) -> bool:
        """Whether this is the Saves view (a search lists articles, whatever the view)."""
        return self.view is View.SAVES and not self.search.strip()

    def filters(self) -> dict:
        """The view as ``Library.list_ids`` filters: state, tag and favourite."""
        return {
            "state": {View.UNREAD: "unread", View.ARCHIVE: "archived"}.get(self.view, "all"),
            "tag": self.tag,
            "favorite": True if self.view is View.FAVORITES else None,
        }

    def admits(self, summary: ArticleSummary) -> bool:
        """Whether the view lists ``summary``: the rule of ``Library.in_view``, for a
        summary the library does not hold yet. A search lists what it found."""
        if self.search.strip():
            return True
        if self.view is View.SAVES:
            return False
        f = self.filters()
        return (
            (f["state"] == "all" or summary.state == f["state"])
            and (f["favorite"] is None or summary.favorite == f["favorite"])
            and (not f["tag"] or f["tag"] in summary.tags)
        )
