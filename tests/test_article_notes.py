"""An article's own note (``Notebook.set_article_note``) changed again and again keeps
the search index whole: set, changed, set to the same text, removed."""

from __future__ import annotations

from tests.test_library import content


def found(library, word: str) -> list[int]:
    return [article_id for article_id, _ in library.search_ids(word)]


def test_changing_an_article_note_keeps_the_search_index_whole(library):
    article_id = library.save(content(1)).article_id
    other = library.save(content(2)).article_id
    book = library.notebook
    book.set_article_note(article_id, "Husk nordlyset")
    assert found(library, "nordlyset") == [article_id]
    book.set_article_note(article_id, "Husk sjøørreten (æøå)")
    book.set_article_note(article_id, "Husk sjøørreten (æøå)")  # the same text again
    assert book.article_note(article_id) == "Husk sjøørreten (æøå)"
    assert found(library, "sjøørreten") == [article_id]
    assert found(library, "nordlyset") == []
    book.set_article_note(other, "Også sjøørreten")
    assert sorted(found(library, "sjøørreten")) == sorted([article_id, other])
    book.set_article_note(article_id, "")
    assert book.article_note(article_id) == ""
    assert found(library, "sjøørreten") == [other]
    # The article itself is still found by its text.
    assert article_id in found(library, "blåbær")
    assert library.check(deep=True).index_ok
