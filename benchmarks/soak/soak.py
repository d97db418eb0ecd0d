#!/usr/bin/env python3
"""Soak test: a standalone Strait on loopback under mixed TCP/UDP load for --duration seconds, with
endpoint churn, folder edits (atomic and in place), bad files and file-descriptor pressure.
Records RSS, FDs and established connections over time; verdict: nothing lost, memory flat.
Run on demand (see benchmarks/README.md); loopback only; every loop is bounded by the duration."""
import argparse
import asyncio
import json
import os
import random
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import folder as fl  # noqa: E402
import load  # noqa: E402


def free_port(ip, kind):
    for _ in range(100):
        p = random.randint(20000, 59999)
        try:
            for k in (socket.SOCK_STREAM, socket.SOCK_DGRAM) if kind == "both" else (kind,):
                with socket.socket(socket.AF_INET, k) as s:
                    s.bind((ip, p))
            return p
        except OSError:
            continue
    raise SystemExit("no free port on " + ip)


def http_get(port, path, timeout=3):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, ""
    except Exception as e:
        return 0, repr(e)


def established(ip, port):
    """Established connections whose local end is ip:port: the proxy's accepted side (Netty's native
    transports open IPv6 sockets, so those are in tcp6 as ::ffff:ip)."""
    v4 = "%08X" % int.from_bytes(socket.inet_aton(ip), "little")
    wants = {"%s:%04X" % (v4, port), "0000000000000000FFFF0000%s:%04X" % (v4, port)}
    n = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            n += sum(1 for line in f if line.split()[1:2] and line.split()[1] in wants and line.split()[3] == "01")
    return n


class Run:
    def __init__(self, duration, pause, windows):
        self.start, self.end, self.pause, self.windows = time.time(), time.time() + duration, pause, windows

    def going(self):
        return time.time() < self.end

    def pressure_at(self, t):  # a window, plus 10 s for the proxy to recover its descriptors
        return any(a <= t <= b + 10 for a, b in self.windows)


def metric(text, name):
    m = re.search(r"^" + name + r"(?:\{[^}]*\})? ([0-9.eE+-]+)$", text, re.M)
    return float(m.group(1)) if m else None


async def sampler(run, pid, ports, tcp_addr, out, samples, stats, every):
    with open(out, "w") as f:
        f.write("t_s,rss_kib,fds,established,flow_entries,config_problems,livez\n")
        while run.going():
            with open(f"/proc/{pid}/status") as s:
                rss = int(re.search(r"VmRSS:\s+(\d+)", s.read()).group(1))
            fds = len(os.listdir(f"/proc/{pid}/fd"))
            est = established(*tcp_addr)
            code, body = await asyncio.to_thread(http_get, ports["metrics"], "/metrics")
            t0 = time.time()
            livez, _ = await asyncio.to_thread(http_get, ports["health"], "/livez", 2)
            if livez != 200:  # out of descriptors the proxy cannot accept a probe either
                stats.fail("livez", livez, run.pressure_at(t0))
            row = dict(t=round(time.time() - run.start, 1), rss=rss, fds=fds, est=est,
                       flows=metric(body, "strait_flow_table_entries"),
                       problems=metric(body, "strait_config_problems"), livez=livez)
            samples.append(row)
            f.write(",".join(str(v) for v in row.values()) + "\n")
            f.flush()
            await asyncio.sleep(every)


async def scenario(run, fold, stats, tcp_addr, args):
    """Endpoint churn every 2 s, edits every 5 s, a bad file every 20 s (removed 10 s later), FD pressure windows."""
    tick, bad = 0, []
    while run.going():
        await asyncio.sleep(1)
        tick += 1
        now = time.time()
        if tick % 2 == 0:
            await asyncio.to_thread(fold.churn_endpoints)
        if tick % 5 == 0:
            await asyncio.to_thread(fold.edit)
        if tick % 20 == 0:
            bad.append((now + 10, fold.add_bad()))
        for due, name in [b for b in bad if b[0] <= now]:
            fold.remove(name)
            bad.remove((due, name))
        for a, b in run.windows:
            if a <= now < a + 1:
                asyncio.ensure_future(load.fd_pressure(tcp_addr, stats, run, args.strait_nofile, b - a))
    for _, name in bad:
        fold.remove(name)


def verdict(samples, stats, run, duration):
    n = len(samples)
    early = [s["rss"] for s in samples[int(n * 0.10):max(int(n * 0.35), int(n * 0.10) + 1)]]
    late = [s["rss"] for s in samples[int(n * 0.75):]]
    e, l = statistics.median(early), statistics.median(late)
    fds_early = statistics.median(s["fds"] for s in samples[int(n * 0.10):max(int(n * 0.35), int(n * 0.10) + 1)])
    lost = {k: v for k, v in stats.c.items() if k.endswith("_failed") or k.endswith("_lost")}
    checks = {
        "nothing lost (outside FD-pressure windows; long-lived connections always)": sum(lost.values()) == 0,
        "memory flat (late median RSS within 10 % + 16 MiB of the early median)": l <= e * 1.10 + 16 * 1024,
        "descriptors back (last sample within 64 of the early median)": samples[-1]["fds"] <= fds_early + 64,
        "bad files reported (strait_config_problems > 0 at some sample)": any((s["problems"] or 0) > 0 for s in samples),
    }
    return dict(duration_s=duration, samples=n, rss_early_median_kib=e, rss_late_median_kib=l,
                rss_growth_ratio=round(l / e, 4), rss_max_kib=max(s["rss"] for s in samples),
                fds_early_median=fds_early, fds_max=max(s["fds"] for s in samples), fds_last=samples[-1]["fds"],
                established_max=max(s["est"] for s in samples), counters=stats.c, lost=lost,
                first_failures=stats.failures[:20], checks=checks, passed=all(checks.values()))


async def main(args):
    work = tempfile.mkdtemp(prefix="strait-soak-")
    manifests = os.path.join(work, "manifests")
    os.makedirs(manifests)
    ip0 = fl.BACKEND_IPS[0]
    tcp_port, udp_port = free_port(fl.TCP_IP, "both"), free_port(fl.UDP_IP, "both")
    backend_port = free_port(ip0, "both")
    ports = {k: free_port("127.0.0.1", socket.SOCK_STREAM) for k in ("health", "metrics", "inspect")}
    fold = fl.Folder(manifests, tcp_port, udp_port, backend_port, print)
    fold.initial()
    servers = [await load.tcp_echo_backend(ip, backend_port) for ip in fl.BACKEND_IPS]
    udps = [await load.udp_echo_backend(ip, backend_port) for ip in fl.BACKEND_IPS]
    cmd = ["prlimit", f"--nofile={args.strait_nofile}:{args.strait_nofile}", "--",
           args.java, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
           *args.java_opts.split(), "-jar", args.jar, "standalone", "--manifests", manifests, "--node-name", "soak",
           "--healthz-bind-address", f"127.0.0.1:{ports['health']}", "--metrics-bind-address", f"127.0.0.1:{ports['metrics']}",
           "--inspect-bind-address", f"127.0.0.1:{ports['inspect']}", "--nodeport-addresses", "127.0.0.1/32",
           *args.strait_flags.split()]
    os.makedirs(args.out, exist_ok=True)
    log = open(os.path.join(args.out, "strait.log"), "w")
    proxy = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(120):
            if (await asyncio.to_thread(http_get, ports["health"], "/healthz", 1))[0] == 200:
                break
            await asyncio.sleep(0.5)
        else:
            raise SystemExit("strait did not become ready; see " + log.name)
        d = args.duration
        windows = [(time.time() + d * f, time.time() + d * f + args.pressure_hold) for f in (0.4, 0.7)]
        run = Run(d, args.pause, windows)
        stats, samples, rng = load.Stats(), [], random.Random(7)
        tcp_addr, udp_addr = (fl.TCP_IP, tcp_port), (fl.UDP_IP, udp_port)
        tasks = [load.tcp_short(tcp_addr, stats, run, random.Random(i)) for i in range(args.tcp_clients)]
        tasks += [load.tcp_long(tcp_addr, stats, run, rng) for _ in range(args.long_connections)]
        tasks += [load.udp_flows(udp_addr, stats, run, random.Random(100 + i)) for i in range(args.udp_clients)]
        tasks += [sampler(run, proxy.pid, ports, tcp_addr, os.path.join(args.out, "samples.csv"), samples, stats, args.sample),
                  scenario(run, fold, stats, tcp_addr, args)]
        await asyncio.gather(*tasks)
        await asyncio.sleep(args.pressure_hold if run.pressure_at(time.time()) else 0)
        _, status = await asyncio.to_thread(http_get, ports["inspect"], "/status")
        result = verdict(samples, stats, run, d)
        result["edits"] = fold.edits
        result["run_start"] = run.start
        result["fd_pressure_windows_s"] = [(round(a - run.start, 1), round(b - run.start, 1)) for a, b in run.windows]
        result["first_failures"] = [(round(t - run.start, 1), w, e) for t, w, e in result["first_failures"]]
        result["problems_at_end"] = json.loads(status).get("sourceProblems") if status.startswith("{") else status
        result["command"] = " ".join(sys.argv)
        with open(os.path.join(args.out, "summary.json"), "w") as f:
            json.dump(result, f, indent=2)
        print(json.dumps(result, indent=2))
        return 0 if result["passed"] else 1
    finally:
        proxy.terminate()
        try:
            proxy.wait(20)
        except subprocess.TimeoutExpired:
            proxy.kill()
        for s in servers:
            s.close()
        for u in udps:
            u.close()


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--duration", type=int, default=1800, help="seconds (default 1800 = 30 min)")
    ap.add_argument("--sample", type=float, default=5, help="seconds between samples")
    ap.add_argument("--out", default=os.path.join(root, "benchmarks", "results", "soak-" + time.strftime("%Y%m%d-%H%M")))
    ap.add_argument("--jar", default=os.path.join(root, "daemon", "target", "strait.jar"))
    ap.add_argument("--java", default=os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java"))
    ap.add_argument("--java-opts", default="-Xms256m -Xmx256m -XX:+UseSerialGC -XX:+AlwaysPreTouch")
    ap.add_argument("--strait-flags", default="", help="extra strait flags, e.g. '--transport epoll'")
    ap.add_argument("--strait-nofile", type=int, default=4096, help="Strait's descriptor limit (FD pressure opens that many connections)")
    ap.add_argument("--pressure-hold", type=int, default=30, help="seconds each FD-pressure window holds its connections")
    ap.add_argument("--tcp-clients", type=int, default=8)
    ap.add_argument("--long-connections", type=int, default=50)
    ap.add_argument("--udp-clients", type=int, default=4)
    ap.add_argument("--pause", type=float, default=0.02, help="seconds each client waits between requests")
    a = ap.parse_args()
    if not os.path.isfile(a.jar):
        raise SystemExit(f"no {a.jar}: build it first: ./mvnw -q -pl daemon -am package -DskipTests")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 4 * a.strait_nofile + 4096  # our clients and backends: two descriptors per proxied connection
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(max(soft, want), hard), hard))
    sys.exit(asyncio.run(main(a)))
