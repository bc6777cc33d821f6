"""Checks made before Qt starts, so a missing display or system library ends in a
clear message instead of Qt aborting the process."""

from __future__ import annotations

import ctypes
import os
import re
import sys
from pathlib import Path

# The Debian/Ubuntu package that provides each library Qt's X11 plugin loads and
# a minimal desktop may lack.
_DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def _platform() -> str:
    explicit = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if explicit:
        return explicit
    if os.environ.get("WAYLAND_DISPLAY"):
        return "wayland"
    return "xcb"


def problem() -> str | None:
    """Why the window cannot open here, or None if it should."""
    if not sys.platform.startswith("linux"):
        return None
    platform = _platform()
    if platform == "xcb" and not os.environ.get("DISPLAY"):
        return (
            "no display to open the window on (DISPLAY is not set). Run newsreader from a "
            "desktop session, or use the command line: newsreader --help"
        )
    if platform != "xcb":
        return None
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.is_file():
        return None
    # Qt's own XCB libraries sit beside the plugin and are found through its rpath;
    # dlopen reports the first system library that is missing.
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        match = re.search(r"([\w.+-]+\.so[\w.]*): cannot open shared object file", str(exc))
        if not match:
            return f"the window cannot start: {exc}"
        library = match.group(1)
        package = _DEBIAN_PACKAGES.get(library)
        hint = f" (Debian/Ubuntu: sudo apt-get install {package})" if package else ""
        return f"the window needs the system library {library}, which is not installed{hint}"
    return None
