"""Settings of the API, from the environment (the table in docs/api.md).

| variable | default | what |
| --- | --- | --- |
| CLINICS_API_HOST | 127.0.0.1 | address `clinics api` listens on |
| CLINICS_API_PORT | 8000 | its port |
| CLINICS_API_RATE_LIMIT | 120/minute | requests per client address (`limits` notation); `off` disables |
| CLINICS_API_CACHE_SECONDS | 300 | `Cache-Control: public, max-age=` of successful responses |
| CLINICS_API_FORWARDED_ALLOW_IPS | 127.0.0.1 | proxies whose X-Forwarded-For names the client |
| CLINICS_API_PUBLIC_URL | (from the request) | the API's public address in the root document |

ES_URL, ES_USERNAME, ES_PASSWORD and CLINICS_INDEX_ALIAS are read as everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from clinics.errors import UsageError
from clinics.settings import env

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_RATE_LIMIT = "120/minute"
DEFAULT_CACHE_SECONDS = 300
DEFAULT_FORWARDED_ALLOW_IPS = "127.0.0.1"
RATE_LIMIT_OFF = ("off", "none", "0")


@dataclass(frozen=True)
class ApiSettings:
    host: str
    port: int
    rate_limit: str | None  # None: no limit
    cache_seconds: int
    forwarded_allow_ips: str
    public_url: str | None


def _int(name: str, default: int, low: int, high: int) -> int:
    text = env(name)
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise UsageError(f"{name} must be a whole number, not {text[:40]!r}") from None
    if not low <= value <= high:
        raise UsageError(f"{name} must be between {low} and {high}, not {value}")
    return value


def rate_limit_text(text: str) -> str | None:
    """The rate limit in `limits` notation ("120/minute"), None for off; checked."""
    from limits import parse

    if text.lower() in RATE_LIMIT_OFF:
        return None
    try:
        parse(text)
    except ValueError:
        raise UsageError(
            f"CLINICS_API_RATE_LIMIT must read like '120/minute' or 'off', not {text[:40]!r}"
        ) from None
    return text


def load() -> ApiSettings:
    return ApiSettings(
        host=env("CLINICS_API_HOST") or DEFAULT_HOST,
        port=_int("CLINICS_API_PORT", DEFAULT_PORT, 1, 65535),
        rate_limit=rate_limit_text(env("CLINICS_API_RATE_LIMIT") or DEFAULT_RATE_LIMIT),
        cache_seconds=_int("CLINICS_API_CACHE_SECONDS", DEFAULT_CACHE_SECONDS, 0, 31_536_000),
        forwarded_allow_ips=env("CLINICS_API_FORWARDED_ALLOW_IPS") or DEFAULT_FORWARDED_ALLOW_IPS,
        public_url=(env("CLINICS_API_PUBLIC_URL").rstrip("/") or None),
    )
