"""Calls to Elasticsearch retried with exponential backoff while the engine is unreachable,
then one ClinicsError line that says where and what."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from elasticsearch import ApiError
from elasticsearch import ConnectionError as EsConnectionError

from clinics.errors import ClinicsError

T = TypeVar("T")
RETRYABLE_STATUS = frozenset({429, 502, 503, 504})


class EngineUnreachable(ClinicsError):
    """The engine did not answer after every retry."""


def is_retryable(exc: BaseException) -> bool:
    if isinstance(exc, EsConnectionError):
        return True
    return isinstance(exc, ApiError) and exc.meta.status in RETRYABLE_STATUS


def engine_url(client) -> str:
    """Where the client sends requests: its node, or its nodes joined by commas."""
    try:
        nodes = client.transport.node_pool.all()
        return ",".join(node.base_url for node in nodes) or "the configured ES_URL"
    except Exception:
        return "the configured ES_URL"


def with_retries(
    call: Callable[[], T],
    *,
    what: str,
    client,
    retries: int,
    backoff_s: float,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """`call()`, retried `retries` times (backoff_s, 2*backoff_s, ...) on connection errors."""
    for attempt in range(retries + 1):
        try:
            return call()
        except Exception as exc:
            if not is_retryable(exc):
                raise
            if attempt == retries:
                reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
                raise EngineUnreachable(
                    f"Elasticsearch at {engine_url(client)} did not answer while {what} "
                    f"({retries + 1} attempts): {reason}; is it running? (`clinics es status`)"
                ) from None
            sleep(backoff_s * (2**attempt))
    raise AssertionError("unreachable")
