#!/usr/bin/env bash
# Takes the screenshots used in README.md and the AppStream metainfo from
# the real app under Xvfb (tests/harness.sh), via the UI tests, which save
# what the window shows. Run after building: tests/take-screenshots.sh [BUILD_DIR]
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$top/_build}
cd "$top"
rm -rf "$build/artifacts"
tests/harness.sh -- meson test -C "$build" --suite ui --print-errorlogs
mkdir -p data/screenshots
cp "$build/artifacts/ui-smoke-welcome.png" data/screenshots/welcome.png
cp "$build/artifacts/screenshot-instances.png" data/screenshots/main-window.png
for f in "$build"/artifacts/screenshot-*.png; do
  [ -e "$f" ] && cp "$f" "data/screenshots/${f##*/screenshot-}"
done
ls -l data/screenshots
