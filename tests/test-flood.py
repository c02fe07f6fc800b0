#!/usr/bin/env python3
# test-flood.py: the loopback receiver under a flood of junk from another local process
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A first `sesame sign-in --browser none` completes undisturbed, for comparison. Then,
# while a second one waits, threads of this process flood its receiver until the real
# callback is through: thousands of junk requests (wrong paths, methods and Host
# headers, oversized URLs and headers, invalid UTF-8, %00, bodies, wrong states),
# hundreds of connections held open (reopened as the receiver drops them) and slow
# drips of a byte at a time. A third sign-in waits through slow drips alone, which the
# receiver's per-connection deadline must cut. The real callback (the scripted agent) must still
# complete, the token must come out, the receiver must have cut the drips and kept its
# memory bounded, and only a few rejections may reach stderr. All traffic goes to
# 127.0.0.1 and is bounded in count. Speaks TAP; the figures go into the test names.
# Its waits are bounded and scaled with meson's timeout multiplier (waits.py).

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

import waits

HELD = 300              # connections held open at any time
JUNK_ROUNDS = 250       # each round sends every kind of junk request once (14 kinds)
JUNK_THREADS = 2
DRIPS = 20              # connections sending one byte every DRIP_SECONDS
DRIP_SECONDS = 0.5
RECEIVER_CONNECTION_SECONDS = 10   # CONNECTION_SECONDS in sesame-loopback.c
RSS_GROWTH_LIMIT_KB = 48 * 1024
MAX_REPORTED = 11       # MAX_REPORTED_REJECTIONS, and one notice

results = []


def check(name, ok, detail=""):
    results.append((name, ok, detail))


# AddressSanitizer keeps freed memory in quarantine: RSS says nothing there.
UNDER_ASAN = "ASAN_OPTIONS" in os.environ


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0])


def send(port, data):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
            conn.sendall(data)
            return conn.recv(64)
    except OSError:
        return b""


def junk_requests(port):
    host = b"Host: 127.0.0.1:%d\r\n" % port
    yield b"GET /" + b"A" * 200000 + b" HTTP/1.1\r\n" + host + b"\r\n"
    yield b"GET /callback HTTP/1.1\r\n" + host + b"X-Junk: " + b"B" * 100000 + b"\r\n\r\n"
    yield b"GET /callback HTTP/1.1\r\n" + host + b"".join(
        b"X-%d: y\r\n" % i for i in range(3000)) + b"\r\n"
    yield b"GET /callback?state=\xff\xfe%00&code=%00 HTTP/1.1\r\n" + host + b"\r\n"
    yield b"GET /callback%00?code=x&state=y HTTP/1.1\r\n" + host + b"\r\n"
    yield b"GET /call\xc3\x28back HTTP/1.1\r\n" + host + b"\r\n"
    yield b"POST /callback HTTP/1.1\r\n" + host + b"Content-Length: 5\r\n\r\nhello"
    yield (b"PUT /callback HTTP/1.1\r\n" + host + b"Content-Length: 100000000\r\n\r\n" +
           b"C" * 65536)
    yield b"DELETE /callback HTTP/1.1\r\n" + host + b"\r\n"
    yield b"BREW /callback HTTP/1.1\r\n" + host + b"\r\n"
    yield b"GET /callback?code=x&state=guess HTTP/1.1\r\nHost: evil.example.com\r\n\r\n"
    yield b"GET /callback?code=x&state=guess HTTP/1.1\r\n\r\n"
    yield b"GET /callback?code=x&state=guess HTTP/1.1\r\n" + host + b"\r\n"
    yield b"\x00\x01\x02 garbage \xff\r\n\r\n"


class Flood:
    def __init__(self, port, held=True, junk=True, drips=True):
        self.port = port
        self.stop = threading.Event()
        self.junk_sent = 0
        self.reopened = 0
        self.drips_cut = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.hold)] if held else []
        self.threads += [threading.Thread(target=self.junk) for _ in range(JUNK_THREADS * junk)]
        self.threads += [threading.Thread(target=self.drip) for _ in range(DRIPS * drips)]

    def start(self):
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def connect(self):
        conn = socket.create_connection(("127.0.0.1", self.port), timeout=2)
        conn.sendall(b"GET /callback?state=held HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % self.port)
        conn.setblocking(False)
        return conn

    @staticmethod
    def closed(conn):
        try:
            return conn.recv(1) == b""
        except BlockingIOError:
            return False
        except OSError:
            return True

    def hold(self):
        held = []
        while not self.stop.is_set():
            for conn in [c for c in held if self.closed(c)]:
                conn.close()
                held.remove(conn)
                self.reopened += 1
            try:
                while len(held) < HELD:
                    held.append(self.connect())
            except OSError:
                pass
            self.stop.wait(0.2)
        for conn in held:
            conn.close()

    def junk(self):
        for _ in range(JUNK_ROUNDS):
            for request in junk_requests(self.port):
                if self.stop.is_set():
                    return
                send(self.port, request)
                with self.lock:
                    self.junk_sent += 1

    def drip(self):
        request = b"GET /callback?code=x&state=drip HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" * 100
        started = time.monotonic()
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as conn:
                for byte in request:
                    if self.stop.wait(DRIP_SECONDS):
                        return
                    conn.sendall(bytes([byte]))
        except OSError:
            with self.lock:
                self.drips_cut.append(time.monotonic() - started)


def start_sign_in(issuer):
    err = tempfile.TemporaryFile(mode="w+")
    waits.step("starting sesame sign-in")
    sesame = subprocess.Popen([os.environ["SESAME_BINARY"], "sign-in", "--issuer", issuer,
                               "--client-id", "sesame-public", "--browser", "none",
                               "--timeout", "%d" % waits.limit(4 * waits.WAIT_SECONDS)],
                              stdout=subprocess.PIPE, stderr=err)

    def printed_address():
        err.seek(0)
        found = re.search(r"^(http\S+)$", err.read(), re.M)
        if found is None and sesame.poll() is not None:
            waits.give_up("sesame exited before printing the authorization address")
        return found

    url = waits.until(printed_address, "sesame to print the authorization address").group(1)
    port = int(re.search(r"redirect_uri=http%3A%2F%2F127.0.0.1%3A(\d+)", url).group(1))
    return sesame, err, url, port


def complete(sesame, url):
    """Runs the agent on @url; returns (seconds, agent ok, sign-in ok)."""
    started = time.monotonic()
    waits.step("the scripted browser signs in")
    try:
        agent = subprocess.run([os.environ["SESAME_TEST_AGENT"], url], capture_output=True,
                               timeout=waits.limit())
        waits.step("waiting for sesame sign-in to exit")
        out, _ = sesame.communicate(timeout=waits.limit())
    except subprocess.TimeoutExpired as timeout:
        waits.give_up("gave up waiting for %s" % " ".join(map(str, timeout.cmd)))
    seconds = time.monotonic() - started
    signed_in = sesame.returncode == 0 and len(out.strip().split(b"\n")) == 1 and len(out) > 20
    return seconds, agent.returncode == 0, signed_in


def quiet_run(issuer):
    sesame, _, url, _ = start_sign_in(issuer)
    try:
        seconds, agent_ok, signed_in = complete(sesame, url)
    finally:
        if sesame.poll() is None:
            sesame.kill()
    check("undisturbed sign-in completes (%.2f s)" % seconds, agent_ok and signed_in)
    return seconds


def flooded_run(issuer, quiet_seconds):
    sesame, err, url, port = start_sign_in(issuer)
    flood = Flood(port)
    try:
        before = rss_kb(sesame.pid)
        peak = before
        flood.start()
        # Let the flood get going: a third of the junk sent, the held connections pushed
        # out and reopened, the drips pushed out.
        waits.step("flooding the receiver before the real callback")
        deadline = time.monotonic() + waits.limit()
        while (flood.junk_sent < JUNK_ROUNDS * 14 * JUNK_THREADS // 3
               or flood.reopened < HELD - 64 or len(flood.drips_cut) < DRIPS) \
                and time.monotonic() < deadline:
            time.sleep(0.2)
            peak = max(peak, rss_kb(sesame.pid))
        sent_before = flood.junk_sent
        seconds, agent_ok, signed_in = complete(sesame, url)
        check("the real callback completes while flooded (%.2f s flooded, %.2f s not; "
              "%d junk requests before it, %d in all)"
              % (seconds, quiet_seconds, sent_before, flood.junk_sent), agent_ok)
        check("sign-in succeeds with a token on stdout", signed_in)
        flood.finish()
        check("the receiver dropped held connections (%d reopened)" % flood.reopened,
              flood.reopened >= HELD - 64)
        cut = sorted(flood.drips_cut)
        check("held connections pushed the slow drips out (%d of %d, after %.1f–%.1f s)"
              % (len(cut), DRIPS, cut[0] if cut else 0, cut[-1] if cut else 0),
              len(cut) == DRIPS)
        check("memory stays bounded (%d kB before, %d kB at the peak seen)" % (before, peak),
              UNDER_ASAN or peak - before < RSS_GROWTH_LIMIT_KB,
              " # SKIP under AddressSanitizer" if UNDER_ASAN else "")
        err.seek(0)
        reported = err.read().count("ignored a request to the redirect URI")
        check("only a few rejections reach stderr (%d)" % reported,
              0 < reported <= MAX_REPORTED)
    finally:
        flood.finish()
        if sesame.poll() is None:
            sesame.kill()


def dripped_run(issuer):
    """Drips alone (nothing pushes them out): the receiver's deadline cuts them."""
    sesame, _, url, port = start_sign_in(issuer)
    flood = Flood(port, held=False, junk=False)
    try:
        flood.start()
        waits.step("dripping into the receiver")
        deadline = time.monotonic() + waits.limit(3 * RECEIVER_CONNECTION_SECONDS)
        while len(flood.drips_cut) < DRIPS and time.monotonic() < deadline:
            time.sleep(0.2)
        cut = sorted(flood.drips_cut)
        check("the receiver cuts slow drips after its deadline (%d of %d, after %.1f–%.1f s)"
              % (len(cut), DRIPS, cut[0] if cut else 0, cut[-1] if cut else 0),
              len(cut) == DRIPS and cut[0] >= RECEIVER_CONNECTION_SECONDS - 1)
        seconds, agent_ok, signed_in = complete(sesame, url)
        check("then the sign-in completes (%.2f s)" % seconds, agent_ok and signed_in)
    finally:
        flood.finish()
        if sesame.poll() is None:
            sesame.kill()


def main():
    waits.init()
    waits.step("starting the test provider")
    idp = subprocess.Popen(["node", os.environ["SESAME_TEST_IDP"], "--port", "0"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    ready = []
    threading.Thread(target=lambda: ready.append(idp.stdout.readline()), daemon=True).start()
    issuer = json.loads(waits.until(lambda: ready, "the test provider's ready line")[0])["issuer"]
    try:
        waits.scenario("scenario: a sign-in undisturbed")
        quiet_seconds = quiet_run(issuer)
        waits.scenario("scenario: a sign-in flooded")
        flooded_run(issuer, quiet_seconds)
        waits.scenario("scenario: a sign-in dripped into")
        dripped_run(issuer)
    finally:
        idp.stdin.close()
        idp.wait(timeout=waits.limit())

    print("1..%d" % len(results))
    for number, (name, ok, detail) in enumerate(results, 1):
        print("%s %d - %s%s" % ("ok" if ok else "not ok", number, name, detail))
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
