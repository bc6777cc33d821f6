"""From an extracted body to the stored article HTML.

trafilatura returns its own XML (``<head rend="h2">``, ``<list rend="ol">``,
``<hi rend="#b">``…); its HTML conversion turns ordered lists into bullets and
inline code into blocks, so the conversion is done here. Then ``finish`` puts back
what ``page_prep`` took out (images as figures with captions, embed cards), makes
every link absolute and safe, and removes teaser links to other articles.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

import lxml.html
from lxml import etree

from newsreader.capture.dom import only_child
from newsreader.capture.prepared import (
    EMBED_TOKEN_RE,
    IMAGE_PLACEHOLDER_RE,
    INLINE_SCHEME,
    Embed,
    PageImage,
    PreparedPage,
)
from newsreader.capture.text import squashed
from newsreader.capture.urls import absolute, split

_LINK_SCHEMES = frozenset(("http", "https", "mailto"))
_IMAGE_SCHEMES = frozenset(("http", "https"))

_HI = {"#b": "strong", "#i": "em", "#u": "u", "#t": "code", "#sub": "sub", "#sup": "sup"}
_SIMPLE = {
    "p": "p",
    "item": "li",
    "quote": "blockquote",
    "lb": "br",
    "row": "tr",
    "table": "table",
    "del": "s",
    "div": "div",
    "span": "span",
}
# Where a <code> is part of running text rather than a block of its own.
_RUNNING_TEXT = frozenset(("p", "item", "cell", "hi", "head", "ref", "li", "td", "th"))


def _convert(element: etree._Element, parent: etree._Element) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    new: etree._Element | None
    if tag == "head":
        rend = element.get("rend") or "h3"
        level = rend[1:] if rend[:1] == "h" and rend[1:].isdigit() else "3"
        new = etree.SubElement(parent, f"h{min(max(int(level), 1), 6)}")
    elif tag == "list":
        new = etree.SubElement(parent, "ol" if element.get("rend") == "ol" else "ul")
    elif tag == "hi":
        new = etree.SubElement(parent, _HI.get(element.get("rend") or "", "em"))
    elif tag == "ref":
        new = etree.SubElement(parent, "a")
        if element.get("target"):
            new.set("href", element.get("target"))
    elif tag == "graphic":
        new = etree.SubElement(parent, "img")
        for name in ("src", "alt"):
            if element.get(name):
                new.set(name, element.get(name))
    elif tag == "cell":
        new = etree.SubElement(parent, "th" if element.get("role") == "head" else "td")
    elif tag == "code":
        inline = parent.tag in _RUNNING_TEXT and "\n" not in "".join(element.itertext())
        if inline:
            new = etree.SubElement(parent, "code")
        else:
            # trafilatura nests a <pre><code> block as code in code: one block, its text.
            block = etree.SubElement(parent, "pre")
            new = etree.SubElement(block, "code")
            new.text = "".join(element.itertext())
            new.tail = None
            block.tail = element.tail
            return
    elif tag in _SIMPLE:
        new = etree.SubElement(parent, _SIMPLE[tag])
    else:  # anything unexpected keeps its text, not its markup
        new = None
    target = new if new is not None else parent
    if element.text:
        _append_text(target, element.text)
    for child in element:
        _convert(child, target)
    if new is not None:
        new.tail = element.tail
    elif element.tail:
        _append_text(parent, element.tail)


def _append_text(element: etree._Element, text: str) -> None:
    # The last child in O(1) (``len(element)`` would count every child).
    last = next(element.iterchildren(reversed=True), None)
    if last is not None:
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text


def xml_to_html(body: etree._Element) -> lxml.html.HtmlElement:
    """trafilatura's XML body as an HTML ``<div>`` holding the article's blocks."""
    root = etree.Element("div")
    root.text = body.text
    for child in body:
        _convert(child, root)
    # Round-trip through the HTML parser so the result is an ordinary HTML tree.
    markup = etree.tostring(root, encoding="unicode", method="html")
    return lxml.html.fragment_fromstring(markup)


# --- images and embeds back in place ------------------------------------------------------------
def _figure(img: etree._Element, caption: str) -> etree._Element:
    figure = etree.Element("figure")
    figure.append(img)
    img.tail = None
    if caption:
        text = etree.SubElement(figure, "figcaption")
        text.text = caption
    return figure


def _alone_in(img: etree._Element) -> etree._Element | None:
    """The paragraph or link an image stands alone in, which the figure replaces."""
    container = img
    while True:
        parent = container.getparent()
        if parent is None or parent.getparent() is None:
            return container  # never the body's own root
        if parent.tag not in ("p", "a", "span", "em", "strong", "div"):
            return container
        # Alone: the parent's only child, with no text of the parent's around it. Each
        # question is O(1) (lxml's len() counts the children one by one): a parent
        # holding N images is not read N times.
        if (
            not only_child(container)
            or (parent.text or "").strip()
            or (container.tail or "").strip()
        ):
            return container
        container = parent


def _restore_images(root: etree._Element, prepared: PreparedPage) -> None:
    seen: set[str] = set()
    for img in list(root.iter("img")):
        match = IMAGE_PLACEHOLDER_RE.match(img.get("src") or "")
        number = int(match.group(1)) if match else -1
        if not 0 <= number < len(prepared.images):
            # Only images that went through page_prep are trusted.
            img.drop_tree()
            continue
        image = prepared.images[number]
        if image.url in seen:
            img.drop_tree()
            continue
        seen.add(image.url)
        img.set("src", image.url)
        if image.alt:
            img.set("alt", image.alt)
        elif "alt" in img.attrib:
            del img.attrib["alt"]
        block = _alone_in(img)
        if block is img and img.getparent() is not root and _in_running_text(img):
            continue  # an image inside a sentence stays inline
        tail = block.tail
        parent = block.getparent()
        figure = _figure(etree.Element("img", dict(img.attrib)), image.caption)
        figure.tail = tail
        parent.replace(block, figure)


def _in_running_text(img: etree._Element) -> bool:
    parent = img.getparent()
    return bool((img.tail or "").strip() or (parent.text or "").strip())


def _card(embed: Embed) -> etree._Element:
    if embed.kind == "Link":
        paragraph = etree.Element("p")
        etree.SubElement(paragraph, "a", {"href": embed.url}).text = embed.text or embed.url
        return paragraph
    quote = etree.Element("blockquote", {"class": "embed"})
    for line in embed.text.split("\n"):
        if line.strip():
            etree.SubElement(quote, "p").text = line.strip()
    if embed.url:
        paragraph = etree.SubElement(quote, "p")
        paragraph.text = f"{embed.kind}: "
        link = etree.SubElement(paragraph, "a", {"href": embed.url})
        link.text = embed.url
    return quote


def _restore_embeds(root: etree._Element, prepared: PreparedPage) -> None:
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        holder = element.tag in ("p", "li") or (
            element.tag == "div" and [child.tag for child in element] in ([], ["p"])
        )
        text = "".join(element.itertext()).strip() if holder else ""
        match = EMBED_TOKEN_RE.fullmatch(text) if text else None
        if match and int(match.group(1)) < len(prepared.embeds):
            card = _card(prepared.embeds[int(match.group(1))])
            card.tail = element.tail
            element.getparent().replace(element, card)
    # A token that ended up inside other text is only noise.
    for element in root.iter():
        for name in ("text", "tail"):
            value = getattr(element, name)
            if value and "nrembedtoken" in value:
                setattr(element, name, EMBED_TOKEN_RE.sub("", value))


# --- links --------------------------------------------------------------------------------------
# The only attributes a stored article keeps: everything else (styles, handlers, the
# src of a <video> or <area> that the fallback block let through) goes.
_KEPT_ATTRIBUTES = {
    "a": ("href",),
    "img": ("src", "alt"),
    "td": ("colspan", "rowspan"),
    "th": ("colspan", "rowspan"),
    "blockquote": ("class",),
}
_DROPPED_TAGS = ("video", "audio", "source", "track", "map", "area", "object", "embed", "iframe")


def _safe_markup(root: etree._Element, base_url: str) -> None:
    for element in list(root.iter(*_DROPPED_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in root.iter(etree.Element):
        kept = _KEPT_ATTRIBUTES.get(element.tag, ())
        for name in list(element.attrib):
            if name not in kept or (name == "class" and element.get(name) != "embed"):
                del element.attrib[name]
    for element in root.iter("a", "img"):
        attribute = "href" if element.tag == "a" else "src"
        value = (element.get(attribute) or "").strip()
        if not value:
            continue
        if element.tag == "img" and value.startswith(INLINE_SCHEME):
            continue
        address = absolute(base_url, value)
        parts = split(address) if address else None
        # A saved article may only point at the web: a javascript:, file: or smb:
        # link from a hostile page must not reach the reader's desktop.
        allowed = _LINK_SCHEMES if element.tag == "a" else _IMAGE_SCHEMES
        if parts is not None and parts.scheme.lower() in allowed:
            element.set(attribute, address)
        else:
            del element.attrib[attribute]


# --- teasers ------------------------------------------------------------------------------------
_TEASER_PREFIX = re.compile(
    r"^\W*(les også|les mer|lest dette|se også|sjekk også|anbefalt|relatert|"
    r"read more|read also|also read|related|see also|recommended|more on this|"
    r"lesen sie auch|mehr zum thema|auch interessant|lire aussi|à lire aussi|"
    r"leer más|lea también|lee también|läs också|läs mer|læs også|katso myös|"
    r"czytaj też|czytaj także|zobacz też|leggi anche)\b",
    re.IGNORECASE,
)
_CONTINUES = re.compile(
    r"^\W*((artikkelen|saken|teksten|innlegget) fortsetter (under|etter|nedenfor)\b.*|"
    r"(the )?(article|story|text) continues (below|after)\b.*|"
    r"advertisement|annonse|anzeige|reklame|sponsored|werbung)\W*$",
    re.IGNORECASE,
)
_TEASER_MAX_WORDS = 30


def _registrable(host: str) -> str:
    parts = host.lower().removeprefix("www.").split(".")
    # Good enough for "same site": vg.no, www.nrk.no and e24.no differ; a.b.co.uk keep 3.
    keep = 3 if len(parts) > 2 and len(parts[-2]) <= 3 and len(parts[-1]) == 2 else 2
    return ".".join(parts[-keep:])


def _same_site(href: str, page_url: str) -> bool:
    link, page = split(href), split(page_url)
    if link is None or page is None or not link.hostname or not page.hostname:
        return False
    if _registrable(link.hostname) != _registrable(page.hostname):
        return False
    # A document (PDF, spreadsheet) on the same site is a source, not a teaser.
    name = link.path.rsplit("/", 1)[-1].lower()
    return not re.search(r"\.(pdf|docx?|xlsx?|pptx?|csv|zip)$", name) and (
        link.path.rstrip("/") != page.path.rstrip("/")
    )


def _words(text: str) -> int:
    return len(text.split())


def _is_teaser(block: etree._Element, page_url: str) -> bool:
    text = " ".join("".join(block.itertext()).split())
    if not text:
        return False
    if _CONTINUES.match(text) and _words(text) <= 12:
        return True
    links = [a for a in block.iter("a") if a.get("href")]
    if not links or _words(text) > _TEASER_MAX_WORDS or block.find(".//img") is not None:
        return False
    linked = " ".join(" ".join("".join(a.itertext()).split()) for a in links)
    # "Les også: <link>" is a teaser: after the prefix comes the link and nothing else.
    # "Related research by <link> shows…" is a sentence.
    prefix = _TEASER_PREFIX.match(text)
    if prefix:
        rest = text[prefix.end() :].strip(" :-\u2013\u2014»>|")
        return bool(rest) and len(linked) >= len(rest) * 0.9
    # A block that is nothing but a link to another article on the same site.
    return len(linked) >= len(text) * 0.9 and all(
        _same_site(a.get("href"), page_url) for a in links
    )


def _remove_teasers(root: etree._Element, page_url: str) -> None:
    for block in list(root.iter("p", "li", "h2", "h3", "h4", "h5", "h6", "div")):
        if block.getparent() is None or (block.tag == "div" and block.find(".//p") is not None):
            continue
        if _is_teaser(block, page_url):
            block.drop_tree()
    for listing in list(root.iter("ul", "ol")):
        empty = not "".join(listing.itertext()).strip() and listing.find(".//img") is None
        if listing.getparent() is not None and empty:
            previous = listing.getprevious()
            listing.drop_tree()
            # "Related articles" above a list that is now empty goes with it.
            if (
                previous is not None
                and previous.tag in ("h2", "h3", "h4", "p", "strong")
                and _words("".join(previous.itertext())) <= 6
            ):
                previous.drop_tree()


def _keep_lead(root: etree._Element, prepared: PreparedPage, lead_url: str | None) -> None:
    """Put the lead photo back on top when the page shows it but the body lost it: the
    photo in the article's header (which extraction treats as furniture), else the
    page's ``og:image`` if the page shows that. A header photo is kept with its
    caption even when ``og:image`` is another crop of it, or absent."""
    shown = {(p.netloc, p.path) for img in root.iter("img") if (p := split(img.get("src") or ""))}

    def where(url: str) -> tuple[str, str] | None:
        parts = split(url)
        return (parts.netloc, parts.path) if parts is not None else None

    header = [image for image in prepared.images if image.header]
    if header:
        if any(where(image.url) in shown for image in header):
            return
        chosen: PageImage | None = header[0]
    else:
        lead = where(lead_url) if lead_url else None
        if lead is None or lead in shown:
            return
        chosen = next((image for image in prepared.images if where(image.url) == lead), None)
        if chosen is None:
            return
    img = etree.Element("img", {"src": chosen.url})
    if chosen.alt:
        img.set("alt", chosen.alt)
    figure = _figure(img, chosen.caption)
    figure.tail = root.text
    root.text = None
    root.insert(0, figure)


def _drop_title(root: etree._Element, title: str | None) -> None:
    """The article's own headline at the top of the body: the reader shows it already."""
    first = next((child for child in root if isinstance(child.tag, str)), None)
    if title is None or first is None or first.tag not in ("h1", "h2"):
        return
    heading = squashed("".join(first.itertext()))
    if heading and heading == squashed(title):
        first.drop_tree()


# The body's own byline is looked for this far: a line the reader's header already shows.
_BYLINE_BLOCKS = 3


def _drop_byline(root: etree._Element, restates_byline: Callable[[str], bool]) -> None:
    """The byline repeated at the top of the body ("By Ann Berg · March 3, 2026"): the
    reader shows it under the title already."""
    for child in [c for c in root if isinstance(c.tag, str)][:_BYLINE_BLOCKS]:
        if child.tag not in ("p", "div", "span", "address", "time"):
            continue
        if restates_byline(" ".join("".join(child.itertext()).split())):
            child.drop_tree()


def finish(
    root: etree._Element,
    prepared: PreparedPage,
    page_url: str,
    base_url: str,
    lead_url: str | None = None,
    title: str | None = None,
    restates_byline: Callable[[str], bool] | None = None,
) -> str:
    """The stored article HTML from an extracted body tree (changed in place).
    ``restates_byline`` tells a line of the body that only repeats the byline."""
    _drop_title(root, title)
    if restates_byline is not None:
        _drop_byline(root, restates_byline)
    _restore_embeds(root, prepared)
    _safe_markup(root, base_url)
    _remove_teasers(root, page_url)
    _restore_images(root, prepared)
    _keep_lead(root, prepared, lead_url)
    for element in list(root.iter("p", "li", "blockquote")):
        empty = not "".join(element.itertext()).strip() and element.find(".//img") is None
        if empty and element.getparent() is not None:
            element.drop_tree()
    parts = [escape(root.text.strip())] if root.text and root.text.strip() else []
    for child in root:
        if child.tail and not child.tail.strip():
            child.tail = None
        parts.append(etree.tostring(child, encoding="unicode", method="html"))
    return "\n".join(part for part in parts if part.strip())
