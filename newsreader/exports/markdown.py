"""Markdown: a folder with one ``.md`` per article and an ``images`` folder beside.

Each file starts with YAML front matter (title, url, author, site, published, saved,
state, favorite, tags, newsreader_tags), as Obsidian, Logseq, Hugo and Jekyll read
it, then the article (render.to_markdown) with its images linked by relative path
(``images/<hash>.jpg``), then its note and highlights (render_highlights). A plain
folder of such files is an Obsidian vault as it is. ``show --format markdown`` writes
the same text (``note_text``), front matter included, with or without ``--output``.

``tags`` holds each tag as Obsidian takes one (``obsidian_tag``: a tag is letters,
digits, ``_``, ``-`` and ``/``, https://help.obsidian.md/Editing+and+formatting/Tags#Tag+format):
white space becomes ``-``, other characters are left out; ``newsreader_tags`` keeps
the tags as they are in the library, so nothing is lost.

Front matter strings are written as YAML double-quoted scalars (YAML 1.2, 7.3.1,
https://yaml.org/spec/1.2.2/#731-double-quoted-style), the escaping JSON's strings
share, plus the characters YAML forbids or reads as line breaks escaped
(``yaml_string``), so a title with a colon, quotes, ``#`` or a new line reads back
exactly.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from newsreader import render
from newsreader.errors import ExportError
from newsreader.exports.common import Entry, Job, UniqueNames, image_file_name, staged
from newsreader.library.highlights import Highlight
from newsreader.library.models import Article

IMAGES = "images"
SUFFIX = ".md"
LINK_ONLY_TEXT = "*Saved as a link only: the article's text is not in the library.*"
# Not printable in YAML (https://yaml.org/spec/1.2.2/#51-character-set) or read as a
# line break by YAML 1.1 parsers (U+0085, U+2028, U+2029), and the byte order mark:
# escaped inside the quotes.
_YAML_ESCAPED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
)


def yaml_string(value: str) -> str:
    """``value`` as a YAML double-quoted scalar on one line."""
    quoted = json.dumps(value, ensure_ascii=False)
    return _YAML_ESCAPED.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def _scalar(value: str | bool | None) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return yaml_string(value)


def obsidian_tag(tag: str) -> str:
    """``tag`` as Obsidian reads a tag (letters, marks, digits, ``_``, ``-``, ``/``;
    not digits alone): white space as ``-``, any other character left out, ``_`` in
    front of one of digits only; '' when nothing is left."""
    joined = "-".join(unicodedata.normalize("NFC", tag).split())
    kept = "".join(c for c in joined if c in "_-/" or unicodedata.category(c)[0] in ("L", "M", "N"))
    kept = re.sub(r"-{2,}", "-", kept).strip("/")
    return f"_{kept}" if kept.isdigit() else kept


def front_matter(article: Article) -> str:
    """The article's YAML front matter, between ``---`` lines."""
    fields: dict[str, str | bool | None] = {
        "title": article.title,
        "url": article.url,
        "author": article.author,
        "site": article.site,
        "published": article.published,
        "saved": article.saved_at,
        "state": article.state,
        "favorite": article.favorite,
    }
    lines = ["---", *(f"{key}: {_scalar(value)}" for key, value in fields.items())]
    tags = list(dict.fromkeys(t for t in map(obsidian_tag, article.tags) if t))
    for key, values in (("tags", tags), ("newsreader_tags", list(article.tags))):
        lines.append(f"{key}: []" if not values else f"{key}:")
        lines += [f"  - {yaml_string(value)}" for value in values]
    return "\n".join([*lines, "---"]) + "\n"


def note_text(
    article: Article,
    highlights: Sequence[Highlight] = (),
    note: str = "",
    *,
    image_target: render.ImageTarget = render.original_address,
) -> str:
    """The whole ``.md`` text of one article: front matter, the article (its images
    linking to ``image_target(image)``), its note and highlights. A link-only article
    (``fetch_state`` set) has its metadata and a line saying its text is missing."""
    link_only = getattr(article, "fetch_state", None) is not None
    # A link-only article has no text; whatever its row holds is not the article's.
    shown = replace(article, content_html="") if link_only else article
    body = render.to_markdown(shown, highlights, note, image_target=image_target)
    if link_only:
        body = body.rstrip("\n") + "\n\n" + LINK_ONLY_TEXT + "\n"
    return front_matter(article) + "\n" + body


def article_file(job: Job, entry: Entry, images_folder: Path) -> str:
    """The whole ``.md`` text of one article (``note_text``); its images copied into
    ``images_folder`` (once each) and linked as ``images/<name>``."""

    def image_target(image) -> str:
        name = image_file_name(image)
        target = images_folder / name
        if not target.exists():
            data = job.image_bytes(entry, image)
            if data is None:
                return image.url  # not in the library: its original address at least
            images_folder.mkdir(exist_ok=True)
            target.write_bytes(data)
        return f"{IMAGES}/{name}"

    return note_text(entry.article, entry.highlights, entry.note, image_target=image_target)


def write_into(job: Job, folder: Path) -> None:
    """The articles' ``.md`` files and their images, written into ``folder``."""
    names = UniqueNames()
    for entry in job.entries():
        name = names.take(entry.article.title, SUFFIX, f"article-{entry.article.id}")
        text = article_file(job, entry, folder / IMAGES)
        (folder / name).write_text(text, encoding="utf-8")


def write(job: Job, destination: Path) -> None:
    """Write the folder ``destination`` (see the module's docstring)."""
    with staged(destination, folder=True) as temporary:
        write_into(job, temporary)


def write_file(job: Job, path: Path) -> None:
    """The first of the job's articles as the Markdown file ``path`` (replaced if it
    exists, once complete), its images copied into ``images`` beside it
    (``show --format markdown --output``). The images are written into a temporary
    folder first and moved into ``images`` only when the file is complete, so a
    failure leaves neither; ExportError (one line) when ``images`` is not a folder."""
    path = Path(path)
    images = path.parent / IMAGES
    for entry in job.entries():
        with staged(path, folder=False) as temporary:
            staging = temporary.with_name(f"{temporary.name}.{IMAGES}")
            try:
                temporary.write_text(article_file(job, entry, staging), encoding="utf-8")
                if staging.is_dir():
                    _move_images(staging, images, path)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        return


def _move_images(staging: Path, images: Path, path: Path) -> None:
    """Every file in ``staging`` moved into ``images`` (made if missing); one already
    there is the same image (its name is its hash) and is kept. All or none: the
    files moved are taken back if one cannot be."""
    if (images.exists() or images.is_symlink()) and not images.is_dir():
        raise ExportError(
            f"cannot write {path}: its images go into {images}, and a file of that name "
            "is in the way"
        )
    moved: list[Path] = []
    made = not images.exists()
    try:
        images.mkdir(exist_ok=True)
        for image in sorted(staging.iterdir()):
            target = images / image.name
            if not target.exists():
                os.rename(image, target)
                moved.append(target)
    except BaseException:
        for target in moved:
            target.unlink(missing_ok=True)
        if made:
            shutil.rmtree(images, ignore_errors=True)
        raise
