# Two commands for a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every package pinned with its hashes (`make lock` writes both from pyproject.toml):
# requirements-dev.lock has the dev extras too (make setup, CI); requirements.lock is the
# runtime part of the same versions (the Docker image).
LOCK := requirements-dev.lock
RUNTIME_LOCK := requirements.lock
COMPILE := $(BIN)/uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 -q

.PHONY: setup lock engine demo test test-unit lint format clean

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --require-hashes -r $(LOCK)
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

# axe-core for the accessibility tests (tests/e2e/axe.py), at the version and integrity
# hash of package-lock.json; needs Node.js and npm (Debian's nodejs and npm).
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

setup: $(STAMP) $(NODE_STAMP)

# After a change of the dependencies in pyproject.toml: resolve again, then reinstall.
lock: setup
	$(COMPILE) --extra dev -o $(LOCK)
	$(COMPILE) --constraint $(LOCK) -o $(RUNTIME_LOCK)
	$(BIN)/pip install -q --require-hashes -r $(LOCK)
	$(BIN)/pip install -q --no-deps -e .

engine: setup
	$(BIN)/clinics es build

demo: setup
	$(BIN)/clinics demo

# pytest exits 5 when it collected no test: that must fail, never pass silently.
test: lint
	$(BIN)/pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

test-unit: setup
	$(BIN)/pytest -m unit

# mypy reads its settings (the parts it checks, strictness) from pyproject.toml.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules engine/target build *.egg-info .pytest_cache .ruff_cache
