#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine:
#   1. installs missing Debian packages (.ci/deps.sh --test)
#   2. installs the real peers from npm at pinned versions (tests/peers)
#   3. builds with -Werror, and again with AddressSanitizer + UBSan
#   4. runs every suite but bench inside tests/harness.sh (private D-Bus,
#      real gnome-keyring, Xvfb, real FlowFuse/Node-RED/OIDC servers), then
#      the core and peers suites again under the sanitizers
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
t0=$(date +%s)
stamp() { echo "== [$(( $(date +%s) - t0 ))s] $*"; }

stamp "dependencies"
bash .ci/deps.sh --test

stamp "real peers (npm, pinned)"
if ! bash tests/peers/install.sh; then
  # Only a peer that really cannot be installed is skipped, loudly.
  export DECK_PEERS_UNAVAILABLE="npm could not install tests/peers (see the log above)"
  echo "!! $DECK_PEERS_UNAVAILABLE: peer tests will be SKIPPED" >&2
fi

setup() {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
}

stamp "build (-Werror)"
setup _build -Dwerror=true
meson compile -C _build

stamp "build (ASan + UBSan)"
setup _build-asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false -Dui_tests=true
meson compile -C _build-asan

stamp "tests"
set +e
tests/harness.sh -- bash -c '
  rc=0
  meson test -C _build --no-rebuild --print-errorlogs --num-processes 2 || rc=1
  echo "== core, peers and ui suites under AddressSanitizer + UndefinedBehaviorSanitizer"
  meson test -C _build-asan --no-rebuild --print-errorlogs --num-processes 2 \
    --suite core --suite peers --suite ui || rc=1
  exit $rc'
rc=$?
set -e

# One plain closing line for the whole run, counted from meson's logs.
python3 - _build/meson-logs/testlog.json _build-asan/meson-logs/testlog.json <<'PY'
import json, sys
passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        lines = open(path).read().splitlines()
    except OSError:
        continue
    for line in lines:
        r = json.loads(line).get("result")
        if r in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif r == "SKIP":
            skipped += 1
        else:
            failed += 1
print(f"flowdeck: {passed} passed, {failed} failed, {skipped} skipped")
PY
stamp "done (exit $rc)"
exit $rc
