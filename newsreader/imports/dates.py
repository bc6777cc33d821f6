"""Dates as exports write them, read into ISO 8601 in UTC (the library's form,
``2024-01-02T09:00:00+00:00``).

Exports write epoch seconds (Pocket, Instapaper, Karakeep, Netscape ADD_DATE), epoch
milliseconds, ISO 8601 with or without offset and fraction (wallabag ``+0200``,
Omnivore ``.000Z``, Readwise ``2022-11-06 04:33:50+00:00``), RFC 2822 (e-mail and RSS
style), or a date alone. A time without an offset is taken as UTC. Anything else is
None: a bad date never costs the row.

A date outside 1970-2200 is None, whichever way it is written (``0001-01-01`` and
``9999-12-31`` are placeholders, as is epoch 0). So is one more than a day after now
(``FUTURE_SLACK``): an export records what already happened (a save, a read, a
highlight), so a later date is a wrong clock or a placeholder such as a bookmark's
``ADD_DATE=4102444800`` (2100), and the importer then takes the import's own time.
A page's publication date may be announced ahead: readers pass ``future=True``.

(The PyPI package ``dateparser`` or ``python-dateutil`` would read more free-form
dates; the formats the exports use are all covered here.)
"""

from __future__ import annotations

import email.utils
import math
import re
import time
from datetime import UTC, datetime

_DIGITS = re.compile(r"^-?\d+(?:\.\d+)?$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Epoch values above this are milliseconds (1e11 s is the year 5138).
_MILLIS_FROM = 1e11
# Far outside any saved article's life: 1970 to 2200.
_MIN, _MAX = 0, 7_258_118_400
# Clocks and time zones differ: a date this far ahead of now is still taken.
FUTURE_SLACK = 24 * 3600


def to_utc(value: object, *, future: bool = False) -> str | None:
    """``value`` (a number, or text in any of the forms above) as ISO 8601 UTC, or None
    (unreadable, outside 1970-2200, or, unless ``future``, after now and a day)."""
    seconds = _seconds(value)
    if seconds is None or not _MIN < seconds < _MAX:  # 0 is "no date" in Pocket and bookmarks
        return None
    if not future and seconds > time.time() + FUTURE_SLACK:
        return None
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")


def date_or_time(value: object) -> str | None:
    """A publication date as the library stores a save's (``YYYY-MM-DD``) kept as that
    date; anything else as ``to_utc(value, future=True)`` (a page may be dated ahead)."""
    if isinstance(value, str) and _DATE.fullmatch(value.strip()):
        day = value.strip()
        return day if to_utc(day, future=True) else None
    return to_utc(value, future=True)


def _seconds(value: object) -> float | None:
    """``value`` as seconds since the epoch (UTC), or None if it is not a date."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    if _DIGITS.match(text):
        return _from_epoch(float(text))
    moment = _iso(text)
    if moment is None:
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.timestamp()
    except (OverflowError, ValueError):
        return None


def _iso(text: str) -> datetime | None:
    candidate = text.replace("Z", "+00:00").replace("z", "+00:00")
    # fromisoformat takes at most 6 fraction digits; some exports write 7 or 9.
    candidate = re.sub(r"(\.\d{6})\d+", r"\1", candidate)
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        return None


def _from_epoch(number: float) -> float | None:
    if not math.isfinite(number):
        return None
    return number / 1000 if abs(number) >= _MILLIS_FROM else number
