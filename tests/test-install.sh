#!/usr/bin/env bash
# tests/test-install.sh: `meson install` into a scratch DESTDIR, then check the installed tree
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-install.sh SOURCE-ROOT BUILD-ROOT PREFIX BINDIR DATADIR LOCALEDIR
# (BINDIR, DATADIR and LOCALEDIR absolute, as meson.build passes them). Run by meson test
# (suite "data") on a build that is already complete: nothing is rebuilt.

set -euo pipefail

if (($# != 6)); then
  printf 'usage: %s SOURCE-ROOT BUILD-ROOT PREFIX BINDIR DATADIR LOCALEDIR\n' "$0" >&2
  exit 2
fi

source_root=$1 build_root=$2 prefix=$3 bindir=$4 datadir=$5 localedir=$6
app_id=io.github.sesame.Sesame
failures=0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest

fail ()
{
  printf 'FAIL: %s\n' "$*"
  failures=$((failures + 1))
}

expect_file ()
{
  if [[ -f $dest$1 && -s $dest$1 ]]; then
    printf 'ok: %s\n' "$1"
  else
    fail "not installed: $1"
  fi
}

printf '# installing %s (prefix %s) into %s\n' "$build_root" "$prefix" "$dest"
if command -v meson >/dev/null 2>&1; then
  meson install -C "$build_root" --destdir "$dest" --no-rebuild --quiet
else
  DESTDIR=$dest ninja -C "$build_root" install >/dev/null
fi

# The files of a GNOME app.
[[ -x $dest$bindir/sesame ]] || fail "not installed or not executable: $bindir/sesame"
[[ -x $dest$bindir/sesame-app ]] || fail "not installed or not executable: $bindir/sesame-app"
expect_file "$datadir/applications/$app_id.desktop"
expect_file "$datadir/metainfo/$app_id.metainfo.xml"
expect_file "$datadir/glib-2.0/schemas/$app_id.gschema.xml"
expect_file "$datadir/icons/hicolor/scalable/apps/$app_id.svg"
expect_file "$datadir/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"

# The desktop entry starts the installed program and names the installed icon.
if [[ -f $dest$datadir/applications/$app_id.desktop ]]; then
  grep -qx 'Exec=sesame-app' "$dest$datadir/applications/$app_id.desktop" ||
    fail "the desktop entry does not run sesame-app"
  grep -qx "Icon=$app_id" "$dest$datadir/applications/$app_id.desktop" ||
    fail "the desktop entry does not name the icon $app_id"
fi

# One catalogue for each language in po/LINGUAS.
while read -r lang; do
  expect_file "$localedir/$lang/LC_MESSAGES/sesame.mo"
done < <(sed -e 's/#.*//' -e 's/[[:space:]]\+/\n/g' "$source_root/po/LINGUAS" | grep -v '^$' || true)

# Nothing from the build tree but what is meant to be installed (no tests, libraries, headers).
leaked=$(cd "$dest" && find . -type f \( -name 'test-*' -o -name '*.a' -o -name '*.h' -o -name 'sesame-test-agent' \) | sort)
[[ -z $leaked ]] || fail "installed by mistake: $leaked"

printf '# installed files:\n'
(cd "$dest" && find . -type f | sort | sed 's/^/#   /')

# The installed program runs, with no display and no session bus, and lists its commands.
if [[ -x $dest$bindir/sesame ]]; then
  run_installed ()
  {
    env -u DISPLAY -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS -u SESAME_LOCALEDIR -u SESAME_APP \
      LC_ALL=C.UTF-8 LANGUAGE= "$dest$bindir/sesame" "$@"
  }
  help=$(run_installed --help 2>&1) || fail "sesame --help exited with $?"
  for command in sign-in token sign-out profiles profile presets; do
    grep -qE "^  $command +[A-Z]" <<<"$help" || fail "sesame --help does not list $command"
  done
  help=$(run_installed sign-in --help 2>&1) || fail "sesame sign-in --help exited with $?"
  grep -q -- '--issuer' <<<"$help" || fail "sesame sign-in --help does not mention --issuer"
  # The command line links nothing graphical: it runs where GTK is not installed.
  if command -v ldd >/dev/null 2>&1; then
    graphical=$(ldd "$dest$bindir/sesame" | grep -E 'libgtk|libadwaita|libwebkit' || true)
    [[ -z $graphical ]] || fail "sesame links graphical libraries: $graphical"
  fi
  # Without a command it starts the app installed beside it, which needs a display.
  out=$(run_installed 2>&1) && fail "sesame without a display and no command succeeded"
  grep -q 'could not start the app' <<<"$out" && fail "sesame did not find sesame-app: $out"
  [[ $failures -ne 0 ]] || printf 'ok: the installed sesame runs and lists its commands\n'
fi

if ((failures > 0)); then
  printf '%d check(s) failed\n' "$failures"
  exit 1
fi
printf 'all install checks passed\n'
