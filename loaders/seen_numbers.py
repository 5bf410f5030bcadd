"""Which certificate numbers a file has already shown, in memory that stays small.

A file of 14 million rows must not need 14 million Python strings to find the one number
given twice. Numbers are kept as 12-byte digests (BLAKE2b; two of 14 million share one with
a chance of about 1 in 10^15) in sorted NumPy arrays beside the line each first appeared on
(32 bits: files of up to 4,294,967,295 lines), 16 bytes a number. New numbers gather in a
small set, merged every ``_PENDING`` numbers into the last of a list of sorted runs of at
most ``_RUN`` numbers, so a merge copies 4 MiB at most rather than everything seen
(bench/RESULTS.md, case 5).

In front of the runs, one bit for each of 2^27 values of a digest's first bits (16 MiB), set
as digests are merged: a clear bit proves a number absent without the runs' binary searches.
With 14 million numbers, about one new number in ten finds its bit set by another and is
searched for.
"""

from __future__ import annotations

import hashlib

import numpy as np
import numpy.typing as npt

_PENDING = 65_536
_RUN = 4 * _PENDING
_BITS = 27
_MASK = (1 << _BITS) - 1
_DIGEST = 12  # bytes
_DTYPE = f"S{_DIGEST}"
_MAX_LINE = 2**32 - 1


def _digest(number: str) -> bytes:
    return hashlib.blake2b(number.encode("utf-8", "surrogateescape"), digest_size=_DIGEST).digest()


class SeenNumbers:
    def __init__(self) -> None:
        # sorted runs of digests, each beside the first line of each
        self._runs: list[tuple[npt.NDArray[np.bytes_], npt.NDArray[np.uint32]]] = []
        self._pending: dict[bytes, int] = {}
        # a bit for the first _BITS bits of every digest in the runs (set as they are merged)
        self._bits = np.zeros(1 << (_BITS - 3), dtype=np.uint8)

    def first_line(self, number: str, line: int) -> int:
        """The line ``number`` first appeared on; ``line`` itself when this is the first."""
        digest = _digest(number)
        pending = self._pending.get(digest)
        if pending is not None:
            return pending
        if self._runs:
            at = int.from_bytes(digest[:4], "little") & _MASK
            if self._bits[at >> 3] >> (at & 7) & 1:
                # 'S' arrays drop trailing zero bytes when read back: compare as stored
                stored = digest.rstrip(b"\x00")
                for digests, lines in self._runs:
                    i = int(np.searchsorted(digests, digest))
                    if i < len(digests) and digests[i] == stored:
                        return int(lines[i])
        self._pending[digest] = line
        if len(self._pending) >= _PENDING:
            self._merge()
        return line

    def _merge(self) -> None:
        if max(self._pending.values()) > _MAX_LINE:
            raise ValueError(f"a file of more than {_MAX_LINE:,} lines cannot be checked")
        new = np.array(list(self._pending), dtype=_DTYPE)
        lines = np.fromiter(self._pending.values(), dtype=np.uint32, count=len(self._pending))
        order = np.argsort(new, kind="stable")
        new, lines = new[order], lines[order]
        if self._runs and len(self._runs[-1][0]) + len(new) <= _RUN:
            digests, run_lines = self._runs[-1]
            at = np.searchsorted(digests, new)
            self._runs[-1] = (np.insert(digests, at, new), np.insert(run_lines, at, lines))
        else:
            self._runs.append((new, lines))
        self._pending.clear()
        first = new.view(np.uint8).reshape(-1, _DIGEST)[:, :4].copy().view("<u4").ravel() & _MASK
        np.bitwise_or.at(self._bits, first >> 3, (1 << (first & 7)).astype(np.uint8))

    @property
    def nbytes(self) -> int:
        runs = sum(digests.nbytes + lines.nbytes for digests, lines in self._runs)
        return int(runs + self._bits.nbytes)
