"""A stored article's HTML made into a valid XHTML document for an EPUB.

The library stores HTML, read by HTML rules (``lxml.html``). An EPUB 3 content
document must be XHTML (https://www.w3.org/TR/epub-33/#sec-xhtml): well-formed XML in
the XHTML namespace, only characters XML allows, and HTML's content model (a ``<p>``
holds only phrasing content: a ``<figure>`` the HTML parser left inside one is
invalid). Here the fragment is parsed with lxml's HTML parser, mended, moved into the
XHTML namespace and written by lxml's XML serializer.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Characters XML 1.0 does not allow (https://www.w3.org/TR/xml/#charsets).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Elements whose content may only be phrasing content (the HTML standard's content
# models, https://html.spec.whatwg.org/#phrasing-content): one holding a block becomes
# a <div>, which may hold anything.
_PHRASING_ONLY = {
    *("p", "h1", "h2", "h3", "h4", "h5", "h6", "span", "em", "strong", "b", "i", "u", "s"),
    *("small", "sub", "sup", "code", "q", "cite", "abbr", "mark", "time", "label", "pre"),
}
_BLOCKS = {
    *("div", "p", "figure", "figcaption", "table", "ul", "ol", "dl", "blockquote", "pre"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "aside", "header", "footer"),
    *("nav", "hr", "address", "details", "main", "li", "dt", "dd", "tr", "td", "th"),
}
# Old presentational elements HTML 5 dropped, as their nearest valid element.
_RENAMED = {"center": "div", "font": "span", "big": "span", "tt": "code", "strike": "s"}
# Foreign content the HTML parser cannot give namespaces: left out.
_DROPPED = ("svg", "math", "script", "style", "noscript", "iframe", "object", "embed", "form")


def xml_text(text: str | None) -> str | None:
    """``text`` without the characters XML does not allow."""
    return _NOT_XML.sub("", text) if text else text


def _mend(root: etree._Element) -> None:
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for element in list(root.iter(*_DROPPED)):
        if element.getparent() is not None:
            element.drop_tree()
    seen_ids: set[str] = set()
    # Deepest first, so that a renamed child is seen by its parent's check.
    for element in reversed(list(root.iter(etree.Element))):
        element.tag = _RENAMED.get(element.tag, element.tag)
        if element.tag in _PHRASING_ONLY and any(child.tag in _BLOCKS for child in element):
            element.tag = "div"
        for name in list(element.attrib):
            if ":" in name or name.startswith("xmlns"):
                del element.attrib[name]
            else:
                element.set(name, xml_text(element.get(name)) or "")
        if element.tag == "img":
            for name in ("width", "height"):
                if not (element.get(name) or "").isdigit():
                    element.attrib.pop(name, None)
        if element.tag == "a" and element.get("href"):
            element.set("href", element.get("href").strip().replace(" ", "%20"))
        identifier = element.get("id")
        if identifier is not None and (identifier in seen_ids or not identifier.strip()):
            del element.attrib["id"]
        elif identifier is not None:
            seen_ids.add(identifier)
        element.text, element.tail = xml_text(element.text), xml_text(element.tail)


def document(
    title: str,
    body_html: str,
    *,
    language: str | None,
    direction: str | None,
    stylesheet: str | None = None,
) -> bytes:
    """A complete XHTML content document (UTF-8, XML declaration, ``<!DOCTYPE
    html>``) titled ``title``, whose body is the HTML fragment ``body_html``;
    ``lang``/``xml:lang`` and ``dir`` on the root when given, and a link to
    ``stylesheet`` (a path relative to the document)."""
    fragment = lxml.html.fragment_fromstring(body_html or "", create_parent="div")
    _mend(fragment)
    html = etree.Element(f"{{{XHTML_NS}}}html", nsmap={None: XHTML_NS, "epub": EPUB_NS})
    if language:
        html.set("lang", language)
        html.set(XML_LANG, language)
    if direction == "rtl":
        html.set("dir", "rtl")
    head = etree.SubElement(html, f"{{{XHTML_NS}}}head")
    etree.SubElement(head, f"{{{XHTML_NS}}}meta", charset="utf-8")
    etree.SubElement(head, f"{{{XHTML_NS}}}title").text = xml_text(title) or "-"
    if stylesheet:
        etree.SubElement(
            head, f"{{{XHTML_NS}}}link", rel="stylesheet", type="text/css", href=stylesheet
        )
    body = etree.SubElement(html, f"{{{XHTML_NS}}}body")
    body.text = fragment.text
    for child in list(fragment):
        body.append(child)
    for element in body.iter(etree.Element):
        if not element.tag.startswith("{"):
            element.tag = f"{{{XHTML_NS}}}{element.tag}"
    return etree.tostring(html, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")
