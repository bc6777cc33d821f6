"""The command line: output formats, exit statuses and one-line errors."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsreader.capture.url_lists import read_url_list
from newsreader.cli import main
from newsreader.library.library import Library
from tests.conftest import SEED_PAGE

OTHER = """<html lang="en"><head><title>Quiet harbour</title></head><body><article>
<h1>Quiet harbour</h1><p>The harbour was quiet this morning when the fishing boats came
back with a small catch, and the people on the pier talked about the weather for hours.</p>
<p>Later the wind picked up and the boats stayed in, which nobody minded very much at all,
since the coffee at the harbour café was as good as it had always been.</p></article>
</body></html>"""


@pytest.fixture
def lib(tmp_path):
    return str(tmp_path / "lib")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_prints_id_and_title_and_reports_failures_on_stderr(server, lib, capsys):
    other = server.page("/harbour", OTHER)
    code, out, err = run(
        capsys,
        "--library",
        lib,
        "add",
        server.url(SEED_PAGE),
        other,
        server.url("/gone"),
        "gopher://old",
    )
    assert code == 1
    # Saves run in parallel, so ids follow completion; lines follow the arguments.
    lines = [line.split("\t") for line in out.splitlines()]
    assert [title for _, title in lines] == [
        "Kjendiser støtter mobbeofferet Keaton Jones",
        "Quiet harbour",
    ]
    assert sorted(int(article_id) for article_id, _ in lines) == [1, 2]
    assert err.splitlines() == [
        f"newsreader: {server.url('/gone')}: HTTP 404 Not Found",
        "newsreader: gopher://old: only http and https URLs can be saved, not 'gopher'",
    ]


def test_add_all_good_exits_zero(server, lib, capsys):
    code, out, err = run(capsys, "--library", lib, "add", server.page("/h", OTHER), "-t", "sjø")
    assert (code, err) == (0, "")
    code, out, _ = run(capsys, "--library", lib, "list", "--json")
    assert json.loads(out)[0]["tags"] == ["sjø"]


def test_import_shows_progress_and_a_summary_naming_every_failure(server, lib, tmp_path, capsys):
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "# my reading list\n"
        f"{server.url(SEED_PAGE)}\n\n"
        f"{server.page('/harbour', OTHER)}\n"
        f'"Pocket export",{server.url("/missing")},1512990000\n'
        "this line is no url\n"
        "ftp://example.invalid/file\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "--library", lib, "import", str(listing))
    assert code == 0  # the file was read; what became of each link is in the report
    assert len(out.splitlines()) == 2
    assert "[5/5]" in err
    assert "Imported 5 item(s) from" in err
    assert "(list of links): 2 fetched, 1 link only, 1 skipped, 1 not read" in err
    assert "not read: file — 1 line(s) held no link" in err
    assert f"link only: {server.url('/missing')} — HTTP 404 Not Found" in err
    assert (
        "skipped: ftp://example.invalid/file — not a web address: "
        "only http and https URLs can be saved"
    ) in err
    report = err.rsplit("Report: ", 1)[1].strip()
    assert report.endswith("import-1.csv") and Path(report).is_file()
    # The dead link stays in the library as a link only, with its reason.
    code, out, _ = run(capsys, "--library", lib, "list")
    assert f"{server.url('/missing')}  [link only: HTTP 404 Not Found]" in out


def test_import_from_stdin(server, lib, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(server.page("/harbour", OTHER) + "\n"))
    code, out, err = run(capsys, "--library", lib, "import", "-")
    assert code == 0, err
    assert out == "1\tQuiet harbour\n"
    assert "(list of links): 1 fetched" in err


def test_import_of_a_missing_file(lib, capsys):
    code, _out, err = run(capsys, "--library", lib, "import", "/no/such/file.txt")
    assert code == 1
    assert err == "newsreader: cannot read /no/such/file.txt: No such file or directory\n"


def test_read_url_list_takes_urls_out_of_csv_and_skips_duplicates():
    text = (
        "url,title\nhttps://a.no/1,Første\nhttps://a.no/1\n# note\n"
        '  https://b.no/x).  \n<a href="https://c.no/y?id=2">C</a>\nhttps://d.no/a,b\n'
    )
    assert read_url_list(io.StringIO(text)) == (
        ["https://a.no/1", "https://b.no/x", "https://c.no/y?id=2", "https://d.no/a"],
        1,  # the CSV header
    )


def test_a_bookmarks_file_gives_its_links_and_skips_its_markup():
    text = (
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<TITLE>Bookmarks</TITLE>\n<DL><p>\n"
        '<DT><A HREF="https://www.vg.no/a/1" ADD_DATE="1">Sak</A>\n</DL><p>\nvg.no/nyheter/2\n'
    )
    assert read_url_list(io.StringIO(text)) == (["https://www.vg.no/a/1", "vg.no/nyheter/2"], 4)


def test_importing_a_binary_file_is_refused(lib, tmp_path, capsys):
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\nabc.def\n")
    code, out, err = run(capsys, "--library", lib, "import", str(binary))
    assert (code, out) == (1, "")
    assert (
        err
        == f"newsreader: cannot import {binary}: a binary file, not an export or a list of links\n"
    )


@pytest.fixture
def two_articles(server, lib, capsys):
    """Article 1 is the seed, article 2 the harbour story."""
    assert run(capsys, "--library", lib, "add", server.url(SEED_PAGE))[0] == 0
    harbour = OTHER.replace("<head>", '<head><meta property="og:site_name" content="Harbour News">')
    assert run(capsys, "--library", lib, "add", server.page("/harbour", harbour))[0] == 0
    return lib


def test_list_and_states(two_articles, capsys):
    lib = two_articles
    code, out, _ = run(capsys, "--library", lib, "list")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["2", "1"]
    assert run(capsys, "--library", lib, "archive", "1")[1] == "archived 1\n"
    assert run(capsys, "--library", lib, "favorite", "2")[0] == 0
    listed = json.loads(run(capsys, "--library", lib, "list", "--json")[1])
    assert [(a["id"], a["favorite"]) for a in listed] == [(2, True)]
    archived = json.loads(run(capsys, "--library", lib, "list", "--state", "archived", "--json")[1])
    assert [a["id"] for a in archived] == [1]
    assert (
        len(json.loads(run(capsys, "--library", lib, "list", "--state", "all", "--json")[1])) == 2
    )


def test_article_json_has_the_documented_fields(two_articles, capsys):
    article = json.loads(run(capsys, "--library", two_articles, "show", "1", "-f", "json")[1])
    for key in (
        "id",
        "url",
        "title",
        "author",
        "site",
        "published",
        "language",
        "saved_at",
        "word_count",
        "state",
        "favorite",
        "tags",
        "images",
        "text",
    ):
        assert key in article, key
    for image in article["images"]:
        assert {"file", "alt", "caption", "width", "height"} <= image.keys()
        assert image["file"].startswith("/")


def test_show_formats(two_articles, capsys, tmp_path):
    lib = two_articles
    text = run(capsys, "--library", lib, "show", "2")[1]
    assert text.startswith("Quiet harbour\n")
    assert "harbour café was as good" in text
    markdown = run(capsys, "--library", lib, "show", "1", "--format", "markdown")[1]
    # The Markdown export's text: front matter, then the article.
    assert markdown.startswith('---\ntitle: "Kjendiser støtter mobbeofferet Keaton Jones"\n')
    assert "\n---\n\n# Kjendiser støtter mobbeofferet Keaton Jones\n" in markdown
    assert "## Trøst fra kjendiser" in markdown
    # Portable: images link to where they were saved from, not into the library folder.
    assert "![Justin Bieber](http://127.0.0.1:" in markdown
    assert "file:" not in markdown and str(tmp_path) not in markdown
    html = run(capsys, "--library", lib, "show", "1", "--format", "html")[1]
    assert '<html lang="nb">' in html
    # Images inside the page as data: URIs; nothing points into the library folder.
    assert "<base" not in html and "file:" not in html and str(tmp_path) not in html
    assert html.count('src="data:image/jpeg;base64,') >= 2
    assert "<h2>Trøst fra kjendiser</h2>" in html
    assert "Content-Security-Policy" in html


def test_search_output(two_articles, capsys):
    code, out, _ = run(capsys, "--library", two_articles, "search", "harbour")
    assert code == 0
    assert out.splitlines()[0] == "     2  Quiet harbour — Harbour News"
    assert "**harbour**" in out
    code, out, err = run(capsys, "--library", two_articles, "search", "zebra")
    assert (code, out, err) == (1, "", "newsreader: no matches\n")
    hits = json.loads(
        run(capsys, "--library", two_articles, "search", "Bieber", "-n", "1", "--json")[1]
    )
    assert hits[0]["id"] == 1
    start, end = hits[0]["highlights"][0]
    assert hits[0]["snippet"][start:end] == "Bieber"


def test_delete(two_articles, capsys):
    code, out, err = run(capsys, "--library", two_articles, "delete", "1", "7")
    assert code == 1
    assert out == "deleted 1\n"
    assert err == "newsreader: no article with id 7\n"
    with Library(two_articles) as library:
        assert library.ids() == [2]
        assert library.check().clean


def test_tag_command(two_articles, capsys):
    added = run(capsys, "--library", two_articles, "tag", "1", "-a", "mobbing", "-a", "usa")
    assert added[:2] == (0, "1\tmobbing, usa\n")
    assert run(capsys, "--library", two_articles, "tag", "1", "-r", "USA")[:2] == (
        0,
        "1\tmobbing\n",
    )
    assert run(capsys, "--library", two_articles, "tag", "1")[0] == 2  # nothing asked
    article = json.loads(run(capsys, "--library", two_articles, "show", "1", "-f", "json")[1])
    assert article["tags"] == ["mobbing"]


def test_reextract_reports_what_changed(two_articles, capsys):
    code, out, err = run(capsys, "--library", two_articles, "reextract")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("1\tKjendiser støtter mobbeofferet Keaton Jones\twords ")
    assert "images 3 → 3" in lines[0]
    assert lines[-1].startswith("2 of 2 articles changed; words ") or lines[-1].startswith(
        "0 of 2 articles changed; words "
    )
    assert "[2/2]" in err
    # Run again: the rules are the same, so nothing changes, and JSON says so.
    code, out, err = run(capsys, "--library", two_articles, "reextract", "1", "--json")
    assert code == 0, err
    [report] = json.loads(out)
    assert report["id"] == 1
    assert report["changed"] is False
    assert report["words"][0] == report["words"][1] > 500
    assert report["images"] == [3, 3]
    assert report["images_gained"] == report["images_lost"] == []
    assert report["partial"] == [False, False]
    assert report["paywall"] == [None, None]


def test_check_and_repair(two_articles, capsys):
    assert run(capsys, "--library", two_articles, "check") == (0, "library is consistent\n", "")
    with Library(two_articles) as library:
        stray = library.paths.images / "ff" / "stray.jpg"
        stray.parent.mkdir()
        stray.write_bytes(b"x")
        # Younger files may belong to a save still in flight in another process.
        an_hour_ago = time.time() - 3600
        os.utime(stray, (an_hour_ago, an_hour_ago))
        lost = library.get(1).images[0].file
        lost.unlink()
    code, out, err = run(capsys, "--library", two_articles, "check")
    assert code == 1
    assert "orphaned file: images/ff/stray.jpg" in out
    assert "missing file: images/" in out and "(article 1)" in out
    assert "check --repair" in err
    code, out, _ = run(capsys, "--library", two_articles, "check", "--repair")
    assert "removed: images/ff/stray.jpg" in out
    assert code == 1  # the missing file is still missing: only a re-fetch brings it back
    assert not stray.exists()


def test_reading_commands_do_not_create_a_library(lib, capsys):
    code, out, err = run(capsys, "list", "--library", lib)  # options after the command work too
    assert (code, out) == (1, "")
    assert err == f"newsreader: no library at {lib} (saving an article creates one)\n"
    assert not os.path.exists(lib)


def test_usage_errors_are_one_line(lib, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["list", "--state", "foo"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("newsreader: argument --state: invalid choice: 'foo'")


def test_unknown_article_is_one_line(server, lib, capsys):
    assert run(capsys, "--library", lib, "add", server.page("/h", OTHER))[0] == 0
    assert run(capsys, "--library", lib, "show", "42") == (
        1,
        "",
        "newsreader: no article with id 42\n",
    )


def test_a_newer_library_is_refused_in_one_line(lib, capsys):
    Library(lib).close()
    conn = sqlite3.connect(f"{lib}/library.sqlite3")
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    code, _out, err = run(capsys, "--library", lib, "list")
    assert code == 1
    assert err.count("\n") == 1
    assert "newer newsreader" in err


def test_module_entry_point_and_environment_variable(server, tmp_path):
    env_lib = tmp_path / "from-env"
    env = {"NEWSREADER_LIBRARY": str(env_lib), "PATH": "/usr/bin:/bin", "NO_PROXY": "127.0.0.1"}
    done = subprocess.run(
        [sys.executable, "-m", "newsreader", "add", server.page("/h", OTHER)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "1\tQuiet harbour\n"
    assert (env_lib / "library.sqlite3").is_file()
    version = subprocess.run(
        [sys.executable, "-m", "newsreader", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert version.stdout.startswith("newsreader ")


TOO_LARGE = ("9223372036854775808", "99999999999999999999999", str(2**64))
NOT_NUMBERS = ("abc", "1.5", "0x10", "", "\uff10\uff11", "\u0661", "1_000")


@pytest.mark.parametrize(
    ("argv", "what"),
    [
        *((["show", value], "argument id") for value in (*TOO_LARGE, "-1", "0", *NOT_NUMBERS)),
        *((["delete", "1", value], "argument ID") for value in (*TOO_LARGE, "-7")),
        *((["archive", value], "argument ID") for value in (*TOO_LARGE, "0")),
        *((["favorite", value, "--undo"], "argument ID") for value in TOO_LARGE),
        *((["tag", value, "--add", "x"], "argument ID") for value in (*TOO_LARGE, "-2")),
        *((["reextract", value], "argument ID") for value in TOO_LARGE),
        *((["list", "--limit", value], "argument --limit") for value in (*TOO_LARGE, "-5")),
        *((["search", "x", "--limit", value], "argument --limit/-n") for value in TOO_LARGE),
        *((["search", "x", "--offset", value], "argument --offset") for value in TOO_LARGE),
        *((["search", "x", "--offset", value], "argument --offset") for value in ("-1", "zz")),
    ],
)
def test_numbers_out_of_range_are_one_line_usage_errors(lib, capsys, argv, what):
    with pytest.raises(SystemExit) as exit_info:
        main(["--library", lib, *argv])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"newsreader: {what}: ")
    assert "Traceback" not in err and "internal error" not in err
    assert any(words in err for words in ("too large", "too small", "not a whole number"))


@pytest.mark.parametrize("value", ["9223372036854775807", "1"])
def test_the_largest_numbers_sqlite_holds_are_accepted(two_articles, capsys, value):
    lib = two_articles
    code, out, err = run(capsys, "--library", lib, "show", value)
    if value == "1":
        assert code == 0 and out
    else:
        assert (code, err) == (1, f"newsreader: no article with id {value}\n")
    # The one match is skipped either way: nothing left to show.
    code, out, err = run(capsys, "--library", lib, "search", "harbour", "--offset", value)
    assert (code, out, err) == (1, "", "newsreader: no matches\n")
    code, out, err = run(capsys, "--library", lib, "list", "--limit", value, "--state", "all")
    assert code == 0 and len(out.splitlines()) == (2 if value != "1" else 1)


def _page_missing(count: int) -> str:
    figures = "".join(
        f'<figure><img src="/missing-{i}.jpg" alt="Picture {i}"></figure>' for i in range(count)
    )
    return OTHER.replace("</h1>", f"</h1>{figures}").replace("Quiet harbour", f"Harbour {count}")


@pytest.mark.parametrize("count", [1, 2, 3])
def test_add_names_missing_images_in_the_right_number(server, lib, capsys, count):
    url = server.page(f"/images-{count}", _page_missing(count))
    code, out, err = run(capsys, "--library", lib, "add", url)
    images = "1 image" if count == 1 else f"{count} images"
    assert (code, out.split("\t")[1]) == (0, f"Harbour {count}\n")
    assert err == f"newsreader: {url}: {images} could not be stored\n"


def test_add_prints_results_in_input_order_on_one_merged_stream(server, tmp_path):
    """stdout and stderr together (as a terminal shows them) follow the arguments,
    whichever save finishes first: a slow page first, failures between."""
    page = server.page("/slow-source", OTHER.replace("Quiet harbour", "Slow harbour"))
    fast = server.routes["/slow-source"]

    def slow(handler) -> None:
        time.sleep(1.5)
        fast(handler)

    server.routes["/slow"] = slow
    del page
    urls = [
        server.url("/slow"),
        server.url("/gone-1"),
        server.page("/harbour", OTHER),
        "gopher://old",
        server.page("/h1", _page_missing(1)),
        server.url("/gone-2"),
    ]
    env = {**os.environ, "NO_PROXY": "127.0.0.1"}
    done = subprocess.run(
        [sys.executable, "-m", "newsreader", "--library", str(tmp_path / "lib"), "add", *urls],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1
    lines = [line.split("\t")[-1] for line in done.stdout.splitlines()]
    assert lines == [
        "Slow harbour",
        f"newsreader: {urls[1]}: HTTP 404 Not Found",
        "Quiet harbour",
        "newsreader: gopher://old: only http and https URLs can be saved, not 'gopher'",
        "Harbour 1",
        f"newsreader: {urls[4]}: 1 image could not be stored",
        f"newsreader: {urls[5]}: HTTP 404 Not Found",
    ]


@pytest.mark.parametrize(
    "filters",
    [
        ("--state", "archived"),
        ("--tag", "ingen"),
        ("--state", "unread", "--tag", "sjø"),
        ("--state", "all", "--tag", "ingen"),
    ],
)
def test_list_with_nothing_to_list_exits_as_search_does(server, lib, capsys, filters):
    # A library with one unread, untagged article, which the filters leave out.
    run(capsys, "--library", lib, "add", server.page("/h", OTHER))
    searched = run(capsys, "--library", lib, "search", "finnesikke")
    assert searched == (1, "", "newsreader: no matches\n")
    assert run(capsys, "--library", lib, "list", *filters) == searched
    code, out, _ = run(capsys, "--library", lib, "list", "--json", *filters)
    assert (code, json.loads(out)) == (1, [])
    assert run(capsys, "--library", lib, "list")[0] == 0
