#!/usr/bin/env bash
# Installs Foresight Keys for the current user: the app in ~/.local/opt/ForesightKeys, a launcher in
# ~/.local/bin, the menu entry and icon in ~/.local/share. Run it from the unpacked archive. Uninstall:
# ./install.sh --uninstall (your models and settings stay; see README for where they are).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
if [ "${1:-}" = --uninstall ]; then
    rm -rf "$prefix/opt/ForesightKeys" "$prefix/bin/ForesightKeys" \
        "$prefix/share/applications/foresight-keys.desktop" "$prefix/share/icons/hicolor/256x256/apps/foresight-keys.png"
    echo "Foresight Keys removed."
    exit 0
fi
mkdir -p "$prefix/opt" "$prefix/bin" "$prefix/share/applications" "$prefix/share/icons/hicolor/256x256/apps"
rm -rf "$prefix/opt/ForesightKeys"
cp -a "$here/app" "$prefix/opt/ForesightKeys"
ln -sf "$prefix/opt/ForesightKeys/ForesightKeys" "$prefix/bin/ForesightKeys"
sed "s|^Exec=ForesightKeys|Exec=$prefix/bin/ForesightKeys|" "$here/foresight-keys.desktop" \
    > "$prefix/share/applications/foresight-keys.desktop"
cp "$here/foresight-keys.png" "$prefix/share/icons/hicolor/256x256/apps/"
echo "Foresight Keys installed: run ForesightKeys, or find it in your applications menu."
