#!/usr/bin/env python3
# test-flood.py: the loopback receiver under a flood of junk from another local process
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# While `sesame sign-in --browser none` waits, this holds hundreds of half-open
# connections and sends requests with oversized URLs and headers, invalid UTF-8, %00,
# wrong methods, paths and Host headers, all to 127.0.0.1 and bounded in count. Then the
# real callback (the scripted agent) must still complete, the token must come out, and
# the process's memory must stay bounded. Speaks TAP.

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

HELD = 300
JUNK = 100
RSS_LIMIT_KB = 150 * 1024

results = []


def check(name, ok, detail=""):
    results.append((name, ok, detail))


# AddressSanitizer keeps freed memory in quarantine: RSS says nothing there.
UNDER_ASAN = "ASAN_OPTIONS" in os.environ


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0])


def send(port, data, wait=True):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
            conn.sendall(data)
            return conn.recv(64) if wait else b""
    except OSError:
        return b""


def junk_requests(port):
    host = b"Host: 127.0.0.1:%d\r\n" % port
    yield b"GET /" + b"A" * 200000 + b" HTTP/1.1\r\n" + host + b"\r\n"
    yield b"GET /callback HTTP/1.1\r\n" + host + b"X-Junk: " + b"B" * 100000 + b"\r\n\r\n"
    yield b"GET /callback?state=\xff\xfe%00&code=%00 HTTP/1.1\r\n" + host + b"\r\n"
    yield b"POST /callback HTTP/1.1\r\n" + host + b"Content-Length: 5\r\n\r\nhello"
    yield b"GET /callback?code=x&state=guess HTTP/1.1\r\nHost: evil.example.com\r\n\r\n"
    yield b"\x00\x01\x02 garbage \xff\r\n\r\n"


def main():
    idp = subprocess.Popen(["node", os.environ["SESAME_TEST_IDP"], "--port", "0"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    issuer = json.loads(idp.stdout.readline())["issuer"]
    err = tempfile.TemporaryFile(mode="w+")
    sesame = subprocess.Popen([os.environ["SESAME_BINARY"], "sign-in", "--issuer", issuer,
                               "--client-id", "sesame-public", "--browser", "none",
                               "--timeout", "120"], stdout=subprocess.PIPE, stderr=err)
    try:
        url = None
        for _ in range(400):
            time.sleep(0.05)
            err.seek(0)
            found = re.search(r"^(http\S+)$", err.read(), re.M)
            if found:
                url = found.group(1)
                break
        check("the authorization URL is printed", url is not None)
        port = int(re.search(r"redirect_uri=http%3A%2F%2F127.0.0.1%3A(\d+)", url).group(1))
        before = rss_kb(sesame.pid)

        held = []
        for _ in range(HELD):
            conn = socket.create_connection(("127.0.0.1", port), timeout=2)
            conn.sendall(b"GET /callback?state=drip HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % port)
            held.append(conn)
        for _ in range(JUNK):
            for request in junk_requests(port):
                send(port, request)
        after = rss_kb(sesame.pid)
        check("memory stays bounded (%d kB before, %d kB after)" % (before, after),
              UNDER_ASAN or after < RSS_LIMIT_KB,
              " # SKIP under AddressSanitizer" if UNDER_ASAN else "")

        started = time.monotonic()
        agent = subprocess.run([os.environ["SESAME_TEST_AGENT"], url], capture_output=True,
                               timeout=60)
        out, _ = sesame.communicate(timeout=60)
        check("the real callback completes (%.2f s)" % (time.monotonic() - started),
              agent.returncode == 0)
        check("sign-in succeeds with a token on stdout",
              sesame.returncode == 0 and len(out.strip().split(b"\n")) == 1 and len(out) > 20)
        for conn in held:
            conn.close()
    finally:
        if sesame.poll() is None:
            sesame.kill()
        idp.stdin.close()
        idp.wait(timeout=10)

    print("1..%d" % len(results))
    for number, (name, ok, detail) in enumerate(results, 1):
        print("%s %d - %s%s" % ("ok" if ok else "not ok", number, name, detail))
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
