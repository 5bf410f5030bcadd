"""CORS: which browser pages on other origins may call the API (``ZHEPAI_CORS_ORIGINS``).

Empty (the default): no CORS headers at all, so only pages served from the API's own origin
(the explorer) can read its answers. A list of origins: those may send GET and POST with a
bearer token. ``*`` alone: any origin may read, anonymously only — the preflight never
allows ``Authorization``, so a browser on an arbitrary page cannot send a token it holds.

The API reads no cookies, so ``Access-Control-Allow-Credentials`` is never sent: a token
travels in ``Authorization``, which a page adds itself, never a cookie the browser adds.
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from zhepai.config import Settings

ANONYMOUS_HEADERS = ("content-type", "x-request-id")
# A page that lists its origin may also authenticate.
LISTED_HEADERS = (*ANONYMOUS_HEADERS, "authorization")
# What a page may read of a response beyond the basic headers: the ETag to revalidate with.
EXPOSED_HEADERS = ("etag", "x-request-id")
PREFLIGHT_MAX_AGE_S = 600


def cors_middleware(settings: Settings) -> list[Middleware]:
    """The CORS middleware the settings ask for; none when no origin is configured."""
    origins = settings.cors_origins
    if not origins:
        return []
    anyone = origins == ["*"]
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=("GET", "POST"),
            allow_headers=ANONYMOUS_HEADERS if anyone else LISTED_HEADERS,
            allow_credentials=False,
            expose_headers=EXPOSED_HEADERS,
            max_age=PREFLIGHT_MAX_AGE_S,
        )
    ]
