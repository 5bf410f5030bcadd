"""Knowing that nothing was written to the graph, without asking the store.

Redis tells a connection that asks for it (``CLIENT TRACKING ON BCAST PREFIX …``, RESP3)
whenever a key with that prefix is modified, by an ``invalidate`` message. FalkorDB marks a
graph's key modified on every write query, one that changes nothing included. Redis queues
the broadcast before the loop's pending replies are written, and writes the connection
queued last first, so the message is on this connection before the writer has its reply
(redis 7's ``beforeSleep``; tests/test_change_watch.py checks it on the store we ship).
So a process holding such a connection knows, by a look at its socket that does not wait,
whether any writer — this process, another one, the CLI, a raw ``GRAPH.QUERY`` — has
written to the graph since it last read the version tokens (graph/meta.py), and reads them
again only then.

Only for the embedded store, whose unix socket cannot be dropped silently by a network. A
connection that closes is noticed, and so is the server's process ending (through a pidfd):
a child the server forked (to rewrite its log) holds a copy of every connection, so one
would not close while that child lives. Until a new connection is up (tried at most once a
second) nothing is taken on trust.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import select
import socket
import time
from dataclasses import dataclass, field

import hiredis

log = logging.getLogger("zhepai.store")

RETRY_S = 1.0  # at most one attempt a second to connect again
CONNECT_TIMEOUT_S = 2.0  # for the connection and its answers, in a worker thread
CHUNK = 65536
PROCESS_ID = re.compile(rb"^process_id:(\d+)\r?$", re.MULTILINE)
# pidfds are Linux's (5.3 on): elsewhere the tokens are read every time
SUPPORTED = hasattr(os, "pidfd_open")


@dataclass(frozen=True, slots=True)
class _Link:
    sock: socket.socket
    server: int  # a pidfd of the server's process: readable once it has ended
    ready: select.poll
    # the process that connected: a child forked from it shares the socket, not its messages
    owner: int = field(default_factory=os.getpid)

    def close(self) -> None:
        self.sock.close()
        os.close(self.server)


class ChangeWatch:
    """Counts the writes to one graph's key seen on a tracking connection.

    ``mark()`` is the count so far, or None while there is no connection: two equal marks
    mean that no write reached the graph between them. Any message on the connection is
    taken for a write (a message about another key with the same prefix only costs a read).
    """

    def __init__(self, path: str, key: str) -> None:
        self._path = path
        self._key = key
        self._link: _Link | None = None
        self._writes = 0
        self._connecting: asyncio.Future[bool] | None = None
        self._last_attempt = float("-inf")
        self._closed = False
        self.client_id: int | None = None  # the connection's, as the server's CLIENT LIST says

    def connect(self) -> bool:
        """Open the tracking connection (blocking, short). True if it is up."""
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server: int | None = None
        try:
            sock.settimeout(CONNECT_TIMEOUT_S)
            sock.connect(self._path)
            sock.sendall(
                _pack("HELLO", "3")
                + _pack("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", self._key)
                + _pack("INFO", "server")
            )
            hello, tracking, info = _answers(sock, 3)
            pid = PROCESS_ID.search(info) if isinstance(info, bytes) else None
            if not isinstance(hello, dict) or tracking != b"OK" or pid is None:
                raise ConnectionError(f"the store refused change tracking: {hello!r}")
            server = os.pidfd_open(int(pid.group(1)))
            sock.setblocking(False)
            ready = select.poll()
            ready.register(sock, select.POLLIN)
            ready.register(server, select.POLLIN)
        except (OSError, hiredis.ProtocolError) as exc:
            sock.close()
            if server is not None:
                os.close(server)
            log.info("no change tracking on %s (%s): version tokens are read every time",
                     self._path, exc)  # fmt: skip
            return False
        link = _Link(sock, server, ready)
        # Writes made while there was no connection went unseen: losing it counted as one
        # (``_drop``), so nothing read before is trusted.
        self.client_id = hello.get(b"id")
        self._link = link
        if self._closed:  # closed while this thread connected
            self._forget()
            return False
        return True

    def mark(self) -> int | None:
        """The writes seen so far, after taking in whatever the connection holds now;
        None when there is no connection (then any write may have been missed)."""
        link = self._link
        if link is not None and link.owner != os.getpid():
            # the parent's messages are the parent's to read; closing the copies here leaves
            # its connection as it is
            self._forget()
            link = None
            self._writes += 1
        if link is None:
            self._reconnect()
            return None
        events = link.ready.poll(0)
        if not events:
            return self._writes
        if any(fd == link.server for fd, _ in events):
            self._drop("the store's process ended")
            return None
        try:
            while True:
                if not link.sock.recv(CHUNK):
                    self._drop("closed")
                    return None
                self._writes += 1
        except BlockingIOError:
            return self._writes
        except OSError as exc:
            self._drop(str(exc))
            return None

    def close(self) -> None:
        self._closed = True
        self._forget()

    def _forget(self) -> None:
        link, self._link = self._link, None
        if link is not None:
            link.close()

    def _drop(self, why: str) -> None:
        log.warning("the change tracking connection to %s is lost (%s)", self._path, why)
        self._forget()
        self._writes += 1

    def _reconnect(self) -> None:
        if self._closed or (self._connecting is not None and not self._connecting.done()):
            return
        now = time.monotonic()
        if now - self._last_attempt < RETRY_S:
            return
        self._last_attempt = now
        with contextlib.suppress(RuntimeError):  # no running loop: the next caller tries
            loop = asyncio.get_running_loop()
            self._connecting = loop.run_in_executor(None, self.connect)


def _answers(sock: socket.socket, count: int) -> list[object]:
    reader = hiredis.Reader()
    answers: list[object] = []
    while len(answers) < count:
        data = sock.recv(CHUNK)
        if not data:
            raise ConnectionError("closed during the handshake")
        reader.feed(data)
        while (answer := reader.gets()) is not False:
            answers.append(answer)
    return answers[:count]


def _pack(*parts: str) -> bytes:
    packed: bytes = hiredis.pack_command(parts)  # type: ignore[arg-type]  # stub: a 1-tuple
    return packed
