"""A small library of awkward articles for the export tests, and the comparison of
an export read back (newsreader.imports) with the library it came from.

``fill(library)`` saves, through Library.save and the notebook as the app does:
  1. a Norwegian article whose title has a colon and both kinds of quotes, two real
     images (a JPEG from the VG fixture and a PNG), tags with æøå and a space,
     archived, a favourite, read 40 %, two highlights (one with a note, one whose
     quote is no longer in the text) and a note of its own;
  2. a Hebrew article written right to left, sharing article 1's JPEG;
  3. an English article with the same title as article 1 (two files, one name).

``assert_matches(items, library, ids)`` compares ImportedItems with the library's
articles field by field: ``ARTICLE_FIELDS`` and ``HIGHLIGHT_FIELDS`` name what is
compared, so a test of a fuller round trip (into a new library) adds to them.
"""

from __future__ import annotations

from pathlib import Path

from newsreader.imports.records import ImportedItem
from newsreader.library import files
from newsreader.library.library import ArticleContent, ImageFile, Library
from tests.server import generated_png

FIXTURE_IMAGES = Path(__file__).parent / "fixtures" / "site" / "vg" / "img"
JPEG = (FIXTURE_IMAGES / "bieber.jpg").read_bytes()
PNG = generated_png("export", 12, 8)
TITLE_1 = "Tromsø: «Nordlys» og \"sol\" – 'del 1'"
TEXT_1 = "Nordlyset over Tromsø var sterkt i natt. Blåbær og multer vokser på vidda."


def image(position: int, data: bytes, mime: str, url: str) -> ImageFile:
    return ImageFile(
        position=position,
        url=url,
        name=files.image_name(data, mime),
        data=data,
        mime=mime,
        width=12,
        height=8,
        alt=f"bilde {position}",
        caption=f"Bildetekst {position}",
    )


def _figure(stored: ImageFile) -> str:
    return (
        f'<figure><img src="{stored.name}" alt="{stored.alt}" '
        f'data-original-src="{stored.url}"><figcaption>{stored.caption}</figcaption></figure>'
    )


def content(
    n: int,
    title: str,
    text: str,
    *,
    images: tuple[ImageFile, ...] = (),
    language: str = "nb",
    direction: str | None = None,
    author: str | None = None,
) -> ArticleContent:
    # Images inside a paragraph, as pages have them: the EPUB must still be valid.
    first, *rest = text.split(". ", 1)
    body = f"<h2>Overskrift {n}</h2><p>{first}. {''.join(_figure(i) for i in images)}</p>"
    body += "".join(f"<p>{part}</p>" for part in rest)
    return ArticleContent(
        url=f"https://example.no/artikkel/{n}",
        final_url=f"https://example.no/artikkel/{n}",
        title=title,
        content_html=body,
        text=f"Overskrift {n}\n\n{text}",
        word_count=len(text.split()),
        reading_minutes=1,
        url_keys=(f"example.no/artikkel/{n}",),
        site="Eksempel",
        author=author,
        description=f"Om artikkel {n}",
        language=language,
        direction=direction,
        published=f"2024-03-0{n}",  # a date, as saves store it (trafilatura gives dates)
        raw=f"<html><p>{text}</p></html>".encode(),
        raw_encoding="utf-8",
        images=images,
    )


def fill(library: Library) -> list[int]:
    """Save the three articles described above; return their ids."""
    jpeg = image(0, JPEG, "image/jpeg", "https://example.no/bilder/bieber.jpg")
    png = image(1, PNG, "image/png", "https://example.no/bilder/kart.png")
    first = library.save(
        content(1, TITLE_1, TEXT_1, images=(jpeg, png), author="Kari Nordmann"),
        tags=["nyheter", "æøå med mellomrom"],
    ).article_id
    library.set_state(first, "archived")
    library.set_favorite(first, True)
    library.mark_read(first)
    library.set_progress(first, 0.4)
    notebook = library.notebook
    notebook.add_quote(first, "Blåbær og multer", note="Husk: *plukke*", color="green")
    notebook.add_quote(first, "Nordlyset over Tromsø", created_at="2024-04-01T10:00:00+00:00")
    notebook.add_quote(first, "et avsnitt som ble borte", keep_lost=True, color="red")
    notebook.set_article_note(first, "Min egen notis\nmed to linjer")
    shared = image(0, JPEG, "image/jpeg", "https://example.org/he/bieber.jpg")
    second = library.save(
        content(
            2,
            "שלום עולם",
            "זה מאמר בעברית. הוא נכתב מימין לשמאל.",
            images=(shared,),
            language="he",
            direction="rtl",
            author="דוד",
        ),
        tags=["עברית"],
    ).article_id
    third = library.save(
        content(3, TITLE_1, "An English text about the aurora. It was bright.", language="en")
    ).article_id
    return [first, second, third]


# --- reading an export back ----------------------------------------------------------------
# ImportedItem field -> how to get the same value from the library's article (and its
# note), for what the export format carries.
ARTICLE_FIELDS = {
    "url": lambda a, note: a.url,
    "title": lambda a, note: a.title,
    "author": lambda a, note: a.author,
    "site": lambda a, note: a.site,
    "description": lambda a, note: a.description,
    "published": lambda a, note: a.published,
    "language": lambda a, note: a.language,
    "saved_at": lambda a, note: a.saved_at,
    "read_at": lambda a, note: a.read_at,
    "state": lambda a, note: a.state,
    "favorite": lambda a, note: a.favorite,
    "progress": lambda a, note: a.progress,
    "tags": lambda a, note: a.tags,
    "note": lambda a, note: note or None,
    "content_html": lambda a, note: a.content_html,
}
HIGHLIGHT_FIELDS = ("quote", "note", "color", "created_at", "updated_at")


def assert_matches(
    items: list[ImportedItem],
    library: Library,
    ids: list[int],
    fields: dict = ARTICLE_FIELDS,
    with_highlights: bool = True,
) -> None:
    """Every item equals its article (same order as ``ids``) in each of ``fields``,
    and, with ``with_highlights``, in each highlight's HIGHLIGHT_FIELDS and selectors."""
    assert len(items) == len(ids)
    for item, article_id in zip(items, ids, strict=True):
        article = library.get(article_id)
        note = library.notebook.article_note(article_id)
        for name, expected in fields.items():
            assert getattr(item, name) == expected(article, note), (article_id, name)
        if not with_highlights:
            continue
        stored = library.notebook.of_article(article_id)
        assert len(item.highlights) == len(stored)
        for read, highlight in zip(item.highlights, stored, strict=True):
            for name in HIGHLIGHT_FIELDS:
                assert getattr(read, name) == getattr(highlight, name), (article_id, name)
            # Its own quote and position selectors, read as its place (imports/own.py).
            assert (read.prefix, read.suffix) == (highlight.prefix, highlight.suffix)
            assert (read.start, read.end) == (highlight.start, highlight.end)
            assert (read.origin, read.anchoring) == (highlight.origin, highlight.anchoring)
            assert list(read.selectors) == highlight.other_selectors()
