"""China resident ID numbers (居民身份证号码, GB 11643-1999): check, parse, mask, make, key.

A number is 18 characters: a six-digit region code (where the holder's household was
registered when the number was assigned), the birth date as YYYYMMDD, a three-digit sequence
whose last digit is odd for men and even for women, and a check character computed with
ISO 7064 MOD 11-2 ('X' stands for 10).

The clear number is never stored: the graph keys a person by :func:`person_key` (an HMAC with a
configured secret, so the key cannot be reversed by hashing all ~10^11 plausible numbers without
the secret) and shows :func:`mask` for display.
"""

from __future__ import annotations

import functools
import hmac
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

ErrorCode = Literal["LENGTH", "FORMAT", "BIRTH_DATE", "CHECKSUM"]

# Index = weighted sum mod 11; value = the check character that makes the whole sum ≡ 1 (mod 11).
_CHECK = "10X98765432"
_FIRST17 = re.compile(r"[0-9]{17}")  # ASCII only: str.isdigit() would accept '１' or '²'
_REGION = re.compile(r"[0-9]{6}")
_NUMBER = re.compile(r"[0-9]{17}[0-9X]")
_EARLIEST_BIRTH = date(1900, 1, 1)
MIN_SECRET_BYTES = 16


class InvalidIdNumber(ValueError):
    """A number that is not a valid resident ID number; ``code`` says which rule it breaks."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code: ErrorCode = code
        self.message = message


@dataclass(slots=True)  # built for every row imported: frozen ones build several times slower
class IdNumber:
    number: str  # normalised: 18 characters, upper-case X
    region: str  # six digits
    birth_date: date
    sex: Literal["M", "F"]

    @property
    def masked(self) -> str:
        return mask(self.number)


def normalise(number: str) -> str:
    """Surrounding blanks removed and a lower-case check 'x' made upper-case."""
    return number.strip().upper()


def check_digit(first17: str) -> str:
    """The check character ('0'-'9' or 'X') for the first 17 digits of a number."""
    if len(first17) != 17:
        raise InvalidIdNumber("LENGTH", f"expected 17 digits, got {len(first17)} characters")
    if not _FIRST17.fullmatch(first17):
        raise InvalidIdNumber("FORMAT", "the first 17 characters must be digits 0-9")
    return _CHECK[_weighted_sum(first17)]


def _weighted_sum(first17: str) -> int:
    """Σ digit·weight (mod 11) of 17 ASCII digits (checked by the caller: ``int`` would also
    take signs, blanks, '_' and other scripts' digits). The weight of the digit k places left
    of the check character is 2^k mod 11, and 13 ≡ 2 (mod 11): read as a base-13 numeral,
    the 17 digits sum digit·13^(k-1), so twice the numeral is the weighted sum: one ``int``
    in C instead of 17 multiplications in Python."""
    return 2 * int(first17, 13) % 11


def parse(number: str, today: date | None = None) -> IdNumber:
    """Validate ``number`` and split it; raises :class:`InvalidIdNumber` with the first failure.

    The rules are checked in this order: LENGTH, FORMAT, BIRTH_DATE (a real calendar date from
    1900-01-01 to ``today``, default the current date), CHECKSUM.
    """
    value = normalise(number)
    if len(value) != 18:
        raise InvalidIdNumber("LENGTH", f"an ID number has 18 characters, got {len(value)}")
    if not _NUMBER.fullmatch(value):
        raise InvalidIdNumber("FORMAT", "an ID number is 17 digits followed by a digit or X")
    birth = _birth_date(value[6:14], today or date.today())
    expected = _CHECK[_weighted_sum(value[:17])]
    if value[17] != expected:
        raise InvalidIdNumber(
            "CHECKSUM", f"check digit is {value[17]}, expected {expected} for these 17 digits"
        )
    return IdNumber(value, value[:6], birth, "M" if value[16] in "13579" else "F")


def _birth_date(digits: str, today: date) -> date:
    birth = _calendar_date(digits)
    if birth is None:
        raise InvalidIdNumber("BIRTH_DATE", f"{digits} is not a calendar date")
    if birth < _EARLIEST_BIRTH:
        raise InvalidIdNumber("BIRTH_DATE", f"birth date {birth} is before 1900")
    if birth > today:
        raise InvalidIdNumber("BIRTH_DATE", f"birth date {birth} is in the future")
    return birth


@functools.lru_cache(maxsize=1 << 16)
def _calendar_date(digits: str) -> date | None:
    """The date YYYYMMDD (eight digits) names, or None. Cached: a province's people share
    some 40,000 birth dates, and building a date costs more than finding it."""
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def mask(number: str) -> str:
    """The display form: region code, eight '*', last four (``330824********1234``)."""
    value = normalise(number)
    if len(value) != 18:
        raise InvalidIdNumber("LENGTH", f"an ID number has 18 characters, got {len(value)}")
    return f"{value[:6]}{'*' * 8}{value[14:]}"


def make(region6: str, birth: date, seq3: int) -> str:
    """A valid number for a region code, birth date and sequence (odd last digit = male)."""
    if not _REGION.fullmatch(region6):
        raise ValueError(f"region code must be six digits, got {region6!r}")
    if not 0 <= seq3 <= 999:
        raise ValueError(f"sequence must be 0-999, got {seq3}")
    if birth < _EARLIEST_BIRTH:
        raise ValueError(f"birth date {birth} is before 1900")
    first17 = f"{region6}{birth.year:04d}{birth.month:02d}{birth.day:02d}{seq3:03d}"
    return first17 + check_digit(first17)


def person_key(number: str, secret: bytes) -> str:
    """The key of a person: HMAC-SHA256 of the normalised number under ``secret``, the first
    120 bits in hex (stored as two 60-bit integers: ``graph/workers.py``)."""
    keyed = _keyed(secret).copy()
    keyed.update(normalise(number).encode("utf-8"))
    # 120 bits: collision-free for any population (about one chance in 10^20 at 100 million)
    return keyed.hexdigest()[:30]


@functools.lru_cache(maxsize=8)
def _keyed(secret: bytes) -> hmac.HMAC:
    """An HMAC with ``secret`` already taken in, copied for each number: cheaper than
    ``hmac.digest``, which keys a new one every time."""
    if len(secret) < MIN_SECRET_BYTES:
        # A short or empty secret makes the key as easy to reverse as a plain hash.
        raise ValueError(f"the person-key secret must be at least {MIN_SECRET_BYTES} bytes")
    return hmac.new(secret, digestmod="sha256")
