#!/usr/bin/env python3
"""Helpers of bench/build.sh, to tell the builder's time from its client's.

  build_client.py post SOCKET TAR QUERY
      One POST /build of the context tar TAR on a new connection to the Engine API at
      the unix socket SOCKET, the answer read to its end; prints the milliseconds from
      the connect to the answer's last byte and how many steps said "Using cache". Fails
      when the answer is not a success.
      Timed inside one process, so no client start-up counts: the builder's time.

  build_client.py instant SOCKET
      Serves, at SOCKET, answers that take no work: /_ping, /version, and for POST /build
      a made-up image id once the body is read. The docker CLI against it shows the part
      of `docker build` that is the CLI's own (walking, reading and sending the context).
"""
import os
import socket
import sys
import time


def post(sock_path, tar_path, query):
    with open(tar_path, "rb") as f:
        body = f.read()
    start = time.perf_counter()
    s = socket.socket(socket.AF_UNIX)
    s.connect(sock_path)
    s.sendall(("POST /v1.41/build?%s HTTP/1.1\r\nHost: docker\r\nContent-Type: application/x-tar\r\n"
               "Content-Length: %d\r\nConnection: close\r\n\r\n" % (query, len(body))).encode() + body)
    answer = bytearray()
    while True:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            # dockerd closes once its answer is sent, with the tar's trailing padding unread:
            # a reset then. The answer so far is judged below, as a whole one would be.
            break
        if not chunk:
            break
        answer += chunk
    elapsed = (time.perf_counter() - start) * 1000
    s.close()
    head, _, body = bytes(answer).partition(b"\r\n\r\n")
    if b"transfer-encoding: chunked" in head.lower():
        body = dechunked(body)
    why = ("the answer is not a 200" if not head.startswith(b"HTTP/1.1 200") else "the answer was cut" if body is None
           else "no image id in the answer" if b'"aux"' not in body else "an error in the answer" if b"errorDetail" in body else None)
    if why:
        sys.stderr.write(answer.decode(errors="replace")[:4000] + "\n")
        sys.exit("the build failed: " + why)
    print("%.3f %d" % (elapsed, body.count(b"Using cache")))


def dechunked(body):
    """The body of a chunked answer without its framing (which can cut a line in two); None when it was cut."""
    out = bytearray()
    while body:
        size, _, rest = body.partition(b"\r\n")
        n = int(size.split(b";")[0], 16)
        if n == 0:
            return bytes(out)
        out += rest[:n]
        body = rest[n + 2:]
    return None


def instant(sock_path):
    try:
        os.unlink(sock_path)
    except FileNotFoundError:
        pass
    server = socket.socket(socket.AF_UNIX)
    server.bind(sock_path)
    server.listen(16)
    while True:
        conn, _ = server.accept()
        with conn, conn.makefile("rb") as f:
            while serve_one(conn, f):
                pass


def serve_one(conn, f):
    """Reads one request (its body too) and answers it; False at the end of the connection."""
    line = f.readline()
    if not line:
        return False
    headers = {}
    while True:
        h = f.readline()
        if h in (b"\r\n", b""):
            break
        k, v = h.decode().split(":", 1)
        headers[k.strip().lower()] = v.strip()
    if headers.get("transfer-encoding") == "chunked":
        while True:
            n = int(f.readline().split(b";")[0].strip(), 16)
            f.read(n)
            f.readline()
            if n == 0:
                break
    elif "content-length" in headers:
        f.read(int(headers["content-length"]))
    if b"/build" in line:
        body = b'{"aux":{"ID":"sha256:' + b"0" * 64 + b'"}}\n'
    elif b"/_ping" in line:
        body = b"OK"
    else:
        body = b'{"Version":"28.2.0","ApiVersion":"1.50","MinAPIVersion":"1.24","Os":"linux","Arch":"amd64"}'
    head = b"HTTP/1.1 200 OK\r\nApi-Version: 1.50\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
    conn.sendall(head + (b"" if line.startswith(b"HEAD") else body))
    return True


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "post":
        post(*sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "instant":
        instant(sys.argv[2])
    else:
        sys.exit(__doc__)
