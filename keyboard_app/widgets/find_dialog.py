"""Edit → Find and Replace: a small non-modal dialog that searches the editor, wrapping round at the end."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class FindDialog(QDialog):
    """Find next, replace, replace all in a QPlainTextEdit; `show_for(replace=...)` opens it in either mode."""

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.find_text = QLineEdit()
        self.replace_text = QLineEdit()
        self.match_case = QCheckBox("Match case")
        self.result = QLabel()
        form = QFormLayout()
        form.addRow("Find:", self.find_text)
        self.replace_label = QLabel("Replace with:")
        form.addRow(self.replace_label, self.replace_text)
        form.addRow("", self.match_case)
        buttons = QDialogButtonBox()
        self.find_button = buttons.addButton("Find Next", QDialogButtonBox.ActionRole)
        self.replace_button = buttons.addButton("Replace", QDialogButtonBox.ActionRole)
        self.replace_all_button = buttons.addButton("Replace All", QDialogButtonBox.ActionRole)
        close: QPushButton = buttons.addButton(QDialogButtonBox.Close)
        self.find_button.setDefault(True)
        self.find_button.clicked.connect(self.find_next)
        self.replace_button.clicked.connect(self.replace)
        self.replace_all_button.clicked.connect(self.replace_all)
        close.clicked.connect(self.hide)
        self.find_text.returnPressed.connect(self.find_next)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addWidget(buttons)

    def show_for(self, replace: bool) -> None:
        """Open as Find (replace=False) or Replace, with the editor's selection as the text to find."""
        self.setWindowTitle("Replace" if replace else "Find")
        for widget in (self.replace_label, self.replace_text, self.replace_button, self.replace_all_button):
            widget.setVisible(replace)
        selected = self.editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_text.setText(selected)
        self.result.clear()
        self.show()
        self.raise_()
        self.activateWindow()
        self.find_text.setFocus()
        self.find_text.selectAll()

    def _flags(self) -> QTextDocument.FindFlag:
        return QTextDocument.FindCaseSensitively if self.match_case.isChecked() else QTextDocument.FindFlag(0)

    def find_next(self) -> bool:
        """Select the next match after the caret, wrapping round to the start; False when there is none."""
        needle = self.find_text.text()
        if not needle:
            return False
        if self.editor.find(needle, self._flags()):
            self.result.clear()
            return True
        start = self.editor.textCursor()
        start.movePosition(QTextCursor.Start)
        self.editor.setTextCursor(start)
        found = self.editor.find(needle, self._flags())
        self.result.setText("" if found else f"“{needle}” is not in the text.")
        return found

    def _selection_matches(self) -> bool:
        selected = self.editor.textCursor().selectedText()
        needle = self.find_text.text()
        return bool(needle) and (selected == needle if self.match_case.isChecked() else selected.lower() == needle.lower())

    def replace(self) -> None:
        """Replace the selected match (if the selection is one), then find the next."""
        if self._selection_matches():
            self.editor.textCursor().insertText(self.replace_text.text())
        self.find_next()

    def replace_all(self) -> int:
        """Replace every match as one edit (one Ctrl+Z undoes it); returns how many were replaced."""
        needle, document = self.find_text.text(), self.editor.document()
        if not needle:
            return 0
        count = 0
        editing = QTextCursor(document)
        editing.beginEditBlock()
        found = document.find(needle, 0, self._flags())
        while not found.isNull():
            found.insertText(self.replace_text.text())
            count += 1
            found = document.find(needle, found.position(), self._flags())
        editing.endEditBlock()
        self.result.setText(f"Replaced {count} time{'s' if count != 1 else ''}.")
        return count
