"""An import's pages fetched from a real local server (issue 15): dead links kept as
links only with the reason, Retry-After and back-off honoured (judged by the times the
server saw the requests, relative to each other), pause, cancel, and an import killed
with SIGKILL resumed with nothing twice and nothing lost."""

from __future__ import annotations

import csv
import dataclasses
import email.utils
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from newsreader.capture.fetch import retry_after_seconds
from newsreader.import_job import CANCELLED_REASON, RUNNING_ELSEWHERE, ImportJob
from newsreader.import_retry import FetchPolicy
from newsreader.library import import_jobs
from newsreader.library.library import Library
from tests.server import respond
from tests.test_saver import article_page

ROOT = Path(__file__).resolve().parent.parent
QUICK = FetchPolicy(concurrency=4, attempts=3, backoff=0.05, backoff_max=0.1)


def pocket_csv(path: Path, rows: list[tuple[str, str]]) -> Path:
    """A Pocket CSV of (title, url) rows, saved 2020-09-13."""
    lines = ["title,url,time_added,tags,status"]
    lines += [f"{title},{url},1600000000,imported,unread" for title, url in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def finished(job: ImportJob, timeout: float = 60) -> ImportJob:
    job.start()
    assert job.wait(timeout), "the import did not finish"
    return job


def report(job: ImportJob) -> dict[str, dict[str, str]]:
    with job.report_path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["url"]: row for row in csv.DictReader(handle)}


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_dead_links_stay_links_only_with_their_reason(server, library, saver, tmp_path):
    good = server.page("/news/good", article_page("A page that is there"))
    gone = server.page("/news/gone", "<h1>Gone</h1>", status=410)
    missing = server.url("/news/missing")
    refused = f"http://127.0.0.1:{closed_port()}/news/nobody"
    rows = [
        ("Still here", good),
        ("Long gone", gone),
        ("Never was", missing),
        ("Dead host", refused),
    ]
    export = pocket_csv(tmp_path / "pocket.csv", rows)
    job = finished(ImportJob(library, saver, str(export), policy=QUICK))
    counts = job.progress.counts
    assert (counts.fetched, counts.link_only, counts.waiting) == (1, 3, 0)
    lines = report(job)
    assert lines[gone]["reason"] == "HTTP 410 Gone" and lines[gone]["http_status"] == "410"
    assert lines[missing]["reason"] == "HTTP 404 Not Found"
    assert lines[refused]["reason"].startswith("connection refused by 127.0.0.1")
    # Permanent failures are tried once.
    assert {lines[url]["attempts"] for url in (gone, missing, refused)} == {"1"}
    assert len(server.requested("/news/gone")) == 1
    articles = {a.url: a for a in library.list("all")}
    assert articles[good].fetch_state is None and articles[good].word_count > 50
    assert articles[good].saved_at == "2020-09-13T12:26:40+00:00"  # the file's, not today
    assert articles[good].tags == ("imported",)
    dead = articles[gone]
    assert (dead.fetch_state, dead.fetch_error, dead.title) == (
        "failed",
        "HTTP 410 Gone",
        "Long gone",
    )
    assert library.search("long gone")[0].article.id == dead.id
    assert sorted(library.link_only_ids()) == sorted(
        articles[u].id for u in (gone, missing, refused)
    )
    assert library.check(grace=0).clean


def test_retry_after_is_honoured_in_seconds_and_as_a_date(server, library, saver, tmp_path):
    page = article_page("Busy at first")
    busy = server.answers("/news/busy", [(429, {"Retry-After": "1"}, "wait"), (200, {}, page)])
    when = email.utils.formatdate(time.time() + 3, usegmt=True)
    later = server.answers(
        "/news/later", [(503, {"Retry-After": when}, "down"), (200, {}, article_page("Later"))]
    )
    later = later.replace("127.0.0.1", "localhost")  # another host: held on its own
    export = pocket_csv(tmp_path / "pocket.csv", [("Busy", busy), ("Later", later)])
    job = finished(ImportJob(library, saver, str(export), policy=QUICK))
    assert job.progress.counts.fetched == 2
    first, second = server.requested("/news/busy")
    assert second.at - first.at >= 1.0  # without it the back-off would be 0.05 s
    first, second = server.requested("/news/later")
    assert second.at - first.at >= 1.5  # the date was 2 to 3 s ahead when it was sent
    assert report(job)[busy]["attempts"] == "2"


def test_retry_after_is_capped_and_transient_failures_are_tried_again(
    server, library, saver, tmp_path
):
    slow = server.answers(
        "/news/slow", [(503, {"Retry-After": "86400"}, "tomorrow"), (200, {}, article_page())]
    )
    flaky = server.answers(
        "/news/flaky",
        [(500, {}, "oops"), (502, {}, "oops"), (200, {}, article_page("Third time"))],
    )
    broken = server.page("/news/broken", "oops", status=500)
    rows = [("Slow", slow), ("Flaky", flaky), ("Broken", broken)]
    export = pocket_csv(tmp_path / "pocket.csv", rows)
    policy = FetchPolicy(concurrency=4, attempts=3, backoff=0.05, retry_after_max=0.5)
    job = finished(ImportJob(library, saver, str(export), policy=policy))
    lines = report(job)
    assert lines[slow]["outcome"] == "fetched"
    first, second = server.requested("/news/slow")
    assert second.at - first.at >= 0.5
    assert (lines[flaky]["outcome"], lines[flaky]["attempts"]) == ("fetched", "3")
    assert (lines[broken]["outcome"], lines[broken]["attempts"]) == ("link_only", "3")
    assert len(server.requested("/news/broken")) == 3


def test_retry_after_reads_seconds_and_dates():
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412490.0) == 0.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_pause_holds_the_fetches_and_resume_goes_on(server, library, saver, tmp_path):
    urls = [server.page(f"/p/{n}", article_page(f"Paused {n}")) for n in range(3)]
    export = pocket_csv(tmp_path / "pocket.csv", [(f"P{n}", u) for n, u in enumerate(urls)])
    states: list[str] = []
    job = ImportJob(
        library, saver, str(export), policy=QUICK, on_progress=lambda p: states.append(p.state)
    )
    job.pause()
    job.start()
    deadline = time.monotonic() + 30
    while job.progress.counts.total < 3 or "paused" not in states:
        assert time.monotonic() < deadline, states
        time.sleep(0.05)
    assert library.count() == 3  # the entries are there, as links only
    assert server.requested("/p/") == []
    # Paused, it is still this process's: nobody else may resume it meanwhile.
    assert import_jobs.unfinished(library) == [job.job_id]
    assert ImportJob.unfinished(library) == []
    job.resume()
    assert job.wait(60)
    assert job.progress.counts.fetched == 3 and states[-1] == "done"


def test_cancel_stops_and_leaves_links_only(server, library, saver, tmp_path):
    urls = [server.hang(f"/h/{n}", seconds=30) for n in range(3)]
    export = pocket_csv(tmp_path / "pocket.csv", [(f"H{n}", u) for n, u in enumerate(urls)])
    job = ImportJob(library, saver, str(export), policy=QUICK)
    job.start()
    deadline = time.monotonic() + 30
    while len(server.requested("/h/")) < 2:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    job.cancel()
    assert job.wait(10)
    progress = job.progress
    assert progress.state == "cancelled" and progress.counts.link_only == 3
    assert {row["reason"] for row in report(job).values()} == {CANCELLED_REASON}
    assert [a.fetch_state for a in library.list("all")] == ["queued"] * 3
    assert ImportJob.unfinished(library) == []


def test_a_job_runs_in_one_process_at_a_time(server, library, saver, tmp_path):
    urls = [server.hang(f"/one/{n}", seconds=30) for n in range(2)]
    export = pocket_csv(tmp_path / "pocket.csv", [(f"O{n}", u) for n, u in enumerate(urls)])
    first = ImportJob(library, saver, str(export), policy=QUICK)
    first.start()
    deadline = time.monotonic() + 30
    while len(server.requested("/one/")) < 2:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    # A window starting now finds nothing to resume; resuming it anyway says why.
    assert ImportJob.unfinished(library) == []
    second = finished(ImportJob(library, saver, job_id=first.job_id, policy=QUICK), 10)
    assert second.progress.state == "failed"
    assert second.progress.message == RUNNING_ELSEWHERE
    assert len(server.requested("/one/")) == 2  # nothing fetched twice
    first.close()  # quitting: the job stays unfinished, and free to resume
    assert ImportJob.unfinished(library) == [first.job_id]
    server.release.set()


# --- kill -9 ----------------------------------------------------------------------------------
def _slow(body: str, seconds: float):
    def route(handler) -> None:
        time.sleep(seconds)
        respond(handler, body.encode())

    return route


def _counts(database: Path) -> tuple[int, int]:
    """(articles, articles with their text), read without writing."""
    try:
        conn = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, timeout=10)
    except sqlite3.OperationalError:  # not made yet
        return (0, 0)
    try:
        return conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE fetch_state IS NULL) FROM articles"
        ).fetchone()
    except sqlite3.OperationalError:  # being made, or migrating
        return (0, 0)
    finally:
        conn.close()


def test_an_import_killed_mid_way_resumes_with_nothing_twice(server, tmp_path):
    total = 16
    urls = []
    for n in range(total):
        server.routes[f"/slow/{n}"] = _slow(article_page(f"Slow story {n}", slug=f"s{n}"), 0.4)
        urls.append(server.url(f"/slow/{n}"))
    export = pocket_csv(tmp_path / "pocket.csv", [(f"Slow {n}", u) for n, u in enumerate(urls)])
    lib = tmp_path / "lib"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "newsreader", "--library", str(lib), "import"]
    importer = subprocess.Popen(
        [*command, str(export), "--jobs", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while _counts(lib / "library.sqlite3")[1] < 3:
            assert time.monotonic() < deadline, "nothing was fetched in 90 s"
            assert importer.poll() is None, importer.stderr.read().decode()
            time.sleep(0.05)
        importer.send_signal(signal.SIGKILL)
        importer.wait(timeout=10)
    finally:
        if importer.poll() is None:
            importer.kill()
            importer.wait()
        importer.stderr.close()
    articles, stored = _counts(lib / "library.sqlite3")
    assert articles == total and stored < total, "the import was not cut off mid-way"
    done = subprocess.run(
        [*command, "--resume"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "resuming import 1" in done.stderr
    with Library(lib, create=False) as library:
        listed = library.list("all")
        assert sorted(a.url for a in listed) == sorted(urls)  # each once
        assert all(a.fetch_state is None and a.word_count > 50 for a in listed)
        assert ImportJob.unfinished(library) == []
        # The kill may have cut a file write short: its temporary is left, reported by
        # check as such (and removed by check --repair); nothing else may be amiss.
        report = library.check(grace=0)
        assert all(name.startswith("tmp/.part-") for name in report.temporaries)
        assert dataclasses.replace(report, temporaries=[]).clean
    with (lib / "imports" / "import-1.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["url"] for r in rows) == sorted(urls)
    assert {r["outcome"] for r in rows} == {"fetched"}
    # Only a page being fetched at the kill is asked for twice.
    asked = [sum(r.path == f"/slow/{n}" for r in server.requests) for n in range(total)]
    assert all(1 <= times <= 2 for times in asked), asked


def own_export(path: Path, articles: list[dict]) -> Path:
    """newsreader's own JSON export of ``articles`` (imports/own.py's format)."""
    document = {"format": "newsreader-export", "version": 1, "articles": articles}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_fetched_page_keeps_what_the_file_gave_where_the_page_says_nothing(
    server, library, saver, tmp_path
):
    url = server.page("/news/kept", article_page("The page's own title"))
    export = own_export(tmp_path / "export.json", [{
        "url": url, "title": "The file's title", "author": "Kari Nordmann",
        "site": "The file's site", "description": "What the file said about it",
        "published": "2021-03-04", "language": "nb",
    }])  # fmt: skip
    job = finished(ImportJob(library, saver, str(export), policy=QUICK))
    assert job.progress.counts.fetched == 1
    (article,) = library.list("all")
    article = library.get(article.id)
    assert article.fetch_state is None and article.word_count > 50
    # The page's title and site win; what the page does not say stays the file's.
    assert (article.title, article.site, article.language) == (
        "The page's own title", "Example News", "en",
    )  # fmt: skip
    assert (article.author, article.description, article.published) == (
        "Kari Nordmann", "What the file said about it", "2021-03-04",
    )  # fmt: skip
    assert library.search("Nordmann")[0].article.id == article.id


WALLABAG_FAILED = (
    "wallabag can't retrieve contents for this article. Please <a href=\"https://doc.wallabag"
    '.org/en/user/errors_during_fetching.html#how-can-i-help-to-fix-that">troubleshoot this '
    "issue</a>."
)


def test_an_export_copy_that_is_a_placeholder_or_empty_is_replaced_by_the_page(
    server, library, saver, tmp_path
):
    placeholder = server.page("/w/placeholder", article_page("The real first story"))
    scripts = server.page("/w/scripts", article_page("The real second story"))
    export = tmp_path / "wallabag.json"
    export.write_text(json.dumps([
        {"id": 1, "url": placeholder, "title": "Placeholder", "content": WALLABAG_FAILED},
        {"id": 2, "url": scripts, "title": "Scripts", "content": "<script>track()</script>"},
    ]), encoding="utf-8")  # fmt: skip
    job = finished(ImportJob(library, saver, str(export), format_id="wallabag", policy=QUICK))
    counts = job.progress.counts
    assert (counts.fetched, counts.with_content, counts.link_only) == (2, 0, 0)
    for url, title in ((placeholder, "The real first story"), (scripts, "The real second story")):
        article = library.get(next(a.id for a in library.list("all") if a.url == url))
        assert article.title == title and article.word_count > 50
        assert "retrieve contents" not in article.text
    assert {row["outcome"] for row in report(job).values()} == {"fetched"}


def test_without_fetching_a_placeholder_copy_leaves_a_link_only(library, saver, tmp_path):
    export = tmp_path / "wallabag.json"
    url = "https://example.com/never-fetched"
    export.write_text(json.dumps([{"id": 1, "url": url, "content": WALLABAG_FAILED}]))
    job = finished(ImportJob(library, saver, str(export), format_id="wallabag", fetch=False))
    assert (job.progress.counts.link_only, job.progress.counts.with_content) == (1, 0)
    (article,) = library.list("all")
    assert article.fetch_state == "queued" and library.get(article.id).text == ""


def test_an_article_deleted_while_its_item_waits_stays_deleted(server, library, saver, tmp_path):
    busy = server.answers(
        "/news/deleted", [(429, {"Retry-After": "2"}, "wait"), (200, {}, article_page("Back?"))]
    )
    export = pocket_csv(tmp_path / "pocket.csv", [("Soon deleted", busy)])
    job = ImportJob(library, saver, str(export), policy=QUICK)
    job.start()
    deadline = time.monotonic() + 30
    while not server.requested("/news/deleted"):
        assert time.monotonic() < deadline
        time.sleep(0.02)
    (article,) = library.list("all")
    library.delete([article.id])  # while the item waits for its Retry-After
    assert job.wait(60)
    assert library.count() == 0 and len(server.requested("/news/deleted")) == 1
    counts = job.progress.counts
    assert (counts.skipped, counts.fetched, counts.waiting) == (1, 0, 0)
    line = report(job)[busy]
    assert (line["outcome"], line["reason"]) == (
        "skipped", "deleted from the library during the import",
    )  # fmt: skip


def test_a_paused_import_started_again_stays_paused(server, library, saver, tmp_path):
    urls = [server.page(f"/still/{n}", article_page(f"Still paused {n}")) for n in range(2)]
    export = pocket_csv(tmp_path / "pocket.csv", [(f"S{n}", u) for n, u in enumerate(urls)])
    first = ImportJob(library, saver, str(export), policy=QUICK)
    first.pause()
    first.start()
    deadline = time.monotonic() + 30
    while first.job_id is None or import_jobs.get(library, first.job_id).state != "paused":
        assert time.monotonic() < deadline
        time.sleep(0.02)
    first.close()  # quitting while paused
    states: list[str] = []
    again = ImportJob(
        library, saver, job_id=first.job_id, policy=QUICK,
        on_progress=lambda p: states.append(p.state),
    )  # fmt: skip
    assert again.progress.state == "paused"
    again.start()
    while "paused" not in states:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert not again.wait(0.5) and server.requested("/still/") == []
    again.resume()
    assert again.wait(60)
    assert again.progress.counts.fetched == 2 and states[-1] == "done"


def test_a_retry_after_of_other_digits_is_no_number(server, library, saver, tmp_path):
    assert retry_after_seconds("²") is None and retry_after_seconds("٣") is None
    odd = server.answers(
        "/news/odd", [(429, {"Retry-After": "²"}, "wait"), (200, {}, article_page("Odd"))]
    )
    export = pocket_csv(tmp_path / "p.csv", [("O", odd)])
    job = finished(ImportJob(library, saver, str(export), policy=QUICK))
    line = report(job)[odd]
    assert (line["outcome"], line["attempts"]) == ("fetched", "2")
