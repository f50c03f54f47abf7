#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine:
#   1. installs missing Debian packages (.ci/deps.sh --test)
#   2. installs the real peers from npm at pinned versions (tests/peers)
#   3. builds with -Werror, and again with AddressSanitizer + UBSan
#   4. runs every suite but bench inside tests/harness.sh (private D-Bus,
#      real gnome-keyring, Xvfb, real FlowFuse/Node-RED/OIDC servers), then
#      the core, peers and ui suites again under the sanitizers
#   5. builds the libFuzzer targets with clang and fuzzes each parser of
#      untrusted input briefly (its seeds, then 20,000 mutations; the long
#      runs are tests/fuzz/run-fuzzers.sh)
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

stamp "build (clang, libFuzzer targets)"
# Not -Werror: clang's -Wcast-align fires inside GLib's own macros
# (G_DEFINE_EXTENDED_ERROR); the gcc builds above are the -Werror gate.
CC=clang setup _build-fuzz -Dfuzzing=true -Dui_tests=false -Db_lundef=false
# Only the fuzz suite's programs: others (built with gcc above) trip
# clang on the project's -Werror= flags.
ninja -C _build-fuzz $(meson introspect --tests _build-fuzz | python3 -c '
import json, os, sys
for test in json.load(sys.stdin):
    if "flowdeck:fuzz" in test["suite"]:
        print(os.path.relpath(test["cmd"][0], "_build-fuzz"))')

stamp "tests"
set +e
tests/harness.sh -- bash -c '
  rc=0
  meson test -C _build --no-rebuild --print-errorlogs --num-processes 2 || rc=1
  echo "== core, peers and ui suites under AddressSanitizer + UndefinedBehaviorSanitizer"
  meson test -C _build-asan --no-rebuild --print-errorlogs --num-processes 2 \
    --suite core --suite peers --suite ui || rc=1
  echo "== a short fuzzing run of every parser of untrusted input (libFuzzer, ASan + UBSan)"
  meson test -C _build-fuzz --no-rebuild --print-errorlogs --num-processes 2 --suite fuzz || rc=1
  exit $rc'
rc=$?
set -e

# One plain closing line for the whole run, counted from meson's logs.
python3 - _build/meson-logs/testlog.json _build-asan/meson-logs/testlog.json \
  _build-fuzz/meson-logs/testlog.json <<'PY'
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
