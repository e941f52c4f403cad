"""`clinics api [--host H] [--port N]`: serve the HSDS 3 read-only API (api/, docs/api.md).

FastAPI on uvicorn. Settings come from the environment (CLINICS_API_*, ES_URL,
CLINICS_INDEX_ALIAS; the table in docs/api.md); --host and --port win over them.
"""

from __future__ import annotations

import argparse


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--port wants a number, not {text[:40]!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"--port must be between 1 and 65535, not {port}")
    return port


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "api",
        help="serve the open-data API (Open Referral HSDS 3, read-only)",
        description="Serve the directory as an Open Referral HSDS 3 read-only API, with "
        "/v1/search (the parameters of `clinics search`), OpenAPI at /openapi.json and "
        "docs at /docs.",
    )
    parser.add_argument(
        "--host", default=None, help="address to listen on (default CLINICS_API_HOST or 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=_port, default=None, help="port (default CLINICS_API_PORT or 8000)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from api import settings as api_settings

    config = api_settings.load()
    host = args.host or config.host
    port = args.port if args.port is not None else config.port
    print(
        f"Serving the HSDS API at http://{host}:{port}/ (docs at /docs; Ctrl+C stops it)",
        flush=True,
    )
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=host,
        port=port,
        proxy_headers=True,
        forwarded_allow_ips=config.forwarded_allow_ips,
        server_header=False,
        log_level="info",
    )
    return 0
