"""Extraction quality: bare trafilatura, trafilatura with newsreader's settings, and the
whole pipeline, on the same annotated pages in the same run.

    .venv/bin/python benchmarks/extraction_quality.py [--corpus DIR] [--limit N]
        [--half tune|holdout|all] [--only NAME[,NAME]] [--json FILE] [--show-misses N]

The corpus is a folder laid out as ../shared/corpus (see its README): raw pages and
``evaldata.json`` with, per page, text snippets the article must contain ("with"),
boilerplate snippets it must not contain ("without") and the expected metadata. Each
page's bytes are decoded once with ``newsreader.capture.charset.decode_html`` and the same
text goes to every extractor, with the page's original address as its URL (the
annotation's key when it is an http(s) address; otherwise the placeholder address
``corpus.load_corpus`` gives it). Pages are taken one by one, and on each page the
extractors run one after the other in this process.

**Halves.** The pages are split by a hash of their URL (``corpus.split_half``: the low
bit of the first byte of SHA-256) into a *tune* half, the only one looked at while
tuning rules, and a *holdout* half, only scored at the end. Every figure is reported
for both halves and for all pages; a rule that helps one half and hurts the other is
overfitting. ``--half`` runs one half only.

Extractors (``--only`` picks a subset):

- ``bare``: ``trafilatura.extract(html, url=url)`` with trafilatura's defaults gives the
  text; ``trafilatura.bare_extraction(html, url=url, with_metadata=True)``, defaults
  otherwise, gives title, author and date. Its time is both calls together (the split is
  printed under the table).
- ``precision``: the same two calls with ``favor_precision=True``, trafilatura's other
  setting: the pipeline must be at least as good as bare trafilatura at its best.
- ``settings``: ``newsreader.capture.trafilatura_pass.trafilatura_document(html, url)``: trafilatura
  with newsreader's options (images, links, formatting, tables, no comments, full mode,
  date search); the body as plain text (``trafilatura.xml.xmltotxt`` without formatting,
  after links are reduced to their text and images dropped: ``document.text`` is
  Markdown with these options, and xmltotxt writes links and images as Markdown even
  without formatting) and its title, author and date.
- ``pipeline``: ``newsreader.capture.extract.extract_article(html, url)``: ``.text``,
  ``.title``, ``.author``, ``.published``. ``ExtractionError`` counts as an empty output.

Any other exception is recorded as an error for that page and extractor (shown in the
``errors`` column and in the JSON), and its output counts as empty.

**Pages.** The pipeline's page counts follow the table: pages attempted, saved (text
extracted), saved as trafilatura's own article because our steps failed (the guard,
``ExtractedArticle.unrefined``) with the reason, and not saved, with the reason; and
every page bare trafilatura extracts that the pipeline does not save.

**Below bare.** Every page where the pipeline's F1 is below bare trafilatura's (at its
default setting) is listed with the reason: not saved, saved without our refinements,
a paragraph lost (a "with" snippet bare keeps and the pipeline misses), boilerplate
kept (a "without" snippet the pipeline keeps and bare drops).

Text metrics, as trafilatura's own evaluation (tests/comparison.py) counts them, over all
snippets of all pages. Snippet and output are compared after Unicode NFC normalisation
(canonically equivalent text is the same text: a Bengali page's U+09DF in one is
U+09AF U+09BC in the other) and after collapsing every run of whitespace (spaces, tabs,
newlines, no-break spaces) to one space. Nothing else is normalised: a soft hyphen
(U+00AD) left inside a word makes a snippet a miss (it splits the word for search too);
the JSON counts them per page ("soft_hyphens"). A "with" snippet found in the output is
a true positive, else a false negative; a "without" snippet found is a false positive,
else a true negative. An empty output gives FN for every "with" and TN for every
"without". precision = TP/(TP+FP), recall = TP/(TP+FN), F1 = 2PR/(P+R), accuracy =
(TP+TN)/all. A page's own F1 (for ``--show-misses`` and the JSON) is 2TP/(2TP+FP+FN).

Metadata accuracy, per field, over the pages whose annotation has a non-empty value for
it (in ../shared/corpus: 416 pages carry the three fields, but many are empty strings;
414 titles, 267 authors and 362 dates are non-empty). A missing extracted value is a miss.

- title: equal after NFC, casefolding and collapsing whitespace. Strict: a title with the
  site's name appended (" | Site") is a miss.
- author: NFC, casefolded, whitespace collapsed, then split into a set of names at ";", ",",
  "&", "/", "|", " and " and " und "; the sets must be equal (order does not matter).
  The annotations use all of these ("Luana Patriolino; Raphael Felice", "dsw / DPA",
  "David Brand and Ramsey Khalifeh", "CLARA LÖW, SIDDHARTH PRAKASH & KLAUS JACOB"); one
  annotation is a list of names, read as the names joined. trafilatura joins several
  authors with "; ".
- date: the first YYYY-M-D in the string, month and day zero-padded, must be equal. The
  annotations are plain dates, "2019-06-11" (one is "2022-11-1"); trafilatura and the
  pipeline give ISO dates too, so a time part or an offset never counts.

Time: ``time.perf_counter`` around each extractor's call(s), decoding excluded; mean
and median ms per page over all pages. Each extractor first extracts the first page once
untimed (warm-up). The process is single-threaded; the machine's noise falls on all
three alike since they alternate page by page.

``--json FILE`` writes all the figures and, for each page and extractor, the "with"
snippets missed, the "without" snippets present, the metadata mismatches (expected and
got), the error if any, and the time. ``--show-misses N`` prints the N pages where the
pipeline's F1 falls furthest below bare trafilatura's, with their missed and extra
snippets.
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import re
import statistics
import sys
import time
import traceback
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import trafilatura
from corpus import DEFAULT_CORPUS, Page, load_corpus
from lxml import etree
from trafilatura.xml import xmltotxt

from newsreader.capture.charset import decode_html
from newsreader.capture.extract import extract_article
from newsreader.capture.trafilatura_pass import trafilatura_document
from newsreader.errors import ExtractionError

EXTRACTORS = ("bare", "precision", "settings", "pipeline")
HALVES = ("tune", "holdout", "all")
FIELDS = ("title", "author", "date")
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:[;,&/|]|\band\b|\bund\b)\s*")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


@dataclass
class Output:
    text: str = ""
    title: str | None = None
    author: str | None = None
    date: str | None = None
    error: str | None = None  # an unexpected exception
    empty_reason: str | None = None  # why there is no text (ExtractionError, None...)
    unrefined: str | None = None  # pipeline: why the copy is trafilatura's alone
    ms: float = 0.0
    split_ms: dict[str, float] = field(default_factory=dict)  # bare: text / metadata


# --- the three extractors --------------------------------------------------------------


def run_bare(html: str, url: str, **settings: bool) -> Output:
    start = time.perf_counter()
    text = trafilatura.extract(html, url=url, **settings)
    middle = time.perf_counter()
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, **settings)
    end = time.perf_counter()
    out = Output(text=text or "", ms=(end - start) * 1000)
    out.split_ms = {"text": (middle - start) * 1000, "metadata": (end - middle) * 1000}
    if text is None:
        out.empty_reason = f"extract({', '.join(f'{k}=True' for k in settings)}) returned None"
    if document is not None:
        out.title, out.author, out.date = document.title, document.author, document.date
    return out


def run_precision(html: str, url: str) -> Output:
    return run_bare(html, url, favor_precision=True)


def plain_text(body: etree._Element) -> str:
    body = copy.deepcopy(body)
    etree.strip_tags(body, "ref")
    etree.strip_elements(body, "graphic", with_tail=False)
    return xmltotxt(body, include_formatting=False)


def run_settings(html: str, url: str) -> Output:
    start = time.perf_counter()
    document = trafilatura_document(html, url)
    out = Output(ms=(time.perf_counter() - start) * 1000)
    if document is None:
        out.empty_reason = "trafilatura_document() returned None"
        return out
    # document.text is Markdown with these options ("**", "[text](url)", "![alt](src)"),
    # which would split snippets; trafilatura's own plain-text rendering of the same body
    # is what the options really extracted. That rendering still writes links and images
    # as Markdown, so they become their text and nothing first (on a copy).
    out.text = plain_text(document.body) if document.body is not None else ""
    if not out.text:
        out.empty_reason = "the extracted body is empty"
    out.title, out.author, out.date = document.title, document.author, document.date
    return out


def run_pipeline(html: str, url: str) -> Output:
    start = time.perf_counter()
    try:
        article = extract_article(html, url)
    except ExtractionError as exc:
        out = Output(ms=(time.perf_counter() - start) * 1000)
        out.empty_reason = f"ExtractionError: {exc}"
        return out
    out = Output(ms=(time.perf_counter() - start) * 1000)
    out.text = article.text or ""
    out.title, out.author, out.date = article.title, article.author, article.published
    out.unrefined = article.unrefined
    return out


RUNNERS: dict[str, Callable[[str, str], Output]] = {
    "bare": run_bare,
    "precision": run_precision,
    "settings": run_settings,
    "pipeline": run_pipeline,
}


def run(name: str, html: str, url: str) -> Output:
    start = time.perf_counter()
    try:
        return RUNNERS[name](html, url)
    except Exception as exc:
        last = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(last.filename).name}:{last.lineno}"
        out = Output(ms=(time.perf_counter() - start) * 1000)
        out.error = f"{type(exc).__name__}: {exc} ({where})"
        return out


# --- scoring ---------------------------------------------------------------------------


def normalise_space(text: str) -> str:
    """NFC, then every run of whitespace (spaces, tabs, newlines, NBSP...) as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def expected_value(annotation: dict, name: str) -> str | None:
    value = annotation.get(name)
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    if not isinstance(value, str) or not value.strip():
        return None
    return value


def title_key(value: str) -> str:
    return normalise_space(value).casefold()


def author_key(value: str) -> frozenset[str]:
    names = _AUTHOR_SEPARATORS.split(normalise_space(value).casefold())
    return frozenset(name for name in names if name)


def date_key(value: str) -> str | None:
    match = _DATE.search(value)
    if not match:
        return None
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


KEYS: dict[str, Callable[[str], object]] = {
    "title": title_key,
    "author": author_key,
    "date": date_key,
}


def metadata_matches(name: str, expected: str, got: object) -> bool:
    if not isinstance(got, str) or not got.strip():
        return False
    key = KEYS[name]
    return key(got) == key(expected)


@dataclass
class PageScore:
    tp: int
    fn: int
    fp: int
    tn: int
    missed: list[str]  # "with" snippets not in the output
    extra: list[str]  # "without" snippets in the output
    metadata: dict[str, bool]  # field -> matched, for the annotated fields
    mismatches: dict[str, dict[str, object]]

    @property
    def f1(self) -> float:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 1.0


def score(annotation: dict, out: Output) -> PageScore:
    text = normalise_space(out.text)
    missed, extra = [], []
    tp = fn = fp = tn = 0
    for snippet in annotation.get("with", []):
        if text and normalise_space(snippet) in text:
            tp += 1
        else:
            fn += 1
            missed.append(snippet)
    for snippet in annotation.get("without", []):
        if text and normalise_space(snippet) in text:
            fp += 1
            extra.append(snippet)
        else:
            tn += 1
    metadata: dict[str, bool] = {}
    mismatches: dict[str, dict[str, object]] = {}
    for name in FIELDS:
        expected = expected_value(annotation, name)
        if expected is None:
            continue
        got = getattr(out, name)
        metadata[name] = metadata_matches(name, expected, got)
        if not metadata[name]:
            mismatches[name] = {"expected": annotation[name], "got": got}
    return PageScore(tp, fn, fp, tn, missed, extra, metadata, mismatches)


@dataclass
class Totals:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    errors: int = 0
    empty: int = 0
    metadata_hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    metadata_total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    ms: list[float] = field(default_factory=list)
    split_ms: dict[str, list[float]] = field(default_factory=dict)

    def add(self, out: Output, page_score: PageScore) -> None:
        self.tp += page_score.tp
        self.fn += page_score.fn
        self.fp += page_score.fp
        self.tn += page_score.tn
        self.errors += out.error is not None
        self.empty += not normalise_space(out.text)
        for name, hit in page_score.metadata.items():
            self.metadata_total[name] += 1
            self.metadata_hits[name] += hit
        self.ms.append(out.ms)
        for part, ms in out.split_ms.items():
            self.split_ms.setdefault(part, []).append(ms)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        total = self.tp + self.fn + self.fp + self.tn
        return (self.tp + self.tn) / total if total else 0.0

    def metadata_share(self, name: str) -> float:
        total = self.metadata_total[name]
        return self.metadata_hits[name] / total if total else 0.0

    def figures(self) -> dict[str, object]:
        return {
            "true_positives": self.tp,
            "false_negatives": self.fn,
            "false_positives": self.fp,
            "true_negatives": self.tn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "accuracy": self.accuracy,
            "metadata": {
                name: {
                    "matched": self.metadata_hits[name],
                    "annotated": self.metadata_total[name],
                    "share": self.metadata_share(name),
                }
                for name in FIELDS
            },
            "ms_per_page_mean": statistics.fmean(self.ms) if self.ms else None,
            "ms_per_page_median": statistics.median(self.ms) if self.ms else None,
            "ms_split_mean": {
                part: statistics.fmean(values) for part, values in self.split_ms.items()
            },
            "errors": self.errors,
            "empty_outputs": self.empty,
            "pages": len(self.ms),
        }


# --- the run ---------------------------------------------------------------------------


def page_address(page: Page) -> str:
    key = page.key.strip()
    return key if key.startswith(("http://", "https://")) else page.url


def quiet_logging() -> None:
    # trafilatura, htmldate, courlan and justext warn about every odd page.
    logging.disable(logging.CRITICAL)


def evaluate(
    pages: list[Page], names: list[str], progress: bool = True
) -> tuple[dict[str, dict[str, Totals]], list[dict]]:
    """Every extractor on every page: totals per half ("tune", "holdout", "all") and
    extractor, and a record per page."""
    totals = {half: {name: Totals() for name in names} for half in HALVES}
    results: list[dict] = []
    # Warm-up: trafilatura's and lxml's first-use set-up, outside the timings.
    warm_html, _ = decode_html(pages[0].file.read_bytes())
    for name in names:
        run(name, warm_html, page_address(pages[0]))
    started = time.perf_counter()
    for n, page in enumerate(pages, 1):
        html, encoding = decode_html(page.file.read_bytes())
        url = page_address(page)
        record: dict = {
            "key": page.key,
            "half": page.half,
            "file": page.file.name,
            "url": url,
            "encoding": encoding,
            "with": len(page.annotation.get("with", [])),
            "without": len(page.annotation.get("without", [])),
            "extractors": {},
        }
        for name in names:
            out = run(name, html, url)
            page_score = score(page.annotation, out)
            totals[page.half][name].add(out, page_score)
            totals["all"][name].add(out, page_score)
            record["extractors"][name] = {
                "tp": page_score.tp,
                "fn": page_score.fn,
                "fp": page_score.fp,
                "tn": page_score.tn,
                "f1": page_score.f1,
                "missed": page_score.missed,
                "extra": page_score.extra,
                "metadata_mismatches": page_score.mismatches,
                "chars": len(out.text),
                "soft_hyphens": out.text.count("\u00ad"),
                "empty_reason": out.empty_reason,
                "unrefined": out.unrefined,
                "error": out.error,
                "ms": out.ms,
            }
        results.append(record)
        if progress and (n % 50 == 0 or n == len(pages)):
            elapsed = time.perf_counter() - started
            print(f"  {n}/{len(pages)} pages, {elapsed:.0f} s", file=sys.stderr, flush=True)
    return totals, results


# --- output ----------------------------------------------------------------------------


def print_table(totals: dict[str, Totals]) -> None:
    header = (
        f"{'extractor':<10} {'precision':>9} {'recall':>7} {'F1':>7} {'accuracy':>8} "
        f"{'title%':>7} {'author%':>7} {'date%':>7} {'ms mean':>8} {'ms median':>9} "
        f"{'errors':>6} {'empty':>5}"
    )
    print(header)
    print("-" * len(header))
    for name, t in totals.items():
        shares = " ".join(f"{percent(t, field_name):>7}" for field_name in FIELDS)
        print(
            f"{name:<10} {t.precision:>9.3f} {t.recall:>7.3f} {t.f1:>7.3f} {t.accuracy:>8.3f} "
            f"{shares} {statistics.fmean(t.ms):>8.1f} "
            f"{statistics.median(t.ms):>9.1f} {t.errors:>6} {t.empty:>5}"
        )


def percent(t: Totals, field_name: str) -> str:
    """A metadata share as a percentage, or "-" when no page annotates the field."""
    return f"{100 * t.metadata_share(field_name):.1f}" if t.metadata_total[field_name] else "-"


def print_details(totals: dict[str, Totals]) -> None:
    print()
    for name, t in totals.items():
        meta = "  ".join(
            f"{field_name} {t.metadata_hits[field_name]}/{t.metadata_total[field_name]}"
            + (f" {percent(t, field_name)}%" if t.metadata_total[field_name] else "")
            for field_name in FIELDS
        )
        print(f"{name:<10} TP {t.tp}  FN {t.fn}  FP {t.fp}  TN {t.tn}   {meta}")
    bare = totals.get("bare")
    if bare is not None and bare.split_ms:
        text_ms = statistics.fmean(bare.split_ms["text"])
        meta_ms = statistics.fmean(bare.split_ms["metadata"])
        print(
            f"\nbare's time is extract() for the text plus bare_extraction() for the metadata: "
            f"{text_ms:.1f} + {meta_ms:.1f} ms per page (means)."
        )
    if bare is None:
        return
    print()
    for name, t in totals.items():
        if name == "bare":
            continue
        parts = [
            f"precision {t.precision - bare.precision:+.3f}",
            f"recall {t.recall - bare.recall:+.3f}",
            f"F1 {t.f1 - bare.f1:+.3f}",
        ]
        parts += [
            f"{field_name} "
            f"{100 * (t.metadata_share(field_name) - bare.metadata_share(field_name)):+.1f} pt"
            for field_name in FIELDS
        ]
        print(f"{name} vs bare: " + ", ".join(parts))
    best = max((totals[n] for n in ("bare", "precision") if n in totals), key=lambda t: t.f1)
    if "pipeline" in totals and "precision" in totals:
        print(
            f"pipeline vs bare trafilatura at its best setting (F1 {best.f1:.3f}): "
            f"F1 {totals['pipeline'].f1 - best.f1:+.3f}"
        )


def print_errors(results: list[dict], names: list[str]) -> None:
    print(
        "\nerrors:",
        ", ".join(
            f"{name} {sum(1 for r in results if r['extractors'][name]['error'])}" for name in names
        ),
    )
    for name in names:
        for record in results:
            error = record["extractors"][name]["error"]
            if error:
                print(f"  {name:<9} {record['file']}: {error}")


def print_pages(results: list[dict], with_bare: bool) -> None:
    """The pipeline's page counts: saved, saved by the guard (and why), not saved."""
    records = [r["extractors"]["pipeline"] for r in results]
    saved = [p for p in records if p["chars"]]
    unrefined = [(r, r["extractors"]["pipeline"]["unrefined"]) for r in results]
    unrefined = [(r, why) for r, why in unrefined if why]
    print(
        f"\npipeline pages: {len(records)} attempted, {len(saved)} saved, "
        f"{len(unrefined)} saved as trafilatura's own article (our steps failed), "
        f"{len(records) - len(saved)} not saved"
    )
    for record, why in unrefined:
        print(f"  saved unrefined: {record['file']}: {why}")
    for record in results:
        mine = record["extractors"]["pipeline"]
        if not mine["chars"]:
            why = mine["error"] or mine["empty_reason"]
            bare = record["extractors"].get("bare", {}).get("chars") if with_bare else None
            note = f" (bare trafilatura extracts {bare} characters)" if bare else ""
            print(f"  not saved: {record['file']}: {why}{note}")


def below_bare_reason(bare: dict, pipeline: dict) -> str:
    """Why the pipeline scored below bare trafilatura on one page, in one line."""
    if not pipeline["chars"]:
        return f"not saved: {pipeline['error'] or pipeline['empty_reason']}"
    parts = []
    if pipeline["unrefined"]:
        parts.append(f"saved without our refinements ({pipeline['unrefined']})")
    lost = [s for s in pipeline["missed"] if s not in bare["missed"]]
    kept = [s for s in pipeline["extra"] if s not in bare["extra"]]
    if lost:
        parts.append(f"lost {len(lost)} paragraph(s) bare keeps: {lost[0][:50]!r}")
    if kept:
        parts.append(f"kept {len(kept)} boilerplate snippet(s) bare drops: {kept[0][:50]!r}")
    return "; ".join(parts) or "scores differ"


def print_below_bare(results: list[dict]) -> None:
    """Every page where the pipeline's F1 is below bare trafilatura's, with the reason."""
    below = [
        r for r in results if r["extractors"]["pipeline"]["f1"] < r["extractors"]["bare"]["f1"]
    ]
    above = sum(
        1 for r in results if r["extractors"]["pipeline"]["f1"] > r["extractors"]["bare"]["f1"]
    )
    print(
        f"\npages where the pipeline is below bare trafilatura: {len(below)} "
        f"(above it: {above}; the same: {len(results) - len(below) - above})"
    )
    for r in sorted(below, key=lambda r: (r["half"], r["file"])):
        bare, pipeline = r["extractors"]["bare"], r["extractors"]["pipeline"]
        print(
            f"  [{r['half']}] {r['file']}: F1 {pipeline['f1']:.2f} vs {bare['f1']:.2f}: "
            f"{below_bare_reason(bare, pipeline)}"
        )


def print_misses(results: list[dict], count: int) -> None:
    losses = [
        (r["extractors"]["pipeline"]["f1"] - r["extractors"]["bare"]["f1"], r)
        for r in results
        if r["extractors"]["pipeline"]["f1"] < r["extractors"]["bare"]["f1"]
    ]
    losses.sort(key=lambda item: item[0])
    shown = min(count, len(losses))
    worst = f"; the {shown} worst follow" if shown else ""
    print(f"\npages where the pipeline's F1 is below bare's: {len(losses)}{worst}")
    for delta, r in losses[:count]:
        bare, pipeline = r["extractors"]["bare"], r["extractors"]["pipeline"]
        print(f"\n{r['file']}  ({r['url']})")
        print(
            f"  F1 pipeline {pipeline['f1']:.2f} vs bare {bare['f1']:.2f} ({delta:+.2f}); "
            f"chars pipeline {pipeline['chars']} vs bare {bare['chars']}"
        )
        if pipeline["empty_reason"] or pipeline["error"]:
            print(f"  pipeline: {pipeline['error'] or pipeline['empty_reason']}")
        # "pipeline only": bare got this one right; "both": bare got it wrong as well.
        for key in ("missed", "extra"):
            for snippet in pipeline[key]:
                whose = "both" if snippet in bare[key] else "pipeline only"
                print(f"  {key:<6} ({whose}): {snippet!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument(
        "--only",
        default=",".join(EXTRACTORS),
        help="extractors to run: bare,precision,settings,pipeline",
    )
    parser.add_argument(
        "--half",
        choices=HALVES,
        default="all",
        help="only the pages of one half (tune while tuning; holdout at the end)",
    )
    parser.add_argument(
        "--json", type=Path, default=None, help="write figures and per-page results"
    )
    parser.add_argument(
        "--show-misses",
        type=int,
        default=0,
        metavar="N",
        help="print the N pages where the pipeline's F1 is furthest below bare's",
    )
    args = parser.parse_args(argv)

    names = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in names if name not in EXTRACTORS]
    if unknown or not names:
        parser.error(f"--only: unknown extractor(s) {unknown}; choose from {list(EXTRACTORS)}")
    names = [name for name in EXTRACTORS if name in names]  # fixed order, no repeats
    if args.show_misses and not {"bare", "pipeline"} <= set(names):
        parser.error("--show-misses needs both bare and pipeline in --only")

    if not (args.corpus / "evaldata.json").is_file() or not (args.corpus / "pages").is_dir():
        print(
            f"No corpus at {args.corpus} (expected evaldata.json and pages/ there; "
            "see ../shared/corpus/README.md). Use --corpus DIR.",
            file=sys.stderr,
        )
        return 2
    pages = load_corpus(args.corpus)
    if args.half != "all":
        pages = [page for page in pages if page.half == args.half]
    pages = pages[: args.limit] if args.limit else pages
    if not pages:
        print(f"The corpus at {args.corpus} has no pages.", file=sys.stderr)
        return 2

    quiet_logging()
    print(
        f"Extraction quality on {len(pages)} pages of {args.corpus} "
        f"(trafilatura {trafilatura.__version__}): {', '.join(names)}",
        flush=True,
    )
    started = time.perf_counter()
    totals, results = evaluate(pages, names)
    elapsed = time.perf_counter() - started

    snippets = sum(r["with"] + r["without"] for r in results)
    print(
        f"{sum(r['with'] for r in results)} 'with' and {sum(r['without'] for r in results)} "
        f"'without' snippets ({snippets}); run took {elapsed:.0f} s\n"
    )
    for half in HALVES:
        if not totals[half][names[0]].ms:
            continue
        label = {"tune": "tune half", "holdout": "holdout half", "all": "all pages"}[half]
        print(f"\n== {label}: {len(totals[half][names[0]].ms)} pages ==")
        print_table(totals[half])
        print_details(totals[half])
    print_errors(results, names)
    if "pipeline" in names:
        print_pages(results, "bare" in names)
    if {"bare", "pipeline"} <= set(names):
        print_below_bare(results)
    if args.show_misses:
        print_misses(results, args.show_misses)

    if args.json:
        report = {
            "corpus": str(args.corpus),
            "pages": len(pages),
            "trafilatura": trafilatura.__version__,
            "seconds": elapsed,
            "extractors": {name: totals["all"][name].figures() for name in names},
            "halves": {
                half: {name: totals[half][name].figures() for name in names}
                for half in ("tune", "holdout")
            },
            "results": results,
        }
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
