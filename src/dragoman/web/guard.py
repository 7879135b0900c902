"""The checks every request passes before the app sees it, as one ASGI middleware.

In order: the Host header names this server (DNS rebinding lets a web page reach a loopback server under a name
the attacker controls, so other names are refused); the token, when one is set, on every /api request; the rate
limit on POST /api/code; and the body size, refused by its Content-Length before anything is read, or stopped
once a chunked body passes it.
"""

from __future__ import annotations

import hmac
import math
import threading
import time
from collections import deque

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse

from ..exceptions import TooMany
from .options import ServeOptions

CODE_PATH = "/api/code"
WINDOW = 60.0
CLOSE = {"Connection": "close"}


def error_response(status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The one error body of the API: ``{"error": {"type", "message"}}``."""
    return JSONResponse({"error": {"type": kind, "message": message}}, status_code=status, headers=headers)


def host_name(value: str) -> str:
    """The name of a Host header, without its port: "[::1]:8000" is "::1", "localhost:80" is "localhost"."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class RateLimit:
    """At most ``per_minute`` calls per client in any 60 seconds."""

    def __init__(self, per_minute: int, clock=time.monotonic):
        self.per_minute = per_minute
        self.clock = clock
        self.calls: dict[str, deque[float]] = {}
        self.lock = threading.Lock()

    def check(self, client: str) -> None:
        now = self.clock()
        with self.lock:
            calls = self.calls.setdefault(client, deque())
            while calls and calls[0] <= now - WINDOW:
                calls.popleft()
            if len(calls) >= self.per_minute:
                wait = max(1, math.ceil(calls[0] + WINDOW - now))
                raise TooMany(f"more than {self.per_minute} texts a minute to code; try again in {wait} s", wait)
            calls.append(now)
            if len(self.calls) > 10_000:  # forget the clients that have gone quiet
                self.calls = {c: q for c, q in self.calls.items() if q and q[-1] > now - WINDOW}


class Guard:
    def __init__(self, app, options: ServeOptions):
        self.app = app
        self.options = options
        self.hosts = {h.lower().strip("[]") for h in options.allowed_hosts}
        self.rate = RateLimit(options.rate)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        refusal = self._refusal(scope)
        if refusal is not None:
            return await refusal(scope, receive, send)
        return await self.app(scope, self._limited(receive), send)

    def _refusal(self, scope) -> JSONResponse | None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = host_name(headers.get("host", ""))
        if host not in self.hosts:
            return error_response(400, "bad_host", f"this server does not answer to the host name "
                                                   f"{host[:100]!r}; start it with --allow-host NAME to allow one")
        path = scope["path"]
        api = path == "/api" or path.startswith("/api/")
        if api and self.options.token is not None:
            given = headers.get("authorization", "")
            expected = f"Bearer {self.options.token}"
            if not hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode()):
                return error_response(401, "unauthorized", "this server needs a token: send the header "
                                      "Authorization: Bearer TOKEN", {"WWW-Authenticate": "Bearer"})
        if path == CODE_PATH and scope["method"] == "POST":
            client = (scope.get("client") or ("unknown",))[0]
            try:
                self.rate.check(client)
            except TooMany as e:
                return error_response(429, "too_many_requests", str(e), {"Retry-After": str(e.retry_after)})
        length = headers.get("content-length")
        if length is not None and not length.isdigit():
            return error_response(400, "bad_request", "Content-Length is not a number")
        if length is not None and int(length) > self.options.max_body:
            return error_response(413, "too_large", f"request bodies are limited to {self.options.max_body} "
                                                    "bytes", CLOSE)
        return None

    def _limited(self, receive):
        limit = self.options.max_body
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # Closing the connection is what stops the client sending the rest.
                    raise HTTPException(413, f"request bodies are limited to {limit} bytes", CLOSE)
            return message
        return counted
