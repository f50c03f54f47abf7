#!/usr/bin/env bash
# Installs what is missing on a fresh Debian 12 machine, builds Flowdeck
# and starts it from the build tree. Extra arguments go to the app.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

bash .ci/deps.sh
if [ -f _build/build.ninja ]; then
  meson setup --reconfigure _build >/dev/null
else
  meson setup _build
fi
meson compile -C _build

# Run from the build tree: schemas and translations come from there.
export GSETTINGS_SCHEMA_DIR="$top/_build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
exec "$top/_build/src/flowdeck" "$@"
