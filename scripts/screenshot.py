"""Screenshot of the running app for README: run under Xvfb (scripts/screenshot), types a line, saves a PNG.

    xvfb-run -s "-screen 0 1100x760x24" .venv/bin/python scripts/screenshot.py docs/screenshot.png
"""

from __future__ import annotations

import sys
import tempfile
import os
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from keyboard_app.app import create_main_window, style_sheet

TYPED = "Dear Anna,\n\nThank you so much for the lovely evening. We should do it again next w"


def main(output: str) -> None:
    os.environ["FORESIGHT_KEYS_HOME"] = tempfile.mkdtemp()
    application = QApplication(sys.argv)
    application.setStyleSheet(style_sheet())
    window = create_main_window()
    window.keyboard_action.trigger()
    window.move(0, 0)
    window.resize(1100, 760)
    window.show()
    while not window.model_label.text().startswith("model:"):
        application.processEvents()
        time.sleep(0.01)
    QTest.keyClicks(window.editor, "Dear Anna,")
    window.editor.insertPlainText("\n\n")
    QTest.keyClicks(window.editor, TYPED.split("\n\n", 1)[1])
    deadline = time.perf_counter() + 5
    while window.shown_request_id != window.latest_request_id and time.perf_counter() < deadline:
        application.processEvents()
    for _ in range(50):
        application.processEvents()
        time.sleep(0.01)
    window.screen().grabWindow(0).save(output)
    window.editor.document().setModified(False)
    window.close()


if __name__ == "__main__":
    main(sys.argv[1])
