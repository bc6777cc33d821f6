"""Search in scripts written without spaces: Chinese, Japanese and Korean words inside a
sentence are found, characters that are not adjacent are not, Latin words inside CJK
text and CJK words inside a Norwegian article both work, and snippets and the reader's
highlight pattern mark exactly the matched characters.

A small relevance set, like test_search.py's: each article holds exactly the runs a
case is about, so every assertion names the articles that must be found.
"""

from __future__ import annotations

import re

import pytest

from newsreader.library import terms
from newsreader.library.db import Database
from newsreader.library.library import ArticleContent, Library
from newsreader.library.schema import MIGRATIONS
from newsreader.library.search import MATCH_END, MATCH_START

# name: (language, title, text)
ARTICLES: dict[str, tuple[str, str, str]] = {
    # The field case's words (../shared/field-cases/cjk-search-substring), mid-sentence.
    "tea": (
        "zh",
        "山城茶农迎来春茶采摘季",
        "为了吸引更多年轻人返乡，村里去年开办了制茶培训班。一些茶农通过短视频展示采茶的过程。",
    ),
    # 茶 and 农 both, never side by side; 茶 begins its runs here.
    "apart": ("zh", "价格", "茶叶价格上涨，农民很高兴。今年的茶，农户都卖完了。"),
    # 茶 only at the end of a run: found through the pairs it ends.
    "ends": ("zh", "周末", "我们周末一起去喝茶。"),
    # Latin words inside Chinese, without spaces.
    "phone": ("zh", "新品发布", "苹果公司发布了新款iPhone手机，售价8999元。"),
    # Chinese inside a Norwegian article, with Norwegian inflections.
    "oolong": ("nb", "Te fra Fujian", "Vi drakk 乌龙茶 av små kopper hos bøndene i fjellet."),
    "ja": ("ja", "東京の天気", "昨日は東京タワーに行きました。天気予報によると明日は雨です。"),
    "ko": ("ko", "학교 소식", "학생들이 학교에서 열심히 공부하고 있습니다."),
    "en": ("en", "Tea farmers", "Tea farmers in Yunnan opened a training class."),
}


def make(name: str, n: int) -> ArticleContent:
    language, title, text = ARTICLES[name]
    url = f"https://example.org/{n}"
    return ArticleContent(
        url=url,
        final_url=url,
        title=title,
        content_html=f"<p>{text}</p>",
        text=text,
        word_count=len(text),
        reading_minutes=1,
        url_keys=(url,),
        language=language,
    )


@pytest.fixture
def corpus(library):
    return {name: library.save(make(name, n)).article_id for n, name in enumerate(ARTICLES)}


@pytest.fixture
def found(library, corpus):
    names = {article_id: name for name, article_id in corpus.items()}
    return lambda query: {names[i] for i, _ in library.search_ids(query)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Words inside a Chinese sentence, of two and three characters.
        ("茶农", {"tea"}),
        ("培训班", {"tea"}),
        ("短视频", {"tea"}),
        ("年轻人", {"tea"}),
        ("茶叶", {"apart"}),
        # One character: where it begins a run, ends one (喝茶) or stands alone (茶，).
        ("茶", {"tea", "apart", "ends", "oolong"}),
        ("农", {"tea", "apart"}),
        ("喝茶", {"ends"}),
        # Latin inside Chinese, Chinese inside Norwegian, and both in one query.
        ("iphone", {"phone"}),
        ("手机", {"phone"}),
        ("iPhone手机", {"phone"}),
        ('"iphone 手机"', {"phone"}),
        ("8999元", {"phone"}),
        ("乌龙茶", {"oolong"}),
        ("乌龙", {"oolong"}),
        ("kopp 乌龙茶", {"oolong"}),  # Norwegian inflection (kopper) beside Chinese
        ('"乌龙茶 av små"', {"oolong"}),
        ("乌龙茶 OR 培训班", {"oolong", "tea"}),
        ("茶 -茶农", {"apart", "ends", "oolong"}),
        ("title:茶农", {"tea"}),
        ("title:乌龙", set()),
        # Japanese: kanji, katakana and hiragana runs.
        ("東京", {"ja"}),
        ("タワー", {"ja"}),
        ("天気予報", {"ja"}),
        ("予報", {"ja"}),
        ("雨", {"ja"}),
        # Korean: a word with a particle written onto it.
        ("학교", {"ko"}),
        ("공부", {"ko"}),
        ("학교에서", {"ko"}),
        # English is unchanged.
        ("farmer", {"en"}),
    ],
)
def test_words_inside_cjk_runs_are_found(found, query, expected):
    assert found(query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "茶农们",  # more than the text has
        "农茶",  # the two characters, the other way round
        "茶，农",  # separated by punctuation in the text ("今年的茶，农户")
        "茶农户",
        "培训 班级",
        "学校",  # Chinese for school: not the Korean 학교 nor anything else
        "东京",  # simplified 东 is another character than 東
        "手机iphone",
        "叶价格农",
        "雨です明日",
    ],
)
def test_characters_that_are_not_adjacent_are_not_found(found, query):
    assert found(query) == set()


def marked(snippet: str) -> list[str]:
    return re.findall(f"{MATCH_START}(.*?){MATCH_END}", snippet)


def test_snippets_mark_exactly_the_matched_characters(library, corpus):
    def snippet_of(query: str, name: str) -> str:
        hits = {hit.article.id: hit for hit in library.search(query)}
        return hits[corpus[name]].snippet

    assert marked(snippet_of("培训班", "tea")) == ["培训班"]
    assert marked(snippet_of("茶农", "tea")) == ["茶农"]
    # Every 茶, inside runs and at their ends, and nothing around it.
    assert marked(snippet_of("茶", "tea")) == ["茶", "茶", "茶"]
    assert marked(snippet_of("茶", "ends")) == ["茶"]
    assert marked(snippet_of("iphone", "phone")) == ["iPhone"]
    assert marked(snippet_of("iphone手机", "phone")) == ["iPhone手机"]
    assert marked(snippet_of("kopp 乌龙茶", "oolong")) == ["乌龙茶", "kopper"]
    assert marked(snippet_of('"乌龙茶 av"', "oolong")) == ["乌龙茶 av"]
    assert marked(snippet_of("학교", "ko")) == ["학교"]
    assert marked(snippet_of("タワー", "ja")) == ["タワー"]
    # A snippet of Chinese is cut between characters, not widened to the whole paragraph.
    long_text = "前言" * 200 + "茶农" + "后记" * 200
    article = make("tea", 99)
    article = ArticleContent(**{**article.__dict__, "text": long_text, "url_keys": ("x:1",)})
    article_id = library.save(article).article_id
    text = {hit.article.id: hit for hit in library.search("茶农")}[article_id].snippet
    assert marked(text) == ["茶农"]
    assert 60 < len(text) < 120  # about 180 columns, a CJK character taking two


def test_the_highlight_pattern_marks_the_same_characters_in_python_and_qt(library, corpus):
    from PySide6.QtCore import QRegularExpression

    text = "一些茶农通过短视频展示，茶，农户；用iPhone手机，iphones 与 mobiles。我们喝茶。"
    options = (
        QRegularExpression.PatternOption.CaseInsensitiveOption
        | QRegularExpression.PatternOption.UseUnicodePropertiesOption
    )  # as the reader compiles it (ui/reader.py)
    for query, expected in [
        ("茶农", ["茶农"]),
        ("茶", ["茶", "茶", "茶"]),
        ("iphone", ["iPhone"]),  # not "iphones"
        ("iphone手机", ["iPhone手机"]),
        ("短视频 农", ["农", "短视频", "农"]),
    ]:
        pattern = library.highlight_pattern(query)
        assert [m.group() for m in re.finditer(pattern, text, re.IGNORECASE)] == expected
        qt = QRegularExpression(pattern, options)
        assert qt.isValid(), qt.errorString()
        matches, found = qt.globalMatch(text), []
        while matches.hasNext():
            found.append(matches.next().captured(0))
        assert found == expected, query


def test_the_index_is_fed_pairs_and_the_dictionary_holds_them(library, corpus):
    assert terms.tokens("山城茶农 iPhone手机，茶。") == [
        "山城",
        "城茶",
        "茶农",
        "iphone",
        "手机",
        "茶",
    ]
    assert terms.index_text("plain Norwegian, ingen kinesisk") == "plain Norwegian, ingen kinesisk"
    # A pair is keyed by its last character, so that one character finds where it ends.
    rows = dict(library.db.query("SELECT term, key FROM search_terms WHERE term IN ('喝茶', '元')"))
    assert rows == {"喝茶": "茶", "元": "元"}  # 元 stands alone in 8999元
    assert library.check().clean  # FTS5's integrity-check reads the view through search_text


def test_edits_notes_deletes_and_reindex_keep_cjk_search_in_step(library, corpus):
    library.notebook.set_article_note(corpus["en"], "想起了云南的普洱茶")
    hits = {hit.article.id: hit for hit in library.search("普洱")}
    assert list(hits) == [corpus["en"]]
    assert marked(hits[corpus["en"]].snippet) == ["普洱"]
    library.save(
        ArticleContent(**{**make("ja", 5).__dict__, "text": "明日は晴れです。"})
    )  # the same URL: an update of its text
    assert [i for i, _ in library.search_ids("雨")] == []
    assert [i for i, _ in library.search_ids("晴れ")] == [corpus["ja"]]
    library.delete([corpus["tea"]])
    assert [i for i, _ in library.search_ids("培训班")] == []
    library.reindex()
    assert [i for i, _ in library.search_ids("乌龙茶")] == [corpus["oolong"]]
    assert library.check().clean


def test_a_library_of_schema_7_is_reindexed_with_pairs(tmp_path):
    database = tmp_path / "library.sqlite3"
    old = Database(database, MIGRATIONS[:7])
    old.execute(
        """INSERT INTO articles (id, url, final_url, title, language, word_count,
                                 reading_minutes, saved_at, updated_at)
           VALUES (1, 'https://example.org/a', 'https://example.org/a', '春茶', 'zh', 40, 1,
                   '2026-04-08T10:00', '2026-04-08T10:00')"""
    )
    old.execute(
        "INSERT INTO article_texts (article_id, content_html, text) VALUES (1, '<p>x</p>', ?)",
        ("村里去年开办了制茶培训班。",),
    )
    # Before: the index holds the run whole, and a word inside it is not found.
    assert old.query("SELECT rowid FROM articles_fts WHERE articles_fts MATCH '培训班'") == []
    old.close()
    with Library(tmp_path) as library:
        assert library.db.version == len(MIGRATIONS)
        assert [i for i, _ in library.search_ids("培训班")] == [1]
        assert library.check().clean
