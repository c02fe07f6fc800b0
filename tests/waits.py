# waits.py: tests/waits.c for the Python tests
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every wait is bounded by a number of seconds meant for a loaded 2-core machine, times
# meson's --timeout-multiplier (read off the `meson test` process above this one, else
# $SESAME_TEST_TIMEOUT_MULTIPLIER, else 1). A wait that gives up, and the watchdog that
# stops the program a little before meson would kill it ($SESAME_TEST_TIMEOUT), print a
# TAP `not ok` line with the scenario and step the test was on, then exit.

import os
import sys
import threading
import time

WAIT_SECONDS = 60    # WAIT_SECONDS in tests/waits.h

_started = time.monotonic()
_lock = threading.Lock()
_step = None
_scenario = None
_scale = None


def _multiplier_in(argv):
    meson = False
    for i, arg in enumerate(argv):
        if arg.endswith("meson") or arg.endswith("meson.py"):
            meson = True
        value = None
        if arg.startswith("--timeout-multiplier="):
            value = arg.split("=", 1)[1]
        elif arg in ("-t", "--timeout-multiplier") and i + 1 < len(argv):
            value = argv[i + 1]
        if meson and value is not None:
            return float(value)
    return None


def _parent_of(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def scale():
    """Meson's timeout multiplier as this test sees it (0: no limits)."""
    global _scale
    if _scale is None:
        found = None
        pid = os.getppid()
        while pid > 1 and found is None:
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                    argv = cmdline.read().decode("utf-8", "replace").split("\0")
            except OSError:
                break
            found = _multiplier_in(argv)
            pid = _parent_of(pid)
        if found is None:
            found = float(os.environ.get("SESAME_TEST_TIMEOUT_MULTIPLIER", "1"))
        _scale = found if found >= 0 else 1
    return _scale


def limit(seconds=WAIT_SECONDS):
    """@seconds scaled (None: no limit), for subprocess and socket timeouts."""
    return None if scale() == 0 else seconds * scale()


def scenario(name):
    global _scenario
    with _lock:
        _scenario = name


def step(text):
    """Names what the test does now: a wait that gives up repeats it."""
    global _step
    with _lock:
        _step = text


def _report(what):
    with _lock:
        where = _scenario or os.path.basename(sys.argv[0])
        current = f"; step: {_step}" if _step else ""
    sys.stdout.flush()
    print(f"not ok - {where}: {what}{current} ({time.monotonic() - _started:.0f} s into the test)",
          flush=True)


def give_up(what):
    _report(what)
    os._exit(1)


def until(done, what, seconds=WAIT_SECONDS, interval=0.05):
    """Calls @done until it returns something true, which is returned; gives up after
    @seconds (scaled) saying it waited for @what."""
    bound = limit(seconds)
    deadline = None if bound is None else time.monotonic() + bound
    while True:
        value = done()
        if value:
            return value
        if deadline is not None and time.monotonic() > deadline:
            give_up(f"gave up after {bound:.0f} s waiting for {what}")
        time.sleep(interval)


def _watchdog(seconds):
    time.sleep(seconds)
    _report(f"the test program ran out of time ({seconds:.0f} s)")
    os._exit(1)


def init():
    """Starts the watchdog, when meson gave the test a timeout."""
    timeout = os.environ.get("SESAME_TEST_TIMEOUT")
    if timeout is None or scale() == 0:
        return
    total = float(timeout) * scale()
    total -= max(5, total / 10)
    if total > 0:
        threading.Thread(target=_watchdog, args=(total,), daemon=True).start()
