"""The search query language, read into a plain structure.

    word word          every word must match (inflections too)
    "exact phrase"     these words in this order, as written
    word OR word       either
    -word  -"phrase"   must not match
    prefix*            words starting with prefix
    title: author: site:            the word or phrase in that field
    tag: caption: note:             ... in the article's tags, its images' captions and
                                    alt text, the reader's notes and highlights
    lang: is: has: before: after:   filters (is:unread, has:highlights, has:notes)

``tag:`` is a word field (schema 10): ``tag:skole`` finds a tag with the word skole in
any form (*skole*, *skolen*, *skole og barnehage*). A tag with no letters or digits
(``tag:⭐``) cannot be a word, and stays the exact filter it was before.

Nothing a person types is an error: whatever does not parse as an operator (a lone
quote or dash, an unknown field, stray FTS syntax) is read as plain words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from newsreader import languages
from newsreader.library import terms

# The query language as the CLI's --help and the window's help popup show it.
HELP: tuple[tuple[str, str], ...] = (
    ("mobbing skole", "articles with every word, in any form (mobbet, skolen)"),
    ('"exact phrase"', "these words in this order, as written"),
    ("bully OR harass", "either word"),
    ("-trump", 'leave out articles with this word (or -"phrase")'),
    ("mobb*", "words that start with mobb"),
    ("title:mobbing", "the word in the title; also author: and site:"),
    ("site:vg.no", "from this site, by address or name"),
    ("tag:later", "a tag with this word, in any form"),
    ("caption:storm", "the word in an image's caption or alt text"),
    ("note:viktig", "the word in your notes and highlights"),
    ("lang:no", "in this language: en, de, nb, nn, no (both Norwegians), …"),
    ("is:unread", "unread; also is:archived, is:favorite, is:read"),
    ("has:notes", "with a note of yours; has:highlights, with highlights"),
    ("after:2017-12-01", "published (else saved) on or after; also before:, 2017, 2017-12"),
)

TEXT_FIELDS = ("title", "author", "site", "tag", "caption", "note")
FILTER_FIELDS = ("lang", "is", "has", "before", "after")
_FIELDS = {
    **{name: name for name in TEXT_FIELDS + FILTER_FIELDS},
    "tags": "tag",
    "captions": "caption",
    "alt": "caption",
    "notes": "note",
    "language": "lang",
    "from": "after",
    "until": "before",
}
_STATES = {
    "unread": "unread",
    "inbox": "unread",
    "archived": "archived",
    "archive": "archived",
    "favorite": "favorite",
    "favourite": "favorite",
    "starred": "favorite",
    "read": "read",
    "linkonly": "linkonly",  # imported without its text yet (schema 8)
    "link": "linkonly",
}
_HAS = {
    "highlights": "highlights",
    "highlight": "highlights",
    "notes": "notes",
    "note": "notes",
}
_FIELD_PREFIX = re.compile(r"([A-Za-z]+):(?=\S)")
_BARE = re.compile(r'[^\s"]+')
_DATE_FORMATS = (
    (re.compile(r"^(\d{4})$"), "{0}"),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), "{0}-{1:0>2}"),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), "{0}-{1:0>2}-{2:0>2}"),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), "{2}-{1:0>2}-{0:0>2}"),  # 24.11.2026
)


@dataclass(frozen=True)
class Term:
    """Something to find in the text: one word (with its inflections), a phrase
    (as written), or a prefix. ``tokens`` are the words as the index splits them."""

    tokens: tuple[str, ...]
    kind: str  # "word", "phrase" or "prefix"
    field: str | None = None  # one of TEXT_FIELDS, or None for any


@dataclass(frozen=True)
class Filter:
    name: str  # one of FILTER_FIELDS, or "tag" (a tag of no words: its exact name)
    values: tuple[str, ...]  # tag name; language codes; state; highlights/notes; ISO date
    negated: bool = False


@dataclass
class Query:
    groups: list[list[Term]] = field(default_factory=list)  # all groups; any term of each
    excluded: list[Term] = field(default_factory=list)  # none of these
    filters: list[Filter] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.groups or self.excluded or self.filters)


@dataclass(frozen=True)
class _Item:
    value: str
    quoted: bool
    negated: bool
    field: str | None
    star: bool = False
    start: int = 0  # where ``value`` begins in the text (typed_words)


def _lex(text: str) -> list[_Item]:
    items: list[_Item] = []
    pos, end = 0, len(text)
    while pos < end:
        if text[pos].isspace():
            pos += 1
            continue
        negated = text[pos] == "-" and pos + 1 < end and not text[pos + 1].isspace()
        if negated:
            pos += 1
        name = None
        prefix = _FIELD_PREFIX.match(text, pos)
        if prefix and prefix.group(1).lower() in _FIELDS:
            name = _FIELDS[prefix.group(1).lower()]
            pos = prefix.end()
        if text[pos] == '"':
            close = text.find('"', pos + 1)
            if close == -1:  # an unbalanced quote: the rest is plain words
                pos += 1
                continue
            value, start, pos = text[pos + 1 : close], pos + 1, close + 1
            star = pos < end and text[pos] == "*"
            pos += star
            items.append(_Item(value, True, negated, name, star, start))
            continue
        bare = _BARE.match(text, pos)
        if bare is None:  # cannot happen (a quote is handled above), but never loop
            pos += 1
            continue
        value, pos = bare.group(), bare.end()
        items.append(_Item(value, False, negated, name, value.endswith("*"), bare.start()))
    return items


def _iso_date(value: str) -> str | None:
    for pattern, template in _DATE_FORMATS:
        match = pattern.match(value)
        if match:
            iso = template.format(*match.groups())
            try:
                date.fromisoformat((iso + "-01-01")[:10] if len(iso) < 10 else iso)
            except ValueError:
                return None
            return iso
    return None


def _filter(item: _Item) -> Filter | None:
    value = item.value.strip()
    if item.field == "lang":
        members = languages.members(value)
        return Filter("lang", members, item.negated) if members else None
    if item.field == "is":
        state = _STATES.get(value.lower())
        return Filter("is", (state,), item.negated) if state else None
    if item.field == "has":
        what = _HAS.get(value.lower())
        return Filter("has", (what,), item.negated) if what else None
    iso = _iso_date(value)
    return Filter(item.field or "", (iso,), item.negated) if iso else None


def _term(item: _Item) -> Term | None:
    text_field = item.field if item.field in TEXT_FIELDS else None
    words = terms.tokens(item.value)
    if not words:
        return None
    if item.star:
        return Term(tuple(words), "prefix", text_field)
    # A CJK pair is part of a run as written (terms.index_text), never a word with
    # inflections: its dictionary key is its last letter.
    if item.quoted or len(words) > 1 or (terms.is_cjk(words[0]) and len(words[0]) > 1):
        return Term(tuple(words), "phrase", text_field)
    return Term(tuple(words), "word", text_field)


def parse(text: str) -> Query:
    """Read a search as typed. Never raises."""
    query = Query()
    text = unicodedata.normalize("NFC", text)  # as the library stores text
    pending_or = False
    last_positive: list[Term] | None = None
    for item in _lex(text):
        if item.value == "OR" and not (item.quoted or item.negated or item.field):
            pending_or = last_positive is not None
            continue
        if item.field == "tag" and item.value.strip() and not terms.tokens(item.value):
            # A tag of no words (⭐, ++): its exact name, as tag: was before schema 10.
            query.filters.append(Filter("tag", (item.value.strip(),), item.negated))
            pending_or, last_positive = False, None
            continue
        if item.field in FILTER_FIELDS:
            found = _filter(item)
            if found is not None:
                query.filters.append(found)
                pending_or, last_positive = False, None
                continue
            # Not a filter after all (is:awesome, before:someday): plain words.
            item = _Item(f"{item.field} {item.value}", item.quoted, item.negated, None, item.star)
        term = _term(item)
        if term is None:
            continue
        if item.negated:
            query.excluded.append(term)
            pending_or, last_positive = False, None
        elif pending_or and last_positive is not None:
            last_positive.append(term)
            pending_or = False
        else:
            last_positive = [term]
            query.groups.append(last_positive)
    return query


@dataclass(frozen=True)
class TypedWord:
    """A word of a search where it was typed: ``text[start:end]`` of the text
    ``typed_words`` returns, ``word`` as the index holds it (lower case), and what it
    is part of: FIND (a word or phrase to find), PREFIX (``word*``), EXCLUDED
    (``-word``) or FILTER (``lang:de``, ``tag:⭐``, ``is:awesome`` read as words)."""

    start: int
    end: int
    word: str
    role: str
    field: str | None = None  # the TEXT_FIELDS field it is searched in, if any


FIND, PREFIX, EXCLUDED, FILTER = "find", "prefix", "excluded", "filter"


def typed_words(text: str) -> tuple[str, list[TypedWord]]:
    """The search ``text`` as ``parse`` reads it (normalised to NFC) and each of its
    words where it stands in that text, read as ``parse`` reads them, so that a word
    can be replaced with everything around it kept as typed (suggest.py). The "OR"
    operator is not a word. Never raises."""
    text = unicodedata.normalize("NFC", text)
    found: list[TypedWord] = []
    for item in _lex(text):
        if item.value == "OR" and not (item.quoted or item.negated or item.field):
            continue
        if item.field in FILTER_FIELDS or (item.field == "tag" and not terms.tokens(item.value)):
            role = FILTER
        elif item.negated:
            role = EXCLUDED
        else:
            role = PREFIX if item.star else FIND
        text_field = item.field if item.field in TEXT_FIELDS else None
        for match in terms.TOKEN.finditer(item.value):
            start, written = item.start + match.start(), match.group()
            # One token as the index splits it; a CJK run is its pairs, kept whole here.
            split = terms.tokens(written)
            word = split[0] if len(split) == 1 else written.lower()
            found.append(TypedWord(start, start + len(written), word, role, text_field))
    return text, found
