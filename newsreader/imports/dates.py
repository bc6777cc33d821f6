"""Dates as exports write them, read into ISO 8601 in UTC (the library's form,
``2024-01-02T09:00:00+00:00``).

Exports write epoch seconds (Pocket, Instapaper, Karakeep, Netscape ADD_DATE), epoch
milliseconds, ISO 8601 with or without offset and fraction (wallabag ``+0200``,
Omnivore ``.000Z``, Readwise ``2022-11-06 04:33:50+00:00``), RFC 2822 (e-mail and RSS
style), or a date alone. A time without an offset is taken as UTC. Anything else is
None: a bad date never costs the row.

(The PyPI package ``dateparser`` or ``python-dateutil`` would read more free-form
dates; the formats the exports use are all covered here.)
"""

from __future__ import annotations

import email.utils
import math
import re
from datetime import UTC, datetime

_DIGITS = re.compile(r"^-?\d+(?:\.\d+)?$")
# Epoch values above this are milliseconds (1e11 s is the year 5138).
_MILLIS_FROM = 1e11
# Far outside any saved article's life: 1970 to 2200.
_MIN, _MAX = 0, 7_258_118_400


def to_utc(value: object) -> str | None:
    """``value`` (a number, or text in any of the forms above) as ISO 8601 UTC, or None."""
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
        return moment.astimezone(UTC).isoformat(timespec="seconds")
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


def _from_epoch(number: float) -> str | None:
    if not math.isfinite(number):
        return None
    if abs(number) >= _MILLIS_FROM:
        number /= 1000
    if not _MIN < number < _MAX:  # 0 is "no date" in Pocket and bookmark files
        return None
    return datetime.fromtimestamp(number, UTC).isoformat(timespec="seconds")
