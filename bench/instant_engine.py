#!/usr/bin/env python3
"""An engine that answers `docker run --rm IMAGE CMD` at once and runs nothing: the floor of
a run, the docker CLI's own share (its start, its five requests, its waits). The calls the CLI
makes for a run, in the shape docs' docker-engine-api.md records: _ping, containers/create,
attach (hijacked: 101, then the end of the output), wait?condition=removed (answered once the
container was started and its attach ended), start. Anything else is a 404.
Usage: instant_engine.py SOCKET (serves until killed)."""
import asyncio
import json
import os
import re
import sys

HEADERS = "Api-Version: 1.51\r\nDocker-Experimental: false\r\nOstype: linux\r\nServer: Docker/28.2.0 (linux)\r\n"
started = {}  # container id -> an event set by its start


async def answer(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode().split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            length = 0
            for line in lines[1:]:
                if line.lower().startswith("content-length:"):
                    length = int(line.split(":", 1)[1])
            if length:
                await reader.readexactly(length)
            path = re.sub(r"^/v[0-9.]+", "", target.split("?")[0])
            m = re.match(r"^/containers/([0-9a-f]+)/(attach|wait|start)$", path)
            if path == "/_ping":
                writer.write(("HTTP/1.1 200 OK\r\n" + HEADERS + "Content-Length: 2\r\n\r\n").encode()
                             + (b"" if method == "HEAD" else b"OK"))
            elif path == "/containers/create":
                cid = os.urandom(32).hex()
                started[cid] = asyncio.Event()
                body = json.dumps({"Id": cid, "Warnings": []}).encode()
                writer.write(("HTTP/1.1 201 Created\r\n" + HEADERS + "Content-Type: application/json\r\n"
                              "Content-Length: %d\r\n\r\n" % len(body)).encode() + body)
            elif m and m.group(2) == "attach":
                writer.write(("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                              "Connection: Upgrade\r\nUpgrade: tcp\r\n" + HEADERS + "\r\n").encode())
                await writer.drain()
                await started[m.group(1)].wait()
                writer.close()  # the run's output ends: nothing was written
                return
            elif m and m.group(2) == "wait":
                writer.write(("HTTP/1.1 200 OK\r\n" + HEADERS + "Content-Type: application/json\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n").encode())
                await writer.drain()
                await started[m.group(1)].wait()
                body = b'{"StatusCode":0,"Error":null}\n'
                writer.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
                started.pop(m.group(1), None)
            elif m and m.group(2) == "start":
                writer.write(("HTTP/1.1 204 No Content\r\n" + HEADERS + "\r\n").encode())
                started[m.group(1)].set()
            else:
                body = b'{"message":"not served by the instant engine"}'
                writer.write(("HTTP/1.1 404 Not Found\r\n" + HEADERS + "Content-Type: application/json\r\n"
                              "Content-Length: %d\r\n\r\n" % len(body)).encode() + body)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, KeyError):
        writer.close()


async def main(socket):
    server = await asyncio.start_unix_server(answer, path=socket)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
