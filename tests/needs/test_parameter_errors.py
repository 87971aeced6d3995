"""Audit finding 11 (issue 13): the parameter page answered 500 to "nan", "inf" or a
catchment of 1e20. Each now gets a German error on its field, nothing is saved, and the
typed text comes back in the form."""

from __future__ import annotations

import pytest

from sozialplanung.core.models import AuditEntry
from sozialplanung.core.visibility import Role
from sozialplanung.needs.models import GapSettings

from ..offers.conftest import categories, offers, providers, target_groups  # noqa: F401
from .test_needs import params  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("richtwert", "catchment", "field", "message"),
    [
        ("nan", "600", "richtwert", "Bitte geben Sie eine Zahl größer als 0 ein"),
        ("inf", "600", "richtwert", "Bitte geben Sie eine Zahl größer als 0 ein"),
        ("1e999", "600", "richtwert", "Bitte geben Sie eine Zahl größer als 0 ein"),
        ("2,5", "1e20", "catchment_m", "Einzugsbereich in ganzen Metern"),
        ("2,5", "100000000000000000000", "catchment_m", "Einzugsbereich in ganzen Metern"),
        ("2,5", "nan", "catchment_m", "Einzugsbereich in ganzen Metern"),
    ],
)
def test_category_parameters_reject_non_finite_and_huge_numbers(
    params,  # noqa: F811
    municipality,
    client_for,
    richtwert,
    catchment,
    field,
    message,
):
    audited = AuditEntry.objects.count()
    response = client_for(Role.SOZIALPLANUNG).post(
        f"/{municipality.slug}/bedarf/parameter/",
        {"category": params.pk, "richtwert": richtwert, "catchment_m": catchment},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    prefix = "rw" if field == "richtwert" else "cm"
    assert f'id="{prefix}-{params.pk}-error"' in page
    # The typed text comes back, both the wrong and the right one.
    assert f'value="{richtwert}"' in page and f'value="{catchment}"' in page
    params.refresh_from_db()
    assert (params.richtwert, params.catchment_m) == (50.0, 800)
    assert AuditEntry.objects.count() == audited


def test_weights_reject_non_finite_numbers(params, municipality, client_for):  # noqa: F811
    typed = (
        {"coverage": "inf", "accessibility": "nan", "reports": "1e999"}
        | {f: "1" for f in ("index", "size", "growth", "reports_saturation")}
        | {"size_reference": "1000", "growth_saturation": "0,2"}
    )
    response = client_for(Role.SOZIALPLANUNG).post(f"/{municipality.slug}/bedarf/parameter/", typed)
    assert response.status_code == 200
    page = response.content.decode()
    for field in ("coverage", "accessibility", "reports"):
        assert f'id="w-{field}-error"' in page
    assert 'id="w-index-error"' not in page
    assert "Bitte geben Sie eine Zahl von mindestens 0 ein" in page
    assert 'value="1e999"' in page and 'value="0,2"' in page
    assert not GapSettings.objects.filter(municipality=municipality).exists()
