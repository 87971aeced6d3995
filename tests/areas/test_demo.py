"""The demo loader: real data of both cities, idempotent, with the demo logins."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from sozialplanung.areas.models import Area, Indicator
from sozialplanung.core.models import AuditEntry, User
from sozialplanung.core.visibility import Role, Visibility

from .conftest import DATA, value


@pytest.mark.django_db
def test_demo_twice_second_run_changes_nothing(full_demo):
    first = "\n".join(full_demo)  # the shared first run of tests/plugins/demo_once.py
    assert "Dresden: Stadtteile … 64 Gebiete gelesen: 64 neu" in first
    assert "Leipzig: Ortsteile … 63 Gebiete gelesen: 63 neu" in first
    trail = AuditEntry.objects.count()

    second = io.StringIO()
    call_command("demo", data_dir=DATA, stdout=second)
    lines = second.getvalue().splitlines()
    assert AuditEntry.objects.count() == trail
    for line in lines:
        if " neu" in line:
            assert ": 0 neu" in line or "… 0 neu" in line, line
        assert " geändert" not in line or "0 geändert" in line or ", unverändert" in line, line
    assert lines[-1] == "Öffentlichkeit: ohne Anmeldung"
    assert any(line.startswith("planung ") and "Sozialplanung" in line for line in lines)

    assert Area.objects.filter(municipality__slug="dresden").count() == 64 + 10 + 1
    assert Area.objects.filter(municipality__slug="leipzig").count() == 63 + 10 + 1
    assert value("dresden", "einwohner", "stadt", "14612000", "2024") == 573_648
    assert value("leipzig", "einwohner", "stadt", "14713000", "2024") == 632_560
    internal = Indicator.objects.get(municipality__slug="dresden", slug="gemeldete-bedarfe")
    assert internal.visibility == Visibility.NON_PUBLIC

    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {
        "planung": Role.SOZIALPLANUNG,
        "fachamt": Role.FACHAMT,
        "traeger": Role.TRAEGER,
        "stadtrat": Role.STADTRAT,
        "admin": Role.ADMIN,
        "planung-leipzig": Role.SOZIALPLANUNG,
    }
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.municipality is None
    assert User.objects.get(username="fachamt").office.name == "Sozialamt"
    assert User.objects.get(username="stadtrat").check_password("demo")
    # The users' audit entries never carry the password hash.
    assert not AuditEntry.objects.filter(model="core.User", after__has_key="password").exists()
