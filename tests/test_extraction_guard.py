"""Never worse than trafilatura alone: a failure in our own steps saves trafilatura's
article and says so; pages are parsed as trafilatura parses them; the fallback block
never takes comments, replies, teasers or navigation for the article."""

from __future__ import annotations

import json
import logging

import pytest

from newsreader import render
from newsreader.capture import extract
from newsreader.capture.extract import STRICT_ENV, extract_article
from newsreader.saver import Saver
from tests import worker_jobs

SENTENCE = (
    "The harbour board met on Tuesday to discuss the new ferry timetable, and the "
    "fishermen who use the north quay asked for more time to unload their catch."
)


def page(body: str, title: str = "Ferry timetable changes at the harbour") -> str:
    return (
        f"<html lang='en' dir='ltr'><head><title>{title}</title></head><body><header><nav>"
        "<a href='/'>Home</a> <a href='/news'>News</a></nav></header><main><article>"
        f"<h1>{title}</h1>{body}</article></main><footer>The Harbour Gazette</footer>"
        "</body></html>"
    )


@pytest.fixture(autouse=True)
def _guarded(monkeypatch):
    """The guard as users have it: not strict (tests/conftest.py makes it strict)."""
    monkeypatch.delenv(STRICT_ENV, raising=False)


ARTICLE = page("".join(f"<p>{n}. {SENTENCE}</p>" for n in range(1, 9)))

# Each step of ours, broken as a bug would break it.
OUR_STEPS = [
    "prepare",
    "finish",
    "xml_to_html",
    "html_to_text",
    "read_byline",
    "page_direction",
    "metadata.read_metadata",
    "metadata.choose_author",
    "quality.readable_block",
    "quality.paywall_reason",
    "languages.settle",
]


@pytest.mark.parametrize("step", OUR_STEPS)
def test_a_bug_in_any_step_of_ours_saves_trafilaturas_article(monkeypatch, step):
    def broken(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    owner, _, name = step.rpartition(".")
    target = getattr(extract, owner) if owner else extract
    monkeypatch.setattr(target, name, broken)
    article = extract_article(ARTICLE, "https://gazette.example/ferry")
    for n in range(1, 9):
        assert f"{n}. {SENTENCE}" in article.text
    assert article.title == "Ferry timetable changes at the harbour"
    assert "RecursionError" in article.unrefined
    assert "Traceback" in article.unrefined_detail
    assert "<script" not in article.html and "<p>" in article.html


def test_trafilaturas_article_is_sanitised_like_ours(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("broken on purpose")

    monkeypatch.setattr(extract, "finish", broken)
    hostile = page(
        "".join(
            f"<p>{n}. {SENTENCE} <a href='javascript:alert({n})'>click</a></p>" for n in range(6)
        )
        + "<p>Sources: <a href='file:///etc/passwd'>local</a> and "
        "<a href='https://ok.example/'>the board's minutes</a>, read on the web.</p>"
    )
    article = extract_article(hostile, "https://gazette.example/x")
    assert article.unrefined
    assert "javascript:" not in article.html and "file:" not in article.html
    assert 'href="https://ok.example/"' in article.html


def test_the_guard_runs_in_the_worker_and_the_library_says_so(
    server, library, worker_pool, fetcher, caplog
):
    url = server.page("/ferry", ARTICLE)
    with (
        Saver(
            library,
            pool=worker_pool,
            fetcher=fetcher,
            extract=worker_jobs.extract_with_a_bug_in_refine,
        ) as saver,
        caplog.at_level(logging.WARNING, logger="newsreader.saver"),
    ):
        result = saver.save(url)
    stored = library.get(result.article_id)
    assert f"8. {SENTENCE}" in stored.text
    shown = render.article_json(stored)
    assert shown["refined"] is False
    assert "HtmlComment" in shown["unrefined_reason"]
    assert json.loads(json.dumps(shown))["refined"] is False
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert url in logged and "HtmlComment" in logged and "Traceback" in logged


def test_steps_of_ours_that_take_too_long_give_way_to_trafilatura(
    server, library, worker_pool, fetcher
):
    url = server.page("/slow", ARTICLE)
    with Saver(
        library, pool=worker_pool, fetcher=fetcher, extract=worker_jobs.extract_with_slow_steps
    ) as saver:
        stored = library.get(saver.save(url).article_id)
    assert f"8. {SENTENCE}" in stored.text
    assert "took longer than 1 s" in stored.unrefined


def test_a_refined_article_says_so(server, saver, library):
    stored = library.get(saver.save(server.page("/ok", ARTICLE)).article_id)
    assert render.article_json(stored)["refined"] is True
    assert render.article_json(stored)["unrefined_reason"] is None


# --- the page as trafilatura parses it -----------------------------------------------------------
def test_comments_beside_images_and_captions_cost_nothing():
    # The shape that crashed our caption reader: an HTML comment among the siblings
    # of an image in an old table layout.
    cells = "".join(
        f"<tr><td><img src='https://gazette.example/p{n}.jpg' width='400'><br><!-- credit -->"
        f"<font size='1'>Photo {n} of the quay</font></td><td><p>{n}. {SENTENCE}</p>"
        "<!-- /text --></td></tr>"
        for n in range(1, 7)
    )
    article = extract_article(page(f"<table>{cells}</table>"), "https://gazette.example/t")
    assert article.unrefined is None
    for n in range(1, 7):
        assert f"{n}. {SENTENCE}" in article.text


@pytest.mark.parametrize(
    "separator",
    ["<!-- ad slot -->", "<!--googleoff: index--><!--googleon: index-->", "<?php echo 1; ?>"],
)
def test_paragraph_blocks_split_by_comments_are_all_kept(separator):
    blocks = "".join(
        f"<div class='body-block'>{''.join(f'<p>{b}.{n} {SENTENCE}</p>' for n in range(3))}"
        f"</div>{separator}"
        for b in range(6)
    )
    text = extract_article(page(blocks), "https://gazette.example/c").text
    for b in range(6):
        for n in range(3):
            assert f"{b}.{n} {SENTENCE}" in text


# --- the fallback block ---------------------------------------------------------------------
POST = (
    "<p>Has anyone tried the new ferry timetable? The morning boat now leaves ten minutes "
    "earlier, and I keep missing it because the bus from the valley arrives too late.</p>"
    "<p>I wrote to the harbour board but have heard nothing yet. Any advice welcome.</p>"
)
REPLY = (
    "I take the early bus from the valley every day and have the same trouble with the "
    "connection at the quay, so I started cycling down instead; it takes twenty minutes "
    "longer but at least I never miss the boat now, even in the winter months."
)


def _thread(item: str, wrapper: str) -> str:
    replies = "".join(item.format(n=n, text=f"Reply {n}: {REPLY}") for n in range(1, 25))
    return wrapper.format(replies=replies)


@pytest.mark.parametrize(
    ("item", "wrapper"),
    [
        # A blog's comment section.
        (
            "<li class='comment'><div class='comment-author'>Reader {n}</div>"
            "<time>2 days ago</time><p>{text}</p><a href='#r{n}'>Reply</a></li>",
            "<section id='comments'><h2>24 comments</h2><ol class='commentlist'>{replies}"
            "</ol></section>",
        ),
        # A thread trafilatura knows as comments by a name of its own (comol), which the
        # fallback block has no word for: only "it must hold trafilatura's text" stops it.
        (
            "<div class='x1'><div class='x2'>user{n}</div><p>{text}</p></div>",
            "<div id='comol'>{replies}</div>",
        ),
    ],
)
def test_a_comment_thread_is_never_taken_for_a_short_post(item, wrapper):
    html = (
        "<html lang='en'><head><title>Ferry timetable</title></head><body><main>"
        f"<article><h1>Ferry timetable</h1>{POST}</article>{_thread(item, wrapper)}"
        "</main></body></html>"
    )
    article = extract_article(html, "https://forum.example/t/1")
    assert "Has anyone tried the new ferry timetable?" in article.text
    assert "Reply 7:" not in article.text
    assert not article.partial


def _block(body: str):
    from newsreader.capture.quality import readable_block
    from newsreader.capture.trafilatura_pass import parse_page

    return readable_block(parse_page(f"<html><body>{body}</body></html>"))


def test_the_fallback_block_is_never_a_list_of_teasers_a_menu_or_replies():
    teasers = "".join(
        f"<li><a href='/news/{n}'>Story {n} about the harbour and the boats on the north quay"
        f"</a> <span>{n} min</span></li>"
        for n in range(40)
    )
    assert _block(f"<div class='x'><ul>{teasers}</ul></div>") == (None, 0)
    replies = "".join(f"<div class='c'><p>Reply {n}: {REPLY}</p></div>" for n in range(20))
    for wrapper in ("comments", "comment-list", "replies", "forum-thread", "disqus_thread"):
        assert _block(f"<div id='{wrapper}'>{replies}</div>") == (None, 0)
    for wrapper in ("nav", "menu", "sidebar", "footer-widgets", "breadcrumbs"):
        assert _block(f"<div class='{wrapper}'>{replies}</div>") == (None, 0)
    block, words = _block(f"<div class='story'>{replies}</div>")
    assert block is not None and words > 800  # the same prose, where an article may be


def test_the_fallback_block_only_extends_what_trafilatura_found():
    from newsreader.capture.quality import holds

    found = "Has anyone tried the new ferry timetable? The morning boat now leaves earlier."
    assert holds(f"<intro> {found} and much more of the same post " * 3, found)
    assert not holds(" ".join(f"Reply {n}: {REPLY}" for n in range(20)), found)
    assert holds("anything at all", "")
