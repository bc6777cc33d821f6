"""Articles for the search tests' relevance sets: a text as one paragraph, saved under
``https://example.org/N`` unless another address is given."""

from __future__ import annotations

from newsreader.library.library import ArticleContent


def plain_article(
    n: int,
    language: str | None,
    title: str,
    text: str,
    *,
    url: str | None = None,
    site: str | None = None,
    author: str | None = None,
    published: str | None = None,
) -> ArticleContent:
    """The ``n``th article of a set: ``text`` as its one paragraph, one minute long."""
    url = url or f"https://example.org/{n}"
    return ArticleContent(
        url=url,
        final_url=url,
        title=title,
        content_html=f"<p>{text}</p>",
        text=text,
        word_count=len(text.split()),
        reading_minutes=1,
        url_keys=(url,),
        site=site,
        author=author,
        language=language,
        published=published,
    )
