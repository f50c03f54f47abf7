#!/usr/bin/env bash
# Installs the Debian 12 packages Flowdeck needs to build, run and test,
# skipping what is already there. Used by .ci/app.sh and .ci/test.sh.
#   .ci/deps.sh         build + run
#   .ci/deps.sh --test  build + run + test suite (Xvfb, keyring, Node.js…)
set -euo pipefail

build_pkgs=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-bin
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev
  libsecret-1-dev libwebkitgtk-6.0-dev
  desktop-file-utils appstream
)
test_pkgs=(
  xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools imagemagick
  nodejs npm python3 python3-gi gir1.2-atspi-2.0 at-spi2-core
  make g++ clang libclang-rt-14-dev openssl
)

pkgs=("${build_pkgs[@]}")
if [ "${1:-}" = "--test" ]; then
  pkgs+=("${test_pkgs[@]}")
fi

missing=()
for p in "${pkgs[@]}"; do
  # Node.js and npm may come from outside Debian (as on the CI image);
  # only ask apt for them when the commands are missing.
  case "$p" in
    nodejs) command -v node >/dev/null && continue ;;
    npm) command -v npm >/dev/null && continue ;;
  esac
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#pkgs[@]} packages present"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi

echo "deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
