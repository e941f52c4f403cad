"""The local Elasticsearch engine: build the launcher, start, stop and check its nodes.

The launcher (engine/, a small Maven project) starts one real Elasticsearch node in one
JVM from Maven Central artifacts; this module runs one node (a single-node cluster, the
default) or N nodes in N JVMs that form one cluster (`clinics es start --nodes N`), each
a background process.

Files under the engine home: cluster.json (the nodes of this home's cluster), snapshots/
(the snapshot repository, path.repo), and per node engine.pid, engine.log, ready, data/,
logs/, tmp/: node 1 keeps them in the home itself (as a single node always did), node K
in nodes/clinics-node-K/.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from clinics.errors import ClinicsError, UsageError
from clinics.settings import REPO_ROOT, Settings

ENGINE_DIR = REPO_ROOT / "engine"
LAUNCHER_JAR = ENGINE_DIR / "target" / "clinics-engine-1.0.0.jar"
LAUNCHER_LIBS = ENGINE_DIR / "target" / "lib"
LAUNCHER_MAIN = "org.clinics.engine.Launcher"
MIN_JAVA = 21
JVM_SEARCH_DIRS = (Path("/usr/lib/jvm"), Path("/opt/java"), Path("/opt"))
LOG_TAIL_LINES = 15
CLUSTER_NAME = "clinics-local"
NODE_PREFIX = "clinics-node-"
MAX_NODES = 9
DEFAULT_HTTP_PORT = 9200
DEFAULT_CLUSTER_HEAP = "1g"  # per node when there are 2 or more (CLINICS_ENGINE_CLUSTER_HEAP)
TRANSPORT_OFFSET = 100  # transport ports start 100 above the HTTP ports, as 9200 and 9300
CLUSTER_FILE = "cluster.json"
SNAPSHOTS_DIR = "snapshots"


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


# ---------------------------------------------------------------- the nodes of a home


@dataclass(frozen=True)
class Node:
    """One node of this home's cluster: its folder and its ports."""

    name: str
    home: Path
    http_port: int
    transport_port: int  # 0: any free loopback port (a node alone talks only to itself)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"


@dataclass(frozen=True)
class Cluster:
    """The nodes `clinics es start` runs for one engine home, in order."""

    home: Path
    nodes: tuple[Node, ...]

    @property
    def size(self) -> int:
        return len(self.nodes)

    @property
    def urls(self) -> list[str]:
        return [node.url for node in self.nodes]

    def node(self, name: str) -> Node:
        for node in self.nodes:
            if node.name == name:
                return node
        names = ", ".join(node.name for node in self.nodes)
        raise UsageError(f"no node {name!r} in the cluster of {self.home} (its nodes: {names})")


def node_home(engine_home: Path, number: int) -> Path:
    """Node 1 lives in the engine home itself (where a single node always lived)."""
    return engine_home if number == 1 else engine_home / "nodes" / f"{NODE_PREFIX}{number}"


def snapshot_dir(engine_home: Path) -> Path:
    """The nodes' path.repo: where a filesystem snapshot repository may live."""
    return engine_home / SNAPSHOTS_DIR


def listed_urls(es_url: str) -> list[str]:
    """The node URLs of ES_URL: one, or several separated by commas."""
    urls = [part.strip().rstrip("/") for part in es_url.split(",") if part.strip()]
    return urls or [f"http://127.0.0.1:{DEFAULT_HTTP_PORT}"]


def _port_of(url: str) -> int:
    try:
        return urlparse(url).port or DEFAULT_HTTP_PORT
    except ValueError:
        raise UsageError(f"ES_URL: {url} has no valid port") from None


def _same_address(url: str, other: str) -> bool:
    a, b = urlparse(url), urlparse(other)
    loopback = ("127.0.0.1", "localhost")
    same_host = a.hostname == b.hostname or (a.hostname in loopback and b.hostname in loopback)
    return same_host and _port_of(url) == _port_of(other)


def recorded_cluster(engine_home: Path) -> Cluster | None:
    """The cluster that `clinics es start` last ran from this home (cluster.json)."""
    try:
        data = json.loads((engine_home / CLUSTER_FILE).read_text())
        nodes = tuple(
            Node(str(n["name"]), Path(n["home"]), int(n["http_port"]), int(n["transport_port"]))
            for n in data["nodes"]
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Cluster(engine_home, nodes) if nodes else None


def _cluster_formed(engine_home: Path) -> bool:
    try:
        return bool(json.loads((engine_home / CLUSTER_FILE).read_text()).get("formed"))
    except (OSError, ValueError, AttributeError):
        return False


def _record_cluster(cluster: Cluster, formed: bool) -> None:
    path = cluster.home / CLUSTER_FILE
    body = {
        "cluster_name": CLUSTER_NAME,
        "formed": formed,
        "nodes": [
            {
                "name": node.name,
                "home": str(node.home),
                "http_port": node.http_port,
                "transport_port": node.transport_port,
            }
            for node in cluster.nodes
        ],
    }
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(json.dumps(body, indent=2) + "\n")
    os.replace(partial, path)


def recorded_size(engine_home: Path) -> int | None:
    """How many nodes this home's data belongs to: the formed cluster of cluster.json, or
    1 for a home that holds a node's data from before cluster.json; None for a fresh home."""
    cluster = recorded_cluster(engine_home)
    if cluster is not None and _cluster_formed(engine_home):
        return cluster.size
    data = engine_home / "data"
    if cluster is None and data.is_dir() and any(data.iterdir()):
        return 1
    return None


def node_urls(settings: Settings) -> list[str]:
    """Every node a client should know.

    ES_URL may list several nodes (comma-separated): those. One URL that is a node of the
    cluster recorded in this engine home (cluster.json) stands for every node of it, that
    one first; and with ES_URL unset, the recorded cluster's nodes are the default.
    """
    listed = listed_urls(settings.es_url)
    if len(listed) > 1:
        return listed
    cluster = recorded_cluster(settings.engine_home)
    if cluster is None:
        return listed
    urls = cluster.urls
    if any(_same_address(listed[0], url) for url in urls):
        return [listed[0], *(url for url in urls if not _same_address(listed[0], url))]
    default = f"http://127.0.0.1:{DEFAULT_HTTP_PORT}"
    if not os.environ.get("ES_URL", "").strip() and listed[0] == default:
        return urls
    return listed


def _transport_base(first_http: int) -> int:
    raw = os.environ.get("CLINICS_ENGINE_TRANSPORT_PORT", "").strip()
    if not raw:
        return first_http + TRANSPORT_OFFSET
    try:
        return int(raw)
    except ValueError:
        raise UsageError(
            f"CLINICS_ENGINE_TRANSPORT_PORT must be a port number (got {raw!r})"
        ) from None


def _span(first: int, count: int) -> str:
    return str(first) if count == 1 else f"{first}-{first + count - 1}"


def plan(settings: Settings, count: int) -> Cluster:
    """The nodes of a count-node cluster: HTTP on consecutive ports from ES_URL's port,
    transport on consecutive ports from CLINICS_ENGINE_TRANSPORT_PORT (HTTP + 100)."""
    if not 1 <= count <= MAX_NODES:
        raise UsageError(f"--nodes must be between 1 and {MAX_NODES} (got {count})")
    first = _port_of(node_urls(settings)[0])
    if first < 1 or first + count - 1 > 65535:
        raise UsageError(f"HTTP ports {_span(first, count)} are not all valid port numbers")
    transports = [0]
    if count > 1:
        base = _transport_base(first)
        if base < 1 or base + count - 1 > 65535:
            raise UsageError(
                f"transport ports {_span(base, count)} are not all valid port numbers; "
                "set CLINICS_ENGINE_TRANSPORT_PORT"
            )
        if base < first + count and first < base + count:
            raise UsageError(
                f"HTTP ports {_span(first, count)} and transport ports {_span(base, count)} "
                "overlap; set CLINICS_ENGINE_TRANSPORT_PORT to a free range"
            )
        transports = list(range(base, base + count))
    home = settings.engine_home
    nodes = tuple(
        Node(f"{NODE_PREFIX}{k}", node_home(home, k), first + k - 1, transports[k - 1])
        for k in range(1, count + 1)
    )
    return Cluster(home, nodes)


# ---------------------------------------------------------------- a node's process


def _pid_path(home: Path) -> Path:
    return home / "engine.pid"


def _log_path(home: Path) -> Path:
    return home / "engine.log"


def _pid_file(settings: Settings) -> Path:
    return _pid_path(settings.engine_home)


def log_file(settings: Settings) -> Path:
    """The log of node 1 (the only node of a single-node engine)."""
    return _log_path(settings.engine_home)


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


def _is_engine_command(cmdline: tuple[str, ...], home: Path) -> bool:
    """The launcher of the node whose folder is `home` (each node has its own folder, and
    the folder is a whole argument: node 1's check never matches node 2's command)."""
    return LAUNCHER_MAIN in cmdline and str(home) in cmdline


def _recorded_identity(home: Path) -> ProcessIdentity | None:
    """What the node's engine.pid says, in the current format (JSON) or the old one (a bare
    number)."""
    try:
        text = _pid_path(home).read_text().strip()
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


def _verified_identity_at(home: Path) -> ProcessIdentity | None:
    """The identity of the running node whose folder is `home`, or None.

    None when the pid file is missing or unreadable, when its process is gone or a zombie
    (reaped when it is our child), and when the number now names another process: a
    different start time, boot or command line than the ones recorded at start-up, or a
    command that is not the launcher of this node's folder.
    """
    recorded = _recorded_identity(home)
    if recorded is None or recorded.pid <= 0:
        return None
    stat = _proc_stat(recorded.pid)
    if stat is not None and stat[0] in ("Z", "X"):
        _reap(recorded.pid)
        return None
    current = identity_of(recorded.pid)
    if current is None or not _matches(recorded, current):
        return None
    if not _is_engine_command(current.cmdline, home):
        return None
    return current


def _verified_identity(settings: Settings) -> ProcessIdentity | None:
    """The identity of node 1 (the single node) of this engine home, or None."""
    return _verified_identity_at(settings.engine_home)


def _matches(recorded: ProcessIdentity, current: ProcessIdentity) -> bool:
    if recorded.pid != current.pid:
        return False
    if recorded.starttime is not None and current.starttime != recorded.starttime:
        return False
    if recorded.boot_id and current.boot_id and recorded.boot_id != current.boot_id:
        return False
    return not (recorded.cmdline and current.cmdline != recorded.cmdline)


def _read_pid(settings: Settings) -> int | None:
    """The pid of node 1 of this home, running (see _verified_identity_at), or None."""
    identity = _verified_identity(settings)
    return identity.pid if identity else None


def node_pid(node: Node) -> int | None:
    """The pid of the node's running JVM, verified as for stop (or None)."""
    identity = _verified_identity_at(node.home)
    return identity.pid if identity else None


def _write_pid_file(home: Path, pid: int) -> ProcessIdentity:
    """Record the node's identity atomically (a reader never sees half a file)."""
    identity = identity_of(pid) or ProcessIdentity(pid, None, _boot_id(), ())
    path = _pid_path(home)
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


def _elasticsearch_at(url: str, timeout: float = 2.0) -> dict | None:
    """The root info of the Elasticsearch answering at url, or None."""
    try:
        info, headers = _get_json(url + "/", timeout)
    except (urllib.error.URLError, OSError, ValueError):
        return None
    product = {k.lower(): v for k, v in headers.items()}.get("x-elastic-product")
    return info if product == "Elasticsearch" else None


def status(settings: Settings) -> EngineStatus:
    """Version and health of whatever answers at ES_URL (ours or a configured cluster):
    the first of its nodes that answers. A node that answers while its cluster has no
    elected master (an election under way) is reachable with no health."""
    urls = node_urls(settings)
    details = []
    without_health: EngineStatus | None = None
    for url in urls:
        try:
            info, headers = _get_json(url + "/")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            details.append(f"{url} is not reachable ({exc})")
            continue
        product = {k.lower(): v for k, v in headers.items()}.get("x-elastic-product")
        if product != "Elasticsearch":
            details.append(f"{url} answers but is not Elasticsearch")
            continue
        version = info.get("version", {}).get("number")
        try:
            health, _ = _get_json(url + "/_cluster/health?master_timeout=5s", timeout=8.0)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            without_health = without_health or EngineStatus(
                True, version, None, detail=f"{url} answers, but the cluster has no health ({exc})"
            )
            continue
        return EngineStatus(True, version, health.get("status"))
    if without_health is not None:
        return without_health
    if len(details) == 1:
        return EngineStatus(False, detail=details[0])
    return EngineStatus(False, detail=f"none of {len(urls)} nodes answers: " + "; ".join(details))


def _log_tail_at(home: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        text = _log_path(home).read_text(errors="replace")
    except OSError:
        return "(no engine log yet)"
    kept = [line for line in text.splitlines() if line.strip() and not line.startswith("\tat ")]
    return "\n".join(kept[-lines:])


def log_tail(settings: Settings, lines: int = LOG_TAIL_LINES) -> str:
    return _log_tail_at(settings.engine_home, lines)


# ---------------------------------------------------------------- start


def _require_local(settings: Settings) -> None:
    for url in listed_urls(settings.es_url):
        host = urlparse(url).hostname or "127.0.0.1"
        if host not in ("127.0.0.1", "localhost"):
            raise ClinicsError(f"ES_URL points at {host}; the local engine only runs on 127.0.0.1")


def cluster_heap(settings: Settings, size: int) -> str:
    """Heap of each node: CLINICS_ENGINE_HEAP for one node, CLINICS_ENGINE_CLUSTER_HEAP
    (1g) for each of several (three fit beside the rest on 2 cores and 24 GB)."""
    if size == 1:
        return settings.engine_heap
    return os.environ.get("CLINICS_ENGINE_CLUSTER_HEAP", "").strip() or DEFAULT_CLUSTER_HEAP


def _planned(settings: Settings, nodes: int | None) -> Cluster:
    """The cluster to start: `nodes` nodes, or as many as this home's data belongs to."""
    have = recorded_size(settings.engine_home)
    count = nodes if nodes is not None else (have or 1)
    cluster = plan(settings, count)
    if have is not None and have != count:
        raise UsageError(
            f"{settings.engine_home} holds the data of a {have}-node cluster; start it with "
            f"--nodes {have}, or set CLINICS_ENGINE_HOME to a new folder for {count} nodes"
        )
    return cluster


def _command(java: Path, cluster: Cluster, node: Node, heap: str, bootstrap: bool) -> list[str]:
    command = [
        str(java),
        f"-Xms{heap}",
        f"-Xmx{heap}",
        "-XX:+UseG1GC",
        "-Djava.io.tmpdir=" + str(node.home / "tmp"),
        "-Dlog4j2.disable.jmx=true",
        "--enable-native-access=ALL-UNNAMED",
        "--add-modules=jdk.incubator.vector",
        "-cp",
        f"{LAUNCHER_JAR}{os.pathsep}{LAUNCHER_LIBS}/*",
        LAUNCHER_MAIN,
        str(node.home),
        str(node.http_port),
        CLUSTER_NAME,
        f"path.repo={snapshot_dir(cluster.home)}",
    ]
    if cluster.size > 1:
        command += [
            f"node.name={node.name}",
            f"transport.port={node.transport_port}",
            "discovery.type=multi-node",
            "discovery.seed_hosts="
            + ",".join(f"127.0.0.1:{other.transport_port}" for other in cluster.nodes),
        ]
        if bootstrap:  # only until the cluster has formed once (Elasticsearch's rule)
            command.append(
                "cluster.initial_master_nodes=" + ",".join(n.name for n in cluster.nodes)
            )
    return command


def _launch(command: list[str], node: Node) -> tuple[subprocess.Popen, ProcessIdentity]:
    node.home.mkdir(parents=True, exist_ok=True)
    (node.home / "ready").unlink(missing_ok=True)
    (node.home / "tmp").mkdir(exist_ok=True)
    with open(_log_path(node.home), "ab") as log:
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            cwd=node.home,
        )
    return process, _write_pid_file(node.home, process.pid)


def _check_ports_free(cluster: Cluster, nodes: list[Node]) -> None:
    for node in nodes:
        if _port_open("127.0.0.1", node.http_port):
            where = "" if cluster.size == 1 else f" (HTTP of {node.name})"
            raise ClinicsError(
                f"port {node.http_port}{where} is already taken by another program; stop it "
                f"or set ES_URL=http://127.0.0.1:<free port> to run the engine elsewhere"
            )
        if node.transport_port and _port_open("127.0.0.1", node.transport_port):
            raise ClinicsError(
                f"port {node.transport_port} (transport of {node.name}) is already taken by "
                f"another program; stop it or set CLINICS_ENGINE_TRANSPORT_PORT to a free range"
            )


def start(settings: Settings, nodes: int | None = None, heap: str | None = None) -> EngineStatus:
    """Start the engine's nodes in the background and wait until the cluster is healthy.

    `nodes`: how many (default: as many as this home's data belongs to, else 1). One node
    is a single-node cluster; several discover each other through their transport ports.
    Idempotent: running nodes are kept, missing ones started. A taken port fails at once.
    """
    _require_local(settings)
    cluster = _planned(settings, nodes)
    if cluster.size == 1:
        current = status(settings)
        if current.reachable and current.health:
            return current  # ours, or a node the user already runs at ES_URL: use it
    running = {node.name: _verified_identity_at(node.home) for node in cluster.nodes}
    missing = [node for node in cluster.nodes if running[node.name] is None]
    for node in missing:
        _pid_path(node.home).unlink(missing_ok=True)  # stale: its process is gone or not ours
    _check_ports_free(cluster, missing)
    identities = {name: ident for name, ident in running.items() if ident is not None}
    processes: dict[str, subprocess.Popen] = {}
    if missing:
        build_launcher(settings)
        java = find_java_home(settings) / "bin" / "java"
        bootstrap = cluster.size > 1 and not _cluster_formed(cluster.home)
        cluster.home.mkdir(parents=True, exist_ok=True)
        snapshot_dir(cluster.home).mkdir(exist_ok=True)
        _record_cluster(cluster, formed=not bootstrap and cluster.size > 1)
        size_heap = heap or cluster_heap(settings, cluster.size)
        for node in missing:
            command = _command(java, cluster, node, size_heap, bootstrap)
            processes[node.name], identities[node.name] = _launch(command, node)
    current = _wait_cluster(settings, cluster, identities, processes)
    _record_cluster(cluster, formed=True)
    return current


def start_node(settings: Settings, name: str, heap: str | None = None) -> EngineStatus:
    """Start one stopped node of this home's recorded cluster and wait until it has joined."""
    _require_local(settings)
    cluster = recorded_cluster(settings.engine_home)
    if cluster is None:
        raise UsageError(
            f"no cluster recorded in {settings.engine_home}; start one with clinics es start"
        )
    node = cluster.node(name)
    identity = _verified_identity_at(node.home)
    processes: dict[str, subprocess.Popen] = {}
    if identity is None:
        _pid_path(node.home).unlink(missing_ok=True)
        _check_ports_free(cluster, [node])
        build_launcher(settings)
        java = find_java_home(settings) / "bin" / "java"
        bootstrap = cluster.size > 1 and not _cluster_formed(cluster.home)
        command = _command(
            java, cluster, node, heap or cluster_heap(settings, cluster.size), bootstrap
        )
        processes[name], identity = _launch(command, node)
    return _wait_cluster(settings, cluster, {name: identity}, processes)


def cluster_health(urls: list[str], timeout_s: float = 5.0) -> tuple[dict | None, str | None]:
    """(cluster health, version) from the first of urls that answers as Elasticsearch."""
    for url in urls:
        info = _elasticsearch_at(url, timeout_s)
        if info is None:
            continue
        try:
            health, _ = _get_json(url + "/_cluster/health?timeout=1s&master_timeout=1s", timeout_s)
        except (urllib.error.URLError, OSError, ValueError):
            continue
        return health, info.get("version", {}).get("number")
    return None, None


def _wait_cluster(
    settings: Settings,
    cluster: Cluster,
    identities: dict[str, ProcessIdentity],
    processes: dict[str, subprocess.Popen],
) -> EngineStatus:
    """Wait until every node has joined and the health is green or yellow."""
    single = cluster.size == 1
    deadline = time.monotonic() + settings.engine_start_timeout_s
    waited = [node for node in cluster.nodes if node.name in identities]
    while time.monotonic() < deadline:
        for node in waited:
            process = processes.get(node.name)
            if process is not None:
                exited = process.poll() is not None
            else:
                exited = _verified_identity_at(node.home) is None
            if exited:
                _pid_path(node.home).unlink(missing_ok=True)
                _stop_started(cluster, identities, processes, but=node.name)
                who = "the engine" if single else node.name
                raise ClinicsError(
                    f"{who} exited during start-up; last lines of {_log_path(node.home)}:\n"
                    + _log_tail_at(node.home)
                )
        health, version = cluster_health(cluster.urls)
        if (
            health is not None
            and health.get("number_of_nodes") == cluster.size
            and health.get("status") in ("green", "yellow")
        ):
            return EngineStatus(True, version, health["status"])
        time.sleep(0.5)
    for node in waited:
        _terminate(identities[node.name])
        process = processes.get(node.name)
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
        _pid_path(node.home).unlink(missing_ok=True)
    who = "the engine was" if single else f"the {cluster.size}-node cluster was"
    last = waited[0] if waited else cluster.nodes[0]
    raise ClinicsError(
        f"{who} not healthy after {settings.engine_start_timeout_s:.0f} s "
        f"(CLINICS_ENGINE_START_TIMEOUT); last lines of {_log_path(last.home)}:\n"
        + _log_tail_at(last.home)
    )


def _stop_started(
    cluster: Cluster,
    identities: dict[str, ProcessIdentity],
    processes: dict[str, subprocess.Popen],
    but: str,
) -> None:
    """After a failed start-up, stop the nodes this start launched (none is left behind)."""
    for node in cluster.nodes:
        if node.name in processes and node.name != but:
            _terminate(identities[node.name])
            with contextlib.suppress(subprocess.TimeoutExpired):
                processes[node.name].wait(timeout=5)
            _pid_path(node.home).unlink(missing_ok=True)


# ---------------------------------------------------------------- status


@dataclass(frozen=True)
class NodeState:
    """One node as `clinics es status` shows it."""

    name: str
    url: str
    up: bool
    pid: int | None = None
    roles: str = ""
    heap: str = ""
    master: bool = False


ROLE_NAMES = {"m": "master", "d": "data", "i": "ingest"}


def _roles(letters: str) -> str:
    named = [name for letter, name in ROLE_NAMES.items() if letter in letters]
    return ",".join(named) or letters or "-"


def cluster_state(settings: Settings) -> tuple[EngineStatus, dict | None, list[NodeState]]:
    """The engine status, the cluster health and every node: those the cluster reports,
    and the nodes recorded in this home that are down."""
    current = status(settings)
    urls = node_urls(settings)
    health, _ = cluster_health(urls) if current.reachable else (None, None)
    states: dict[str, NodeState] = {}
    for url in urls:
        try:
            rows, _ = _get_json(
                url + "/_cat/nodes?format=json&h=name,http_address,pid,node.role,master,heap.max",
                timeout=5,
            )
        except (urllib.error.URLError, OSError, ValueError):
            continue
        listed: list[dict] = rows if isinstance(rows, list) else []
        for row in listed:
            name = str(row.get("name"))
            pid = str(row.get("pid"))
            states[name] = NodeState(
                name=name,
                url=f"http://{row.get('http_address')}",
                up=True,
                pid=int(pid) if pid.isdigit() else None,
                roles=_roles(str(row.get("node.role") or "")),
                heap=str(row.get("heap.max") or ""),
                master=row.get("master") == "*",
            )
        break
    cluster = recorded_cluster(settings.engine_home)
    recorded_names = []
    if cluster is not None and any(
        _same_address(url, node.url) for url in urls for node in cluster.nodes
    ):
        for node in cluster.nodes:
            recorded_names.append(node.name)
            if node.name not in states:  # not in the cluster's list: down, or not joined
                up = _elasticsearch_at(node.url) is not None
                states[node.name] = NodeState(node.name, node.url, up=up, pid=node_pid(node))
    order = {name: n for n, name in enumerate(recorded_names)}
    ordered = sorted(states.values(), key=lambda s: (order.get(s.name, len(order)), s.name))
    return current, health, ordered


# ---------------------------------------------------------------- stop


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
    """SIGTERM to our node's process group, SIGKILL after grace_s; never a stranger's.

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


def _node_homes(settings: Settings) -> list[Path]:
    """Every node folder of this home: the recorded ones, node 1's, and any under nodes/."""
    homes = [settings.engine_home]
    cluster = recorded_cluster(settings.engine_home)
    if cluster is not None:
        homes += [node.home for node in cluster.nodes]
    nodes_dir = settings.engine_home / "nodes"
    if nodes_dir.is_dir():
        homes += sorted(p for p in nodes_dir.iterdir() if p.is_dir())
    return list(dict.fromkeys(homes))


def _stop_homes(homes: list[Path]) -> int:
    """Stop the nodes of these folders together; how many were running. A stale pid file is
    removed, and the process it names now (if any) is never signalled."""
    running: list[tuple[Path, ProcessIdentity]] = []
    for home in homes:
        identity = _verified_identity_at(home)
        if identity is None:
            _pid_path(home).unlink(missing_ok=True)
        else:
            running.append((home, identity))
    threads = [
        threading.Thread(target=_terminate, args=(identity,), daemon=True)
        for _, identity in running
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for home, _ in running:
        _pid_path(home).unlink(missing_ok=True)
        (home / "ready").unlink(missing_ok=True)
    return len(running)


def stop(settings: Settings) -> int:
    """Stop every node of this engine home; how many were running (0: none was)."""
    return _stop_homes(_node_homes(settings))


def stop_node(settings: Settings, name: str) -> bool:
    """Stop one node of the recorded cluster (a failover drill); True when it was running."""
    cluster = recorded_cluster(settings.engine_home)
    if cluster is None:
        raise UsageError(f"no cluster recorded in {settings.engine_home}")
    return _stop_homes([cluster.node(name).home]) == 1
