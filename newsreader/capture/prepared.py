"""What page preparation takes out of a page, to put back after extraction.

Each real image and embed is replaced by a numbered stand-in trafilatura is sure to
keep or drop as a whole: an ``<img>`` whose address ends in an image extension (it
keeps no other), or a paragraph of one token word. ``refine`` puts the real image or
embed back where the stand-in survived.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

IMAGE_PLACEHOLDER = "https://newsreader.invalid/image/{}.png"
IMAGE_PLACEHOLDER_RE = re.compile(r"^https://newsreader\.invalid/image/(\d+)\.png$")
EMBED_TOKEN = "nrembedtoken{}x"
EMBED_TOKEN_RE = re.compile(r"nrembedtoken(\d+)x")
INLINE_SCHEME = "inline:"


@dataclass(frozen=True)
class PageImage:
    url: str  # absolute http(s) address, or "inline:<digest>.<ext>" for a stored payload
    alt: str = ""
    caption: str = ""
    header: bool = False  # a photo in the article's header, beside its headline


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


def stand_in(page: PreparedPage, image: PageImage, alt: str) -> etree._Element:
    """A numbered stand-in ``<img>`` for ``image``, which ``page`` records."""
    number = len(page.images)
    page.images.append(image)
    return etree.Element("img", {"src": IMAGE_PLACEHOLDER.format(number), "alt": alt})


def embed_token(prepared: PreparedPage, embed: Embed) -> etree._Element:
    """A numbered stand-in paragraph for ``embed``, which ``prepared`` records."""
    paragraph = etree.Element("p")
    paragraph.text = EMBED_TOKEN.format(len(prepared.embeds))
    prepared.embeds.append(embed)
    return paragraph
