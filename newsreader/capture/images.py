"""Finding an article's images, downloading them, and pointing the article at local copies."""

from __future__ import annotations

import collections
import itertools
import math
import struct
import threading
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass, replace
from html import escape
from urllib.parse import urlsplit

import lxml.html

from newsreader.capture.deadline import Deadline
from newsreader.capture.fetch import Fetcher
from newsreader.capture.page_images import ICON_MAX_SIDE, PIXEL_MAX_SIDE, declared_pixels
from newsreader.capture.prepared import INLINE_SCHEME
from newsreader.capture.sniff import sniff_image
from newsreader.capture.svg import UnsafeSvg, looks_like_svg, sanitize_svg, svg_size
from newsreader.errors import NewsreaderError

MAX_IMAGES = 60  # per article; beyond this a page is a gallery, not an article
MAX_IMAGE_BYTES = 15 * 1024 * 1024
MAX_TOTAL_BYTES = 80 * 1024 * 1024  # per article, all images together
PARALLEL_DOWNLOADS = 4  # per article; a Saver has this many image threads per save thread
MISSING_CLASS = "nr-missing-image"
CANCEL_POLL = 0.1  # seconds between looks at a save's cancel switch while images download
_OVER_BUDGET = "skipped: the article's images are too large together"


@dataclass(frozen=True)
class ImageRef:
    url: str
    alt: str = ""
    caption: str = ""
    is_lead: bool = False


@dataclass(frozen=True)
class ImageResult:
    ref: ImageRef
    data: bytes | None = None
    mime: str | None = None
    width: int | None = None
    height: int | None = None
    error: str | None = None  # why it could not be stored; the article keeps its alt text
    tracker: bool = False  # a tracking pixel: dropped from the article altogether

    @property
    def ok(self) -> bool:
        return self.data is not None and not self.tracker


def _same_picture(a: str, b: str) -> bool:
    """The same image file, perhaps asked for at another size (CDN query parameters)."""
    first, second = urlsplit(a), urlsplit(b)
    return a == b or (first.netloc == second.netloc and first.path == second.path)


def find_images(html: str, lead_image_url: str | None = None) -> list[ImageRef]:
    """The article's images in reading order, each with its caption; the lead image
    (``og:image``) is added only when the body has no image of its own."""
    refs: list[ImageRef] = []
    seen: set[str] = set()
    if html.strip():
        root = lxml.html.fragment_fromstring(html, create_parent="div")
        for img in root.iter("img"):
            src = (img.get("src") or "").strip()
            if not src.startswith(("http://", "https://", INLINE_SCHEME)) or src in seen:
                continue
            width, height = declared_pixels(img, "width"), declared_pixels(img, "height")
            if (width is not None and width <= PIXEL_MAX_SIDE) or (
                height is not None and height <= PIXEL_MAX_SIDE
            ):
                continue
            seen.add(src)
            caption = ""
            figure = img.getparent()
            if figure is not None and figure.tag == "figure":
                found = figure.find("figcaption")
                caption = " ".join(found.text_content().split()) if found is not None else ""
            alt = " ".join((img.get("alt") or "").split())
            refs.append(ImageRef(src, alt=alt, caption=caption))
    if lead_image_url and lead_image_url.startswith(("http://", "https://")):
        if any(_same_picture(r.url, lead_image_url) for r in refs):
            first = next(r for r in refs if _same_picture(r.url, lead_image_url))
            refs = [replace(r, is_lead=True) if r is first else r for r in refs]
        elif not refs:
            refs.append(ImageRef(lead_image_url, is_lead=True))
    return refs[:MAX_IMAGES]


# --- reading image headers ------------------------------------------------------------------
def image_size(data: bytes, mime: str) -> tuple[int, int] | None:
    """Width and height read from the image header, without decoding the image."""
    try:
        if mime == "image/png" and data[12:16] == b"IHDR":
            return struct.unpack(">II", data[16:24])
        if mime == "image/gif":
            return struct.unpack("<HH", data[6:10])
        if mime == "image/bmp":
            width, height = struct.unpack("<ii", data[18:26])
            return width, abs(height)
        if mime == "image/webp":
            chunk = data[12:16]
            if chunk == b"VP8 ":
                width, height = struct.unpack("<HH", data[26:30])
                return width & 0x3FFF, height & 0x3FFF
            if chunk == b"VP8L":
                bits = int.from_bytes(data[21:25], "little")
                return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
            if chunk == b"VP8X":
                return (
                    int.from_bytes(data[24:27], "little") + 1,
                    int.from_bytes(data[27:30], "little") + 1,
                )
        if mime == "image/jpeg":
            return _jpeg_size(data)
        if mime == "image/svg+xml":
            return svg_size(data)
    except struct.error:
        return None
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            index += 1
            continue
        marker = data[index + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            index += 2
            continue
        (length,) = struct.unpack(">H", data[index + 2 : index + 4])
        # Start-of-frame markers carry the size; C4, C8 and CC are not frames.
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return width, height
        index += 2 + length
    return None


# --- downloading ---------------------------------------------------------------------------
class _Budget:
    """The bytes an article's images may still take, shared by parallel downloads."""

    def __init__(self, total: int) -> None:
        self._left = total
        self._lock = threading.Lock()

    @property
    def exhausted(self) -> bool:
        with self._lock:
            return self._left <= 0

    def take(self, size: int) -> bool:
        with self._lock:
            if size > self._left:
                self._left = 0
                return False
            self._left -= size
            return True


def image_result(ref: ImageRef, data: bytes, declared: str = "") -> ImageResult:
    """What to keep of an image's bytes: its type and size, or why it is not kept."""
    mime = sniff_image(data)
    if mime is None and looks_like_svg(data):
        try:
            data, mime = sanitize_svg(data), "image/svg+xml"
        except UnsafeSvg as exc:
            return ImageResult(ref, error=f"not a usable SVG image ({exc})")
    if mime is None:
        return ImageResult(ref, error=f"not a supported image ({declared or 'unknown type'})")
    size = image_size(data, mime)
    width, height = size if size else (None, None)
    if size and width <= PIXEL_MAX_SIDE and height <= PIXEL_MAX_SIDE:
        return ImageResult(ref, tracker=True, mime=mime, width=width, height=height)
    if size and width <= ICON_MAX_SIDE and height <= ICON_MAX_SIDE and not ref.caption:
        # An icon, whatever its markup claimed; a captioned small image is content.
        return ImageResult(ref, tracker=True, mime=mime, width=width, height=height)
    return ImageResult(ref, data=data, mime=mime, width=width, height=height)


def _late(ref: ImageRef, deadline: Deadline) -> ImageResult:
    """An image the save had no time left for (or that a cancel stopped)."""
    return ImageResult(ref, error=f"not downloaded: {deadline.error().message}")


def download_image(
    fetcher: Fetcher,
    ref: ImageRef,
    referer: str,
    budget: _Budget | None = None,
    inline: Mapping[str, tuple[bytes, str]] | None = None,
    deadline: Deadline | None = None,
) -> ImageResult:
    """One image, downloaded (within ``deadline``) or read from the page; failures are
    recorded in the result, never raised."""
    if deadline is not None and (deadline.cancelled or deadline.expired):
        return _late(ref, deadline)
    if budget is not None and budget.exhausted:
        return ImageResult(ref, error=_OVER_BUDGET)
    payload = (inline or {}).get(ref.url)
    if payload is not None:
        # Came inside the page (inline SVG, data: URL) or with it (an export's own
        # copy of an image, under the address it was saved from): nothing to fetch.
        result = image_result(ref, payload[0], payload[1])
    elif ref.url.startswith(INLINE_SCHEME):
        return ImageResult(ref, error="the image's data is missing from the page")
    else:
        try:
            download = fetcher.download(
                ref.url,
                max_bytes=MAX_IMAGE_BYTES,
                accept="image/avif,image/webp,image/png,image/jpeg,image/*;q=0.8",
                referer=referer,
                deadline=deadline,
            )
        except NewsreaderError as exc:
            if deadline is not None and (deadline.cancelled or deadline.expired):
                return _late(ref, deadline)  # said the same way for every image
            return ImageResult(ref, error=exc.message)
        result = image_result(ref, download.data, download.content_type.split(";")[0].strip())
    if result.ok and budget is not None and not budget.take(len(result.data)):
        return ImageResult(ref, error=_OVER_BUDGET)
    return result


def _hosts_in_turn(refs: Sequence[ImageRef]) -> list[int]:
    """Indices into ``refs``, one host's image after another's in turn (each host's
    in page order), so that one slow host does not hold every download at once."""
    by_host: dict[str, list[int]] = {}
    for index, ref in enumerate(refs):
        by_host.setdefault(urlsplit(ref.url).hostname or "", []).append(index)
    turns = itertools.zip_longest(*by_host.values())
    return [index for turn in turns for index in turn if index is not None]


def download_images(
    fetcher: Fetcher,
    refs: Iterable[ImageRef],
    referer: str,
    executor: Executor,
    budget_bytes: int = MAX_TOTAL_BYTES,
    inline: Mapping[str, tuple[bytes, str]] | None = None,
    deadline: Deadline | None = None,
    parallel: int = PARALLEL_DOWNLOADS,
) -> list[ImageResult]:
    """Download every image on ``executor``, at most ``parallel`` at a time; failures
    are recorded, never raised. Results come in the order of ``refs``.

    The images get what is left of ``deadline``: when it passes or is cancelled, this
    returns at once, and each image not downloaded by then is a failure saying so
    (downloads still running are cut off by the same deadline, see ``fetch``).

    The executor is long-lived and shared between articles (a pool per article would
    leave a requests session, and its sockets, behind for every thread it ever made),
    so it needs ``parallel`` threads for each article downloading at once: then one
    article's images, however slow their hosts, never keep another's from starting
    (``Saver`` sizes its executor so). Images are started one host after another in
    turn; waiting for a host's slot (``FetchLimits.per_host``) holds one of these.
    """
    refs = list(refs)
    budget = _Budget(budget_bytes)
    waiting = collections.deque(_hosts_in_turn(refs))
    running: dict[Future[ImageResult], int] = {}
    results: dict[int, ImageResult] = {}

    def out_of_time() -> bool:
        return deadline is not None and (deadline.cancelled or deadline.expired)

    while (waiting or running) and not out_of_time():
        while waiting and len(running) < max(parallel, 1):
            index = waiting.popleft()
            future = executor.submit(
                download_image, fetcher, refs[index], referer, budget, inline, deadline
            )
            running[future] = index
        # In short waits, so that a cancel is seen within a fraction of a second.
        left = deadline.remaining() if deadline is not None else math.inf
        done, _ = wait(running, timeout=min(left, CANCEL_POLL), return_when=FIRST_COMPLETED)
        for future in done:
            results[running.pop(future)] = future.result()
    for future in running:
        future.cancel()
    return [
        results[index] if index in results else _late(ref, deadline)
        for index, ref in enumerate(refs)
    ]


def rewrite_images(html: str, local: Mapping[str, str | None]) -> str:
    """Point each ``<img>`` at its stored copy.

    ``local`` maps a remote URL to a library-relative file name, or to None for an
    image that could not be stored: that one becomes its alt text, so reading the
    article never reaches for the network. Images not in ``local`` (tracking
    pixels, or beyond the per-article cap) are removed.
    """
    if not html.strip():
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for img in list(root.iter("img")):
        src = (img.get("src") or "").strip()
        name = local.get(src)
        if name:
            img.set("src", name)
            img.set("data-original-src", src)
            continue
        if src in local:
            alt = img.get("alt") or ""
            placeholder = lxml.html.fragment_fromstring(
                f'<span class="{MISSING_CLASS}" data-original-src="{escape(src)}">'
                f"{escape(f'[{alt}]' if alt else '[image]')}</span>"
            )
            placeholder.tail = img.tail
            img.getparent().replace(img, placeholder)
        else:
            img.drop_tree()
    parts = [escape(root.text)] if root.text and root.text.strip() else []
    parts += [lxml.html.tostring(child, encoding="unicode") for child in root]
    return "\n".join(parts)
