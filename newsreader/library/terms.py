"""Words as the search index sees them, and the key that makes inflections meet.

The full-text index holds every word as written (lower-cased, accents kept), so
snippets and highlights come straight from the original text. Beside it, the library
keeps a dictionary from each indexed word to its *match key*: the word with accents
folded the way its language reads them, then stemmed by that language's Snowball
stemmer. A search word is keyed the same way and looks up every indexed word sharing
its key (``mobbing`` → mobbing, mobbet, mobbes).

Chinese, Japanese and Korean are written without spaces between words, so a run of
Han, kana or Hangul between punctuation marks would be one "word" to the index, and a
word inside it could not be found. ``index_text`` turns every such run into its
overlapping pairs of characters (a lone character stays itself), as Lucene's CJK
analyser does (CJKBigramFilter); the index is fed that text (see schema.py) and a
search's run becomes the phrase of its pairs, so any word inside a run is found and
characters that are not adjacent are not.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

# SQLite's unicode61 tokenizer: runs of letters and digits, everything else separates.
_TOKEN = re.compile(r"[^\W_]+")
TOKEN = _TOKEN  # its public name, for query.typed_words

# The letters of scripts written without spaces between words, indexed as pairs: Han
# (with its extensions, compatibility forms and the iteration marks), Hiragana,
# Katakana (with its extensions and half-width forms), and Hangul (syllables and jamo:
# Korean spaces its words, but writes particles onto them, 학교에서 "at school").
# Letters only: the kana blocks' voicing marks, U+30A0 and U+30FB (the middle dot)
# separate as punctuation does.
_CJK_BMP = (
    "\u1100-\u11ff\u3005\u3007\u3021-\u3029\u3038-\u303b\u3041-\u3098\u309d-\u309f"
    "\u30a1-\u30fa\u30fc-\u30ff\u3131-\u318e\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97c\uac00-\ud7a3\ud7b0-\ud7fb\uf900-\ufaff\uff66-\uff9f"
)
_CJK_ASTRAL = "\U00020000-\U0003134f"  # Han extensions B to H
CJK_LETTERS = _CJK_BMP + _CJK_ASTRAL
_CJK_RUN = re.compile(f"[{CJK_LETTERS}]+")
# Whether a text has any: the same letters, but Python's regular expressions scan a text
# for a class of BMP ranges and one astral range apart 2.5x as fast as for their union
# (every save runs this on its text; almost none has any).
_CJK_ANY = re.compile(f"[{_CJK_BMP}]|[{_CJK_ASTRAL}]")

_SNOWBALL = {
    "ar": "arabic",
    "hy": "armenian",
    "eu": "basque",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "nl": "dutch",
    "en": "english",
    "eo": "esperanto",
    "et": "estonian",
    "fi": "finnish",
    "fr": "french",
    "de": "german",
    "el": "greek",
    "hi": "hindi",
    "hu": "hungarian",
    "id": "indonesian",
    "ga": "irish",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "nb": "norwegian",
    "nn": "norwegian",  # Snowball's Norwegian knows Nynorsk endings (bilar, gutane)
    "fa": "persian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "st": "sesotho",
    "es": "spanish",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
_NORWEGIAN = frozenset({"nb", "nn"})

# Letters that look like an accented letter but are a letter of their own: å is not
# a, and ä, ö, ü, ñ are not a, o, u, n (får is not for, för is not for). Every other
# mark is an accent and folds away (café is cafe). Some languages keep more. (Snowball's
# German stemmer then folds umlauts itself, so that Haus meets Häuser; the price is that
# schon meets schön.)
_KEPT = frozenset("åäöüñ")
_KEPT_BY_LANGUAGE = {
    "tr": frozenset("çşğ"),
    "hu": frozenset("őű"),
    "et": frozenset("õšž"),
    "ro": frozenset("ășțâî"),
    "cs": frozenset("čďěňřšťůž"),
    "pl": frozenset("ąćęłńóśźż"),
    "lt": frozenset("ąčęėįšųūž"),
}

_local = threading.local()  # Snowball stemmers keep state while stemming a word


def _lower(word: str) -> str:
    low = word.lower()
    if len(low) == len(word):
        return low
    # SQLite lower-cases one character to one character; Python's İ becomes i plus a
    # combining dot. Such letters stay as they are, as they do in the index.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in word)


def _pairs(run: re.Match[str]) -> str:
    letters = run.group()
    if len(letters) == 1:
        return f" {letters} "
    return " " + " ".join(letters[i : i + 2] for i in range(len(letters) - 1)) + " "


def index_text(text: str | None) -> str | None:
    """``text`` as the index is fed it: each run of CJK letters (``CJK_LETTERS``)
    replaced by its overlapping pairs, space-separated, and set apart from the letters
    around it ("iPhone手机很好" → "iPhone 手机 机很 很好"); a run of one letter stays
    itself. Text without such letters is returned as it is (the same object).

    SQLite calls this as ``search_text()`` (db.py) in the ``article_search`` view."""
    if not text or text.isascii() or _CJK_ANY.search(text) is None:
        return text
    return _CJK_RUN.sub(_pairs, text)


def is_cjk(word: str) -> bool:
    """Whether ``word`` (a token) is CJK letters: a pair or a lone letter of a run."""
    return bool(word) and _CJK_RUN.match(word[0]) is not None


def tokens(text: str) -> list[str]:
    """The words of ``text`` as the index stores them, in order (CJK runs as their
    pairs, see ``index_text``)."""
    return [_lower(word) for word in _TOKEN.findall(index_text(text) or "")]


# The letters whose lower case depends on more than the letter, in Python: İ lower-cases
# to two characters (see _lower), and Σ to a final sigma at the end of a word. Every other
# character lower-cases to one character that is a letter or digit exactly when it is
# (checked over every code point of Python 3.11's Unicode tables), so a text without
# these two can be lower-cased whole, before it is split, with the same words.
_CONTEXT_CASED = ("\u0130", "\u03a3")


def distinct_tokens(texts: Iterable[str | None]) -> set[str]:
    """The distinct words of ``texts``, as ``tokens`` gives them."""
    found: set[str] = set()
    unlowered: set[str] = set()
    for text in texts:
        if not text:
            continue
        text = index_text(text)
        if text.isascii() or not any(letter in text for letter in _CONTEXT_CASED):
            found.update(_TOKEN.findall(text.lower()))
        else:
            unlowered.update(_TOKEN.findall(text))
    found.update(_lower(word) for word in unlowered)
    return found


def stemmer_language(language: str | None) -> str:
    """The language whose stemmer keys an article's words: '' when there is none."""
    return language if language in _SNOWBALL else ""


def fold(word: str, language: str = "") -> str:
    """``word`` case-folded, with the accents that are only accents removed."""
    folded = word.casefold()
    if folded.isascii():  # most words: nothing to remove
        return folded
    kept = _KEPT | _KEPT_BY_LANGUAGE.get(language, frozenset())
    out = []
    for char in folded:
        if char in kept or char.isascii():
            out.append(char)
            continue
        base = unicodedata.normalize("NFD", char)
        out.append("".join(c for c in base if not unicodedata.combining(c)) or char)
    return "".join(out)


# Letters that NFD does not decompose into a base letter and a mark, spelled as ASCII
# keyboards spell them (Unicode's own transliterations: æ is ae, ß is ss).
_LOOSE = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "đ": "d",
        "ł": "l",
        "þ": "th",
        "ð": "d",
        "\u0131": "i",
    }
)


@lru_cache(maxsize=100_000)
def loose_key(word: str) -> str:
    """``word`` as someone typing without its letters might write it: case-folded,
    every mark removed (å, ä → a; ö, ü → o, u; é → e) and the letters of their own
    spelled in ASCII (ø → o, æ → ae, ß → ss). Not a match key: it only finds the
    words "did you mean" may offer (suggest.py, the ``search_terms.loose`` column of
    schema 11)."""
    folded = word.casefold().translate(_LOOSE)
    if folded.isascii():
        return folded
    base = unicodedata.normalize("NFD", folded)
    return "".join(c for c in base if not unicodedata.combining(c))


def _stemmer(language: str):
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    stemmer = stemmers.get(language)
    if stemmer is None:
        stemmer = stemmers[language] = snowballstemmer.stemmer(_SNOWBALL[language])
    return stemmer


_VOWELS = "aeiouyæøå"
_EL = re.compile(f"^(.*[{_VOWELS}].*?)([^{_VOWELS}])\\2?el$")


def _norwegian(stem: str) -> tuple[str, bool]:
    # Regularities Snowball's Norwegian leaves alone. Verbal nouns in -ing meet
    # their verb (mobbing, mobbet, mobbes). Nouns in -er that drop the e when inflected
    # meet their inflections (vinter/vintre, teater/teatre): the stem loses the r it
    # keeps after a consonant. Returns the stem and whether that r was dropped.
    if stem.endswith("ing") and re.search(f"[{_VOWELS}][^{_VOWELS}]", stem[:-3]):
        stem = stem[:-3]
    # Snowball removes one ending: offeret and vinteren keep the -er of offer, vinter.
    if len(stem) > 4 and stem.endswith("er") and stem[-3] not in _VOWELS:
        stem = stem[:-2]
    # Nouns in -el do the same and keep their l (sykkel/sykler, regel/regler).
    syncope = _EL.match(stem)
    if syncope:
        return syncope.group(1) + syncope.group(2) + "l", False
    if len(stem) >= 3 and stem[-1] == "r" and stem[-2] not in _VOWELS + "r":
        return stem[:-1], True
    return stem, False


def _key(word: str, language: str) -> tuple[str, bool]:
    if is_cjk(word):
        # A pair is keyed by its second letter and a lone letter by itself, so that a
        # search for one letter finds the pairs that end in it (those that begin with
        # it are a prefix search): see search.py.
        return word[-1], False
    folded = fold(word, language)
    if language not in _SNOWBALL:
        return folded, False
    stem = _stemmer(language).stemWord(folded)
    if language in _NORWEGIAN:
        return _norwegian(stem)
    return stem, False


@lru_cache(maxsize=200_000)
def match_key(word: str, language: str = "") -> str:
    """The key under which ``word``, in an article of ``language``, meets its
    inflections and its unaccented spellings."""
    return _key(word, language)[0]


def query_keys(word: str, language: str = "") -> set[str]:
    """The keys a search word looks up among words of ``language``.

    Usually its own key. Norwegian nouns that also double a consonant (offer/ofre,
    sommer/somre, hence mobbeoffer/mobbeofre) differ in that consonant, so a search
    for either spelling looks up the other as well; keying the articles' words that
    way instead would merge mann with man and takk with tak everywhere.
    """
    key, dropped = _key(word, language)
    keys = {key}
    if language in _NORWEGIAN and len(key) >= 2 and key[-1] not in _VOWELS:
        if dropped:
            keys.add(key + key[-1])
        elif key[-1] == key[-2] and fold(word, language)[len(key) :].startswith("er"):
            keys.add(key[:-1])
    return keys
