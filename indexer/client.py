"""The one place that creates Elasticsearch clients (ES_URL, ES_USERNAME, ES_PASSWORD)."""

from __future__ import annotations

from elasticsearch import Elasticsearch

from clinics import settings as clinics_settings


def get_client(config: clinics_settings.Settings | None = None, **options) -> Elasticsearch:
    config = config or clinics_settings.load()
    auth = (config.es_username, config.es_password or "") if config.es_username else None
    options.setdefault("request_timeout", 30)
    return Elasticsearch(config.es_url, basic_auth=auth, **options)
