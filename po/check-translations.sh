#!/usr/bin/env bash
# Fails when a translation in po/LINGUAS lacks a string the sources have,
# has a fuzzy or untranslated entry, or does not compile. Keeps the German
# translation current as strings are added. Usage: check-translations.sh SRCROOT
set -euo pipefail
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The same keywords as meson's i18n.gettext(preset: 'glib').
xgettext --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --files-from=po/POTFILES.in -o "$tmp/flowdeck.pot" 2>"$tmp/xgettext.log" || {
  cat "$tmp/xgettext.log" >&2; exit 1; }

status=0
for lang in $(grep -v '^#' po/LINGUAS); do
  po="po/$lang.po"
  if [ ! -f "$po" ]; then
    echo "$po is missing" >&2; status=1; continue
  fi
  msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.po" "$po" "$tmp/flowdeck.pot"
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
  echo "$lang: $stats"
  if grep -qE 'untranslated|fuzzy' <<<"$stats"; then
    echo "$po is not complete; run: meson compile -C _build flowdeck-update-po, then translate" >&2
    LC_ALL=C msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep '^msgid' | head -20 >&2
    status=1
  fi
  msgfmt --check -o /dev/null "$po" || status=1
done
exit $status
