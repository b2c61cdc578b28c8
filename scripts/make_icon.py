"""Draws the app icon (resources/icons/foresight-keys.png, 256 px) with Qt: a key cap with a typed letter and
a grey predicted one. Run once; the PNG is committed.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_icon.py
"""

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

SIZE = 256
OUT = Path(__file__).resolve().parent.parent / "resources" / "icons" / "foresight-keys.png"

application = QGuiApplication([])
image = QImage(SIZE, SIZE, QImage.Format_ARGB32)
image.fill(Qt.transparent)
painter = QPainter(image)
painter.setRenderHint(QPainter.Antialiasing)
painter.setPen(Qt.NoPen)
painter.setBrush(QColor(36, 99, 235))
painter.drawRoundedRect(QRectF(8, 8, SIZE - 16, SIZE - 16), 48, 48)
painter.setBrush(QColor(255, 255, 255))
painter.drawRoundedRect(QRectF(36, 36, SIZE - 72, SIZE - 88), 28, 28)
font = QFont("DejaVu Sans", 92, QFont.Bold)
painter.setFont(font)
painter.setPen(QColor(30, 41, 59))
painter.drawText(QRectF(40, 40, 100, SIZE - 96), Qt.AlignVCenter | Qt.AlignRight, "F")
painter.setPen(QColor(148, 163, 184))
painter.drawText(QRectF(140, 40, 90, SIZE - 96), Qt.AlignVCenter | Qt.AlignLeft, "k")
painter.setBrush(QColor(147, 197, 253))
painter.setPen(Qt.NoPen)
painter.drawRoundedRect(QRectF(36, SIZE - 44, SIZE - 72, 14), 7, 7)
painter.end()
OUT.parent.mkdir(parents=True, exist_ok=True)
image.save(str(OUT))
print(OUT)
