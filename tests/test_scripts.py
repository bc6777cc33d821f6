"""Writing systems: right-to-left articles keep their direction everywhere, declared
languages are kept when the text fits them, and languages written without spaces are
counted in words a reader would recognise."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from newsreader import languages, render
from newsreader.capture.extract import extract_article
from newsreader.capture.text import count_words, measure, reading_minutes

HEBREW = (
    "ביום שישי האחרון נפתחה בשכונה גינה קהילתית חדשה, אחרי שנה של עבודה משותפת של "
    "תושבים ומתנדבים. הכול התחיל בקבוצת WhatsApp שמנתה בהתחלה רק שמונה משפחות."
)
ARABIC = (
    "افتتحت يوم الجمعة الماضي حديقة مجتمعية جديدة في الحي بعد عام من العمل المشترك بين "
    "السكان والمتطوعين، وبدأت الفكرة في مجموعة على WhatsApp ضمت ثماني عائلات فقط."
)
PERSIAN = (
    "جمعه گذشته یک باغ اجتماعی تازه در محله افتتاح شد، پس از یک سال کار مشترک ساکنان و "
    "داوطلبان. همه چیز از یک گروه WhatsApp شروع شد که در ابتدا فقط هشت خانواده داشت."
)


def page(text: str, html_attributes: str, article_attributes: str = "") -> str:
    paragraphs = "".join(f"<p>{n}. {text}</p>" for n in range(1, 6))
    return (
        f"<html {html_attributes}><head><title>{text[:30]}</title></head><body>"
        f"<main><article {article_attributes}><h1>{text[:30]}</h1>{paragraphs}</article>"
        "</main></body></html>"
    )


@pytest.mark.parametrize(
    ("html", "language"),
    [
        (page(HEBREW, 'lang="he" dir="rtl"'), "he"),
        (page(ARABIC, 'lang="ar"', 'dir="rtl"'), "ar"),
        # No dir anywhere: the language says it.
        (page(PERSIAN, 'lang="fa"'), "fa"),
        (page(PERSIAN, 'lang="fa-IR"'), "fa"),
        # An English site template around a Hebrew article that declares its direction.
        (page(HEBREW, 'lang="en" dir="ltr"', 'dir="rtl"'), "he"),
        # Nothing declared at all: the letters say it.
        (page(ARABIC, ""), "ar"),
        # A site template that declares English, left to right, over an Arabic article.
        (page(ARABIC, 'lang="en" dir="ltr"'), "ar"),
    ],
)
def test_right_to_left_articles_are_stored_with_their_direction(html, language):
    article = extract_article(html, "https://news.example/garden")
    assert article.direction == "rtl"
    assert article.language == language
    assert "WhatsApp" in article.text


def test_left_to_right_articles_have_no_direction():
    text = "The community garden opened on Friday after a year of shared work. " * 3
    assert extract_article(page(text, 'lang="en"'), "https://news.example/g").direction is None


@pytest.mark.parametrize(
    ("declared", "text", "expected"),
    [
        ("fa", PERSIAN, "fa"),  # Persian is written in Arabic letters, and stays Persian
        ("ur", ARABIC, "ur"),
        ("yi", HEBREW, "yi"),
        ("uk", "Сьогодні у місті відкрили новий парк для всіх мешканців району. " * 3, "uk"),
        ("en", HEBREW * 2, "he"),  # a template's lang over Hebrew text is overruled
        (
            "nn",
            "Det er ikkje sant at han har vore der, men ho seier at det er som det var. " * 3,
            "nn",
        ),
        (
            "nb",
            "Det er ikke sant at han har vært der, men hun sier at det er som det var. " * 3,
            "nb",
        ),
    ],
)
def test_a_declared_language_is_kept_when_the_text_fits_it(declared, text, expected):
    assert languages.settle(declared, text) == expected


def test_right_to_left_exports_and_reader(server, saver, library, qtbot):
    from newsreader.ui.reader import ReaderView

    url = server.page("/garden", page(HEBREW, 'lang="he" dir="rtl"'))
    stored = library.get(saver.save(url).article_id)
    assert stored.direction == "rtl"
    assert '<html lang="he" dir="rtl">' in render.to_html(stored)
    assert render.article_json(stored)["direction"] == "rtl"
    reader = ReaderView(library.paths)
    qtbot.addWidget(reader)
    reader.resize(800, 600)
    reader.show_article(stored)
    block = reader.document().begin()
    directions = set()
    while block.isValid():
        if block.text().strip():
            directions.add(block.blockFormat().layoutDirection())
        block = block.next()
    assert directions == {Qt.LayoutDirection.RightToLeft}


# --- languages written without spaces ------------------------------------------------------------
CHINESE = (
    "山城茶农迎来春茶采摘季。村里去年开办了制茶培训班，今年的订单量比往年翻了一番。"
    "不少年轻人通过短视频介绍家乡的茶叶，吸引了很多外地游客前来参观。"
)
JAPANESE = "東京都は今日、新しい公園の計画を発表しました。市民のための広い緑地になる予定です。"
THAI = "เกษตรกรในหมู่บ้านเริ่มเก็บใบชาฤดูใบไม้ผลิ และมีคำสั่งซื้อเพิ่มขึ้นเป็นสองเท่า"


def test_words_of_languages_written_without_spaces_are_counted():
    assert count_words(CHINESE) == sum(1 for ch in CHINESE if "\u4e00" <= ch <= "\u9fff")
    assert count_words("WhatsApp 群组里有八个家庭") == 1 + 8
    assert count_words(JAPANESE) > 30
    # Thai: one word per 4 characters of each run (the Thai National Corpus average).
    assert count_words(THAI) == sum(-(-len(run) // 4) for run in THAI.split())
    assert count_words("Blåbær og tyttebær, 12 kilo!") == 5


def test_reading_time_follows_each_scripts_reading_speed():
    assert reading_minutes("字" * 1020) == 4  # 255 characters a minute
    assert reading_minutes("字と" * 357) == 2  # Japanese: 357 a minute
    assert reading_minutes("word " * 660) == 3  # 220 words a minute
    assert measure("")[0] == 0 and reading_minutes("") == 0


@pytest.mark.parametrize("text", [CHINESE, JAPANESE, THAI])
def test_a_full_article_without_spaces_is_not_flagged_as_cut_short(text):
    lang = {CHINESE: "zh", JAPANESE: "ja", THAI: "th"}[text]
    html = (
        f"<html lang='{lang}'><head><title>{text[:12]}</title></head><body><article>"
        f"<h1>{text[:12]}</h1>"
        + "".join(f"<p>{text}{n}</p>" for n in range(8))
        + "</article></body></html>"
    )
    article = extract_article(html, "https://news.example/tea")
    assert article.paywall is None
    assert article.word_count >= 150
    assert article.reading_minutes == reading_minutes(article.text) >= 1
