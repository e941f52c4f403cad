"""The one place that creates Elasticsearch clients (ES_URL, ES_USERNAME, ES_PASSWORD).

The client knows every node: ES_URL may list several, comma-separated, and a local engine
of several nodes is known from what `clinics es start` recorded (clinics.engine.node_urls).
With more than one node, a request that fails to connect or times out is retried on
another node (the client's node pool marks the first one dead for a while), so a search
still answers when one node is gone, the first listed included.
"""

from __future__ import annotations

from elasticsearch import Elasticsearch

from clinics import settings as clinics_settings


def node_urls(config: clinics_settings.Settings | None = None) -> list[str]:
    from clinics.engine import node_urls as urls_of

    return urls_of(config or clinics_settings.load())


def get_client(config: clinics_settings.Settings | None = None, **options) -> Elasticsearch:
    """A client of every node. `max_retries` is raised to reach each node once when there
    are several (a caller's 0 means "do not wait on a dead engine", not "never fail over"),
    and timeouts are retried on another node unless the caller says otherwise."""
    config = config or clinics_settings.load()
    auth = (config.es_username, config.es_password or "") if config.es_username else None
    urls = node_urls(config)
    options.setdefault("request_timeout", 30)
    if len(urls) > 1:
        options["max_retries"] = max(options.get("max_retries", 3), len(urls) - 1)
        options.setdefault("retry_on_timeout", True)
    return Elasticsearch(urls, basic_auth=auth, **options)
