"""Exporting as a whole: cancelling leaves nothing, destinations that cannot be
written are one line, and the ``export`` command picks articles like ``list``."""

from __future__ import annotations

import os
import stat
import zipfile

import pytest

from newsreader import exports
from newsreader.cli import main
from newsreader.errors import Cancelled
from tests.export_helpers import fill


def _name(format_id: str) -> str:
    return "out" + exports.SUFFIXES.get(format_id, "")


@pytest.mark.parametrize("format_id", list(exports.FORMATS))
def test_a_cancelled_export_leaves_nothing_and_keeps_the_old_file(library, tmp_path, format_id):
    ids = fill(library)
    destination = tmp_path / "out" / _name(format_id)
    destination.parent.mkdir()
    if exports.FORMATS[format_id][1] == "file":
        destination.write_bytes(b"the previous export")
    seen: list[tuple[int, int]] = []
    with pytest.raises(Cancelled):
        exports.export(
            library,
            ids,
            format_id,
            destination,
            progress=lambda done, total: seen.append((done, total)),
            cancelled=lambda: len(seen) == 2,
        )
    assert seen == [(1, 3), (2, 3)]
    if exports.FORMATS[format_id][1] == "file":
        assert [p.name for p in destination.parent.iterdir()] == [destination.name]
        assert destination.read_bytes() == b"the previous export"
    else:
        assert list(destination.parent.iterdir()) == []


def test_ctrl_c_during_an_export_leaves_nothing(library, tmp_path):
    ids = fill(library)

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        exports.export(library, ids, "markdown", tmp_path / "vault", progress=interrupt)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library"]


def test_destinations_that_cannot_be_written_are_one_line(library, tmp_path):
    ids = fill(library)
    with pytest.raises(exports.ExportError, match="there is no folder"):
        exports.export(library, ids, "epub", tmp_path / "missing" / "book.epub")
    with pytest.raises(exports.ExportError, match="it is a folder"):
        exports.export(library, ids, "csv", tmp_path)
    with pytest.raises(exports.ExportError, match="none of the articles"):
        exports.export(library, [999], "csv", tmp_path / "x.csv")
    # What the file system refuses (here a name longer than 255 bytes; also as root).
    with pytest.raises(exports.ExportError, match="cannot write .*: File name too long") as caught:
        exports.export(library, ids, "json", tmp_path / ("x" * 300 + ".zip"))
    assert "\n" not in str(caught.value)


def _cli(capsys, library, *argv):
    root = str(library.paths.root)
    code = main(["--library", root, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_command_chooses_articles_like_list_and_reports(library, tmp_path, capsys):
    ids = fill(library)
    library.close()
    output = tmp_path / "chosen.zip"
    code, out, err = _cli(
        capsys, library, "export", "-f", "json", "--state", "unread", "-o", str(output)
    )
    assert (code, err) == (0, "")
    assert out == f"exported 2 articles, 1 image to {output}\n"
    with zipfile.ZipFile(output) as archive:
        assert '"שלום עולם"' in archive.read("newsreader-export.json").decode()
    code, out, err = _cli(
        capsys, library, "export", "-f", "csv", "--search", "aurora", "-o", str(tmp_path / "a.csv")
    )
    assert code == 0 and (tmp_path / "a.csv").read_text(encoding="utf-8").count("\n") == 2
    code, out, err = _cli(
        capsys, library, "export", "-f", "csv", str(ids[0]), "999", "-o", str(tmp_path / "b.csv")
    )
    assert (code, err) == (1, "newsreader: no article with id 999\n")
    assert "exported 1 article to" in out


def test_export_command_says_which_articles_it_needs(library, tmp_path, capsys, monkeypatch):
    ids = fill(library)
    library.close()
    code, _, err = _cli(capsys, library, "export", "-f", "epub")
    assert code == 2 and err.startswith("newsreader: say which articles")
    code, _, err = _cli(capsys, library, "export", "-f", "epub", "--all", str(ids[0]))
    assert code == 2
    code, _, err = _cli(capsys, library, "export", "-f", "epub", "--tag", "nothing-has-this")
    assert (code, err) == (1, "newsreader: no articles match\n")
    # Without --output: here, named after the one article's title, or the date.
    monkeypatch.chdir(tmp_path)
    code, _, _ = _cli(capsys, library, "export", "-f", "epub", str(ids[1]))
    assert code == 0 and (tmp_path / "שלום עולם.epub").is_file()
    code, _, err = _cli(capsys, library, "export", "-f", "markdown", "--all", "-o", str(tmp_path))
    assert code == 1 and "not empty" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("format_id", ["csv", "markdown"])
def test_a_link_or_a_pipe_is_never_replaced_by_an_export(library, tmp_path, format_id):
    ids = fill(library)
    target = tmp_path / "target"
    target.mkdir()
    (target / "kept.txt").write_text("kept")
    link, pipe = tmp_path / "link", tmp_path / "pipe"
    link.symlink_to(target / "kept.txt" if format_id == "csv" else tmp_path / "empty")
    (tmp_path / "empty").mkdir()
    os.mkfifo(pipe)
    for destination, kind in ((link, "symbolic link"), (pipe, "pipe")):
        with pytest.raises(exports.ExportError, match=f"it is a {kind}, not a ") as caught:
            exports.export(library, ids, format_id, destination)
        assert "\n" not in str(caught.value)
    assert link.is_symlink() and stat.S_ISFIFO(pipe.lstat().st_mode)
    assert (target / "kept.txt").read_text() == "kept" and not any((tmp_path / "empty").iterdir())
    assert not list(tmp_path.glob(".*.part"))


def test_default_names_never_replace_or_clash(library, tmp_path, capsys, monkeypatch):
    from datetime import datetime, timedelta

    fill(library)
    library.close()
    monkeypatch.chdir(tmp_path)
    # The names exports made in these seconds are taken (an export a moment ago).
    now = datetime.now()
    for seconds in range(6):
        taken = tmp_path / exports.default_stem(now + timedelta(seconds=seconds))
        taken.mkdir()
        (taken / "earlier.md").write_text("earlier")
    for format_id in ("markdown", "html", "markdown"):
        code, _, err = _cli(capsys, library, "export", "-f", format_id, "--all")
        assert (code, err) == (0, ""), err
    made = sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(("-2", "-3", "-4")))
    assert len(made) == 3 and all(p.startswith("newsreader-export-") for p in made)
    assert all((tmp_path / exports.default_stem(now + timedelta(seconds=s)) / "earlier.md").exists()
               for s in range(6))  # fmt: skip
    # One article to a file: its title, then "-2" beside the first.
    for _ in range(2):
        assert _cli(capsys, library, "export", "-f", "csv", "1")[0] == 0
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == [
        "Tromsø «Nordlys» og sol – 'del 1'-2.csv",
        "Tromsø «Nordlys» og sol – 'del 1'.csv",
    ]


def test_output_naming_a_folder_puts_the_file_inside_with_its_default_name(
    library, tmp_path, capsys
):
    ids = fill(library)
    library.close()
    folder = tmp_path / "ny"
    # A path ending in a separator names a folder, which must exist.
    code, _, err = _cli(capsys, library, "export", "-f", "epub", str(ids[1]), "-o", f"{folder}/")
    assert code == 1 and "there is no folder" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "ny").exists()
    folder.mkdir()
    for given in (f"{folder}/", str(folder)):
        code, _, err = _cli(capsys, library, "export", "-f", "epub", str(ids[1]), "-o", given)
        assert (code, err) == (0, "")
    assert sorted(p.name for p in folder.iterdir()) == ["שלום עולם-2.epub", "שלום עולם.epub"]


def test_a_name_too_long_and_mixed_choices_are_one_clear_line(library, tmp_path, capsys):
    ids = fill(library)
    library.close()
    long = str(tmp_path / ("x" * 300 + ".csv"))
    code, _, err = _cli(capsys, library, "export", "-f", "csv", str(ids[0]), "-o", long)
    assert code == 1 and len(err.splitlines()) == 1, err
    assert "File name too long" in err and "internal error" not in err
    code, _, err = _cli(capsys, library, "export", "-f", "csv", "--all", "--tag", "nyheter")
    assert code == 2 and len(err.splitlines()) == 1
    assert "--all" in err and "cannot be combined" in err
    code, _, err = _cli(capsys, library, "export", "-f", "csv", str(ids[0]), "--state", "unread")
    assert code == 2 and "IDs cannot be combined" in err
