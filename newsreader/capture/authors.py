"""Author names as a person reads them: the names alone.

``clean_author`` turns what trafilatura, the page's meta tags or its byline call the
author into the names alone: no "By"/"Av"/"Skrevet av", no date, no role ("Science
Reporter", "journalist", "Redakteurin", "기자", "记者"), and no site or newsroom
standing beside the people it names.
"""

from __future__ import annotations

import re

from newsreader.capture.text import squashed


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that introduce a name and are never part of one.
PREFIXES = (
    r"by|av|af|vom|written by|posted by|published by|skrevet av|publisert av|"
    r"tekst og foto|tekst|text|texte|texto|testo|autor(?:in)?|author|auteur|autore|"
    r"forfatter|verfasser(?:in)?|ein beitrag von|text von|von der redaktion|"
    r"reportage|reporter|journalist|kirjoittaja|teksti|tekst i zdjęcia|autorka"
)
_PREFIX = re.compile(rf"^(?:{PREFIXES})\s*[:\-\u2013]?\s+", re.I)
# "Von Miller" and "Di Maria" are names: these only when two words follow, or a colon.
_SHORT_PREFIX = re.compile(r"^(?:von|par|por|di|door|de)(?:\s*:\s*|\s+(?=\S+\s+\S))", re.I)
_LONE_PREFIX = re.compile(r"^(?:von|vom|par|por|di|door|de|by|av|af)$", re.I)
# What a person is, not who: roles and their qualifiers, in the languages we meet.
_ROLES = _word_set(
    """
    reporter reporterin reporters journalist journalistin journaliste journalists
    correspondent correspondents korrespondent korrespondentin correspondant
    correspondante corresponsal corrispondente editor editors redaktør redaktor
    redakteur redakteurin rédacteur rédactrice redactor redactora redattore
    redattrice writer writers contributor contributors columnist kolumnist
    kommentator commentator photographer fotograf fotografin photographe fotógrafo
    foto photo photos bilde bilder kommentarredaktør nyhetsredaktør nettredaktør
    sjefredaktør frilansjournalist frilanser freelance freelancer analyst analytiker
    toimittaja dziennikarz dziennikarka periodista giornalista skribent krönikör
    staffer anchor presenter host chefredakteur chefredakteurin volontär volontärin
    praktikant praktikantin
    """
)
_QUALIFIERS = _word_set(
    """
    senior chief deputy associate assistant contributing special staff lead managing
    executive digital political politisk politischer science business sports sport
    foreign utenriks news nyhets economics economy tech technology health culture
    kultur arts entertainment investigative data social media video photo local
    regional national international global washington europe europa white house
    """
)
# A newsroom writing as itself: its author when nobody else is named, never beside names.
_COLLECTIVE = _word_set(
    """
    redaktion redaktionen redaksjonen redaksjon redaktionen newsroom staff desk team
    newsdesk nyhetsdesken rédaction redacción redazione toimitus redakcja
    """
)
# Roles written beside a name in scripts without capitals: 记者 张三, 홍길동 기자.
_SCRIPT_ROLES = re.compile(
    r"^(?:记者|編集|编辑|責任編集|责任编辑|通讯员|撰文|文)[:\uff1a/\s]*"
    r"|\s*(?:기자|記者|特派員|特派员)$"
)
_SEPARATORS = re.compile(r"\s*(?:[;|·•/]|\s[-\u2013\u2014]\s|,|\band\b|\bog\b|\bund\b|&)\s*", re.I)
_DATEISH = re.compile(r"\d")
_LABEL = re.compile(
    r"^(?:datum|date|dato|published|publisert|updated|oppdatert|veröffentlicht|"
    r"aktualisiert|posted|shares?|comments?|kommentarer|min read|read more|follow|"
    r"ph\.?d|m\.?d|mph|msc|mba|bsc|rn|dds|jd|llm)$",
    re.I,
)
_EDGE_PUNCTUATION = " \t\"'\u201c\u201d\u2018\u2019\u00ab\u00bb()[]{}·•|-\u2013\u2014;,:."


# Labels a byline runs into a name: "Kari Hansen Publisert", "Ann Berg Updated".
_LABELS = _word_set(
    """
    publisert oppdatert published updated posted veröffentlicht aktualisiert publié
    publicado pubblicato publicerad uppdaterad julkaistu päivitetty opublikowano kl
    """
)


def _strip_labels(words: list[str]) -> list[str]:
    """The words of a name part without the byline's labels at either end."""
    while words and words[-1].strip(_EDGE_PUNCTUATION).casefold() in _LABELS:
        words = words[:-1]
    while words and words[0].strip(_EDGE_PUNCTUATION).casefold() in _LABELS:
        words = words[1:]
    return words


def _strip_role(words: list[str]) -> list[str]:
    """The words of a name part without role words (and their qualifiers) at either end."""

    def is_role(word: str) -> bool:
        key = word.strip(_EDGE_PUNCTUATION).casefold()
        return key in _ROLES

    def is_role_or_qualifier(word: str) -> bool:
        key = word.strip(_EDGE_PUNCTUATION).casefold()
        return key in _ROLES or key in _QUALIFIERS

    if not any(is_role(word) for word in words):
        return words
    while words and is_role_or_qualifier(words[-1]):
        words = words[:-1]
    while words and is_role_or_qualifier(words[0]):
        words = words[1:]
    return words


def _name_part(part: str) -> str | None:
    """One name from one part of an author string, or None when the part is no name."""
    part = part.strip(_EDGE_PUNCTUATION)
    for _ in range(2):
        part = _PREFIX.sub("", part).strip(_EDGE_PUNCTUATION)
    part = _SHORT_PREFIX.sub("", part)
    part = _SCRIPT_ROLES.sub("", part).strip(_EDGE_PUNCTUATION)
    words = _strip_role(_strip_labels(part.split()))
    part = " ".join(words).strip(_EDGE_PUNCTUATION)
    if not part or _DATEISH.search(part) or _LABEL.match(part) or _LONE_PREFIX.match(part):
        return None
    return part if len(part) <= 80 else None


def _standing_in(name: str, site: str) -> bool:
    """Whether a name is the site or its newsroom ("Coastline Herald Newsroom",
    "Redaktion") rather than a person."""
    if site and squashed(name) == squashed(site):
        return True
    words = {word.casefold() for word in name.split()}
    site_words = {word.casefold() for word in site.split()}
    return words - site_words <= _COLLECTIVE and (bool(words & site_words) or words <= _COLLECTIVE)


def clean_author(value: str | None, site: str | None = None) -> str | None:
    """The names in an author string, and nothing else; None when none is left.

    Parts are split at ``;``, ``|``, ``·``, ``/``, dashes, commas and "and"/"og"/"und";
    a part that is a date, a role or a label goes, and so does the site's own name or
    its newsroom ("Redaktion") when people are named beside it; prefixes and roles
    glued to a name go. The names are joined with ", " when anything was taken out,
    and the string is kept as written when nothing was.
    """
    if not value:
        return None
    value = " ".join(value.split())
    parts = [p for p in _SEPARATORS.split(value) if p and p.strip(_EDGE_PUNCTUATION)]
    names = [name for part in parts if (name := _name_part(part))]
    people = [name for name in names if not _standing_in(name, site or "")]
    names = list(dict.fromkeys(people or names))
    if not names:
        return None
    if len(names) == len(parts) and all(n == p.strip() for n, p in zip(names, parts, strict=True)):
        return value.strip(_EDGE_PUNCTUATION) or None
    return ", ".join(names)


# Lower-case words that belong to names: von der Leyen, van Gogh, da Silva, bin Salman.
_PARTICLES = _word_set("von van der den de da di du la le del dos bin al ibn y e zu ter af av")
NAME_MAX_WORDS = 5


def looks_like_name(name: str) -> bool:
    """Whether a byline's text reads as a person's or a newsroom's name: at most five
    words, no colon, and in scripts with capitals every word capitalised but the
    particles of names."""
    words = name.split()
    if not 0 < len(words) <= NAME_MAX_WORDS or ":" in name or "\uff1a" in name:
        return False
    # Only letters with a case are judged: Han, Hangul or Arabic names have none.
    return not any(
        word[0].islower() and word[0].upper() != word[0] and word.casefold() not in _PARTICLES
        for word in words
    )
