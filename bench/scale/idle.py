#!/usr/bin/env python3
"""Idle-session phase of bench/scale.sh: many SMTP sessions that greet, EHLO, then sit idle.

Usage: idle.py PORT SERVER_PID SESSIONS OUT.json [--sources K] [--concurrency C] [--settle S] [--legit N]

Against 127.0.0.1:PORT (loopback only), with the server's /proc/PID read at each step:
  1. N legit transactions (smtplib, EHLO/MAIL/RCPT/DATA/QUIT, 1 KB) on the quiet server: baseline latency (the first
     one also warms the JIT); then the "before" memory reading.
  2. Opens SESSIONS connections, C at a time, from 127.0.0.2 .. 127.0.0.(1+K) (IP_BIND_ADDRESS_NO_PORT, so ephemeral
     ports are per source address); each reads the 220 greeting, sends EHLO, reads the 250 reply and stays open.
     Outcomes are counted (ok, refused with 421 or another code, connection errors, timeouts); the time to open
     them all is measured.
  3. Waits SETTLE seconds and reads the server's VmRSS/VmHWM (the "open" reading).
  4. N legit transactions while the sessions are idle (from 127.0.0.250): latency.
  5. NOOP on every idle session: how many are still alive and answer 250.
  6. QUIT and close them all, waits SETTLE seconds (and until the server's socket count is back), "after" reading.
Writes everything as JSON to OUT.json; progress goes to stderr.
"""
import argparse
import asyncio
import json
import os
import smtplib
import socket
import statistics
import sys
import time

IP_BIND_ADDRESS_NO_PORT = 24  # linux/in.h


def log(*a):
    print("  idle:", *a, file=sys.stderr, flush=True)


def proc(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "VmSize"):
                out[k] = int(v.split()[0])
            elif k == "Threads":
                out[k] = int(v)
    sockets = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                sockets += 1
        except OSError:
            pass
    out["sockets"] = sockets
    out["t"] = time.time()
    return out


MESSAGE = ("From: <sender@client.example>\r\nTo: <rcpt@remote.example>\r\nSubject: scale legit\r\n\r\n"
           + ("x" * 76 + "\r\n") * 12)


def legit(port, n, source):
    """N full transactions, one connection each; returns latencies in ms and failures (text)."""
    times, failures = [], []
    for i in range(n):
        t0 = time.perf_counter()
        try:
            s = smtplib.SMTP(timeout=60, source_address=(source, 0))
            s.connect("127.0.0.1", port)
            s.ehlo("legit.client.example")
            refused = s.sendmail("sender@client.example", ["rcpt@remote.example"], MESSAGE)
            s.quit()
            if refused:
                failures.append(f"refused {refused}")
                continue
        except Exception as e:  # noqa: BLE001 - reported, not hidden
            failures.append(f"{type(e).__name__}: {e}")
            continue
        times.append((time.perf_counter() - t0) * 1000)
    return times, failures


async def read_reply(reader):
    """One SMTP reply (possibly multi-line): returns (code, text of last line)."""
    while True:
        line = await reader.readline()
        if not line:
            raise ConnectionResetError("closed by server")
        if len(line) < 4 or line[3:4] != b"-":
            return int(line[:3]), line.decode("ascii", "replace").strip()


class Idle:
    def __init__(self, port, sessions, sources, concurrency, timeout=120):
        self.port, self.n, self.sources, self.c, self.timeout = port, sessions, sources, concurrency, timeout
        self.open = []  # (reader, writer)
        self.outcomes = {}
        self.samples = {}

    def count(self, what):
        self.outcomes[what] = self.outcomes.get(what, 0) + 1

    async def one(self, i, sem):
        async with sem:
            src = f"127.0.0.{2 + i % self.sources}"
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            writer = None
            try:
                sock.setsockopt(socket.IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1)
                sock.bind((src, 0))
                sock.setblocking(False)
                loop = asyncio.get_running_loop()
                await asyncio.wait_for(loop.sock_connect(sock, ("127.0.0.1", self.port)), self.timeout)
                reader, writer = await asyncio.open_connection(sock=sock, limit=4096)
                code, text = await asyncio.wait_for(read_reply(reader), self.timeout)
                if code != 220:
                    self.count(f"greeting {code}")
                    self.samples.setdefault(f"greeting {code}", text)
                    writer.close()
                    return
                self.count("greeted")
                writer.write(f"EHLO idle{i}.client.example\r\n".encode())
                code, text = await asyncio.wait_for(read_reply(reader), self.timeout)
                if code != 250:
                    self.count(f"ehlo {code}")
                    self.samples.setdefault(f"ehlo {code}", text)
                    writer.close()
                    return
                self.count("ehlo ok")
                self.open.append((reader, writer))
            except asyncio.TimeoutError:
                self.count("timeout")
                (writer or sock).close()
            except OSError as e:
                what = f"error {type(e).__name__}" + (f" {e.errno}" if e.errno else "")
                self.count(what)
                self.samples.setdefault(what, str(e))
                (writer or sock).close()

    async def open_all(self):
        sem = asyncio.Semaphore(self.c)
        t0 = time.perf_counter()
        tasks = [asyncio.create_task(self.one(i, sem)) for i in range(self.n)]
        done, last = 0, time.perf_counter()
        for fut in asyncio.as_completed(tasks):
            await fut
            done += 1
            if time.perf_counter() - last > 5:
                log(f"{done}/{self.n} sessions done, {len(self.open)} open")
                last = time.perf_counter()
        return time.perf_counter() - t0

    async def noop_all(self):
        sem = asyncio.Semaphore(self.c)
        alive = {"250": 0, "other": 0, "closed": 0}

        async def one(reader, writer):
            async with sem:
                try:
                    writer.write(b"NOOP\r\n")
                    code, _ = await asyncio.wait_for(read_reply(reader), self.timeout)
                    alive["250" if code == 250 else "other"] += 1
                except (OSError, asyncio.TimeoutError):
                    alive["closed"] += 1

        await asyncio.gather(*(one(r, w) for r, w in self.open))
        return alive

    async def close_all(self):
        t0 = time.perf_counter()
        for _, w in self.open:
            try:
                w.write(b"QUIT\r\n")
                w.close()
            except OSError:
                pass
        await asyncio.gather(*(w.wait_closed() for _, w in self.open), return_exceptions=True)
        return time.perf_counter() - t0


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("pid", type=int)
    ap.add_argument("sessions", type=int)
    ap.add_argument("out")
    ap.add_argument("--sources", type=int, default=10)
    ap.add_argument("--concurrency", type=int, default=200)
    ap.add_argument("--settle", type=float, default=5)
    ap.add_argument("--legit", type=int, default=5)
    a = ap.parse_args()
    r = {"sessions": a.sessions, "sources": a.sources, "concurrency": a.concurrency, "settle": a.settle}

    r["start"] = proc(a.pid)
    log(f"baseline: {a.legit} legit transactions on the quiet server")
    r["legit_quiet_ms"], r["legit_quiet_failures"] = await asyncio.to_thread(legit, a.port, a.legit, "127.0.0.250")
    await asyncio.sleep(a.settle)
    r["before"] = proc(a.pid)

    idle = Idle(a.port, a.sessions, a.sources, a.concurrency)
    log(f"opening {a.sessions} sessions ({a.concurrency} at a time, {a.sources} source addresses)")
    r["open_seconds"] = await idle.open_all()
    r["outcomes"], r["outcome_samples"], r["open_count"] = idle.outcomes, idle.samples, len(idle.open)
    log(f"{len(idle.open)} sessions open after {r['open_seconds']:.1f} s: {idle.outcomes}")
    r["just_opened"] = proc(a.pid)
    readings = []
    for _ in range(max(1, int(a.settle))):
        await asyncio.sleep(1)
        readings.append(proc(a.pid))
    r["open"] = readings[-1]
    r["open_readings"] = readings

    log(f"{a.legit} legit transactions while {len(idle.open)} sessions are idle")
    r["legit_loaded_ms"], r["legit_loaded_failures"] = await asyncio.to_thread(legit, a.port, a.legit, "127.0.0.250")
    r["after_legit"] = proc(a.pid)
    r["idle_seconds_before_noop"] = time.time() - r["just_opened"]["t"]
    r["noop"] = await idle.noop_all()
    log(f"NOOP on every idle session: {r['noop']}")
    r["close_seconds"] = await idle.close_all()
    deadline = time.time() + 60
    await asyncio.sleep(a.settle)
    while proc(a.pid)["sockets"] > r["before"]["sockets"] + 5 and time.time() < deadline:
        await asyncio.sleep(0.5)
    r["after"] = proc(a.pid)
    log(f"closed; server sockets {r['after']['sockets']}, VmRSS {r['after']['VmRSS'] / 1024:.0f} MB")
    with open(a.out, "w") as f:
        json.dump(r, f, indent=1)


if __name__ == "__main__":
    asyncio.run(main())
