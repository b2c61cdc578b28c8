"""Light and dark themes: one style sheet with each theme's colours, and the palette Qt's own widgets use.

"system" follows the desktop's colour scheme (Qt's QStyleHints.colorScheme) and changes with it.
"""

from __future__ import annotations

from pathlib import Path
from string import Template

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

COLOURS: dict[str, dict[str, str]] = {
    "light": {
        "window": "#f6f7f9", "base": "#ffffff", "text": "#1f2328", "muted_text": "#4a5059", "line": "#e3e6ea",
        "border": "#d8dde3", "selection": "#cfe1ff", "accent": "#2e7df6", "hover": "#eaf2ff", "disabled": "#f0f2f4",
        "panel": "#e9ecf0", "status": "#eef0f3", "banner": "#fff4d6", "banner_text": "#5c4400",
        "banner_border": "#f0d68a", "mid": "#cfd5dc",
    },
    "dark": {
        "window": "#1e2024", "base": "#26282d", "text": "#e6e8eb", "muted_text": "#a9afb8", "line": "#33363c",
        "border": "#3d4148", "selection": "#2d4a7a", "accent": "#5b9bff", "hover": "#2c3a52", "disabled": "#23252a",
        "panel": "#1a1c20", "status": "#1a1c20", "banner": "#4a3b12", "banner_text": "#ffe7a3",
        "banner_border": "#6b5520", "mid": "#4a4f57",
    },
}


def resolved_theme(choice: str) -> str:
    """"light" or "dark": the choice itself, or for "system" the desktop's colour scheme."""
    if choice in COLOURS:
        return choice
    return "dark" if QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark else "light"


def style_sheet(theme: str) -> str:
    """The app's style sheet (kept beside this module) in the colours of `theme` ("light" or "dark")."""
    template = Template((Path(__file__).with_name("style.qss")).read_text(encoding="utf-8"))
    return template.substitute(COLOURS[theme])


def palette(theme: str) -> QPalette:
    """The palette for dialogs, menus and the on-screen keyboard's keys in `theme`."""
    colours = {name: QColor(value) for name, value in COLOURS[theme].items()}
    result = QPalette()
    for role, name in [
        (QPalette.Window, "window"), (QPalette.WindowText, "text"), (QPalette.Base, "base"),
        (QPalette.AlternateBase, "window"), (QPalette.Text, "text"), (QPalette.Button, "base"),
        (QPalette.ButtonText, "text"), (QPalette.Highlight, "accent"), (QPalette.HighlightedText, "base"),
        (QPalette.Mid, "mid"), (QPalette.ToolTipBase, "base"), (QPalette.ToolTipText, "text"),
        (QPalette.PlaceholderText, "muted_text"),
    ]:
        result.setColor(role, colours[name])
    return result


def apply_theme(choice: str) -> str:
    """Give the application the style sheet and palette of `choice` ("system", "light", "dark"); returns the theme."""
    theme = resolved_theme(choice)
    application = QApplication.instance()
    application.setPalette(palette(theme))
    application.setStyleSheet(style_sheet(theme))
    return theme
