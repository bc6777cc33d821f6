"""The command line's highlights and notes: ``highlights``, ``highlight``,
``unhighlight`` and ``note`` (registered by cli.build_parser through ``add_commands``).

Output formats follow render_highlights: plain text (``[id] colour``, the quote after
"> ", the note below), JSON (W3C selectors) and Markdown for note-taking apps.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from newsreader import render, render_highlights
from newsreader.cli import _article_id, _fail, _open_library, _print_json
from newsreader.library import anchoring
from newsreader.library.highlights import COLORS, Highlight, color_of
from newsreader.library.library import Library
from newsreader.library.models import ArticleSummary

COMMANDS = ("highlights", "highlight", "unhighlight", "note")


@dataclass(frozen=True)
class Notes:
    """One article's note and highlights, as ``highlights`` shows them."""

    article: ArticleSummary
    highlights: list[Highlight]  # reading order, those no longer found last
    note: str


def _color(text: str) -> str:
    """A highlight colour (ours, or another service's name for one: argparse type)."""
    try:
        if not text.strip():
            raise ValueError(text)
        return color_of(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid colour {text!r} (choose from {', '.join(COLORS)})"
        ) from None


def _filtered(highlights: list[Highlight], color: str | None) -> list[Highlight]:
    return [h for h in highlights if color is None or h.color == color]


def _has_tag(article: ArticleSummary, tag: str | None) -> bool:
    return tag is None or tag.casefold() in (t.casefold() for t in article.tags)


def _of_articles(
    library: Library, ids: list[int], color: str | None, tag: str | None
) -> tuple[list[Notes], list[int]]:
    """The articles ``ids`` (in that order, each once) with their notes, even when
    they have none; and the ids that are no article."""
    ids = list(dict.fromkeys(ids))
    by_id = {summary.id: summary for summary in library.summaries(ids)}
    highlights: dict[int, list[Highlight]] = {}
    for highlight in library.notebook.of_articles(list(by_id)):
        highlights.setdefault(highlight.article_id, []).append(highlight)
    found = [
        Notes(
            by_id[i],
            _filtered(highlights.get(i, []), color),
            "" if color else library.notebook.article_note(i),
        )
        for i in ids
        if i in by_id and _has_tag(by_id[i], tag)
    ]
    return found, [i for i in ids if i not in by_id]


def _everything(library: Library, color: str | None, tag: str | None) -> list[Notes]:
    """Every article with highlights (or, without ``color``, a note of its own): the one
    with the newest highlight or note first, each one's highlights in reading order."""
    # Article id -> when its newest highlight or note was made, and the highlight's id
    # (times are to the second; ids grow as highlights are made).
    newest_first: dict[int, tuple[str, int]] = {}
    for found in library.notebook.everything(color=color, tag=tag):
        highlight = found.highlight
        newest_first.setdefault(highlight.article_id, (highlight.created_at, highlight.id))
    if color is None:
        for article_id, updated_at in library.notebook.article_notes().items():
            if (updated_at, 0) > newest_first.get(article_id, ("", 0)):
                newest_first[article_id] = (updated_at, 0)
    newest = sorted(newest_first, key=lambda i: (newest_first[i], i), reverse=True)
    found, _ = _of_articles(library, newest, color, tag)
    return [n for n in found if n.highlights or n.note]


def _notes_json(notes: Notes) -> dict:
    data = render.summary_json(notes.article)
    del data["images"]
    data["note"] = notes.note
    data["highlights"] = [render_highlights.highlight_json(h) for h in notes.highlights]
    return data


def _notes_text(notes: Notes) -> str:
    article = notes.article
    site = f" — {article.site}" if article.site else ""
    tags = f"  [{', '.join(article.tags)}]" if article.tags else ""
    head = f"{article.id}  {article.title}{site}{tags}\n{article.url}"
    body = render_highlights.notes_text(notes.highlights, notes.note)
    return f"{head}\n\n{body or '(no highlights or notes)'}\n"


def cmd_highlights(args: argparse.Namespace) -> int:
    with _open_library(args) as library:
        if args.ids:
            shown, missing = _of_articles(library, args.ids, args.color, args.tag)
        else:
            shown, missing = _everything(library, args.color, args.tag), []
    for article_id in missing:
        _fail(f"no article with id {article_id}")
    if args.json:
        _print_json([_notes_json(n) for n in shown])
    elif args.markdown:
        sys.stdout.write(
            "\n".join(
                render_highlights.article_markdown(n.article, n.highlights, n.note) for n in shown
            )
        )
    else:
        sys.stdout.write("\n\n".join(_notes_text(n) for n in shown))
    if not shown and not missing:
        # As list and search: exit status 1 when nothing is shown.
        _fail("no highlights" if not args.ids else "no matches")
    return 0 if shown and not missing else 1


def _placed(highlight: Highlight, text: str) -> str:
    if not highlight.found:
        return "no longer found"  # add_quote keeps none such; said for completeness
    where = f"characters {highlight.start}-{highlight.end}"
    if highlight.anchoring == anchoring.FUZZY:
        passage = " ".join(text[highlight.start : highlight.end].split())
        where += f", approximately: “{passage}”"
    return where


def cmd_highlight(args: argparse.Namespace) -> int:
    with _open_library(args) as library:
        text = library.get(args.id).text  # ArticleNotFound for no article
        # As typed, white space compared loosely; --fuzzy also takes the most similar
        # passage (anchoring.find_fuzzy), as an import of another service's quotes does.
        exact = anchoring.find_quote(text, anchoring.TextQuote(args.quote.strip()))
        if exact is None and args.quote.strip() and not args.fuzzy:
            _fail(
                f"the quote is not in article {args.id}'s text "
                "(--fuzzy takes the most similar passage)"
            )
            return 1
        try:
            made = library.notebook.add_quote(
                args.id, args.quote, color=args.color, note=args.note or ""
            )
        except ValueError as exc:
            _fail(str(exc))
            return 1
        if args.json:
            _print_json(render_highlights.highlight_json(made))
        else:
            where = _placed(made, text)
            print(f"{made.id}\tarticle {made.article_id}, {where}")
    return 0


def cmd_unhighlight(args: argparse.Namespace) -> int:
    with _open_library(args) as library:
        gone = {h.id for h in library.notebook.delete(args.ids)}
    for highlight_id in dict.fromkeys(args.ids):
        if highlight_id in gone:
            print(f"deleted highlight {highlight_id}")
        else:
            _fail(f"no highlight with id {highlight_id}")
    return 0 if gone >= set(args.ids) else 1


def cmd_note(args: argparse.Namespace) -> int:
    with _open_library(args) as library:
        if args.text is None:  # show it
            if args.highlight:
                note = library.notebook.get(args.id).note
            else:
                library.get(args.id)  # ArticleNotFound for no article
                note = library.notebook.article_note(args.id)
            if note:
                print(note)
                return 0
            what = f"highlight {args.id}" if args.highlight else f"article {args.id}"
            print(f"newsreader: {what} has no note", file=sys.stderr)
            return 1
        if args.highlight:
            library.notebook.update(args.id, note=args.text)
            what = f"highlight {args.id}"
        else:
            library.notebook.set_article_note(args.id, args.text)
            what = f"article {args.id}"
    print(f"note {'removed from' if not args.text.strip() else 'set on'} {what}")
    return 0


def add_commands(sub, common: argparse.ArgumentParser) -> None:
    """Add this module's commands to ``sub`` (the parser's subparsers), each with the
    ``common`` options (--library, -v)."""
    p = sub.add_parser(
        "highlights",
        parents=[common],
        help="print highlights and notes: of the articles given, or of every article "
        "(the most recently highlighted first)",
    )
    p.add_argument("ids", nargs="*", type=_article_id, metavar="ID", help="articles (default: all)")
    shape = p.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="as JSON, with W3C selectors")
    shape.add_argument(
        "--markdown", action="store_true", help="as Markdown for Obsidian, Logseq and the like"
    )
    p.add_argument("--color", type=_color, metavar="C", help=f"only {', '.join(COLORS)}")
    p.add_argument("--tag", metavar="T", help="only articles with this tag")
    p.set_defaults(func=cmd_highlights)

    p = sub.add_parser(
        "highlight", parents=[common], help="highlight a passage of an article, given by its text"
    )
    p.add_argument("id", type=_article_id, metavar="ID")
    p.add_argument("quote", metavar="TEXT", help="the passage, as written in the article")
    p.add_argument("--note", "-n", metavar="NOTE", help="a note on it")
    p.add_argument(
        "--color", "-c", type=_color, metavar="C", help=f"{', '.join(COLORS)} (default yellow)"
    )
    p.add_argument(
        "--fuzzy",
        action="store_true",
        help="when the text is not there as written, highlight the passage most like it",
    )
    p.add_argument("--json", action="store_true", help="print the new highlight as JSON")
    p.set_defaults(func=cmd_highlight)

    p = sub.add_parser("unhighlight", parents=[common], help="delete highlights (by their ids)")
    p.add_argument("ids", nargs="+", type=_article_id, metavar="HID")
    p.set_defaults(func=cmd_unhighlight)

    p = sub.add_parser(
        "note",
        parents=[common],
        help="set an article's note (or a highlight's, with -H); empty text removes it, "
        "no text prints it",
    )
    p.add_argument("id", type=_article_id, metavar="ID")
    p.add_argument("text", nargs="?", metavar="TEXT")
    p.add_argument(
        "--highlight", "-H", action="store_true", help="ID is a highlight's, not an article's"
    )
    p.set_defaults(func=cmd_note)
