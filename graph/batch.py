"""One call shared by every caller that asks in the same turn of the event loop.

Its state lives on the object, so whoever owns the object (a cache, a request) decides
who shares: nothing here is kept per process.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable


class Batch[T]:
    """Callers of ``get`` in one turn of the event loop share one call of ``fetch``, sent
    once the turn is over. A caller arriving after it was sent waits for the next one, so
    every caller gets an answer at least as new as its own call."""

    def __init__(self, fetch: Callable[[], Awaitable[T]]) -> None:
        self._fetch = fetch
        self._waiting: asyncio.Future[T] | None = None
        self._sending: set[asyncio.Task[None]] = set()  # referenced until done

    async def get(self) -> T:
        loop = asyncio.get_running_loop()
        waiting = self._waiting
        if waiting is None or waiting.get_loop() is not loop:
            waiting = self._waiting = loop.create_future()
            # a future nobody awaits any more must not warn that its error went unseen
            waiting.add_done_callback(lambda f: f.cancelled() or f.exception())
            loop.call_soon(self._send, waiting)
        # shielded: one caller cancelled does not cancel the answer the others wait for
        return await asyncio.shield(waiting)

    def _send(self, waiting: asyncio.Future[T]) -> None:
        task = asyncio.get_running_loop().create_task(self._answer(waiting))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _answer(self, waiting: asyncio.Future[T]) -> None:
        if self._waiting is waiting:
            self._waiting = None  # from here on, callers start the next batch
        try:
            value = await self._fetch()
        except asyncio.CancelledError:
            waiting.cancel()
            raise
        except Exception as exc:
            if not waiting.done():
                waiting.set_exception(exc)
        else:
            if not waiting.done():
                waiting.set_result(value)
