"""Before Qt starts on an X11 desktop: are the system libraries its xcb platform plugin needs all here?

With one missing, Qt aborts with "Could not load the Qt platform plugin "xcb"" and blames xcb-cursor0 whatever
is really missing. This check names each missing library and the Debian/Ubuntu package that has it, in
words a person can act on. scripts/setup installs the same packages.
"""

from __future__ import annotations

import ctypes
import os
import sys

# Every library PySide6's libqxcb.so and libQt6XcbQpa.so.6 link to directly (readelf -d), with its package.
XCB_PLATFORM_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libGL.so.1": "libgl1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}


def uses_xcb_platform(environment: dict[str, str] | None = None) -> bool:
    """Whether Qt will start on X11 here: Linux, and QT_QPA_PLATFORM unset (with no Wayland session) or xcb."""
    environment = os.environ if environment is None else environment
    if not sys.platform.startswith("linux"):
        return False
    platform = environment.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0] == "xcb"
    return not environment.get("WAYLAND_DISPLAY")


def missing_libraries(libraries: dict[str, str] | None = None) -> dict[str, str]:
    """The libraries (name -> package) that the dynamic loader cannot find."""
    missing = {}
    for name, package in (XCB_PLATFORM_LIBRARIES if libraries is None else libraries).items():
        try:
            ctypes.CDLL(name)
        except OSError:
            missing[name] = package
    return missing


def missing_libraries_message(missing: dict[str, str]) -> str:
    """What to tell a person whose system lacks these libraries, with the command that installs them."""
    names = ", ".join(missing)
    packages = " ".join(dict.fromkeys(missing.values()))
    return (
        f"Foresight Keys cannot open its window: this system lacks {len(missing)} librar"
        f"{'y' if len(missing) == 1 else 'ies'} that Qt needs for the X11 desktop ({names}).\n"
        f"On Debian or Ubuntu, install them with:\n    sudo apt-get install {packages}\n"
        "(scripts/run-app installs them for you.)"
    )
