"""Turning the bytes of a web page into text with the right characters.

trafilatura looks at neither the HTTP header nor the ``<meta charset>``, so a
Norwegian page served as windows-1252 would lose its æ, ø and å. We decode first,
as browsers do (the HTML standard's encoding sniffing): byte-order mark, then the
declared charset (HTTP header, then ``<meta>``), then detection.

A declared label means what the WHATWG Encoding Standard says it means, from its label
table as the ``webencodings`` package implements it. Browsers read a label as the widest
encoding it has come to stand for, and so do we: ``gb2312`` is GBK, decoded (as the
standard says) by GB 18030, its superset; ``euc-kr`` is windows-949; ``iso-8859-1`` and
``ascii`` are windows-1252; ``shift_jis`` is Microsoft's extension, windows-31J;
``big5`` is windows-950 with HKSCS; ``tis-620`` is windows-874.

A declaration is believed only as far as the bytes bear it out. A page whose declared
decoding, so widened, still yields replacement characters, however few and however
large the page, is detected instead when detection reads it with fewer; a page that is
mostly UTF-8 with a few stray windows-1252 bytes (a template pasted into a UTF-8 page)
keeps its UTF-8 and reads the strays as windows-1252.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
import webencodings

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(rb"""<meta[^<>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([^\s;"']+)""", re.I)
# Browsers look for <meta charset> in the head, which may start with a lot of script.
META_SCAN_BYTES = 65_536

# WHATWG encoding name → the Python codec of the decoder the standard defines for it,
# where Python's codec of the same name is narrower ("The gbk decoder is the gb18030
# decoder"; Shift_JIS is index jis0208 with Microsoft's extensions, EUC-KR is
# windows-949; Big5 is Microsoft's windows-950 with HKSCS, by an error handler below).
_DECODERS = {"gbk": "gb18030", "shift_jis": "cp932", "euc-kr": "cp949", "big5": "cp950"}


# A text file's byte-order marks, UTF-32's before UTF-16's (UTF-32LE's FF FE 00 00
# begins with UTF-16LE's FF FE); each codec named skips its mark.
_TEXT_FILE_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bytes looked at to recognise UTF-16 written without a byte-order mark.
_SNIFF_BYTES = 4096


def text_file_codec(head: bytes) -> str | None:
    """The Unicode codec a text file's first bytes (``head``, a few KB) show, or None
    when they show none (read the file as UTF-8).

    A byte-order mark decides, whatever follows (the WHATWG Encoding Standard's
    "decode": the BOM wins); UTF-32's marks are recognised too, which the standard
    leaves out. Without a mark, UTF-16 is recognised by its NUL bytes: text that is
    mostly below U+0100 (a CSV header, a list of links) has a NUL in nearly every
    second byte and none in the others, as Windows writes "Unicode" text without a
    mark. Returns ``utf-8-sig``, ``utf-32``, ``utf-16``, ``utf-16-le`` or ``utf-16-be``.
    """
    for bom, codec in _TEXT_FILE_BOMS:
        if head.startswith(bom):
            return codec
    sample = head[: _SNIFF_BYTES & ~1]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= 0.7 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.7 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


def _stray_as_windows_1252(error: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: bytes that are not UTF-8 read as windows-1252."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("cp1252", errors="replace"), error.end


def _control_characters(error: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: the five bytes windows-1252 leaves undefined read as the
    C1 controls of the same number, as the WHATWG windows-1252 index maps them."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return bytes(error.object[error.start : error.end]).decode("latin-1"), error.end


def _jis0208_as_windows_31j(error: UnicodeError) -> tuple[str, int]:
    """Decoding error handler for EUC-JP: a two-byte code the codec does not know is read
    through the index the WHATWG EUC-JP decoder uses (JIS X 0208 with NEC's row 13 and
    the IBM extensions: ① ② ㈱ 髙 﨑), which windows-31J holds at the same row and cell;
    the row and cell become Shift_JIS bytes (JIS X 0208, annex 1)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    data, start = error.object, error.start
    if start + 1 < len(data) and 0xA1 <= data[start] <= 0xFE and 0xA1 <= data[start + 1] <= 0xFE:
        row, cell = data[start] - 0xA0, data[start + 1] - 0xA0
        lead = ((row - 1) >> 1) + (0x81 if row <= 62 else 0xC1)
        # Odd rows take the lower half of the trail bytes (skipping 0x7F), even the upper.
        trail = cell + (0x3F if cell <= 63 else 0x40) if row % 2 else cell + 0x9E
        try:
            return bytes((lead, trail)).decode("cp932"), start + 2
        except UnicodeDecodeError:
            pass
    return "\ufffd", start + 1


def _hkscs_pair(error: UnicodeError) -> tuple[str, int]:
    """Decoding error handler for Big5: a pair windows-950 does not know is read as
    Hong Kong's supplementary set (HKSCS), which the WHATWG Big5 index includes."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    pair = bytes(error.object[error.start : error.start + 2])
    try:
        return pair.decode("big5hkscs"), error.start + 2
    except UnicodeDecodeError:
        return "\ufffd", error.start + 1


# The name of the error handler reading bytes that are not UTF-8 as windows-1252.
STRAY_AS_WINDOWS_1252 = "newsreader-windows-1252"
codecs.register_error(STRAY_AS_WINDOWS_1252, _stray_as_windows_1252)
codecs.register_error("newsreader-c1", _control_characters)
codecs.register_error("newsreader-euc-jp", _jis0208_as_windows_31j)
codecs.register_error("newsreader-hkscs", _hkscs_pair)
_ERRORS = {"cp1252": "newsreader-c1", "euc_jp": "newsreader-euc-jp", "cp950": "newsreader-hkscs"}
# Python's EUC-JP reads six JIS X 0208 codes as JIS does; the WHATWG index (and every
# browser, and Shift_JIS pages as windows-31J reads them) as Microsoft does: a search
# for the fullwidth tilde (U+FF5E) must find it on an EUC-JP page too.
_AFTER = {
    "euc_jp": str.maketrans(
        {"\u301c": "\uff5e", "\u2016": "\u2225", "\u2212": "\uff0d"}
        | {"\u00a2": "\uffe0", "\u00a3": "\uffe1", "\u00ac": "\uffe2"}
    )
}


def _decode(data: bytes, codec: str) -> str:
    """``data`` read by ``codec`` as browsers read it: its error handler, its fixes."""
    text = data.decode(codec, errors=_ERRORS.get(codec, "replace"))
    table = _AFTER.get(codec)
    return text.translate(table) if table else text


def codec_for(label: str | bytes | None, *, in_meta: bool = False) -> str | None:
    """The Python codec a page's declared ``label`` stands for, as browsers read it;
    None for a label that is not an encoding (or one no page can be read in).

    ``in_meta``: the label came from a ``<meta>`` tag, where the HTML standard reads
    UTF-16 as UTF-8 (a page that could declare it in ASCII is not UTF-16) and
    ``x-user-defined`` as windows-1252.
    """
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    encoding = webencodings.lookup(label)
    if encoding is None or encoding.name == "replacement":
        # "replacement" stands for ISO-2022-KR, HZ and the like, which browsers refuse
        # to decode at all: the bytes are better detected.
        return None
    name = encoding.name
    if name in ("utf-16be", "utf-16le"):
        return "utf-8" if in_meta else name.replace("utf-16", "utf-16-")
    if name == "x-user-defined":
        return "cp1252" if in_meta else None
    if name in _DECODERS:
        return _DECODERS[name]
    return codecs.lookup(encoding.codec_info.name).name


def header_charset(content_type: str | None) -> str | None:
    """The codec a ``Content-Type`` header's charset parameter stands for, or None."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return codec_for(match.group(1)) if match else None


_COMMENT = re.compile(rb"<!--.*?(?:-->|$)", re.DOTALL)


def meta_charset(data: bytes) -> str | None:
    """The codec the page's first ``<meta charset>`` (or http-equiv) stands for, or
    None. A tag inside a comment is not read, as browsers do not read it."""
    head = data[:META_SCAN_BYTES]
    if b"<!--" in head:
        head = _COMMENT.sub(b"", head)
    match = _META_CHARSET.search(head)
    return codec_for(match.group(1), in_meta=True) if match else None


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


def _mostly_utf8(text: str) -> bool:
    """Whether a UTF-8 reading with errors holds more real characters beyond ASCII
    than bytes it could not read: a UTF-8 page with a few strays, not another charset."""
    bad = text.count("\ufffd")
    good = len(_BEYOND_ASCII.findall(text)) - bad
    return good > bad


_BEYOND_ASCII = re.compile(r"[^\x00-\x7f]")


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a page's bytes; return the text and the codec that was used."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name
    declared = header_charset(content_type) or meta_charset(data)
    if declared is None:
        encoding = detect(data)
        return _decode(data, encoding), encoding
    return _read_as(data, declared)


def _read_as(data: bytes, declared: str) -> tuple[str, str]:
    """The page read as a declared codec says, unless the bytes do not bear it out."""
    text = _decode(data, declared)
    if "\ufffd" not in text:
        return text, declared
    if declared == "utf-8" and _mostly_utf8(text):
        return data.decode("utf-8", errors=STRAY_AS_WINDOWS_1252), declared
    # The declaration does not fit the bytes, even read by the widest decoder its label
    # allows: detection, if it reads the page with fewer replacement characters.
    detected = detect(data)
    if detected != declared:
        guess = _decode(data, detected)
        if guess.count("\ufffd") < text.count("\ufffd"):
            return guess, detected
    return text, declared


def decode_stored(data: bytes, encoding: str | None) -> str:
    """A stored page's text, read as when it was saved: ``encoding`` is the codec
    ``decode_html`` chose then (``raw_encoding``), and the same rules apply to it (a
    byte-order mark first; stray bytes as then). Decoded afresh when it is unknown."""
    if encoding and not any(data.startswith(bom) for bom, _ in _BOMS):
        try:
            info = codecs.lookup(encoding)
        except LookupError:
            info = None
        if info is not None and getattr(info, "_is_text_encoding", True):
            return _read_as(data, info.name)[0]
    return decode_html(data)[0]
