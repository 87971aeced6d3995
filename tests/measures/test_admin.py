"""The admin lists measures, budgets and grants but cannot change them (actions do)."""

from __future__ import annotations

import pytest

from sozialplanung.core.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["plan", "measure", "doublebudget", "grant"])
def test_admin_looks_up_but_does_not_edit(client, model):
    client.force_login(User.objects.create_superuser("root", "root@example.invalid", "x"))
    assert client.get(f"/admin/measures/{model}/").status_code == 200
    assert client.get(f"/admin/measures/{model}/add/").status_code == 403
