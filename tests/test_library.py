"""The library on disk: schema, transactions, files, deduplication, search, consistency."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from newsreader.errors import ArticleNotFound, LibraryError, SchemaTooNew
from newsreader.library import files, identity
from newsreader.library.library import ArticleContent, ImageFile, Library
from newsreader.library.schema import MIGRATIONS

JPEG_A = b"\xff\xd8\xff\xe0" + b"A" * 100
JPEG_B = b"\xff\xd8\xff\xe0" + b"B" * 100


def content(
    n: int = 1,
    *,
    text: str | None = None,
    images: tuple[ImageFile, ...] = (),
    raw: bytes | None = None,
    title: str | None = None,
) -> ArticleContent:
    text = text or f"Artikkel nummer {n} handler om blåbær og Tromsø."
    return ArticleContent(
        url=f"https://example.no/a/{n}",
        final_url=f"https://example.no/a/{n}",
        title=title or f"Tittel {n}",
        content_html=f"<p>{text}</p>",
        text=text,
        word_count=len(text.split()),
        reading_minutes=1,
        url_keys=(f"example.no/a/{n}",),
        site="Eksempel",
        language="nb",
        raw=raw if raw is not None else f"<html><p>{text}</p></html>".encode(),
        raw_encoding="utf-8",
        images=images,
    )


def image(position: int, data: bytes, url: str | None = None) -> ImageFile:
    return ImageFile(
        position=position,
        url=url or f"https://example.no/{position}.jpg",
        name=files.image_name(data, "image/jpeg"),
        data=data,
        mime="image/jpeg",
        width=10,
        height=10,
        alt=f"bilde {position}",
    )


# --- schema ---------------------------------------------------------------------------------
def test_new_library_has_the_latest_schema_wal_and_foreign_keys(library):
    assert library.db.version == len(MIGRATIONS)
    assert library.db.scalar("PRAGMA journal_mode") == "wal"
    assert library.db.scalar("PRAGMA foreign_keys") == 1


def test_a_newer_database_is_refused_and_left_untouched(tmp_path):
    Library(tmp_path).close()
    database = tmp_path / "library.sqlite3"
    conn = sqlite3.connect(database)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    with pytest.raises(SchemaTooNew, match="newer newsreader"):
        Library(tmp_path)
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before


def test_an_older_database_is_migrated_and_stamped(tmp_path):
    from newsreader.library.db import Database

    # A library of schema 1, made before databases carried newsreader's mark.
    Database(tmp_path / "library.sqlite3", MIGRATIONS[:1]).close()
    assert identity.read_header(tmp_path / "library.sqlite3").application_id == 0
    with Library(tmp_path) as library:
        assert library.db.version == len(MIGRATIONS)
        assert library.count() == 0
        assert library.db.scalar("PRAGMA application_id") == identity.APPLICATION_ID


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    (tmp_path / "library.sqlite3").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LibraryError, match="not a newsreader library"):
        Library(tmp_path)


def test_transaction_rolls_back_on_error(library):
    with pytest.raises(RuntimeError), library.db.transaction() as db:
        db.execute("INSERT INTO tags (name) VALUES ('x')")
        raise RuntimeError("boom")
    assert library.all_tags() == []


# --- saving -----------------------------------------------------------------------------------
def test_save_stores_row_files_and_index(library):
    outcome = library.save(content(1, images=(image(0, JPEG_A),)), tags=["norsk"])
    assert outcome.created
    article = library.get(outcome.article_id)
    assert article.title == "Tittel 1"
    assert article.tags == ("norsk",)
    assert article.images[0].file.read_bytes() == JPEG_A
    assert library.raw_page(outcome.article_id) == (
        "<html><p>Artikkel nummer 1 handler om blåbær og Tromsø.</p></html>".encode(),
        "utf-8",
    )
    assert [hit.article.id for hit in library.search("blåbær")] == [outcome.article_id]


def test_same_bytes_are_stored_once(library):
    first = library.save(content(1, images=(image(0, JPEG_A),)))
    second = library.save(content(2, images=(image(0, JPEG_A, "https://cdn.no/same.jpg"),)))
    assert (
        library.get(first.article_id).images[0].file
        == library.get(second.article_id).images[0].file
    )
    assert len(list(library.paths.images.rglob("*.jpg"))) == 1


def test_saving_again_under_any_known_url_updates_instead_of_duplicating(library):
    first = library.save(content(1), tags=["a"])
    library.set_state(first.article_id, "archived")
    library.set_favorite(first.article_id, True)
    again = content(1, text="Ny versjon av teksten om multer.")
    again = ArticleContent(
        **{
            **again.__dict__,
            "url": "https://example.no/a/1?utm_source=x",
            "url_keys": ("example.no/a/1", "example.no/other"),
        }
    )
    second = library.save(again, tags=["b"])
    assert second.article_id == first.article_id
    assert not second.created
    assert library.count() == 1
    article = library.get(first.article_id)
    assert article.url == "https://example.no/a/1"  # as first saved
    assert article.text == "Ny versjon av teksten om multer."
    assert article.state == "archived" and article.favorite  # the person's choices stay
    assert article.tags == ("a", "b")
    # The index follows the update in the same transaction.
    assert library.search("blåbær") == []
    assert [h.article.id for h in library.search("multer")] == [first.article_id]
    assert library.find_by_url_keys(["example.no/other"]) == first.article_id


def test_an_update_removes_the_files_no_longer_used(library):
    outcome = library.save(content(1, images=(image(0, JPEG_A),), raw=b"<p>first</p>"))
    old_image = library.get(outcome.article_id).images[0].file
    library.save(content(1, images=(image(0, JPEG_B),), raw=b"<p>second</p>"))
    assert not old_image.exists()
    assert library.check().clean


def test_a_failed_save_leaves_no_row_and_check_finds_the_orphans(library):
    bad = content(1, images=(image(0, JPEG_A),))
    # A CHECK constraint rejects the row after its files were written.
    bad = ArticleContent(**{**bad.__dict__, "reading_minutes": None})
    with pytest.raises(sqlite3.IntegrityError):
        library.save(bad)
    assert library.count() == 0
    assert library.search("blåbær") == []
    # Fresh files may belong to a save in flight elsewhere: not orphans yet.
    assert library.check().clean
    report = library.check(grace=0)
    assert len(report.orphans) == 2  # the image and the raw page
    assert not report.missing
    assert library.check(repair=True).orphans == []  # still within the grace period
    repaired = library.check(repair=True, grace=0)
    assert repaired.repaired
    assert library.check(grace=0).clean
    assert files.stored_files(library.paths) == set()


def test_check_reports_missing_files(library):
    outcome = library.save(content(1, images=(image(0, JPEG_A),)))
    missing = library.get(outcome.article_id).images[0].file
    missing.unlink()
    report = library.check()
    assert report.missing == [
        (outcome.article_id, missing.relative_to(library.paths.root).as_posix())
    ]
    assert not report.clean


# --- deleting ------------------------------------------------------------------------------
def test_delete_removes_rows_index_and_only_unshared_files(library):
    shared = image(0, JPEG_A)
    first = library.save(content(1, images=(shared, image(1, JPEG_B))), tags=["t"])
    second = library.save(content(2, images=(shared,)))
    first_files = [i.file for i in library.get(first.article_id).images]
    assert library.delete([first.article_id, 999]) == [first.article_id]
    with pytest.raises(ArticleNotFound):
        library.get(first.article_id)
    assert first_files[0].exists()  # still used by the second article
    assert not first_files[1].exists()
    assert [h.article.id for h in library.search("nummer")] == [second.article_id]
    assert library.all_tags() == []
    assert library.db.scalar("SELECT count(*) FROM article_urls") == 1
    assert library.check().clean


# --- state, tags, listing ------------------------------------------------------------------
def test_states_tags_and_listing(library):
    ids = [library.save(content(n)).article_id for n in range(1, 5)]
    library.set_state(ids[0], "archived")
    library.set_favorite(ids[1], True)
    library.set_tags(ids[2], ["Politikk", "norsk"])
    library.mark_read(ids[3])
    library.set_progress(ids[3], 1.7)
    assert [a.id for a in library.list("unread")] == ids[:0:-1]
    assert [a.id for a in library.list("archived")] == [ids[0]]
    assert len(library.list("all")) == 4
    assert [a.id for a in library.list("all", favorite=True)] == [ids[1]]
    assert [a.id for a in library.list("all", tag="politikk")] == [ids[2]]
    assert library.get(ids[2]).tags == ("norsk", "Politikk")
    assert library.get(ids[3]).read_at is not None
    assert library.get(ids[3]).progress == 1.0
    assert [a.id for a in library.list("all", order="title")] == ids
    assert [a.id for a in library.list("all", limit=2, offset=1)] == ids[2:0:-1]
    with pytest.raises(ArticleNotFound):
        library.set_state(12345, "archived")
    with pytest.raises(ValueError):
        library.set_state(ids[0], "deleted")


def test_a_shared_canonical_url_merges_only_articles_with_the_same_title(library):
    def with_canonical(n: int, title: str) -> ArticleContent:
        base = content(n, title=title)
        return ArticleContent(**{**base.__dict__, "canonical_key": "example.no/index.html"})

    first = library.save(with_canonical(1, "Første sak")).article_id
    # A different page of a site that names one canonical URL for every page.
    assert library.save(with_canonical(2, "Andre sak")).article_id != first
    # The same article reached under a new address: its canonical identifies it.
    assert library.save(with_canonical(3, "Første sak")).article_id == first
    assert library.count() == 2


def test_a_save_brings_back_a_shared_file_that_went_missing(library):
    first = library.save(content(1, images=(image(0, JPEG_A),))).article_id
    library.get(first).images[0].file.unlink()
    library.save(content(2, images=(image(0, JPEG_A),)))
    assert library.check().clean


def test_managed_folders_may_be_symbolic_links(tmp_path):
    elsewhere = tmp_path / "other-disk" / "images"
    elsewhere.mkdir(parents=True)
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "images").symlink_to(elsewhere)
    with Library(tmp_path / "lib") as library:
        article_id = library.save(content(1, images=(image(0, JPEG_A),))).article_id
        stored = library.get(article_id).images[0]
        assert stored.file.read_bytes() == JPEG_A
        assert library.check().clean
    assert len(list(elsewhere.rglob("*.jpg"))) == 1


@pytest.mark.parametrize("name", ["../outside.jpg", "images/../../x", "/etc/passwd", "db.sqlite3"])
def test_file_names_outside_the_managed_folders_are_refused(library, name):
    with pytest.raises(ValueError):
        library.paths.resolve(name)


def test_a_damaged_stored_page_is_a_clear_error(library):
    article_id = library.save(content(1)).article_id
    raw = library.paths.resolve(library.get(article_id).raw_file)
    raw.write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(LibraryError, match="missing or damaged"):
        library.raw_page(article_id)


def test_an_update_expecting_an_older_stored_page_is_refused(library):
    article_id = library.save(content(1, raw=b"<p>first</p>")).article_id
    expected = library.get(article_id).raw_file
    library.save(content(1, raw=b"<p>re-fetched meanwhile</p>"))
    stale = content(1, text="Tekst fra den gamle siden.", raw=None)
    with pytest.raises(LibraryError, match="re-fetched meanwhile"):
        library.save(stale, article_id=article_id, expect_raw_file=expected)
    assert library.get(article_id).text != "Tekst fra den gamle siden."


def test_in_view_agrees_with_list_ids(library):
    ids = [library.save(content(n)).article_id for n in range(4)]
    library.set_state(ids[0], "archived")
    library.set_favorite(ids[1], True)
    library.set_tags(ids[2], ["skole"])
    for filters in (
        {"state": "unread"},
        {"state": "archived"},
        {"state": "all", "favorite": True},
        {"state": "all", "tag": "skole"},
        {"state": "unread", "tag": "skole"},
        {"state": "all"},
    ):
        listed = set(library.list_ids(**filters))
        assert {i for i in ids if library.in_view(i, **filters)} == listed, filters


def test_a_version_3_library_learns_the_direction_of_its_right_to_left_articles(tmp_path):
    from newsreader.library.db import Database

    old = Database(tmp_path / "library.sqlite3", MIGRATIONS[:3])
    for n, language in enumerate(("he", "nb", "fa", None)):
        old.execute(
            """INSERT INTO articles (url, final_url, title, language, word_count,
                                     reading_minutes, saved_at, updated_at)
               VALUES (?, ?, 'T', ?, 3, 1, '2026-01-01T10:00', '2026-01-01T10:00')""",
            (f"https://a.example/{n}", f"https://a.example/{n}", language),
        )
        old.execute(
            "INSERT INTO article_texts (article_id, content_html, text) "
            "VALUES (?, '<p>x</p>', 'x')",
            (n + 1,),
        )
    old.close()
    with Library(tmp_path) as library:
        assert library.db.version == len(MIGRATIONS)
        directions = [
            (a.language, a.direction, a.unrefined) for a in map(library.get, library.ids())
        ]
    assert sorted(directions, key=str) == sorted(
        [("he", "rtl", None), ("nb", None, None), ("fa", "rtl", None), (None, None, None)], key=str
    )


# --- changing many articles in one transaction ----------------------------------------------
MANY = 430  # more than db.IN_BATCH (400): the ids cross a batch


@pytest.fixture
def many(library) -> list[int]:
    return [library.save(content(i)).article_id for i in range(MANY)]


def _column(library, column: str) -> dict[int, object]:
    return {row[0]: row[1] for row in library.db.query(f"SELECT id, {column} FROM articles")}


def test_many_articles_change_in_one_transaction_across_batches(library, many):
    chosen = many[3:] + many[3:5]  # repeated ids count once
    library.set_state_many(chosen, "archived")
    library.set_favorite_many(many[::2], True)
    library.mark_read_many(many[:420])
    library.add_tags_many(many[10:], [" skole ", "vær", "", "  "])
    states = _column(library, "state")
    assert [i for i in many if states[i] == "archived"] == many[3:]
    favorites = _column(library, "favorite")
    assert [i for i in many if favorites[i]] == many[::2]
    read = _column(library, "read_at")
    assert [i for i in many if read[i]] == many[:420]
    assert len({read[i] for i in many[:420]}) == 1  # one moment for all
    assert library.get(many[10]).tags == ("skole", "vær")
    assert library.get(many[9]).tags == ()
    assert library.all_tags() == ["skole", "vær"]
    library.set_state_many(many, "unread")
    library.set_favorite_many(many, False)
    library.mark_read_many(many[400:], read=False)
    assert set(_column(library, "state").values()) == {"unread"}
    assert not any(_column(library, "favorite").values())
    read = _column(library, "read_at")
    assert [i for i in many if read[i]] == many[:400]


@pytest.mark.parametrize(
    "change",
    [
        lambda library, ids: library.set_state_many(ids, "archived"),
        lambda library, ids: library.set_favorite_many(ids, True),
        lambda library, ids: library.mark_read_many(ids),
        lambda library, ids: library.add_tags_many(ids, ["ny"]),
    ],
)
@pytest.mark.parametrize("missing_at", [0, 410, MANY])  # first, in the second batch, last
def test_one_missing_article_changes_none(library, many, change, missing_at):
    library.delete([many[100]])  # one that was there, and one that never was
    ids = [i for i in many if i != many[100]]
    ids.insert(missing_at, max(many) + 7 if missing_at else many[100])
    with pytest.raises(ArticleNotFound) as raised:
        change(library, ids)
    assert "no article with id" in raised.value.message
    assert set(_column(library, "state").values()) == {"unread"}
    assert not any(_column(library, "favorite").values())
    assert not any(_column(library, "read_at").values())
    assert library.all_tags() == []


def test_a_held_lock_past_the_deadline_changes_none(library, many):
    from newsreader.errors import LibraryLocked

    library.db.busy_timeout = 0.3
    holder = sqlite3.connect(library.paths.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        for change in (
            lambda: library.set_state_many(many, "archived"),
            lambda: library.set_favorite_many(many, True),
            lambda: library.mark_read_many(many),
            lambda: library.add_tags_many(many, ["ny"]),
        ):
            with pytest.raises(LibraryLocked) as raised:
                change()
            assert "busy" in raised.value.message and "\n" not in raised.value.message
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert set(_column(library, "state").values()) == {"unread"}
    assert not any(_column(library, "favorite").values())
    assert not any(_column(library, "read_at").values())
    assert library.all_tags() == []
    library.set_state_many(many, "archived")  # the lock free, the same change lands
    assert set(_column(library, "state").values()) == {"archived"}


@pytest.mark.parametrize("state", ["", "Archived", "deleted", None])
def test_many_refuses_an_unknown_state_before_writing(library, many, state):
    with pytest.raises(ValueError):
        library.set_state_many(many[:3], state)
    assert set(_column(library, "state").values()) == {"unread"}
