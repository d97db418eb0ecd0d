"""The manifest folder of the soak run: the Services under load, endpoint churn, edits, bad files."""
import os
import random
import time

TCP_IP, UDP_IP = "127.77.1.1", "127.77.1.2"
BACKEND_IPS = [f"127.77.2.{i}" for i in range(1, 5)]


def service(name, ip, port, proto):
    return f"""apiVersion: v1
kind: Service
metadata: {{name: {name}, namespace: soak}}
spec:
  clusterIP: {ip}
  ports: [{{name: p, protocol: {proto}, port: {port}}}]
"""


def slice_(name, port, proto, ips):
    eps = "".join(f'- addresses: ["{ip}"]\n  conditions: {{ready: true}}\n' for ip in ips)
    return f"""apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: {name}-1
  namespace: soak
  labels: {{kubernetes.io/service-name: {name}}}
addressType: IPv4
ports: [{{name: p, protocol: {proto}, port: {port}}}]
endpoints:
{eps}"""


# Bad files, each must be reported and must change nothing that serves.
def bad_files(port):
    return {
        "bad-parse.yaml": "apiVersion: v1\nkind: Service\nmetadata: {name: broken\nspec: [",
        "bad-port.yaml": service("bad-port", "127.77.1.9", port, "TCP").replace(f"port: {port}", 'port: "abc"'),
        "bad-deep.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: {x: "
                         + "[" * 3000 + "]" * 3000 + "}\n",
        # sorts before tcp.yaml and redefines its Service: must not take it over
        "00-bad-duplicate.yaml": service("tcp", TCP_IP, port + 1, "TCP"),
    }


class Folder:
    def __init__(self, path, tcp_port, udp_port, backend_port, log):
        self.path, self.log = path, log
        self.tcp_port, self.udp_port, self.backend_port = tcp_port, udp_port, backend_port
        self.rng = random.Random(42)
        self.edits = {"endpoint_churn": 0, "rewrites_non_atomic": 0, "rewrites_atomic": 0,
                      "services_added": 0, "services_removed": 0, "bad_files": 0}
        self.extra = False

    def write(self, name, text, atomic=True):
        p = os.path.join(self.path, name)
        if atomic:
            tmp = os.path.join(self.path, "." + name + ".tmp")
            with open(tmp, "w") as f:
                f.write(text)
            os.rename(tmp, p)
        else:  # truncate, pause, write: what an editor saving in place does
            with open(p, "w") as f:
                f.flush()
                os.fsync(f.fileno())
                time.sleep(0.05)
                f.write(text)

    def initial(self):
        self.write("tcp.yaml", self.tcp_text(BACKEND_IPS))
        self.write("udp.yaml", self.udp_text(BACKEND_IPS))
        self.write("other.yaml", service("other", "127.77.1.3", self.tcp_port, "TCP"))

    def tcp_text(self, ips):
        return service("tcp", TCP_IP, self.tcp_port, "TCP") + "---\n" + slice_("tcp", self.backend_port, "TCP", ips)

    def udp_text(self, ips):
        return service("udp", UDP_IP, self.udp_port, "UDP") + "---\n" + slice_("udp", self.backend_port, "UDP", ips)

    def churn_endpoints(self):
        """A random non-empty subset of the backends (they all keep running: removed ones only stop getting new flows)."""
        ips = sorted(self.rng.sample(BACKEND_IPS, self.rng.randint(1, len(BACKEND_IPS))))
        atomic = self.rng.random() < 0.5
        self.write("tcp.yaml", self.tcp_text(ips), atomic)
        self.write("udp.yaml", self.udp_text(sorted(self.rng.sample(BACKEND_IPS, self.rng.randint(1, 4)))), atomic)
        self.edits["endpoint_churn"] += 1
        self.edits["rewrites_atomic" if atomic else "rewrites_non_atomic"] += 2

    def edit(self):
        """Rewrite an unrelated Service in place, and add or remove a whole Service file."""
        self.write("other.yaml", service("other", "127.77.1.3", self.tcp_port, "TCP")
                   + f"# edit {time.time()}\n", atomic=False)
        self.edits["rewrites_non_atomic"] += 1
        extra = os.path.join(self.path, "extra.yaml")
        if self.extra:
            os.remove(extra)
            self.edits["services_removed"] += 1
        else:
            self.write("extra.yaml", service("extra", "127.77.1.4", self.tcp_port, "TCP")
                       + "---\n" + slice_("extra", self.backend_port, "TCP", BACKEND_IPS[:1]))
            self.edits["services_added"] += 1
        self.extra = not self.extra

    def add_bad(self):
        name, text = self.rng.choice(sorted(bad_files(self.tcp_port).items()))
        if self.rng.random() < 0.2:  # a link that loops, instead
            name, text = "loop", None
            os.symlink(self.path, os.path.join(self.path, "loop"))
        else:
            self.write(name, text)
        self.edits["bad_files"] += 1
        return name

    def remove(self, name):
        try:
            os.remove(os.path.join(self.path, name))
        except FileNotFoundError:
            pass
