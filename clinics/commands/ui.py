"""`clinics ui [--port N]`: serve the Streamlit app (ui/app.py) on 127.0.0.1."""

from __future__ import annotations

import argparse

DEFAULT_PORT = 8501


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("ui", help="serve the search app in the browser (Streamlit)")
    parser.add_argument(
        "--port", type=int, default=None, help=f"port (default CLINICS_UI_PORT or {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--host", default=None, help="address to listen on (default CLINICS_UI_HOST or 127.0.0.1)"
    )
    parser.set_defaults(run=run)


def streamlit_command(host: str, port: int) -> list[str]:
    import sys

    from ui.app_path import APP_FILE

    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_FILE),
        "--server.headless=true",
        f"--server.address={host}",
        f"--server.port={port}",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",
        "--client.showErrorDetails=none",
        "--client.toolbarMode=minimal",
        "--theme.base=light",
    ]


def run(args: argparse.Namespace) -> int:
    import os
    import sys

    from clinics.errors import UsageError

    port_text = os.environ.get("CLINICS_UI_PORT", "").strip()
    try:
        port = args.port if args.port is not None else int(port_text or DEFAULT_PORT)
    except ValueError:
        raise UsageError(f"CLINICS_UI_PORT must be a port number, not {port_text!r}") from None
    if not 0 < port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, not {port}")
    host = args.host or os.environ.get("CLINICS_UI_HOST", "").strip() or "127.0.0.1"
    print(f"Serving the clinic search at http://{host}:{port}/ (Ctrl+C stops it)", flush=True)
    command = streamlit_command(host, port)
    sys.stderr.flush()
    # Streamlit replaces this process: signals reach it directly and no child is orphaned.
    os.execv(command[0], command)
    return 0  # not reached
