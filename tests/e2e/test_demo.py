"""`clinics demo` as a newcomer runs it: crawl, index and search end to end on a real node."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest

pytestmark = pytest.mark.e2e


def test_demo_ends_with_results_from_elasticsearch(es, es_url, tmp_path):
    alias = f"test-demo-{uuid.uuid4().hex[:8]}"
    env = dict(
        os.environ,
        ES_URL=es_url,
        CLINICS_DATA_DIR=str(tmp_path),
        CLINICS_INDEX_ALIAS=alias,
        CLINICS_ENGINE_HOME=str(tmp_path / "unused-engine"),
    )
    try:
        result = subprocess.run(
            [sys.executable, "-m", "clinics.cli", "demo", "--no-ui"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        for step in ("demo 1/5", "demo 2/5", "demo 3/5", "demo 4/5"):
            assert step in result.stdout
        assert "Sample Bayou Ketamine Therapy Collective" in result.stdout
        assert "within 15 mi of Houston, TX 77030" in result.stdout

        # The results came from Elasticsearch: the alias exists and holds the crawled sources.
        assert es.indices.exists_alias(name=alias)
        counts = es.search(
            index=alias,
            size=0,
            aggs={"sources": {"terms": {"field": "source_names", "size": 20}}},
        )["aggregations"]["sources"]["buckets"]
        sources = {bucket["key"] for bucket in counts}
        assert {"npi", "findtreatment", "clinic_sites", "directory:example", "sample"} <= sources
        for crawl in ("npi", "findtreatment", "clinic_sites", "directory-example"):
            assert (tmp_path / "demo" / "crawls" / f"{crawl}.jsonl").stat().st_size > 0
    finally:
        es.indices.delete(index=f"{alias}*", ignore_unavailable=True, allow_no_indices=True)
