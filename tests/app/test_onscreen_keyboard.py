"""The on-screen keyboard's look: the tint shows probability only; pressed and hovered keys look different."""

from PySide6.QtGui import QColor, QPalette

from keyboard_app.widgets.onscreen_keyboard import OnscreenKeyboard


def fill_of(key) -> QColor:
    image = key.grab().toImage()
    return image.pixelColor(8, 8)  # inside the rounded border, away from the label


def distance(first: QColor, second: QColor) -> int:
    return sum(abs(a - b) for a, b in zip(first.getRgb()[:3], second.getRgb()[:3]))


def test_an_unlikely_key_is_untinted_and_a_pressed_key_is_unlike_the_likeliest(qtbot):
    keyboard = OnscreenKeyboard()
    qtbot.addWidget(keyboard)
    keyboard.resize(760, 240)
    keyboard.show()
    keyboard.set_probabilities([("h", 0.95), ("e", 0.2)])
    base = keyboard.keys["."].palette().color(QPalette.Base)  # what a key is filled from
    assert distance(fill_of(keyboard.keys["."]), base) <= 3  # 0%: not tinted at all
    likeliest, likely = fill_of(keyboard.keys["h"]), fill_of(keyboard.keys["e"])
    assert distance(likeliest, base) > distance(likely, base) > 20  # likelier, more tint
    keyboard.keys["."].setDown(True)  # as while the mouse holds it
    pressed = fill_of(keyboard.keys["."])
    assert distance(pressed, likeliest) > 150 and distance(pressed, base) > 150
    keyboard.keys["."].setDown(False)
    assert distance(fill_of(keyboard.keys["."]), base) <= 3
