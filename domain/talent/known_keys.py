"""What an import knows of the keys in the store, so that new rows need no read.

Most rows of an import name a person and a certificate the store has never held, and a
FalkorDB lookup by integer key is slow even when it finds nothing. ``KnownKeys`` holds one
bit for each possible key (the low 27 bits of ``Person.kh`` and of ``Certificate.nk``, which
are uniform hashes), 16 MiB for each kind whatever the store's size: a clear bit proves the
key absent, so ``CertificateWriter`` leaves it out of its read; a set bit may belong to
another key (about one new key in ten at 14 million keys, by arithmetic), and is read.

The bits describe the store at one workers version: the one they were read at, moved on by
each batch the writer applies (its keys are set before the write is sent, so a write that
lands but whose answer is lost still leaves them set). Once the store is found at any other
version, another writer has been at it and the bits are dropped: every later batch is read in
full. A bit set in excess (a deleted certificate, a write that did not land) only costs a read.

An embedded store keeps the bits an import ended with beside its data
(``graph.worker_keys.kept_keys_file``), tagged with the workers version they describe; the
next import that finds the store still at that version (no write since, by any writer) takes
them instead of reading every key (bench/RESULTS.md, "Less work per row"). Any other
version, or a missing or unreadable file: the keys are read from the store. The file is
written at the end of an import, unless the bits came from it and nothing was written since.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from zhepai.graph.errors import StoreError, StoreTimeout, StoreUnavailable
from zhepai.graph.store import GraphStore
from zhepai.graph.worker_keys import kept_keys_file, key_pages, node_count, scan_helps
from zhepai.graph.workers import WorkerRepository, number_index, person_index

log = logging.getLogger(__name__)

BITS = 27
_MASK = (1 << BITS) - 1
# The scan is made when the file is expected to have at least one row for every
# SCAN_NODES_PER_ROW nodes: then it costs well under the lookups it saves (bench/RESULTS.md,
# "Known keys").
SCAN_NODES_PER_ROW = 20
# A generated CSV row is 125 bytes; a JSON Lines row is about twice as long, so for those
# the estimate of rows is high, and the scan is made for files up to half as big as needed.
CSV_BYTES_PER_ROW = 128


class _Bits:
    def __init__(self) -> None:
        self._bytes: npt.NDArray[np.uint8] = np.zeros(1 << (BITS - 3), dtype=np.uint8)

    def add(self, keys: npt.NDArray[np.uint64]) -> None:
        at = keys & np.uint64(_MASK)
        np.bitwise_or.at(self._bytes, at >> np.uint64(3), np.left_shift(1, at & 7).astype(np.uint8))

    @property
    def bytes(self) -> npt.NDArray[np.uint8]:
        return self._bytes

    def take(self, saved: npt.NDArray[np.uint8]) -> bool:
        """Use bits kept from before; False (nothing taken) when they do not fit."""
        if saved.dtype != np.uint8 or saved.shape != self._bytes.shape:
            return False
        self._bytes = saved
        return True

    def absent(self, keys: npt.NDArray[np.uint64]) -> npt.NDArray[np.bool_]:
        at = keys & np.uint64(_MASK)
        bits = (self._bytes[at >> np.uint64(3)] >> (at & 7).astype(np.uint8)) & 1
        absent: npt.NDArray[np.bool_] = bits == 0
        return absent


_KEPT_FORMAT = 1


class KnownKeys:
    """The persons and certificates a store may hold, at workers version ``version``."""

    def __init__(self, version: str) -> None:
        self.version = version
        # the versions of writes marked but not yet found landed, in the order they were
        # marked (an import marks the next batch while the one before is being written);
        # any of them may have landed
        self._pending: list[str] = []
        self._persons = _Bits()
        self._certificates = _Bits()
        self._kept_as: str | None = None  # the version of the kept file they were read from

    def add(self, persons: npt.NDArray[np.uint64], certificates: npt.NDArray[np.uint64]) -> None:
        """Index keys (``Person.kh``, ``Certificate.nk``) the store holds."""
        self._persons.add(persons)
        self._certificates.add(certificates)

    def stored(self, keys: Sequence[str], nos: Sequence[str]) -> tuple[list[str], list[str]]:
        """The person keys and certificate numbers among these that the store may hold."""
        return self._stored(keys, nos, *_indexes(keys, nos))

    def writing(self, version: str, keys: Sequence[str], nos: Sequence[str]) -> None:
        """A write of these persons and certificates is about to be sent, which will set the
        workers version to ``version`` if it lands."""
        self._writing(version, *_indexes(keys, nos))

    def then(self, version: str) -> None:
        """A write of keys already marked is to be sent after the writes marked so far (the
        second statement of an import's batch), and will set the version to ``version``."""
        self._pending.append(version)

    def marking(
        self, version: str, keys: Sequence[str], nos: Sequence[str]
    ) -> tuple[list[str], list[str]]:
        """``stored``, then ``writing``, each key's index worked out once (a batch being
        prepared)."""
        persons, certificates = _indexes(keys, nos)
        stored = self._stored(keys, nos, persons, certificates)
        self._writing(version, persons, certificates)
        return stored

    def _stored(
        self,
        keys: Sequence[str],
        nos: Sequence[str],
        persons: npt.NDArray[np.uint64],
        certificates: npt.NDArray[np.uint64],
    ) -> tuple[list[str], list[str]]:
        return (
            _kept(keys, self._persons.absent(persons)),
            _kept(nos, self._certificates.absent(certificates)),
        )

    def _writing(
        self, version: str, persons: npt.NDArray[np.uint64], certificates: npt.NDArray[np.uint64]
    ) -> None:
        self.add(persons, certificates)
        self._pending.append(version)

    def settle(self, version: str) -> bool:
        """The store is at ``version``: whether these bits still describe it (its version is
        theirs, or that of a write marked since, which then landed; the writes marked before
        that one are settled with it)."""
        if version in self._pending:
            self.version = version
            del self._pending[: self._pending.index(version) + 1]
        return version == self.version

    def keep(self, path: Path) -> None:
        """Write the bits to ``path`` for the next import, as describing ``version`` (not
        again when they were read from there at this version: nothing was written since)."""
        if self._kept_as == self.version:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")  # one per process
        with partial.open("wb") as out:
            np.savez(
                out,
                format=np.array(_KEPT_FORMAT),
                version=np.array(self.version),
                persons=self._persons.bytes,
                certificates=self._certificates.bytes,
            )
        os.replace(partial, path)  # never half a file under the name

    @classmethod
    def kept(cls, path: Path, version: str) -> KnownKeys | None:
        """The bits kept at ``path`` if they describe ``version``, else None."""
        try:
            with path.open("rb") as handle, np.load(handle, allow_pickle=False) as saved:
                if int(saved["format"]) != _KEPT_FORMAT or str(saved["version"]) != version:
                    return None
                persons, certificates = saved["persons"], saved["certificates"]
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            log.warning("cannot read the kept keys in %s (%s): reading them again", path, exc)
            return None
        known = cls(version)
        if not (known._persons.take(persons) and known._certificates.take(certificates)):
            log.warning("the kept keys in %s are not of this version's size", path)
            return None
        known._kept_as = version
        return known


def _indexes(
    keys: Sequence[str], nos: Sequence[str]
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """``Person.kh`` of each key and ``Certificate.nk`` of each number."""
    return (
        np.fromiter((person_index(k) for k in keys), dtype=np.uint64, count=len(keys)),
        np.fromiter((number_index(n) for n in nos), dtype=np.uint64, count=len(nos)),
    )


def _kept(values: Sequence[str], absent: npt.NDArray[np.bool_]) -> list[str]:
    return [v for v, gone in zip(values, absent.tolist(), strict=True) if not gone]


def worth_scanning(file_bytes: int, nodes: int) -> bool:
    """Whether a file of this size is big enough, against a store of so many nodes, for the
    scan of its keys to pay (see SCAN_NODES_PER_ROW)."""
    return file_bytes // CSV_BYTES_PER_ROW * SCAN_NODES_PER_ROW >= nodes


async def load(store: GraphStore, file_bytes: int | None = None) -> KnownKeys | None:
    """Every person and certificate key in the store, read at one workers version. None on
    Neo4j (not scanned there: graph/worker_keys.py), when ``file_bytes`` is given and too few
    rows are expected to pay for the scan, when the store cannot answer the scan, or when
    other writes kept changing the workers during it."""
    if not scan_helps(store):
        return None
    repository = WorkerRepository(store)
    kept = kept_keys_file(store)
    if kept is not None:
        version = await repository.version()
        known = KnownKeys.kept(kept, version) if version else None
        if known is not None:
            log.info("took the store's keys as the last import left them (%s)", kept)
            return known
    if file_bytes is not None and not worth_scanning(file_bytes, await node_count(store)):
        return None
    for _ in range(3):
        started, keys = time.monotonic(), 0
        before = await repository.version()
        known = KnownKeys(before)
        try:
            async for page in key_pages(store):
                known.add(page.persons, page.certificates)
                keys += len(page.persons) + len(page.certificates)
        except (StoreUnavailable, StoreTimeout):
            raise
        except StoreError as exc:
            # A remote FalkorDB older than the embedded one may lack string.join: the scan
            # only saves time, so the import goes on without it.
            log.warning("cannot read the store's keys (%s): every row is looked up", exc)
            return None
        if await repository.version() == before:
            log.info(
                "read %d person and certificate keys in %.1f s", keys, time.monotonic() - started
            )
            return known
        log.info("the workers changed while their keys were read; reading them again")
    log.warning("the workers kept changing while their keys were read: every row is looked up")
    return None


async def keep(store: GraphStore, known: KnownKeys) -> bool:
    """Keep ``known`` beside an embedded store's data for the next import, if the store is
    still at the version they describe (whether they were kept)."""
    path = kept_keys_file(store)
    if path is None or await WorkerRepository(store).version() != known.version:
        return False
    await asyncio.to_thread(known.keep, path)
    return True
