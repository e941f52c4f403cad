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


@dataclass(frozen=True)
class ProcessIdentity:
    """Who a pid file names: the pid, and what makes that process ours and no other.

    A pid is reused once its process is gone, so the number alone may name a stranger:
    the kernel's start time of the process (field 22 of /proc/PID/stat, in clock ticks
    since boot), the boot it belongs to and its command line must all match too.
    """

    pid: int
    starttime: int | None
    boot_id: str | None
    cmdline: tuple[str, ...]

    def to_json(self) -> str:
        return json.dumps(
            {
                "pid": self.pid,
                "starttime": self.starttime,
                "boot_id": self.boot_id,
                "cmdline": list(self.cmdline),
            }
        )


def _boot_id() -> str | None:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip() or None
    except OSError:
        return None


def _proc_stat(pid: int) -> tuple[str, int, int] | None:
    """(state, process group, start time) of a live or zombie process; None when gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    except OSError:
        return None
    # "pid (comm) state ppid pgrp ... starttime": comm may hold spaces and parentheses
    fields = text[text.rindex(")") + 2 :].split()
    try:
        return fields[0], int(fields[2]), int(fields[19])
    except (IndexError, ValueError):
        return None


def _proc_cmdline(pid: int) -> tuple[str, ...] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return tuple(part.decode("utf-8", "surrogateescape") for part in raw.split(b"\0") if part)


def identity_of(pid: int) -> ProcessIdentity | None:
    """The identity of a running process (None when it is gone or a zombie)."""
    stat = _proc_stat(pid)
    if stat is None or stat[0] in ("Z", "X"):
        return None
    return ProcessIdentity(pid, stat[2], _boot_id(), _proc_cmdline(pid) or ())


def _is_engine_command(cmdline: tuple[str, ...], settings: Settings) -> bool:
    return LAUNCHER_MAIN in cmdline and str(settings.engine_home) in cmdline


def _recorded_identity(settings: Settings) -> ProcessIdentity | None:
    """What engine.pid says, in the current format (JSON) or the old one (a bare number)."""
    try:
        text = _pid_file(settings).read_text().strip()
    except OSError:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if isinstance(data, int) and not isinstance(data, bool):
        return ProcessIdentity(data, None, None, ())  # old format: only the command can be checked
    if not isinstance(data, dict) or not isinstance(data.get("pid"), int):
        return None
    starttime = data.get("starttime")
    boot_id = data.get("boot_id")
    cmdline = data.get("cmdline")
    return ProcessIdentity(
        data["pid"],
        starttime if isinstance(starttime, int) else None,
        boot_id if isinstance(boot_id, str) else None,
        tuple(str(part) for part in cmdline) if isinstance(cmdline, list) else (),
    )


def _reap(pid: int) -> None:
    """Collect the exit status of our own child, so that it stops being a zombie."""
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def _verified_identity(settings: Settings) -> ProcessIdentity | None:
    """The identity of our running engine, or None.

    None when the pid file is missing or unreadable, when its process is gone or a zombie
    (reaped when it is our child), and when the number now names another process: a
    different start time, boot or command line than the ones recorded at start-up, or a
    command that is not this home's engine launcher.
    """
    recorded = _recorded_identity(settings)
    if recorded is None or recorded.pid <= 0:
        return None
    stat = _proc_stat(recorded.pid)
    if stat is not None and stat[0] in ("Z", "X"):
        _reap(recorded.pid)
        return None
    current = identity_of(recorded.pid)
    if current is None or not _matches(recorded, current):
        return None
    if not _is_engine_command(current.cmdline, settings):
        return None
    return current


def _matches(recorded: ProcessIdentity, current: ProcessIdentity) -> bool:
    if recorded.pid != current.pid:
        return False
    if recorded.starttime is not None and current.starttime != recorded.starttime:
        return False
    if recorded.boot_id and current.boot_id and recorded.boot_id != current.boot_id:
        return False
    return not (recorded.cmdline and current.cmdline != recorded.cmdline)


def _read_pid(settings: Settings) -> int | None:
    """The pid of our running engine (see _verified_identity), or None."""
    identity = _verified_identity(settings)
    return identity.pid if identity else None


def _write_pid_file(settings: Settings, pid: int) -> ProcessIdentity:
    """Record the engine's identity atomically (a reader never sees half a file)."""
    identity = identity_of(pid) or ProcessIdentity(pid, None, _boot_id(), ())
    path = _pid_file(settings)
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(identity.to_json() + "\n")
    os.replace(partial, path)
    return identity


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
    running = _verified_identity(settings)
    if running is not None:
        return _wait_healthy(settings, running)
    _pid_file(settings).unlink(missing_ok=True)  # stale: its process is gone or not ours
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
    identity = _write_pid_file(settings, process.pid)
    return _wait_healthy(settings, identity, process)


def _wait_healthy(
    settings: Settings, identity: ProcessIdentity, process: subprocess.Popen | None = None
) -> EngineStatus:
    deadline = time.monotonic() + settings.engine_start_timeout_s
    while time.monotonic() < deadline:
        if process is not None:
            exited = process.poll() is not None
        else:
            exited = _verified_identity(settings) is None
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
    _terminate(identity)
    if process is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)
    _pid_file(settings).unlink(missing_ok=True)
    raise ClinicsError(
        f"the engine was not healthy after {settings.engine_start_timeout_s:.0f} s "
        f"(CLINICS_ENGINE_START_TIMEOUT); last lines of {log_file(settings)}:\n"
        + log_tail(settings)
    )


def _group_alive(pgid: int) -> bool:
    """True while a process that is not a zombie is in the process group.

    While any process holds the group, the kernel cannot give its number to a new
    process, so signalling the group then reaches only the processes we started.
    """
    if not Path("/proc/self/stat").exists():
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        stat = _proc_stat(int(entry.name))
        if stat is not None and stat[1] == pgid and stat[0] not in ("Z", "X"):
            return True
    return False


def _still_ours(identity: ProcessIdentity) -> bool:
    current = identity_of(identity.pid)
    return current is not None and _matches(identity, current)


def _terminate(identity: ProcessIdentity, grace_s: float = 30.0) -> None:
    """SIGTERM to our engine's process group, SIGKILL after grace_s; never a stranger's.

    The group is signalled only after its leader was checked to be the process recorded
    at start-up (start time, boot, command line); later signals go only while members of
    the group are alive, which keeps its number from being reused.
    """
    pid = identity.pid
    if not _still_ours(identity):
        _reap(pid)
        return
    try:
        os.killpg(pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        return
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline:
        _reap(pid)
        if not _group_alive(pid):
            return
        time.sleep(0.2)
    _reap(pid)
    if _group_alive(pid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
    for _ in range(50):
        _reap(pid)
        if not _group_alive(pid):
            return
        time.sleep(0.1)


def stop(settings: Settings) -> bool:
    """Stop our node; True when one was running. A stale pid file is removed, and the
    process it names now (if any) is never signalled."""
    identity = _verified_identity(settings)
    if identity is None:
        _pid_file(settings).unlink(missing_ok=True)
        return False
    _terminate(identity)
    _pid_file(settings).unlink(missing_ok=True)
    (settings.engine_home / "ready").unlink(missing_ok=True)
    return True
