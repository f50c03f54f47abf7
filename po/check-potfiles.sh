#!/usr/bin/env bash
# Fails when a file that marks strings for translation is missing from
# po/POTFILES.in, when POTFILES.in names a file that does not exist, or when
# it is not sorted. (The idea is GNOME Online Accounts' check-potfiles.sh.)
set -euo pipefail
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top"

potfiles=po/POTFILES.in
listed=$(grep -v '^#' "$potfiles" | sed '/^[[:space:]]*$/d')
status=0

# Sources with _( or N_( or C_( or ngettext( and UI/XML with translatable="yes".
candidates=$( {
  grep -rlE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|g_dngettext|ngettext)[[:space:]]*\(' --include='*.c' src || true
  grep -rl 'translatable="yes"' --include='*.ui' src || true
  grep -rlE '<(summary|description)' --include='*.gschema.xml' data || true
  ls data/*.desktop.in.in data/*.metainfo.xml.in.in 2>/dev/null || true
} | sort -u )

for f in $candidates; do
  if ! grep -qxF "$f" <<<"$listed"; then
    echo "po/POTFILES.in is missing: $f" >&2
    status=1
  fi
done

for f in $listed; do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in names a file that does not exist: $f" >&2
    status=1
  fi
done

if [ "$(printf '%s\n' "$listed")" != "$(printf '%s\n' "$listed" | LC_ALL=C sort)" ]; then
  echo "po/POTFILES.in is not sorted (LC_ALL=C sort)" >&2
  status=1
fi

if [ $status -eq 0 ]; then
  echo "POTFILES.in lists all $(wc -w <<<"$candidates") files with translatable strings"
fi
exit $status
