"""HSDS identifiers (UUIDs) for our documents, and back.

HSDS wants a UUID for every entity. A document is one provider at one location and
becomes four HSDS entities (organization, service, location, service_at_location), so
their ids carry the document's `doc_id` and the entity's kind inside a version 8 (custom)
UUID: `/services/{id}` reads the doc_id straight out of the id, with no lookup table and
nothing stored in the index. Production doc_ids (20 hex digits, indexer.merge.doc_id) and
any doc_id of at most 14 UTF-8 bytes fit; a longer one gets a name-based UUID (version 5)
that is stable but cannot be read back, so its entities are listed but have no detail
page (docs/api.md).

The 122 free bits of a version 8 UUID hold: kind (4 bits), encoding (1 bit: 0 = the
doc_id's UTF-8 bytes, 1 = its hex digits as bytes), length in bytes (4 bits) and up to
14 bytes of data. Parts that belong to one entity (phones, addresses, schedules,
attributes, metadata, ...) get UUIDs made from the document and the part (`PartIds`):
stable across exports, unique, never read back.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from functools import lru_cache

# A fixed namespace for the name-based ids of this directory (generated once, never changed).
NAMESPACE = uuid.UUID("6a0c0c52-8d0e-4c8e-9f43-2b4f5c7d1e90")

KINDS = {"organization": 1, "service": 2, "location": 3, "service_at_location": 4}  # < 10
_KIND_NAMES = {number: name for name, number in KINDS.items()}

MAX_BYTES = 14
_HEX = re.compile(r"^(?:[0-9a-f]{2}){1,14}$")
_PAYLOAD_BITS = 122
_DATA_BITS = MAX_BYTES * 8


def _payload_to_uuid(payload: int) -> str:
    high = payload >> 74  # 48 bits
    middle = (payload >> 62) & 0xFFF  # 12 bits
    low = payload & ((1 << 62) - 1)  # 62 bits
    value = (high << 80) | (0x8 << 76) | (middle << 64) | (0b10 << 62) | low
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _uuid_to_payload(value: uuid.UUID) -> int | None:
    number = value.int
    if (number >> 76) & 0xF != 0x8 or (number >> 62) & 0b11 != 0b10:
        return None
    high = number >> 80
    middle = (number >> 64) & 0xFFF
    low = number & ((1 << 62) - 1)
    return (high << 74) | (middle << 62) | low


def _encode(doc_id: str) -> tuple[int, bytes] | None:
    if _HEX.match(doc_id):
        return 1, bytes.fromhex(doc_id)
    try:
        data = doc_id.encode("utf-8")
    except UnicodeEncodeError:
        return None
    if not data or len(data) > MAX_BYTES:
        return None
    return 0, data


def entity_id(kind: str, doc_id: str) -> str:
    """The UUID of one of the four entities a document becomes."""
    encoded = _encode(doc_id)
    if encoded is None:
        return _uuid5_text(f"{kind}|{doc_id}")
    mode, data = encoded
    number = int.from_bytes(data.ljust(MAX_BYTES, b"\0"), "big")
    payload = (KINDS[kind] << 118) | (mode << 117) | (len(data) << 113) | number
    return _payload_to_uuid(payload)


def entity_ids(doc_id: str) -> tuple[str, str, str, str]:
    """The ids of all four entities of a document (organization, service, location,
    service_at_location): entity_id of each kind, the doc_id encoded once."""
    encoded = _encode(doc_id)
    if encoded is None:
        return (
            _uuid5_text(f"organization|{doc_id}"),
            _uuid5_text(f"service|{doc_id}"),
            _uuid5_text(f"location|{doc_id}"),
            _uuid5_text(f"service_at_location|{doc_id}"),
        )
    mode, data = encoded
    number = int.from_bytes(data.ljust(MAX_BYTES, b"\0"), "big")
    # the kind is the top 4 bits of the payload: the UUID's first hex digit, nothing else
    rest = _payload_to_uuid((mode << 117) | (len(data) << 113) | number)[1:]
    return ("1" + rest, "2" + rest, "3" + rest, "4" + rest)


def doc_id_of(kind: str, text: str) -> str | None:
    """The doc_id inside an entity UUID of that kind; None when the id is no such UUID."""
    try:
        value = uuid.UUID(text)
    except (ValueError, TypeError, AttributeError):
        return None
    payload = _uuid_to_payload(value)
    if payload is None or _KIND_NAMES.get(payload >> 118) != kind:
        return None
    mode = (payload >> 117) & 1
    length = (payload >> 113) & 0xF
    if not 0 < length <= MAX_BYTES:
        return None
    data = (payload & ((1 << _DATA_BITS) - 1)).to_bytes(MAX_BYTES, "big")
    if any(data[length:]):
        return None
    data = data[:length]
    if mode == 1:
        doc_id = data.hex()
    else:
        try:
            doc_id = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return doc_id if entity_id(kind, doc_id) == str(value) else None


_NAMESPACE_BYTES = NAMESPACE.bytes


def _uuid5_text(name: str) -> str:
    """str(uuid.uuid5(NAMESPACE, name)), without building UUID objects (exports make
    tens of these per document)."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + name.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_VERSION_VARIANT_CLEAR = ~((0xF << 76) | (0b11 << 62)) & ((1 << 128) - 1)
_VERSION_8 = (0x8 << 76) | (0b10 << 62)
_MASKS: dict[str, int] = {}  # part -> its hash, version and variant bits cleared


def _part_mask(part: str) -> int:
    mask = _MASKS.get(part)
    if mask is None:
        digest = hashlib.sha1(b"part|" + part.encode("utf-8")).digest()[:16]
        mask = int.from_bytes(digest, "big") & _VERSION_VARIANT_CLEAR
        if len(_MASKS) < 65_536:  # parts repeat ("phone", "metadata:3"); insurance plans vary
            _MASKS[part] = mask
    return mask


class PartIds:
    """The part ids of one document: its doc_id hashed once, then each part's own hash
    XORed in (a version 8 UUID; stable, and as unlikely to collide as any random UUID).
    An export makes a dozen of these per document, so one hash each would cost more than
    the rest of the row."""

    __slots__ = ("_base",)

    def __init__(self, doc_id: str) -> None:
        digest = hashlib.sha1(_NAMESPACE_BYTES + doc_id.encode("utf-8", "surrogatepass")).digest()
        # the version and variant bits set once: the masks XORed in leave them alone
        self._base = (int.from_bytes(digest[:16], "big") & _VERSION_VARIANT_CLEAR) | _VERSION_8

    def __call__(self, part: str) -> str:
        mask = _MASKS.get(part)
        h = f"{self._base ^ (_part_mask(part) if mask is None else mask):032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def part_id(doc_id: str, part: str) -> str:
    """A stable UUID for a part of a document's entities ("phone", "schedule:0", ...)."""
    return PartIds(doc_id)(part)


@lru_cache(maxsize=1024)
def named_id(name: str) -> str:
    """A stable UUID for something that is not a document (taxonomy, term)."""
    return _uuid5_text(name)


def is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except (ValueError, TypeError, AttributeError):
        return False
    return len(text) == 36
