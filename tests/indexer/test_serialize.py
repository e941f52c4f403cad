"""Documents go to Elasticsearch as compact UTF-8 JSON that reads back as the same values."""

import json

import pytest

from indexer.bulk import serialize

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"name": "Café Ñandú"}, '{"name":"Café Ñandú"}'),
        ({"t": 'tab\there "quoted" \u2028'}, '{"t":"tab\\there \\"quoted\\" \u2028"}'),
        ({"n": 1.5, "b": True, "x": None}, '{"n":1.5,"b":true,"x":null}'),
        ({"l": [1, {"k": []}]}, '{"l":[1,{"k":[]}]}'),
        ({"npi": 2**70}, '{"npi":1180591620717411303424}'),  # beyond 64 bits: fallback
        ({1: "a"}, '{"1":"a"}'),  # a key that is not a string: fallback
    ],
)
def test_serialize(document, expected):
    body = serialize(document)
    assert body.decode("utf-8") == expected
    assert json.loads(body) == json.loads(json.dumps(document))


def test_serialize_reads_back_every_value():
    document = {"lat": 29.7065, "lon": -95.399, "tiny": 1e-05, "emoji": "🙂", "empty": ""}
    assert json.loads(serialize(document)) == document
