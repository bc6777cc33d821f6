"""Embedded posts and videos, and paragraphs that only cite a source: stand-ins.

trafilatura drops iframes, most embeds and link-only blocks. A tweet, an Instagram or
TikTok post, a YouTube or Vimeo player, and a paragraph that only links a document or
another site become numbered stand-in paragraphs; ``refine`` turns them into quote
cards with their text and link.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import lxml.html
from lxml import etree

from newsreader.capture.dom import PROTECTED, replace, text_of
from newsreader.capture.prepared import Embed, PreparedPage, embed_token
from newsreader.capture.urls import absolute, split

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


def _outermost_wrapper(element: etree._Element) -> etree._Element:
    """The element, or the wrappers around it that hold nothing else: extraction
    judges a player's box ("embed-video") by its class, so the box must go too."""
    while True:
        parent = element.getparent()
        if (
            parent is None
            or parent.tag in PROTECTED
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


def prepare_source_links(
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
        replace(paragraph, embed_token(prepared, Embed("Link", href, text_of(paragraph))))


def prepare_embeds(page: lxml.html.HtmlElement, base_url: str, prepared: PreparedPage) -> None:
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
            text_of(p) for p in quote.iter("p") if text_of(p) and not _only_link(p)
        ) or text_of(quote)
        if not url and not text:
            continue
        replace(_outermost_wrapper(quote), embed_token(prepared, Embed(kind, url, text)))
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
        replace(_outermost_wrapper(frame), embed_token(prepared, embed))


def _tokens_raw(element: etree._Element) -> str:
    return f" {element.get('class') or ''} ".lower()


def _only_link(paragraph: etree._Element) -> bool:
    links = "".join(text_of(a) for a in paragraph.iter("a"))
    return bool(links) and len(links) >= len(text_of(paragraph)) * 0.8
