"""Property-based tests of the API against its own OpenAPI document (schemathesis).

Schemathesis generates requests from /api/openapi.json, valid and invalid ones, and
checks that the answers keep the documented promises: no server error, only documented
status codes and content types, bodies that match the response schemas. Generated path
and query values are mixed with real ones of the test city (dictionaries below), so
that many requests reach data instead of ending in a 404. A further check makes sure
the anonymous caller never sees the non-public indicator.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig

from tests.offers.conftest import (  # noqa: F401  (fixtures: offers for the offers API)
    categories,
    offers,
    providers,
    target_groups,
)

SECRET_NAME = "Interne Kennzahl"
SECRET_SLUG = "interne-kennzahl"

CONFIG = {
    "dictionaries": {
        "municipality": {"values": ["teststadt"]},
        "indicator": {"values": ["einwohner", "auslaenderanteil", SECRET_SLUG]},
        "level": {"values": ["stadt", "stadtbezirk", "stadtteil"]},
        "area": {"values": ["0", "1", "2", "11", "12", "21", "22"]},
        "period": {"values": ["2022", "2023"]},
        "category": {"values": ["mittagstisch", "kleiderkammer"]},
        "target_group": {"values": ["senioren", "familien"]},
    },
    "parameters": {
        "path.slug": {"dictionary": "municipality", "probability": 0.8},
        "path.indicator": {"dictionary": "indicator", "probability": 0.7},
        "query.indicator": {"dictionary": "indicator", "probability": 0.6},
        "query.level": {"dictionary": "level", "probability": 0.6},
        "query.area": {"dictionary": "area", "probability": 0.5},
        "query.period": {"dictionary": "period", "probability": 0.5},
        "query.category": {"dictionary": "category", "probability": 0.5},
        "query.target_group": {"dictionary": "target_group", "probability": 0.5},
    },
}


# The OpenAPI document needs no database, so the schema loads at collection time;
# the test city is created per test by the fixtures below.
schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", get_wsgi_application(), config=SchemathesisConfig.from_dict(CONFIG)
)


@pytest.fixture
def wsgi_sees_test_transaction(db):
    """Keep the test transaction open across requests through the WSGI handler.

    Unlike Django's test client, the WSGI handler closes "old" database connections at
    the start and end of each request, which would drop the test transaction; the test
    client disconnects the same signal for the same reason.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def non_public_data_stays_hidden(ctx, response, case):
    """The anonymous caller never sees the non-public indicator, its name or its value."""
    text = response.content.decode("utf-8", errors="replace")
    assert SECRET_NAME not in text, "Name des nicht öffentlichen Indikators in der Antwort"
    if response.status_code == 200 and SECRET_SLUG not in case.formatted_path:
        # Echoing a slug the caller sent (e.g. in a 422) reveals nothing; unprompted, it would.
        query = case.query or {}
        if SECRET_SLUG not in str(query.values()):
            assert SECRET_SLUG not in text, "Kurzname des nicht öffentlichen Indikators"
    return None


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_keeps_its_openapi_promises(case, indicators, offers, wsgi_sees_test_transaction):  # noqa: F811
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
            non_public_data_stays_hidden,
        ]
    )
