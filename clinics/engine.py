"""The local Elasticsearch engine: build the launcher, start, stop and check the node.

The launcher (engine/, a small Maven project) starts a real single-node Elasticsearch in
one JVM from Maven Central artifacts; this module manages it as a background process.
Files under the engine home: engine.pid, engine.log, ready, data/.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from clinics.errors import ClinicsError
from clinics.settings import REPO_ROOT, Settings

ENGINE_DIR = REPO_ROOT / "engine"
LAUNCHER_JAR = ENGINE_DIR / "target" / "clinics-engine-1.0.0.jar"
LAUNCHER_LIBS = ENGINE_DIR / "target" / "lib"
LAUNCHER_MAIN = "org.clinics.engine.Launcher"
MIN_JAVA = 21
JVM_SEARCH_DIRS = (Path("/usr/lib/jvm"), Path("/opt/java"), Path("/opt"))
LOG_TAIL_LINES = 15


@dataclass(frozen=True)
class EngineStatus:
    reachable: bool
    version: str | None = None
    health: str | None = None
    detail: str | None = None


def java_feature_version(java_home: Path) -> int | None:
    release = java_home / "release"
    try:
        for line in release.read_text().splitlines():
            if line.startswith("JAVA_VERSION="):
                return int(line.split("=", 1)[1].strip('"').split(".")[0])
    except (OSError, ValueError):
        return None
    return None


def find_java_home(settings: Settings) -> Path:
    """A JDK of at least MIN_JAVA: CLINICS_JAVA_HOME, then JAVA_HOME, then the newest installed."""
    explicit = [settings.java_home, os.environ.get("JAVA_HOME")]
    for candidate in filter(None, explicit):
        version = java_feature_version(Path(candidate))
        if version and version >= MIN_JAVA:
            return Path(candidate)
    found: list[tuple[int, Path]] = []
    for base in JVM_SEARCH_DIRS:
        if not base.is_dir():
            continue
        for home in base.iterdir():
            version = java_feature_version(home)
            if version and version >= MIN_JAVA and (home / "bin" / "java").exists():
                found.append((version, home))
    if not found:
        raise ClinicsError(
            f"no Java {MIN_JAVA}+ found (Elasticsearch 9 needs it); "
            "install a JDK 21+ and set CLINICS_JAVA_HOME to it"
        )
    return max(found)[1]


def build_launcher(settings: Settings, force: bool = False) -> None:
    """Build engine/ with Maven when the jar is missing or older than its sources."""
    sources = [ENGINE_DIR / "pom.xml", *(ENGINE_DIR / "src").rglob("*.java")]
    if (
        not force
        and LAUNCHER_JAR.exists()
        and LAUNCHER_LIBS.is_dir()
        and LAUNCHER_JAR.stat().st_mtime >= max(p.stat().st_mtime for p in sources)
    ):
        return
    env = dict(os.environ, JAVA_HOME=str(find_java_home(settings)))
    print("building the engine launcher with Maven (first run downloads Elasticsearch)...")
    result = subprocess.run(
        ["mvn", "-q", "-B", "package", "-DskipTests"],
        cwd=ENGINE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-LOG_TAIL_LINES:])
        raise ClinicsError(f"building engine/ with Maven failed:\n{tail}")


def _pid_file(settings: Settings) -> Path:
    return settings.engine_home / "engine.pid"


def log_file(settings: Settings) -> Path:
    return settings.engine_home / "engine.log"


def _read_pid(settings: Settings) -> int | None:
    try:
        pid = int(_pid_file(settings).read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


def _port_open(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _get_json(url: str, timeout: float = 2.0) -> tuple[dict, dict]:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read() or b"{}"), dict(response.headers)


def status(settings: Settings) -> EngineStatus:
    """Version and health of whatever answers at ES_URL (ours or a configured cluster)."""
    try:
        info, headers = _get_json(settings.es_url + "/")
        health, _ = _get_json(settings.es_url + "/_cluster/health")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return EngineStatus(False, detail=f"{settings.es_url} is not reachable ({exc})")
    product = {k.lower(): v for k, v in headers.items()}.get("x-elastic-product")
    if product != "Elasticsearch":
        return EngineStatus(False, detail=f"{settings.es_url} answers but is not Elasticsearch")
    return EngineStatus(True, info.get("version", {}).get("number"), health.get("status"))


def log_tail(settings: Settings, lines: int = LOG_TAIL_LINES) -> str:
    try:
        text = log_file(settings).read_text(errors="replace")
    except OSError:
        return "(no engine log yet)"
    kept = [line for line in text.splitlines() if line.strip() and not line.startswith("\tat ")]
    return "\n".join(kept[-lines:])


def start(settings: Settings) -> EngineStatus:
    """Start the node in the background and wait until it is healthy; idempotent."""
    if settings.es_host not in ("127.0.0.1", "localhost"):
        raise ClinicsError(
            f"ES_URL points at {settings.es_host}; the local engine only runs on 127.0.0.1"
        )
    current = status(settings)
    if current.reachable:
        return current  # ours, or a node the user already runs at ES_URL: use it
    pid = _read_pid(settings)
    if pid is not None:
        return _wait_healthy(settings, pid)
    if _port_open("127.0.0.1", settings.es_port):
        raise ClinicsError(
            f"port {settings.es_port} is already taken by another program; stop it or set "
            f"ES_URL=http://127.0.0.1:<free port> to run the engine elsewhere"
        )
    build_launcher(settings)
    java = find_java_home(settings) / "bin" / "java"
    home = settings.engine_home
    home.mkdir(parents=True, exist_ok=True)
    (home / "ready").unlink(missing_ok=True)
    command = [
        str(java),
        f"-Xms{settings.engine_heap}",
        f"-Xmx{settings.engine_heap}",
        "-XX:+UseG1GC",
        "-Djava.io.tmpdir=" + str(home / "tmp"),
        "-Dlog4j2.disable.jmx=true",
        "--enable-native-access=ALL-UNNAMED",
        "--add-modules=jdk.incubator.vector",
        "-cp",
        f"{LAUNCHER_JAR}{os.pathsep}{LAUNCHER_LIBS}/*",
        LAUNCHER_MAIN,
        str(home),
        str(settings.es_port),
    ]
    (home / "tmp").mkdir(exist_ok=True)
    with open(log_file(settings), "ab") as log:
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            cwd=home,
        )
    _pid_file(settings).write_text(str(process.pid))
    return _wait_healthy(settings, process.pid, process)


def _wait_healthy(
    settings: Settings, pid: int, process: subprocess.Popen | None = None
) -> EngineStatus:
    deadline = time.monotonic() + settings.engine_start_timeout_s
    while time.monotonic() < deadline:
        exited = process.poll() is not None if process else _read_pid(settings) is None
        if exited:
            _pid_file(settings).unlink(missing_ok=True)
            raise ClinicsError(
                f"the engine exited during start-up; last lines of {log_file(settings)}:\n"
                + log_tail(settings)
            )
        current = status(settings)
        if current.reachable and current.health in ("green", "yellow"):
            return current
        time.sleep(0.5)
    _terminate(pid)
    _pid_file(settings).unlink(missing_ok=True)
    raise ClinicsError(
        f"the engine was not healthy after {settings.engine_start_timeout_s:.0f} s "
        f"(CLINICS_ENGINE_START_TIMEOUT); last lines of {log_file(settings)}:\n"
        + log_tail(settings)
    )


def _terminate(pid: int, grace_s: float = 30.0) -> None:
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
        _reap(pid)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    _reap(pid)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def stop(settings: Settings) -> bool:
    """Stop our node; True when one was running."""
    pid = _read_pid(settings)
    if pid is None:
        _pid_file(settings).unlink(missing_ok=True)
        return False
    _terminate(pid)
    _pid_file(settings).unlink(missing_ok=True)
    (settings.engine_home / "ready").unlink(missing_ok=True)
    return True
