"""Internal offer records: never public, the own provider's, and the planning unit's."""

import pytest

from sozialplanung.core.visibility import Role
from sozialplanung.offers.models import Funding, NeedReport, Staffing


@pytest.mark.django_db
def test_public_sees_no_staffing_funding_or_need_reports(offers):
    assert Staffing.objects.visible_to(None).count() == 0
    assert Funding.objects.visible_to(None).count() == 0
    assert NeedReport.objects.visible_to(None).count() == 0


@pytest.mark.django_db
def test_provider_sees_only_its_own_internal_records(offers, users):
    traeger = users[Role.TRAEGER]
    own = set(Staffing.objects.visible_to(traeger).values_list("offer__name", flat=True))
    assert own == {"Mittagstisch Nord"}
    assert NeedReport.objects.visible_to(traeger).count() == 1


@pytest.mark.django_db
def test_planning_unit_sees_all_internal_records(offers, users):
    assert Staffing.objects.visible_to(users[Role.SOZIALPLANUNG]).count() == 6
