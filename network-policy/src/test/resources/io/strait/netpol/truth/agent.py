"""A truth-table pod: serves TCP and UDP on 80 and 81, IPv4 and IPv6 (answering with the pod's name), and probes
on request. stdin: "probe N [TIMEOUT]" then N lines "IP PORT tcp|udp"; stdout: N lines "ok NAME" or "fail",
in order, then "done". Every probe of a batch runs at once with its own timeout."""
import socket
import sys
import threading

NAME = sys.argv[1]
TIMEOUT = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0


def dual_stack(kind):
    s = socket.socket(socket.AF_INET6, kind)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    return s


def tcp_socket(port):
    s = dual_stack(socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", port))
    s.listen(256)
    return s


def udp_socket(port):
    s = dual_stack(socket.SOCK_DGRAM)
    s.bind(("::", port))
    return s


def serve_tcp(s):
    while True:
        c, _ = s.accept()
        try:
            c.sendall(NAME.encode())
        except OSError:
            pass
        finally:
            c.close()


def serve_udp(s):
    while True:
        _, addr = s.recvfrom(512)
        s.sendto(NAME.encode(), addr)


def probe(ip, port, proto, out, i, timeout):
    try:
        if proto == "tcp":
            with socket.create_connection((ip, port), timeout=timeout) as c:
                c.settimeout(timeout)
                data = c.recv(100)
        else:
            family = socket.AF_INET6 if ":" in ip else socket.AF_INET
            with socket.socket(family, socket.SOCK_DGRAM) as c:
                c.settimeout(timeout)
                c.sendto(b"?", (ip, port))
                data, _ = c.recvfrom(100)
        out[i] = "ok " + data.decode() if data else "fail"
    except OSError:
        out[i] = "fail"


for p in (80, 81):  # bound before "ready", served by threads
    threading.Thread(target=serve_tcp, args=(tcp_socket(p),), daemon=True).start()
    threading.Thread(target=serve_udp, args=(udp_socket(p),), daemon=True).start()
print("ready", flush=True)

for line in sys.stdin:
    parts = line.split()
    if not parts or parts[0] != "probe":
        continue
    n = int(parts[1])
    timeout = float(parts[2]) if len(parts) > 2 else TIMEOUT
    jobs = [sys.stdin.readline().split() for _ in range(n)]
    out = ["fail"] * n
    threads = [threading.Thread(target=probe, args=(j[0], int(j[1]), j[2], out, i, timeout)) for i, j in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("\n".join(out + ["done"]), flush=True)
