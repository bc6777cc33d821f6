"""Markdown: a folder with one ``.md`` per article and an ``images`` folder beside.

Each file starts with YAML front matter (title, url, author, site, published, saved,
tags, state, favorite), as Obsidian, Logseq, Hugo and Jekyll read it, then the
article (render.to_markdown) with its images linked by relative path
(``images/<hash>.jpg``), then its note and highlights (render_highlights). A plain
folder of such files is an Obsidian vault as it is.

Front matter strings are written as YAML double-quoted scalars (YAML 1.2, 7.3.1,
https://yaml.org/spec/1.2.2/#731-double-quoted-style), the escaping JSON's strings
share, plus the characters YAML forbids or reads as line breaks escaped
(``yaml_string``), so a title with a colon, quotes, ``#`` or a new line reads back
exactly.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from newsreader import render
from newsreader.exports.common import Entry, Job, UniqueNames, image_file_name, staged
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
    lines.append("tags: []" if not article.tags else "tags:")
    lines += [f"  - {yaml_string(tag)}" for tag in article.tags]
    return "\n".join([*lines, "---"]) + "\n"


def article_file(job: Job, entry: Entry, images_folder: Path) -> str:
    """The whole ``.md`` text of one article; its images copied into
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

    # A link-only article has no text; whatever its row holds is not the article's.
    article = replace(entry.article, content_html="") if entry.link_only else entry.article
    body = render.to_markdown(article, entry.highlights, entry.note, image_target=image_target)
    if entry.link_only:
        body = body.rstrip("\n") + "\n\n" + LINK_ONLY_TEXT + "\n"
    return front_matter(entry.article) + "\n" + body


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
    (``show --format markdown --output``)."""
    path = Path(path)
    for entry in job.entries():
        with staged(path, folder=False) as temporary:
            text = article_file(job, entry, path.parent / IMAGES)
            temporary.write_text(text, encoding="utf-8")
        return
