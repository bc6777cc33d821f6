"""Running a search: a parsed query becomes one FTS5 expression plus SQL filters.

Each search word is replaced by the indexed words sharing its match key (see
terms.py), so the index is queried with real words of real articles: ranking is
bm25 over those words, and snippets and highlights mark the original text.

Chinese, Japanese and Korean runs are indexed as overlapping pairs of letters
(terms.index_text): a search's run is the phrase of its pairs, so it finds the run
inside any longer one, and a lone letter finds every pair it begins (a prefix search)
or ends (the pairs keyed by it in the dictionary). Their matches are marked without
word boundaries: a pair can start and end anywhere in a run.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsreader.library import search_index, terms
from newsreader.library.db import Database, in_batches
from newsreader.library.query import Filter, Query, Term, parse

# Marks around matched words in search snippets: control characters that cannot
# occur in extracted text, turned into bold, brackets or offsets by the caller.
MATCH_START = "\x02"
MATCH_END = "\x03"
# Where a snippet was found when it is not the article's text: a snippet of the
# reader's own notes starts with SOURCE_MARK, the source (IN_NOTE, IN_HIGHLIGHT) and
# SOURCE_MARK again. ``matched_in`` splits it off; SearchHit carries it apart.
SOURCE_MARK = "\x01"
IN_TEXT = "text"  # the article's text (or its title only: the text's opening is shown)
IN_NOTE = "note"  # a note of the reader's, on a highlight or on the article
IN_HIGHLIGHT = "highlight"  # a highlight's quote no longer in the text (or not as quoted)

# bm25 weights for (title, author, site, text, notes): a word in the title counts far
# more than a passing mention in the body; the site (name and host) above the body too;
# the reader's own highlights and notes (schema 7) above the body: they chose them.
BM25_WEIGHTS = (10.0, 3.0, 5.0, 1.0, 2.0)
_COLUMN = {"title": "title", "author": "author", "site": "site"}
SNIPPET_CHARS = 180  # about 25 words
SNIPPET_SEPARATOR = " · "  # where a snippet crosses a break between blocks of the text
_SNIPPET_LEAD = 40  # context before the first match in a snippet
_SNIPPET_MATCHES = 400  # matches looked at per text when choosing the passage
_HIGHLIGHT_LIMIT = 1000  # alternatives in the reader's pattern

# Word boundaries as the index sees them: a match must not begin or end inside a run of
# letters, except where the letter on its side of the edge is CJK (terms.CJK_LETTERS),
# which the index splits at every letter, and from letters of other scripts. Literal
# characters, not escapes, so that Qt's regular expressions read the class too.
_CJK = terms.CJK_LETTERS
_NOT_CJK_WORD = f"[^\\W{_CJK}]"  # a letter, digit or _ that is not CJK
_STARTS = f"(?:(?=[{_CJK}])|(?<!{_NOT_CJK_WORD}))"
_ENDS = f"(?:(?<=[{_CJK}])|(?!{_NOT_CJK_WORD}))"
_CJK_LETTER = re.compile(f"[{_CJK}]")


@dataclass(frozen=True)
class Compiled:
    """A query ready to run: an FTS5 expression (None when only filters or
    exclusions were given), the SQL filters on ``articles a``, and what to mark."""

    match: str | None
    exclude: str | None  # matched words to leave out when there is no match
    where: tuple[str, ...]
    params: tuple
    alternatives: tuple[str, ...]  # regular expressions for what matched, longest first

    @property
    def empty(self) -> bool:
        return self.match is None and self.exclude is None and not self.where

    @property
    def highlight(self) -> str | None:
        """The matched words as one regular expression (Python and Qt syntax)."""
        if not self.alternatives:
            return None
        # Qt refuses a pattern of some thousands of alternatives (and marks nothing).
        shown = self.alternatives[:_HIGHLIGHT_LIMIT]
        return f"{_STARTS}(?:{'|'.join(shown)}){_ENDS}"


def _quoted(words: Sequence[str]) -> str:
    # Tokens are letters and digits only (terms.tokens), so quoting cannot break.
    return '"' + " ".join(words) + '"'


def _lone_cjk(word: str) -> bool:
    """Whether ``word`` is a CJK run of one letter (the index holds pairs otherwise)."""
    return len(word) == 1 and terms.is_cjk(word)


def _phrase_pattern(words: Sequence[str], prefix: bool) -> str:
    """A regular expression for the words of a phrase (or a prefix) as the text has
    them: separated by other characters, except pairs of one CJK run, which overlap
    (茶农 农们 is 茶农们), and a CJK run beside other letters, which may touch them."""
    parts = [re.escape(words[0])]
    for before, word in itertools.pairwise(words):
        if terms.is_cjk(before) and terms.is_cjk(word):
            if len(before) == len(word) == 2 and before[1] == word[0]:
                parts.append(re.escape(word[1]))
                continue
            parts.append(r"[\W_]+")
        elif terms.is_cjk(before) or terms.is_cjk(word):
            parts.append(r"[\W_]*")
        else:
            parts.append(r"[\W_]+")
        parts.append(re.escape(word))
    if prefix and not terms.is_cjk(words[-1]):
        parts.append(_NOT_CJK_WORD + "*")
    return "".join(parts)


def _filter_sql(item: Filter) -> tuple[str, list]:
    if item.name == "tag":
        sql = (
            "a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t "
            "ON t.id = at.tag_id WHERE t.name = ?)"
        )
        params = list(item.values)
    elif item.name == "lang":
        sql = f"coalesce(a.language, '') IN ({', '.join('?' * len(item.values))})"
        params = list(item.values)
    elif item.name == "is":
        sql = {
            "unread": "a.state = 'unread'",
            "archived": "a.state = 'archived'",
            "favorite": "a.favorite = 1",
            "read": "a.read_at IS NOT NULL",
            "linkonly": "a.fetch_state IS NOT NULL",
        }[item.values[0]]
        params = []
    elif item.name == "has":
        sql = {
            "highlights": "a.id IN (SELECT article_id FROM highlights)",
            "notes": "(a.id IN (SELECT article_id FROM highlights WHERE note <> '') "
            "OR a.id IN (SELECT article_id FROM article_notes))",
        }[item.values[0]]
        params = []
    else:
        # Published date when the page gave one, else the day it was saved. ISO dates
        # compare as text; after:2017-12 means from December 2017 on.
        operator = ">=" if item.name == "after" else "<"
        sql = f"coalesce(a.published, a.saved_at) {operator} ?"
        params = list(item.values)
    return (f"NOT ({sql})" if item.negated else sql), params


class Searcher:
    """Compiles and runs searches for one library. Thread-safe."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: OrderedDict[tuple, Compiled] = OrderedDict()
        self._lock = threading.Lock()
        self._generation = 0

    def dictionary_changed(self) -> None:
        """New words were indexed: expansions compiled before may miss them."""
        with self._lock:
            self._generation += 1
            self._cache.clear()

    # --- compiling --------------------------------------------------------------
    def compile(self, text: str) -> Compiled:
        # data_version changes when another connection (another thread, or the CLI while
        # the window is open) commits: its saves may have brought new word forms.
        changed = self.db.scalar("PRAGMA data_version")
        with self._lock:
            key = (text, self._generation, threading.get_ident(), changed)
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        compiled = self._compile(parse(text))
        with self._lock:
            self._cache[key] = compiled
            while len(self._cache) > 64:
                self._cache.popitem(last=False)
        return compiled

    def _compile(self, query: Query) -> Compiled:
        in_languages = (
            search_index.stored_languages(self.db) if query.groups or query.excluded else []
        )
        patterns: list[str] = []

        def expression(term: Term, mark: bool) -> str:
            if term.kind == "word" and _lone_cjk(term.tokens[0]):
                # One CJK letter: the pairs it begins (and itself, alone) by prefix, the
                # pairs it ends by their dictionary key (terms._key).
                letter = term.tokens[0]
                ends = sorted(search_index.expand(self.db, letter, in_languages) - {letter})
                found = [_quoted([letter]) + "*", *(_quoted([w]) for w in ends)]
                inner = "(" + " OR ".join(found) + ")"
                if mark:
                    patterns.append(re.escape(letter))
            elif term.kind == "word":
                words = sorted(search_index.expand(self.db, term.tokens[0], in_languages))
                inner = "(" + " OR ".join(_quoted([w]) for w in words) + ")"
                if mark:
                    patterns.extend(re.escape(w) for w in words)
            else:
                # A phrase ending in a lone CJK letter finds it at the start of a longer
                # run too (2026年 in 2026年度).
                prefix = term.kind == "prefix" or _lone_cjk(term.tokens[-1])
                inner = _quoted(term.tokens) + ("*" if prefix else "")
                if mark:
                    patterns.append(_phrase_pattern(term.tokens, term.kind == "prefix"))
            return f"{_COLUMN[term.field]} : {inner}" if term.field else inner

        positive = [
            "(" + " OR ".join(expression(term, True) for term in group) + ")"
            for group in query.groups
        ]
        negative = " OR ".join(expression(term, False) for term in query.excluded)
        match = exclude = None
        if positive:
            match = " AND ".join(positive)
            if negative:
                match = f"({match}) NOT ({negative})"
        elif negative:
            exclude = negative
        where: list[str] = []
        params: list = []
        for item in query.filters:
            sql, values = _filter_sql(item)
            where.append(sql)
            params.extend(values)
        # Longest first, so that a phrase is marked whole rather than word by word.
        patterns.sort(key=len, reverse=True)
        return Compiled(match, exclude, tuple(where), tuple(params), tuple(patterns))

    # --- running ----------------------------------------------------------------
    def ranked(
        self, text: str, limit: int | None = None, offset: int = 0
    ) -> list[tuple[int, float]]:
        """(id, rank) of every matching article, best first; lower ranks are better.
        Without words to rank by (only filters), newest saved first, rank 0."""
        compiled = self.compile(text)
        if compiled.empty:
            return []
        limits = (-1 if limit is None else limit, offset)
        filters = "".join(f" AND {clause}" for clause in compiled.where)
        if compiled.match is not None:
            weights = ", ".join(str(w) for w in BM25_WEIGHTS)
            # The filter columns come from the small covering index: looking each match
            # up in the articles table instead costs 3x as much on a large library.
            join = (
                "JOIN articles a INDEXED BY articles_facets ON a.id = f.rowid"
                if compiled.where
                else ""
            )
            rows = self.db.query(
                # Ties go to the newer article by id: ids grow as articles are saved,
                # and reading saved_at for every match would cost a row lookup each.
                f"""SELECT f.rowid, bm25(articles_fts, {weights}) AS rank
                    FROM articles_fts f {join}
                    WHERE articles_fts MATCH ? {filters}
                    ORDER BY rank, f.rowid DESC
                    LIMIT ? OFFSET ?""",
                (compiled.match, *compiled.params, *limits),
            )
        else:
            excluded = ""
            params: tuple = compiled.params
            if compiled.exclude is not None:
                excluded = (
                    " AND a.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
                )
                params = (*params, compiled.exclude)
            rows = self.db.query(
                f"""SELECT a.id, 0.0 FROM articles a WHERE 1 {filters}{excluded}
                    ORDER BY a.saved_at DESC, a.id DESC LIMIT ? OFFSET ?""",
                (*params, *limits),
            )
        return [(row[0], row[1]) for row in rows]

    def snippets(self, text: str, article_ids: Sequence[int]) -> dict[int, str]:
        """The best matching passage of each article's text, matched words (in every
        form that matched) between MATCH_START and MATCH_END. Articles matched by
        filters alone get none.

        When the text has no match but the reader's notes do (an article note, a
        highlight's note, or the quote of a highlight no longer in the text: the
        index's notes column), the snippet is made from that and starts with its
        source (see SOURCE_MARK, ``matched_in``); when neither has one (a match in
        the title), the text's opening.

        Made here from the highlight pattern rather than by FTS5's snippet(): that runs
        the whole match again for every article, which for a prefix or a long list of
        forms costs far more than reading 50 texts.
        """
        compiled = self.compile(text)
        if compiled.match is None or not article_ids:
            return {}
        words = compiled.alternatives
        found: dict[int, str] = {}
        unmatched: dict[int, str] = {}
        for batch, marks in in_batches(article_ids):
            for row in self.db.query(
                f"SELECT article_id, text FROM article_texts WHERE article_id IN ({marks})",
                batch,
            ):
                matches = _matches(row[1], words)
                if matches:
                    found[row[0]] = _snippet(row[1], matches)
                else:
                    unmatched[row[0]] = row[1]
        in_notes = self._note_snippets(list(unmatched), words)
        for article_id, article_text in unmatched.items():
            found[article_id] = in_notes.get(article_id) or snippet(article_text, ())
        return found

    def _note_snippets(self, article_ids: Sequence[int], words: Sequence[str]) -> dict[int, str]:
        """Snippets of the articles' notes and highlights, where the search words are:
        the article's note first, then each highlight's note and quote in reading order."""
        places: dict[int, list[tuple[str, str]]] = {}
        for batch, marks in in_batches(article_ids):
            for row in self.db.query(
                f"""SELECT article_id, note, '', 0, 0, 0, 0 FROM article_notes
                    WHERE article_id IN ({marks})
                    UNION ALL
                    SELECT article_id, note, quote, 1, text_start IS NULL,
                           coalesce(text_start, 0), id
                    FROM highlights WHERE article_id IN ({marks})
                    ORDER BY 1, 4, 5, 6, 7""",
                (*batch, *batch),
            ):
                places.setdefault(row[0], []).extend([(IN_NOTE, row[1]), (IN_HIGHLIGHT, row[2])])
        found: dict[int, str] = {}
        for article_id, texts in places.items():
            for source, written in texts:
                matches = _matches(written, words) if written else []
                if matches:
                    found[article_id] = (
                        SOURCE_MARK + source + SOURCE_MARK + _snippet(written, matches)
                    )
                    break
        return found

    def highlight_pattern(self, text: str) -> str | None:
        """A regular expression (Python and Qt syntax) for the words a search found,
        inflected forms included, to mark them in an article."""
        return self.compile(text).highlight


@lru_cache(maxsize=64)
def _scanner(alternatives: tuple[str, ...], ignore_case: bool = False) -> re.Pattern[str]:
    # The highlight pattern without its leading look-behind, which stops Python's
    # regular expressions from skipping ahead to a possible first letter (3x slower);
    # snippet() checks the word start itself. The words are lower-case, and scanning a
    # lower-cased text is 3-4x faster than asking for IGNORECASE.
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(f"(?:{'|'.join(alternatives)}){_ENDS}", flags)


def _at_word_start(text: str, match: re.Match[str]) -> bool:
    start = match.start()
    if start == 0 or _CJK_LETTER.match(text, start):
        return True
    before = text[start - 1]
    return not (before.isalnum() or before == "_") or _CJK_LETTER.match(before) is not None


def _between_cjk(text: str, position: int) -> bool:
    """Whether a CJK letter is on either side of ``position`` (0 < position <
    len(text)): a snippet may begin or end there, as those runs have no spaces."""
    return _CJK_LETTER.match(text, position - 1) is not None or (
        _CJK_LETTER.match(text, position) is not None
    )


def matched_in(marked: str) -> tuple[str, str]:
    """(source, snippet) of a snippet from ``Searcher.snippets``: IN_TEXT, IN_NOTE
    or IN_HIGHLIGHT, and the snippet without its source mark."""
    if marked.startswith(SOURCE_MARK):
        end = marked.find(SOURCE_MARK, 1)
        if end > 0:
            return marked[1:end], marked[end + 1 :]
    return IN_TEXT, marked


def _matches(text: str, words: Sequence[str]) -> list[re.Match[str]]:
    """The matches of ``words`` (as in ``snippet``) in ``text``, first to last, at most
    _SNIPPET_MATCHES."""
    matches: list[re.Match[str]] = []
    if words:
        lower = text.lower()
        if len(lower) == len(text):  # offsets in one are offsets in the other
            scanner, subject = _scanner(tuple(words)), lower
        else:  # a letter whose lower case is longer (İ): match the text itself
            scanner, subject = _scanner(tuple(words), ignore_case=True), text
        position = 0
        while len(matches) < _SNIPPET_MATCHES:
            match = scanner.search(subject, position)
            if match is None:
                break
            if _at_word_start(text, match):
                matches.append(match)
                position = match.end()
            else:  # inside a word: a real match may start within what it covered
                position = match.start() + 1
    return matches


def _start_of_passage(text: str, first: int) -> int:
    """Where a passage whose first match starts at ``first`` begins: _SNIPPET_LEAD
    columns before it (a CJK letter takes two, see ``_end_of_passage``)."""
    start = max(0, first - _SNIPPET_LEAD)
    if text[start:first].isascii() or _CJK_LETTER.search(text, start, first) is None:
        return start
    columns, start = 0, first
    while start > 0 and columns < _SNIPPET_LEAD:
        start -= 1
        columns += 2 if _CJK_LETTER.match(text, start) else 1
    return start


def _end_of_passage(text: str, start: int, width: int) -> int:
    """Where a passage of ``width`` columns from ``start`` ends: a CJK letter takes two
    columns, as it does on screen (East Asian Width "W"), so that a Chinese snippet says
    about as much as a Norwegian one, not twice as much."""
    end = min(len(text), start + width)
    if text[start:end].isascii() or _CJK_LETTER.search(text, start, end) is None:
        return end
    columns, end = 0, start
    while end < len(text) and columns < width:
        columns += 2 if _CJK_LETTER.match(text, end) else 1
        end += 1
    return end


def snippet(text: str, words: Sequence[str], width: int = SNIPPET_CHARS) -> str:
    """The passage of ``text`` about ``width`` characters long with the most distinct
    matches of ``words`` (regular expressions for lower-case words, as in
    ``Compiled.alternatives``), the earliest such, matches marked; the opening of the
    text when nothing matches (a match in the title only)."""
    return _snippet(text, _matches(text, words), width)


def _snippet(text: str, matches: list[re.Match[str]], width: int = SNIPPET_CHARS) -> str:
    start = 0
    if matches:
        # Slide a window along the matches, each in turn first, counting what is inside.
        seen = [text[m.start() : m.end()].casefold() for m in matches]
        inside: Counter[str] = Counter()
        best, best_score, last = 0, (0, 0), 0
        for i, first in enumerate(matches):
            limit = first.start() - _SNIPPET_LEAD + width
            while last < len(matches) and matches[last].end() <= limit:
                inside[seen[last]] += 1
                last += 1
            score = (len(inside), last - i)
            if score > best_score:
                best, best_score = i, score
            if last > i:
                inside[seen[i]] -= 1
                if not inside[seen[i]]:
                    del inside[seen[i]]
        start = _start_of_passage(text, matches[best].start())
    end = _end_of_passage(text, start, width)
    # Whole words only: widen to the word boundaries either side.
    while start > 0 and not (text[start - 1].isspace() or _between_cjk(text, start)):
        start -= 1
    while end < len(text) and not (text[end].isspace() or _between_cjk(text, end)):
        end += 1
    parts: list[str] = ["…"] if start > 0 else []
    position = start
    for match in matches:
        if match.start() >= start and match.end() <= end:
            parts += [
                text[position : match.start()],
                MATCH_START,
                text[match.start() : match.end()],
            ]
            parts.append(MATCH_END)
            position = match.end()
    parts.append(text[position:end])
    if end < len(text):
        parts.append("…")
    # A line or paragraph break (a heading, a list item) becomes SNIPPET_SEPARATOR, so a
    # heading does not run into the paragraph after it; other white space, one space.
    lines = (line.split() for line in "".join(parts).split("\n"))
    return SNIPPET_SEPARATOR.join(" ".join(words) for words in lines if words)
