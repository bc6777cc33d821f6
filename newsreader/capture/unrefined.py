"""The article as trafilatura alone extracts it: what is saved when newsreader's own
steps fail.

``extract.extract_article`` runs every step of ours (page preparation, captions,
embeds, refinement, metadata, quality checks) behind one guard. When one of them
raises, or finds no article where trafilatura would, the page is extracted again here
with nothing of ours in between: trafilatura's parser, its extraction with
newsreader's options, its own HTML and plain-text output. Only what keeps the library
safe is added, and it comes from libraries: ``lxml_html_clean`` removes scripts,
styles and every attribute but links, image sources and table spans, and links keep
only the web's schemes. An exception in our code so never costs the user the article.
"""

from __future__ import annotations

import copy
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree
from lxml_html_clean import Cleaner
from trafilatura.htmlprocessing import convert_to_html
from trafilatura.xml import xmltotxt

from newsreader import languages
from newsreader.capture import trafilatura_pass
from newsreader.capture.dom import drop_unnamable_attributes, own_words
from newsreader.capture.extracted import ExtractedArticle
from newsreader.capture.metadata import clean
from newsreader.capture.text import count_words, squashed
from newsreader.errors import ExtractionError

CLEANER = Cleaner(
    scripts=True,
    javascript=True,
    comments=True,
    style=True,
    inline_style=True,
    links=True,
    meta=True,
    page_structure=False,
    processing_instructions=True,
    embedded=True,
    frames=True,
    forms=True,
    annoying_tags=True,
    safe_attrs_only=True,
    safe_attrs=frozenset(("href", "src", "alt", "colspan", "rowspan")),
)
_SCHEMES = {"a": ("href", ("http", "https", "mailto")), "img": ("src", ("http", "https"))}


def _plain_text(body: etree._Element) -> str:
    """trafilatura's plain text of a body: links as their words, images left out."""
    body = copy.deepcopy(body)
    etree.strip_tags(body, "ref")
    etree.strip_elements(body, "graphic", with_tail=False)
    lines = xmltotxt(body, include_formatting=False).splitlines()
    # xmltotxt writes one line per block; paragraphs are separated by blank lines.
    return "\n\n".join(line.strip() for line in lines if line.strip())


def _safe_html(body: etree._Element, base_url: str, title: str | None) -> str:
    root = convert_to_html(body)
    body_element = root.find("body")
    container = body_element if body_element is not None else root
    container.tag = "div"
    markup = etree.tostring(container, encoding="unicode", method="html")
    fragment = lxml.html.fragment_fromstring(markup)
    drop_unnamable_attributes(fragment)  # the cleaner cannot delete them
    cleaned = CLEANER.clean_html(fragment)
    first = next(iter(cleaned), None)
    # The headline again at the top: the reader shows the title above the body already.
    if (
        title
        and first is not None
        and first.tag in ("h1", "h2")
        and squashed(first.text_content()) == squashed(title)
    ):
        first.drop_tree()
    for tag, (attribute, schemes) in _SCHEMES.items():
        for element in cleaned.iter(tag):
            value = (element.get(attribute) or "").strip()
            if not value:
                element.attrib.pop(attribute, None)
                continue
            try:
                address = urljoin(base_url, value)
                scheme = urlsplit(address).scheme.lower()
            except ValueError:
                scheme, address = "", ""
            if scheme in schemes:
                element.set(attribute, address)
            else:
                del element.attrib[attribute]
    parts = [etree.tostring(child, encoding="unicode", method="html") for child in cleaned]
    return "\n".join(part.strip() for part in parts if part.strip())


def unrefined_article(
    html: str,
    url: str,
    content_language: str | None,
    reason: str,
    detail: str | None = None,
) -> ExtractedArticle:
    """trafilatura's own article from ``html`` (the decoded page) at ``url``.

    ``reason`` (one line) and ``detail`` (a traceback) say why our refinements were
    left out; both travel with the article for ``show --json`` and the log. Raises
    ExtractionError when trafilatura finds no text either.
    """
    page = trafilatura_pass.parse_page(html)
    base_url = url
    for href in page.xpath("//base/@href")[:1]:
        try:
            base_url = urljoin(url, href.strip()) if href.strip() else url
        except ValueError:  # a <base> the URL parser refuses: the page's own address
            base_url = url
    document = trafilatura_pass.run(page, url, copy_tree=False)
    if document is None or document.body is None:
        raise ExtractionError("no article text found on the page")
    text = _plain_text(document.body)
    first, _, rest = text.partition("\n\n")
    if document.title and rest and squashed(first) == squashed(document.title):
        text = rest  # the headline, shown above the body already
    # What is left of a page with no article is its menus: link text and nothing else.
    if not count_words(text) or not own_words(document.body, link="ref"):
        raise ExtractionError("no article text found on the page")
    language = languages.normalise(document.language) or languages.normalise(content_language)
    return ExtractedArticle(
        title=clean(document.title) or url,
        author=clean(document.author),
        published=clean(document.date),
        site=clean(document.sitename),
        description=clean(document.description),
        language=language,
        canonical_url=None,
        lead_image_url=None,
        html=_safe_html(document.body, base_url, document.title),
        text=text,
        direction=languages.direction(language),
        unrefined=reason,
        unrefined_detail=detail,
    )
