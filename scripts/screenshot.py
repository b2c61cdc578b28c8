"""Screenshots of the running app for README, on a real X server with a window manager: types, saves a PNG.

    .venv/bin/python scripts/screenshot.py docs/screenshot.png [--theme light|dark]   # starts Xvfb and openbox

It starts its own Xvfb (tests/app/x_server.py) unless --display is given, and runs the app on Qt's xcb platform.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

GREETING = "Dear Anna,"
BODY = "Thank you so much for the lovely evening. We should do it again next w"


def capture(output: str, theme: str) -> None:
    """In this process, on $DISPLAY: open the window in `theme`, type, grab the screen into `output`."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from keyboard_app.app import create_main_window, process_events_until

    os.environ["FORESIGHT_KEYS_HOME"] = tempfile.mkdtemp()
    QApplication(sys.argv)
    window = create_main_window()
    window.settings["theme"] = theme
    window.apply_settings()
    window.keyboard_action.trigger()
    window.move(0, 0)
    window.resize(1100, 760)
    window.show()
    process_events_until(lambda: window.model_label.text().startswith("model:"), "model loaded")
    QTest.keyClicks(window.editor, GREETING)
    window.editor.insertPlainText("\n\n")
    QTest.keyClicks(window.editor, BODY)
    process_events_until(lambda: window.shown_request_id == window.latest_request_id, "suggestions")
    settled = time.perf_counter() + 0.5  # let the window repaint before the grab
    process_events_until(lambda: time.perf_counter() > settled, "repaint")
    window.screen().grabWindow(0).save(output)
    window.editor.document().setModified(False)
    window.close()


def main() -> None:
    """Start an X server with a window manager unless --display is given, and capture there."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--theme", default="light", choices=["light", "dark"])
    parser.add_argument("--display", help="an X display to use instead of a new Xvfb")
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)  # the child that captures
    arguments = parser.parse_args()
    if arguments.here:
        capture(arguments.output, arguments.theme)
        return
    from tests.app.x_server import x_server

    command = [sys.executable, __file__, arguments.output, "--theme", arguments.theme, "--here"]
    environment = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    if arguments.display:
        subprocess.run(command, env={**environment, "DISPLAY": arguments.display}, check=True)
        return
    with x_server(1100, 800) as display:
        subprocess.run(command, env={**environment, "DISPLAY": display}, check=True)


if __name__ == "__main__":
    main()
