"""Markdown export: a folder of .md files with YAML front matter, images beside them by
relative link, highlights at the end; file names from titles."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace

import pytest

from newsreader import exports
from newsreader.exports import html as html_export
from newsreader.exports import markdown
from newsreader.exports.common import Entry, Job, UniqueNames, safe_name
from tests.export_helpers import TITLE_1, fill

try:  # A real YAML parser when the environment has one; else our quoting rules, strictly.
    import yaml
except ImportError:
    yaml = None

_LINE = re.compile(r"^([a-z_]+): (.*)$")
_ITEM = re.compile(r"^  - (.*)$")


def _strict_scalar(text: str):
    """A value as front_matter writes it: null, true, false, [] or a double-quoted
    string that is a JSON string with nothing YAML reads differently in it."""
    if text in ("null", "true", "false", "[]"):
        return {"null": None, "true": True, "false": False, "[]": []}[text]
    assert text.startswith('"') and text.endswith('"'), text
    assert not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]", text), text
    return json.loads(text)


def read_front_matter(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    if yaml is not None:
        return yaml.safe_load(head), body
    values: dict = {}
    key = None
    for line in head.split("\n"):
        if item := _ITEM.match(line):
            values[key].append(_strict_scalar(item.group(1)))
            continue
        match = _LINE.match(line) or re.match(r"^([a-z_]+):()$", line)
        assert match, line
        key = match.group(1)
        values[key] = _strict_scalar(match.group(2)) if match.group(2) else []
    return values, body


@pytest.mark.parametrize(
    "value",
    [
        TITLE_1,
        "Svar: ja",
        '"Sitert"',
        "- ikke en liste",
        "# ikke en kommentar",
        "null",
        "true",
        "@handle og `kode`",
        "linje 1\nlinje 2\ttab",
        "bjelle \x07 og NEL \x85 og \u2028 skille og \ufeff BOM",
        "emoji 😀 og æøå",
        "back\\slash",
    ],
)
def test_a_yaml_string_reads_back_as_it_was(value):
    line = markdown.yaml_string(value)
    assert "\n" not in line
    assert read_front_matter(f"---\nx: {line}\n---\n")[0] == {"x": value}


def test_the_folder_has_one_file_per_article_with_front_matter_images_and_highlights(
    library, tmp_path
):
    ids = fill(library)
    result = exports.export(library, ids, "markdown", tmp_path / "vault")
    assert (result.articles, result.images, result.problems) == (3, 2, ())
    folder = result.path
    names = sorted(p.name for p in folder.glob("*.md"))
    first = "Tromsø «Nordlys» og sol – 'del 1'"
    assert names == sorted([f"{first}.md", f"{first} (2).md", "שלום עולם.md"])
    text = (folder / f"{first}.md").read_text(encoding="utf-8")
    front, body = read_front_matter(text)
    article = library.get(ids[0])
    assert front == {
        "title": TITLE_1,
        "url": article.url,
        "author": "Kari Nordmann",
        "site": "Eksempel",
        "published": article.published,
        "saved": article.saved_at,
        "state": "archived",
        "favorite": True,
        "tags": ["nyheter", "æøå-med-mellomrom"],  # as Obsidian takes a tag
        "newsreader_tags": ["nyheter", "æøå med mellomrom"],  # as the library has them
    }
    # Images: relative links that open the library's bytes, nothing pointing elsewhere.
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", body)
    assert len(links) == 2
    for link, image in zip(links, article.images, strict=True):
        assert link.startswith("images/")
        assert (folder / link).read_bytes() == image.file.read_bytes()
    assert "file:" not in text and str(library.paths.root) not in text
    # Highlights and notes come last, as render_highlights writes them.
    tail = body[body.index("## Highlights") :]
    assert "Min egen notis" in tail and "> Blåbær og multer" in tail and "Husk: *plukke*" in tail
    assert "no longer found" in tail
    hebrew, _ = read_front_matter((folder / "שלום עולם.md").read_text(encoding="utf-8"))
    assert hebrew["tags"] == ["עברית"] and hebrew["favorite"] is False


def test_a_link_only_article_has_its_metadata_and_no_body(library, tmp_path):
    from newsreader.cli import main

    # A real link-only entry: imported, its page never fetched (--no-fetch).
    export = tmp_path / "pocket.csv"
    export.write_text(
        "title,url,time_added,tags,status\n"
        "Nordlys over Tromsø,https://example.no/borte,1600000000,nordlys,unread\n",
        encoding="utf-8",
    )
    root = str(library.paths.root)
    assert main(["--library", root, "import", str(export), "--no-fetch"]) == 0
    (article_id,) = library.ids()
    stored = library.get(article_id)
    assert stored.fetch_state == "queued"
    job = Job(library, [article_id])
    entry = Entry(stored, [], "")
    text = markdown.article_file(job, entry, tmp_path / "images")
    front, body = read_front_matter(text)
    assert front["url"] == stored.url and front["title"] == "Nordlys over Tromsø"
    assert front["tags"] == front["newsreader_tags"] == ["nordlys"] and "link only" in body
    page = html_export.page(job, entry)
    assert "Nordlys over Tromsø" in page and "link only" in page


def test_file_names_are_safe_unique_and_keep_their_letters():
    assert safe_name("Blåbær/bringebær: «hva?»", "x") == "Blåbær bringebær «hva »"
    assert safe_name("...", "article-7") == "article-7"
    assert safe_name("CON", "x") == "CON_"
    assert safe_name(".skjult", "x") == "skjult"
    long = safe_name("ø" * 300, "x")
    assert len(long.encode()) <= 200 and set(long) == {"ø"}
    names = UniqueNames()
    assert [names.take(t, ".md", "x") for t in ("Æ", "æ", "Æ")] == ["Æ.md", "æ (2).md", "Æ (3).md"]


def test_show_markdown_links_original_images_or_copies_them_beside_a_file(library, tmp_path):
    from newsreader.cli import main

    article_id = fill(library)[0]
    root = str(library.paths.root)
    library.close()
    output = tmp_path / "notater" / "artikkel.md"
    output.parent.mkdir()
    assert (
        main(["--library", root, "show", str(article_id), "-f", "markdown", "-o", str(output)]) == 0
    )
    _, body = read_front_matter(output.read_text(encoding="utf-8"))
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", body)
    assert links and all((output.parent / link).is_file() for link in links)
    assert not list(output.parent.glob(".*.part"))


def test_show_markdown_to_the_terminal_points_at_no_local_file(library, capsys):
    from newsreader.cli import main

    article_id = fill(library)[0]
    root = str(library.paths.root)
    library.close()
    assert main(["--library", root, "show", str(article_id), "-f", "markdown"]) == 0
    out = capsys.readouterr().out
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", out)
    assert links == ["https://example.no/bilder/bieber.jpg", "https://example.no/bilder/kart.png"]
    assert root not in out and "file:" not in out


def test_markdown_into_a_folder_that_is_not_empty_is_refused(library, tmp_path):
    ids = fill(library)
    (tmp_path / "vault").mkdir()
    (tmp_path / "vault" / "mine.md").write_text("mine")
    with pytest.raises(exports.ExportError, match="not empty"):
        exports.export(library, ids, "markdown", tmp_path / "vault")
    assert [p.name for p in (tmp_path / "vault").iterdir()] == ["mine.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library", "vault"]


def test_the_front_matter_reader_refuses_an_unquoted_string():
    # The reader above is what the tests use: make sure it refuses what YAML reads
    # differently (an unquoted string would be a date or a number there).
    if yaml is None:
        with pytest.raises(AssertionError):
            read_front_matter("---\nsaved: 2024-01-01\n---\n")
    else:
        assert read_front_matter("---\nsaved: 2024-01-01\n---\n")[0]["saved"] != "2024-01-01"


# --- Markdown as CommonMark readers read it ----------------------------------------------------
# (tag, text) of each block the HTML holds, and the same read back from the Markdown by a
# CommonMark parser: what the page said must be what the note app shows.
AWKWARD_BLOCKS = [
    (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; and &amp;amp; &lt;b&gt;</p>",
        [("p", "<script>alert(1)</script> and &amp; <b>")],
    ),
    ("<p>1984. That was the year.</p>", [("p", "1984. That was the year.")]),
    ("<p>1) Also not a list</p><p>7.</p>", [("p", "1) Also not a list"), ("p", "7.")]),
    (
        "<p># Not a heading</p><p>&gt; not a quote</p>",
        [("p", "# Not a heading"), ("p", "> not a quote")],
    ),
    (
        "<p>- dash</p><p>+ plus</p><p>* star</p><p>---</p><p>===</p>",
        [("p", "- dash"), ("p", "+ plus"), ("p", "* star"), ("p", "---"), ("p", "===")],
    ),
    (
        "<p>    four spaces\n  # after a line ending</p>",
        [("p", "four spaces # after a line ending")],
    ),
    (
        "<p>first<br>2. second<br>- third<br># fourth</p>",
        [("p", "first\n2. second\n- third\n# fourth")],
    ),
    (
        "<p>Use <code>`a`b`</code> and <code>``</code> and <code> x </code></p>",
        [("p", "Use `a`b` and `` and  x ")],
    ),
    ("<pre>```\nfenced\n```</pre>", [("pre", "```\nfenced\n```\n")]),
    ("<ul><li>1984. Orwell</li><li>- dash</li></ul>", [("ul", "\n1984. Orwell\n- dash\n")]),
    ("<h2>C# and F#</h2><h3>#1</h3>", [("h2", "C# and F#"), ("h3", "#1")]),
    (
        "<p>[not](a link) _under_ *star* ~~strike~~ a|b &amp;copy;</p>",
        [("p", "[not](a link) _under_ *star* ~~strike~~ a|b &copy;")],
    ),
    ("<p><a href='https://example.no/a b(c)'>a link</a></p>", [("p", "a link")]),
]


def _saved_html(library, body: str, title: str = "Prøve") -> int:
    from tests.export_helpers import content

    article = content(7, title, "Tekst. Mer.")
    return library.save(replace(article, content_html=body)).article_id


def _blocks_read_back(markdown_text: str) -> list[tuple[str, str]]:
    import lxml.html
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(markdown_text)
    root = lxml.html.fragment_fromstring(rendered, create_parent="div")
    return [(child.tag, child.text_content()) for child in root]


@pytest.mark.parametrize(("body", "blocks"), AWKWARD_BLOCKS)
def test_markdown_shows_the_text_as_the_page_had_it(library, body, blocks):
    from newsreader import render

    article = library.get(_saved_html(library, body))
    read = _blocks_read_back(render.to_markdown(article))
    # The title, the byline and the address come first.
    assert read[:3] == [("h1", "Prøve"), ("p", render.byline(article)), ("p", article.url)]
    assert read[3:] == blocks


def test_markdown_links_and_awkward_titles_read_back(library):
    import lxml.html
    from markdown_it import MarkdownIt

    from newsreader import render

    body = (
        "<p><a href='https://example.no/a b(c)'>a link</a> "
        "<img alt='x]y' data-original-src='https://example.no/i m(1).png'></p>"
    )
    article = library.get(_saved_html(library, body, title="1. <Tittel> # med *stjerne*"))
    rendered = MarkdownIt("commonmark").render(render.to_markdown(article))
    root = lxml.html.fragment_fromstring(rendered, create_parent="div")
    assert root.xpath("//h1")[0].text_content() == "1. <Tittel> # med *stjerne*"
    assert root.xpath("//a/@href") == [article.url, "https://example.no/a%20b(c)"]
    assert root.xpath("//img/@src") == ["https://example.no/i%20m(1).png"]
    assert root.xpath("//img/@alt") == ["x]y"]


def test_a_link_only_article_has_no_empty_byline(library):
    from newsreader import render

    saved = library.get(_saved_html(library, ""))
    bare = replace(saved, site=None, author=None, published=None, reading_minutes=0)
    text = render.to_markdown(bare)
    assert "\n**\n" not in text and "**" not in text
    assert _blocks_read_back(text) == [("h1", "Prøve"), ("p", bare.url)]


def test_tags_are_written_as_obsidian_takes_them_and_kept_as_they_were(library):
    assert [
        markdown.obsidian_tag(t)
        for t in ("New York", "a, b", "1984", "sci/fi", "C++ og C#", "  ", "læring – 2024")
    ] == ["New-York", "a-b", "_1984", "sci/fi", "C-og-C", "", "læring-2024"]
    tags = ["New York", "new  york", "a, b", "1984", ",,"]
    saved = library.save(replace(_content(), url="https://example.no/t"), tags=tags)
    front, _ = read_front_matter(markdown.front_matter(library.get(saved.article_id)))
    kept = library.get(saved.article_id).tags
    assert front["newsreader_tags"] == list(kept) and sorted(kept) == sorted(tags)
    # In the library's order, without the one that keeps no character (",,").
    assert front["tags"] == [markdown.obsidian_tag(t) for t in kept if t != ",,"]
    assert sorted(front["tags"]) == sorted(["New-York", "new-york", "a-b", "_1984"])


def _content():
    from tests.export_helpers import content

    return content(9, "Merkelapper", "Tekst. Mer.")


def _cli_small_files(library, *argv: str):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    path = os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "newsreader", "--library", str(library.paths.root), *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": path},
        preexec_fn=_small_files,
    )


def _small_files() -> None:
    # No file above 60 kB: what a full disk does to a write (EFBIG as ENOSPC).
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000))


def test_show_markdown_output_beside_a_file_named_images_says_what_is_in_the_way(library, tmp_path):
    article_id = fill(library)[0]
    library.close()
    (tmp_path / "images").write_text("not a folder")
    note = tmp_path / "note.md"
    done = _cli_small_files(library, "show", str(article_id), "-f", "markdown", "-o", str(note))
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1, done.stderr
    assert f"{tmp_path / 'images'}" in done.stderr and "a file of that name" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["images", "library"]


def test_a_failed_show_markdown_output_leaves_no_image_behind(library, tmp_path):
    from tests.export_helpers import JPEG, content, image

    text = " ".join(["Et langt avsnitt om nordlys og vær."] * 3000)  # ~100 kB of Markdown
    stored = image(0, JPEG, "image/jpeg", "https://example.no/bilder/bieber.jpg")
    article_id = library.save(content(4, "Lang sak", text, images=(stored,))).article_id
    library.close()
    note = tmp_path / "ut" / "note.md"
    note.parent.mkdir()
    done = _cli_small_files(library, "show", str(article_id), "-f", "markdown", "-o", str(note))
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1, done.stderr
    assert f"cannot write {note}: File too large" in done.stderr
    assert list(note.parent.iterdir()) == []  # no note, no images/, no temporaries


def test_a_failed_epub_write_is_one_line(library, tmp_path):
    import random

    from PIL import Image

    from tests.export_helpers import content, image

    noise = random.Random(15).randbytes(200 * 200 * 3)  # a photo that does not compress
    out = io.BytesIO()
    Image.frombytes("RGB", (200, 200), noise).save(out, "PNG")
    stored = image(0, out.getvalue(), "image/png", "https://example.no/bilder/støy.png")
    ids = [library.save(content(4, "Støy", "Tekst. Mer.", images=(stored,))).article_id]
    library.close()
    book = tmp_path / "ut" / "book.epub"
    book.parent.mkdir()
    done = _cli_small_files(library, "export", "-f", "epub", str(ids[0]), "-o", str(book))
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"newsreader: cannot write {book}: File too large\n"
    assert list(book.parent.iterdir()) == []
