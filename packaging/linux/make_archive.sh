#!/usr/bin/env bash
# Turns dist/ForesightKeys/ into the Linux installer: a .tar.gz holding the app folder, a .desktop file,
# the icon and install.sh (installs for the current user, no root needed).
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
stage=build/linux-archive/ForesightKeys-$version
rm -rf build/linux-archive
mkdir -p "$stage"
cp -a dist/ForesightKeys "$stage/app"
cp packaging/linux/foresight-keys.desktop packaging/linux/install.sh "$stage/"
cp resources/icons/foresight-keys.png "$stage/"
archive=dist/ForesightKeys-$version-linux-x86_64.tar.gz
tar -C build/linux-archive -cf - "ForesightKeys-$version" | gzip -9 > "$archive"
echo "$archive: $(du -h "$archive" | cut -f1) (app folder: $(du -sh dist/ForesightKeys | cut -f1))"
