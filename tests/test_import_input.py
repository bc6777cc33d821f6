"""`newsreader import FILE` reads its file with bounded memory and a size cap.

Endless input (/dev/zero, a FIFO that never stops), a huge file, one giant line and
binary junk each end in one clear line, in a real subprocess whose peak memory is
measured (``ru_maxrss`` of the children of a small wrapper process, so that nothing
else this test session started is counted).
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from newsreader.capture import url_lists
from newsreader.capture.url_lists import read_url_stream
from newsreader.errors import NewsreaderError

ROOT = Path(__file__).resolve().parent.parent
# Runs the command given to it and prints its exit status, output and peak memory.
_WRAPPER = """
import json, resource, subprocess, sys
stdin = open(sys.argv[1], "rb") if sys.argv[1] != "" else subprocess.DEVNULL
done = subprocess.run(sys.argv[2:], stdin=stdin, capture_output=True, text=True, timeout=60)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps([done.returncode, done.stdout, done.stderr, peak]))
"""
# Reading a list needs next to no memory beyond the interpreter; a reader that kept a
# whole giant line (32 MB here) would need several times this much on top.
_MARGIN_KB = 24 * 1024


def _import(file: str, stdin: str = "") -> tuple[int, str, str, int]:
    """``newsreader import FILE`` in a subprocess: (exit status, stdout, stderr, peak KB)."""
    command = [sys.executable, "-m", "newsreader", "import", file]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    wrapper = subprocess.run(
        [sys.executable, "-c", _WRAPPER, stdin, *command],
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
        check=True,
    )
    code, out, err, peak = json.loads(wrapper.stdout)
    return code, out, err, peak


@pytest.fixture(scope="module")
def baseline_kb(tmp_path_factory) -> int:
    """Peak memory of an import of an empty file: the interpreter and its imports."""
    empty = tmp_path_factory.mktemp("empty") / "empty.txt"
    empty.write_text("")
    code, _, err, peak = _import(str(empty))
    assert code == 1
    assert err.strip() == f"newsreader: cannot import {empty}: an empty file: nothing to import"
    return peak


def _one_clear_line(err: str, reason: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("newsreader: ") and reason in lines[0], err
    assert "Traceback" not in err


def test_endless_zeros_are_refused_at_once(baseline_kb):
    code, _, err, peak = _import("/dev/zero")
    assert code == 1
    _one_clear_line(err, "not a text file")
    assert peak < baseline_kb + _MARGIN_KB


def test_endless_zeros_on_standard_input_are_refused(baseline_kb):
    code, _, err, peak = _import("-", stdin="/dev/zero")
    assert code == 1
    _one_clear_line(err, "not a text file")
    assert peak < baseline_kb + _MARGIN_KB


def test_a_file_over_the_cap_is_refused_before_it_is_read(tmp_path, baseline_kb):
    for size in (url_lists.MAX_FILE_BYTES + 1, 4 * url_lists.MAX_FILE_BYTES):
        huge = tmp_path / f"huge-{size}.txt"
        with huge.open("wb") as handle:  # sparse: takes no disk, reads as zeros
            handle.truncate(size)
        code, _, err, peak = _import(str(huge))
        assert code == 1
        # A regular file is recognised by its first 64 KB (imports.detect): these
        # zeros are no export and no list, whatever follows them.
        _one_clear_line(err, "a binary file")
        assert peak < baseline_kb + _MARGIN_KB


def test_one_giant_line_is_read_in_pieces(tmp_path, baseline_kb):
    giant = tmp_path / "one-line.txt"
    with giant.open("w") as handle:
        for _ in range(32):
            handle.write("ord og flere ord " * 62_000)  # 32 MB, no newline, no URL
    code, _, err, peak = _import(str(giant))
    assert code == 1
    _one_clear_line(err, f"cannot import {giant}: a text file without links")
    assert peak < baseline_kb + _MARGIN_KB


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_binary_junk_is_refused(tmp_path, seed, baseline_kb):
    rnd = random.Random(seed)
    junk = tmp_path / "junk.bin"
    if seed == 3:  # no NUL byte at all: control characters give it away
        junk.write_bytes(bytes(rnd.choice(range(1, 32)) for _ in range(200_000)))
    else:
        junk.write_bytes(rnd.randbytes(2_000_000))
    code, _, err, peak = _import(str(junk))
    assert code == 1
    # A NUL byte says binary at once; control characters alone leave text without links.
    _one_clear_line(err, "a text file without links" if seed == 3 else "a binary file")
    assert peak < baseline_kb + _MARGIN_KB


def test_an_endless_fifo_ends_at_the_cap(tmp_path, baseline_kb):
    fifo = tmp_path / "endless"
    os.mkfifo(fifo)
    stop = threading.Event()

    def feed() -> None:
        line = b"en linje uten noen lenke i seg\n" * 1000
        try:
            with open(fifo, "wb") as handle:
                while not stop.is_set():
                    handle.write(line)
        except BrokenPipeError:
            pass  # the reader stopped reading: what is tested

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        code, _, err, peak = _import(str(fifo))
    finally:
        stop.set()
    writer.join(timeout=10)
    assert not writer.is_alive()
    assert code == 1
    _one_clear_line(err, "larger than 50 MB")
    assert peak < baseline_kb + _MARGIN_KB


# --- reading pieces: the same URLs as line by line -------------------------------------------
def _read(data: bytes) -> tuple[list[str], int]:
    return read_url_stream(io.BytesIO(data))


def test_urls_on_a_line_longer_than_a_piece_are_all_found(monkeypatch):
    monkeypatch.setattr(url_lists, "MAX_LINE_BYTES", 64)
    for filler in ("ord ", '<a href="x">', ",", "\t"):
        urls = [f"https://x.example/artikkel/{n}" for n in range(40)]
        line = "".join(filler * (n % 7) + f'"{url}"' for n, url in enumerate(urls))
        found, _ = _read(line.encode())
        assert found == urls, filler


def test_a_run_longer_than_a_piece_with_no_separator_is_dropped(monkeypatch):
    monkeypatch.setattr(url_lists, "MAX_LINE_BYTES", 64)
    data = b"https://x.example/a\n" + b"x" * 1000 + b" https://x.example/b\n" + b"y" * 64
    assert _read(data)[0] == ["https://x.example/a", "https://x.example/b"]


def test_a_bom_is_skipped_and_bad_utf8_replaced():
    data = b"\xef\xbb\xbfhttps://x.example/a\n\xff\xfe https://x.example/\xc3\xa6\n"
    assert _read(data)[0] == ["https://x.example/a", "https://x.example/æ"]


def test_the_stream_cap_and_the_url_cap(monkeypatch):
    monkeypatch.setattr(url_lists, "MAX_FILE_BYTES", 1000)
    with pytest.raises(NewsreaderError, match="larger than"):
        _read(b"ingen lenke\n" * 200)
    monkeypatch.setattr(url_lists, "MAX_URLS", 10)
    lines = b"".join(b"https://x.example/%d\n" % n for n in range(11))
    with pytest.raises(NewsreaderError, match="more than 10 URLs"):
        _read(lines)
    assert len(_read(lines[: lines.index(b"https://x.example/10")])[0]) == 10


def test_lines_read_as_before():
    text = (
        "url,title\n"
        "https://www.vg.no/a/1,Første\n"
        '<DT><A HREF="https://x.example/b" ADD_DATE="1">B</A>\n'
        "# a comment\n\n"
        "vg.no/nyheter/2\n"
        "https://www.vg.no/a/1\n"
    )
    assert _read(text.encode()) == (
        ["https://www.vg.no/a/1", "https://x.example/b", "vg.no/nyheter/2"],
        1,
    )


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("vg.no/nyheter/2", True),
        ("www.vg.no", True),
        ("vg.no:443/sak?id=1#x", True),
        ("vg.no/sak.html", True),
        ("ftp://x.example/fil", True),
        ("url,title", False),
        ("mappe/fil.html", False),  # a path, not an address: its dot is the path's
        ("Første linje uten adresse.", False),
    ],
)
def test_address_like_lines_are_kept_to_fail_with_a_reason(line, kept):
    assert (_read(line.encode())[0] == [line]) == kept


# --- what people's files hold -------------------------------------------------------------
def test_a_bookmarks_files_entities_are_read_as_a_browser_reads_its_attributes():
    data = (
        b"<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
        b'<DT><A HREF="https://x.example/sak?id=2&amp;side=3" ADD_DATE="1">A</A>\n'
        b'<DT><A HREF="https://x.example/s?q=r&#248;d&#x26;x=1">B</A>\n'
        b'<DT><A HREF="https://x.example/t?a=1&not=2&copy=3">C</A>\n'
    )
    assert _read(data)[0] == [
        "https://x.example/sak?id=2&side=3",
        "https://x.example/s?q=rød&x=1",
        "https://x.example/t?a=1&not=2&copy=3",  # no ";": left as written
    ]
    # In a plain list the same text is the address itself.
    assert _read(b"https://x.example/sak?id=2&amp;side=3\n")[0] == [
        "https://x.example/sak?id=2&amp;side=3"
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_list_with_its_byte_order_mark_is_read(tmp_path, encoding):
    text = "https://x.example/a\nhttps://x.example/blåbær\n"
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path = tmp_path / "liste.txt"
    path.write_bytes(bom + text.encode(encoding))
    assert url_lists.read_url_file(str(path))[0] == [
        "https://x.example/a",
        "https://x.example/blåbær",
    ]


def test_a_windows_1252_line_among_utf8_lines_keeps_its_letters():
    data = "https://x.example/blåbær\n".encode() + "https://x.example/søk?q=ærø\n".encode("cp1252")
    assert _read(data)[0] == ["https://x.example/blåbær", "https://x.example/søk?q=ærø"]
