"""Foresight Keys desktop application (Qt): starting it (`app`), its self-test and desktop checks, and its packages.

`widgets` are what the user sees, `controllers` the policies between widgets and workers, `workers` the
threads where the engine runs, `storage` the app's own files; `messages` words the engine's errors. The app
reaches the engine only through `model`'s exported names.
"""

VERSION = "0.1.0"
