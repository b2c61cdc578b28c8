"""The app's own files: where every folder is, the settings, the learning journal."""
