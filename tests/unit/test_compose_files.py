"""What every compose file of the repository must pass, whatever it deploys: its variables
are all in .env.example, it matches the Compose Specification schema shipped with Debian's
docker-compose package, and `docker-compose config` parses and interpolates it (with the
jobs profile) into exactly the services we expect.

Each file's own rules are in test_compose.py (docker-compose.yml, one node) and
test_compose_cluster.py (docker-compose.cluster.yml, three nodes).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATHS = sorted(
    Path("/usr/lib/python3/dist-packages/compose/config").glob("compose_spec.json")
)
APP = {"es-setup", "ui", "api", "reports", "crawl", "index"}

# file, `docker-compose -p` project (None: the folder's name), every service it defines
COMPOSE_FILES = [
    pytest.param("docker-compose.yml", None, {"elasticsearch", *APP}, id="single-node"),
    pytest.param(
        "docker-compose.cluster.yml",
        "clinics-cluster",
        {"certs", "es01", "es02", "es03", *APP},
        id="cluster",
    ),
]


def defined_in_env_example() -> set[str]:
    example = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^([A-Z0-9_]+)=", example, flags=re.MULTILINE))


@pytest.mark.parametrize(("file", "project", "services"), COMPOSE_FILES)
def test_every_variable_is_in_env_example(file, project, services):
    used = set(re.findall(r"\$\{([A-Z0-9_]+)", (ROOT / file).read_text()))
    assert used <= defined_in_env_example(), used - defined_in_env_example()


@pytest.mark.skipif(
    not SCHEMA_PATHS, reason="Debian's docker-compose is not installed (.ci/run installs it)"
)
@pytest.mark.parametrize(("file", "project", "services"), COMPOSE_FILES)
def test_matches_the_compose_specification_schema(file, project, services):
    import jsonschema

    schema = json.loads(SCHEMA_PATHS[0].read_text())
    validator = jsonschema.Draft201909Validator(schema)
    compose = yaml.safe_load((ROOT / file).read_text())
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(compose)]
    assert errors == []


@pytest.mark.skipif(
    not shutil.which("docker-compose"),
    reason="docker-compose is not installed (.ci/run installs it)",
)
@pytest.mark.parametrize(("file", "project", "services"), COMPOSE_FILES)
def test_docker_compose_config_accepts_the_file(tmp_path, file, project, services):
    env_file = tmp_path / ".env"
    env_file.write_text((ROOT / ".env.example").read_text())
    result = subprocess.run(
        [
            "docker-compose",
            "--env-file",
            str(env_file),
            "--profile",
            "jobs",
            *(["-p", project] if project else []),
            "-f",
            file,
            "config",
            "--services",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) == services
