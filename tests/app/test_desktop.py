"""The app on a real desktop: the X11 libraries Qt needs are checked, and it starts and suggests under Xvfb."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from keyboard_app import app as app_module
from keyboard_app.desktop_libraries import (
    XCB_PLATFORM_LIBRARIES,
    missing_libraries,
    missing_libraries_message,
    uses_xcb_platform,
)
from tests.app.x_server import x_server

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY / "benchmarks"))
from startup import time_startup  # noqa: E402

QT = Path(__import__("PySide6").__file__).parent / "Qt"


def test_the_check_covers_every_system_library_that_qts_xcb_plugin_links_to():
    needed = set()
    for library in (QT / "plugins" / "platforms" / "libqxcb.so", QT / "lib" / "libQt6XcbQpa.so.6"):
        dynamic = subprocess.run(["readelf", "-d", str(library)], capture_output=True, text=True, check=True).stdout
        needed |= {line.split("[")[1].rstrip("]") for line in dynamic.splitlines() if "(NEEDED)" in line}
    system = {name for name in needed if not name.startswith("libQt6")} - {"libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1"}
    assert system <= set(XCB_PLATFORM_LIBRARIES), sorted(system - set(XCB_PLATFORM_LIBRARIES))


def test_a_missing_library_is_named_with_the_package_that_installs_it():
    missing = missing_libraries({"libforesight-absent.so.9": "libforesight-absent9", "libc.so.6": "libc6"})
    assert missing == {"libforesight-absent.so.9": "libforesight-absent9"}
    message = missing_libraries_message(missing)
    assert "libforesight-absent.so.9" in message and "sudo apt-get install libforesight-absent9" in message


def test_the_app_says_what_is_missing_instead_of_starting_qt(monkeypatch, capsys):
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(app_module, "missing_libraries", lambda: {"libxcb-icccm.so.4": "libxcb-icccm4"})
    assert app_module.run_app(["main.py"]) == 1
    assert "sudo apt-get install libxcb-icccm4" in capsys.readouterr().err


def test_x11_is_assumed_only_where_qt_would_use_it():
    assert uses_xcb_platform({"QT_QPA_PLATFORM": "xcb"}) == sys.platform.startswith("linux")
    assert not uses_xcb_platform({"QT_QPA_PLATFORM": "offscreen"})
    assert not uses_xcb_platform({"WAYLAND_DISPLAY": "wayland-0"})


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Xvfb is a Linux X server")
def test_main_starts_on_a_real_x_server_and_paints_suggestions(tmp_path):
    assert missing_libraries() == {}, "scripts/setup installs Qt's X11 libraries"
    with x_server() as display:
        times = time_startup(tmp_path / "home", timeout_s=120, environment={"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"})
    assert 0 < times.window_s <= times.suggestions_s <= times.model_suggestions_s
    log = (tmp_path / "home" / "logs" / "foresight-keys.log").read_text(encoding="utf-8")
    assert "Traceback" not in log
