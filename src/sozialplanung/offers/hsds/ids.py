"""Stable HSDS identifiers: UUIDs derived from the municipality and our record ids.

Records that came from an HSDS import keep the identifiers they came with: a
provider's ``external_id`` is its organization id, an offer's is
"service id/location id/service_at_location id" (or only the service id).
"""

from __future__ import annotations

import uuid

# Fixed for ever: changing it changes every exported identifier.
NAMESPACE = uuid.UUID("6f1c1a52-3d0e-5b8c-9a57-5a0f1d2c7e41")


def stable_id(municipality_slug: str, kind: str, key: object) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{municipality_slug}:{kind}:{key}"))


def as_uuid(text: str) -> str | None:
    try:
        return str(uuid.UUID(text.strip()))
    except (ValueError, AttributeError):
        return None


def split_offer_external_id(external_id: str) -> tuple[str | None, str | None, str | None]:
    """(service, location, service_at_location) ids kept from an HSDS import.

    Anything else (empty, a CSV "Kennung" of another system) gives no ids.
    """
    parts = [as_uuid(p) for p in external_id.split("/")] if external_id else []
    if not 1 <= len(parts) <= 3 or None in parts:
        return None, None, None
    parts += [None] * (3 - len(parts))
    return parts[0], parts[1], parts[2]


def join_offer_external_id(service: str, location: str | None, sal: str | None) -> str:
    return "/".join(p for p in (service, location, sal) if p)
