"""What the run ran on, and how much memory the store and the importing processes took.

Store memory is read three ways, since they answer different questions: the redis-server's
resident set (``VmRSS``, what the machine gives it) and its peak (``VmHWM``), redis's own
``used_memory``, and FalkorDB's ``GRAPH.MEMORY USAGE`` for each graph (what one graph of N
certificates costs). These are plain redis commands on the embedded store's socket, not
Cypher.
"""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import redis

from zhepai.graph.backends.embedded import EmbeddedServer

MIB = 1024 * 1024
SLOW_COMMAND_S = 1800.0
PACKAGES = ("falkordblite", "falkordb", "strawberry-graphql", "starlette", "uvicorn", "httpx")


def describe(data_dir: Path) -> str:
    """Cores, RAM, Python, and the store's and libraries' versions (the store must run)."""
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in PACKAGES)
    return (
        f"{os.cpu_count()} cores, {total_ram()}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}; store: embedded FalkorDB "
        f"{module_version(data_dir)}; {versions}"
    )


def summary() -> str:
    """Cores, RAM, Python and the libraries' versions, without asking a running store."""
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in PACKAGES)
    return (
        f"{os.cpu_count()} cores, {total_ram()}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}; store: embedded FalkorDB; {versions}"
    )


def total_ram() -> str:
    try:
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return "? RAM"
    return f"{mem_kb / MIB:.0f} GiB RAM"


def _client(data_dir: Path) -> redis.Redis:
    return redis.Redis(
        unix_socket_path=str(EmbeddedServer(data_dir).socket_path),
        decode_responses=True,
        socket_timeout=SLOW_COMMAND_S,  # GRAPH.MEMORY USAGE walks a whole graph
    )


def module_version(data_dir: Path) -> str:
    """The FalkorDB module's version as the running store reports it (40201: 4.2.1)."""
    client = _client(data_dir)
    try:
        for module in client.module_list():
            if module.get("name") == "graph":
                v = int(module["ver"])
                return f"{v // 10000}.{v // 100 % 100}.{v % 100}"
    finally:
        client.close()
    return "?"


def status_kib(pid: int, field: str) -> int | None:
    """A ``/proc/<pid>/status`` figure in KiB (VmRSS, VmHWM), or None when unreadable."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def graph_usage(data_dir: Path, graph: str) -> dict[str, object]:
    """``GRAPH.MEMORY USAGE`` of one graph: sizes in whole MiB, attributes by label."""
    client = _client(data_dir)
    try:
        return _pairs(client.execute_command("GRAPH.MEMORY", "USAGE", graph))  # type: ignore[no-untyped-call]
    finally:
        client.close()


@dataclass(frozen=True, slots=True)
class StoreMemory:
    rss: int  # bytes, the redis-server process
    peak_rss: int
    used: int  # redis used_memory
    graphs: dict[str, float]  # GRAPH.MEMORY USAGE total_graph_sz_mb by graph

    @classmethod
    def read(cls, data_dir: Path) -> StoreMemory:
        pid = EmbeddedServer(data_dir).pid()
        rss = status_kib(pid, "VmRSS") if pid else None
        peak = status_kib(pid, "VmHWM") if pid else None
        client = _client(data_dir)
        try:
            used = int(client.info("memory")["used_memory"])
            graphs: dict[str, float] = {}
            for name in client.execute_command("GRAPH.LIST"):  # type: ignore[no-untyped-call]
                usage = client.execute_command("GRAPH.MEMORY", "USAGE", name)  # type: ignore[no-untyped-call]
                graphs[str(name)] = float(str(_pairs(usage).get("total_graph_sz_mb", 0)))
        finally:
            client.close()
        return cls((rss or 0) * 1024, (peak or 0) * 1024, used, graphs)

    def brief(self) -> str:
        per_graph = ", ".join(f"{g} {mb:,.0f} MiB" for g, mb in sorted(self.graphs.items()))
        return (
            f"redis-server RSS {self.rss / MIB:,.0f} MiB (peak {self.peak_rss / MIB:,.0f} MiB), "
            f"used_memory {self.used / MIB:,.0f} MiB; GRAPH.MEMORY USAGE: {per_graph}"
        )


def _pairs(value: object) -> dict[str, object]:
    """GRAPH.MEMORY USAGE answers a flat [key, value, …] list (RESP2) or a map (RESP3)."""
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    if isinstance(value, list):
        return {str(value[i]): value[i + 1] for i in range(0, len(value) - 1, 2)}
    return {}
