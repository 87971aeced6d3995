"""Visibility of council records follows their parents (one mechanism, from outside)."""

import pytest

from sozialplanung.core.visibility import Role, Visibility
from sozialplanung.council.models import Paper, Resolution, ResolutionItem, StatusReport


@pytest.mark.django_db
def test_anonymous_sees_only_public_council_records(v2696, secret_papers):
    assert set(Paper.objects.visible_to(None).values_list("reference", flat=True)) == {"V2696/24"}
    assert Resolution.objects.visible_to(None).count() == 1
    assert ResolutionItem.objects.visible_to(None).count() == 3
    assert StatusReport.objects.visible_to(None).count() == 3


@pytest.mark.django_db
def test_public_item_of_a_confidential_paper_stays_hidden(secret_papers):
    item = secret_papers[Visibility.CONFIDENTIAL]["item"]
    ResolutionItem.objects.filter(pk=item.pk).update(visibility=Visibility.PUBLIC)
    assert not ResolutionItem.objects.visible_to(None).filter(pk=item.pk).exists()


@pytest.mark.django_db
def test_roles_see_by_clearance(v2696, secret_papers, users):
    def refs(role):
        return set(Paper.objects.visible_to(users[role]).values_list("reference", flat=True))

    assert refs(Role.TRAEGER) == {"V2696/24"}
    assert refs(Role.FACHAMT) == {"V2696/24", "V9001/24"}
    assert refs(Role.STADTRAT) == {"V2696/24", "V9001/24", "V9002/24"}
