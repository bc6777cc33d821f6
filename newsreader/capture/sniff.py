"""Recognising content by its first bytes, whatever the server claims it is."""

from __future__ import annotations

_IMAGE_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
)
_OTHER_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
)


def sniff_image(data: bytes) -> str | None:
    """The media type of raster image bytes, or None if they are not a known image."""
    for magic, media in _IMAGE_SIGNATURES:
        if data.startswith(magic):
            return media
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:12] in (b"ftypavif", b"ftypavis"):
        return "image/avif"
    return None


def sniff_binary(data: bytes) -> str | None:
    """The media type of bytes that are plainly not text (images, PDF, archives)."""
    head = data[:16].lstrip()
    image = sniff_image(head)
    if image and image != "image/bmp":  # "BM" also starts ordinary text
        return image
    for magic, media in _OTHER_SIGNATURES:
        if head.startswith(magic):
            return media
    return None
