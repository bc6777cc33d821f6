"""The command line's saved searches: ``saved`` (list them with their counts),
``saved add|edit|rename|remove|move``, registered by cli.build_parser through
``add_commands``; ``search --saved NAME`` runs one (cli.cmd_search, ``saved_query``).

A saved search is named on the command line by its name, whatever its case (as the
window lists it); its query is the rest of the words, as ``search`` takes them.
"""

from __future__ import annotations

import argparse
import sys

from newsreader.cli import _non_negative, _open_library, _print_json
from newsreader.library.library import Library
from newsreader.library.saved_searches import narrowed

COMMANDS = ("saved",)
# Options a query's words are told from (anywhere after the command; the query itself
# may hold words that start with a dash: -trump).
_VALUED = ("--library",)
_FLAGS = ("-v", "-vv", "-vvv", "--verbose")


def _query_words(args: argparse.Namespace) -> str:
    """The query given after the name, without the common options put after it."""
    words = iter(args.query)
    kept = []
    for word in words:
        if word in _VALUED:
            args.library = next(words, None)
        elif word.split("=", 1)[0] in _VALUED:
            args.library = word.split("=", 1)[1]
        elif word in _FLAGS:
            args.verbose = (getattr(args, "verbose", 0) or 0) + max(1, word.count("v"))
        else:
            kept.append(word)
    return " ".join(kept)


def saved_query(library: Library, name: str, more: str) -> str:
    """The query of the saved search ``name`` narrowed by the words ``more``
    (saved_searches.narrowed). Raises SavedSearchNotFound."""
    return narrowed(library.saved_searches.named(name).query, more)


def cmd_saved(args: argparse.Namespace) -> int:
    with _open_library(args) as library:
        counted = library.saved_searches.with_counts()
    if args.json:
        _print_json(
            [
                {
                    "id": s.id,
                    "name": s.name,
                    "query": s.query,
                    "count": n,
                    "created_at": s.created_at,
                }
                for s, n in counted
            ]
        )
        return 0
    if not counted:
        print("no saved searches (add one with: newsreader saved add NAME QUERY…)", file=sys.stderr)
        return 0
    width = max(len(s.name) for s, _ in counted)
    for search, count in counted:
        print(f"{search.name:<{width}}  {count:>6}  {search.query}")
    return 0


def cmd_saved_add(args: argparse.Namespace) -> int:
    query = _query_words(args)
    with _open_library(args) as library:
        search = library.saved_searches.add(args.name, query)
        count = library.saved_searches.count(search)
    print(f"saved '{search.name}': {search.query} ({count} now)")
    return 0


def cmd_saved_edit(args: argparse.Namespace) -> int:
    query = _query_words(args)
    with _open_library(args) as library:
        saved = library.saved_searches
        search = saved.set_query(saved.named(args.name).id, query)
        count = saved.count(search)
    print(f"'{search.name}' now searches: {search.query} ({count} now)")
    return 0


def cmd_saved_rename(args: argparse.Namespace) -> int:
    with _open_library(args) as library:
        saved = library.saved_searches
        old = saved.named(args.old)
        search = saved.rename(old.id, args.new)
    print(f"renamed '{old.name}' to '{search.name}'")
    return 0


def cmd_saved_remove(args: argparse.Namespace) -> int:
    with _open_library(args) as library:
        saved = library.saved_searches
        search = saved.named(args.name)
        saved.remove(search.id)
    print(f"removed '{search.name}' (no article was changed)")
    return 0


def cmd_saved_move(args: argparse.Namespace) -> int:
    with _open_library(args) as library:
        saved = library.saved_searches
        order = saved.move(saved.named(args.name).id, args.position - 1)
    for search in order:
        print(f"{search.position + 1:>3}  {search.name}")
    return 0


def _position(text: str) -> int:
    value = _non_negative(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"invalid position {text!r} (1 is the first)")
    return value


def add_commands(sub, common: argparse.ArgumentParser) -> None:
    """Add ``saved`` and its commands to ``sub`` (the parser's subparsers), each with
    the ``common`` options (--library, -v)."""
    p = sub.add_parser(
        "saved",
        parents=[common],
        help="saved searches: list them with their counts; add, edit, rename, remove, move",
        description="Saved searches, the window's views of a query. Without a command, "
        "lists them: name, how many articles each finds now, query. "
        "'newsreader search --saved NAME [WORDS…]' runs one (the words narrow it).",
    )
    p.add_argument("--json", action="store_true", help="list them as JSON")
    p.set_defaults(func=cmd_saved)
    commands = p.add_subparsers(dest="saved_command", metavar="COMMAND")

    q = commands.add_parser("add", parents=[common], help="save a search under a name")
    q.add_argument("name", metavar="NAME", help="its name (quote it if it has spaces)")
    q.add_argument("query", nargs=argparse.REMAINDER, metavar="QUERY", help="as search takes it")
    q.set_defaults(func=cmd_saved_add)

    q = commands.add_parser("edit", parents=[common], help="change what a saved search finds")
    q.add_argument("name", metavar="NAME")
    q.add_argument("query", nargs=argparse.REMAINDER, metavar="QUERY", help="the new query")
    q.set_defaults(func=cmd_saved_edit)

    q = commands.add_parser("rename", parents=[common], help="give a saved search another name")
    q.add_argument("old", metavar="OLD")
    q.add_argument("new", metavar="NEW")
    q.set_defaults(func=cmd_saved_rename)

    q = commands.add_parser("remove", parents=[common], help="delete a saved search")
    q.add_argument("name", metavar="NAME")
    q.set_defaults(func=cmd_saved_remove)

    q = commands.add_parser("move", parents=[common], help="put a saved search at a place")
    q.add_argument("name", metavar="NAME")
    q.add_argument("position", type=_position, metavar="POSITION", help="1 is the first")
    q.set_defaults(func=cmd_saved_move)
