"""An alias of fictional providers for the UI tests, shared by a module, removed after."""

from __future__ import annotations

import uuid

import pytest

from tests import builders
from tests.ui import providers


@pytest.fixture(scope="module")
def ui_alias(es):
    alias = f"test-ui-{uuid.uuid4().hex[:8]}"
    builders.create_alias(es, alias, providers.PROVIDERS)
    yield alias
    builders.drop(es, alias)
    es.indices.delete(index=f"{alias}-reports", ignore_unavailable=True)


@pytest.fixture
def ui_env(monkeypatch, es_url, ui_alias):
    """Point the app at the test node and alias (and a reports index of its own)."""
    monkeypatch.setenv("ES_URL", es_url)
    monkeypatch.setenv("CLINICS_INDEX_ALIAS", ui_alias)
    monkeypatch.setenv("CLINICS_REPORTS_INDEX", f"{ui_alias}-reports")
    return ui_alias
