"""Store failures, each with the error code the API reports for it."""

from __future__ import annotations


class StoreError(Exception):
    """A store call failed for a reason the caller cannot fix."""

    code = "INTERNAL"


class StoreUnavailable(StoreError):
    """The store cannot be reached (not started, refused, timed out connecting)."""

    code = "STORE_UNAVAILABLE"


class StoreTimeout(StoreError):
    """A query ran past the configured store timeout."""

    code = "STORE_TIMEOUT"


class StoreInputError(StoreError):
    """A value the store cannot take as a parameter (FalkorDB: a NUL character or an unpaired
    surrogate in a string); the caller's input, refused before it is sent."""

    code = "BAD_USER_INPUT"


class StoreShapeError(StoreError):
    """The store holds data in a shape this version does not write (written by an older
    version); writing on would mix the two."""

    code = "STORE_SHAPE"
