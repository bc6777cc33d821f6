"""Import files into a real library (issue 15): what each format's fixture becomes,
merging, duplicates, the export's own copy made safe, link-only entries. No page is
fetched here (fetch=False): what the network does is tests/test_import_fetching.py."""

from __future__ import annotations

import csv
import json
import time
import zipfile
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.import_job import BATCH, ImportJob, ImportProgress
from newsreader.import_report import write_report
from newsreader.imports import fields
from newsreader.imports.records import ImportedItem
from newsreader.library import import_jobs
from newsreader.library.import_entries import write_batch
from newsreader.library.library import Library
from newsreader.library.models import ArticleSummary
from tests.imports_helpers import FIXTURES, zip_folder
from tests.test_library import content


def run_import(library: Library, saver, path: Path | str, **options) -> ImportJob:
    options.setdefault("fetch", False)
    seen: list[ImportProgress] = []
    job = ImportJob(library, saver, str(path), on_progress=seen.append, **options)
    job.start()
    assert job.wait(60), "the import did not finish"
    assert seen and seen[-1].state == job.progress.state
    return job


def by_url(library: Library) -> dict[str, ArticleSummary]:
    return {a.url: a for a in library.list("all")}


def report(job: ImportJob) -> list[dict[str, str]]:
    with job.report_path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_pocket_export_keeps_tags_states_dates_and_highlights(library, saver, tmp_path):
    job = run_import(library, saver, zip_folder("pocket_zip", tmp_path))
    progress = job.progress
    assert progress.state == "done" and progress.format_name == "Pocket export (ZIP)"
    counts = progress.counts
    assert (counts.total, counts.link_only, counts.skipped, counts.problems) == (8, 5, 1, 2)
    assert counts.waiting == counts.fetched == counts.with_content == 0
    articles = by_url(library)
    assert len(articles) == 5  # the duplicate row merged into its first
    first = articles["https://example.com/a?x=1&y=2"]
    assert first.title == 'Commas, "quotes" and a line break'
    assert first.tags == ("long read", "news")
    # The duplicate (line 8) says archived and was saved earlier: both win.
    assert first.state == "archived"
    assert first.saved_at == "2020-09-13T12:26:40+00:00"
    assert first.fetch_state == "queued" and first.word_count == 0
    berries = articles["https://vg.no/æøå"]
    assert berries.state == "archived" and berries.saved_at == "2020-09-15T12:25:39+00:00"
    marks = library.notebook.of_article(berries.id)
    assert [m.quote for m in marks][:1] == ["Første sitat"]
    assert all(m.origin == "pocket_zip" and not m.found for m in marks)
    assert marks[0].created_at == "2020-09-15T20:00:00+00:00"
    assert articles["https://example.com/untitled"].title == "https://example.com/untitled"
    rows = report(job)
    assert [r["outcome"] for r in rows].count("link_only") == 5
    duplicate = next(r for r in rows if r["title"] == "Duplicate")
    assert duplicate["outcome"] == "skipped"
    assert duplicate["reason"] == "the same link as part_000000.csv: line 2: merged into it"
    assert duplicate["where"] == "part_000000.csv: line 8"
    assert library.check(grace=0).clean


def test_link_only_entries_are_found_by_title_and_listed_for_retry(library, saver):
    run_import(library, saver, FIXTURES / "ril_export.html")
    hits = library.search("lapins rugby")
    assert [h.article.url for h in hits] == ["https://example.com/one?a=1&b=2"]
    assert hits[0].article.fetch_state == "queued"
    assert len(library.link_only_ids()) == 3
    assert library.list("archived")[0].title == "Read one"
    assert library.count(tag="Ærlig") == 1


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "instapaper.csv",
            {
                "https://example.com/starred": ("archived", True, ("social",)),
                "https://example.com/folder": ("unread", False, ("Reading list", "tøy")),
            },
        ),
        ("karakeep.json", {"https://example.com/k1": ("archived", True, ("x", "日本"))}),
        ("readwise.csv", {"https://example.com/r2": ("archived", True, ("it's",))}),
        ("matter.csv", {"https://example.com/m2": ("archived", True, ())}),
        (
            "bookmarks_firefox.html",
            {"https://vg.no/sak?a=1&b=2": ("unread", False, ("Norsk & nordisk", "Nyheter"))},
        ),
    ],
)
def test_each_link_format_keeps_state_favourite_and_tags(library, saver, fixture, expected):
    job = run_import(library, saver, FIXTURES / fixture)
    assert job.progress.state == "done"
    articles = by_url(library)
    for url, (state, favorite, tags) in expected.items():
        found = articles[url]
        assert (found.state, found.favorite, found.tags) == (state, favorite, tags)
        assert found.fetch_state == "queued"
    rows = report(job)
    assert len(rows) == job.progress.counts.total
    assert all(r["reason"] for r in rows if r["outcome"] in ("skipped", "problem"))


def test_progress_and_notes_come_through(library, saver):
    run_import(library, saver, FIXTURES / "readwise.csv")
    run_import(library, saver, FIXTURES / "karakeep.json")
    articles = by_url(library)
    assert articles["https://example.com/r1"].progress == 0.5
    assert articles["https://example.com/r1"].saved_at == "2022-11-06T04:33:50+00:00"
    assert library.notebook.article_note(articles["https://example.com/k1"].id) == "my note"


def test_a_wallabag_export_is_readable_offline_and_made_safe(library, saver):
    job = run_import(library, saver, FIXTURES / "wallabag.json")
    assert job.progress.counts.with_content == 1
    entry = by_url(library)["https://wallabag.org/annotation-test"]
    article = library.get(entry.id)
    assert article.fetch_state is None
    assert article.text == "Some content to annotate"
    assert "<script" not in article.content_html and "alert" not in article.content_html
    assert (article.state, article.favorite) == ("archived", True)
    assert article.saved_at == "2024-01-01T08:00:00+00:00"
    assert article.tags == ("wallabag", "æøå")
    marks = library.notebook.of_article(entry.id)
    placed = next(m for m in marks if m.note == "my imported annotation")
    assert placed.found and article.text[placed.start : placed.end] == "Some content"
    assert any(s.get("type") == "RangeSelector" for s in placed.other_selectors())
    assert placed.updated_at == "2024-01-03T18:30:00+00:00"
    assert library.search("annotate")[0].article.id == entry.id


def test_omnivore_and_readeck_exports_bring_their_articles(library, saver, tmp_path):
    run_import(library, saver, zip_folder("omnivore_zip", tmp_path))
    run_import(library, saver, zip_folder("readeck_zip", tmp_path))
    articles = by_url(library)
    omnivore = library.get(articles["https://example.com/o1"].id)
    assert "First paragraph of the article." in omnivore.text
    assert (omnivore.state, omnivore.progress, omnivore.author) == (
        "archived",
        0.42,
        "Ola Nordmann",
    )
    assert omnivore.published == "2024-02-28" and omnivore.tags == ("Newsletter", "æøå")
    assert articles["https://example.com/o2"].fetch_state == "queued"
    readeck = library.get(articles["https://example.com/rd1"].id)
    assert readeck.text == "The quoted words are here."
    assert (readeck.favorite, readeck.language, readeck.site) == (True, "nb", "Example")
    marks = library.notebook.of_article(readeck.id)
    assert marks and all(m.found for m in marks)


def test_newsreaders_own_zip_brings_its_images(library, saver, tmp_path):
    data = (FIXTURES / "newsreader_zip" / "images" / "one.png").read_bytes()
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr(
            "newsreader-export.json",
            json.dumps({"format": "newsreader-export", "version": 1, "articles": [{
                "url": "https://example.com/z1", "title": "Zipped",
                "content_file": "articles/1/content.html", "images": ["images/one.png"],
            }]}),
        )  # fmt: skip
        archive.writestr(
            "articles/1/content.html",
            '<p>From the file</p><figure><img src="images/one.png" alt="One">'
            "<figcaption>The caption</figcaption></figure>",
        )
        archive.writestr("images/one.png", data)
    job = run_import(library, saver, export)
    assert job.progress.counts.with_content == 1
    article = library.get(by_url(library)["https://example.com/z1"].id)
    assert article.text.startswith("From the file")
    stored = [image for image in article.images if image.file is not None]
    assert len(stored) == 1 and stored[0].file.read_bytes() == data
    assert stored[0].name in article.content_html
    assert (stored[0].caption, stored[0].alt) == ("The caption", "One")
    assert library.check(grace=0).clean


def test_an_item_already_in_the_library_is_merged_not_duplicated(library, saver, tmp_path):
    saved = library.save(content(1))  # https://example.no/a/1, with its text
    library.set_favorite(saved.article_id, True)
    before = library.get(saved.article_id)
    export = tmp_path / "pocket.csv"
    export.write_text(
        "title,url,time_added,tags,status\n"
        "Other title,http://www.example.no/a/1?utm_source=x,1262304000,later|ideas,archive\n",
        encoding="utf-8",
    )
    job = run_import(library, saver, export, fetch=True)
    assert job.progress.counts.merged == 1 and job.progress.counts.total == 1
    assert library.count() == 1
    after = library.get(saved.article_id)
    assert after.title == before.title and after.text == before.text  # its own copy stays
    assert after.fetch_state is None
    assert (after.state, after.favorite) == ("archived", True)
    assert after.saved_at == "2010-01-01T00:00:00+00:00"  # the earlier date
    assert after.tags == ("ideas", "later")
    assert report(job)[0]["reason"] == f"in the library already (article {saved.article_id})"


def test_importing_the_same_file_twice_adds_nothing(library, saver):
    run_import(library, saver, FIXTURES / "newsreader.json")
    first = {a.id: a for a in library.list("all")}
    highlights = library.notebook.count()
    again = run_import(library, saver, FIXTURES / "newsreader.json")
    assert again.progress.counts.merged == 1
    assert {a.id: a for a in library.list("all")} == first
    assert library.notebook.count() == highlights >= 1


def test_extra_tags_and_a_file_that_cannot_be_read(library, saver, tmp_path):
    run_import(library, saver, FIXTURES / "urls.txt", tags=("from-file",))
    assert all("from-file" in a.tags for a in library.list("all"))
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01\x02" * 100)
    job = run_import(library, saver, junk)
    assert job.progress.state == "failed" and job.job_id is None
    assert job.progress.message == "a binary file, not an export or a list of links"
    missing = run_import(library, saver, tmp_path / "nowhere.csv")
    assert missing.progress.message.startswith("cannot read")


def test_entries_are_written_in_batches_and_resume_after_the_last(library, saver, tmp_path):
    export = tmp_path / "big.csv"
    rows = [
        f"Title {n},https://example.com/big/{n},1600000000,t{n % 7},unread" for n in range(2000)
    ]
    export.write_text("title,url,time_added,tags,status\n" + "\n".join(rows) + "\n")
    job = run_import(library, saver, export)
    assert job.progress.counts.link_only == 2000
    assert library.count() == 2000
    assert library.search("title 1999")[0].article.url == "https://example.com/big/1999"
    assert library.count(tag="t3") == len([n for n in range(2000) if n % 7 == 3])
    assert ImportJob.unfinished(library) == []


def test_is_linkonly_finds_the_entries_without_their_text(library, saver):
    run_import(library, saver, FIXTURES / "wallabag.json")
    found = [hit.article.url for hit in library.search("is:linkonly")]
    assert found == ["https://example.com/w3"]  # the other came with its content
    assert [hit.article.url for hit in library.search("-is:linkonly")] == [
        "https://wallabag.org/annotation-test"
    ]


def _big_pocket(path: Path, rows: int) -> Path:
    lines = [f"Title {n},https://example.com/big/{n},1600000000,,unread" for n in range(rows)]
    path.write_text("title,url,time_added,tags,status\n" + "\n".join(lines) + "\n")
    return path


def _stopped_after_the_first_batch(library: Library, saver, path: str) -> int:
    """A job of ``path`` left unfinished (as by quitting) with one batch written."""
    job = ImportJob(library, saver, path, fetch=False)
    job.pause()  # reading holds after each batch while paused
    job.start()
    deadline = time.monotonic() + 30
    while job.progress.counts.total < BATCH:
        assert time.monotonic() < deadline, "the first batch was not written"
        time.sleep(0.02)
    job.close()
    assert ImportJob.unfinished(library) == [job.job_id]
    assert library.count() == BATCH
    return job.job_id


def test_a_job_resumed_from_another_folder_reads_the_rest_of_its_file(
    library, saver, tmp_path, monkeypatch
):
    start = tmp_path / "start"
    start.mkdir()
    _big_pocket(start / "pocket.csv", BATCH + 300)
    monkeypatch.chdir(start)
    job_id = _stopped_after_the_first_batch(library, saver, "pocket.csv")
    monkeypatch.chdir(tmp_path)
    job = ImportJob(library, saver, job_id=job_id)
    job.start()
    assert job.wait(60)
    assert job.progress.state == "done" and job.progress.counts.problems == 0
    assert library.count() == BATCH + 300


def test_a_job_whose_file_is_gone_waits_for_it_to_be_back(library, saver, tmp_path, capsys):
    export = _big_pocket(tmp_path / "pocket.csv", BATCH + 300)
    job_id = _stopped_after_the_first_batch(library, saver, str(export))
    moved = export.rename(tmp_path / "elsewhere.csv")
    job = ImportJob(library, saver, job_id=job_id)
    job.start()
    assert job.wait(60)
    progress = job.progress
    assert progress.state == "reading" and ImportJob.unfinished(library) == [job_id]
    assert progress.message.startswith(f"cannot read {export}: No such file")
    assert "\n" not in progress.message
    assert library.count() == BATCH and progress.counts.problems == 0
    # The command line says why, in one line, and leaves it to resume.
    root = str(library.paths.root)
    assert main(["--library", root, "import", "--resume"]) == 1
    err = capsys.readouterr().err
    assert f"newsreader: import {job_id} cannot go on: cannot read {export}" in err
    assert ImportJob.unfinished(library) == [job_id]
    moved.rename(export)  # back: the rest comes in
    assert main(["--library", root, "import", "--resume"]) == 0
    assert ImportJob.unfinished(library) == []
    assert library.count() == BATCH + 300
    # Counted on from the items done before, out of the job's total.
    err = capsys.readouterr().err
    assert f"[{BATCH + 1}/{BATCH + 300}] " in err and "[1/" not in err
    assert f"[{BATCH + 300}/{BATCH + 300}] " in err


def test_the_summary_lists_only_the_first_items_left_out(library, tmp_path, capsys):
    links = tmp_path / "links.txt"
    links.write_text("".join(f"https://example.com/many/{n}\n" for n in range(30)))
    assert main(["--library", str(library.paths.root), "import", "--no-fetch", str(links)]) == 0
    err = capsys.readouterr().err
    summary = err[err.index("\nImported 30 item(s)") :]
    assert summary.count("\n  link only: ") == 20
    assert "\n  … and 10 more (see the report)\n" in summary


def test_a_readeck_exports_images_come_from_its_container(library, saver, tmp_path):
    # Readeck's layout (internal/bookmarks/container.go): the article's images are the
    # container's _resources/ files, named ./_resources/<name> by its index.html.
    data = (FIXTURES / "newsreader_zip" / "images" / "one.png").read_bytes()
    export = tmp_path / "readeck.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("data.json", json.dumps({"Bookmarks": [{"UID": "AbC"}]}))
        archive.writestr(
            "bookmarks/AbC/info.json",
            json.dumps({"UID": "AbC", "URL": "https://example.com/pictured", "Title": "Pictured"}),
        )
        archive.writestr(
            "bookmarks/AbC/container/index.html",
            "<section><p>Words beside a picture.</p><figure>"
            '<img src="./_resources/Xy12.png" alt="The picture">'
            "<figcaption>Its caption</figcaption></figure></section>",
        )
        archive.writestr("bookmarks/AbC/container/_resources/Xy12.png", data)
    job = run_import(library, saver, export, format_id="readeck")
    assert job.progress.counts.with_content == 1
    article = library.get(by_url(library)["https://example.com/pictured"].id)
    (image,) = article.images
    assert image.file is not None and image.file.read_bytes() == data
    assert (image.alt, image.caption) == ("The picture", "Its caption")
    assert image.name in article.content_html
    assert library.check(grace=0).clean


def test_cancel_while_reading_still_writes_the_rest_of_the_file(library, saver, tmp_path):
    export = _big_pocket(tmp_path / "pocket.csv", 3 * BATCH + 7)
    job = ImportJob(library, saver, str(export), fetch=True)
    job.pause()  # reading holds after the first batch
    job.start()
    deadline = time.monotonic() + 30
    while job.progress.counts.total < BATCH:
        assert time.monotonic() < deadline, "the first batch was not written"
        time.sleep(0.02)
    job.cancel()
    assert job.wait(60)
    progress = job.progress
    assert progress.state == "cancelled"
    assert (progress.counts.total, progress.counts.link_only) == (3 * BATCH + 7,) * 2
    assert library.count() == 3 * BATCH + 7
    assert len(report(job)) == 3 * BATCH + 7


def test_the_report_gives_a_spreadsheet_no_formula_to_run(library, saver, tmp_path):
    export = tmp_path / "pocket.csv"
    titles = ['=HYPERLINK("http://evil.example")', "+1+2", "-3", "@SUM(A1)", "Plain"]
    rows = [f'"{t.replace(chr(34), 2 * chr(34))}",https://example.com/f/{n},1600000000,,unread'
            for n, t in enumerate(titles)]  # fmt: skip
    export.write_text("title,url,time_added,tags,status\n" + "\n".join(rows) + "\n")
    job = run_import(library, saver, export)
    shown = [row["title"] for row in report(job)]
    assert shown == [f"'{t}" for t in titles[:-1]] + ["Plain"]


def test_the_report_shows_links_that_are_no_web_addresses_as_given(library, tmp_path):
    links = ["javascript:alert(1)", "ftp://user:secret@files.example/x", "/relative/path"]
    job_id = import_jobs.create(library, str(tmp_path / "bookmarks.html"), "netscape", False, ())
    records = [fields.not_a_web_link(f"line {n}", url) for n, url in enumerate(links, 1)]
    records.append(ImportedItem("mailto:x@y.z", line="line 4"))
    write_batch(library, job_id, 0, records, fetch=False)
    with write_report(library, job_id).open(encoding="utf-8-sig", newline="") as handle:
        rows = [(r["url"], r["outcome"], r["reason"]) for r in csv.DictReader(handle)]
    assert rows[:3] == [
        ("javascript:alert(1)", "skipped", "a javascript: link, not a web page"),
        ("ftp://files.example/x", "skipped", "a ftp: link, not a web page"),  # no password
        ("/relative/path", "skipped", "a relative link, not a web address"),
    ]
    assert rows[3][:2] == ("mailto:x@y.z", "skipped")
    assert library.count() == 0


def test_importing_a_file_again_does_not_undo_the_persons_changes(library, saver, tmp_path):
    export = tmp_path / "pocket.csv"
    export.write_text(
        "title,url,time_added,tags,status\n"
        "Kept,https://example.com/kept,1600000000,one|two,archive\n"
    )
    run_import(library, saver, export)
    (article,) = library.list("all")
    assert (article.state, article.tags) == ("archived", ("one", "two"))
    library.set_state(article.id, "unread")  # the person's changes after the import
    library.set_tags(article.id, ["one"])
    again = run_import(library, saver, export, tags=("second-run",))
    assert again.progress.counts.total == 1 and library.count() == 1
    after = library.get(article.id)
    assert after.state == "unread"
    assert after.tags == ("one", "second-run")  # the import's own extra tag only
    # A new row of the same file is imported in full.
    export.write_text(export.read_text() + "New,https://example.com/new,1600000000,three,archive\n")
    run_import(library, saver, export)
    new = next(a for a in library.list("all") if a.url == "https://example.com/new")
    assert (new.state, new.tags) == ("archived", ("three",))


def test_a_highlight_removed_after_an_import_stays_removed(library, saver):
    run_import(library, saver, FIXTURES / "newsreader.json")
    (mark,) = library.notebook.of_article(library.list("all")[0].id)
    library.notebook.delete([mark.id])
    run_import(library, saver, FIXTURES / "newsreader.json")
    assert library.notebook.count() == 0
