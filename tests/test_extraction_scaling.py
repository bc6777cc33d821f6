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
from pathlib import Path

import lxml.html
import pytest

from newsreader.capture.dom import count_up_to, more_words_than, only_child, text_of
from newsreader.capture.extract import extract_article
from newsreader.errors import ExtractionError
from tests.page_shapes import SHAPES

OURS = str(Path(__file__).resolve().parent.parent / "newsreader" / "capture")
URL = "http://127.0.0.1/bergen/vaer.html"
N = 150
# Linear work grows 4 times from N to 4N; quadratic, 16 times.
MAX_GROWTH = 6.0


def _calls_by_our_code(html: str) -> int:
    """Calls made from a function in newsreader/capture while extracting ``html``."""
    profile = cProfile.Profile()
    profile.enable()
    try:
        extract_article(html, URL)
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


# --- what happens inside C ----------------------------------------------------------------
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
    from newsreader.capture.trafilatura_pass import parse_page

    page = parse_page("<html><body>" + "<div>" * 10_000 + "x" + "</div>" * 10_000)
    deepest = max(sum(1 for _ in element.iterancestors()) for element in page.iter())
    assert deepest <= 256
