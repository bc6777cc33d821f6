"""A missing image's stand-in ("[alt]") in the reader is not glued to the words after it
(a newcomer saw "[Councillors voting in the chamber]Councillors voted…")."""

from __future__ import annotations

import re

import pytest

from newsreader.capture.images import MISSING_CLASS
from newsreader.library.models import Article
from newsreader.ui.reader_html import Layout, article_html


def _article(body: str) -> Article:
    return Article(
        id=1,
        url="https://example.no/sak",
        title="Sak",
        site="Eksempel",
        author=None,
        published=None,
        language="nb",
        word_count=10,
        reading_minutes=1,
        state="unread",
        favorite=False,
        read_at=None,
        content_html=body,
        saved_at="2026-11-30T10:00:00Z",
    )


def _span(alt: str) -> str:
    return f'<span class="{MISSING_CLASS}" data-original-src="https://a.no/1.jpg">[{alt}]</span>'


@pytest.mark.parametrize(
    "body, words",
    [
        (f"<p>{_span('Bystyret stemmer')}Bystyret stemte i går.</p>", "Bystyret stemte"),
        (f"<div>{_span('Kart')}Veien går over fjellet.</div><p>Mer.</p>", "Veien går"),
        (f"<p>Før. {_span('image')}«Sitat» sa hun.</p>", "«Sitat»"),
    ],
)
def test_a_missing_images_stand_in_is_apart_from_the_next_words(body, words):
    html = article_html(_article(body), Layout(600), lambda name: None)
    text = re.sub(r"<[^>]+>", "", html)
    assert re.search(r"\]\s+" + re.escape(words), text), text


def test_a_stand_in_followed_by_a_space_keeps_one():
    html = article_html(_article(f"<p>{_span('Kart')} Veien.</p>"), Layout(600), lambda n: None)
    assert "] Veien." in re.sub(r"<[^>]+>", "", html)
