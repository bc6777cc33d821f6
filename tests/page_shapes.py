"""Generated pages of one shape, N times over: the inputs of the scaling benchmark
(benchmarks/extraction_scaling.py) and of the tests that check capture is linear in
the page (tests/test_extraction_scaling.py).

Each shape is a function of N that returns a whole page: an article of ordinary
prose with N repetitions of one construct (images in one container, paragraphs,
nested divs, ...) where a real page would have a few.
"""

from __future__ import annotations

from collections.abc import Callable

_PROSE = (
    "Dette er en helt vanlig setning i en lang artikkel om været i Bergen, "
    "skrevet for å gi siden nok tekst. "
)


def _page(inner: str, head: str = "") -> str:
    return (
        "<!DOCTYPE html><html lang='nb'><head><meta charset='utf-8'>"
        f"<title>Været i Bergen</title>{head}</head><body><article><h1>Været i Bergen</h1>"
        f"<p>{_PROSE * 6}</p>{inner}<p>{_PROSE * 6}</p></article></body></html>"
    )


def images_in_one_container(n: int) -> str:
    return _page(
        "<div class='gallery'>"
        + "".join(f"<img src='https://x.example/img/{i}.jpg' alt='Bilde {i}'>" for i in range(n))
        + "</div>"
    )


def paragraphs(n: int) -> str:
    return _page("".join(f"<p>Avsnitt {i}. {_PROSE}</p>" for i in range(n)))


def nested_divs(n: int) -> str:
    # N sibling blocks of a few levels each: the common "div soup".
    return _page(
        "".join(
            f"<div class='a'><div class='b'><div><p>Blokk {i}. {_PROSE}</p></div></div></div>"
            for i in range(n)
        )
    )


def deep_nesting(n: int) -> str:
    return _page("<div>" * n + f"<p>{_PROSE}</p>" + "</div>" * n)


def links(n: int) -> str:
    return _page(
        "<p>"
        + " ".join(f"Ord {i} <a href='https://x.example/side/{i}'>lenke {i}</a>" for i in range(n))
        + "</p>"
    )


def figures_with_captions(n: int) -> str:
    return _page(
        "".join(
            f"<figure><img src='https://x.example/fig/{i}.jpg' width='800' height='600'>"
            f"<figcaption>Bildetekst nummer {i} om været.</figcaption></figure><p>{_PROSE}</p>"
            for i in range(n)
        )
    )


def table_cells(n: int) -> str:
    rows = "".join(
        "<tr>" + "".join(f"<td>c{r}-{c}</td>" for c in range(10)) + "</tr>" for r in range(n // 10)
    )
    return _page(f"<table>{rows}</table>")


def long_text_node(n: int) -> str:
    # N sentences in a single text node.
    return _page(f"<p>{_PROSE * n}</p>")


def line_breaks(n: int) -> str:
    return _page("<p>" + "<br>".join(f"Linje {i} om været" for i in range(n)) + "</p>")


def comments(n: int) -> str:
    return _page("".join(f"<!-- kommentar {i} --><p>Avsnitt {i}. {_PROSE}</p>" for i in range(n)))


def scripts_and_embeds(n: int) -> str:
    parts = []
    for i in range(n):
        kind = i % 3
        if kind == 0:
            parts.append(f"<script>var x{i} = {i};</script>")
        elif kind == 1:
            parts.append(f"<iframe src='https://www.youtube.com/embed/v{i}'></iframe>")
        else:
            parts.append(
                f"<blockquote class='twitter-tweet'><p>Post {i}</p>"
                f"<a href='https://twitter.com/a/status/{i}'>lenke</a></blockquote>"
            )
        parts.append(f"<p>{_PROSE}</p>")
    return _page("".join(parts))


def code_lines(n: int) -> str:
    return _page(
        "<pre class='highlight'><code>"
        + "".join(f"<span class='line'>x_{i} = {i}  # linje</span>\n" for i in range(n))
        + "</code></pre>"
    )


def code_lines_as_elements(n: int) -> str:
    # A code block written one element a line (what page_text.plain_code_blocks joins).
    return _page(
        "<div class='highlight'>"
        + "".join(
            f"<div class='line'><span>x_{i}</span> = <span>{i}</span></div>" for i in range(n)
        )
        + "</div>"
    )


def list_items(n: int) -> str:
    return _page("<ul>" + "".join(f"<li>Punkt {i}: {_PROSE}</li>" for i in range(n)) + "</ul>")


SHAPES: dict[str, Callable[[int], str]] = {
    "images in one container": images_in_one_container,
    "paragraphs": paragraphs,
    "nested divs": nested_divs,
    "deep nesting": deep_nesting,
    "links": links,
    "figures with captions": figures_with_captions,
    "table cells": table_cells,
    "long text node": long_text_node,
    "<br> lines": line_breaks,
    "comments": comments,
    "scripts/iframes/embeds": scripts_and_embeds,
    "code lines": code_lines,
    "code lines as elements": code_lines_as_elements,
    "list items": list_items,
}


def nested_wrappers(n: int) -> str:
    # N paragraphs at the bottom of 250 nested wrappers whose names furniture checks
    # look at (libxml2 keeps at most 255 levels, so the depth cannot grow with N).
    names = ("ad-wrapper", "related", "badge", "article-body", "figure")
    opening = "".join(f"<div class='{names[i % len(names)]}'>" for i in range(250))
    return _page(
        opening + "".join(f"<p>Avsnitt {i}. {_PROSE}</p>" for i in range(n)) + "</div>" * 250
    )


SHAPES["nested wrappers"] = nested_wrappers


def images_in_one_figure(n: int) -> str:
    # A gallery written as one <figure>: every image finds the same figure and caption.
    return _page(
        "<figure class='gallery'>"
        + "".join(f"<img src='https://x.example/g/{i}.jpg' width='800'>" for i in range(n))
        + "<figcaption>Bildegalleri fra Bergen.</figcaption></figure>"
    )


def images_in_one_media_box(n: int) -> str:
    # A box named like an image's wrapper ("media") that holds every image.
    return _page(
        "<div class='media-grid'>"
        + "".join(f"<img src='https://x.example/m/{i}.jpg' width='800'>" for i in range(n))
        + "</div>"
    )


def captions_in_one_figure(n: int) -> str:
    # One picture with N caption and credit blocks.
    return _page(
        "<figure><img src='https://x.example/c.jpg' width='800'>"
        + "".join(
            f"<span class='credit'>Foto {i}</span><figcaption>Tekst {i}</figcaption>"
            for i in range(n)
        )
        + "</figure>"
    )


SHAPES["images in one figure"] = images_in_one_figure
SHAPES["images in one media box"] = images_in_one_media_box
SHAPES["captions in one figure"] = captions_in_one_figure


def nested_ad_boxes(n: int) -> str:
    # 200 nested boxes named as ads around a list of N links: furniture, found once.
    return _page(
        "<div class='ad-slot'>" * 200
        + "<ul>"
        + "".join(f"<li><a href='https://x.example/{i}'>Annonse {i}</a></li>" for i in range(n))
        + "</ul>"
        + "</div>" * 200
    )


SHAPES["nested ad boxes"] = nested_ad_boxes


def nested_inline(n: int) -> str:
    # N sentences at the bottom of 200 nested inline elements (<span>, <b>, <font>).
    names = ("span", "b", "font", "em")
    return _page(
        "<div>"
        + "".join(f"<{names[i % 4]}>" for i in range(200))
        + _PROSE * n
        + "".join(f"</{names[i % 4]}>" for i in reversed(range(200)))
        + "</div>"
    )


SHAPES["nested inline"] = nested_inline
