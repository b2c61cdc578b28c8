# Windows build: the one-folder app, then the installer with Inno Setup 6 (iscc on PATH).
# Run from the repository root in PowerShell: packaging\windows\build.ps1
$ErrorActionPreference = "Stop"
if (-not (Test-Path .venv)) { py -3.11 -m venv .venv }
.venv\Scripts\python -m pip install -q -r packaging\requirements-build.txt
.venv\Scripts\python -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build\pyinstaller packaging\foresight_keys.spec
iscc packaging\windows\foresight_keys.iss
