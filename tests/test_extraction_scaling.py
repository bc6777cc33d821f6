"""Capture is linear in the page: our steps' work grows with the page, not its square.

Work is counted, not timed: every call our own code (newsreader/capture) makes, to
its own functions, to lxml and to the builtins, while ``extract_article`` runs on a
generated page (tests/page_shapes.py) at N and 4N. Linear work grows about 4 times;
a step that reads a container once for each of its N children grows 16 times (1,000
images in one container took 2 s and 4,000 took 44 s before this was fixed; their
calls grew 13 times). trafilatura's own work is not counted: it is not ours to fix
(benchmarks/extraction_scaling.py measures it beside ours).

Two steps can be quadratic inside C, where no call is counted (lxml's ``len()`` of
an element walks its children): those have tests of their own below.
"""

from __future__ import annotations

import cProfile
import pstats
import random
import time
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from newsreader.capture.dom import count_up_to, more_words_than, only_child, text_of
from newsreader.capture.extract import extract_article
from newsreader.capture.own_text import OwnWords, own_text
from newsreader.capture.page_captions import _events, _spaced_text
from newsreader.capture.quality import readable_block
from newsreader.capture.svg import _UNSAFE_STYLE
from newsreader.capture.text import count_words
from newsreader.capture.trafilatura_pass import parse_page
from newsreader.capture.url_lists import _BARE_ADDRESS
from newsreader.errors import ExtractionError
from tests.page_shapes import SHAPES

OURS = str(Path(__file__).resolve().parent.parent / "newsreader" / "capture")
URL = "http://127.0.0.1/bergen/vaer.html"
N = 150
# Linear work grows 4 times from N to 4N; quadratic, 16 times.
MAX_GROWTH = 6.0


def _calls_by_our_code(html: str, step=None) -> int:
    """Calls made from a function in newsreader/capture while extracting ``html`` (or
    while ``step`` runs on the parsed page)."""
    page = parse_page(html) if step else None
    profile = cProfile.Profile()
    profile.enable()
    try:
        step(page) if step else extract_article(html, URL)
    except ExtractionError:
        pass  # a page of nothing but the construct may hold no article: work all the same
    finally:
        profile.disable()
    stats = pstats.Stats(profile).stats  # {callee: (cc, nc, tt, ct, {caller: (cc, nc, …)})}
    return sum(
        counts[1]
        for callers in (entry[4] for entry in stats.values())
        for caller, counts in callers.items()
        if caller[0].startswith(OURS)
    )


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_our_work_grows_linearly_with_the_page(shape):
    build = SHAPES[shape]
    extract_article(build(2), URL)  # first-use set-up out of the count
    small, large = _calls_by_our_code(build(N)), _calls_by_our_code(build(4 * N))
    assert large <= MAX_GROWTH * small, f"{shape}: {small} calls at N={N}, {large} at 4N"


@pytest.mark.parametrize("shape", ["nested inline", "nested wrappers", "images in one container"])
def test_the_main_block_search_grows_linearly(shape):
    """``quality.readable_block`` runs only on weak extractions, so the shapes above
    rarely reach it: asked directly."""
    build = SHAPES[shape]
    small = _calls_by_our_code(build(N), readable_block)
    large = _calls_by_our_code(build(4 * N), readable_block)
    assert large <= MAX_GROWTH * small, f"{shape}: {small} calls at N={N}, {large} at 4N"


# --- what happens inside C ----------------------------------------------------------------
@pytest.mark.parametrize("depth", [20, 200])
def test_the_main_block_search_reads_nested_inline_text_once(depth, monkeypatch):
    """Inline elements nested ``depth`` deep: every element's own text holds all the
    text below it, and used to be read once a level (200 readings of the article, in
    C, where no call is counted). Now each text and tail is read a bounded number of
    times whatever the depth: the characters read are counted."""
    from newsreader.capture import own_text as module

    read = 0
    original = module._runs

    def counting(text):
        nonlocal read
        read += len(text or "")
        return original(text)

    monkeypatch.setattr(module, "_runs", counting)
    names = ("span", "b", "font", "em")
    opening = "".join(f"<{names[i % 4]}>" for i in range(depth))
    closing = "".join(f"</{names[i % 4]}>" for i in reversed(range(depth)))
    prose = "".join(f"Setning {i} om været i Bergen, <i>med</i> mer. " for i in range(400))
    page = parse_page(f"<html><body><div>{opening}{prose}{closing}</div></body></html>")
    total = sum(len(piece) for piece in page.find("body").itertext())
    readable_block(page)
    assert total <= read <= 3 * total, f"depth {depth}: {read} characters read for {total}"


def test_only_child_and_counting_read_one_or_a_few_siblings():
    box = lxml.html.fragment_fromstring(
        "<div>" + "<img src='x.jpg'>" * 5000 + "</div>", create_parent=False
    )
    first, last = box[0], box[-1]
    assert not only_child(first) and not only_child(last)
    alone = lxml.html.fragment_fromstring("<p><img src='x.jpg'><!-- c --></p>")
    assert not only_child(alone[0])  # a comment is a child as well, as len() counts it
    assert only_child(lxml.html.fragment_fromstring("<p><img src='x.jpg'></p>")[0])
    # count_up_to takes at most `limit` from the iterator, however long it is.
    taken = []

    def watched():
        for img in box:
            taken.append(img)
            yield img

    assert count_up_to(watched(), 2) == 2 and len(taken) == 2
    assert count_up_to(iter(()), 5) == 0


def test_more_words_than_agrees_with_counting_them_all():
    rnd = random.Random(7)
    bits = ["a", " ", "b c", " d ", "", "\u00a0x", "y\n", "<b>", "</b>", "<i>", "</i>"]
    bits += ["<!--c-->", "zz", "<span> </span>", "\t", "<br>", "ø"]
    for _ in range(2000):
        markup = "<div>" + "".join(rnd.choice(bits) for _ in range(rnd.randint(0, 14))) + "</div>"
        element = lxml.html.fragment_fromstring(markup)
        for limit in range(6):
            expected = len(text_of(element).split()) > limit
            assert more_words_than(element, limit) == expected, (markup, limit)


def test_more_words_than_stops_reading_once_it_knows():
    element = lxml.html.fragment_fromstring(
        "<div>" + "<span>ord og</span>" * 10_000 + "</div>", create_parent=False
    )
    pieces = 0
    original = element.itertext

    class Counting:
        def itertext(self):
            nonlocal pieces
            for piece in original():
                pieces += 1
                yield piece

    assert more_words_than(Counting(), 3)
    assert pieces <= 3


def test_libxml2_keeps_at_most_255_levels():
    """Steps that climb an element's ancestors (bounded walks, per element) rely on the
    parser's depth limit to stay linear in the page: if this changes, they need a look."""
    page = parse_page("<html><body>" + "<div>" * 10_000 + "x" + "</div>" * 10_000)
    deepest = max(sum(1 for _ in element.iterancestors()) for element in page.iter())
    assert deepest <= 256


def test_own_words_counted_once_agree_with_counting_each_text():
    """quality.readable_block counts each element's own text (own_text.OwnWords) from
    summed-up parts; the counts are those of the text itself, in every script."""
    rnd = random.Random(11)
    words = ["ord", "Bergen", "x_y", "42", "ø", "é", "—", ",", ".", " ", "\u00a0", "\n"]
    words += ["中文", "ひらがな", "ภาษาไทย", "a-b", "'", "_"]
    tags = ["span", "b", "em", "font", "a", "p", "div", "li", "br", "small", "section"]

    def tree(depth: int) -> str:
        parts = []
        for _ in range(rnd.randint(0, 4)):
            choice = rnd.random()
            if choice < 0.45 and depth < 6:
                tag = rnd.choice(tags)
                parts.append(f"<{tag}>{tree(depth + 1)}</{tag}>")
            elif choice < 0.5:
                parts.append("<!-- kommentar -->")
            else:
                parts.append("".join(rnd.choice(words) for _ in range(rnd.randint(0, 4))))
        return "".join(parts)

    for _ in range(400):
        root = lxml.html.fragment_fromstring(f"<div>{tree(0)}</div>")
        counter = OwnWords()
        for element in root.iter(lxml.etree.Element):
            assert counter.count(element) == count_words(own_text(element)), (
                lxml.html.tostring(root, encoding="unicode"),
                element.tag,
            )


# --- patterns read once ---------------------------------------------------------------------
def _search_time(pattern, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        pattern.search(text)
        pattern.match(text)
        best = min(best, time.process_time() - start)
    return max(best, 1e-4)


@pytest.mark.parametrize(
    ("pattern", "unit"),
    [
        (_BARE_ADDRESS, "a.aa/"),
        (_BARE_ADDRESS, "vg.no/"),
        (_UNSAFE_STYLE, "a-"),
        (_UNSAFE_STYLE, "2024-"),
        (_UNSAFE_STYLE, "fill-"),
    ],
)
def test_patterns_on_long_input_take_time_in_proportion(pattern, unit):
    """A pattern that tries every start of a long run and reads the run to its end
    each time is quadratic: 16 times the text took 256 times as long (the two below
    did, on a 1 MB SVG style or a long imported line). A generous bound, well above
    linear's 16 and far below 256."""
    small = _search_time(pattern, unit * 2_000 + "<")
    large = _search_time(pattern, unit * 32_000 + "<")
    assert large / small < 80, f"{pattern.pattern!r} on {unit!r}: {small:.4f}s, {large:.4f}s"


@pytest.mark.parametrize(
    ("style", "unsafe"),
    [
        ("fill: rgb(1, 2, 3)", False),
        ("fill: url(#grad)", False),
        ("fill: hsla(1, 2%, 3%, 0.5); stroke-width: 2", False),
        ("fill: url(http://x.example/a.svg)", True),
        ("fill: url( https://x.example/)", True),
        ("width: calc(1px + 2px)", True),
        ("x: foo-bar(1)", True),
        ("x: -moz-element(#a)", True),
        ("behavior: expression(alert(1))", True),
        ("fill: 'red'", True),
        ("@import x", True),
    ],
)
def test_svg_style_check_reads_as_before(style, unsafe):
    assert (_UNSAFE_STYLE.search(style) is not None) == unsafe


def _spaced_text_by_levels(element) -> str:
    """How a caption's text was read before: each level collapsed on its own (the
    rule, and quadratic in the nesting)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            separate = child.tag not in ("a", "b", "i", "em", "strong", "small", "abbr", "q")
            inner = _spaced_text_by_levels(child)
            parts.append((" " if separate else "") + inner + (" " if separate else ""))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def test_caption_text_read_in_one_pass_is_the_text_read_by_levels():
    rnd = random.Random(5)
    texts = ["", " ", "  ", "\n", "\u00a0", "Foto", " Molde. ", "x", "NTB ", " y", "\t"]
    tags = ["span", "b", "a", "em", "div", "small", "p", "q", "br", "i"]

    def tree(depth: int) -> str:
        parts = []
        for _ in range(rnd.randint(0, 4)):
            if rnd.random() < 0.5 and depth < 6:
                tag = rnd.choice(tags)
                parts.append(f"<{tag}>{tree(depth + 1)}</{tag}>")
            elif rnd.random() < 0.1:
                parts.append("<!-- c -->")
            else:
                parts.append(rnd.choice(texts))
        return "".join(parts)

    for _ in range(3000):
        root = lxml.html.fragment_fromstring(f"<figcaption>{tree(0)}</figcaption>")
        for element in root.iter(lxml.etree.Element):
            assert _spaced_text(element) == _spaced_text_by_levels(element), lxml.html.tostring(
                root, encoding="unicode"
            )


def test_a_caption_nested_deep_is_read_once():
    depth, words = 120, 5000  # 240 levels: libxml2 keeps 255
    markup = "<figcaption>" + "<b> <span>" * depth + "ord " * words + "</span></b>" * depth
    root = lxml.html.fragment_fromstring(markup + "</figcaption>")
    events = _events(root)
    # Each text and tail is one event, each element two: nothing is read twice.
    assert len(events) <= 1 + 2 * 2 * depth * 2
    assert _spaced_text(root) == " ".join(["ord"] * words) == _spaced_text_by_levels(root)
