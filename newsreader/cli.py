"""The ``newsreader`` command line: a thin layer over the library and the saver.

With no subcommand it starts the desktop window.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shlex
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from newsreader import __version__, render
from newsreader.capture.url_lists import looks_like_address
from newsreader.capture.urls import shown
from newsreader.errors import (
    DiskFull,
    LibraryDamaged,
    LibraryError,
    LibraryLocked,
    LibraryReadOnly,
    NewsreaderError,
)
from newsreader.library import backup, restore
from newsreader.library.library import Library
from newsreader.library.query import HELP as QUERY_HELP
from newsreader.library.sessions import HealthReport, Session
from newsreader.paths import LIBRARY_ENV, resolve_library_dir
from newsreader.saver import (
    SAVE_TIMEOUT,
    SAVE_TIMEOUT_RANGE,
    ReextractResult,
    Saver,
    SaveResult,
)

log = logging.getLogger("newsreader")


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _fail(message: str) -> None:
    print(f"newsreader: {message}", file=sys.stderr)


@contextmanager
def _open_library(args: argparse.Namespace, create: bool = False) -> Iterator[Library]:
    # Only saving creates a library: a mistyped --library for `list` should say so,
    # not show an empty new library.
    root = resolve_library_dir(args.library)
    with Session(root) as session:
        health = session.check()  # only after an unclean shutdown
        if health is not None and health.damaged:
            raise LibraryError(health.advice())
        library = Library(root, create=create)
        try:
            yield library
        finally:
            library.close()


# --- saving ---------------------------------------------------------------------------------
def _saved_line(result: SaveResult) -> str:
    return f"{result.article_id}\t{result.title}"


def _save_all(
    saver: Saver,
    urls: Sequence[str],
    tags: Sequence[str],
    on_done: Callable[[SaveResult], None] | None = None,
) -> list[SaveResult]:
    """``save_many``; on Ctrl+C, every running save is cut off (storing nothing) before
    the interrupt goes on to ``main``, which says so in one line."""
    try:
        return saver.save_many(urls, tags=tags, on_done=on_done)
    except KeyboardInterrupt:
        # A second Ctrl+C must not break off the quick, orderly stop.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        saver.close()
        raise


def cmd_add(args: argparse.Namespace) -> int:
    # One URL needs one extraction process, not one per core.
    workers = min(len(args.urls), os.cpu_count() or 1)
    with (
        _open_library(args, create=True) as library,
        Saver(library, workers=workers, save_timeout=args.save_timeout) as saver,
    ):
        failed = 0
        for result in _save_all(saver, args.urls, args.tag):
            if result.ok:
                print(_saved_line(result), flush=True)
                if result.notice:
                    _fail(f"{shown(result.url)}: {result.notice}")
                if result.images_failed:
                    count = result.images_failed
                    images = "1 image" if count == 1 else f"{count} images"
                    _fail(f"{shown(result.url)}: {images} could not be stored")
            else:
                failed += 1
                _fail(f"{shown(result.url)}: {result.error.message}")
        return 1 if failed else 0


# --- reading --------------------------------------------------------------------------------
def cmd_list(args: argparse.Namespace) -> int:
    with _open_library(args) as library:
        articles = library.list(args.state, tag=args.tag, limit=args.limit)
        if args.json:
            # As search: exit status 1 when nothing is listed, so scripts can branch on it.
            _print_json([render.summary_json(a, library.images(a.id)) for a in articles])
            return 0 if articles else 1
        for a in articles:
            marks = ("★" if a.favorite else " ") + ("A" if a.state == "archived" else " ")
            site = f" — {a.site}" if a.site else ""
            tags = f"  [{', '.join(a.tags)}]" if a.tags else ""
            link = ""
            if a.fetch_state is not None:  # imported without its text (schema 8)
                link = f"  [link only: {a.fetch_error}]" if a.fetch_error else "  [link only]"
            print(f"{a.id:>6} {marks} {a.saved_at[:10]}  {a.title}{site}{tags}{link}")
        if not articles:
            _fail("no matches")
            return 1
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with _open_library(args) as library:
        article = library.get(args.id)
        highlights = library.notebook.of_article(args.id)
        note = library.notebook.article_note(args.id)
        if args.format == "json":
            data = render.article_json(article, highlights, note)
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        elif args.format == "markdown":
            from newsreader.exports.markdown import note_text

            # The Markdown export's text, front matter too, as --output writes it; images
            # link to where they were saved from: a text alone carries no files (--output
            # copies them beside the file instead).
            text = note_text(article, highlights, note)
        elif args.format == "html":
            text = render.to_html(article, highlights, note)  # images embedded
        else:
            text = render.to_text(article, highlights, note)
        if args.output is not None:
            from newsreader.cli_export import write_show_output

            return write_show_output(library, args, text)
        sys.stdout.write(text)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    if not query.strip() and args.saved is None:
        _fail("nothing to search for (see 'newsreader search --help')")
        return 2
    with _open_library(args) as library:
        if args.saved is not None:
            from newsreader.cli_saved import saved_query

            query = saved_query(library, args.saved, query)
        hits = library.search(query, limit=args.limit, offset=args.offset)
        # Only the first page says how many the search found (the offer is about that);
        # a full page may be cut by --limit, so the library counts for itself then.
        found = len(hits) if len(hits) < args.limit else None
        suggestion = library.suggest(query, found=found) if args.offset == 0 else None
        # Like grep: exit status 1 when nothing matched, so scripts can branch on it.
        status = 0 if hits else 1
        if args.json and args.did_you_mean:
            _print_json(
                {
                    "hits": [render.hit_json(hit) for hit in hits],
                    "did_you_mean": render.suggestion_json(suggestion),
                }
            )
            return status
        if args.json:
            _print_json([render.hit_json(hit) for hit in hits])
        else:
            bold, plain = ("\x1b[1m", "\x1b[0m") if sys.stdout.isatty() else ("**", "**")
            for hit in hits:
                site = f" — {hit.article.site}" if hit.article.site else ""
                print(f"{hit.article.id:>6}  {hit.article.title}{site}")
                where = render.MATCHED_IN.get(hit.matched_in, "")
                print(f"        {where}{render.snippet_with(hit.snippet, bold, plain)}")
        offer = f"did you mean: {suggestion.query}" if suggestion else ""
        if not hits and not args.json:
            _fail("; ".join(filter(None, ["no matches", offer])))
        elif offer:
            _fail(offer)
    return status


# --- changing -------------------------------------------------------------------------------
def cmd_delete(args: argparse.Namespace) -> int:
    with _open_library(args) as library:
        deleted = library.delete(args.ids)
    for article_id in deleted:
        print(f"deleted {article_id}")
    missing = [i for i in args.ids if i not in deleted]
    for article_id in missing:
        _fail(f"no article with id {article_id}")
    return 1 if missing else 0


def _each_id(
    args: argparse.Namespace, action: Callable[[Library, int], None], done: str | None
) -> int:
    failed = 0
    with _open_library(args) as library:
        for article_id in args.ids:
            try:
                action(library, article_id)
                if done:
                    print(f"{done} {article_id}")
            except (LibraryLocked, LibraryReadOnly, DiskFull):
                raise  # the library's state, the same for every article: said once
            except NewsreaderError as exc:
                failed += 1
                _fail(exc.message)
    return 1 if failed else 0


def cmd_archive(args: argparse.Namespace) -> int:
    state = "unread" if args.undo else "archived"
    done = "moved back to unread:" if args.undo else "archived"
    return _each_id(args, lambda lib, i: lib.set_state(i, state), done)


def cmd_read(args: argparse.Namespace) -> int:
    return _each_id(
        args,
        lambda lib, i: lib.mark_read(i, not args.undo),
        "marked unread" if args.undo else "marked read",
    )


def cmd_favorite(args: argparse.Namespace) -> int:
    return _each_id(
        args,
        lambda lib, i: lib.set_favorite(i, not args.undo),
        "unfavorited" if args.undo else "favorited",
    )


def cmd_tag(args: argparse.Namespace) -> int:
    # Tags compare without case, as the library stores them.
    remove = {tag.casefold() for tag in args.remove or ()}

    if not remove and not args.add:
        _fail("say which tags to --add or --remove")
        return 2

    def change(library: Library, article_id: int) -> None:
        tags = [t for t in library.get(article_id).tags if t.casefold() not in remove]
        library.set_tags(article_id, [*tags, *(args.add or ())])
        now = library.get(article_id).tags
        print(f"{article_id}\t{', '.join(now) if now else '(no tags)'}")

    return _each_id(args, change, None)


def _describe_reextract(result: ReextractResult) -> str:
    parts = [
        f"words {result.words_before} → {result.words_after}",
        f"images {result.images_before} → {result.images_after}",
    ]
    if result.gained:
        parts.append(f"+{len(result.gained)} new")
    if result.lost:
        parts.append(f"-{len(result.lost)} gone")
    if result.to_fetch:
        parts.append(f"{result.to_fetch} to fetch (save the URL again)")
    if result.partial_before != result.partial_after:
        parts.append("now partial" if result.partial_after else "no longer partial")
    if bool(result.paywall_before) != bool(result.paywall_after):
        parts.append("now flagged: paywall" if result.paywall_after else "paywall flag cleared")
    if not result.changed:
        parts.append("unchanged")
    return f"{result.article_id}\t{result.title}\t" + ", ".join(parts)


def _reextract_json(result: ReextractResult) -> dict:
    return {
        "id": result.article_id,
        "title": result.title,
        "changed": result.changed,
        "words": [result.words_before, result.words_after],
        "images": [result.images_before, result.images_after],
        "images_gained": list(result.gained),
        "images_lost": list(result.lost),
        "images_to_fetch": result.to_fetch,
        "partial": [result.partial_before, result.partial_after],
        "paywall": [result.paywall_before, result.paywall_after],
    }


def cmd_reextract(args: argparse.Namespace) -> int:
    failed = 0
    results: list[ReextractResult] = []
    with _open_library(args) as library, Saver(library) as saver:
        ids = args.ids or library.ids()
        for n, article_id in enumerate(ids, 1):
            try:
                result = saver.reextract(article_id)
            except NewsreaderError as exc:
                failed += 1
                message = exc.message
                if f"id {article_id}" not in message:
                    message = f"article {article_id}: {message}"
                _fail(message)
                continue
            results.append(result)
            if not args.json:
                print(_describe_reextract(result), flush=True)
            if len(ids) > 1:
                print(f"[{n}/{len(ids)}] re-extracted {article_id}", file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps([_reextract_json(r) for r in results], ensure_ascii=False, indent=2))
    elif len(results) > 1:
        changed = sum(1 for r in results if r.changed)
        words = (sum(r.words_before for r in results), sum(r.words_after for r in results))
        print(
            f"{changed} of {len(results)} articles changed; words {words[0]} → {words[1]}; "
            f"images +{sum(len(r.gained) for r in results)} "
            f"-{sum(len(r.lost) for r in results)}",
            flush=True,
        )
    if failed:
        _fail(f"{failed} of {len(ids)} article(s) could not be re-extracted")
    return 1 if failed else 0


def cmd_check(args: argparse.Namespace) -> int:
    with _open_library(args) as library:
        report = library.check(repair=args.repair, deep=args.deep)
        busy = not report.index_checked and not library.read_only
        urls = {
            article_id: library.get(article_id).url
            for article_id, _ in (*report.missing, *report.damaged)
        }
    if report.database_problem is not None:
        print(
            f"the database is damaged ({report.database_problem}); no repair mends that"
            + (_restore_advice(args) or "; restore a backup with: newsreader restore ARCHIVE")
        )
    for article_id, name in report.missing:
        print(
            f"missing file: {name} (article {article_id}); to restore it, save the article "
            f"again: newsreader add {urls[article_id]}"
        )
    for article_id, name in report.damaged:
        if args.repair:
            print(
                f"damaged file removed: {name} (article {article_id}); to fetch it again, "
                f"save the article again: newsreader add {urls[article_id]}"
            )
        else:
            print(f"damaged file: {name} (article {article_id}): its bytes do not match its hash")
    verb = "removed" if args.repair else "orphaned file"
    for name in report.orphans:
        print(f"{verb}: {name}")
    for name in report.temporaries:
        print(f"{'removed' if args.repair else 'leftover temporary file'}: {name}")
    for table, rowid in report.stray_rows:
        what = "highlight" if table == "highlights" else "article note"
        print(f"{'removed ' if args.repair else ''}{what} {rowid} of an article that is gone")
    _print_lost_highlights(report.lost_highlights)
    if not report.index_ok:
        print(
            "the search index was damaged; rebuilt"
            if args.repair
            else "the search index is damaged; run `newsreader check --repair`"
        )
    if report.clean:
        print("library is consistent")
        if busy:
            print(
                "the search index was only probed: another program kept writing to the "
                "library; run 'newsreader check' again later to check it fully",
                file=sys.stderr,
            )
        return 0
    if args.repair and not (report.missing or report.damaged or report.database_problem):
        return 0
    if not args.repair and (
        report.orphans
        or report.temporaries
        or report.damaged
        or report.stray_rows
        or not report.index_ok
    ):
        print("run 'newsreader check --repair' to clean up", file=sys.stderr)
    return 1


def _print_lost_highlights(lost: Sequence[tuple[int, int]]) -> None:
    """One line per article with highlights no longer found in its text (not damage:
    they are kept with their quotes and notes)."""
    by_article: dict[int, list[int]] = {}
    for article_id, highlight_id in lost:
        by_article.setdefault(article_id, []).append(highlight_id)
    for article_id, ids in by_article.items():
        count = "1 highlight" if len(ids) == 1 else f"{len(ids)} highlights"
        print(
            f"article {article_id}: {count} no longer found in its text "
            f"({', '.join(map(str, ids))}); kept: newsreader highlights {article_id}"
        )


def cmd_reindex(args: argparse.Namespace) -> int:
    began = time.monotonic()
    interactive = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        end = "\r" if interactive and done < total else "\n"
        if interactive or done == total or done % 5000 == 0:
            print(f"indexed {done:,} of {total:,} articles", end=end, file=sys.stderr, flush=True)

    with _open_library(args) as library:
        count = library.reindex(progress)
    print(f"search index rebuilt: {count:,} articles in {time.monotonic() - began:.1f} s")
    return 0


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 100_000 else f"{count / 1e3:.0f} kB"


def cmd_backup(args: argparse.Namespace) -> int:
    root = resolve_library_dir(args.library)
    result = backup.write_archive(root, Path(args.path) if args.path else None)
    print(
        f"backed up {result.articles} articles and {result.files} files to {result.path} "
        f"({_size(result.bytes)}, {result.seconds:.1f} s)"
    )
    if result.missing:
        _fail(
            f"{len(result.missing)} file(s) the library names were already missing from it "
            "(see 'newsreader check'); the backup lacks them too"
        )
    if result.damaged:
        _fail(
            f"{len(result.damaged)} damaged file(s) were left out of the backup: their bytes "
            "no longer match their names (see 'newsreader check --deep')"
        )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    target = resolve_library_dir(args.library)
    files_from = Path(args.files_from).expanduser() if args.files_from else None
    result = restore.restore(Path(args.archive), target, files_from)
    print(f"restored {result.articles} articles and {result.files} files into {result.target}")
    if result.missing:
        _fail(
            f"{len(result.missing)} file(s) could not be restored; 'newsreader --library "
            f"{result.target} check' lists them, and saving those articles again fetches them"
        )
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from newsreader.ui.app import run

    return run(args.library, getattr(args, "urls", []))


# --- parser ---------------------------------------------------------------------------------
# The largest integer SQLite stores (a signed 64-bit integer): https://sqlite.org/datatype3.html
SQLITE_MAX_INT = 2**63 - 1


def _integer(text: str, least: int, most: int = SQLITE_MAX_INT) -> int:
    try:
        # ASCII digits as typed: int() also reads full-width and Arabic-Indic digits, and "1_0".
        if not re.fullmatch(r"[+-]?[0-9]+", text.strip()):
            raise ValueError(text)
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < least:
        raise argparse.ArgumentTypeError(f"{value} is too small; it must be at least {least}")
    if value > most:
        raise argparse.ArgumentTypeError(f"{text.strip()} is too large; at most {most}")
    return value


# Saves at once in `import`: each is a thread, and up to this many extraction workers
# of ~50 MB each; more would only queue behind the per-host limit and the cores.
MAX_JOBS = 16


def _jobs(text: str) -> int:
    """Saves at once: 1 to MAX_JOBS (argparse type)."""
    return _integer(text, 1, MAX_JOBS)


def _save_timeout(text: str) -> float:
    """A whole save's deadline in seconds, within SAVE_TIMEOUT_RANGE (argparse type)."""
    least, most = SAVE_TIMEOUT_RANGE
    try:
        value = float(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not least <= value <= most:  # also refuses nan
        raise argparse.ArgumentTypeError(
            f"{text.strip()} is out of range; give {least:g} to {most:g} seconds"
        )
    return value


def _positive(text: str) -> int:
    """A count of at least 1 that SQLite can hold (argparse type)."""
    return _integer(text, 1)


def _non_negative(text: str) -> int:
    """An offset of 0 or more that SQLite can hold (argparse type)."""
    return _integer(text, 0)


def _article_id(text: str) -> int:
    """An article id: 1 to SQLITE_MAX_INT, SQLite's rowid range (argparse type)."""
    return _integer(text, 1)


SEARCH_SYNTAX = "Case and accents do not matter; æ, ø and å are letters.\n\n" + "\n".join(
    f"  {example:<20} {meaning}" for example, meaning in QUERY_HELP
)

COMMANDS = (
    "add", "import", "list", "show", "search", "delete",
    "archive", "favorite", "read", "tag", "reextract", "check", "reindex", "backup", "restore",
    "highlights", "highlight", "unhighlight", "note",  # cli_highlights.COMMANDS
    "export",  # cli_export.COMMANDS
    "retry",  # cli_import.COMMANDS
    "saved",  # cli_saved.COMMANDS
)  # fmt: skip


class _Parser(argparse.ArgumentParser):
    """Usage errors in the same one-line form as every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"newsreader: {message} (see '{self.prog} --help')\n")


SAVE_TIMEOUT_HELP = {
    "metavar": "SECONDS",
    "help": f"give up a save after this long; images not in by then are fetched when it is "
    f"saved again (default {SAVE_TIMEOUT:g})",
}


def build_parser() -> argparse.ArgumentParser:
    # --library and -v are accepted after the command too.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--library", metavar="DIR", default=argparse.SUPPRESS, help="library folder"
    )
    common.add_argument(
        "-v", "--verbose", action="count", default=argparse.SUPPRESS, help="log more"
    )
    parser = _Parser(
        prog="newsreader",
        description="Save web articles for offline reading, and read and search them. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"newsreader {__version__}")
    parser.add_argument(
        "--library",
        metavar="DIR",
        help=f"library folder (default: ${LIBRARY_ENV}, else your user data folder)",
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("add", parents=[common], help="save articles from their URLs")
    p.add_argument("urls", nargs="+", metavar="URL")
    p.add_argument("--tag", "-t", action="append", default=[], metavar="T", help="tag (repeatable)")
    p.add_argument("--save-timeout", type=_save_timeout, default=SAVE_TIMEOUT, **SAVE_TIMEOUT_HELP)
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("list", parents=[common], help="list saved articles, newest first")
    p.add_argument("--state", choices=("unread", "archived", "all"), default="unread")
    p.add_argument("--tag", metavar="T")
    p.add_argument("--limit", type=_positive)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", parents=[common], help="print one article")
    p.add_argument("id", type=_article_id)
    p.add_argument("--format", "-f", choices=render.FORMATS, default="text")
    p.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write to FILE instead (Markdown: with the images copied into 'images' beside it)",
    )
    p.set_defaults(func=cmd_show)

    p = sub.add_parser(
        "search",
        parents=[common],
        help="full-text search",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Search the library. " + SEARCH_SYNTAX,
    )
    p.add_argument("query", nargs="*", help="words, phrases and filters (see above)")
    p.add_argument("--limit", "-n", type=_positive, default=20)
    p.add_argument("--offset", type=_non_negative, default=0, help="skip this many results")
    p.add_argument("--saved", metavar="NAME", help="run this saved search (words given narrow it)")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--did-you-mean",
        action="store_true",
        help="with --json: an object of 'hits' and 'did_you_mean' (the query offered "
        "when the search finds little, or null) instead of the list of hits",
    )
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "delete", parents=[common], help="delete articles and the files only they use"
    )
    p.add_argument("ids", nargs="+", type=_article_id, metavar="ID")
    p.set_defaults(func=cmd_delete)

    p = sub.add_parser(
        "archive", parents=[common], help="archive articles (--undo to move back to unread)"
    )
    p.add_argument("ids", nargs="+", type=_article_id, metavar="ID")
    p.add_argument("--undo", action="store_true")
    p.set_defaults(func=cmd_archive)

    p = sub.add_parser(
        "read", parents=[common], help="mark articles as read (--undo to mark them unread)"
    )
    p.add_argument("ids", nargs="+", type=_article_id, metavar="ID")
    p.add_argument("--undo", action="store_true")
    p.set_defaults(func=cmd_read)

    p = sub.add_parser(
        "favorite", parents=[common], help="mark articles as favourites (--undo to unmark)"
    )
    p.add_argument("ids", nargs="+", type=_article_id, metavar="ID")
    p.add_argument("--undo", action="store_true")
    p.set_defaults(func=cmd_favorite)

    p = sub.add_parser("tag", parents=[common], help="add or remove tags")
    p.add_argument("ids", nargs="+", type=_article_id, metavar="ID")
    p.add_argument("--add", "-a", action="append", metavar="T")
    p.add_argument("--remove", "-r", action="append", metavar="T")
    p.set_defaults(func=cmd_tag)

    # Highlights and notes, imports: their own modules, which import this one (so not at
    # the top).
    from newsreader import cli_highlights, cli_import

    cli_highlights.add_commands(sub, common)
    cli_import.add_commands(sub, common)
    from newsreader import cli_export

    cli_export.add_commands(sub, common)
    from newsreader import cli_saved

    cli_saved.add_commands(sub, common)

    p = sub.add_parser(
        "reextract", parents=[common], help="rebuild articles from their stored pages, offline"
    )
    p.add_argument("ids", nargs="*", type=_article_id, metavar="ID", help="articles (default: all)")
    p.add_argument("--json", action="store_true", help="what changed, as JSON")
    p.set_defaults(func=cmd_reextract)

    p = sub.add_parser("check", parents=[common], help="compare the database with the files")
    p.add_argument(
        "--repair",
        action="store_true",
        help="remove orphaned and damaged files, rebuild a damaged search index",
    )
    p.add_argument(
        "--deep", action="store_true", help="also verify every stored file against its hash"
    )
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "reindex", parents=[common], help="rebuild the search index (after an upgrade)"
    )
    p.set_defaults(func=cmd_reindex)

    p = sub.add_parser(
        "backup",
        parents=[common],
        help="write the library (database and files) to one archive, while it is in use",
    )
    p.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="a .zip file to create, or a folder for it (default: your backups folder)",
    )
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore",
        parents=[common],
        help="check a backup and restore it as a new library (the --library folder, "
        "which must be new or empty)",
    )
    p.add_argument("archive", metavar="ARCHIVE")
    p.add_argument(
        "--files-from",
        metavar="DIR",
        help="for an automatic (database-only) backup: the library to copy files from "
        "(default: the one it was made of)",
    )
    p.set_defaults(func=cmd_restore)
    return parser


def _configure_logging(verbosity: int) -> None:
    level = logging.WARNING - 10 * min(verbosity, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if verbosity < 2:
        # trafilatura and friends are chatty at INFO about things users cannot act on.
        for noisy in ("trafilatura", "htmldate", "courlan", "urllib3", "charset_normalizer"):
            logging.getLogger(noisy).setLevel(max(level, logging.ERROR))


def _window_urls(argv: list[str], commands: Iterable[str]) -> tuple[list[str], list[str]]:
    """Split ``newsreader [options] URL… [options]`` into (options, URLs) for the window.

    Only when the first word that is not an option is a web address rather than a
    command; otherwise returns ``argv`` unchanged and no URLs.
    """
    options: list[str] = []
    urls: list[str] = []
    words = iter(argv)
    for word in words:
        if word == "--library":
            options += [word, next(words, "")]
        elif word.startswith("-"):
            options.append(word)
        elif not urls and (word in commands or not looks_like_address(word)):
            return argv, []
        else:
            urls.append(word)
    return (options, urls) if urls else (argv, [])


# The search command's own options; any other word is part of the query, even one that
# starts with a dash (-nrk excludes NRK; argparse would read it as -n rk).
_SEARCH_VALUED = ("--limit", "-n", "--offset", "--library", "--saved")
_SEARCH_FLAGS = ("--json", "--did-you-mean", "-v", "-vv", "-vvv", "--verbose", "-h", "--help")


def _search_argv(argv: list[str]) -> list[str]:
    """``argv`` with the query words of a search after ``--``, so none is an option."""
    words = iter(argv)
    head: list[str] = []
    for word in words:
        head.append(word)
        if word == "--library":
            head.append(next(words, ""))
        elif word == "search":
            break
        elif not word.startswith("-"):
            return argv  # another command
    else:
        return argv
    options: list[str] = []
    query: list[str] = []
    for word in words:
        if word == "--":
            query.extend(words)
        elif word in _SEARCH_VALUED:
            options += [word, next(words, "")]
        elif word in _SEARCH_FLAGS or word.split("=", 1)[0] in _SEARCH_VALUED:
            options.append(word)
        else:
            query.append(word)
    return [*head, *options, "--", *query]


def _restore_advice(args: argparse.Namespace) -> str:
    """For a damaged library: the command that restores its latest backup, if any."""
    try:
        root = resolve_library_dir(args.library)
        latest = backup.latest_backup(root)
    except (OSError, NewsreaderError):
        return ""
    if latest is None:
        return ""
    health = HealthReport(root, "damaged", latest)
    return (
        f"; its latest backup can be restored into a new folder with: newsreader restore "
        f"{shlex.quote(str(latest))} --library {shlex.quote(str(health.restore_target()))}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    argv, window_urls = _window_urls(argv, COMMANDS)
    args = parser.parse_args(_search_argv(argv))
    if window_urls:
        args.urls = window_urls
    _configure_logging(args.verbose)
    func = getattr(args, "func", cmd_gui)
    try:
        return func(args)
    except LibraryDamaged as exc:
        _fail(exc.message + _restore_advice(args))
        return 1
    except NewsreaderError as exc:
        _fail(exc.message)
        return 1
    except KeyboardInterrupt:
        _fail("interrupted")
        return 130
    except BrokenPipeError:
        # `newsreader list | head`: the reader went away; that is not an error.
        sys.stderr.close()
        return 0
    except Exception as exc:  # a bug: say so in one line, with the details on request
        if args.verbose:
            raise
        _fail(f"internal error: {exc.__class__.__name__}: {exc} (run with -v for details)")
        return 2
