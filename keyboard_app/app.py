"""Starting the Qt application: logging to the user log folder, the style sheet, the main window.

The window comes first; torch and the model load behind it on the worker threads (keyboard_app.widgets.main_window).
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QMessageLogContext, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from keyboard_app.desktop_libraries import missing_libraries, missing_libraries_message, uses_xcb_platform
from keyboard_app.widgets.main_window import MainWindow
from keyboard_app.storage.paths import AppPaths, app_paths
from keyboard_app.storage.settings import Settings
from model import resource_path

GIL_SWITCH_INTERVAL_S = 0.0005  # how long a thread may hold Python's lock while another waits (Python: 0.005)


def configure_logging(paths: AppPaths) -> None:
    """Log to a rotating file in the user log folder (and warnings to stderr)."""
    handler = logging.handlers.RotatingFileHandler(paths.logs / "foresight-keys.log", maxBytes=1_000_000, backupCount=3)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)


# Qt messages that say nothing to a user: the offscreen platform prints this on every window it shows.
SILENCED_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",)
qt_log = logging.getLogger("qt")


def forward_qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """Qt's messages go to the log and to stderr, as Qt would print them, except the silenced ones."""
    if message in SILENCED_QT_MESSAGES:
        return
    level = logging.INFO if kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) else logging.WARNING
    qt_log.log(level, "%s", message)
    print(message, file=sys.stderr)


def install_qt_message_filter() -> None:
    """Route Qt's messages through `forward_qt_message` (before the QApplication is made)."""
    qInstallMessageHandler(forward_qt_message)


def create_main_window(paths: AppPaths | None = None) -> MainWindow:
    """Build the main window with the user's folders and settings (a QApplication must exist).

    The GUI thread and the prediction worker both run Python for each key: a thread waiting for Python's lock
    takes it within GIL_SWITCH_INTERVAL_S instead of Python's default 5 ms (README: "A key handed over sooner").
    """
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    paths = (paths or app_paths()).ensure_exist()
    return MainWindow(paths, Settings(paths.settings_file))


def run_app(argv: list[str]) -> int:
    """Run the editor until the window closes; returns the exit code. argv[1], if given, is a file to open.

    On an X11 desktop that lacks a library Qt needs, it says which and how to install them, and returns 1.
    """
    if uses_xcb_platform() and (missing := missing_libraries()):
        print(missing_libraries_message(missing), file=sys.stderr)
        return 1
    paths = app_paths().ensure_exist()
    configure_logging(paths)
    install_qt_message_filter()
    application = QApplication.instance() or QApplication(argv)
    application.setApplicationName("Foresight Keys")
    application.setDesktopFileName("foresight-keys")
    application.setWindowIcon(QIcon(str(resource_path("icons", "foresight-keys.png"))))
    window = create_main_window(paths)
    if len(argv) > 1:
        window.files.load_file(Path(argv[1]))
    window.show()
    code = application.exec()
    window.shutdown()
    return code


def process_events_until(condition: Callable[[], object], what: str, timeout_s: float = 30) -> None:
    """Run the Qt event loop until `condition()` is true; TimeoutError naming `what` after `timeout_s`.

    For code that drives the window without a user: the self-test, the benchmarks, the screenshot script. The loop
    waits for events as `app.exec()` does (a timer checks the condition every 10 ms), so an answer from a worker
    thread is handled when it comes: a loop of processEvents and sleep had added up to 2 ms to every one.
    """
    deadline = time.perf_counter() + timeout_s
    loop = QEventLoop()

    def check() -> None:
        if condition() or time.perf_counter() > deadline:
            loop.quit()

    checker = QTimer(interval=10, timeout=check)
    checker.start()
    if not condition():
        loop.exec()
    checker.stop()
    if not condition():
        raise TimeoutError(f"no {what} within {timeout_s:.0f} s")
