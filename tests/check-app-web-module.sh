#!/usr/bin/env bash
# tests/check-app-web-module.sh — the real app, as users start it: WebKitGTK
# is not among the libraries it starts with, and the first sign-in loads
# the web view module (libflowdeck-web.so) from where the app finds it,
# shows the server's page, and leaves no WebKit process once closed.
# Drives the unmodified app with the benchmark probe (LD_PRELOAD), against
# the FlowFuse peer. Run inside tests/harness.sh (meson test does, via the
# suite); skips (77) without peers.
#
# Usage: check-app-web-module.sh APP PROBE RUNNER
set -euo pipefail
app=$1 probe=$2 runner=$3

if [ -z "${DECK_PEERS_FILE:-}" ]; then
  echo "1..0 # SKIP no real peers (run inside tests/harness.sh)"
  exit 77
fi

if ldd "$app" | grep -q 'libwebkitgtk'; then
  echo "FAIL: $app links WebKitGTK at start:" >&2
  ldd "$app" | grep webkit >&2
  exit 1
fi

# A data and config home of its own: the demo account stays here.
home=$(mktemp -d "${TMPDIR:-/tmp}/flowdeck-web-module.XXXXXX")
trap 'rm -rf "$home"' EXIT
export XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_CACHE_HOME=$home/cache
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"

url=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["flowfuse"]["url"])' "$DECK_PEERS_FILE")
python3 "$runner" setup "$app" "$probe" "$DECK_PEERS_FILE" >"$home/setup.json"
python3 "$runner" oauth "$app" "$probe" "$url" >"$home/oauth.json"

python3 - "$home/oauth.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
web = [cmd for _, cmd in r['open_processes'] if 'WebKit' in cmd]
print(f"sign-in page shown {r['oauth_load_ms']:.0f} ms after start; "
      f"WebKit processes while open: {len(web)}; left after closing: {len(r['webkit_left'])}")
assert web, 'no WebKit process while the sign-in dialog was open'
assert not r['webkit_left'], f"WebKit processes left: {r['webkit_left']}"
PY
echo "ok: WebKit loaded only for the sign-in"
