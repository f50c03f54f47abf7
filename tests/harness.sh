#!/usr/bin/env bash
# tests/harness.sh — run a command inside the environment Flowdeck's tests
# need, and tear it all down afterwards, even on failure:
#   - a temp dir as HOME and XDG dirs (nothing touches the user's files)
#   - a private D-Bus session bus (dbus-run-session)
#   - a real Secret Service: gnome-keyring-daemon unlocked with a throwaway
#     password (DECK_TEST_KEYRING=1 tells tests it is safe to use)
#   - a display: Xvfb on a free display number (DISPLAY)
#   - the real peers (tests/peers/launch.mjs): FlowFuse, Node-RED and the
#     OIDC server on 127.0.0.1, described in $DECK_PEERS_FILE
#
# Usage: tests/harness.sh [--no-peers] [--peers LIST] -- COMMAND [ARGS…]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ "${1:-}" != "--inner" ]; then
  ORIG_HOME=$HOME
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/flowdeck-tests.XXXXXX")
  chmod 700 "$tmp"
  cleanup_outer() {
    # Anything the inner part started in the background dies with its
    # process group; make sure, then remove the temp dir.
    if [ -f "$tmp/pids" ]; then
      while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$tmp/pids"
    fi
    rm -rf "$tmp"
  }
  trap cleanup_outer EXIT
  mkdir -p "$tmp/home" "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/runtime"
  chmod 700 "$tmp/runtime"
  export HOME="$tmp/home"
  export XDG_DATA_HOME="$tmp/data"
  export XDG_CONFIG_HOME="$tmp/config"
  export XDG_CACHE_HOME="$tmp/cache"
  export XDG_RUNTIME_DIR="$tmp/runtime"
  export DECK_HARNESS_TMP="$tmp"
  # --real-display (the demo): keep the user's display, made independent
  # of the HOME and XDG_RUNTIME_DIR that change below.
  if [ "${1:-}" = "--real-display" ]; then
    export DECK_REAL_DISPLAY="${DISPLAY:-}"
    export DECK_REAL_XAUTHORITY="${XAUTHORITY:-${ORIG_HOME:-$HOME}/.Xauthority}"
    if [ -n "${WAYLAND_DISPLAY:-}" ]; then
      case "$WAYLAND_DISPLAY" in
        /*) export DECK_REAL_WAYLAND="$WAYLAND_DISPLAY" ;;
        *) export DECK_REAL_WAYLAND="${XDG_RUNTIME_DIR:-/run/user/$(id -u)}/$WAYLAND_DISPLAY" ;;
      esac
    fi
  fi
  unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY GNOME_KEYRING_CONTROL SECRET_BACKEND
  set +e
  dbus-run-session -- bash "${BASH_SOURCE[0]}" --inner "$@"
  rc=$?
  set -e
  exit $rc
fi
shift # --inner

want_peers=1
peer_list=""
real_display=0
while [ $# -gt 0 ]; do
  case "$1" in
    --real-display) real_display=1; shift ;;
    --no-peers) want_peers=0; shift ;;
    --peers) peer_list=$2; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "harness: no command given" >&2; exit 2; }

tmp=$DECK_HARNESS_TMP
log() { echo "harness: $*" >&2; }

cleanup_inner() {
  if [ -n "${peers_pid:-}" ]; then
    kill -TERM "$peers_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$peers_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$peers_pid" 2>/dev/null || true
  fi
  exec 7>&- 2>/dev/null || true
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
  [ -n "${keyring_pid:-}" ] && kill "$keyring_pid" 2>/dev/null || true
}
trap cleanup_inner EXIT

# --- Secret Service -------------------------------------------------------
keyring_pw=$(head -c 24 /dev/urandom | base64)
keyring_env=$(printf '%s' "$keyring_pw" | gnome-keyring-daemon --unlock --components=secrets)
unset keyring_pw
eval "$(printf '%s\n' "$keyring_env" | sed -n 's/^\(GNOME_KEYRING_CONTROL=.*\)$/export \1/p')"
keyring_pid=$(printf '%s\n' "$keyring_env" | sed -n 's/^GNOME_KEYRING_PID=//p')
[ -n "$keyring_pid" ] && echo "$keyring_pid" >>"$tmp/pids"
# Prove it works before the tests rely on it.
probe="flowdeck-harness-probe"
printf 'probe' | secret-tool store --label="Flowdeck harness probe" flowdeck-harness "$probe"
if [ "$(secret-tool lookup flowdeck-harness "$probe")" != "probe" ]; then
  log "gnome-keyring did not round-trip a secret"; exit 1
fi
secret-tool clear flowdeck-harness "$probe"
export DECK_TEST_KEYRING=1
log "Secret Service: gnome-keyring (pid ${keyring_pid:-?}) unlocked"

# --- Display --------------------------------------------------------------
if [ $real_display -eq 1 ]; then
  [ -n "${DECK_REAL_DISPLAY:-}" ] && export DISPLAY="$DECK_REAL_DISPLAY" XAUTHORITY="$DECK_REAL_XAUTHORITY"
  [ -n "${DECK_REAL_WAYLAND:-}" ] && export WAYLAND_DISPLAY="$DECK_REAL_WAYLAND"
  if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    log "no display to show the demo on (DISPLAY and WAYLAND_DISPLAY are unset)"; exit 1
  fi
  log "display: yours (${WAYLAND_DISPLAY:-$DISPLAY})"
else
Xvfb -displayfd 5 -screen 0 1280x800x24 -nolisten tcp -noreset 5>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
echo "$xvfb_pid" >>"$tmp/pids"
for _ in $(seq 1 100); do [ -s "$tmp/display" ] && break; sleep 0.1; done
if [ ! -s "$tmp/display" ]; then log "Xvfb did not start:"; cat "$tmp/xvfb.log" >&2; exit 1; fi
export DISPLAY=":$(head -n1 "$tmp/display")"
export GSK_RENDERER=${GSK_RENDERER:-cairo}
export GDK_BACKEND=x11
log "display: Xvfb $DISPLAY"
fi

# --- Real peers -----------------------------------------------------------
if [ $want_peers -eq 1 ] && [ -z "${DECK_PEERS_UNAVAILABLE:-}" ]; then
  if [ ! -d "$here/peers/node_modules" ]; then
    export DECK_PEERS_UNAVAILABLE="tests/peers is not installed (tests/peers/install.sh)"
    log "$DECK_PEERS_UNAVAILABLE"
  else
    mkfifo "$tmp/peers.in"
    # fd 7 holds the launcher's stdin open; when this shell exits the pipe
    # closes and the launcher shuts its peers down even if not signalled.
    exec 7<>"$tmp/peers.in"
    args=(--state-dir "$tmp/peers")
    args+=(--only "${peer_list:-flowfuse,flowfuse-unlicensed,nodered,oidc}")
    node "$here/peers/launch.mjs" "${args[@]}" <"$tmp/peers.in" >"$tmp/peers.out" 2>"$tmp/peers.log" &
    peers_pid=$!
    echo "$peers_pid" >>"$tmp/pids"
    start=$(date +%s)
    while :; do
      if grep -q '^READY ' "$tmp/peers.out" 2>/dev/null; then break; fi
      if grep -q '^FAILED' "$tmp/peers.out" 2>/dev/null || ! kill -0 "$peers_pid" 2>/dev/null; then
        log "the real peers failed to start:"; cat "$tmp/peers.out" >&2; tail -n 60 "$tmp/peers.log" >&2
        exit 1
      fi
      if [ $(( $(date +%s) - start )) -gt 300 ]; then
        log "the real peers did not start within 300 s:"; tail -n 60 "$tmp/peers.log" >&2; exit 1
      fi
      sleep 0.5
    done
    export DECK_PEERS_FILE=$(sed -n 's/^READY //p' "$tmp/peers.out" | head -n1)
    log "real peers ready in $(( $(date +%s) - start )) s: $DECK_PEERS_FILE"
  fi
fi

set +e
"$@"
rc=$?
set -e
exit $rc
