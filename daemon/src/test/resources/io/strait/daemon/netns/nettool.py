"""Tiny pod server and client for the network-namespace tests (stdlib only).

serve NAME          listen on 8080 (greet with NAME, then echo lines as NAME:line) and on 8081
                    (read one line - a PROXY v1 header - and answer "NAME header")
get HOST PORT       connect, print the first line received, or "ERR <reason>"
send HOST PORT      connect, send "hello", print the first line received, or "ERR <reason>"
hold HOST PORT      connect, print the greeting, then for each stdin line send it and print the reply
"""
import socket
import sys
import threading


def serve(name):
    def handle(conn, proxy):
        try:
            reader = conn.makefile("rb")
            if proxy:
                header = reader.readline().decode().strip()
                conn.sendall((name + " " + header + "\n").encode())
            else:
                conn.sendall((name + "\n").encode())
            for line in reader:
                conn.sendall((name + ":" + line.decode()).encode())
        except OSError:
            pass
        finally:
            conn.close()

    def listen(port, proxy):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", port))
        s.listen(128)
        while True:
            conn, _ = s.accept()
            threading.Thread(target=handle, args=(conn, proxy), daemon=True).start()

    threading.Thread(target=listen, args=(8081, True), daemon=True).start()
    print("ready", flush=True)
    listen(8080, False)


def connect(host, port):
    s = socket.create_connection((host, int(port)), timeout=5)
    return s, s.makefile("rb")


def main():
    mode = sys.argv[1]
    if mode == "serve":
        serve(sys.argv[2])
        return
    try:
        s, reader = connect(sys.argv[2], sys.argv[3])
        if mode == "send":
            s.sendall(b"hello\n")
        line = reader.readline().decode().strip()
        print(line if line else "ERR closed", flush=True)
        if mode == "hold":
            s.settimeout(30)
            for cmd in sys.stdin:
                s.sendall(cmd.encode())
                print(reader.readline().decode().strip() or "ERR closed", flush=True)
    except OSError as e:
        print("ERR " + type(e).__name__ + " " + str(e), flush=True)


if __name__ == "__main__":
    main()
