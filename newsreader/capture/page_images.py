"""Each real image on a page: its true source, its caption, a stand-in in its place.

trafilatura reads only ``src``/``data-src*`` of images that end in an image file
extension, and drops ``<figcaption>`` and ``<noscript>``. Here every ``<img>`` (and
inline ``<svg>``) is resolved to the picture it really shows (lazy-loading attributes,
``srcset``, ``<picture>``, ``<noscript>`` copies, inline SVG and ``data:`` images), its
caption is read and taken out of the text, furniture images (logos, icons, pixels) go,
and the rest get numbered stand-ins.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

import lxml.html
from lxml import etree

from newsreader.capture.dom import (
    WORD_SPLIT,
    is_prose,
    replace,
    text_of,
    tokens,
)
from newsreader.capture.page_captions import Captions
from newsreader.capture.prepared import (
    IMAGE_PLACEHOLDER_RE,
    INLINE_SCHEME,
    PageImage,
    PreparedPage,
    stand_in,
)
from newsreader.capture.sniff import sniff_image
from newsreader.capture.svg import SVG_NS, UnsafeSvg, looks_like_svg, sanitize_svg, svg_size
from newsreader.capture.urls import absolute, split

# A reading column is at most this many pixels wide; a larger candidate is only
# taken when nothing smaller is offered.
TARGET_WIDTH = 1600
# A media query is evaluated as if on a desktop window this wide.
VIEWPORT_WIDTH = 1280
MAX_INLINE_BYTES = 2 * 1024 * 1024  # a data: image or inline SVG larger than this is dropped
ICON_MAX_SIDE = 48  # an image this small in both directions is an icon
PIXEL_MAX_SIDE = 2  # an image this small in either direction is a tracking pixel

# Browsers display these; AVIF and JPEG XL are left for a candidate Qt can show.
_DISPLAYABLE_TYPES = frozenset(
    ("", "image/jpeg", "image/jpg", "image/png", "image/gif", "image/webp", "image/svg+xml")
)
_LAZY_SRCSET = ("data-srcset", "data-lazy-srcset", "data-original-set")
_LAZY_SRC = (
    "data-src",
    "data-original",
    "data-lazy-src",
    "data-lazy",
    "data-url",
    "data-hi-res-src",
    "data-full-src",
    "data-src-large",
    "data-echo",
    "data-image",
)

_FURNITURE_IMAGE_TOKENS = frozenset(
    [
        "logo",
        "icon",
        "icons",
        "avatar",
        "gravatar",
        "emoji",
        "sprite",
        "badge",
        "spinner",
        "loader",
        "loading",
        "placeholder",
        "pixel",
        "tracking",
        "tracker",
        "favicon",
        "share",
        "social",
    ]
)
_PLACEHOLDER_TOKENS = frozenset(
    [
        "blank",
        "spacer",
        "placeholder",
        "lazy",
        "loading",
        "loader",
        "spinner",
        "transparent",
        "pixel",
        "1x1",
        "grey",
        "gray",
        "empty",
        "dummy",
        "clear",
    ]
)


# --- choosing an image's source ---------------------------------------------------------------
@dataclass(frozen=True)
class _Candidate:
    url: str
    width: float | None  # estimated rendered width in pixels, if known


def parse_srcset(value: str) -> list[tuple[str, str]]:
    """(url, descriptor) pairs of a ``srcset``; the descriptor is '' when absent."""
    pairs = []
    position, length = 0, len(value)
    while position < length:
        while position < length and (value[position].isspace() or value[position] == ","):
            position += 1
        start = position
        while position < length and not value[position].isspace():
            position += 1
        url = value[start:position]
        descriptor = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            start = position
            while position < length and value[position] != ",":
                position += 1
            descriptor = value[start:position].strip()
        if url:
            pairs.append((url, descriptor))
    return pairs


_NUMBER = re.compile(r"\d{1,5}(\.\d{1,3})?", re.ASCII)


def _candidates(srcset: str, declared_width: int | None) -> list[_Candidate]:
    candidates = []
    for url, descriptor in parse_srcset(srcset):
        width: float | None = None
        descriptor = descriptor.lower().split(" ")[0] if descriptor else ""
        number = _NUMBER.fullmatch(descriptor[:-1]) if descriptor else None
        if number and descriptor.endswith("w"):
            width = float(number.group(0))
        elif number and descriptor.endswith("x"):
            width = float(number.group(0)) * (declared_width or TARGET_WIDTH / 2)
        elif declared_width:
            width = float(declared_width)
        candidates.append(_Candidate(url, width))
    return candidates


def _best(candidates: list[_Candidate]) -> str | None:
    if not candidates:
        return None
    sized = [c for c in candidates if c.width is not None]
    if not sized:
        return candidates[0].url
    fitting = [c for c in sized if c.width <= TARGET_WIDTH]
    if fitting:
        return max(fitting, key=lambda c: c.width).url
    return min(sized, key=lambda c: c.width).url


_MEDIA_FEATURE = re.compile(
    r"\(\s*(min|max)-width\s*:\s*(\d{1,5}(?:\.\d{1,3})?)(px|em|rem)?\s*\)", re.ASCII
)


def _media_matches(media: str) -> bool:
    media = media.strip().lower()
    if not media or media == "all" or media == "screen":
        return True
    for kind, number, unit in _MEDIA_FEATURE.findall(media):
        pixels = float(number) * (16 if unit in ("em", "rem") else 1)
        if (kind == "min" and pixels > VIEWPORT_WIDTH) or (
            kind == "max" and pixels < VIEWPORT_WIDTH
        ):
            return False
    return "print" not in media


def _is_placeholder(src: str) -> bool:
    src = src.strip()
    if not src or src.startswith(("about:", "javascript:", "#", "{")):
        return True
    if src.lower().startswith("data:"):
        # A tiny inline GIF or SVG that a script replaces once the image is in view.
        return len(src) < 200
    parts = split(src)
    if parts is None:
        return True
    name = parts.path.rsplit("/", 1)[-1].lower()
    return bool(set(WORD_SPLIT.split(name)) & _PLACEHOLDER_TOKENS)


_PIXELS = re.compile(r"\s*(\d{1,5})(\.\d+)?\s*(px)?\s*", re.ASCII | re.IGNORECASE)


def declared_pixels(element: etree._Element, name: str) -> int | None:
    """A size attribute ("640", "640px") as pixels; None when absent or unreadable."""
    match = _PIXELS.fullmatch(element.get(name) or "")
    return int(match.group(1)) if match else None


def _image_source(img: etree._Element) -> str | None:
    """The address of the best real picture an ``<img>`` (or its ``<picture>``) shows."""
    declared = declared_pixels(img, "width")
    picture = _picture_of(img)
    if picture is not None:
        for source in picture.iter("source"):
            kind = (source.get("type") or "").strip().lower()
            if kind not in _DISPLAYABLE_TYPES or not _media_matches(source.get("media") or ""):
                continue
            srcset = source.get("srcset") or source.get("data-srcset") or ""
            best = _best(_candidates(srcset, declared))
            if best and not _is_placeholder(best):
                return best
    for attribute in ("srcset", *_LAZY_SRCSET):
        best = _best(_candidates(img.get(attribute) or "", declared))
        # A lazy srcset is the real one; a plain srcset competes with data-src.
        lazy = attribute != "srcset" or not any(img.get(a) for a in _LAZY_SRC)
        if best and not _is_placeholder(best) and lazy:
            return best
    for attribute in (*_LAZY_SRC, "src"):
        value = (img.get(attribute) or "").strip()
        if value and not _is_placeholder(value):
            return value
    return None


def noscript_images(page: lxml.html.HtmlElement) -> None:
    """Put the real image of a ``<noscript>`` fallback where the lazy one stood."""
    for noscript in list(page.iter("noscript")):
        parent = noscript.getparent()
        if parent is None:
            continue
        found = list(noscript.iter("img"))
        markup = noscript.text or ""
        if not found and "<img" in markup and len(markup) < 4000:
            try:
                fragment = lxml.html.fragment_fromstring(markup, create_parent="div")
                found = list(fragment.iter("img"))
            except etree.ParserError:
                found = []
        # A broken page can leave a <noscript> open around the rest of it: only a
        # small fallback holding one picture is a lazy image's copy.
        if len(found) != 1 or len(noscript.text_content()) > 300:
            continue
        try:
            real = etree.Element("img", dict(found[0].attrib))
        except ValueError:  # an attribute name lxml refuses, from markup in text
            continue
        real.tail = noscript.tail
        # The script-driven twin is the image just before the fallback.
        twin = noscript.getprevious()
        if twin is not None and twin.tag != "img":
            inner = list(twin.iter("img"))
            twin = inner[0] if len(inner) == 1 and twin.tag in ("picture", "a", "span") else None
        if twin is not None and _image_source(twin):
            noscript.drop_tree()
            continue
        if twin is not None:
            twin.drop_tree()
        parent.replace(noscript, real)


# --- inline and data: images ------------------------------------------------------------------
def _inline_url(data: bytes, mime: str) -> str:
    extension = {"image/svg+xml": "svg", "image/jpeg": "jpg"}.get(mime, mime.split("/")[-1])
    return f"{INLINE_SCHEME}{hashlib.sha256(data).hexdigest()[:32]}.{extension}"


def decode_data_url(url: str) -> tuple[bytes, str] | None:
    """The bytes and media type of a ``data:`` image; None if it is not one we keep."""
    if len(url) > MAX_INLINE_BYTES * 4 // 3 + 200:
        return None
    header, _, payload = url[5:].partition(",")
    try:
        if header.lower().endswith(";base64"):
            data = base64.b64decode(payload, validate=False)
        else:
            data = unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return None
    if looks_like_svg(data):
        try:
            return sanitize_svg(data), "image/svg+xml"
        except UnsafeSvg:
            return None
    mime = sniff_image(data)
    return (data, mime) if mime else None


def _inline_svg(svg: etree._Element) -> bytes | None:
    """The inline ``<svg>`` as a safe SVG file, or None for an icon or a broken one."""
    # The HTML parser dropped the namespace, which an SVG file needs.
    markup = etree.tostring(svg, encoding="unicode", method="xml", with_tail=False)
    markup = re.sub(r"\sxmlns(:\w+)?=\"[^\"]*\"", "", markup)
    markup = re.sub(r"^<svg\b", f'<svg xmlns="{SVG_NS}"', markup, count=1)
    data = markup.replace("xlink:href", "href").encode("utf-8")
    if len(data) > MAX_INLINE_BYTES:
        return None
    size = svg_size(data)
    if size is None or (size[0] <= ICON_MAX_SIDE and size[1] <= ICON_MAX_SIDE):
        return None
    try:
        return sanitize_svg(data)
    except UnsafeSvg:
        return None


# --- images -----------------------------------------------------------------------------------
# An image declared at least this large in both directions is a picture of the page's
# own, whatever its markup's words say (a 48 px icon or a 728x90 banner is not).
CONTENT_MIN_SIDE = 150
# Site furniture lives in these: there a caption or a size does not make a logo content.
_FURNITURE_PLACES = frozenset(("nav", "footer", "aside"))
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg)$", re.IGNORECASE)


def _in_place(img: etree._Element, places: frozenset[str]) -> bool:
    return any(ancestor.tag in places for ancestor in img.iterancestors())


def _links_away(img: etree._Element) -> bool:
    """Whether ``img`` is (up to three levels inside) a link to another page rather than
    to a larger copy of itself: a teaser's thumbnail, whatever its caption or size."""
    for level, ancestor in enumerate(img.iterancestors()):
        if ancestor.tag == "a":
            parts = split(ancestor.get("href") or "")
            return parts is not None and not _IMAGE_FILE.search(parts.path)
        if level >= 2:
            return False
    return False


def _shown_as_content(
    img: etree._Element, width: int | None, height: int | None, captions: Captions | None
) -> bool:
    """Captioned outside nav/footer/aside, or declared large outside those and headers;
    never a thumbnail linking to another page (a teaser)."""
    if _links_away(img):
        return False
    if captions is not None and not _in_place(img, _FURNITURE_PLACES) and captions.has_caption(img):
        return True
    return (
        width is not None
        and height is not None
        and width >= CONTENT_MIN_SIDE
        and height >= CONTENT_MIN_SIDE
        and not _in_place(img, _FURNITURE_PLACES | {"header"})
    )


def _furniture_image(img: etree._Element, url: str, captions: Captions | None = None) -> bool:
    """Whether ``img`` (showing ``url``) is furniture: a pixel or icon by declared size
    (at most ``PIXEL_MAX_SIDE``/``ICON_MAX_SIDE`` px), else a logo, icon, avatar…
    named so by its file name, class, id, alt or link.

    Words never outweigh what the page shows: an image with a caption (``<figure>``
    with ``<figcaption>``, a credit, a loose caption line; ``page_captions``) outside a
    ``<nav>``/``<footer>``/``<aside>``, or one declared at least ``CONTENT_MIN_SIDE`` px
    both ways outside those and the page's ``<header>``, is content: a captioned photo
    whose alt says "logo" is a photo of a logo. A thumbnail linking to another page is
    a teaser and is judged by its words alone."""
    width, height = declared_pixels(img, "width"), declared_pixels(img, "height")
    if (width is not None and width <= PIXEL_MAX_SIDE) or (
        height is not None and height <= PIXEL_MAX_SIDE
    ):
        return True
    if (
        width is not None
        and height is not None
        and width <= ICON_MAX_SIDE
        and height <= ICON_MAX_SIDE
    ):
        return True
    if _shown_as_content(img, width, height, captions):
        return False
    parts = split(url)
    words = set(WORD_SPLIT.split(parts.path.rsplit("/", 1)[-1].lower())) if parts else set()
    words |= tokens(img) | set(WORD_SPLIT.split((img.get("alt") or "").lower()))
    link = img.getparent()
    if link is not None and link.tag == "a":
        words |= tokens(link)
    return bool(words & _FURNITURE_IMAGE_TOKENS)


# The headline and a photo of the article's header share a block this close above
# the headline ("<article><header><h1>…</h1><figure>…": one level).
HEADER_MAX_LEVELS = 3


def _is_captioned_photo(img: etree._Element, captions: Captions) -> bool:
    """A picture the page presents as a photo: in a ``<picture>``, or with a caption."""
    return _picture_of(img) is not None or captions.has_caption(img)


def header_images(
    heading: etree._Element | None, captions: Captions | None = None
) -> set[etree._Element]:
    """The photos of the article's header: in a ``<picture>`` or with a caption, in the
    headline's block (at most ``HEADER_MAX_LEVELS`` above it, below ``<body>``), after
    the headline and before its first paragraph of prose, or above the headline with no
    prose between. Newspapers put the lead photo there, and extraction treats the header
    as furniture. ``heading`` is the article's headline (``dom.headline``)."""
    if heading is None:
        return set()
    above = [
        a
        for a in list(heading.iterancestors())[:HEADER_MAX_LEVELS]
        if a.tag not in ("body", "html")
    ]
    if not above:
        return set()
    block = above[-1]
    before: list[etree._Element] = []
    after: list[etree._Element] = []
    passed = False
    for element in block.iter("img", "p", "h1"):
        if element is heading:
            passed = True
        elif element.tag == "p":
            # Before the headline, prose only matters when it separates pictures from it.
            if (passed or before) and is_prose(element):
                if passed:
                    break
                before.clear()
        elif element.tag == "img":
            (after if passed else before).append(element)
    if captions is None:
        captions = Captions()
    return {img for img in before + after if _is_captioned_photo(img, captions)}


def prepare_images(
    page: lxml.html.HtmlElement,
    base_url: str,
    prepared: PreparedPage,
    heading: etree._Element | None = None,
) -> None:
    """Each real image of ``page`` replaced by a stand-in ``prepared`` records, with its
    source, alt, caption and whether it is a photo of the header (``header_images``;
    ``heading`` is the article's headline)."""
    captions = Captions()
    header = header_images(heading, captions)
    for svg in list(page.iter("svg")):
        if svg.getparent() is None:
            continue
        data = _inline_svg(svg)
        if data is None:
            replace(svg, None)
            continue
        url = _inline_url(data, "image/svg+xml")
        prepared.inline[url] = (data, "image/svg+xml")
        label = svg.find("title")
        alt = text_of(label) if label is not None else (svg.get("aria-label") or "")
        caption = captions.take(svg)
        replace(svg, stand_in(prepared, PageImage(url, alt, caption), alt))

    for img in list(page.iter("img")):
        if img.getparent() is None or IMAGE_PLACEHOLDER_RE.match(img.get("src") or ""):
            continue
        source = _image_source(img)
        alt = " ".join((img.get("alt") or "").split())
        url: str | None = None
        if source and source.lower().startswith("data:"):
            decoded = decode_data_url(source)
            if decoded is not None:
                url = _inline_url(*decoded)
                prepared.inline[url] = decoded
        elif source:
            address = absolute(base_url, source)
            if address and address.startswith(("http://", "https://")):
                url = address
        if url is None or _furniture_image(img, url, captions):
            replace(_picture_or_self(img), None)
            continue
        caption = captions.take(img)
        image = PageImage(url, alt, caption, header=img in header)
        replace(_picture_or_self(img), stand_in(prepared, image, alt))


def _picture_of(img: etree._Element) -> etree._Element | None:
    # The HTML parser does not know <source> is empty: the <img> and later sources
    # end up nested inside the first <source>, so look a few levels up.
    for level, ancestor in enumerate(img.iterancestors()):
        if ancestor.tag == "picture":
            return ancestor
        if level >= 3 or ancestor.tag != "source":
            return None
    return None


def _picture_or_self(img: etree._Element) -> etree._Element:
    picture = _picture_of(img)
    return picture if picture is not None else img
