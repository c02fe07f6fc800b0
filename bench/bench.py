#!/usr/bin/env python3
# bench.py - Sesame's figures beside their floors and peers; run by build-aux/bench
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs inside xvfb-run and dbus-run-session (build-aux/bench sets that up), with a home,
# a keyring (gnome-keyring-daemon, unlocked) and the test OpenID provider of its own.
# Every figure is measured RUNS times beside its baselines, in the same invocation, and
# reported as median, min and max; the table goes to stdout and everything to JSON.
# No token is ever printed or written: only timings and sizes.

import argparse
import base64
import hashlib
import http.cookiejar
import json
import os
import platform
import re
import secrets
import select
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

SCHEMA = 'io.github.sesame.Sesame.Secret'
CLIENT_ID = 'sesame-post'            # client_secret_post: oidc-agent can use it too
CLIENT_SECRET = 'p0st-s3cret'        # tests/idp/server.mjs
SCOPE = 'openid email offline_access'


def ms(ns):
    return ns / 1e6


def summary(values):
    return {'median': statistics.median(values), 'min': min(values), 'max': max(values),
            'runs': len(values), 'values': [round(v, 3) for v in values]}


class Bench:
    def __init__(self, args):
        self.args = args
        self.runs = args.runs
        self.build = os.path.abspath(args.build)
        self.source = os.path.abspath(args.source)
        self.sesame = os.path.join(self.build, 'src', 'cli', 'sesame')
        self.app = os.path.join(self.build, 'src', 'app', 'sesame-app')
        self.bench_bin = os.path.join(self.build, 'bench')
        self.agent = os.path.join(self.build, 'tests', 'sesame-test-agent')
        self.results = {}
        self.steps = []
        self.processes = []
        self.home = tempfile.mkdtemp(prefix='sesame-bench-')
        os.chmod(self.home, 0o700)
        env = os.environ
        env['HOME'] = self.home
        for name, sub in (('XDG_CONFIG_HOME', 'config'), ('XDG_DATA_HOME', 'data'),
                          ('XDG_CACHE_HOME', 'cache')):
            env[name] = os.path.join(self.home, sub)
        env['XDG_RUNTIME_DIR'] = self.home
        env['GSETTINGS_BACKEND'] = 'memory'
        env['NO_AT_BRIDGE'] = '1'
        env['GSK_RENDERER'] = args.renderer
        env['BENCH_SECRET'] = CLIENT_SECRET
        env['SESAME_MODULE_DIR'] = os.path.join(self.build, 'src', 'web')   # the embedded sign-in
        env['SESAME_APP'] = self.app
        env.pop('SESAME_BENCH_FIRST_FRAME', None)
        # The system browser: something that does not open (the app never gets that far).
        apps = os.path.join(env['XDG_DATA_HOME'], 'applications')
        os.makedirs(apps)
        with open(os.path.join(apps, 'bench-browser.desktop'), 'w') as f:
            f.write('[Desktop Entry]\nType=Application\nName=Bench browser\n'
                    'Exec=true %u\nMimeType=x-scheme-handler/http;x-scheme-handler/https;\n')
        os.makedirs(env['XDG_CONFIG_HOME'])
        with open(os.path.join(env['XDG_CONFIG_HOME'], 'mimeapps.list'), 'w') as f:
            f.write('[Default Applications]\nx-scheme-handler/http=bench-browser.desktop\n'
                    'x-scheme-handler/https=bench-browser.desktop\n')

    # Set-up -----------------------------------------------------------------------------

    def note(self, text):
        print(f'bench: {text}', file=sys.stderr, flush=True)

    def spawn(self, argv, **kwargs):
        process = subprocess.Popen(argv, **kwargs)
        self.processes.append(process)
        return process

    def start_keyring(self):
        daemon = self.spawn(['gnome-keyring-daemon', '--foreground', '--unlock',
                             '--components=secrets'], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        daemon.stdin.write(b'pass')
        daemon.stdin.close()
        for _ in range(200):
            out = subprocess.run(['dbus-send', '--session', '--print-reply',
                                  '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus',
                                  'org.freedesktop.DBus.NameHasOwner',
                                  'string:org.freedesktop.secrets'],
                                 capture_output=True, text=True).stdout
            if 'boolean true' in out:
                return
            time.sleep(0.05)
        raise SystemExit('bench: gnome-keyring-daemon did not come up')

    def start_idp(self):
        server = os.path.join(self.source, 'tests', 'idp', 'server.mjs')
        for _ in range(3):
            idp = self.spawn(['node', server], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
            # node has been seen to hang on start, very rarely: then start it again.
            if select.select([idp.stdout], [], [], 20)[0]:
                break
            self.note('the test provider did not start in time; starting it again')
            idp.kill()
            idp.wait()
        ready = json.loads(idp.stdout.readline())
        self.issuer = ready['issuer']
        with urllib.request.urlopen(self.issuer + '/.well-known/openid-configuration') as r:
            self.discovery = json.load(r)

    def sesame_run(self, *args, **kwargs):
        return subprocess.run([self.sesame, *args], capture_output=True, text=True, **kwargs)

    def add_profile(self, name):
        out = self.sesame_run('profile', 'add', name, '--issuer', self.issuer, '--client-id',
                              CLIENT_ID, '--client-secret-env', 'BENCH_SECRET',
                              '--auth-method', 'post', '--scope', SCOPE, '--browser',
                              'system', '--param', 'prompt=consent')
        if out.returncode != 0:
            raise SystemExit(f'bench: profile add failed: {out.stderr}')
        shown = json.loads(self.sesame_run('profile', 'show', name, '--json').stdout)
        return shown['id']

    # A scripted login on the provider's pages, stopping at the redirect to the client.

    def login(self, url):
        idp_port = urllib.parse.urlsplit(self.issuer).port
        found = {}

        class Stop(Exception):
            pass

        class Redirects(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, req, fp, code, msg, headers, newurl):
                if urllib.parse.urlsplit(newurl).port != idp_port:
                    found['uri'] = newurl
                    raise Stop()
                return super().redirect_request(req, fp, code, msg, headers, newurl)

        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), Redirects())
        data = None
        try:
            for _ in range(6):
                with opener.open(url, data=data) as response:
                    html = response.read().decode()
                    url = response.geturl()
                action = re.search(r'<form[^>]*action="([^"]+)"', html).group(1)
                prompt = re.search(r'name="prompt" value="([^"]+)"', html).group(1)
                fields = {'prompt': prompt}
                if prompt == 'login':
                    fields.update(login='alice', password='x')
                url = urllib.parse.urljoin(url, action)
                data = urllib.parse.urlencode(fields).encode()
        except Stop:
            return found['uri']
        raise SystemExit('bench: the scripted login did not reach the redirect')

    def sesame_sign_in(self, args, env=None):
        """Starts `sesame sign-in ARGS --browser none`; returns the process and the callback
        URI that the login ends on (not requested yet)."""
        process = subprocess.Popen([self.sesame, 'sign-in', *args, '--browser', 'none'],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env=env)
        while True:
            line = process.stderr.readline()
            if not line:
                raise SystemExit('bench: sesame sign-in ended early')
            if line.startswith(self.issuer) and '?' in line:
                break
        process.collector = threading.Thread(target=process.stderr.read, daemon=True)
        process.collector.start()
        return process, self.login(line.strip())

    def sign_in_profile(self, name):
        process, callback = self.sesame_sign_in([name])
        with urllib.request.urlopen(callback) as r:
            r.read()
        process.stdout.read()
        if process.wait() != 0:
            raise SystemExit('bench: sign-in failed')

    # Measuring --------------------------------------------------------------------------

    def timed(self, key, commands, warmup=3, scale=1):
        """Wall-clock times of whole commands, taking turns (bench/runs.c); @scale times
        the runs asked for, for the figures of a few milliseconds that a busy machine
        disturbs most."""
        argv = [os.path.join(self.bench_bin, 'runs'), str(self.runs * scale), str(warmup)]
        for _, command in commands:
            argv += ['--', *shlex.split(command)]
        out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
        figures = {}
        for (name, command), line in zip(commands, out.splitlines()):
            figures[name] = {'command': command, **summary([float(t) for t in line.split()])}
        self.results[key] = figures
        return figures

    def first_frame(self, argv, env, keep=0.0):
        """Milliseconds from just before exec to the first frame, and the process's peak
        and current RSS after @keep more seconds (idle)."""
        start = time.monotonic_ns()
        process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)
        frame = None
        for line in process.stderr:
            if line.startswith('first-frame '):
                frame = int(line.split()[1]) * 1000
                break
        if frame is None:
            raise SystemExit(f'bench: {argv[0]} drew no frame')
        threading.Thread(target=process.stderr.read, daemon=True).start()
        memory = {}
        if keep:
            time.sleep(keep)
            with open(f'/proc/{process.pid}/status') as f:
                for line in f:
                    if line.startswith(('VmHWM:', 'VmRSS:')):
                        memory[line.split(':')[0]] = int(line.split()[1]) / 1024
            process.terminate()
        process.wait()
        return ms(frame - start), memory

    def app_env(self, mode):
        """The window's first frame reported by bench/first-frame.c, preloaded."""
        env = dict(os.environ)
        env['SESAME_BENCH_FIRST_FRAME'] = mode
        env['LD_PRELOAD'] = os.path.join(self.bench_bin, 'first-frame.so')
        return env

    def bench_startup(self):
        self.note('start-up: exec to first frame')
        floor, sesame = [], []
        floor_argv = [os.path.join(self.bench_bin, 'floor-window')]
        for i in range(self.runs + 2):
            f, _ = self.first_frame(floor_argv, self.app_env('exit'))
            s, _ = self.first_frame([self.app], self.app_env('exit'))
            if i >= 2:                       # two warm-up rounds
                floor.append(f)
                sesame.append(s)
        self.results['startup'] = {'floor-window': summary(floor), 'sesame': summary(sesame)}

    def bench_memory(self):
        self.note('memory: idle after start-up')
        floor, sesame = {'VmHWM': [], 'VmRSS': []}, {'VmHWM': [], 'VmRSS': []}
        floor_argv = [os.path.join(self.bench_bin, 'floor-window')]
        for _ in range(max(3, self.runs // 3)):
            for argv, into in ((floor_argv, floor), ([self.app], sesame)):
                _, memory = self.first_frame(argv, self.app_env('1'), keep=self.args.idle)
                for k in into:
                    into[k].append(memory[k])
        self.results['memory'] = {
            'floor-window': {k: summary(v) for k, v in floor.items()},
            'sesame': {k: summary(v) for k, v in sesame.items()},
        }
        self.bench_embedded_memory()

    def rss(self, pid):
        with open(f'/proc/{pid}/status') as f:
            return {line.split(':')[0]: int(line.split()[1]) / 1024
                    for line in f if line.startswith(('VmHWM:', 'VmRSS:'))}

    def descendants(self, pid):
        children = {}
        for entry in os.listdir('/proc'):
            if entry.isdigit():
                try:
                    with open(f'/proc/{entry}/stat') as f:
                        ppid = int(f.read().rsplit(')', 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(entry))
        found, todo = [], [pid]
        while todo:
            for child in children.get(todo.pop(), []):
                found.append(child)
                todo.append(child)
        return found

    def bench_embedded_memory(self):
        """The app idle, then with the embedded sign-in open on the provider's login page:
        the app's own RSS, and its child processes' (WebKit's web and network processes)."""
        self.note('memory: the embedded sign-in open')
        env = self.app_env('1')
        env['XDG_CONFIG_HOME'] = os.path.join(self.home, 'config-embedded')
        out = subprocess.run([self.sesame, 'profile', 'add', 'embedded', '--issuer', self.issuer,
                              '--client-id', 'sesame-public', '--browser', 'embedded'],
                             env=env, capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f'bench: profile add failed: {out.stderr}')
        idle, open_, extra, web = [], [], [], []
        for _ in range(3):
            app = subprocess.Popen([self.app], env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)
            for line in app.stderr:
                if line.startswith('first-frame '):
                    break
            threading.Thread(target=app.stderr.read, daemon=True).start()
            time.sleep(self.args.idle)
            before = self.rss(app.pid)
            app.terminate()
            app.wait()
            # Again, signing in (in the embedded dialog) right after the first frame.
            app = subprocess.Popen([self.app], env=dict(env, SESAME_BENCH_FIRST_FRAME='sign-in'),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(self.args.idle + 8)      # the module, WebKit's processes, the page
            after = self.rss(app.pid)
            children = sum(self.rss(pid)['VmRSS'] for pid in self.descendants(app.pid)
                           if os.path.exists(f'/proc/{pid}/status'))
            idle.append(before['VmHWM'])
            open_.append(after['VmHWM'])
            extra.append(after['VmHWM'] - before['VmHWM'])
            web.append(children)
            app.terminate()
            app.wait()
        self.results['memory-embedded-sign-in'] = {
            'app-peak-rss-idle': summary(idle),
            'app-peak-rss-dialog-open': summary(open_),
            'app-peak-rss-added-by-dialog': summary(extra),
            'webkit-processes-rss': summary(web),
        }

    def bare_exchange(self):
        """A fresh code for our own PKCE request, then curl's time_total for the POST."""
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(verifier.encode()).digest()).rstrip(b'=').decode()
        redirect_uri = 'http://127.0.0.1:9/callback'
        query = urllib.parse.urlencode({
            'client_id': CLIENT_ID, 'response_type': 'code', 'redirect_uri': redirect_uri,
            'scope': SCOPE, 'state': secrets.token_urlsafe(16),
            'nonce': secrets.token_urlsafe(16), 'code_challenge': challenge,
            'code_challenge_method': 'S256', 'prompt': 'consent'})
        callback = self.login(self.discovery['authorization_endpoint'] + '?' + query)
        code = urllib.parse.parse_qs(urllib.parse.urlsplit(callback).query)['code'][0]
        out = subprocess.run(['curl', '-s', '-o', '/dev/null', '-w', '%{http_code} %{time_total}',
                              '--data-urlencode', 'grant_type=authorization_code',
                              '--data-urlencode', f'code={code}',
                              '--data-urlencode', f'redirect_uri={redirect_uri}',
                              '--data-urlencode', f'client_id={CLIENT_ID}',
                              '--data-urlencode', f'client_secret={CLIENT_SECRET}',
                              '--data-urlencode', f'code_verifier={verifier}',
                              self.discovery['token_endpoint']],
                             capture_output=True, text=True, check=True).stdout.split()
        if out[0] != '200':
            raise SystemExit(f'bench: the bare exchange got HTTP {out[0]}')
        return float(out[1]) * 1000

    def floor_exchange(self):
        """The same window for bench/floor-receiver.c, the least a receiver can do: wake up
        for the callback, read it, POST the code on a new connection, print the token."""
        with socket.socket() as probe:
            probe.bind(('127.0.0.1', 0))
            port = probe.getsockname()[1]
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(verifier.encode()).digest()).rstrip(b'=').decode()
        redirect_uri = f'http://127.0.0.1:{port}/callback'
        token = urllib.parse.urlsplit(self.discovery['token_endpoint'])
        form = urllib.parse.urlencode({
            'grant_type': 'authorization_code', 'redirect_uri': redirect_uri,
            'client_id': CLIENT_ID, 'client_secret': CLIENT_SECRET,
            'code_verifier': verifier}) + '&code='
        receiver = subprocess.Popen(
            [os.path.join(self.bench_bin, 'floor-receiver'), str(port), str(token.port),
             token.path, form], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            if receiver.stderr.readline().strip() != 'ready':
                raise SystemExit('bench: the floor receiver did not start')
            query = urllib.parse.urlencode({
                'client_id': CLIENT_ID, 'response_type': 'code', 'redirect_uri': redirect_uri,
                'scope': SCOPE, 'state': secrets.token_urlsafe(16),
                'nonce': secrets.token_urlsafe(16), 'code_challenge': challenge,
                'code_challenge_method': 'S256', 'prompt': 'consent'})
            callback = urllib.parse.urlsplit(
                self.login(self.discovery['authorization_endpoint'] + '?' + query))
            request = (f'GET {callback.path}?{callback.query} HTTP/1.1\r\n'
                       f'Host: {callback.netloc}\r\nConnection: close\r\n\r\n')
            out = receiver.stdout.fileno()
            timed = subprocess.run([os.path.join(self.bench_bin, 'callback'), str(port),
                                    request, str(out)], pass_fds=[out], capture_output=True,
                                   text=True)
            receiver.stdout.read()
            if timed.returncode != 0 or receiver.wait(10) != 0 or \
                    timed.stdout.split()[1] == '0':
                raise SystemExit(f'bench: the floor receiver failed {timed.stderr.strip()}')
        finally:
            if receiver.poll() is None:
                receiver.kill()
                receiver.wait()
        return int(timed.stdout.split()[0]) / 1e6

    def sesame_exchange(self, args, env=None, ahead_us=0):
        """From the callback's arrival at the receiver to the token on sesame's stdout.

        The browser's side is bench/callback.c. It does what a browser following the
        provider's redirect does: connects, and writes the whole request at once; its clock
        starts before it connects, so the receiver's accepting the connection counts. With
        @ahead_us it connects that long ahead instead and starts the clock as it writes (the
        method before 2026-11-23, kept as a second figure). The clock stops when sesame's
        line can be read, read in C as curl reads its own: a Python thread reading there
        would wait for the interpreter lock."""
        process, callback = self.sesame_sign_in(args, env)
        parts = urllib.parse.urlsplit(callback)
        request = (f'GET {parts.path}?{parts.query} HTTP/1.1\r\nHost: {parts.netloc}\r\n'
                   'Connection: close\r\n\r\n')
        out = process.stdout.fileno()
        timed = subprocess.run([os.path.join(self.bench_bin, 'callback'), str(parts.port),
                                request, str(out), str(ahead_us)], pass_fds=[out],
                               capture_output=True, text=True)
        process.stdout.read()
        if timed.returncode != 0 or process.wait() != 0 or timed.stdout.split()[1] == '0':
            raise SystemExit(f'bench: sesame sign-in failed {timed.stderr.strip()}')
        elapsed = int(timed.stdout.split()[0])
        process.collector.join()
        return elapsed / 1e6

    def bench_sign_in(self):
        self.note('sign-in: callback to tokens shown, and the bare exchange')
        options = ['--issuer', self.issuer, '--client-id', CLIENT_ID, '--client-secret-env',
                   'BENCH_SECRET', '--auth-method', 'post', '--scope', SCOPE,
                   '--param', 'prompt=consent']
        bare, floor, cli, ahead, profile = [], [], [], [], []
        self.add_profile('sign-in')
        # Three times the runs: the provider's own time, most of the figure, wanders the
        # most from one exchange to the next.
        for i in range(3 * self.runs + 1):
            b = self.bare_exchange()
            f = self.floor_exchange()
            c = self.sesame_exchange(options)
            a = self.sesame_exchange(options, ahead_us=5000)
            p = self.sesame_exchange(['sign-in'])
            if i >= 1:
                bare.append(b)
                floor.append(f)
                cli.append(c)
                ahead.append(a)
                profile.append(p)
        self.results['sign-in'] = {
            'curl-bare-exchange': summary(bare),
            'floor-receiver': summary(floor),
            'sesame-sign-in-options': summary(cli),
            'sesame-sign-in-options-connected-ahead': summary(ahead),
            'sesame-sign-in-profile': summary(profile),
        }

    def start_oidc_agent(self, refresh_token):
        out = subprocess.run(['oidc-agent'], capture_output=True, text=True, check=True).stdout
        for name in ('OIDC_SOCK', 'OIDCD_PID'):
            os.environ[name] = re.search(name + r'=([^;]+);', out).group(1)
        self.oidc_agent_pid = int(os.environ['OIDCD_PID'])
        subprocess.run(['oidc-gen', '--iss', self.issuer, '--client-id', CLIENT_ID,
                        '--client-secret', CLIENT_SECRET, '--rt', refresh_token,
                        '--scope', SCOPE, '--pw-cmd', 'echo bench', '--confirm-default',
                        '--prompt=none', 'bench'],
                       check=True, capture_output=True, text=True)
        subprocess.run(['oidc-token', 'bench'], check=True, stdout=subprocess.DEVNULL)

    def start_app(self):
        app = self.spawn([self.app], env=self.app_env('1'), stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
        path = os.path.join(self.home, 'sesame', 'token-service')
        for _ in range(200):
            try:
                with socket.socket(socket.AF_UNIX) as s:
                    s.connect(path)
                return app
            except OSError:
                time.sleep(0.05)
        raise SystemExit('bench: the app did not start its token service')

    def prepare(self):
        """The profile every step uses: signed in, its tokens in the keyring."""
        self.profile_id = self.add_profile('bench')
        self.sign_in_profile('bench')

    def bench_token(self):
        self.note('token: keyring, app running, oidc-agent, refresh due')
        profile_id = self.profile_id
        self.start_oidc_agent(self.other_refresh_token())
        lookup = (f'secret-tool lookup xdg:schema {SCHEMA} profile {profile_id} kind tokens')
        noop = os.path.join(self.bench_bin, 'noop-libc')
        self.timed('token-keyring', [
            ('sesame-token', f'{self.sesame} token bench'),
            ('secret-tool-lookup', lookup),
        ], scale=2)
        self.timed('token-refresh-due-keyring', [
            ('sesame-token-refresh', f'{self.sesame} token bench --min-valid 7200'),
            ('oidc-token-refresh', 'oidc-token --time=7200 bench'),
        ])
        app = self.start_app()
        self.timed('token-app-running', [
            ('sesame-token', f'{self.sesame} token bench'),
            ('secret-tool-lookup', lookup),
            ('oidc-token', 'oidc-token bench'),
            ('dbus-connect-and-call', os.path.join(self.bench_bin, 'dbus-call')),
            ('noop-libc', noop),
        ], scale=4)
        self.timed('token-refresh-due-app-running', [
            ('sesame-token-refresh', f'{self.sesame} token bench --min-valid 7200'),
            ('oidc-token-refresh', 'oidc-token --time=7200 bench'),
        ])
        app.terminate()
        app.wait()

    def other_refresh_token(self):
        """A grant of oidc-agent's own, from a sign-in without a profile."""
        process, callback = self.sesame_sign_in(
            ['--issuer', self.issuer, '--client-id', CLIENT_ID, '--client-secret-env',
             'BENCH_SECRET', '--auth-method', 'post', '--scope', SCOPE, '--param',
             'prompt=consent', '--json'])
        with urllib.request.urlopen(callback) as r:
            r.read()
        tokens = json.loads(process.stdout.read())
        process.wait()
        return tokens['refresh_token']

    def bench_launch(self):
        self.note('launch: what linking costs a command')
        self.timed('launch', scale=2, commands=[
            ('sesame-presets', f'{self.sesame} presets'),
            ('noop-libc', os.path.join(self.bench_bin, 'noop-libc')),
            ('noop-glib', os.path.join(self.bench_bin, 'noop-glib')),
            ('noop-gio-soup-secret', os.path.join(self.bench_bin, 'noop-core')),
            ('noop-gtk-adw', os.path.join(self.bench_bin, 'noop-gtk')),
        ])

    def close(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    process.kill()
        if getattr(self, 'oidc_agent_pid', None):
            try:
                os.kill(self.oidc_agent_pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        shutil.rmtree(self.home, ignore_errors=True)


# Report -------------------------------------------------------------------------------

TARGETS = [
    # figure, measured, baseline, budget (measured / baseline at most: a ceiling), what
    ('startup', 'sesame', 'floor-window', 1.2, 'start-up to first frame'),
    ('sign-in', 'sesame-sign-in-options', 'curl-bare-exchange', 1.3,
     'callback to tokens shown'),
    ('token-keyring', 'sesame-token', 'secret-tool-lookup', 1.2, 'sesame token, no app'),
    ('token-app-running', 'sesame-token', 'secret-tool-lookup', 0.5,
     'sesame token, app running'),
    ('token-refresh-due-app-running', 'sesame-token-refresh', 'oidc-token-refresh', 1.5,
     'a refresh due, app running'),
]


def table(results):
    lines = [f'{"figure":34} {"median":>9} {"min":>9} {"max":>9}  ratio', '-' * 72]
    for key, figures in results.items():
        if key in ('machine', 'targets', 'command'):
            continue
        lines.append(f'{key}:')
        base = None
        for name, f in figures.items():
            if isinstance(f, str):
                lines.append(f'  {name:32} {f}')
                continue
            if 'median' not in f:          # memory: one row per measure
                for measure, g in f.items():
                    lines.append(f'  {name + " " + measure:32} {g["median"]:7.1f}MB '
                                 f'{g["min"]:7.1f}MB {g["max"]:7.1f}MB')
                continue
            unit = 'MB' if key.startswith('memory') else 'ms'
            lines.append(f'  {name:32} {f["median"]:7.2f}{unit} {f["min"]:7.2f}{unit} '
                         f'{f["max"]:7.2f}{unit}')
    lines.append('')
    lines.append('targets: ratio of the medians (of the minimums)')
    for t in results.get('targets', []):
        lines.append(f'  {t["what"]:34} {t["ratio"]:5.2f}x ({t["ratio_min"]:4.2f}x)  '
                     f'target ≤ {t["target"]}x: {"met" if t["met"] else "NOT met"}')
    return '\n'.join(lines)


def targets(results):
    out = []
    for key, measured, base, target, what in TARGETS:
        if key not in results:
            continue
        ratio = results[key][measured]['median'] / results[key][base]['median']
        ratio_min = results[key][measured]['min'] / results[key][base]['min']
        out.append({'what': what, 'figure': key, 'measured': measured, 'baseline': base,
                    'ratio': round(ratio, 3), 'ratio_min': round(ratio_min, 3),
                    'target': target, 'met': ratio <= target})
    memory = results.get('memory')
    if memory:
        sesame, floor = memory['sesame']['VmHWM'], memory['floor-window']['VmHWM']
        ratio = sesame['median'] / floor['median']
        out.append({'what': 'peak RSS, idle after start-up', 'figure': 'memory',
                    'measured': 'sesame', 'baseline': 'floor-window',
                    'ratio': round(ratio, 3), 'ratio_min': round(sesame['min'] / floor['min'], 3),
                    'target': 1.2, 'met': ratio <= 1.2})
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--source', required=True)
    parser.add_argument('--build', required=True)
    parser.add_argument('--runs', type=int, default=15)
    parser.add_argument('--idle', type=float, default=3.0,
                        help='seconds idle after the first frame before reading the RSS')
    parser.add_argument('--renderer', default='cairo')
    parser.add_argument('--only', action='append',
                        choices=['launch', 'startup', 'memory', 'sign-in', 'token'])
    parser.add_argument('--json', required=True)
    args = parser.parse_args()

    bench = Bench(args)
    try:
        bench.start_keyring()
        bench.start_idp()
        bench.prepare()
        steps = args.only or ['launch', 'startup', 'memory', 'sign-in', 'token']
        for step in ['launch', 'startup', 'memory', 'sign-in', 'token']:
            if step in steps:
                getattr(bench, 'bench_' + step.replace('-', '_'))()
    finally:
        bench.close()

    results = bench.results
    results['targets'] = targets(results)
    results['machine'] = {
        'cpus': os.cpu_count(), 'kernel': platform.release(),
        'renderer': args.renderer, 'runs': args.runs,
        'date': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
        'load': os.getloadavg(),
    }
    with open(args.json, 'w') as f:
        json.dump(results, f, indent=2)
        f.write('\n')
    print(table(results))


if __name__ == '__main__':
    main()
