"""Loopback backends and clients of the soak run (asyncio). Every exchange is checked byte for byte."""
import asyncio
import os
import random
import time


class Stats:
    def __init__(self):
        self.c = {}
        self.failures = []  # (time, what, error)

    def ok(self, what):
        self.c[what + "_ok"] = self.c.get(what + "_ok", 0) + 1

    def fail(self, what, err, pressure):
        key = what + ("_refused_under_fd_pressure" if pressure else "_failed")
        self.c[key] = self.c.get(key, 0) + 1
        if not pressure and len(self.failures) < 200:
            self.failures.append((round(time.time(), 3), what, repr(err)[:200]))


async def tcp_echo_backend(ip, port):
    async def handle(r, w):
        try:
            while data := await r.read(65536):
                w.write(data)
                await w.drain()
        except (ConnectionError, OSError, asyncio.CancelledError):
            pass
        finally:
            w.close()
    return await asyncio.start_server(handle, ip, port, backlog=4096, reuse_address=True)


class UdpEcho(asyncio.DatagramProtocol):
    def connection_made(self, t):
        self.t = t

    def datagram_received(self, data, addr):
        self.t.sendto(data, addr)


async def udp_echo_backend(ip, port):
    loop = asyncio.get_running_loop()
    t, _ = await loop.create_datagram_endpoint(UdpEcho, local_addr=(ip, port), reuse_port=True)
    return t


async def exchange(r, w, payload, timeout=5):
    w.write(payload)
    await w.drain()
    got = await asyncio.wait_for(r.readexactly(len(payload)), timeout)
    if got != payload:
        raise ValueError("echo differs")


async def tcp_short(addr, stats, run, rng):
    """New connection per request: 1-16 KiB each way, then close."""
    while run.going():
        payload = os.urandom(rng.randint(1024, 16384))
        t0 = time.time()
        try:
            r, w = await asyncio.wait_for(asyncio.open_connection(*addr), 5)
            try:
                await exchange(r, w, payload)
            finally:
                w.close()
            stats.ok("tcp_request")
        except Exception as e:
            stats.fail("tcp_request", e, run.pressure_at(t0))
        await asyncio.sleep(run.pause)


async def tcp_long(addr, stats, run, rng):
    """One connection for the whole run, a 64-byte ping every second: it must never break."""
    r = w = None
    while run.going():
        t0 = time.time()
        try:
            if w is None:
                r, w = await asyncio.wait_for(asyncio.open_connection(*addr), 5)
            await exchange(r, w, os.urandom(64))
            stats.ok("tcp_long_ping")
        except Exception as e:
            if w is not None:  # an established connection died: that is a loss, pressure or not
                stats.fail("tcp_long_connection_lost", e, False)
                w.close()
            else:
                stats.fail("tcp_long_connect", e, run.pressure_at(t0))
            r = w = None
        await asyncio.sleep(1)
    if w is not None:
        w.close()


class UdpClient(asyncio.DatagramProtocol):
    def __init__(self):
        self.waiting = None

    def datagram_received(self, data, addr):
        if self.waiting and not self.waiting.done():
            self.waiting.set_result(data)


async def udp_flows(addr, stats, run, rng):
    """A new flow (source port) every few datagrams; each reply must come back, unchanged."""
    loop = asyncio.get_running_loop()
    while run.going():
        t, p = await loop.create_datagram_endpoint(UdpClient, remote_addr=addr)
        try:
            for _ in range(rng.randint(1, 5)):
                payload = os.urandom(rng.randint(16, 1200))
                p.waiting = loop.create_future()
                t0 = time.time()
                t.sendto(payload)
                try:
                    got = await asyncio.wait_for(p.waiting, 2)
                    if got != payload:
                        raise ValueError("echo differs")
                    stats.ok("udp_datagram")
                except Exception as e:
                    stats.fail("udp_datagram", e, run.pressure_at(t0))
                await asyncio.sleep(run.pause)
        finally:
            t.close()


async def fd_pressure(addr, stats, run, limit, hold):
    """Open idle connections through the proxy until it refuses or `limit` is reached; hold; release."""
    conns = []
    try:
        for _ in range(limit):
            try:
                r, w = await asyncio.wait_for(asyncio.open_connection(*addr), 3)
                conns.append(w)
            except Exception:
                break
        stats.c["fd_pressure_connections_max"] = max(stats.c.get("fd_pressure_connections_max", 0), len(conns))
        await asyncio.sleep(hold)
    finally:
        for w in conns:
            w.close()
