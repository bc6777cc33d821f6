"""Preparing a page for trafilatura: the gaps its defaults leave, closed beforehand.

trafilatura reads only ``src``/``data-src*`` of images that end in an image file
extension, drops ``<figcaption>``, ``<noscript>``, iframes and most embeds, and keeps
images that sit in ad boxes. Before it runs, this module

- removes ad containers and boxes of links to other articles;
- resolves each real image (lazy-loading attributes, ``srcset``, ``<picture>``,
  ``<noscript>`` copies, inline SVG and ``data:`` images), reads its caption, and
  puts a numbered stand-in in its place that trafilatura is sure to keep or drop
  as a whole;
- turns embedded posts and videos into a numbered stand-in paragraph.

``refine`` puts the real images (as figures with captions) and the embed cards back
where the stand-ins survived.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote_to_bytes

import lxml.html
from lxml import etree

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
# A container with this much text of its own is content, whatever its class says.
FURNITURE_MAX_WORDS = 80

IMAGE_PLACEHOLDER = "https://newsreader.invalid/image/{}.png"
IMAGE_PLACEHOLDER_RE = re.compile(r"^https://newsreader\.invalid/image/(\d+)\.png$")
EMBED_TOKEN = "nrembedtoken{}x"
EMBED_TOKEN_RE = re.compile(r"nrembedtoken(\d+)x")
INLINE_SCHEME = "inline:"

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

_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_AD_TOKENS = frozenset(
    [
        "ad",
        "ads",
        "adv",
        "advert",
        "adverts",
        "advertisement",
        "advertisements",
        "advertising",
        "adsbygoogle",
        "adslot",
        "adunit",
        "annonse",
        "annonser",
        "anzeige",
        "reklame",
        "sponsored",
        "sponsor",
        "dfp",
        "gpt",
        "outbrain",
        "taboola",
    ]
)
# Subscribe and login walls: their text is an offer, not the article.
_WALL_TOKENS = frozenset(("paywall", "regwall", "subscribe", "subscription", "piano"))
_TEASER_TOKENS = frozenset(
    [
        "related",
        "relaterte",
        "recommended",
        "recommendations",
        "recirculation",
        "mostread",
        "popular",
        "readmore",
        "lesogsa",
        "newsletter",
    ]
)
# Joined pairs, for class names written as two words ("most-read", "les-ogsa").
_TEASER_PAIRS = frozenset(
    ("most read", "mest lest", "read more", "les ogsa", "les mer", "more stories")
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
_CAPTION_TOKENS = frozenset(
    [
        "caption",
        "captions",
        "figcaption",
        "bildetekst",
        "bildtext",
        "bildunterschrift",
        "legend",
        "imagetext",
    ]
)
_CREDIT_TOKENS = frozenset(
    [
        "credit",
        "credits",
        "copyright",
        "photographer",
        "photocredit",
        "byline",
        "source",
        "kilde",
        "fotograf",
    ]
)
_MEDIA_CONTAINER_TOKENS = frozenset(("image", "img", "photo", "picture", "media", "figure"))
_PROTECTED = frozenset(("html", "body", "main", "article"))


@dataclass(frozen=True)
class PageImage:
    url: str  # absolute http(s) address, or "inline:<digest>.<ext>" for a stored payload
    alt: str = ""
    caption: str = ""


@dataclass(frozen=True)
class Embed:
    kind: str  # "Twitter", "Instagram", "YouTube"...
    url: str
    text: str = ""


@dataclass
class PreparedPage:
    images: list[PageImage] = field(default_factory=list)
    inline: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # url → (data, mime)
    embeds: list[Embed] = field(default_factory=list)


def _tokens(element: etree._Element) -> set[str]:
    words = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return set(_WORD_SPLIT.split(words)) - {""}


def _pairs(tokens_text: str) -> bool:
    text = " ".join(_WORD_SPLIT.split(tokens_text.lower()))
    return any(pair in text for pair in _TEASER_PAIRS)


def _text(element: etree._Element) -> str:
    return " ".join(element.text_content().split())


def _own_words(element: etree._Element) -> int:
    """Words of the element's text that are not link text."""
    total = len(_text(element).split())
    linked = sum(len(_text(a).split()) for a in element.iter("a"))
    return total - linked


def _remove(element: etree._Element) -> None:
    """Remove an element but keep the text that followed it."""
    element.drop_tree()


# --- furniture ----------------------------------------------------------------------------
def _is_furniture(element: etree._Element) -> bool:
    if element.tag in _PROTECTED:
        return False
    if (
        element.get("class") is None
        and element.get("id") is None
        and element.tag not in ("amp-ad", "amp-embed")
        and element.get("data-ad-slot") is None
    ):
        return False  # most elements: nothing to judge them by
    tokens = _tokens(element)
    if element.tag == "ins" and "adsbygoogle" in tokens:
        return True
    if element.tag in ("amp-ad", "amp-embed"):
        return True
    if "badge" in tokens and len(_text(element).split()) <= 3:
        return True  # "+ ABONNENT", "Premium": a label, not a sentence
    hit = bool(tokens & (_AD_TOKENS | _TEASER_TOKENS | _WALL_TOKENS)) or _pairs(
        f"{element.get('class') or ''} {element.get('id') or ''}"
    )
    if not hit and element.get("data-ad-slot") is None:
        return False
    # A wrapper whose class mentions ads ("has-ads") may hold the article itself.
    return _own_words(element) <= FURNITURE_MAX_WORDS and len(element.findall(".//p")) <= 4


def _drop_furniture(page: lxml.html.HtmlElement) -> None:
    for element in list(page.iter(etree.Element)):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        try:
            if _is_furniture(element):
                _remove(element)
        except ValueError:  # already detached with an ancestor
            continue


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
    return bool(set(_WORD_SPLIT.split(name)) & _PLACEHOLDER_TOKENS)


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


def _noscript_images(page: lxml.html.HtmlElement) -> None:
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


# --- captions ---------------------------------------------------------------------------------
def _figure_of(img: etree._Element) -> etree._Element | None:
    """The figure (or figure-like wrapper) an image belongs to, up to three levels up."""
    element = img.getparent()
    for _ in range(4):
        if element is None or element.tag in _PROTECTED:
            return None
        if element.tag == "figure":
            return element
        if (
            _tokens(element) & _MEDIA_CONTAINER_TOKENS
            and len(list(element.iter("img"))) == 1
            and (element.find(".//p") is None or _own_words(element) < 60)
        ):
            return element
        element = element.getparent()
    return None


def _spaced_text(element: etree._Element) -> str:
    """The element's text, with a space where a nested block or credit starts
    ("Molde.<span class=credit>Foto: Privat</span>" reads "Molde. Foto: Privat")."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            separate = child.tag not in ("a", "b", "i", "em", "strong", "small", "abbr", "q")
            parts.append(
                (" " if separate else "") + _spaced_text(child) + (" " if separate else "")
            )
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _caption_parts(figure: etree._Element, img: etree._Element) -> list[etree._Element]:
    parts = []
    for element in figure.iter(etree.Element):
        if element is figure or any(p in parts for p in element.iterancestors()):
            continue
        captioning = element.tag == "figcaption" or _tokens(element) & (
            _CAPTION_TOKENS | _CREDIT_TOKENS
        )
        # A caption may hold an icon (a camera), never the picture itself.
        if captioning and img not in element.iter():
            parts.append(element)
    return parts


_LOOSE_CAPTION_MAX_WORDS = 40


def _loose_caption(img: etree._Element) -> str:
    """A caption without markup, as old layouts write it: the picture, a line break,
    and a short line of small text, alone in their cell or box."""
    holder: etree._Element = img
    container = img.getparent()
    while container is not None and container.tag in ("a", "picture", "source"):
        holder, container = container, container.getparent()
    if container is None or container.tag not in ("td", "div", "center", "p", "span"):
        return ""
    if (container.text or "").strip() or holder.getprevious() is not None:
        return ""  # text before the picture: it sits inside a paragraph
    following = holder.getnext()
    if following is None or following.tag not in ("br", "font", "i", "em", "small", "span"):
        return ""
    rest = [e for e in holder.itersiblings()]
    if any(e.tag in ("img", "p", "div", "table") or e.find(".//img") is not None for e in rest):
        return ""
    text = " ".join(" ".join(e.itertext()) + " " + (e.tail or "") for e in rest)
    text = " ".join(((holder.tail or "") + " " + text).split())
    if not 2 <= len(text.split()) <= _LOOSE_CAPTION_MAX_WORDS:
        return ""
    for element in rest:
        container.remove(element)
    holder.tail = None
    return text


def _caption(img: etree._Element) -> str:
    figure = _figure_of(img)
    if figure is None:
        return _loose_caption(img)
    parts = _caption_parts(figure, img)
    caption = " ".join(text for text in (_spaced_text(part) for part in parts) if text)
    for part in parts:
        if part.getparent() is not None:
            _remove(part)
    return caption


# --- images -----------------------------------------------------------------------------------
def _furniture_image(img: etree._Element, url: str) -> bool:
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
    parts = split(url)
    words = set(_WORD_SPLIT.split(parts.path.rsplit("/", 1)[-1].lower())) if parts else set()
    words |= _tokens(img) | set(_WORD_SPLIT.split((img.get("alt") or "").lower()))
    link = img.getparent()
    if link is not None and link.tag == "a":
        words |= _tokens(link)
    return bool(words & _FURNITURE_IMAGE_TOKENS)


def _stand_in(page: PreparedPage, image: PageImage, alt: str) -> etree._Element:
    number = len(page.images)
    page.images.append(image)
    return etree.Element("img", {"src": IMAGE_PLACEHOLDER.format(number), "alt": alt})


def _replace(old: etree._Element, new: etree._Element | None) -> None:
    parent = old.getparent()
    if parent is None:
        return
    if new is None:
        _remove(old)
        return
    new.tail = old.tail
    parent.replace(old, new)


def _prepare_images(page: lxml.html.HtmlElement, base_url: str, prepared: PreparedPage) -> None:
    for svg in list(page.iter("svg")):
        if svg.getparent() is None:
            continue
        data = _inline_svg(svg)
        if data is None:
            _replace(svg, None)
            continue
        url = _inline_url(data, "image/svg+xml")
        prepared.inline[url] = (data, "image/svg+xml")
        title = svg.find("title")
        alt = _text(title) if title is not None else (svg.get("aria-label") or "")
        caption = _caption(svg)
        _replace(svg, _stand_in(prepared, PageImage(url, alt, caption), alt))

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
        if url is None or _furniture_image(img, url):
            _replace(_picture_or_self(img), None)
            continue
        caption = _caption(img)
        _replace(_picture_or_self(img), _stand_in(prepared, PageImage(url, alt, caption), alt))


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


# --- embeds -----------------------------------------------------------------------------------
_VIDEO_HOSTS = {
    "youtube.com": "YouTube",
    "youtube-nocookie.com": "YouTube",
    "youtu.be": "YouTube",
    "vimeo.com": "Vimeo",
    "dailymotion.com": "Dailymotion",
    "spotify.com": "Spotify",
    "soundcloud.com": "SoundCloud",
    "tiktok.com": "TikTok",
    "twitter.com": "Twitter",
    "x.com": "X",
    "instagram.com": "Instagram",
    "facebook.com": "Facebook",
}
_BLOCKQUOTE_EMBEDS = {
    "twitter-tweet": "Twitter",
    "twitter-video": "Twitter",
    "instagram-media": "Instagram",
    "tiktok-embed": "TikTok",
    "fb-xfbml-parse-ignore": "Facebook",
    "bluesky-embed": "Bluesky",
    "mastodon-embed": "Mastodon",
    "threads-embed": "Threads",
}


def _host_kind(url: str) -> str | None:
    parts = split(url)
    host = ((parts.hostname if parts else None) or "").lower()
    host = host.removeprefix("www.").removeprefix("m.")
    for known, kind in _VIDEO_HOSTS.items():
        if host == known or host.endswith("." + known):
            return kind
    return None


def _video_page(url: str) -> str:
    """The watch page of an embedded player, which is what a reader can open."""
    parts = split(url)
    if parts is None:
        return url
    host = (parts.hostname or "").lower()
    if "youtube" in host and "/embed/" in parts.path:
        video = parts.path.split("/embed/", 1)[1].split("/")[0]
        if video and video != "videoseries":
            return f"https://www.youtube.com/watch?v={video}"
        playlist = parse_qs(parts.query).get("list")
        if playlist:
            return f"https://www.youtube.com/playlist?list={playlist[0]}"
    if host.endswith("player.vimeo.com") and parts.path.startswith("/video/"):
        return f"https://vimeo.com/{parts.path.split('/')[2]}"
    return url


def _embed_token(prepared: PreparedPage, embed: Embed) -> etree._Element:
    paragraph = etree.Element("p")
    paragraph.text = EMBED_TOKEN.format(len(prepared.embeds))
    prepared.embeds.append(embed)
    return paragraph


def _outermost_wrapper(element: etree._Element) -> etree._Element:
    """The element, or the wrappers around it that hold nothing else: extraction
    judges a player's box ("embed-video") by its class, so the box must go too."""
    while True:
        parent = element.getparent()
        if (
            parent is None
            or parent.tag in _PROTECTED
            or parent.tag not in ("div", "span", "figure", "p")
        ):
            return element
        others = (parent.text or "").strip() or any(
            child is not element and (isinstance(child.tag, str) or (child.tail or "").strip())
            for child in parent
        )
        if others or (element.tail or "").strip():
            return element
        element = parent


_DOCUMENT = re.compile(r"\.(pdf|docx?|xlsx?|pptx?|odt|ods|csv|zip)$", re.I)


def _prepare_source_links(
    page: lxml.html.HtmlElement, base_url: str, prepared: PreparedPage
) -> None:
    """A paragraph that is only a link to a document or another site is a source the
    article cites; extraction drops it as a link list, so it gets a stand-in."""
    base = split(base_url)
    page_host = (base.hostname if base else None) or ""
    for paragraph in list(page.iter("p")):
        links = paragraph.findall(".//a")
        if len(links) != 1 or not _only_link(paragraph) or paragraph.getparent() is None:
            continue
        href = absolute(base_url, links[0].get("href") or "")
        parts = split(href) if href else None
        if parts is None or parts.scheme not in ("http", "https") or _host_kind(href):
            continue
        if parts.hostname == page_host and not _DOCUMENT.search(parts.path):
            continue  # a link to another page of this site: a teaser, refine decides
        _replace(paragraph, _embed_token(prepared, Embed("Link", href, _text(paragraph))))


def _prepare_embeds(page: lxml.html.HtmlElement, base_url: str, prepared: PreparedPage) -> None:
    for quote in list(page.iter("blockquote")):
        kind = next((k for c, k in _BLOCKQUOTE_EMBEDS.items() if c in _tokens_raw(quote)), None)
        if kind is None or quote.getparent() is None:
            continue
        url = (
            quote.get("data-instgrm-permalink")
            or quote.get("cite")
            or next(
                (
                    a.get("href")
                    for a in reversed(list(quote.iter("a")))
                    if _host_kind(a.get("href") or "")
                ),
                None,
            )
            or ""
        )
        url = (absolute(base_url, url) or "") if url else ""
        text = "\n".join(
            _text(p) for p in quote.iter("p") if _text(p) and not _only_link(p)
        ) or _text(quote)
        if not url and not text:
            continue
        _replace(_outermost_wrapper(quote), _embed_token(prepared, Embed(kind, url, text)))
    for frame in list(page.iter("iframe", "embed", "video")):
        source = (frame.get("src") or frame.get("data-src") or "").strip()
        if not source and frame.tag == "video":
            source = next((s.get("src") or "" for s in frame.iter("source")), "")
        url = (absolute(base_url, source) or "") if source else ""
        kind = _host_kind(url) if url else None
        if kind is None or frame.getparent() is None:
            continue
        title = " ".join((frame.get("title") or frame.get("aria-label") or "").split())
        embed = Embed(kind, _video_page(url), title)
        _replace(_outermost_wrapper(frame), _embed_token(prepared, embed))


def _tokens_raw(element: etree._Element) -> str:
    return f" {element.get('class') or ''} ".lower()


def _only_link(paragraph: etree._Element) -> bool:
    links = "".join(_text(a) for a in paragraph.iter("a"))
    return bool(links) and len(links) >= len(_text(paragraph)) * 0.8


def _drop_impostors(page: lxml.html.HtmlElement) -> None:
    """A page's own text or images that look like this module's stand-ins would be
    taken for them later; they are removed first."""
    for img in page.xpath("//img[contains(@src, 'newsreader.invalid')]"):
        if img.getparent() is not None:
            _remove(img)
    # Searched in C: nearly every page has none, and a walk over every node is not free.
    for text in page.xpath("//text()[contains(., 'nrembedtoken')]"):
        element = text.getparent()
        name = "tail" if text.is_tail else "text"
        setattr(element, name, getattr(element, name).replace("nrembedtoken", ""))


# --- the whole preparation ----------------------------------------------------------------------
def prepare(page: lxml.html.HtmlElement, base_url: str) -> PreparedPage:
    """Change ``page`` in place for trafilatura; what it took out, to put back later."""
    prepared = PreparedPage()
    _drop_impostors(page)
    # Scripts and styles first: their text would otherwise count as content below.
    for element in list(page.iter("script", "style", "template")):
        if element.get("type", "").lower() != "application/ld+json":
            _remove(element)
    _drop_furniture(page)
    _noscript_images(page)
    _prepare_embeds(page, base_url, prepared)
    _prepare_source_links(page, base_url, prepared)
    _prepare_images(page, base_url, prepared)
    return prepared
