"""Screenshot of the running app for README: run under Xvfb, types a letter, saves a PNG.

    xvfb-run -s "-screen 0 1100x760x24" .venv/bin/python scripts/screenshot.py docs/screenshot.png
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from keyboard_app.app import create_main_window, process_events_until, style_sheet

GREETING = "Dear Anna,"
BODY = "Thank you so much for the lovely evening. We should do it again next w"


def main(output: str) -> None:
    os.environ["FORESIGHT_KEYS_HOME"] = tempfile.mkdtemp()
    application = QApplication(sys.argv)
    application.setStyleSheet(style_sheet())
    window = create_main_window()
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


if __name__ == "__main__":
    main(sys.argv[1])
