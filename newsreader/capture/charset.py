"""Turning the bytes of a web page into text with the right characters.

trafilatura looks at neither the HTTP header nor the ``<meta charset>``, so a
Norwegian page served as windows-1252 would lose its æ, ø and å. We decode first,
in the order the HTML standard uses: byte-order mark, then the declared charset
(HTTP header, then ``<meta>``), then detection.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([^\s;"']+)""", re.I)

# What browsers actually use for these labels (WHATWG Encoding Standard): pages
# labelled Latin-1 are written in windows-1252, which has the curly quotes and dashes.
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
}


_NOT_PAGE_ENCODINGS = frozenset(
    ("idna", "punycode", "raw-unicode-escape", "unicode-escape", "undefined", "mbcs", "oem")
)


def _known(label: str | bytes | None) -> str | None:
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    label = label.strip().lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    # codecs also knows base64, rot13, zlib, idna...: labels no page may use.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_PAGE_ENCODINGS:
        return None
    name = info.name
    # A page that declares UTF-16 in a <meta> tag it could be read in ASCII cannot
    # be UTF-16; the standard says to read it as UTF-8.
    return "utf-8" if name.startswith("utf-16") else name


def header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return _known(match.group(1)) if match else None


def meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:16_384])
    return _known(match.group(1)) if match else None


def detect(data: bytes) -> str:
    """Guess the encoding of undeclared bytes."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    best = charset_normalizer.from_bytes(data).best()
    # On short Western European text the detector cannot tell windows-1252 from
    # 1250 or 1257 (same letters, same score) and may pick one that turns 'å' into
    # 'ĺ'. Prefer 1252, the web's most common legacy charset, whenever it reads
    # the page at least as cleanly as the winner.
    western = charset_normalizer.from_bytes(data, cp_isolation=["cp1252"]).best()
    if western is not None and (
        best is None
        or (western.chaos <= best.chaos + 0.01 and western.coherence >= best.coherence - 0.05)
    ):
        return "cp1252"
    return best.encoding if best is not None else "cp1252"


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a page's bytes; return the text and the encoding that was used."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name
    declared = header_charset(content_type) or meta_charset(data)
    if declared:
        text = data.decode(declared, errors="replace")
        # A page whose declaration is plainly wrong (a windows-1252 page labelled
        # UTF-8 is common) is better detected than shown full of U+FFFD. A stray
        # bad byte or two in a correct page is not worth second-guessing.
        if text.count("\ufffd") <= max(3, len(text) // 2000):
            return text, declared
    encoding = detect(data)
    return data.decode(encoding, errors="replace"), encoding
