"""The worker processes of ``zhepai serve --workers N``: uvicorn's supervisor, each process
listening on a socket of its own.

Two things uvicorn's own ``workers`` got wrong here (bench/RESULTS.md, "Every query within
3×, the delayed ACKs, the collector's pauses"):

- Its shared socket says protocol 0, and asyncio sets ``TCP_NODELAY`` only on connections
  whose socket says ``IPPROTO_TCP``: every answer, written as a head and then a body, waited
  for the client's delayed ACK, and two processes answered fewer requests than one. The
  sockets here are made as TCP sockets.
- With one socket shared, whichever process wakes first accepts every connection waiting,
  so keep-alive clients could pile onto one process while the other idled. Each process here
  listens on a socket of its own on the same port (``SO_REUSEPORT``), and the kernel spreads
  new connections over them. Where the option does not exist, the processes share one.
"""

from __future__ import annotations

import socket

from uvicorn import Config
from uvicorn.supervisors import Multiprocess

REUSE_PORT = hasattr(socket, "SO_REUSEPORT")


def tcp_socket(host: str, port: int, *, reuse_port: bool = REUSE_PORT) -> socket.socket:
    """A TCP socket bound to ``host:port`` (not yet listening: the process serving it
    listens), inherited by the worker processes."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


class Supervisor(Multiprocess):
    """uvicorn's supervisor (it starts, watches and restarts the processes), handing each
    process it starts a socket of its own on the port the first one was bound to."""

    def __init__(self, config: Config) -> None:
        self._first: socket.socket | None = tcp_socket(config.host, config.port)
        self._port: int = self._first.getsockname()[1]  # the port chosen, for port 0
        super().__init__(config, sockets=[self._first])

    @property
    def sockets(self) -> list[socket.socket]:
        """Read once for each process started: the first gets the socket bound at start
        (so a port in use stops the command at once), each later one a socket of its own,
        or the same one where the kernel cannot spread connections."""
        first, self._first = self._first, None
        if first is not None or not REUSE_PORT:
            return [first or self._shared]
        return [tcp_socket(self.config.host, self._port)]

    @sockets.setter
    def sockets(self, given: list[socket.socket]) -> None:
        self._shared = given[0]  # uvicorn's __init__ sets it: the first socket
