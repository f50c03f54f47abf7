#!/usr/bin/env bash
# Takes the screenshots used in README.md and the AppStream metainfo from
# the real app under Xvfb (tests/harness.sh), via the UI tests, which save
# what the window shows. Run after building: tests/take-screenshots.sh [BUILD_DIR]
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$top/_build}
cd "$top"
rm -rf "$build/artifacts"
tests/harness.sh -- meson test -C "$build" --suite ui --print-errorlogs --num-processes 1
mkdir -p data/screenshots
cp "$build/artifacts/ui-smoke-welcome.png" data/screenshots/welcome.png
cp "$build/artifacts/screenshot-instances.png" data/screenshots/main-window.png
# The ones README.md and the metainfo show.
for pair in instances-dark:main-window-dark token-reveal:token-reveal \
            instance-logs:instance-page instance-logs-dark:instance-page-dark \
            node-red:node-red add-account-signed-in:sign-in \
            create-instance:create-instance create-instance-dark:create-instance-dark; do
  cp "$build/artifacts/screenshot-${pair%%:*}.png" "data/screenshots/${pair##*:}.png"
done
ls -l data/screenshots
