"""The failure patterns users of other tools reported (../shared/field-cases), each
replayed through newsreader's own command line against its own local server, with
the values a correct save must have (the folder's run_all.py and expected.json).

Each case is one page of a kind; tests/test_charsets.py, test_client_redirects.py,
test_page_text.py, test_scripts.py and test_bylines.py try other pages of each kind.
Skipped when the shared folder is absent (a clone on its own)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.conftest import SHARED

FIELD_CASES = SHARED / "field-cases"
# Parts of a case that belong to another issue, by the start of the failure's line:
# {"case": ("search ",)} lets a case's searches fail while the rest of it must pass.
# None now: cjk-search-substring's searches for Chinese words inside a sentence pass
# since the index splits CJK runs into pairs (tests/test_search_cjk.py tries more).
OTHER_ISSUES: dict[str, tuple[str, ...]] = {}


def _cases() -> list[Path]:
    if not (FIELD_CASES / "run_all.py").is_file():
        return []
    return sorted(p for p in FIELD_CASES.iterdir() if (p / "expected.json").is_file())


@pytest.fixture(scope="module")
def runner():
    spec = importlib.util.spec_from_file_location("field_cases_run_all", FIELD_CASES / "run_all.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # The newsreader command of the environment running the tests.
    module.NR_BIN = str(Path(sys.executable).parent / "newsreader")
    return module


@pytest.mark.skipif(not _cases(), reason="../shared/field-cases is not here")
@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_field_case(runner, case):
    ok, failures, log = runner.run_case(case)
    allowed = OTHER_ISSUES.get(case.name, ())
    ours = [f for f in failures if not f.startswith(allowed or ("\0",))]
    assert ours == [], log
    if not allowed:
        assert ok
