"""Other services' highlight positions as W3C Web Annotation selectors
(https://www.w3.org/TR/annotation-model/#selectors), the form the library keeps in
``highlights.selectors`` and an export gives back.

wallabag (annotator.js ranges: an XPath to the start and end element with a character
offset in each) and Readeck (the same idea, ``start_selector``/``start_offset``)
become a RangeSelector whose start and end are XPathSelectors refined by a
TextPositionSelector at the offset; the quote is a TextQuoteSelector.
"""

from __future__ import annotations


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _point(xpath: object, offset: object) -> dict:
    point: dict = {"type": "XPathSelector", "value": str(xpath)}
    at = _int(offset)
    if at is not None:
        point["refinedBy"] = {"type": "TextPositionSelector", "start": at, "end": at}
    return point


def xpath_range(
    start: object, start_offset: object, end: object, end_offset: object
) -> dict | None:
    if not start or not end:
        return None
    return {
        "type": "RangeSelector",
        "startSelector": _point(start, start_offset),
        "endSelector": _point(end, end_offset),
    }


def quote(exact: str) -> dict:
    return {"type": "TextQuoteSelector", "exact": exact}
