"""A result page of a query that matches many articles is ranked from candidates
(ranking.py): the tests make the bounds small (Searcher.bounds) on small libraries, and
compare pages with the exact bm25 order, which ``search_ids`` without a limit gives."""

from __future__ import annotations

import pytest

from newsreader.library.library import ArticleContent, Library
from newsreader.library.ranking import Bounds
from tests.search_articles import plain_article

# The same words open every text, so that lengths differ little.
FILLER = "The council met on Tuesday to discuss the new library in the town centre."
# Above 10 matches, pages down to the 6th hit are ranked from candidates.
SMALL = Bounds(bound=10, depth=6, selective=5, common=4)


def content(n: int, title: str, text: str) -> ArticleContent:
    url = f"https://example.org/story/{n}"
    return plain_article(n, "en", title, f"{FILLER} {text}", url=url, site="Example")


def save_all(library: Library, stories: list[tuple[str, str]]) -> list[int]:
    """Saved in order: the first is the oldest (ids grow as articles are saved)."""
    return [
        library.save(content(n, title, text)).article_id for n, (title, text) in enumerate(stories)
    ]


def ids(library: Library, query: str, **page) -> list[int]:
    return [i for i, _ in library.search_ids(query, **page)]


@pytest.fixture
def harbour(library):
    """An old article with "harbour" in its title, then 30 newer ones with it in the
    text only, every third archived."""
    saved = save_all(
        library,
        [("The harbour at night", "Boats came and went.")]
        + [(f"Story {n}", f"Ships waited outside the harbour, day {n}.") for n in range(30)],
    )
    library.set_state_many(saved[1::3], "archived")
    library.searcher.bounds = SMALL
    return saved


def test_a_page_is_the_exact_order_when_few_articles_match(library):
    # The older an article, the more often it says the word: the best are the oldest.
    save_all(
        library,
        [(f"Story {n}", "The lighthouse. " * (15 - n) + f"Day {n}.") for n in range(15)],
    )
    exact = ids(library, "lighthouse")
    assert len(exact) == 15
    library.searcher.bounds = Bounds(bound=15, depth=5, selective=5, common=4)
    assert ids(library, "lighthouse", limit=5) == exact[:5]
    library.searcher.bounds = Bounds(bound=14, depth=5, selective=5, common=4)
    assert ids(library, "lighthouse", limit=5) != exact[:5]  # from the 14 newest


def test_an_old_article_with_the_word_in_its_title_still_ranks_first(library, harbour):
    page = ids(library, "harbour", limit=5)
    assert page[0] == harbour[0]
    assert ids(library, "harbour")[0] == harbour[0]  # as in the exact order


def test_filters_apply_to_every_candidate_and_a_page_is_never_short(library, harbour):
    archived = set(harbour[1::3])
    # 7 of the 10 newest matches are unread, and the old one with the word in its title.
    unread = ids(library, "harbour is:unread", limit=5)
    assert len(unread) == 5 and not set(unread) & archived
    assert unread[0] == harbour[0]
    # Only 3 of the 10 newest are archived, fewer than the 6 candidates a page needs:
    # ranked exactly, so that the page is full.
    page = ids(library, "harbour is:archived", limit=5)
    assert len(page) == 5 and set(page) <= archived
    assert page == ids(library, "harbour is:archived")[:5]


def test_pages_are_consecutive_slices_of_one_order(library, harbour):
    whole = ids(library, "harbour", limit=6)
    pages = [ids(library, "harbour", limit=2, offset=start) for start in (0, 2, 4)]
    assert [i for page in pages for i in page] == whole
    assert len(set(whole)) == 6
    # Past the deepest bounded page, the exact order.
    assert ids(library, "harbour", limit=3, offset=6) == ids(library, "harbour")[6:9]


def test_a_result_page_is_the_search_ids_page(library, harbour):
    for offset in (0, 3):
        hits = library.search("harbour", limit=3, offset=offset)
        assert [h.article.id for h in hits] == ids(library, "harbour", limit=3, offset=offset)


def test_the_rare_forms_of_a_word_find_the_old_articles_that_rank_first(library):
    """Many articles say "runs" (common), two old ones "running" (rare): bm25 puts
    these first, and the older of them first, as it also says "runs" three times (in
    two fifths of the library, "runs" still counts). An excluded word changes nothing
    in that."""
    saved = save_all(
        library,
        [
            ("Story A", "The river is running high and runs fast, runs wide, runs on."),
            ("Story B", "The river is running high this spring after the long rain."),
        ]
        + [
            (f"Story {n}", f"The {('ferry', 'boat')[n % 2]} runs on day {n} of the month.")
            for n in range(24)
        ]
        + [(f"Other {n}", f"The bridge was closed on day {n}.") for n in range(30)],
    )
    exact = ids(library, "run")
    assert len(exact) == 26 and exact[:2] == saved[:2]
    without_ferry = ids(library, "run -ferry")
    assert len(without_ferry) == 14 and without_ferry[:2] == saved[:2]
    library.searcher.bounds = SMALL  # more matches than the bound of 10
    assert ids(library, "run", limit=6) == exact[:6]
    assert ids(library, "run -ferry", limit=6) == without_ferry[:6]


def test_a_prefix_page_is_ranked_through_its_heaviest_completions(library, harbour):
    """harbour holds nearly every occurrence of harb*, harbinger one: the page comes
    from the newest matches of harbour alone, ranked by it; with every completion read
    (cover 1), the rare harbinger would count for more and rank first."""
    rare = library.save(content(100, "Spring", "A harbinger of spring.")).article_id
    library.save(content(101, "Harbour news", "Ships came in."))
    assert len(ids(library, "harb*")) == 33  # more than the bound: a bounded page
    newest = set(sorted(i for i in ids(library, "harbour"))[-SMALL.bound :])
    by_harbour = [i for i in ids(library, "harbour") if i in newest]
    assert ids(library, "harb*", limit=6) == by_harbour[:6]
    library.searcher.bounds = Bounds(
        bound=10, depth=6, selective=5, common=4, cover=1.0, completions=16
    )
    assert ids(library, "harb*", limit=6)[0] == rare


def test_a_prefixs_heaviest_completions_follow_the_library(library, harbour):
    """Counted once for a prefix's pages, counted again once articles are saved (with
    no new word, so the dictionary is unchanged): when harbinger becomes the most
    frequent completion, the page comes from it too."""
    library.save(content(100, "Spring", "A harbinger of spring."))
    assert not set(ids(library, "harb*", limit=6)) & set(ids(library, "harbinger"))
    later = [
        library.save(content(200 + n, "Spring", "A harbinger of spring.")).article_id
        for n in range(40)
    ]
    assert set(ids(library, "harb*", limit=6)) <= set(later)


def test_a_prefix_is_read_through_its_completions_inside_an_expression(library, harbour):
    """An AND and a column filter around a prefix keep their meaning; a prefix in an
    excluded part is never narrowed (it would exclude less)."""
    for n in range(12):
        library.save(content(300 + n, f"North {n}", f"Ships sailed north, day {n}."))
    rare = library.save(content(100, "Spring", "Ships saw a harbinger of spring.")).article_id
    assert rare in ids(library, "harb* ships")
    page = ids(library, "harb* ships", limit=6)
    assert rare not in page and set(page) <= set(ids(library, "harbour ships"))
    assert ids(library, "title:harb*", limit=6) == ids(library, "title:harb*")[:6]
    assert len(ids(library, "ships -harb*")) == 12  # more than the bound: a bounded page
    assert rare not in ids(library, "ships -harb*", limit=6)


def test_the_articles_with_every_common_form_rank_first(library):
    """Both forms common, no rare one: the three old articles with both rank first."""
    saved = save_all(
        library,
        [(f"Both {n}", f"The mill was running while the river runs, year {n}.") for n in range(3)]
        + [(f"Mill {n}", f"The mill was running in year {n}.") for n in range(12)]
        + [(f"River {n}", f"The river runs by the mill in year {n}.") for n in range(12)]
        + [(f"Other {n}", f"The bridge was closed on day {n}.") for n in range(20)],
    )
    exact = ids(library, "run")
    assert len(exact) == 27 and set(exact[:3]) == set(saved[:3])
    library.searcher.bounds = SMALL
    page = ids(library, "run", limit=6)
    # Then the newest of the others (the exact order has the shorter texts first).
    assert page[:3] == exact[:3] and set(page[3:]) <= set(saved[-23:-20])
