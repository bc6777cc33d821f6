"""The layers: the core never imports Qt, so the CLI and scripts run without it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import newsreader

PACKAGE = Path(newsreader.__file__).parent
CORE_MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_modules_do_not_import_qt():
    assert len(CORE_MODULES) > 10
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            n for n in _imports(path) if n.startswith(("PySide6", "PyQt", "shiboken"))
        )
        for path in CORE_MODULES
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_running_the_cli_loads_no_qt():
    # ast above misses imports made indirectly; this runs the real thing.
    modules = [
        "newsreader." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for p in CORE_MODULES
        if p.name != "__main__.py"
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name.removesuffix('.__init__'))\n"
        "from newsreader.cli import build_parser; build_parser()\n"
        "leaked = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken')))\n"
        "print(leaked)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_only_the_paths_module_decides_locations():
    # platformdirs, and the library folder's layout, are known in one place.
    users = [
        p.relative_to(PACKAGE).as_posix() for p in CORE_MODULES if "platformdirs" in _imports(p)
    ]
    assert users == ["paths.py"]
