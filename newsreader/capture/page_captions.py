"""An image's caption: in its figure (or a figure-like box), or loose beside it.

A caption is every block of the image's figure named as a caption or a credit
(``<figcaption>``, ``class="caption"``, ``class="credit"``…) that does not hold the
image itself; or, in old layouts, a short line of small text after the picture and a
line break. Reading a figure's captions is done once per figure (``Captions``): a
gallery written as one ``<figure>`` of N images is read once, not N times.
"""

from __future__ import annotations

from lxml import etree

from newsreader.capture.dom import PROTECTED, count_up_to, own_words, remove, tokens

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
_CAPTIONING_TOKENS = _CAPTION_TOKENS | _CREDIT_TOKENS


def figure_of(img: etree._Element) -> etree._Element | None:
    """The figure (or figure-like wrapper) an image belongs to, up to three levels up."""
    element = img.getparent()
    for _ in range(4):
        if element is None or element.tag in PROTECTED:
            return None
        if element.tag == "figure":
            return element
        if (
            tokens(element) & _MEDIA_CONTAINER_TOKENS
            and count_up_to(element.iter("img"), 2) == 1
            and (element.find(".//p") is None or own_words(element) < 60)
        ):
            return element
        element = element.getparent()
    return None


# Children whose text runs on with their parent's; any other starts a new word.
_RUNNING = frozenset(("a", "b", "i", "em", "strong", "small", "abbr", "q"))
_START, _END = object(), object()


def _spaced_text(element: etree._Element) -> str:
    """The element's text, with a space where a nested block or credit starts
    ("Molde.<span class=credit>Foto: Privat</span>" reads "Molde. Foto: Privat"),
    whitespace collapsed.

    As if each child's text were collapsed on its own, then put in its parent's:
    inside a running child (``<b>``, ``<a>``…) that trims the child's edges. One pass
    over the text, whatever the nesting: collapsing each level's text on its own
    read a caption 200 levels deep 200 times."""
    return " ".join("".join(_trimmed(_events(element))).split())


def _events(root: etree._Element) -> list:
    """The element's text in order, with ``_START``/``_END`` around running children
    and a space around any other."""
    events: list = [root.text or ""]
    stack = [(root, iter(root))]
    while stack:
        element, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack:  # not the root: close the child, then what follows it
                events.append(_END if element.tag in _RUNNING else " ")
                events.append(element.tail or "")
            continue
        if not isinstance(child.tag, str):
            events.append(child.tail or "")  # a comment's text is not text
            continue
        events.append(_START if child.tag in _RUNNING else " ")
        events.append(child.text or "")
        stack.append((child, iter(child)))
    return events


def _trimmed(events: list) -> list[str]:
    """The text of ``events``, each running child's text stripped of the whitespace at
    its edges (never beyond them). Each character is looked at a bounded number of
    times: whitespace-only pieces at an edge are dropped once."""
    out: list[str] = []
    starts: list[int] = []  # where in ``out`` each open running child began
    waiting = 0  # open children from this depth on have had no character yet
    for event in events:
        if event is _START:
            starts.append(len(out))
        elif event is _END:
            begin = starts.pop()
            while len(out) > begin and not out[-1].strip():
                out.pop()
            if len(out) > begin:
                out[-1] = out[-1].rstrip()
            waiting = min(waiting, len(starts))
        elif event:
            if waiting < len(starts):
                event = event.lstrip()
                if not event:
                    continue
            out.append(event)
            waiting = len(starts)
    return out


def _is_captioning(element: etree._Element) -> bool:
    return element.tag == "figcaption" or not tokens(element).isdisjoint(_CAPTIONING_TOKENS)


def _outermost_captioning(root: etree._Element) -> list[etree._Element]:
    """The captioning blocks under ``root`` (not ``root`` itself) that are inside no
    other, in document order: one walk that does not enter a block it takes."""
    found: list[etree._Element] = []
    stack = [child for child in reversed(root) if isinstance(child.tag, str)]
    while stack:
        element = stack.pop()
        if _is_captioning(element):
            found.append(element)
        else:
            stack.extend(child for child in reversed(element) if isinstance(child.tag, str))
    return found


class Captions:
    """The captions of one page's figures, each figure read once.

    The blocks that may caption a figure's pictures are found on first use and kept.
    The first picture that takes them removes them from the page and from the list, so
    the other pictures of a gallery find an empty list in O(1). Only a block holding
    the picture itself (rare) stays, and its inside is read the same way, once.
    """

    def __init__(self) -> None:
        self._blocks: dict[etree._Element, list[etree._Element]] = {}

    def _under(self, root: etree._Element) -> list[etree._Element]:
        blocks = self._blocks.get(root)
        if blocks is None:
            blocks = self._blocks[root] = _outermost_captioning(root)
        return blocks

    def _parts(
        self, figure: etree._Element, img: etree._Element, take: bool
    ) -> list[etree._Element]:
        """The blocks of ``figure`` that caption ``img``: every captioning block inside
        no other, except a block holding ``img``, whose own captioning blocks count.
        Without ``take``, only the first is looked for."""
        holding = set(img.iterancestors())
        parts: list[etree._Element] = []
        pending = [figure]
        while pending:
            root = pending.pop()
            blocks = self._under(root)
            for block in blocks:
                if block in holding:
                    pending.append(block)  # holds the picture: its inner blocks count
                elif block.getparent() is not None:  # not removed since
                    parts.append(block)
                    if not take:
                        return parts
            if take:
                blocks[:] = [block for block in blocks if block in holding]
        return parts

    def has_caption(self, img: etree._Element) -> bool:
        """Whether ``img`` has a caption (figure or loose), without taking it."""
        figure = figure_of(img)
        if figure is not None and self._parts(figure, img, take=False):
            return True
        return bool(loose_caption(img, take=False))

    def take(self, img: etree._Element) -> str:
        """``img``'s caption as one line of text, its blocks removed from the page (they
        are the picture's, not the prose's); "" when it has none."""
        figure = figure_of(img)
        if figure is None:
            return loose_caption(img)
        parts = self._parts(figure, img, take=True)
        caption = " ".join(text for text in (_spaced_text(part) for part in parts) if text)
        for part in parts:
            if part.getparent() is not None:
                remove(part)
        return caption


_LOOSE_CAPTION_MAX_WORDS = 40


def loose_caption(img: etree._Element, take: bool = True) -> str:
    """A caption without markup, as old layouts write it: the picture, a line break,
    and a short line of small text, alone in their cell or box. ``take`` removes it
    from the page (it is the picture's, not the prose's)."""
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
    if not take:
        return text
    for element in rest:
        container.remove(element)
    holder.tail = None
    return text
