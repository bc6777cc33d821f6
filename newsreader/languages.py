"""Languages: normalising declared language codes, and recognising a text's language.

Used by capture (to settle an article's language) and by the library (to pick the
stemmer its words are indexed with). Recognition counts common function words, which
is plenty for an article of a few hundred words and needs no model or dependency.
"""

from __future__ import annotations

import re
from collections import Counter

# Codes people and pages use for the same language, mapped to the one we store.
# Norwegian: 'no' is what most Bokmål sites declare; Nynorsk keeps its own code.
_ALIASES = {
    "no": "nb",
    "nob": "nb",
    "nor": "nb",
    "nno": "nn",
    "eng": "en",
    "deu": "de",
    "ger": "de",
    "fra": "fr",
    "fre": "fr",
    "spa": "es",
    "swe": "sv",
    "dan": "da",
    "nld": "nl",
    "dut": "nl",
    "ita": "it",
    "por": "pt",
    "fin": "fi",
    "pol": "pl",
    "rus": "ru",
    # Codes ISO 639 withdrew, which old pages still declare.
    "iw": "he",
    "ji": "yi",
    "in": "id",
    "heb": "he",
    "ara": "ar",
    "fas": "fa",
    "per": "fa",
    "urd": "ur",
}

# Languages a search filter names as a group: lang:no finds Bokmål and Nynorsk.
GROUPS = {"no": ("nb", "nn"), "nor": ("nb", "nn")}
# Names a person may type for a language (lang:nynorsk), in English and Norwegian.
NAMES = {
    "english": "en",
    "engelsk": "en",
    "norwegian": "no",
    "norsk": "no",
    "bokmål": "nb",
    "bokmal": "nb",
    "nynorsk": "nn",
    "german": "de",
    "deutsch": "de",
    "tysk": "de",
    "swedish": "sv",
    "svensk": "sv",
    "danish": "da",
    "dansk": "da",
    "french": "fr",
    "fransk": "fr",
    "spanish": "es",
    "spansk": "es",
}

_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


def normalise(code: str | None) -> str | None:
    """The primary language of a BCP 47 tag as we store it (``nb-NO`` → ``nb``),
    or None for something that is not a language tag."""
    if not code:
        return None
    code = code.strip()
    if not _CODE.match(code):
        return None
    primary = code.replace("_", "-").split("-", 1)[0].lower()
    return _ALIASES.get(primary, primary)


# --- recognising a text's language ------------------------------------------------------
# The commonest function words of each language. Shared words count for every language
# that has them; the words that differ (ikke/ikkje, af/av, hvad/hva) settle close calls.
_FUNCTION_WORDS = {
    "en": """the of and to in is that for it was on with as he be at by this had not
        are but from have they you were his her she which their an will would there
        been has more when who what about into than its after also can could""",
    "nb": """og i det er som på en til av for med at har ikke de den et om han men
        jeg var seg hun fra kan vil skal også etter når blir ble hva noe mye være
        nå bare hvordan mot sier hadde meg deg selv hver hele derfor mens eller
        dette disse slik gjennom over opp ut ingen sammen fordi hvis""",
    "nn": """og i det er som på ein eit til av for med at har ikkje dei den om han
        men eg var seg ho frå kan vil skal òg også etter når blir vart kva noko
        mykje vere vore no berre korleis mot seier hadde meg deg sjølv kvar heile
        difor medan eller dette desse slik gjennom over opp ut ingen saman fordi
        viss mellom fekk gjekk dykk hjå""",
    "da": """og i det er som på en til af for med at har ikke de den et om han men
        jeg var sig hun fra kan vil skal også efter når bliver blev hvad noget
        meget være nu bare hvordan mod siger havde mig dig selv hver hele derfor
        mens eller dette disse sådan gennem over op ud ingen sammen fordi hvis""",
    "sv": """och i det är som på en till av för med att har inte de den ett om han
        men jag var sig hon från kan vill ska också efter när blir blev vad något
        mycket vara nu bara hur mot säger hade mig dig själv varje hela därför
        medan eller detta dessa sådan genom över upp ut ingen tillsammans eftersom""",
    "de": """der die und in den von zu das mit sich des auf für ist im dem nicht ein
        eine als auch es an werden aus er hat dass sie nach wird bei einer um am
        sind noch wie einem über einen so zum war haben nur oder aber vor zur bis
        mehr durch man""",
    "nl": """de van het een en in is dat op te zijn voor met die niet aan er om ook
        als bij of door maar over nog naar wordt uit hij dan wel tot heeft zich
        worden ze meer kan was deze hun werd""",
    "fr": """de la le et les des à en un une du est que pour dans qui pas au sur
        par plus il ne se ce avec sont a été son ses elle mais ou nous leur aux
        comme tout cette fait on lui été""",
    "es": """de la que el en y a los se del las un por con no una su para es al lo
        como más pero sus le ha me si sin sobre este ya entre cuando todo esta
        ser son también fue había era muy""",
    "pt": """de a o que e do da em um para é com não uma os no se na por mais as dos
        como mas foi ao ele das tem à seu sua ou ser quando muito há nos já está
        também pelo pela até isso""",
    "it": """di e il la che a per in un del non è una i con le si da al della sono
        come ma anche dei nel alla più ha lo gli delle questo ci essere se era
        quando tutto stato nella""",
    "ca": """de la i que el a en les els per del un una amb no es va al dels ha com
        més però també hi ser seu seva són aquest aquesta molt""",
    "fi": """ja on ei se että hän oli ovat mutta kun myös tai joka jos niin nyt
        kuin vain sen ole sitä hänen olla ovat mukaan vuoden kanssa jälkeen""",
    "pl": """i w na z się nie do to że jest o jak po co ale od za tak przez jego
        już dla tym czy są jednak może było być tylko który która które także""",
    "cs": """a se na v je že to s z do o jako ale pro jsou by tak k jeho už který
        která které také jen bylo byl být podle""",
    "hu": """a az és hogy nem is egy van meg de ki el csak már mint ez azt volt
        még ha vagy kell lesz után pedig amely""",
    "ro": """și de în la a cu o care nu pe din mai se că un este ca pentru au fost
        sau dar lui fi ei către""",
    "tr": """ve bir bu da de için ile olarak daha çok gibi en ama ne kadar sonra
        olan var değil ise mi diye""",
    "id": """yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke
        ada karena oleh sudah saya mereka""",
}
_WORDS_OF = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _lang, _words in _WORDS_OF.items():
    for _word in _words:
        _LANGUAGES_OF[_word] = (*_LANGUAGES_OF.get(_word, ()), _lang)

# Scripts that name their language on their own, for texts our word lists cannot read.
_SCRIPTS = (
    (re.compile(r"[\u0400-\u04ff]"), "ru"),
    (re.compile(r"[\u0370-\u03ff]"), "el"),
    (re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"), "ar"),
    (re.compile(r"[\u0590-\u05ff\ufb1d-\ufb4f]"), "he"),
    (re.compile(r"[\u0900-\u097f]"), "hi"),
    (re.compile(r"[\u3040-\u30ff]"), "ja"),
    (re.compile(r"[\u4e00-\u9fff]"), "zh"),
    (re.compile(r"[\uac00-\ud7af]"), "ko"),
    (re.compile(r"[\u0e00-\u0e7f]"), "th"),
)
# The languages usually written in each of those scripts (CLDR's likely subtags): a
# page that declares one of them is believed, since the letters alone cannot tell
# Persian from Arabic or Ukrainian from Russian.
_SCRIPT_LANGUAGES = {
    "ru": frozenset(
        [
            "ru",
            "uk",
            "be",
            "bg",
            "sr",
            "mk",
            "kk",
            "ky",
            "tg",
            "mn",
            "tt",
            "ba",
            "cv",
            "ce",
            "os",
            "sah",
            "ab",
            "av",
            "kv",
            "udm",
            "mhr",
            "rue",
        ]
    ),
    "el": frozenset(("el",)),
    "ar": frozenset(
        [
            "ar",
            "fa",
            "ur",
            "ps",
            "sd",
            "ug",
            "ckb",
            "ks",
            "lrc",
            "mzn",
            "pnb",
            "bal",
            "bqi",
            "glk",
            "prs",
            "arz",
            "ary",
        ]
    ),
    "he": frozenset(("he", "iw", "yi", "ji", "lad")),
    "hi": frozenset(
        ["hi", "mr", "ne", "sa", "kok", "mai", "bho", "new", "awa", "doi", "brx", "mag"]
    ),
    "ja": frozenset(("ja",)),
    "zh": frozenset(("zh", "ja", "yue", "wuu", "gan", "hak", "nan", "cmn", "lzh")),
    "ko": frozenset(("ko",)),
    "th": frozenset(("th",)),
}
_SCRIPTED = frozenset(code for codes in _SCRIPT_LANGUAGES.values() for code in codes)
# Languages close enough that counting function words cannot overrule a page that
# declares one of them: Bokmål, Nynorsk and Danish share most of theirs.
_RELATIVES = (frozenset(("nb", "nn", "da")),)
# Languages written right to left (CLDR character order), by the code we store: those
# of the Arabic and Hebrew scripts, Thaana, Syriac, N'Ko and Samaritan.
RIGHT_TO_LEFT = (
    _SCRIPT_LANGUAGES["ar"] | _SCRIPT_LANGUAGES["he"] | {"dv", "syr", "nqo", "sam", "arc"}
)
_WORD = re.compile(r"[^\W\d_]+")
# Text in the Latin script (with its accents, punctuation and symbols): none of the
# scripts above can be a third of it.
_LATIN_ONLY = re.compile(r"[\x00-\u036f\u1e00-\u1eff\u2000-\u2bff\ufb00-\ufb06]*")
# Enough words to say anything, and how far ahead the winner must be to overrule what
# a page declares: templates often say lang="en" over text in another language.
_MIN_WORDS = 20
_MIN_HITS = 5
_SAMPLE_CHARS = 20_000
_OVERRULE_RATIO = 3.0


def _scores(text: str) -> tuple[Counter[str], int]:
    words = _WORD.findall(text[:_SAMPLE_CHARS].lower())
    scores: Counter[str] = Counter()
    for word in words:
        for lang in _LANGUAGES_OF.get(word, ()):
            scores[lang] += 1
    return scores, len(words)


def detect(text: str) -> str | None:
    """The language a text is written in, or None when it is too short to tell."""
    return _script_of(text) or _detect_by_words(text)


def _detect_by_words(text: str) -> str | None:
    scores, total = _scores(text[:_SAMPLE_CHARS])
    if total < _MIN_WORDS or not scores:
        return None
    ranked = [*scores.most_common(2), ("", 0)]
    (best, hits), (_, runner_up) = ranked[0], ranked[1]
    return best if hits >= _MIN_HITS and hits > runner_up else None


def _script_of(text: str) -> str | None:
    """The script language of a text whose letters are mostly in one such script."""
    sample = text[:_SAMPLE_CHARS]
    if _LATIN_ONLY.fullmatch(sample):  # nearly every text: no scan per script needed
        return None
    letters = sum(1 for ch in sample if ch.isalpha()) or 1
    counts = {lang: len(pattern.findall(sample)) for pattern, lang in _SCRIPTS}
    # Japanese mixes kana with Han characters; a tenth of kana already says Japanese.
    if counts["ja"] > letters / 10 and counts["ja"] + counts["zh"] > letters / 3:
        return "ja"
    return next((lang for lang, count in counts.items() if count > letters / 3), None)


def settle(declared: str | None, text: str) -> str | None:
    """The article's language: what the page declares, unless its text is plainly in
    another language we recognise; what the text says when the page declares nothing.

    A text in a script of its own (Arabic, Hebrew, Cyrillic, Han…) overrules only a
    declaration of a language not written in that script: ``fa`` stays Persian over
    Arabic letters, ``uk`` Ukrainian over Cyrillic. Close relatives (Bokmål, Nynorsk,
    Danish) never overrule each other.
    """
    declared = normalise(declared)
    script = _script_of(text)
    detected = script or _detect_by_words(text)
    if declared is None or detected is None or declared == detected:
        return declared or detected
    if script is not None:
        return declared if declared in _SCRIPT_LANGUAGES.get(script, ()) else detected
    if declared in _SCRIPTED and detected in _WORDS_OF:
        return detected  # lang="he" over a text in Latin letters that reads as English
    if any({declared, detected} <= group for group in _RELATIVES):
        return declared
    scores, _ = _scores(text)
    if declared in _WORDS_OF and scores[detected] >= _OVERRULE_RATIO * max(scores[declared], 1):
        return detected
    return declared


def direction(language: str | None, declared: str | None = None) -> str | None:
    """``"rtl"`` when an article reads right to left, else None (left to right).

    An article in a language written right to left reads right to left, whatever a
    site template's ``dir="ltr"`` says; another reads right to left only when the
    page declares it (``declared``, HTML's ``dir``: a language we have no code for).
    """
    if normalise(language) in RIGHT_TO_LEFT:
        return "rtl"
    return "rtl" if (declared or "").strip().lower() == "rtl" else None


def members(code: str) -> tuple[str, ...]:
    """The stored codes a language filter stands for: a code or a name (``no`` and
    ``norsk`` → Bokmål and Nynorsk)."""
    code = code.strip().lower()
    code = NAMES.get(code, code)
    if code in GROUPS:
        return GROUPS[code]
    normal = normalise(code)
    return (normal,) if normal else ()
