#!/bin/sh
# Install the test peers (FlowFuse 2.4.0 + oidc-provider here, Node-RED 4.1.x in ./node-red)
# from the committed package-lock.json files. Idempotent: `npm ci` runs only when a
# node_modules directory is missing or its lock file (or Node.js version) changed; a stamp
# file inside node_modules records what was installed.
#
# Usage: tests/peers/install.sh [--force]
# Needs: node >= 20, npm, a C/C++ toolchain + python3 (bcrypt and sqlite3 build from source),
#        access to the npm registry (only when something must be installed).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
FORCE=0
[ "${1:-}" = "--force" ] && FORCE=1

die() {
    echo "install.sh: ERROR: $*" >&2
    exit 1
}
now() { date +%s.%N 2>/dev/null || date +%s; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

command -v node >/dev/null 2>&1 || die "node not found in PATH"
command -v npm >/dev/null 2>&1 || die "npm not found in PATH"
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
[ "$NODE_MAJOR" -ge 20 ] || die "Node.js >= 20 required, found $(node -v)"

# Serialise concurrent runs (two test processes on one checkout).
if command -v flock >/dev/null 2>&1; then
    exec 9>"$HERE/.install.lock"
    flock 9 || die "could not lock $HERE/.install.lock"
fi

T_ALL=$(now)

stamp_of() { # dir -> hash of what decides the install
    (cat "$1/package.json" "$1/package-lock.json"; node -p 'process.version + " " + process.arch + " " + process.versions.modules') \
        | sha256sum | cut -d' ' -f1
}

# install_dir DIR LABEL REBUILD_CMD
install_dir() {
    dir=$1
    label=$2
    [ -f "$dir/package-lock.json" ] || die "$label: $dir/package-lock.json is missing (it must be committed)"
    want=$(stamp_of "$dir")
    stamp="$dir/node_modules/.flowdeck-install-stamp"
    if [ "$FORCE" = 0 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        echo "install.sh: $label: up to date (stamp $(echo "$want" | cut -c1-12))"
        return 1 # nothing done
    fi
    echo "install.sh: $label: npm ci in $dir ..."
    t=$(now)
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) \
        || die "$label: 'npm ci' failed in $dir (is the npm registry reachable?)"
    echo "install.sh: $label: npm ci took $(elapsed "$t") s"
    return 0
}

write_stamp() {
    stamp_of "$1" > "$1/node_modules/.flowdeck-install-stamp"
}

# --- FlowFuse + oidc-provider
if install_dir "$HERE" "flowfuse+oidc-provider"; then
    # npm 11 does not run install scripts of packages not covered by allowScripts, so the
    # native modules are not built by `npm ci`. Build them explicitly.
    echo "install.sh: flowfuse: npm rebuild bcrypt sqlite3 (builds from source, ~1 min) ..."
    t=$(now)
    (cd "$HERE" && npm rebuild bcrypt sqlite3 --foreground-scripts --no-audit --no-fund > "$HERE/node_modules/.rebuild.log" 2>&1) \
        || { tail -n 30 "$HERE/node_modules/.rebuild.log" >&2; die "flowfuse: 'npm rebuild bcrypt sqlite3' failed (needs make, g++, python3); log: $HERE/node_modules/.rebuild.log"; }
    echo "install.sh: flowfuse: rebuild took $(elapsed "$t") s"
    FF_NEW=1
else
    FF_NEW=0
fi
# Verify the native modules load (also catches a stale build after a Node.js upgrade).
if ! (cd "$HERE" && node -e "require('bcrypt'); require('sqlite3')" 2>/dev/null); then
    [ "$FF_NEW" = 1 ] && die "flowfuse: bcrypt/sqlite3 still do not load after the rebuild"
    echo "install.sh: flowfuse: native modules do not load, rebuilding ..."
    t=$(now)
    (cd "$HERE" && npm rebuild bcrypt sqlite3 --foreground-scripts --no-audit --no-fund > "$HERE/node_modules/.rebuild.log" 2>&1) \
        || die "flowfuse: 'npm rebuild bcrypt sqlite3' failed; log: $HERE/node_modules/.rebuild.log"
    (cd "$HERE" && node -e "require('bcrypt'); require('sqlite3')") || die "flowfuse: bcrypt/sqlite3 do not load"
    echo "install.sh: flowfuse: rebuild took $(elapsed "$t") s"
fi
[ -f "$HERE/node_modules/@flowfuse/flowfuse/forge/app.js" ] || die "flowfuse: @flowfuse/flowfuse is not installed"
(cd "$HERE" && node -e "import('oidc-provider')" 2>/dev/null) || die "oidc-provider does not load"
write_stamp "$HERE"

# --- Node-RED (own directory: sharing node_modules with FlowFuse breaks Node-RED)
install_dir "$HERE/node-red" "node-red" || true
[ -f "$HERE/node-red/node_modules/node-red/red.js" ] || die "node-red: node-red is not installed"
(cd "$HERE/node-red" && node -e "require('bcryptjs')" 2>/dev/null) || die "node-red: bcryptjs (a node-red dependency) does not load"
write_stamp "$HERE/node-red"

echo "install.sh: peers ready: flowfuse $(node -p "require('$HERE/node_modules/@flowfuse/flowfuse/package.json').version"), oidc-provider $(node -p "require('$HERE/node_modules/oidc-provider/package.json').version"), node-red $(node -p "require('$HERE/node-red/node_modules/node-red/package.json').version") (total $(elapsed "$T_ALL") s)"
