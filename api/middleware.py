"""Plain ASGI middleware of the API: caching headers and the per-client rate limit.

- `CacheHeaders`: every response gets `Access-Control-Allow-Origin: *`; a complete 200
  response to GET or HEAD gets a strong `ETag` (a hash of its body) and
  `Cache-Control: public, max-age=N`, and a request whose `If-None-Match` names that
  ETag gets `304 Not Modified` without a body; anything else is `Cache-Control: no-store`.
- `RateLimit`: a moving window per client address, counted by the `limits` library
  (in-process memory storage). Past the limit: `429` with `Retry-After` (whole seconds
  until the window has room) and a one-sentence JSON body.
"""

from __future__ import annotations

import hashlib
import math
import time

import orjson
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

EXPOSED = b"ETag, Retry-After, RateLimit-Limit, RateLimit-Remaining, Link"


def _header(headers: list, name: bytes) -> bytes | None:
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def _request_header(scope: dict, name: bytes) -> bytes | None:
    return _header(scope.get("headers") or [], name)


def _etag_matches(header: bytes | None, etag: bytes) -> bool:
    if not header:
        return False
    tags = [tag.strip() for tag in header.split(b",")]
    return b"*" in tags or etag in tags or b"W/" + etag in tags


class CacheHeaders:
    def __init__(self, app, max_age: int) -> None:
        self.app = app
        self.cache_control = f"public, max-age={max_age}".encode()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope.get("method", "GET")
        head = method == "HEAD"
        if head:  # answered as the GET it asks about, without the body
            scope = {**scope, "method": "GET"}
            method = "GET"
        state: dict = {"start": None, "body": [], "passthrough": False}

        async def send(message, _send=send) -> None:
            if head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await _send(message)

        async def send_wrapper(message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in (b"access-control-allow-origin",)
                ]
                headers.append((b"access-control-allow-origin", b"*"))
                headers.append((b"access-control-expose-headers", EXPOSED))
                message = {**message, "headers": headers}
                cacheable = message["status"] == 200 and method in ("GET", "HEAD")
                if not cacheable:
                    if _header(headers, b"cache-control") is None:
                        headers.append((b"cache-control", b"no-store"))
                    state["passthrough"] = True
                    await send(message)
                    return
                state["start"] = message
                return
            if message["type"] != "http.response.body" or state["passthrough"]:
                await send(message)
                return
            if message.get("more_body", False) and not state["body"]:
                # a streamed response (ndjson): no ETag, sent as it comes
                start = state["start"]
                start["headers"].append((b"cache-control", b"no-store"))
                state["passthrough"] = True
                await send(start)
                await send(message)
                return
            state["body"].append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await self._finish(scope, state, send)

        await self.app(scope, receive, send_wrapper)

    async def _finish(self, scope, state: dict, send) -> None:
        start = state["start"]
        body = b"".join(state["body"])
        headers = start["headers"]
        etag = b'"' + hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b'"'
        headers = [(k, v) for k, v in headers if k.lower() != b"etag"]
        headers.append((b"etag", etag))
        if _header(headers, b"cache-control") is None:
            headers.append((b"cache-control", self.cache_control))
        if _etag_matches(_request_header(scope, b"if-none-match"), etag):
            kept = [
                (k, v) for k, v in headers if k.lower() not in (b"content-length", b"content-type")
            ]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class RateLimit:
    def __init__(self, app, limit: str) -> None:
        self.app = app
        self.item = parse(limit)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.limit_header = str(self.item.amount).encode()

    def _client(self, scope) -> str:
        client = scope.get("client")
        return client[0] if client else "unknown"

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("method") == "OPTIONS":
            await self.app(scope, receive, send)
            return
        key = self._client(scope)
        if self.limiter.hit(self.item, key):
            await self.app(scope, receive, send)
            return
        reset_at, _ = self.limiter.get_window_stats(self.item, key)
        retry = max(1, math.ceil(reset_at - time.time()))
        body = orjson.dumps(
            {
                "detail": f"Too many requests from your address; try again in {retry} seconds.",
                "status": 429,
            }
        )
        await send(
            {
                "type": "http.response.start",
                "status": 429,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", str(retry).encode()),
                    (b"ratelimit-limit", self.limit_header),
                    (b"ratelimit-remaining", b"0"),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
