#!/usr/bin/env bash
# One command: build the one-folder app (dist/ForesightKeys/) and, on Linux, the installer archive
# dist/ForesightKeys-VERSION-linux-x86_64.tar.gz (on macOS, dist/Foresight Keys.app and a .dmg). Sets up what
# is missing. Windows: packaging\windows\build.ps1.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup
.venv/bin/python -m pip install -q --disable-pip-version-check -r packaging/requirements-build.txt
rm -rf build/pyinstaller dist/ForesightKeys
.venv/bin/python -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
    packaging/foresight_keys.spec
if [ "$(uname -s)" = Linux ]; then
    # Debug symbols of the big libraries (PyInstaller's own strip option would also strip numpy's
    # bundled OpenBLAS, which then fails to load).
    strip --strip-unneeded dist/ForesightKeys/_internal/torch/lib/lib*.so* \
        dist/ForesightKeys/_internal/PySide6/Qt/lib/libQt6*.so.*
    packaging/linux/make_archive.sh
fi
if [ "$(uname -s)" = Darwin ]; then
    version=$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
    hdiutil create -volname "Foresight Keys" -srcfolder "dist/Foresight Keys.app" -ov -format UDZO \
        "dist/ForesightKeys-$version-macos.dmg"
fi
