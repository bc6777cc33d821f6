"""The command line's ``export`` (registered by cli.build_parser through
``add_commands``), and the file output of ``show --output``.

Which articles: the ids given, or every article (``--all``), or those a filter picks
(``--state``, ``--tag``, ``--search`` with the search command's query language).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from newsreader import exports
from newsreader.cli import _article_id, _fail, _open_library
from newsreader.exports.common import Job, safe_name, staged
from newsreader.exports.markdown import write_file as write_markdown_file
from newsreader.library.library import Library

COMMANDS = ("export",)


def _selected(library: Library, args: argparse.Namespace) -> list[int]:
    if args.ids:
        return list(args.ids)
    if args.search:
        found = [article_id for article_id, _ in library.search_ids(args.search)]
        if args.state is None and args.tag is None:
            return found
        allowed = set(library.list_ids(args.state or "all", tag=args.tag))
        return [article_id for article_id in found if article_id in allowed]
    return library.list_ids(args.state or "all", tag=args.tag)


def _default_stem(library: Library, ids: list[int]) -> str:
    if len(ids) == 1:
        summaries = library.summaries(ids)
        if summaries:
            return safe_name(summaries[0].title, f"article-{ids[0]}")
    return exports.default_stem()


def _names_a_folder(given: str, path: Path) -> bool:
    """``given`` (as typed) ends in a path separator or names an existing folder."""
    if given.endswith(os.sep) or (os.altsep is not None and given.endswith(os.altsep)):
        return True
    try:
        return path.is_dir()
    except OSError:  # a name too long (Python 3.11 raises): export() says so in one line
        return False


def _destination(library: Library, args: argparse.Namespace, ids: list[int]) -> Path:
    """Where to export: ``--output`` as given, or, without it or when it names a
    folder for a file format, a new name (never one that exists) in that folder."""
    kind = exports.FORMATS[args.format][1]
    if args.output is None:
        folder = Path.cwd()
    else:
        output = Path(args.output).expanduser()
        if kind == "folder" or not _names_a_folder(args.output, output):
            return output
        folder = output
    suffix = exports.SUFFIXES.get(args.format, "")
    return exports.unused_path(folder, _default_stem(library, ids), suffix)


def _progress_line(done: int, total: int) -> None:
    print(f"\rexporting {done}/{total}", end="", file=sys.stderr, flush=True)


def cmd_export(args: argparse.Namespace) -> int:
    filters = any((args.state, args.tag, args.search))
    if args.all and (args.ids or filters):
        _fail(
            "--all is every article: it cannot be combined with IDs or --state/--tag/--search "
            "(leave it out to export what those pick)"
        )
        return 2
    if bool(args.ids) + bool(args.all) + filters != 1:
        _fail(
            "say which articles: IDs, --all, or --state/--tag/--search "
            "(IDs cannot be combined with the others; see 'newsreader export --help')"
        )
        return 2
    with _open_library(args) as library:
        ids = _selected(library, args)
        if not ids:
            _fail("no articles match")
            return 1
        destination = _destination(library, args, ids)
        on_tty = sys.stderr.isatty()
        try:
            result = exports.export(
                library,
                ids,
                args.format,
                destination,
                progress=_progress_line if on_tty else None,
            )
        finally:
            if on_tty:
                print("\r\x1b[K", end="", file=sys.stderr, flush=True)
    images = f", {result.images} image{'s' if result.images != 1 else ''}" if result.images else ""
    noun = "article" if result.articles == 1 else "articles"
    print(f"exported {result.articles} {noun}{images} to {result.path}")
    for problem in result.problems:
        _fail(problem)
    return 1 if result.problems else 0


def write_show_output(library: Library, args: argparse.Namespace, text: str) -> int:
    """``show --output PATH``: ``text`` written to PATH (replaced once complete); for
    Markdown, the article's images copied into ``images`` beside it and linked there."""
    path = Path(args.output).expanduser()
    if args.format == "markdown":
        job = Job(library, [args.id])
        write_markdown_file(job, path)
        for problem in job.problems:
            _fail(problem)
        return 1 if job.problems else 0
    with staged(path, folder=False) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return 0


def add_commands(sub, common: argparse.ArgumentParser) -> None:
    """Add ``export`` to ``sub`` (the parser's subparsers) with the ``common`` options."""
    formats = "; ".join(
        f"{format_id}: {name} ({kind})" for format_id, (name, kind) in exports.FORMATS.items()
    )
    p = sub.add_parser(
        "export",
        parents=[common],
        help="write articles to EPUB, Markdown, HTML, JSON, bookmarks or CSV",
        description=f"Export articles. Formats: {formats}.",
    )
    p.add_argument("ids", nargs="*", type=_article_id, metavar="ID", help="the articles to export")
    p.add_argument("--format", "-f", choices=tuple(exports.FORMATS), required=True)
    p.add_argument(
        "--output",
        "-o",
        metavar="PATH",
        help="the file or (Markdown, HTML) the new folder to write; an existing folder or a "
        "path ending in / for a file format puts the file in it under the default name "
        "(default: a new name from the title or the date, here)",
    )
    p.add_argument(
        "--all", action="store_true", help="every article (not with IDs, --state, --tag, --search)"
    )
    p.add_argument("--state", choices=("unread", "archived", "all"), help="articles in this state")
    p.add_argument("--tag", metavar="T", help="articles with this tag")
    p.add_argument("--search", metavar="QUERY", help="articles matching this search")
    p.set_defaults(func=cmd_export)
