"""What the user sees: the main window, the editor, the suggestion bar, the on-screen keyboard, dialogs, the theme."""
