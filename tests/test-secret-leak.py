#!/usr/bin/env python3
# test-secret-leak.py: no token or client secret anywhere it does not belong
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-secret-leak.py --scenario NAME [--ui-test PATH]
#
# Runs one scenario with G_MESSAGES_DEBUG=all against the real test provider, which
# writes every token it issues to a file (SESAME_IDP_ISSUED), and a gnome-keyring-daemon
# on a private bus. The scenarios, each its own meson test:
#   public, basic, post  `sesame` adds a profile with that kind of client, signs in, prints
#                        and refreshes tokens, shows and lists profiles, signs out;
#   ad-hoc               `sesame sign-in` without a profile, with a post and a basic client;
#   window               the window signs in, shows the tokens page and signs out (the ui
#                        test's cases; skipped without a display).
# Meanwhile strace records every program the scenario's commands execute, with its
# arguments, however briefly it lives, and a thread samples the command lines of every
# process this test spawns and of every process that inherited its environment (GIO
# detaches the browser it opens for the window). Then every token the provider issued and
# both client secrets — as they are, URL-encoded, base64 and base64url (at each alignment,
# so that inside a longer encoded string too, as in a Basic header), and their first and
# last 24 characters alone — are looked for in:
#   - every stdout and stderr, except the stdout of `sesame sign-in` and `sesame token`,
#     whose contract is to print the token;
#   - every command line seen;
#   - every file under the test's HOME and XDG directories and every file in /tmp
#     changed during the run, except the keyring's own encrypted file.
# The app enables no SoupLogger: at body level one prints token responses and refresh
# requests, at header level the Authorization header, and libsoup 3.2 has no hook that
# redacts them; so there is no libsoup log to turn up here. Speaks TAP. Its waits are
# bounded and scaled with meson's timeout multiplier (waits.py).

import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

import waits

BASIC_SECRET = "b4s!c s3cret:+/%&="    # IDP_BASIC_SECRET in tests/idp.h
POST_SECRET = "p0st-s3cret"             # IDP_POST_SECRET
GCC_TEMPORARY = re.compile(r"cc[A-Za-z0-9]{6}\.(s|o|i|ld|le|res|c|mvars)")
UI_CASES = ["/sesame/ui/first-run", "/sesame/ui/sign-in-and-copy", "/sesame/ui/tokens-page",
            "/sesame/ui/sign-out", "/sesame/ui/device-sign-in"]

results = []


def check(name, ok, detail=""):
    results.append((name, ok, detail))


class Run:
    def __init__(self):
        self.started = time.time()
        self.work = tempfile.mkdtemp(prefix="sesame-leak-")
        self.home = os.path.join(self.work, "home")
        self.issued_path = os.path.join(self.work, "issued.jsonl")
        self.logs = []              # (what, text) to search
        self.exempt = []            # (what, text) that may hold a token: the CLI's contract
        self.cmdlines = set()
        self.stop = threading.Event()
        os.makedirs(self.home)
        self.marker = b"SESAME_LEAK_RUN=" + self.work.encode()
        self.strace = shutil.which("strace")
        self.traces = []
        self.n_traces = 0
        self.me = os.getpid()
        env = dict(os.environ)
        env.update(HOME=self.home, XDG_CONFIG_HOME=os.path.join(self.home, "config"),
                   XDG_DATA_HOME=os.path.join(self.home, "data"),
                   XDG_CACHE_HOME=os.path.join(self.home, "cache"),
                   XDG_RUNTIME_DIR=self.home, G_MESSAGES_DEBUG="all",
                   SESAME_IDP_ISSUED=self.issued_path, SESAME_LEAK_RUN=self.work)
        self.env = env

    # Processes ---------------------------------------------------------------------

    def traced(self, argv):
        """@argv run under strace, which records every program it and its descendants
        execute, with their arguments, however briefly they live (the sampler can miss a
        short-lived one on a busy machine); @argv itself without strace."""
        if not self.strace:
            return argv
        self.n_traces += 1
        path = os.path.join(self.work, "exec-%d.trace" % self.n_traces)
        self.traces.append(path)
        return [self.strace, "-f", "-qq", "--seccomp-bpf", "-e", "trace=execve", "-s", "1000000",
                "-o", path, "--", *argv]

    def traced_cmdlines(self):
        """The command lines strace recorded: each execve() line, its arguments quoted."""
        for path in self.traces:
            try:
                with open(path, encoding="utf-8", errors="replace") as trace:
                    for line in trace:
                        if " execve(" in line:
                            self.cmdlines.add(line)
            except OSError:
                pass

    def ours(self, pid, parents):
        """Whether @pid was started for this run: a descendant of this process, or one
        that has this run's SESAME_LEAK_RUN in its environment (GIO detaches the browser
        it opens for the window)."""
        ancestor, hops = parents.get(pid), 0
        while ancestor not in (None, 0, 1, self.me) and hops < 32:
            ancestor, hops = parents.get(ancestor), hops + 1
        if ancestor == self.me:
            return True
        try:
            with open(f"/proc/{pid}/environ", "rb") as environ:
                return self.marker in environ.read().split(b"\0")
        except OSError:
            return False

    def sample(self):
        """Every 10 ms, the command lines of this run's processes. A process is looked
        at once when it first shows up (its parent, whether it is ours), so that a scan
        stays short on a busy machine and short-lived processes are not missed."""
        parents = {}
        ours = set()
        while not self.stop.wait(0.01):
            pids = set(int(name) for name in os.listdir("/proc") if name.isdigit())
            new = []
            for pid in pids - parents.keys():
                try:
                    with open(f"/proc/{pid}/stat") as stat:
                        parents[pid] = int(stat.read().rsplit(")", 1)[1].split()[1])
                    new.append(pid)
                except (OSError, IndexError, ValueError):
                    pass
            ours.update(pid for pid in new if self.ours(pid, parents))
            for pid in list(parents):
                if pid not in pids:
                    del parents[pid]
                    ours.discard(pid)
            for pid in ours:
                try:
                    with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                        self.cmdlines.add(cmdline.read().replace(b"\0", b" ")
                                          .decode("utf-8", "replace"))
                except OSError:
                    pass

    def start_services(self):
        self.sampler = threading.Thread(target=self.sample)
        self.sampler.start()
        quiet = {k: v for k, v in self.env.items()
                 if k not in ("G_DEBUG", "MALLOC_CHECK_", "MALLOC_PERTURB_", "DISPLAY")}
        self.bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=quiet)
        address = self.bus.stdout.readline().decode().strip()
        self.env["DBUS_SESSION_BUS_ADDRESS"] = quiet["DBUS_SESSION_BUS_ADDRESS"] = address
        self.keyring_err = open(os.path.join(self.work, "keyring.err"), "w+")
        self.keyring = subprocess.Popen(["gnome-keyring-daemon", "--foreground", "--unlock",
                                         "--components=secrets"], stdin=subprocess.PIPE,
                                        stdout=subprocess.DEVNULL, stderr=self.keyring_err,
                                        env=quiet)
        self.keyring.stdin.write(b"pass")
        self.keyring.stdin.close()
        waits.step("starting the keyring")

        def keyring_owns_its_name():
            owned = subprocess.run(["gdbus", "call", "--address", address, "--dest",
                                    "org.freedesktop.DBus", "--object-path",
                                    "/org/freedesktop/DBus", "--method",
                                    "org.freedesktop.DBus.NameHasOwner",
                                    "org.freedesktop.secrets"], capture_output=True, env=quiet,
                                   timeout=waits.limit())
            return b"true" in owned.stdout

        waits.until(keyring_owns_its_name, "the keyring to own org.freedesktop.secrets")
        waits.step("starting the test provider")
        self.idp = subprocess.Popen(["node", os.environ["SESAME_TEST_IDP"], "--port", "0"],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, env=self.env)
        ready = []
        reader = threading.Thread(target=lambda: ready.append(self.idp.stdout.readline()),
                                  daemon=True)
        reader.start()
        waits.until(lambda: ready, "the test provider's ready line")
        self.issuer = json.loads(ready[0])["issuer"]

    def stop_services(self):
        self.traced_cmdlines()
        waits.step("stopping the provider, the keyring and the bus")
        self.idp.stdin.close()
        self.idp.wait(timeout=waits.limit())
        for process in (self.keyring, self.bus):
            process.terminate()
            process.wait(timeout=waits.limit())
        self.keyring_err.seek(0)
        self.logs.append(("gnome-keyring-daemon's stderr", self.keyring_err.read()))
        self.stop.set()
        self.sampler.join()

    # Commands ----------------------------------------------------------------------

    def sesame(self, *args, agent=False, secret=None):
        """Runs sesame ARGS; with @agent, the scripted browser signs in at the address."""
        env = dict(self.env)
        if secret is not None:
            env["TEST_SECRET"] = secret
        err = tempfile.TemporaryFile(mode="w+", dir=self.work)
        waits.step("running sesame " + " ".join(args))
        process = subprocess.Popen(self.traced([os.environ["SESAME_BINARY"], *args]), env=env,
                                   stdout=subprocess.PIPE, stderr=err)
        if agent:
            def printed_address():
                err.seek(0)
                found = re.search(r"^(http://127\.0\.0\.1:\d+/auth\?\S+)$", err.read(), re.M)
                return found.group(1) if found else process.poll() is not None

            url = waits.until(printed_address, "sesame to print the authorization address")
            if url is not True:
                self.agent(url)
        try:
            out, _ = process.communicate(timeout=waits.limit())
        except subprocess.TimeoutExpired:
            process.kill()
            waits.give_up("gave up waiting for sesame to exit")
        err.seek(0)
        what = "sesame " + " ".join(args[:2])
        self.logs.append((what + ": stderr", err.read()))
        stream = (what + ": stdout", out.decode("utf-8", "replace"))
        (self.exempt if args[0] in ("sign-in", "token") else self.logs).append(stream)
        return process.returncode

    def agent(self, url):
        waits.step("the scripted browser signs in")
        agent = subprocess.run(self.traced([os.environ["SESAME_TEST_AGENT"], "--login", "alice",
                                            url]),
                               capture_output=True, env=self.env, timeout=waits.limit())
        self.logs.append(("the agent's output", (agent.stdout + agent.stderr)
                          .decode("utf-8", "replace")))

    def profile_scenario(self, name, client, secret, method):
        """A profile with one kind of client: added, signed in, its tokens printed and
        refreshed, shown, listed, signed out."""
        issuer = self.issuer
        ok = True
        extra = ["--client-secret-env", "TEST_SECRET"] if secret else []
        ok &= self.sesame("profile", "add", name, "--issuer", issuer, "--client-id", client,
                          "--auth-method", method, "--scope", "openid email profile",
                          "--browser", "none", *extra, secret=secret) == 0
        ok &= self.sesame("sign-in", name, "--json", agent=True) == 0
        for args in ([], ["--header"], ["--id-token"], ["--json", "--min-valid", "86400"],
                     ["--min-valid", "86400"]):
            ok &= self.sesame("token", name, *args) == 0
        ok &= self.sesame("profile", "show", name, "--json") == 0
        ok &= self.sesame("profiles") == 0
        ok &= self.sesame("sign-out", name) == 0
        ok &= self.sesame("token", name) == 7
        check("every command of the scenario succeeds", ok)

    def ad_hoc_scenario(self):
        """`sesame sign-in` without a profile, with a post and a basic client."""
        issuer = self.issuer
        ok = self.sesame("sign-in", "--issuer", issuer, "--client-id", "sesame-post",
                         "--client-secret-env", "TEST_SECRET", "--auth-method", "post",
                         "--browser", "none", "--json", agent=True, secret=POST_SECRET) == 0
        ok &= self.sesame("sign-in", "--issuer", issuer, "--client-id", "sesame-basic",
                          "--client-secret-env", "TEST_SECRET", "--browser", "none",
                          agent=True, secret=BASIC_SECRET) == 0
        check("every command of the scenario succeeds", ok)

    def window(self, ui):
        if not ui or not os.environ.get("DISPLAY"):
            check("the window signs in and out", True, " # SKIP no display or ui test")
            return False
        args = [ui]
        for case in UI_CASES:
            args += ["-p", case]
        waits.step("running the ui test's cases: " + ", ".join(UI_CASES))
        # The ui test bounds its own waits; this bound is only the last resort.
        try:
            ui_run = subprocess.run(self.traced(args), capture_output=True, env=self.env,
                                    timeout=waits.limit(2 * waits.WAIT_SECONDS))
        except subprocess.TimeoutExpired as timeout:
            sys.stdout.write((timeout.stdout or b"").decode("utf-8", "replace"))
            waits.give_up("gave up waiting for the ui test's cases")
        self.logs.append(("the ui test's output", (ui_run.stdout + ui_run.stderr)
                          .decode("utf-8", "replace")))
        ok = ui_run.returncode == 0
        if not ok:
            print("# the ui test's output:")
            for line in (ui_run.stdout + ui_run.stderr).decode("utf-8", "replace").splitlines():
                print("#   " + line)
        check("the window signs in and out (the ui test's cases)", ok)
        return True

    # Looking ----------------------------------------------------------------------

    def files(self):
        keyrings = os.path.join(self.home, "data", "keyrings")
        seen = set()
        for top, recent_only in ((self.work, False), ("/tmp", True)):
            for root, dirs, names in os.walk(top):
                dirs[:] = [d for d in dirs
                           if not os.path.join(root, d).startswith("/tmp/bash_jobs")]
                for name in names:
                    path = os.path.join(root, name)
                    if path in seen or path == self.issued_path or os.path.islink(path):
                        continue
                    if root == keyrings and name.endswith(".keyring"):
                        continue
                    # A build beside the test (gcc's temporary files in /tmp) holds the
                    # test's own client secrets, compiled in from tests/idp.h.
                    if recent_only and GCC_TEMPORARY.fullmatch(name):
                        continue
                    seen.add(path)
                    try:
                        if not os.path.isfile(path) or os.path.getsize(path) > 32 << 20:
                            continue
                        if recent_only and os.path.getmtime(path) < self.started:
                            continue
                        with open(path, "rb") as f:
                            yield path, f.read().decode("latin-1")
                    except OSError:
                        pass


def encodings(secret):
    raw = secret.encode()
    forms = {secret, urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret)}
    for shift in range(3):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            encoded = encode(b"\0" * shift + raw).decode().rstrip("=")
            middle = encoded[4 if shift else 0:-4]
            if len(middle) >= 8:
                forms.add(middle)
    # A part is a leak too: the first and last 24 characters of an opaque token, or of
    # a JWT's signature (all JWTs of a provider start alike).
    part = secret.rsplit(".", 1)[-1]
    if len(part) >= 32:
        forms.update((part[:24], part[-24:]))
    return forms


def needles(issued_path):
    secrets = [BASIC_SECRET, POST_SECRET]
    with open(issued_path) as issued:
        for line in issued:
            secrets += [v for v in json.loads(line).values() if v]
    found = {}
    for secret in secrets:
        for form in encodings(secret):
            found[form] = secret
    return found, len(secrets) - 2


def leaks_in(text, forms):
    return [form for form in forms if form in text]


SCENARIOS = {
    "public": ("public", "sesame-public", None, "none"),
    "basic": ("basic", "sesame-basic", BASIC_SECRET, "basic"),
    "post": ("post", "sesame-post", POST_SECRET, "post"),
}
# The fewest tokens each scenario has the provider issue: a profile's sign-in and two
# forced refreshes; two ad hoc sign-ins; the window's sign-in.
MIN_ISSUED = {"public": 3, "basic": 3, "post": 3, "ad-hoc": 2, "window": 1}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", required=True, choices=sorted(MIN_ISSUED))
    parser.add_argument("--ui-test")
    options = parser.parse_args()
    waits.init()
    waits.scenario("scenario: " + options.scenario)

    run = Run()
    try:
        run.start_services()
        if options.scenario in SCENARIOS:
            run.profile_scenario(*SCENARIOS[options.scenario])
        elif options.scenario == "ad-hoc":
            run.ad_hoc_scenario()
        elif not run.window(options.ui_test):
            print("1..1")
            print("ok 1 - the window signs in and out # SKIP no display or ui test")
            return 0
    finally:
        run.stop_services()

    waits.step("looking for tokens and secrets")
    forms, n_tokens = needles(run.issued_path)
    least = MIN_ISSUED[options.scenario]
    check("the provider issued tokens (%d, at least %d)" % (n_tokens, least), n_tokens >= least)
    check("debug output was on", any("sesame-" in text and "DEBUG" in text
                                     for _, text in run.logs))
    if options.scenario != "window":
        check("the search finds the tokens where they belong: sign-in's stdout",
              any(leaks_in(text, forms) for what, text in run.exempt if "sign-in" in what))

    places = 0
    leaks = []
    for what, text in run.logs:
        places += 1
        leaks += [(what, form) for form in leaks_in(text, forms)]
    for cmdline in run.cmdlines:
        places += 1
        leaks += [("a command line", form) for form in leaks_in(cmdline, forms)]
    for path, text in run.files():
        places += 1
        leaks += [(path, form) for form in leaks_in(text, forms)]
    for what, form in leaks[:20]:
        secret = forms[form]
        kind = "a client secret" if secret in (BASIC_SECRET, POST_SECRET) else "a token"
        print("# %s appears in %s (%s)" % (kind, what, "as issued" if form == secret else
                                           "encoded or in part"))
    check("no token or client secret in %d outputs, %d command lines and files"
          % (len(run.logs), places - len(run.logs)), not leaks)
    check("the command lines seen include the agent's",
          any("sesame-test-agent" in c for c in run.cmdlines))

    shutil.rmtree(run.work, ignore_errors=True)
    print("1..%d" % len(results))
    for number, (name, ok, detail) in enumerate(results, 1):
        print("%s %d - %s%s" % ("ok" if ok else "not ok", number, name, detail))
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
