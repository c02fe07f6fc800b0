#!/usr/bin/env bash
# tests/test-data.sh: checks of the files in data/ and of the Flatpak manifest, run by
# meson test (suite "data")
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-data.sh metainfo FILE
#          appstreamcli validate --no-net --explain; fails on errors only (appstreamcli
#          exits 3 on warnings too: they are printed but do not fail)
#        test-data.sh icons APP-ICON SYMBOLIC-ICON
#          both exist and are well-formed SVG; the app icon on a 128 px artboard, the
#          symbolic one on 16 px and drawn in #2e3436 alone
#        test-data.sh flatpak-manifest FILE
#          the sandbox asks for no more than Sesame needs (no file system, no Secret Service:
#          the portals serve both), then `flatpak-builder --show-manifest` reads the file
#          without a warning; skipped (exit 77) after the first check without flatpak-builder

set -euo pipefail

fail ()
{
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}

check_metainfo ()
{
  local file=$1 output status=0

  output=$(appstreamcli validate --no-net --explain "$file" 2>&1) || status=$?
  printf '%s\n' "$output"
  case $status in
    0 | 3) ;;
    *) fail "appstreamcli exited with $status" ;;
  esac
  if grep -q '^E:' <<<"$output"; then
    fail "$file has AppStream errors"
  fi
  if ((status == 3)); then
    printf 'warnings only: passing\n'
  fi
}

# Prints the root element's width, height and viewBox, one a line; fails on malformed XML.
svg_geometry ()
{
  python3 - "$1" <<'EOF'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
if root.tag != '{http://www.w3.org/2000/svg}svg':
    sys.exit('not an SVG document: ' + root.tag)
for name in ('width', 'height', 'viewBox'):
    print(root.get(name, ''))
EOF
}

check_svg ()
{
  local file=$1 size=$2 geometry

  [[ -s $file ]] || fail "$file is missing or empty"
  geometry=$(svg_geometry "$file") || fail "$file is not a well-formed SVG"
  [[ $geometry == "$size"$'\n'"$size"$'\n'"0 0 $size $size" ]] ||
    fail "$file: expected width=height=$size and viewBox=\"0 0 $size $size\", got: ${geometry//$'\n'/, }"
  printf 'ok: %s (%s px)\n' "$file" "$size"
}

check_icons ()
{
  local app=$1 symbolic=$2 colours

  [[ ${app##*/} == io.github.sesame.Sesame.svg ]] || fail "unexpected app icon name $app"
  [[ ${symbolic##*/} == io.github.sesame.Sesame-symbolic.svg ]] ||
    fail "unexpected symbolic icon name $symbolic"
  check_svg "$app" 128
  check_svg "$symbolic" 16

  # A symbolic icon is recoloured by GTK: one colour, no gradients, no bitmaps.
  colours=$(grep -oiE '#[0-9a-f]{3,6}\b|rgba?\(' "$symbolic" | tr 'A-F' 'a-f' | sort -u)
  [[ $colours == '#2e3436' ]] || fail "$symbolic uses colours other than #2e3436: $colours"
  if grep -qE '<(linearGradient|radialGradient|image)\b' "$symbolic"; then
    fail "$symbolic has a gradient or an image"
  fi
  printf 'ok: %s is single-colour\n' "$symbolic"
}

# Prints what is wrong with the manifest's identity and sandbox, one problem a line.
manifest_problems ()
{
  python3 - "$1" <<'EOF'
import json
import sys
manifest = json.load(open(sys.argv[1]))
expected = {'id': 'io.github.sesame.Sesame', 'runtime': 'org.gnome.Platform',
            'sdk': 'org.gnome.Sdk', 'command': 'sesame-app'}
for key, value in expected.items():
    if manifest.get(key) != value:
        print(f'{key} is {manifest.get(key)!r}, not {value!r}')
allowed = ['--share=network', '--share=ipc', '--socket=wayland', '--socket=fallback-x11',
           '--device=dri']
finish_args = manifest.get('finish-args', [])
for arg in finish_args:
    if arg not in allowed:
        print(f'finish-args: {arg} is more than Sesame needs')
for arg in allowed:
    if arg not in finish_args:
        print(f'finish-args: {arg} is missing')
EOF
}

check_flatpak_manifest ()
{
  local file=$1 problems status=0 tmp

  problems=$(manifest_problems "$file") || fail "$file is not valid JSON"
  [[ -z $problems ]] || fail "$file:"$'\n'"$problems"
  printf 'ok: the sandbox of %s\n' "$file"

  if ! command -v flatpak-builder >/dev/null 2>&1; then
    printf 'SKIP: flatpak-builder is not installed\n'
    exit 77
  fi
  tmp=$(mktemp -d)
  # shellcheck disable=SC2064 # expand now: tmp is local
  trap "rm -rf '$tmp'" EXIT
  flatpak-builder --show-manifest "$file" >"$tmp/manifest" 2>"$tmp/stderr" || status=$?
  cat "$tmp/stderr"
  ((status == 0)) || fail "flatpak-builder --show-manifest exited with $status"
  if grep -q 'WARNING' "$tmp/stderr"; then
    fail "flatpak-builder warns about $file"
  fi
  printf 'ok: flatpak-builder reads %s\n' "$file"
}

usage="usage: $0 metainfo FILE | icons APP-ICON SYMBOLIC-ICON | flatpak-manifest FILE"
case ${1-} in
  metainfo) (($# == 2)) || fail "$usage"; check_metainfo "$2" ;;
  icons) (($# == 3)) || fail "$usage"; check_icons "$2" "$3" ;;
  flatpak-manifest) (($# == 2)) || fail "$usage"; check_flatpak_manifest "$2" ;;
  *) fail "$usage" ;;
esac
