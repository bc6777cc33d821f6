"""Why a save failed, in the interface's language.

The core describes a failure twice (library/failed_saves.py): its kind, an identifier
(``failed_saves.KINDS``), and a one-line English message written for the log and the
command line. The window shows one translated sentence per kind, followed by the
core's message only where that message tells more than the sentence does:

- an unsupported scheme (ftp:, mailto:, htp:): the sentence says everything, and
  the scheme is in the address shown beside it, so the English adds nothing;
- every other kind: the message names what the sentence cannot (the HTTP status,
  the host that refused or did not answer, the content type, the time limit, why
  the address is not one, why the library could not store it), and it is kept as
  the core wrote it: a status line or a host name reads the same in any language.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from newsreader.library import failed_saves

# One sentence per kind, shown through QCoreApplication.translate("FailureReasons", …).
SENTENCES = {
    failed_saves.UNSUPPORTED_SCHEME: QT_TRANSLATE_NOOP(
        "FailureReasons", "Only web addresses (http:// or https://) can be saved"
    ),
    failed_saves.INVALID_URL: QT_TRANSLATE_NOOP("FailureReasons", "Not a valid web address"),
    failed_saves.NOT_AN_ARTICLE: QT_TRANSLATE_NOOP(
        "FailureReasons", "The address leads to a file, not a web page"
    ),
    failed_saves.TIMEOUT: QT_TRANSLATE_NOOP("FailureReasons", "Saving took too long"),
    failed_saves.FETCH: QT_TRANSLATE_NOOP("FailureReasons", "The page could not be downloaded"),
    failed_saves.EXTRACTION: QT_TRANSLATE_NOOP(
        "FailureReasons", "No article could be taken from the page"
    ),
    failed_saves.LIBRARY: QT_TRANSLATE_NOOP("FailureReasons", "The library could not store it"),
    failed_saves.OTHER: QT_TRANSLATE_NOOP("FailureReasons", "Something unexpected went wrong"),
}

# Kinds whose sentence says all the core's message does (see the module's docstring).
SENTENCE_ALONE = frozenset({failed_saves.UNSUPPORTED_SCHEME})


def failure_reason(kind: str | None, detail: str = "") -> str:
    """The reason a save of kind ``kind`` (one of ``failed_saves.KINDS``; None or an
    unknown one counts as OTHER) failed, as one line in the interface's language:
    the kind's sentence, then ``detail`` (the core's one-line English message) unless
    the kind is in SENTENCE_ALONE or ``detail`` is empty."""
    if kind not in SENTENCES:
        kind = failed_saves.OTHER
    translate = QCoreApplication.translate
    sentence = translate("FailureReasons", SENTENCES[kind])
    detail = " ".join(detail.split())
    if kind in SENTENCE_ALONE or not detail:
        return sentence
    # {0} is the sentence, {1} the core's details in English ("HTTP 404 Not Found").
    return translate("FailureReasons", "{0}: {1}").format(sentence, detail)
