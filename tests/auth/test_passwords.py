"""Finding 10 of issue 13: the admin accepted the password "a". Django's four validators
with a minimum length of 12 now guard every way a password is set."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sozialplanung.core.actions import create_user
from sozialplanung.core.models import User
from sozialplanung.core.visibility import Role
from tests.conftest import TEST

TOO_SHORT = "Dieses Passwort ist zu kurz. Es muss mindestens 12 Zeichen enthalten."


@pytest.fixture
def admin_client(db, client):
    root = User.objects.create_superuser("root", "root@example.invalid", "x-beliebig-lang-1")
    client.force_login(root)
    return client


def test_the_admin_refuses_the_password_a_for_a_new_user(admin_client, municipality):
    response = admin_client.post(
        "/admin/core/user/add/",
        {
            "username": "neu",
            "usable_password": "true",
            "password1": "a",
            "password2": "a",
            "role": Role.FACHAMT,
            "municipality": municipality.pk,
        },
    )
    assert response.status_code == 200
    assert TOO_SHORT in response.content.decode()
    assert not User.objects.filter(username="neu").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("a", TOO_SHORT),
        ("123456789012345", "Dieses Passwort ist komplett numerisch."),
        ("qwertyuiop123", "Dieses Passwort ist zu üblich."),
        ("fachamt-test-x", "Das Passwort ist zu ähnlich zu Benutzername."),
    ],
)
def test_the_admin_password_change_form_refuses_weak_passwords(
    admin_client, users, password, message
):
    user = users[Role.FACHAMT]
    response = admin_client.post(
        f"/admin/core/user/{user.pk}/password/", {"password1": password, "password2": password}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    user.refresh_from_db()
    assert not user.check_password(password)


def test_the_admin_password_change_form_takes_a_good_password(admin_client, users):
    user = users[Role.FACHAMT]
    response = admin_client.post(
        f"/admin/core/user/{user.pk}/password/",
        {"password1": "Lindenblüte-Elbwiese-7", "password2": "Lindenblüte-Elbwiese-7"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Lindenblüte-Elbwiese-7")


def test_creating_a_login_refuses_a_weak_password(municipality):
    with pytest.raises(ValidationError) as refused:
        create_user(
            "kurz", password="a", role=Role.TRAEGER, municipality=municipality, acting_user=TEST
        )
    assert TOO_SHORT in refused.value.messages
    assert not User.objects.filter(username="kurz").exists()
