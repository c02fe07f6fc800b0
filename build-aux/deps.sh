# build-aux/deps.sh: shared helpers for build-aux/test and build-aux/run
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Source this file from the top of the source tree; it is not meant to be run
# on its own. It holds the one list of Debian packages that Sesame needs to be
# built and tested, and the steps that install them, the test provider's npm
# modules and the build.
#
#   sesame_ensure_deps          install missing Debian packages (root) or say how
#   sesame_ensure_npm           run `npm ci` in tests/idp when its lock file changed
#   sesame_build [OPTION…]      configure (with meson OPTIONs) and compile
#
# SESAME_BUILDDIR selects the build directory (default: _build).

# shellcheck shell=bash

SESAME_DEBIAN_PACKAGES=(
  build-essential
  meson
  ninja-build
  pkg-config
  libgtk-4-dev
  libx11-dev
  libsoup-3.0-dev
  libjson-glib-dev
  libgnutls28-dev
  libadwaita-1-dev
  libsecret-1-dev
  libqrencode-dev
  libwebkitgtk-6.0-dev
  xvfb
  xauth
  gettext
  desktop-file-utils
  appstream
  gnome-keyring
  dbus-daemon
  libsecret-tools
  imagemagick
  zbar-tools
  flatpak-builder
  faketime
  valgrind
  strace
  clang
  libclang-rt-14-dev
)

sesame_note ()
{
  printf '%s: %s\n' "${0##*/}" "$*" >&2
}

# Prints the packages of SESAME_DEBIAN_PACKAGES (plus nodejs and npm where
# `node` or `npm` is not on PATH) that dpkg does not list as installed.
# One dpkg-query call for the whole list; no other process is started.
sesame_missing_packages ()
{
  local -a wanted=("${SESAME_DEBIAN_PACKAGES[@]}")
  local installed pkg

  # Node may come from elsewhere than Debian (it does on our machines): only
  # ask for Debian's when there is none at all.
  command -v node >/dev/null 2>&1 || wanted+=(nodejs)
  command -v npm >/dev/null 2>&1 || wanted+=(npm)

  # dpkg-query exits 1 when a package is unknown to it; that package is then
  # simply absent from its output, which is what we want.
  installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${wanted[@]}" 2>/dev/null || true)
  installed=$'\n'"$installed"$'\n'

  for pkg in "${wanted[@]}"; do
    if [[ $installed != *$'\n'"$pkg installed"$'\n'* ]]; then
      printf '%s\n' "$pkg"
    fi
  done
}

sesame_ensure_deps ()
{
  local -a missing

  if ! command -v dpkg-query >/dev/null 2>&1; then
    sesame_note "not a Debian-based system: make sure the equivalents of these are installed:"
    sesame_note "  ${SESAME_DEBIAN_PACKAGES[*]} nodejs npm"
    return 0
  fi

  mapfile -t missing < <(sesame_missing_packages)
  if ((${#missing[@]} == 0)); then
    return 0
  fi

  if ((EUID != 0)); then
    sesame_note "missing packages: ${missing[*]}"
    sesame_note "install them with:"
    printf 'sudo apt-get install -y %s\n' "${missing[*]}" >&2
    exit 1
  fi

  # Recommends are kept: without them at-spi2-core is left out, and GTK then
  # warns on every start that the accessibility bus cannot be reached, which
  # is fatal in tests run with G_DEBUG=fatal-warnings.
  sesame_note "installing: ${missing[*]}"
  apt-get update || sesame_note "apt-get update failed; trying the package lists we have"
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"

  mapfile -t missing < <(sesame_missing_packages)
  if ((${#missing[@]} != 0)); then
    sesame_note "still missing after apt-get install: ${missing[*]}"
    exit 1
  fi
}

sesame_ensure_npm ()
{
  local dir=tests/idp
  local stamp=$dir/node_modules/.sesame-npm-stamp

  if [[ ! -f $dir/package-lock.json ]]; then
    sesame_note "no $dir/package-lock.json yet; skipping npm ci"
    return 0
  fi

  # The stamp lives inside node_modules, so removing node_modules (or `npm ci`
  # doing so) also removes it. Without a stamp, npm's own record of what it
  # installed tells whether an earlier `npm install` or `npm ci` is current.
  local done_file=$stamp
  [[ -f $done_file ]] || done_file=$dir/node_modules/.package-lock.json
  if [[ -f $done_file && ! $dir/package-lock.json -nt $done_file ]]; then
    return 0
  fi

  sesame_note "installing the test provider's npm modules in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund)
  touch "$stamp"
}

sesame_build ()
{
  local builddir=${SESAME_BUILDDIR:-_build}

  if [[ ! -f $builddir/meson-private/coredata.dat ]]; then
    meson setup "$builddir" "$@"
  elif (($# > 0)); then
    if ! meson configure "$builddir" "$@"; then
      sesame_note "meson configure failed; reconfiguring $builddir"
      meson setup --reconfigure "$builddir" "$@"
    fi
  fi

  meson compile -C "$builddir"
}
