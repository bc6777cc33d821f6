"""The whole capture pipeline against the fixture server: what is stored, and what a
failure leaves behind (nothing)."""

from __future__ import annotations

import time

import pytest

from newsreader.capture.fetch import Fetcher, FetchLimits
from newsreader.errors import ExtractionError, ExtractionTimeout, NotAnArticle, WorkerCrashed
from newsreader.saver import Saver, SaveState
from tests import worker_jobs
from tests.conftest import SEED_PAGE

ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Example News</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Example News">
<link rel="canonical" href="/news/{slug}">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
<p>The first paragraph of the story is long enough to count as real article text, and
it goes on for a while so that the extractor has something substantial to hold on to.</p>
<figure><img src="{image}" alt="A picture"></figure>
<p>A second paragraph follows the picture and adds more detail about the story, including
quotes from several people who were there and saw what happened that afternoon.</p>
<p>A third paragraph wraps the story up with a few closing remarks that round off the
piece and make it a proper article rather than a stub.</p>
</article><footer>Copyright Example News</footer></body></html>"""


def article_page(
    title: str = "Bullies and the boy", slug: str = "story", image: str = "/vg/img/bloom.jpg"
) -> str:
    return ARTICLE.format(title=title, slug=slug, image=image)


def test_a_failed_image_keeps_the_article_with_the_alt_text(server, saver, library):
    url = server.page("/news/story", article_page(image="/missing.jpg"))
    result = saver.save(url)
    assert result.ok and result.images_failed == 1 and result.images_stored == 0
    article = library.get(result.article_id)
    (stored,) = article.images
    assert stored.file is None
    assert stored.error == "HTTP 404 Not Found"
    assert stored.alt == "A picture"
    assert "[A picture]" in article.content_html
    assert "<img" not in article.content_html


def test_an_image_that_is_not_an_image_is_not_stored(server, saver, library):
    server.page("/fake.jpg", b"<html>login required</html>", content_type="image/jpeg")
    result = saver.save(server.page("/news/story", article_page(image="/fake.jpg")))
    (stored,) = library.get(result.article_id).images
    assert stored.file is None
    assert "not a supported image" in stored.error


def test_refetch_retries_failed_images(server, saver, library):
    url = server.page("/news/story", article_page(image="/later.jpg"))
    first = saver.save(url)
    assert first.images_failed == 1
    server.page(
        "/later.jpg", (server.root / "vg/img/bloom.jpg").read_bytes(), content_type="image/jpeg"
    )
    second = saver.save(url)
    assert second.article_id == first.article_id
    assert second.images_stored == 1 and second.images_failed == 0
    assert library.get(first.article_id).images[0].file.is_file()


def test_tracking_pixels_are_dropped(server, saver, library):
    url = server.page("/news/story", article_page(image="/vg/img/pixel.gif"))
    result = saver.save(url)
    assert library.get(result.article_id).images == ()
    assert "<img" not in library.get(result.article_id).content_html


def test_same_article_through_redirect_tracking_params_or_canonical_is_one_article(
    server, saver, library
):
    direct = server.page("/news/story", article_page())
    first = saver.save(direct)
    via_redirect = server.redirect("/short/abc", "/news/story?utm_source=newsletter")
    assert saver.save(via_redirect).article_id == first.article_id
    # A different address serving the same article, naming it as canonical.
    mirror = server.page("/amp/story", article_page())
    assert saver.save(mirror).article_id == first.article_id
    assert saver.save(direct + "?fbclid=abc#comments").article_id == first.article_id
    assert library.count() == 1


def test_a_canonical_pointing_at_the_front_page_does_not_merge_articles(server, saver, library):
    page = article_page().replace('href="/news/story"', 'href="/"')
    one = saver.save(server.page("/news/one", page))
    two = saver.save(server.page("/news/two", page.replace("Bullies", "Teachers")))
    assert one.article_id != two.article_id


def test_extraction_that_finds_nothing_is_an_error_and_stores_nothing(server, saver, library):
    url = server.page("/blank", "<html><body><div></div></body></html>")
    with pytest.raises(ExtractionError, match="no article text"):
        saver.save(url)
    assert library.count() == 0


def test_non_html_stores_nothing(server, saver, library):
    url = server.page("/paper.pdf", b"%PDF-1.5 ...", content_type="application/pdf")
    with pytest.raises(NotAnArticle):
        saver.save(url)
    assert library.count() == 0
    assert library.check().clean


@pytest.mark.parametrize(
    ("job", "error", "message"),
    [
        (worker_jobs.extract_crash, WorkerCrashed, "crashed"),
        (worker_jobs.extract_hang, ExtractionTimeout, "longer than 1 s"),
    ],
)
def test_a_crashing_or_hanging_extraction_fails_only_that_article(
    server, library, worker_pool, fetcher, job, error, message
):
    url = server.url(SEED_PAGE)
    with (
        Saver(library, pool=worker_pool, fetcher=fetcher, extract=job, extract_timeout=1) as broken,
        pytest.raises(error, match=message),
    ):
        broken.save(url)
    assert library.count() == 0
    assert library.check().clean
    with Saver(library, pool=worker_pool, fetcher=fetcher) as working:
        assert working.save(url).ok
    assert library.count() == 1


def test_background_saves_report_their_states_and_failures(server, saver):
    seen: list[tuple[str, SaveState]] = []
    good = server.url(SEED_PAGE)
    bad = server.url("/does-not-exist")
    results = saver.save_many(
        [good, bad, "ftp://nope"], on_state=lambda url, state, _: seen.append((url, state))
    )
    assert [r.ok for r in results] == [True, False, False]
    assert results[1].error.message == "HTTP 404 Not Found"
    assert "only http and https" in results[2].error.message
    good_states = [state for url, state in seen if url == good]
    assert good_states == [
        SaveState.QUEUED,
        SaveState.FETCHING,
        SaveState.EXTRACTING,
        SaveState.IMAGES,
        SaveState.STORING,
        SaveState.SAVED,
    ]
    assert [s for u, s in seen if u == bad][-1] is SaveState.FAILED


def test_reextract_rebuilds_from_the_stored_page_without_the_network(server, saver, library):
    result = saver.save(server.url(SEED_PAGE))
    before = library.get(result.article_id)
    # Damage the stored text, as an older, worse extractor might have left it.
    with library.db.transaction() as db:
        db.execute("UPDATE articles SET word_count = 1 WHERE id = ?", (result.article_id,))
        db.execute(
            "UPDATE article_texts SET text = 'stub' WHERE article_id = ?", (result.article_id,)
        )
    requests_before = len(server.requests)
    report = saver.reextract(result.article_id)
    assert len(server.requests) == requests_before  # nothing fetched
    after = library.get(result.article_id)
    assert report.words_before == 1 and report.words_after == before.word_count
    assert report.images_before == report.images_after == 3
    assert after.text == before.text
    assert [i.file for i in after.images] == [i.file for i in before.images]
    assert library.search("Bieber")[0].article.id == result.article_id
    assert library.check().clean
    assert report.gained == report.lost == () and report.to_fetch == 0
    # Again: nothing changes, so nothing is written (the copy's time stays).
    with library.db.transaction() as db:
        db.execute("UPDATE articles SET updated_at = '2020-01-01T00:00:00+00:00'")
    again = saver.reextract(result.article_id)
    assert not again.changed
    assert library.get(result.article_id).updated_at == "2020-01-01T00:00:00+00:00"


def test_reextract_reports_images_gained_and_lost(server, saver, library):
    article_id = saver.save(server.url(SEED_PAGE)).article_id
    bloom = server.url("/vg/img/bloom.jpg")
    # As an older extractor might have left it: one image missing, one that is not
    # on the page at all.
    with library.db.transaction() as db:
        db.execute("DELETE FROM images WHERE article_id = ? AND url = ?", (article_id, bloom))
        db.execute(
            "UPDATE images SET url = ? WHERE article_id = ? AND url LIKE '%bieber.jpg'",
            (server.url("/vg/img/gone.jpg"), article_id),
        )
    requests_before = len(server.requests)
    report = saver.reextract(article_id)
    assert len(server.requests) == requests_before
    assert set(report.gained) == {bloom, server.url("/vg/img/bieber.jpg")}
    assert report.lost == (server.url("/vg/img/gone.jpg"),)
    # Neither was downloaded under its address; the article says so until re-saved.
    assert report.to_fetch == 2
    assert report.changed
    missing = [i for i in library.get(article_id).images if not i.name]
    assert {i.url for i in missing} == set(report.gained)
    assert all("re-fetch" in (i.error or "") for i in missing)


def test_closing_cancels_saves_in_flight_and_stores_nothing(server, library, worker_pool):
    url = server.hang("/slow", seconds=2)
    fetcher = Fetcher(FetchLimits(read_timeout=1.5))
    saver = Saver(library, pool=worker_pool, fetcher=fetcher, concurrency=1)
    states: list[tuple[str, SaveState]] = []
    queued = server.url(SEED_PAGE)
    futures = [
        saver.submit(url, on_state=lambda u, s, _: states.append((u, s))),
        saver.submit(queued, on_state=lambda u, s, _: states.append((u, s))),
    ]
    time.sleep(0.3)  # the first is fetching now, the second waits its turn
    saver.close()
    fetcher.close()
    for future in futures:
        result = future.result()
        assert not result.ok
        assert result.error.message == "cancelled: newsreader is shutting down"
    assert library.count() == 0
    assert (queued, SaveState.FAILED) in states
    assert not server.requested(SEED_PAGE)
