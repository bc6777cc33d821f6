"""Text that pages draw with markup: emoji images become their characters; code blocks
written one element a line keep one source line per line, in every output."""

from __future__ import annotations

import pytest

from newsreader import render
from newsreader.capture.extract import extract_article

INTRO = (
    "<p>Our river gauges report a water level every ten seconds, and the raw numbers jump "
    "around whenever a wave passes the sensor, so we smooth them first.</p>"
    "<p>The version below keeps a running total instead of summing the whole window each "
    "time, so it stays fast even with a window of several thousand readings.</p>"
)
OUTRO = (
    "<p>The first few averages use fewer readings than the window, which is why the "
    "divisor is the smaller of the two numbers in the last line of the loop.</p>"
    "<p>We tried a fancier filter last year, but it lagged behind real floods by almost "
    "half a minute, and for a flood warning that is the wrong trade to make.</p>"
)
SOURCE = [
    "def moving_average(readings, window):",
    "    total = 0.0",
    "    averages = []",
    "    for i, value in enumerate(readings):",
    "        total += value",
    "        if i >= window:",
    "            total -= readings[i - window]",
    "        averages.append(total / min(i + 1, window))",
    "    return averages",
]


def tokens(line: str) -> str:
    """A line as a highlighter writes it: words in spans, spaces in their own."""
    indent = len(line) - len(line.lstrip())
    words = line.strip().split(" ")
    spans = "<span class='token plain'> </span>".join(
        f"<span class='token'>{word}</span>" for word in words
    )
    return f"<span class='token plain'>{' ' * indent}</span>{spans}" if indent else spans


def page(block: str, title: str = "Smoothing sensor data") -> str:
    return (
        f"<html lang='en'><head><title>{title}</title></head><body><main><article>"
        f"<h1>{title}</h1>{INTRO}{block}{OUTRO}</article></main></body></html>"
    )


HIGHLIGHTERS = {
    # prism-react-renderer (Docusaurus): a <div> a line, no <code>, no newlines.
    "prism-react": "<pre class='prism-code language-python'>"
    + "".join(f"<div class='token-line'>{tokens(line)}</div>" for line in SOURCE)
    + "</pre>",
    # Shiki: a <span class="line"> a line, newlines between them.
    "shiki": "<pre class='shiki'><code>"
    + "\n".join(f"<span class='line'>{tokens(line)}</span>" for line in SOURCE)
    + "</code></pre>",
    # Shiki minified: the same without the newlines.
    "shiki-minified": "<pre class='shiki'><code>"
    + "".join(f"<span class='line'>{tokens(line)}</span>" for line in SOURCE)
    + "</code></pre>",
    # highlight.js with the line-numbers plugin: a table row a line, numbers in a gutter.
    "hljs-ln": "<pre><code class='hljs'><table class='hljs-ln'><tbody>"
    + "".join(
        f"<tr><td class='hljs-ln-line hljs-ln-numbers'><div class='hljs-ln-n' "
        f"data-line-number='{n}'>{n}</div></td><td class='hljs-ln-line hljs-ln-code'>"
        f"{tokens(line)}</td></tr>"
        for n, line in enumerate(SOURCE, 1)
    )
    + "</tbody></table></code></pre>",
    # GitHub's file view: a table with line numbers, no <pre>.
    "github-blob": "<div class='blob-wrapper'><table class='highlight tab-size'><tbody>"
    + "".join(
        f"<tr><td class='blob-num js-line-number' data-line-number='{n}'></td>"
        f"<td class='blob-code blob-code-inner js-file-line'>{tokens(line)}</td></tr>"
        for n, line in enumerate(SOURCE, 1)
    )
    + "</tbody></table></div>",
    # Pygments with linenos="table": numbers in their own <pre>, in a gutter cell.
    "pygments-table": "<table class='highlighttable'><tr><td class='linenos'>"
    "<div class='linenodiv'><pre>"
    + "\n".join(str(n) for n in range(1, len(SOURCE) + 1))
    + "</pre></div></td><td class='code'><div class='highlight'><pre>"
    + "\n".join(tokens(line) for line in SOURCE)
    + "</pre></div></td></tr></table>",
    # CodeMirror: one <pre> a line inside its code container.
    "codemirror": "<div class='CodeMirror-code'>"
    + "".join(
        f"<div><div class='CodeMirror-gutter-wrapper'><div class='CodeMirror-linenumber'>"
        f"{n}</div></div><pre class='CodeMirror-line'>{tokens(line)}</pre></div>"
        for n, line in enumerate(SOURCE, 1)
    )
    + "</div>",
    # Lines separated by <br>, as some blog editors write them.
    "br-lines": "<pre>" + "<br>".join(tokens(line) for line in SOURCE) + "</pre>",
    # The plain case: text with newlines.
    "plain": "<pre><code>" + "\n".join(SOURCE) + "</code></pre>",
}


@pytest.mark.parametrize("highlighter", list(HIGHLIGHTERS))
def test_code_keeps_one_source_line_per_line(highlighter):
    article = extract_article(page(HIGHLIGHTERS[highlighter]), "https://blog.example/smooth")
    code = "\n".join(SOURCE)
    # The stored HTML, its plain text, and the order around the block.
    assert f"<pre><code>{code.replace('>', '&gt;')}</code></pre>" in article.html
    assert code in article.text
    text = article.text
    assert (
        text.index("running total")
        < text.index("def moving_average")
        < text.index("The first few averages")
    )
    for number in ("1\n2\n3", "\n1\n"):
        assert number not in text  # no line numbers


@pytest.mark.parametrize("highlighter", ["prism-react", "github-blob", "hljs-ln"])
def test_code_lines_survive_the_saved_copy_and_markdown(server, saver, library, highlighter):
    url = server.page(f"/code/{highlighter}", page(HIGHLIGHTERS[highlighter]))
    stored = library.get(saver.save(url).article_id)
    assert "```\n" + "\n".join(SOURCE) + "\n```" in render.to_markdown(stored)
    assert "\n".join(SOURCE) in stored.text
    assert "<pre>" in render.to_html(stored)


def test_inline_code_stays_in_its_sentence():
    block = "<p>Call <code>moving_average(readings, 5)</code> to smooth five readings.</p>"
    article = extract_article(page(block), "https://blog.example/inline")
    assert "Call moving_average(readings, 5) to smooth five readings." in article.text
    assert "<pre>" not in article.html


EMOJI_PAGES = {
    # WordPress: an <img class="emoji"> with the character as its alt.
    "wordpress": '<img draggable="false" role="img" class="emoji" alt="{c}" '
    'src="https://s.w.org/images/core/emoji/15.0.3/svg/1f642.svg">',
    # Twitter's embeds and some CMSs: class Emoji, a PNG from twemoji.
    "twemoji": '<img class="Emoji Emoji--forText" alt="{c}" draggable="false" '
    'src="https://abs.twimg.com/emoji/v2/72x72/1f642.png">',
    # No class: only the alt says what it is, drawn at the size of a letter.
    "alt-only": '<img alt="{c}" src="/static/e/1f642.png" width="20" height="20">',
    # Old smileys: a GIF with a text smiley as alt.
    "smiley": '<img class="wp-smiley" alt=":-)" '
    'src="/wp-includes/images/smilies/simple-smile.png">',
}


@pytest.mark.parametrize("kind", list(EMOJI_PAGES))
def test_images_that_stand_for_characters_become_those_characters(kind):
    image = EMOJI_PAGES[kind]
    character = ":-)" if kind == "smiley" else "🙂"
    paragraphs = (
        f"<p>Tusen takk til alle frivillige {image.format(c='🙂')} Neste dugnad blir i mars, "
        "når vi skal male skibua og sette opp nye skilt langs løypa.</p>"
        "<p>Kommunen har lovet å bidra med grus til den våte strekningen ved bekken "
        f"{image.format(c='👍🏽')} Lasset kommer i desember.</p>"
        f"<p>Vi sees i sporet! {image.format(c='🇳🇴')}</p>"
    )
    body = paragraphs.replace("🙂", character) if kind == "smiley" else paragraphs
    article = extract_article(page(body, "Dugnad i lysløypa"), "https://il.example/dugnad")
    assert f"Tusen takk til alle frivillige {character} Neste dugnad blir i mars" in article.text
    if kind != "smiley":
        assert "ved bekken 👍🏽 Lasset kommer i desember." in article.text
        assert "Vi sees i sporet! 🇳🇴" in article.text
    assert "<img" not in article.html


def test_a_picture_is_not_taken_for_a_character():
    photo = (
        '<figure><img src="https://il.example/uploads/dugnad_1024x683.jpg" alt="🙂" '
        'width="1024" height="683"><figcaption>Dugnadsgjengen ved starten.</figcaption></figure>'
    )
    article = extract_article(page(photo, "Dugnad"), "https://il.example/dugnad")
    assert "dugnad_1024x683.jpg" in article.html


def test_a_highlighted_box_of_prose_is_not_taken_for_code():
    box = (
        "<div class='highlight'><p>Key facts: the <a href='https://council.example/v'>council"
        "</a> voted 5-2.</p><p>The plan is paid for by the harbour fund.</p></div>"
    )
    article = extract_article(page(box), "https://blog.example/facts")
    assert "<pre>" not in article.html
    assert "Key facts: the council voted 5-2." in article.text


def test_a_picture_described_by_a_symbol_stays_a_picture():
    photo = '<p>Her er bildet:</p><img src="https://il.example/uploads/bilde.jpg" alt="📷">'
    article = extract_article(page(photo, "Dugnad"), "https://il.example/dugnad")
    assert "bilde.jpg" in article.html


def test_private_use_characters_of_icon_fonts_are_harmless():
    icons = "<p>\ue002 warning: the \ue0020\ue002 icon font glyphs \ue000 stay harmless.</p>"
    article = extract_article(page(icons), "https://blog.example/icons")
    assert "warning: the" in article.text


CHROMA_TABLE = (
    "<div class='highlight'><div class='chroma'><table class='lntable'><tr><td class='lntd'>"
    "<pre class='chroma'><code>"
    + "".join(f"<span class='lnt'>{n}\n</span>" for n in range(1, len(SOURCE) + 1))
    + "</code></pre></td><td class='lntd'><pre class='chroma'><code class='language-python'>"
    + "".join(f"<span class='line'><span class='cl'>{line}\n</span></span>" for line in SOURCE)
    + "</code></pre></td></tr></table></div></div>"
)
CHROMA_INLINE = (
    "<div class='highlight'><pre class='chroma'><code>"
    + "".join(
        f"<span class='line'><span class='ln'>{n}</span><span class='cl'>{line}\n</span></span>"
        for n, line in enumerate(SOURCE, 1)
    )
    + "</code></pre></div>"
)
BR_CODE = (
    "<div class='codeblock' style='font-family:monospace'><code>"
    + "<br>".join(line.replace(" ", "&nbsp;") for line in SOURCE)
    + "</code></div>"
)


@pytest.mark.parametrize("block", [CHROMA_TABLE, CHROMA_INLINE, BR_CODE])
def test_more_highlighters_keep_their_lines_without_line_numbers(block):
    article = extract_article(page(block), "https://blog.example/more")
    assert "\n".join(SOURCE) in article.text
    assert "1def" not in article.text and "1\n2\n3" not in article.text


@pytest.mark.parametrize(
    ("image", "character"),
    [
        ('<img src="/img/icons/k1.png" alt="1️⃣" width="18" height="18">', "1️⃣"),
        ('<img class="gaiji" src="/gaiji/2000B.png" alt="𠮷" width="16" height="16">', "𠮷"),
        ('<img src="/gaiji/9AD9.png" alt="髙" width="16" height="16">', "髙"),
    ],
)
def test_any_character_drawn_as_a_letter_sized_image_is_that_character(image, character):
    body = f"<p>Start {image} with a layer of gravel along the whole of the wet stretch.</p>"
    article = extract_article(page(body * 3, "Gravel"), "https://il.example/grus")
    assert f"Start {character} with a layer" in article.text
    assert "<img" not in article.html
