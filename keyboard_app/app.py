"""Starting the Qt application: logging to the user log folder, the style sheet, the main window."""

from __future__ import annotations

import logging
import logging.handlers
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from keyboard_app.main_window import MainWindow
from keyboard_app.paths import AppPaths, app_paths
from keyboard_app.settings import Settings
from model.resources import resource_path


def configure_logging(paths: AppPaths) -> None:
    """Log to a rotating file in the user log folder (and warnings to stderr)."""
    handler = logging.handlers.RotatingFileHandler(paths.logs / "foresight-keys.log", maxBytes=1_000_000, backupCount=3)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)


def style_sheet() -> str:
    """The app's style sheet, kept beside this module."""
    return (Path(__file__).with_name("style.qss")).read_text(encoding="utf-8")


def create_main_window(paths: AppPaths | None = None) -> MainWindow:
    """Build the main window with the user's folders and settings (a QApplication must exist)."""
    paths = (paths or app_paths()).ensure_exist()
    return MainWindow(paths, Settings(paths.settings_file))


def run_app(argv: list[str]) -> int:
    """Run the editor until the window closes; returns the exit code. argv[1], if given, is a file to open."""
    paths = app_paths().ensure_exist()
    configure_logging(paths)
    application = QApplication.instance() or QApplication(argv)
    application.setApplicationName("Foresight Keys")
    application.setDesktopFileName("foresight-keys")
    application.setWindowIcon(QIcon(str(resource_path("icons", "foresight-keys.png"))))
    application.setStyleSheet(style_sheet())
    window = create_main_window(paths)
    if len(argv) > 1:
        window.load_file(Path(argv[1]))
    window.show()
    code = application.exec()
    window.shutdown()
    return code


def process_events_until(condition: Callable[[], object], what: str, timeout_s: float = 30) -> None:
    """Run the Qt event loop until `condition()` is true; TimeoutError naming `what` after `timeout_s`.

    For code that drives the window without a user: the self-test, the benchmarks, the screenshot script.
    """
    application = QApplication.instance()
    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"no {what} within {timeout_s:.0f} s")
        application.processEvents()
        time.sleep(0.002)
