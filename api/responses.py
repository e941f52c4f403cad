"""JSON responses (orjson) and the API's error bodies: one sentence, never a stack trace."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import Response

UNAVAILABLE = "The search engine is not reachable right now; please try again in a minute."
INTERNAL = "Something went wrong on our side; the error was logged and nothing was changed."
UNAVAILABLE_RETRY_S = 30
MAX_MESSAGE_CHARS = 300


class JSON(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS, default=str)


def error(status: int, detail: str, **extra) -> JSON:
    headers = {"Cache-Control": "no-store"}
    if status == 503:
        headers["Retry-After"] = str(UNAVAILABLE_RETRY_S)
    return JSON({"detail": detail[:MAX_MESSAGE_CHARS], "status": status, **extra}, status, headers)


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def validation_error(errors: list[dict]) -> JSON:
    """422: the first problem as one sentence, then every problem by parameter. Values are
    never echoed back (they may be 10 KB of anything)."""
    problems = []
    for item in errors:
        location = [str(part) for part in item.get("loc", ()) if part not in ("query", "path")]
        name = ".".join(location) or "request"
        message = str(item.get("msg", "is not valid"))
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        problems.append({"parameter": _shorten(name, 60), "message": _shorten(message, 200)})
    if not problems:
        problems.append({"parameter": "request", "message": "is not valid"})
    first = problems[0]
    detail = f"Bad parameter {first['parameter']!r}: {first['message']}."
    if len(problems) > 1:
        detail = detail[:-1] + f" (and {len(problems) - 1} more)."
    return error(422, detail, errors=problems[:20])
