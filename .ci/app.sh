#!/usr/bin/env bash
# Installs what is missing on a fresh Debian 12 machine, builds Flowdeck
# and starts it from the build tree. Extra arguments go to the app.
#
#   bash .ci/app.sh --demo   also installs and starts the local FlowFuse and
#                            Node-RED from tests/peers and opens Flowdeck with
#                            both accounts added (in a throwaway keyring and
#                            data folder: your own are not touched)
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

demo=0
if [ "${1:-}" = "--demo" ]; then
  demo=1
  shift
fi

if [ $demo -eq 1 ]; then
  bash .ci/deps.sh --test
  bash tests/peers/install.sh
else
  bash .ci/deps.sh
fi
if [ -f _build/build.ninja ]; then
  meson setup --reconfigure _build >/dev/null
else
  meson setup _build
fi
meson compile -C _build

# Run from the build tree: schemas and translations come from there.
export GSETTINGS_SCHEMA_DIR="$top/_build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"

if [ $demo -eq 1 ]; then
  exec tests/harness.sh --real-display --peers flowfuse,nodered -- \
    bash -c 'exec "$0" --demo "$DECK_PEERS_FILE" "$@"' "$top/_build/src/flowdeck" "$@"
fi

exec "$top/_build/src/flowdeck" "$@"
