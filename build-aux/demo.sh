# build-aux/demo.sh: the demo that build-aux/run starts by default
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Source this file from the top of the source tree (after deps.sh); it is not
# meant to be run on its own.
#
#   sesame_demo_start SESAME temporary directory, private keyring, test
#                            provider, the "Demo provider" profile; exports
#                            the demo environment
#   sesame_demo_note         tells the user what runs (standard error)
#   sesame_demo_run CMD…     runs CMD in the background and waits for it,
#                            passing signals on; returns its exit status
#   sesame_demo_forward SIG  the INT/TERM/HUP trap: passes SIG on to CMD, or
#                            exits when CMD does not run yet
#   sesame_demo_cleanup      the EXIT trap: stops everything, deletes the
#                            temporary directory and the state file
#   sesame_demo_publish TOP  writes the state file of the demo of source tree
#                            TOP, so that other build-aux/run commands find it
#   sesame_demo_find_running TOP
#                            when a demo of TOP runs: exports its environment
#                            (SESAME_DEMO_PID: the pid of its build-aux/run)
#
# The state file is the demo's environment as `export` lines, one file per
# source tree, in $XDG_RUNTIME_DIR/sesame-demo (without a runtime directory,
# /tmp/sesame-demo-UID), a directory of mode 0700 that must be the user's.
# It exists while the demo runs. It names no secret: the keyring is reached
# through the demo's bus, which only this user can connect to.
#
# What stays the user's: HOME, XDG_RUNTIME_DIR, the display, the web browser
# (started through a small hand-off script in the user's own environment, so
# that their default browser, its profile and its D-Bus session are the usual
# ones) and the accessibility bus. What is the demo's: XDG_CONFIG_HOME,
# XDG_DATA_HOME, XDG_CACHE_HOME, XDG_STATE_HOME and the D-Bus session bus,
# which carries only Sesame and gnome-keyring-daemon: it activates no services,
# so that no portal, dconf or second keyring daemon starts behind our back.
# The desktop settings (the dconf database) are copied in, so that the window
# follows the user's dark style and text size; nothing is written back.
#
# Every helper gets the parent-death signal (setpriv --pdeathsig), and the
# provider also exits when its standard input, a pipe held by this script,
# closes: no process outlives the script, even one killed with SIGKILL (only
# the temporary directory stays behind then).

# shellcheck shell=bash

SESAME_DEMO_PROFILE="Demo provider"
SESAME_DEMO_CLIENT_ID="sesame-public"
SESAME_DEMO_SCOPE="openid email profile offline_access"

# The variables that the demo changes for Sesame, and that the browser
# hand-off gives back their original values.
SESAME_DEMO_VARS=(XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME
                  DBUS_SESSION_BUS_ADDRESS AT_SPI_BUS_ADDRESS)

demo_dir=
demo_app_pid=
demo_bus_pid=
demo_keyring_pid=
demo_idp_pid=
demo_idp_out=
demo_issuer=
demo_bus_address=
demo_state_file=

sesame_demo_fail ()
{
  local log=${2:-}

  sesame_note "demo: $1"
  if [[ -n $log && -s $log ]]; then
    sed 's/^/  /' "$log" | tail -n 20 >&2
  fi
  exit 1
}

# A D-Bus session bus without service activation: the standard session
# configuration minus <standard_session_servicedirs/>.
sesame_demo_write_bus_config ()
{
  cat >"$demo_dir/bus.conf" <<'EOF'
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
}

# The demo's default web browser: a script that restores the caller's
# environment and hands the address to `gio open` there, in a session of its
# own (so that a browser it starts does not stop with the demo, or with a
# Ctrl+C in this terminal). Written before the demo environment is exported.
sesame_demo_write_browser_handoff ()
{
  local bin=$demo_dir/bin/open-in-browser
  local exec_path var

  mkdir -p "$demo_dir/bin" "$demo_dir/data/applications"
  {
    printf '#!/usr/bin/env bash\n'
    printf '# Written by build-aux/run: opens a web address in the browser of the\n'
    printf '# environment build-aux/run was started in.\n'
    for var in "${SESAME_DEMO_VARS[@]}"; do
      if [[ -v $var ]]; then
        printf 'export %s=%q\n' "$var" "${!var}"
      else
        printf 'unset %s\n' "$var"
      fi
    done
    printf 'unset GIO_LAUNCHED_DESKTOP_FILE GIO_LAUNCHED_DESKTOP_FILE_PID\n'
    # shellcheck disable=SC2016 # "$@" is for the script written here
    printf 'exec setsid gio open "$@"\n'
  } >"$demo_dir/bin/open-in-browser"
  chmod 755 "$bin"

  # Exec= quoting (Desktop Entry Specification): \ " ` $ escaped inside double
  # quotes, then \ escaped again as a string value, and % doubled.
  exec_path=${bin//\\/\\\\}
  exec_path=${exec_path//\"/\\\"}
  exec_path=${exec_path//\`/\\\`}
  exec_path=${exec_path//\$/\\\$}
  exec_path=${exec_path//\\/\\\\}
  exec_path=${exec_path//%/%%}
  cat >"$demo_dir/data/applications/sesame-demo-browser.desktop" <<EOF
[Desktop Entry]
Type=Application
Name=Web browser (build-aux/run)
Exec="$exec_path" %u
NoDisplay=true
MimeType=x-scheme-handler/http;x-scheme-handler/https;
EOF
  mkdir -p "$demo_dir/config"
  cat >"$demo_dir/config/mimeapps.list" <<'EOF'
[Default Applications]
x-scheme-handler/http=sesame-demo-browser.desktop
x-scheme-handler/https=sesame-demo-browser.desktop
EOF
}

# Prints the address of the user's accessibility bus, when it is not in the
# environment already and the user's session bus knows it, so that screen
# readers see the demo window (GTK would otherwise ask the demo's bus).
sesame_demo_a11y_address ()
{
  local bus=${DBUS_SESSION_BUS_ADDRESS:-} reply

  [[ -z ${AT_SPI_BUS_ADDRESS:-} ]] || return 0
  if [[ -z $bus && -n ${XDG_RUNTIME_DIR:-} && -S $XDG_RUNTIME_DIR/bus ]]; then
    bus=unix:path=$XDG_RUNTIME_DIR/bus
  fi
  # No session bus: do not let libdbus autolaunch one.
  [[ -n $bus ]] || return 0
  reply=$(timeout 3 dbus-send --bus="$bus" --print-reply=literal --dest=org.a11y.Bus \
            /org/a11y/bus org.a11y.Bus.GetAddress 2>/dev/null) || return 0
  reply=${reply#"${reply%%[![:space:]]*}"}
  printf '%s\n' "$reply"
}

sesame_demo_start_provider ()
{
  local log=$demo_dir/provider.log

  # Its standard input is the coprocess pipe: it exits when the script does.
  coproc SESAME_DEMO_IDP {
    exec setpriv --pdeathsig TERM node tests/idp/server.mjs --port 0 2>"$log"
  }
  demo_idp_pid=${SESAME_DEMO_IDP_PID:-}
  # Bash unsets the array as soon as the coprocess ends.
  demo_idp_out=${SESAME_DEMO_IDP[0]:-}
}

sesame_demo_read_provider ()
{
  local log=$demo_dir/provider.log line=

  if ! read -r -t 30 -u "$demo_idp_out" line 2>/dev/null; then
    sesame_demo_fail "the test provider did not start" "$log"
  fi
  if [[ $line =~ \"issuer\":\"([^\"]+)\" ]]; then
    demo_issuer=${BASH_REMATCH[1]}
  else
    sesame_demo_fail "unexpected line from the test provider: $line" "$log"
  fi
}

sesame_demo_start_bus ()
{
  local fifo=$demo_dir/bus-address

  sesame_demo_write_bus_config
  mkfifo "$fifo"
  setpriv --pdeathsig TERM dbus-daemon --config-file="$demo_dir/bus.conf" --nofork \
    --print-address=1 >"$fifo" 2>"$demo_dir/bus.log" &
  demo_bus_pid=$!
  if ! read -r -t 10 demo_bus_address <"$fifo" || [[ -z $demo_bus_address ]]; then
    sesame_demo_fail "the private D-Bus daemon did not start" "$demo_dir/bus.log"
  fi
}

sesame_demo_start_keyring ()
{
  local password i reply

  password=$(head -c 24 /dev/urandom | base64)
  # --unlock reads the password of the new login keyring from standard input.
  # Its files go to $XDG_DATA_HOME/keyrings, its sockets to the control
  # directory: both in the demo directory. No display: it must never prompt.
  env -u DISPLAY -u WAYLAND_DISPLAY \
    XDG_CONFIG_HOME="$demo_dir/config" XDG_DATA_HOME="$demo_dir/data" \
    XDG_CACHE_HOME="$demo_dir/cache" XDG_STATE_HOME="$demo_dir/state" \
    DBUS_SESSION_BUS_ADDRESS="$demo_bus_address" \
    setpriv --pdeathsig TERM gnome-keyring-daemon --foreground --unlock --components=secrets \
    --control-directory="$demo_dir/keyring" <<<"$password" >/dev/null 2>"$demo_dir/keyring.log" &
  demo_keyring_pid=$!

  for ((i = 0; i < 250; i++)); do
    reply=$(dbus-send --bus="$demo_bus_address" --print-reply=literal --dest=org.freedesktop.DBus \
              /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
              string:org.freedesktop.secrets 2>/dev/null) || true
    [[ $reply != *true* ]] || return 0
    kill -0 "$demo_keyring_pid" 2>/dev/null || break
    sleep 0.04
  done
  sesame_demo_fail "gnome-keyring-daemon did not come up on the private bus" \
    "$demo_dir/keyring.log"
}

sesame_demo_write_env_file ()
{
  local file=$1 var

  {
    printf '# The environment of the Sesame demo started by build-aux/run (pid %s)\n' "$$"
    for var in "${SESAME_DEMO_VARS[@]}"; do
      if [[ -v $var ]]; then
        printf 'export %s=%q\n' "$var" "${!var}"
      fi
    done
    printf 'SESAME_DEMO_ISSUER=%q\n' "$demo_issuer"
    printf 'SESAME_DEMO_DIR=%q\n' "$demo_dir"
    printf 'SESAME_DEMO_PID=%q\n' "$$"
  } >"$file"
}

# Prints the directory of the state files, made if need be; fails (saying
# why) when it is not a directory of this user's alone.
sesame_demo_state_dir ()
{
  local dir

  if [[ -n ${XDG_RUNTIME_DIR:-} && -d $XDG_RUNTIME_DIR ]]; then
    dir=$XDG_RUNTIME_DIR/sesame-demo
  else
    dir=/tmp/sesame-demo-$(id -u)
  fi
  mkdir -m 700 "$dir" 2>/dev/null || true
  if [[ -L $dir || ! -d $dir || ! -O $dir || $(stat -c %a "$dir") != 700 ]]; then
    sesame_note "demo: $dir is not a directory of yours alone (mode 0700): not using it"
    return 1
  fi
  printf '%s\n' "$dir"
}

# Prints the state file of the demo of source tree $1.
sesame_demo_state_file ()
{
  local dir key

  dir=$(sesame_demo_state_dir) || return 1
  key=$(printf '%s' "$1" | cksum)
  printf '%s/%s.env\n' "$dir" "${key%% *}"
}

sesame_demo_publish ()
{
  local file

  file=$(sesame_demo_state_file "$1") || return 0
  # Whole or not at all: written beside it, then renamed.
  (umask 077 && sesame_demo_write_env_file "$file.$$")
  mv -f "$file.$$" "$file"
  demo_state_file=$file
}

# A file whose demo is gone (its script killed with SIGKILL) is removed, with
# the temporary directory that the demo could not delete.
sesame_demo_find_running ()
{
  local file dir

  file=$(sesame_demo_state_file "$1") || return 1
  [[ -f $file && ! -L $file && -O $file ]] || return 1
  # shellcheck source=/dev/null
  if ! (source "$file" && [[ -n ${SESAME_DEMO_PID:-} && -d ${SESAME_DEMO_DIR:-/nonexistent} ]] &&
          kill -0 "$SESAME_DEMO_PID" 2>/dev/null); then
    # shellcheck source=/dev/null
    dir=$(source "$file" 2>/dev/null && printf '%s' "${SESAME_DEMO_DIR:-}") || dir=
    if [[ $dir == */sesame-demo.?????????? && -d $dir && ! -L $dir && -O $dir ]]; then
      rm -rf "$dir"
    fi
    rm -f "$file"
    return 1
  fi
  # shellcheck source=/dev/null
  source "$file"
}

sesame_demo_start ()
{
  local sesame=$1
  local dconf_db=${XDG_CONFIG_HOME:-${HOME:-/nonexistent}/.config}/dconf/user
  local a11y out

  demo_dir=$(mktemp -d "${TMPDIR:-/tmp}/sesame-demo.XXXXXXXXXX")
  mkdir -m 700 "$demo_dir"/{config,data,cache,state,keyring}

  # The provider takes about a second to start: it goes first, the keyring
  # starts meanwhile.
  sesame_demo_start_provider
  sesame_demo_start_bus
  sesame_demo_start_keyring

  sesame_demo_write_browser_handoff
  a11y=$(sesame_demo_a11y_address)
  if [[ -f $dconf_db ]]; then
    mkdir -p "$demo_dir/config/dconf"
    cp "$dconf_db" "$demo_dir/config/dconf/user" || true
  fi

  export XDG_CONFIG_HOME=$demo_dir/config
  export XDG_DATA_HOME=$demo_dir/data
  export XDG_CACHE_HOME=$demo_dir/cache
  export XDG_STATE_HOME=$demo_dir/state
  export DBUS_SESSION_BUS_ADDRESS=$demo_bus_address
  unset DBUS_STARTER_ADDRESS DBUS_STARTER_BUS_TYPE
  if [[ -n $a11y ]]; then
    export AT_SPI_BUS_ADDRESS=$a11y
  fi

  sesame_demo_read_provider
  if ! out=$("$sesame" profile add "$SESAME_DEMO_PROFILE" --issuer "$demo_issuer" \
               --client-id "$SESAME_DEMO_CLIENT_ID" --scope "$SESAME_DEMO_SCOPE" 2>&1 </dev/null); then
    printf '%s\n' "$out" >"$demo_dir/profile.log"
    sesame_demo_fail "could not add the demo profile" "$demo_dir/profile.log"
  fi

  if [[ -n ${SESAME_DEMO_ENV:-} ]]; then
    sesame_demo_write_env_file "$SESAME_DEMO_ENV"
  fi
}

# With arguments (a command for sesame): that it runs in a demo of its own.
sesame_demo_note ()
{
  printf 'Demo: a test OpenID provider runs at %s; log in with any name.\n' "$demo_issuer" >&2
  printf 'Your own configuration and keyring are not touched. Use --no-demo for them.\n' >&2
  if (($# == 0)); then
    printf 'While it runs, build-aux/run COMMAND (in another terminal) runs sesame COMMAND\n' >&2
    printf 'in this demo, for example: build-aux/run token "Demo provider"\n' >&2
  else
    printf 'No demo was running: this command runs in a new demo of its own, with an empty\n' >&2
    printf 'keyring, deleted when it ends. To use the demo you sign in to in the window,\n' >&2
    printf 'keep build-aux/run running and run this command in another terminal.\n' >&2
  fi
}

# The same, when the command runs in a demo that runs already.
sesame_demo_note_joined ()
{
  if (($# == 0)); then
    printf 'Demo: it runs already (build-aux/run, pid %s); showing its window.\n' \
      "$SESAME_DEMO_PID" >&2
  else
    printf 'Demo: in the demo that runs already (build-aux/run, pid %s).\n' \
      "$SESAME_DEMO_PID" >&2
  fi
}

sesame_demo_run ()
{
  local status

  # Without job control, bash starts background commands with SIGINT and
  # SIGQUIT ignored and standard input on /dev/null: give Sesame back both, so
  # that Ctrl+C and the terminal reach it as usual (10<&-: bash 5.2 leaks its
  # /dev/null there otherwise). Sesame gets SIGTERM if the script dies
  # without its traps (SIGKILL): its bus would be gone.
  env --default-signal=INT,QUIT setpriv --pdeathsig TERM "$@" <&0 10<&- &
  demo_app_pid=$!

  # wait returns early when a trapped signal comes in; the trap passes it on.
  while :; do
    status=0
    wait "$demo_app_pid" || status=$?
    kill -0 "$demo_app_pid" 2>/dev/null || break
  done
  demo_app_pid=
  return "$status"
}

sesame_demo_forward ()
{
  local sig=$1

  if [[ -n $demo_app_pid ]]; then
    kill -s "$sig" "$demo_app_pid" 2>/dev/null || true
  else
    exit $((128 + $(kill -l "$sig")))
  fi
}

# Sends SIGTERM to the given processes, waits up to 5 s for them to end, then
# sends SIGKILL to those that are left.
sesame_demo_stop ()
{
  local -a pids=()
  local pid i

  for pid in "$@"; do
    [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
  done
  for ((i = 0; i < 50; i++)); do
    local -a left=()
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null && left+=("$pid")
    done
    ((${#left[@]} > 0)) || break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}

sesame_demo_cleanup ()
{
  local status=$?

  set +e
  trap '' INT TERM HUP
  # First, so that no command joins a demo that is stopping.
  if [[ -n $demo_state_file ]] && grep -qx "SESAME_DEMO_PID=$$" "$demo_state_file" 2>/dev/null; then
    rm -f "$demo_state_file"
  fi
  sesame_demo_stop "$demo_app_pid"
  sesame_demo_stop "$demo_keyring_pid" "$demo_idp_pid" "$demo_bus_pid"
  if [[ -n $demo_dir ]]; then
    rm -rf "$demo_dir"
  fi
  return "$status"
}
