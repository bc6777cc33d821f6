"""Preparing a page for trafilatura: the gaps its defaults leave, closed beforehand.

trafilatura reads only ``src``/``data-src*`` of images that end in an image file
extension, drops ``<figcaption>``, ``<noscript>``, iframes and most embeds, and keeps
images that sit in ad boxes. Before it runs, this module

- removes ad containers and boxes of links to other articles;
- resolves each real image (lazy-loading attributes, ``srcset``, ``<picture>``,
  ``<noscript>`` copies, inline SVG and ``data:`` images), reads its caption, and
  puts a numbered stand-in in its place that trafilatura is sure to keep or drop
  as a whole;
- turns embedded posts and videos into a numbered stand-in paragraph;
- turns images that stand for characters (emoji) into those characters, and code
  blocks written one element a line into plain ``<pre><code>``.

``refine`` puts the real images (as figures with captions) and the embed cards back
where the stand-ins survived.
"""

from __future__ import annotations

import lxml.html
from lxml import etree

from newsreader.capture.dom import remove
from newsreader.capture.page_embeds import prepare_embeds, prepare_source_links
from newsreader.capture.page_furniture import drop_furniture
from newsreader.capture.page_images import noscript_images, prepare_images
from newsreader.capture.page_text import characters_for_images, plain_code_blocks
from newsreader.capture.prepared import PreparedPage


def _drop_impostors(page: lxml.html.HtmlElement) -> None:
    """A page's own text or images that look like this module's stand-ins would be
    taken for them later; they are removed first."""
    for img in page.xpath("//img[contains(@src, 'newsreader.invalid')]"):
        if img.getparent() is not None:
            remove(img)
    # Searched in C: nearly every page has none, and a walk over every node is not free.
    for text in page.xpath("//text()[contains(., 'nrembedtoken')]"):
        element = text.getparent()
        name = "tail" if text.is_tail else "text"
        setattr(element, name, getattr(element, name).replace("nrembedtoken", ""))


# --- the whole preparation ----------------------------------------------------------------------
def prepare(
    page: lxml.html.HtmlElement,
    base_url: str,
    heading: etree._Element | None = None,
    html: str | None = None,
) -> PreparedPage:
    """Change ``page`` in place for trafilatura; what it took out, to put back later.
    ``heading`` is the article's headline (``dom.headline``), beside which the lead
    photo is looked for;
    ``html``, the markup it was parsed from, lets searches for what it lacks be skipped."""
    prepared = PreparedPage()
    _drop_impostors(page)
    # Scripts and styles first: their text would otherwise count as content below.
    for element in list(page.iter("script", "style", "template")):
        if element.get("type", "").lower() != "application/ld+json":
            remove(element)
    characters_for_images(page)
    plain_code_blocks(page, html)
    drop_furniture(page)
    noscript_images(page)
    prepare_embeds(page, base_url, prepared)
    prepare_source_links(page, base_url, prepared)
    prepare_images(page, base_url, prepared, heading)
    return prepared
