"""The numbers written in a text, as values, so that two passages can be checked for
contradicting figures whatever script and separators each writes them with.

A fuzzy match of a highlight's quote (library/anchoring.py) may leave out, add or
change words, but it may not pin "prices rose 5% in 2023" on "prices rose 15% in
2024": that is another claim. ``agree`` says whether a passage's numbers can be the
quoted ones.

A numeral is a run of decimal digits of any script (what ``str.isdecimal`` and
``unicodedata.decimal`` take: ASCII, Arabic-Indic U+0660-0669, Devanagari
U+0966-096F, fullwidth U+FF10-FF19 …; not the superscripts and circled digits
``str.isdigit`` also takes, which are exponents, footnote marks and list markers),
with the marks written inside numbers: ``.``, ``,`` and U+066B ARABIC DECIMAL
SEPARATOR as decimal or group marks, the apostrophes U+0027 and U+2019 and U+066C
ARABIC THOUSANDS SEPARATOR as group marks, and a space (also a no-break or thin one)
before exactly three digits after a leading group of one to three, as "12 500" is
written in Norwegian, French or SI style. A minus sign (U+002D or U+2212) right
before the digits, not after a letter, digit or mark, is the number's sign
("2020-2023" and "COVID-19" have none). A per cent sign is not part of the value:
"5 %", "5%" and "5 prosent" are the same figure, and words may change in a fuzzy
match.

Which mark is the decimal one, given that groups are of three digits as in CLDR's
number patterns (https://cldr.unicode.org/translation/numbers-currency/number-patterns;
the Indian "1,00,000" repeats its mark, so it groups too): a mark written more than
once groups; the last of ``.`` and ``,`` is the decimal mark when another mark comes
before it ("1.234,5", "1,234.5" and "1 234,5" are 1234.5); a single mark is a decimal
mark ("1,5" and "1.5" are 1.5) unless exactly three digits follow it and one to three
digits, not all zeros, come before it ("1.500" and "1,500" are 1500, "0,500" is 0.5).
A guess either way is harmless when both passages spell the figure alike, which is
what matters here. Qt-free and pure.
"""

from __future__ import annotations

import re
import unicodedata

# Marks that may be a decimal separator, and those that only group digits.
_DECIMAL_MARKS = ".,\u066b"
_GROUP_MARKS = "'\u2019\u066c"
_SPACES = " \u00a0\u2009\u202f"  # space, no-break, thin, narrow no-break
_MARK = f"[{re.escape(_DECIMAL_MARKS + _GROUP_MARKS)}]"
# ``\d`` in a str pattern is any Unicode decimal digit (category Nd), as isdecimal.
# Spaces group only after a leading group of one to three digits ("in 2023 100
# people" is two numbers).
_DIGITS = rf"\d{{1,3}}(?:[{_SPACES}]\d{{3}}(?!\d))+(?:{_MARK}\d+)*|\d+(?:{_MARK}\d+)*"
_NUMERAL = re.compile(rf"(?P<minus>(?<![\w.,])[-\u2212])?(?P<digits>{_DIGITS})")
# How far before and after a passage numerals are read, to take whole those it cuts.
_LOOK_AROUND = 64
_SEPARATOR = re.compile(f"({_MARK}|[{_SPACES}])")


def _ascii(digits: str) -> str:
    return "".join(str(unicodedata.decimal(character)) for character in digits)


def value(numeral: str, minus: bool = False) -> str:
    """The value of ``numeral`` (digits with their marks, as ``numbers`` finds them)
    written plainly: ASCII digits, no leading or trailing zeros, ``.`` as the decimal
    point, ``-`` for a negative value ("1 234,50" → "1234.5", "٢٠٢٣" → "2023")."""
    parts = _SEPARATOR.split(numeral)
    groups, marks = parts[0::2], parts[1::2]
    decimal: int | None = None  # index in marks of the decimal mark, if there is one
    candidates = [i for i, mark in enumerate(marks) if mark in _DECIMAL_MARKS]
    if candidates:
        at = candidates[-1]
        mark = marks[at]
        if mark == "\u066b":  # ARABIC DECIMAL SEPARATOR: never a group mark
            decimal = at
        elif marks.count(mark) == 1:
            after_other_marks = any(other != mark for other in marks[:at])
            leading = groups[0]
            grouping = len(groups[at + 1]) == 3 and 0 < len(leading) <= 3
            grouping = grouping and bool(leading.strip("0"))
            if after_other_marks or not grouping:
                decimal = at
    if decimal is None:
        whole, fraction = "".join(groups), ""
    else:
        whole, fraction = "".join(groups[: decimal + 1]), "".join(groups[decimal + 1 :])
    whole = _ascii(whole).lstrip("0") or "0"
    fraction = _ascii(fraction).rstrip("0")
    written = whole + ("." + fraction if fraction else "")
    return "-" + written if minus and written != "0" else written


def numbers(text: str) -> list[str]:
    """The values (see ``value``) of the numerals in ``text``, in the order written."""
    return [
        value(match.group("digits"), bool(match.group("minus")))
        for match in _NUMERAL.finditer(text)
    ]


# A numeral this close to a passage's ends (characters) counts as the passage's.
_BESIDE = 2


def numbers_at(text: str, start: int, end: int) -> list[str]:
    """``numbers`` of the passage ``text[start:end]``, taking whole every numeral it
    cuts and any beside it (up to _BESIDE characters away): a fuzzy alignment ends
    short of a figure at the passage's end whose characters changed ("4,5" written
    "4.5", "٢٠٢٣" written "2023" have no run of agreeing characters), and that
    figure is still the passage's."""
    low = max(0, start - _LOOK_AROUND)
    return [
        value(match.group("digits"), bool(match.group("minus")))
        for match in _NUMERAL.finditer(text, low, end + _LOOK_AROUND)
        if match.end() + _BESIDE > start and match.start() < end + _BESIDE
    ]


def agree(quoted: list[str], found: list[str]) -> bool:
    """Whether a passage with the numbers ``found`` can be the one quoted with the
    numbers ``quoted`` (both from ``numbers``): when either has none (words may stand
    for figures: "five per cent"), or when every quoted number is in the passage, in
    the same order, with perhaps others between (a figure added is an edit; one
    figure in place of another, the same figures swapped, or a quoted figure gone
    is not the passage that was quoted)."""
    if not quoted or not found:
        return True
    remaining = iter(found)
    return all(number in remaining for number in quoted)
