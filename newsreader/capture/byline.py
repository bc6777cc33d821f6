"""The visible byline: who wrote the article and when, as the page shows it under its
headline; and author names cleaned of what bylines glue to them.

``read_byline`` reads the lines between the headline and the first paragraph of prose
("Publisert 3. mars 2026", "Skrevet av Kari Hansen", "By Ann Berg | March 3, 2026",
``<time datetime>``) and tells the published and updated dates apart by their labels,
in the languages of the corpus and of our readers. Month names are read by
``dateparser``, through the parser htmldate already keeps for trafilatura.

Authors found in the byline are cleaned by ``authors.clean_author``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lxml import etree

from newsreader.capture.authors import PREFIXES, clean_author, looks_like_name
from newsreader.capture.dom import PROSE_MIN_WORDS, is_prose, tokens
from newsreader.capture.metadata import iso_date
from newsreader.capture.text import prose_words

# The byline zone ends after this much text: a headline at the top of a page full of
# menus must not read the menus.
ZONE_MAX_CHARS = 600


@dataclass(frozen=True)
class Byline:
    authors: tuple[str, ...] = ()
    published: str | None = None  # YYYY-MM-DD
    updated: str | None = None


# --- the zone under the headline ----------------------------------------------------------------
_SKIPPED = frozenset(("script", "style", "noscript", "template", "nav", "button", "svg"))
_AUTHOR_TOKENS = frozenset(
    [
        "author",
        "authors",
        "byline",
        "writer",
        "creator",
        "reporter",
        "forfatter",
        "autor",
        "auteur",
        "autore",
        "autora",
        "autorin",
        "kirjoittaja",
    ]
)


@dataclass
class _Zone:
    lines: list[str]  # text of each element in the zone, in reading order
    times: list[tuple[str, str]]  # (label text before it, datetime) of <time> elements
    names: list[str]  # text of elements marked as the author


# The elements after the headline, in reading order (found in C; the zone ends early).
ZONE_MAX_ELEMENTS = 80
_FOLLOWING = etree.XPath(f"following::*[position() <= {ZONE_MAX_ELEMENTS}]")


def _zone(heading: etree._Element) -> _Zone:
    """The text between the headline and the first paragraph of prose."""
    zone = _Zone([], [], [])
    size = 0
    tail = " ".join((heading.tail or "").split())
    if tail:
        zone.lines.append(tail)
    skipped: etree._Element | None = None
    for element in _FOLLOWING(heading):
        if not isinstance(element.tag, str):
            continue
        if skipped is not None and skipped in element.iterancestors():
            continue
        if element.tag in _SKIPPED:
            skipped = element
            continue
        # Prose ends the zone: a paragraph, or any element with a sentence of its own
        # (articles written straight into a <div>).
        if prose_words(element.text or "") >= PROSE_MIN_WORDS or (
            element.tag == "p" and is_prose(element)
        ):
            break
        own = " ".join(((element.text or "") + " " + (element.tail or "")).split())
        own = own[: ZONE_MAX_CHARS - size]
        if element.tag == "time" and element.get("datetime"):
            # Its label: what came just before it, and its own words before the date.
            label = (zone.lines[-1][-30:] if zone.lines else "") + " " + (element.text or "")
            zone.times.append((label, element.get("datetime")))
        marked = element.get("rel") == "author" or element.get("itemprop") == "author"
        if marked or not _AUTHOR_TOKENS.isdisjoint(tokens(element)):
            name = _lines_of(element)
            if 0 < len(name) <= 120:
                zone.names.append(name)
        if own:
            zone.lines.append(own)
            size += len(own)
            if size >= ZONE_MAX_CHARS:
                break
    return zone


_BREAKS = frozenset(("br", "p", "div", "li", "time", "address"))


def _lines_of(element: etree._Element) -> str:
    """An element's text with " | " where a line breaks (``<br>``, blocks, ``<time>``):
    "Kari Hansen<br>Publisert 3. mars" reads "Kari Hansen | Publisert 3. mars"."""
    parts = [element.text or ""]
    for child in element.iter(etree.Element):
        if child is element:
            continue
        if child.tag in _BREAKS:
            parts.append(" | ")
        parts.append(child.text or "")
        parts.append(child.tail or "")
    return " ".join("".join(parts).split()).strip(" |")


# --- dates ---------------------------------------------------------------------------------------
_UPDATED_WORDS = (
    r"oppdatert|updated|update|aktualisiert|geändert|mis à jour|modifié|actualizado|"
    r"aggiornato|päivitetty|zaktualizowano|uppdaterad|opdateret|bijgewerkt|last modified|"
    r"modified|edited|endret|sist endret"
)
# The label right before a date: "Oppdatert 5. mars", "Updated: March 5".
_UPDATED = re.compile(rf"(?:{_UPDATED_WORDS})\W*$", re.I)
_UPDATED_ANYWHERE = re.compile(rf"\b(?:{_UPDATED_WORDS})\b", re.I)
_DATE_PATTERNS = (
    # 3 de marzo de 2026, 3 de março de 2026
    ("dmy-word", re.compile(r"\b(\d{1,2})\s+de\s+([^\W\d_]{3,})\.?\s+(?:de\s+)?(\d{4})\b")),
    # 3. mars 2026, 3 March 2026, 3. März 2026
    ("dmy-word", re.compile(r"\b(\d{1,2})\.?\s+([^\W\d_]{3,}\.?)\s+(\d{4})\b")),
    # March 3, 2026; Mar. 3rd 2026
    ("mdy-word", re.compile(r"\b([^\W\d_]{3,}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")),
    # 2026-03-03
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    # 3.3.2026, 03.03.2026
    ("dmy-dots", re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")),
    # 3/3/2026: day first, unless the language writes the month first or the day is > 12
    ("slashes", re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")),
)
_MONTH_FIRST_LANGUAGES = frozenset(("en",))
_YEAR = re.compile(r"\d{4}")


def _month_word_date(text: str) -> str | None:
    """A date with a month name ("3. mars 2026"), read by htmldate's own patterns (month
    names of English, French, German, Indonesian, Turkish and their neighbours, in one
    regular expression), else by dateparser through the parser htmldate keeps for
    trafilatura's date search: month names of each language are loaded once per worker,
    and the common ones never cost dateparser's two milliseconds."""
    try:
        from htmldate.extractors import get_external_parser, regex_parse

        parsed = regex_parse(text) or get_external_parser().get_date_data(text)["date_obj"]
    except ImportError:  # pragma: no cover - an htmldate without these helpers
        import dateparser

        parsed = dateparser.parse(text, settings={"STRICT_PARSING": True})
    except Exception:  # dateparser raises its own assortment on odd input
        return None
    return parsed.date().isoformat() if parsed is not None else None


def _numeric_date(year: str, month: str, day: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


# At most this many dates with month names are read per byline (each costs dateparser
# a millisecond or more): a byline has one or two.
MONTH_WORD_DATES_MAX = 6


def _dates_in(line: str, languages: list[str], budget: list[int]) -> list[tuple[int, str]]:
    """(position, YYYY-MM-DD) of every date written in ``line``; ``budget`` holds how
    many month-name dates may still be read (it is counted down)."""
    found: list[tuple[int, str]] = []
    if not _YEAR.search(line):  # every form read here has a four-digit year
        return found
    taken: list[range] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(line):
            if any(match.start() in span for span in taken):
                continue
            a, b, c = match.groups()
            if kind in ("dmy-word", "mdy-word"):
                if budget[0] <= 0:
                    continue
                budget[0] -= 1
                value = _month_word_date(match.group(0))
            elif kind == "iso":
                value = _numeric_date(a, b, c)
            elif kind == "dmy-dots":
                value = _numeric_date(c, b, a)
            else:
                month_first = int(b) > 12 or (
                    int(a) <= 12 and languages[0] in _MONTH_FIRST_LANGUAGES
                )
                value = _numeric_date(c, a, b) if month_first else _numeric_date(c, b, a)
            if value:
                found.append((match.start(), value))
                taken.append(range(match.start(), match.end()))
    return sorted(found)


# --- authors in the byline ------------------------------------------------------------------
# "By Ann Berg |", "Av Kari Hansen 3. mars", "Par Jean Dupont, publié le…": the name
# runs to a separator, a date, or the word that starts one.
_BY = re.compile(
    rf"(?:^|[\s|·•,])(?:{PREFIXES}|von|par|por|door|di)\s*[:\-\u2013]?\s+"
    r"([^\W\d_][^|·•\n]*?)"
    r"(?=\s*(?:[|·•\n]|\s[-\u2013\u2014]\s|,|\d|$|\b(?:published|publisert|oppdatert|"
    r"updated|veröffentlicht|publié|publicado|pubblicato|am|den|on|le|el|il)\b))",
    re.I,
)


def _names(raw: str, site: str | None) -> list[str]:
    cleaned = clean_author(raw, site)
    names = cleaned.split(", ") if cleaned else []
    # A byline element may hold more than names ("in News, 3 comments"): all or nothing.
    return names if names and all(looks_like_name(name) for name in names) else []


def _authors_in(zone: _Zone, site: str | None) -> tuple[str, ...]:
    names: list[str] = []
    for raw in zone.names:
        names.extend(_names(raw, site))
    if not names:
        for line in zone.lines:
            match = _BY.search(line)
            if match and (found := _names(match.group(1), site)):
                names.extend(found)
                break
    return tuple(dict.fromkeys(names))


# --- the whole byline ----------------------------------------------------------------------------
def read_byline(
    heading: etree._Element | None,
    language: str | None,
    site: str | None = None,
) -> Byline:
    """The byline under the article's headline (``heading``, from ``dom.headline``):
    its authors, and its published and updated dates (a date labelled
    "Oppdatert"/"Updated"… is the update; the first other one the publication). Empty
    when the page has no headline or no byline."""
    if heading is None:
        return Byline()
    zone = _zone(heading)
    languages = [language] if language else []
    languages += [code for code in ("en",) if code not in languages]
    published: str | None = None
    updated: str | None = None
    for label, value in zone.times:
        day = iso_date(value)
        if day is None:
            continue
        if _UPDATED_ANYWHERE.search(label):
            updated = updated or day
        else:
            published = published or day
    budget = [MONTH_WORD_DATES_MAX]
    for line in zone.lines:
        for position, day in _dates_in(line, languages, budget):
            if _UPDATED.search(line[:position].strip()):
                updated = updated or day
            else:
                published = published or day
    return Byline(_authors_in(zone, site), published, updated)


# What a line that only restates the byline holds besides names and dates.
_BYLINE_FILLER = re.compile(
    rf"\b(?:{PREFIXES}|von|par|por|door|di|published|publisert|posted|updated|oppdatert|"
    r"veröffentlicht|aktualisiert|publié|publicado|pubblicato|julkaistu|publicerad|"
    r"skrevet|written|am|on|le|el|il|den|kl|um|at|\d+\s*min(?:utes?)?(?:\s+read)?|"
    r"lesetid|lesezeit|\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?)\b|[|·•,:;/\-\u2013\u2014]",
    re.I,
)
BYLINE_LINE_MAX_WORDS = 25


def restates_byline(text: str, byline: Byline) -> bool:
    """Whether a short line of the body only says again what the byline says (its
    authors, its dates, their labels): "By Ann Berg · March 3, 2026"."""
    if not text or len(text.split()) > BYLINE_LINE_MAX_WORDS:
        return False
    rest = text
    found = False
    for name in byline.authors:
        rest, count = re.subn(rf"(?<!\w){re.escape(name)}(?!\w)", " ", rest, flags=re.I)
        found = found or count > 0
    for _, pattern in _DATE_PATTERNS:
        rest, count = pattern.subn(" ", rest)
        found = found or count > 0
    return found and len(_BYLINE_FILLER.sub(" ", rest).split()) <= 1
