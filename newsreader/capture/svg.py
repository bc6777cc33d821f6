"""Making an SVG image safe to keep: drawing only, no script, no outside references.

An SVG is a document, not a picture: it can carry script, event handlers, HTML in a
``foreignObject`` and references to other files or the network. Only an allow-list
of drawing elements and attributes survives here, and every reference must point
inside the image itself (``#id``). Qt's renderer would not run script either; this
is the second lock, and it also keeps the stored file harmless for anything else
that opens it.
"""

from __future__ import annotations

import re

from lxml import etree

MAX_SVG_BYTES = 1024 * 1024

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

_ELEMENTS = frozenset(
    [
        "svg",
        "g",
        "defs",
        "symbol",
        "use",
        "title",
        "desc",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "textPath",
        "linearGradient",
        "radialGradient",
        "stop",
        "clipPath",
        "mask",
        "pattern",
        "marker",
        "switch",
    ]
)
_ATTRIBUTES = frozenset(
    [
        "id",
        "class",
        "width",
        "height",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "d",
        "points",
        "viewBox",
        "preserveAspectRatio",
        "transform",
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-miterlimit",
        "opacity",
        "offset",
        "stop-color",
        "stop-opacity",
        "gradientUnits",
        "gradientTransform",
        "spreadMethod",
        "fx",
        "fy",
        "clip-path",
        "clip-rule",
        "clipPathUnits",
        "mask",
        "maskUnits",
        "maskContentUnits",
        "patternUnits",
        "patternContentUnits",
        "patternTransform",
        "markerWidth",
        "markerHeight",
        "markerUnits",
        "refX",
        "refY",
        "orient",
        "marker-start",
        "marker-mid",
        "marker-end",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "text-anchor",
        "dominant-baseline",
        "alignment-baseline",
        "baseline-shift",
        "letter-spacing",
        "word-spacing",
        "dx",
        "dy",
        "rotate",
        "lengthAdjust",
        "textLength",
        "startOffset",
        "display",
        "visibility",
        "color",
        "vector-effect",
        "shape-rendering",
        "text-rendering",
        "version",
        "href",
        "style",
    ]
)
# A presentation value may only refer to something inside this image. CSS escapes
# (u\72l), at-rules, quoted strings and functions other than colours and url(#id)
# could all reach outside, so a style value with any of them goes whole.
# A function name is read from the start of its run of name characters only (not
# from every word boundary inside it): a style of "a-a-a-…" is then read once, not
# once a hyphen (quadratic, and a style may be 1 MB).
_UNSAFE_STYLE = re.compile(
    r"[\\@\"'<>]|(?<![\w-])(?!(?:rgba?|hsla?|url)\()[\w-]+\(|url\(\s*(?!#)", re.I
)
_OUTSIDE_REFERENCE = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import|expression\s*\(|javascript:", re.I)
# The HTML parser lowercases names (viewbox, lineargradient); SVG needs them as written.
_CANONICAL = {name.lower(): name for name in _ELEMENTS | _ATTRIBUTES}
_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]", re.S)


class UnsafeSvg(ValueError):
    """The data is not an SVG image that can be kept."""


def looks_like_svg(data: bytes) -> bool:
    return bool(_ROOT.match(data[:4096]))


def _local(name: str) -> str:
    local = name.rsplit("}", 1)[-1]
    return _CANONICAL.get(local.lower(), local)


def sanitize_svg(data: bytes) -> bytes:
    """The image with everything but drawing removed; UnsafeSvg if it is not an SVG."""
    if len(data) > MAX_SVG_BYTES:
        raise UnsafeSvg(f"the SVG is larger than {MAX_SVG_BYTES // 1024} KB")
    # No DTD, no entities, no network: a billion-laughs or XXE document fails here.
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise UnsafeSvg(f"not a well-formed SVG ({exc})") from exc
    if root is None or root.tag != f"{{{SVG_NS}}}svg":
        raise UnsafeSvg("not an SVG image (no SVG namespace)")
    _clean(root)
    etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="utf-8", xml_declaration=False)


def _clean(element: etree._Element) -> None:
    for child in list(element):
        tag = child.tag if isinstance(child.tag, str) else ""
        namespace = tag[1:].split("}", 1)[0] if tag.startswith("{") else SVG_NS
        if namespace != SVG_NS or _local(tag) not in _ELEMENTS:
            # Keep the text that followed the removed element, where it stood (after
            # the previous sibling). O(1): len(element) would walk every child.
            tail = child.tail
            previous = child.getprevious()
            element.remove(child)
            if tail and previous is not None:
                previous.tail = (previous.tail or "") + tail
            elif tail:
                element.text = (element.text or "") + tail
            continue
        if child.tag != f"{{{SVG_NS}}}{_local(tag)}":
            child.tag = f"{{{SVG_NS}}}{_local(tag)}"
        _clean(child)
    for name, value in list(element.attrib.items()):
        local = _local(name)
        namespace = name[1:].split("}", 1)[0] if name.startswith("{") else ""
        allowed = local in _ATTRIBUTES and namespace in ("", XLINK_NS)
        if local == "href" and not value.strip().startswith("#"):
            allowed = False
        if allowed and _OUTSIDE_REFERENCE.search(value):
            allowed = False
        if allowed and local == "style" and _UNSAFE_STYLE.search(value):
            allowed = False
        if not allowed:
            del element.attrib[name]
        elif namespace == "" and local != name:
            del element.attrib[name]
            element.set(local, value)


def svg_size(data: bytes) -> tuple[int, int] | None:
    """The width and height an SVG declares (attributes, else its viewBox)."""
    match = re.search(rb"<svg\b[^>]*>", data[:8192], re.I)
    if not match:
        return None
    tag = match.group(0).decode("utf-8", "replace")

    def attribute(name: str) -> str:
        found = re.search(rf"\s{name}\s*=\s*[\"']([^\"']*)[\"']", tag, re.I)
        return found.group(1) if found else ""

    def pixels(value: str) -> float | None:
        found = re.fullmatch(r"\s*(\d{1,5}(\.\d{1,3})?)\s*(px)?\s*", value, re.ASCII)
        return float(found.group(1)) if found else None

    width, height = pixels(attribute("width")), pixels(attribute("height"))
    box = attribute("viewBox").replace(",", " ").split()
    if (width is None or height is None) and len(box) == 4:
        width, height = width or pixels(box[2]), height or pixels(box[3])
    if not width or not height:
        return None
    return round(width), round(height)
