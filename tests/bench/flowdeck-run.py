#!/usr/bin/env python3
# tests/bench/flowdeck-run.py — starts the real app (_build/src/flowdeck)
# with the LD_PRELOAD probe (deck-bench-probe.so) and measures it from
# outside: time from process start to the first frame that shows instance
# rows, resident memory of the process and its children, and the WebKit
# processes while the OAuth dialog is open and after it closed.
#
#   flowdeck-run.py setup  APP PROBE PEERS_JSON   add the demo accounts once
#   flowdeck-run.py start  APP PROBE RUNS         cold starts, idle RSS
#   flowdeck-run.py oauth  APP PROBE SERVER_URL   idle → OAuth open → closed
#
# Prints one JSON object on stdout. Run inside tests/harness.sh.
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

IDLE_SECONDS = 3.0


def now_us():
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000


def children_of():
    tree = {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open(f'/proc/{entry}/stat') as f:
                stat = f.read()
        except OSError:
            continue
        # comm may hold spaces: the fields after the last ')'
        ppid = int(stat.rsplit(')', 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def process_tree(pid):
    tree = children_of()
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo.extend(tree.get(p, []))
    return seen


def read_kb(path, key):
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key + ':'):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cmdline(pid):
    try:
        with open(f'/proc/{pid}/cmdline', 'rb') as f:
            return f.read().replace(b'\0', b' ').decode(errors='replace').strip()
    except OSError:
        return ''


def memory(pid):
    """RSS and PSS (kB) summed over pid and its descendants."""
    pids = process_tree(pid)
    rss = sum(read_kb(f'/proc/{p}/status', 'VmRSS') for p in pids)
    pss = sum(read_kb(f'/proc/{p}/smaps_rollup', 'Pss') for p in pids)
    procs = [{'pid': p, 'rss_kb': read_kb(f'/proc/{p}/status', 'VmRSS'),
              'cmd': cmdline(p)[:120]} for p in pids]
    return {'rss_kb': rss, 'pss_kb': pss, 'processes': procs}


def webkit_children(pid):
    return [p for p in process_tree(pid)[1:]
            if 'WebKitWebProcess' in cmdline(p) or 'WebKitNetworkProcess' in cmdline(p)]


def settled_memory(pid, seconds=IDLE_SECONDS):
    """Median of three samples taken over the last second of a wait."""
    time.sleep(max(seconds - 1.0, 0))
    samples = []
    for _ in range(3):
        samples.append(memory(pid))
        time.sleep(0.5)
    samples.sort(key=lambda m: m['rss_kb'])
    return samples[1]


class App:
    def __init__(self, app, probe, args=()):
        self.events = tempfile.NamedTemporaryFile('r', prefix='deck-probe-', delete=False)
        cmd_r, self.cmd_w = os.pipe()
        env = dict(os.environ)
        env['LD_PRELOAD'] = probe
        env['DECK_BENCH_PROBE_OUT'] = self.events.name
        env['DECK_BENCH_PROBE_CMD_FD'] = str(cmd_r)
        self.log = tempfile.TemporaryFile()
        self.t0 = now_us()
        self.proc = subprocess.Popen([app, *args], env=env, pass_fds=(cmd_r,),
                                     stdout=self.log, stderr=subprocess.STDOUT)
        os.close(cmd_r)
        self.seen = []

    def command(self, line):
        os.write(self.cmd_w, (line + '\n').encode())

    def wait(self, name, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.events:
                self.seen.append(line.split())
            for ev in self.seen:
                if ev and ev[0] == name:
                    return ev
                if ev and ev[0] == 'error':
                    raise RuntimeError(' '.join(ev))
            if self.proc.poll() is not None:
                raise RuntimeError(f'flowdeck exited ({self.proc.returncode}) before "{name}": '
                                   + self.output())
            time.sleep(0.005)
        raise RuntimeError(f'no "{name}" from flowdeck within {timeout} s: ' + self.output())

    def output(self):
        self.log.seek(0)
        return self.log.read().decode(errors='replace')[-2000:]

    def quit(self):
        try:
            self.command('quit')
        except OSError:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        os.close(self.cmd_w)
        os.unlink(self.events.name)


def setup(app, probe, peers):
    a = App(app, probe, ['--demo', peers])
    try:
        ev = a.wait('rows', 120)
        # Let the account store and keyring writes finish.
        time.sleep(2)
        return {'setup_rows_ms': (int(ev[1]) - a.t0) / 1000, 'rows': int(ev[2])}
    finally:
        a.quit()


def start(app, probe, runs):
    results = []
    # One start first, not measured: it leaves the start-up snapshot of
    # this team as it is now (the runs before were of another count).
    a = App(app, probe)
    try:
        a.wait('rows', 120)
        a.wait('fresh-rows', 120)
        time.sleep(2)
    finally:
        a.quit()
    time.sleep(0.5)
    for _ in range(runs):
        a = App(app, probe)
        try:
            first = a.wait('first-frame', 60)
            rows = a.wait('rows', 120)
            fresh = rows if rows[3] == 'server' else a.wait('fresh-rows', 120)
            webkit = webkit_children(a.proc.pid)
            mem = settled_memory(a.proc.pid)
            # Evidence for the idle figure: how much of it is freed heap
            # that glibc has not given back.
            a.command('malloc-trim')
            a.wait('trimmed', 10)
            trimmed = settled_memory(a.proc.pid, 1.0)
            results.append({'trimmed_rss_kb': trimmed['rss_kb'],'first_frame_ms': (int(first[1]) - a.t0) / 1000,
                            'rows_ms': (int(rows[1]) - a.t0) / 1000,
                            'rows_from': rows[3],
                            'fresh_rows_ms': (int(fresh[1]) - a.t0) / 1000,
                            'rows_mapped': int(rows[2]),
                            'idle_rss_kb': mem['rss_kb'], 'idle_pss_kb': mem['pss_kb'],
                            'processes': len(mem['processes']),
                            'webkit_at_idle': len(webkit)})
        finally:
            a.quit()
        time.sleep(0.5)
    return {'runs': results}


def oauth(app, probe, url):
    a = App(app, probe)
    try:
        a.wait('rows', 120)
        idle = settled_memory(a.proc.pid)
        a.command('oauth-open ' + url)
        a.wait('oauth-dialog', 60)
        shown = a.wait('oauth-shown', 60)
        opened = settled_memory(a.proc.pid)
        a.command('oauth-close')
        closed = a.wait('oauth-closed', 30)
        t_closed = time.monotonic()
        # How long the WebKit processes outlive the dialog (up to 15 s).
        gone_after = None
        while time.monotonic() - t_closed < 15:
            if not webkit_children(a.proc.pid):
                gone_after = time.monotonic() - t_closed
                break
            time.sleep(0.1)
        after = settled_memory(a.proc.pid)
        left = [cmdline(p)[:100] for p in webkit_children(a.proc.pid)]
        return {'idle_rss_kb': idle['rss_kb'], 'idle_pss_kb': idle['pss_kb'],
                'open_rss_kb': opened['rss_kb'], 'open_pss_kb': opened['pss_kb'],
                'open_processes': [(p['rss_kb'], p['cmd']) for p in opened['processes']],
                'oauth_load_ms': (int(shown[1]) - a.t0) / 1000,
                'closed_rss_kb': after['rss_kb'], 'closed_pss_kb': after['pss_kb'],
                'closed_processes': [(p['rss_kb'], p['cmd']) for p in after['processes']],
                'webview_alive_after_close': closed[2] if len(closed) > 2 else '',
                'webkit_gone_after_s': gone_after, 'webkit_left': left}
    finally:
        a.quit()


def main():
    mode, app, probe, arg = sys.argv[1:5]
    if mode == 'setup':
        out = setup(app, probe, arg)
    elif mode == 'start':
        out = start(app, probe, int(arg))
    elif mode == 'oauth':
        out = oauth(app, probe, arg)
    else:
        sys.exit(f'unknown mode {mode}')
    print(json.dumps(out))


if __name__ == '__main__':
    main()
