"""SOZIALPLANUNG_LOCAL_LOGIN=false: the password form is hidden and refused everywhere."""

from __future__ import annotations

from sozialplanung.core.models import User
from sozialplanung.core.visibility import Role
from tests.auth.conftest import password_login
from tests.conftest import PASSWORD


def test_switched_off_the_password_form_is_gone_and_refused(http_client, users, settings):
    settings.LOCAL_LOGIN = False
    page = http_client.get("/anmelden/").content.decode()
    assert 'name="password"' not in page
    response = password_login(http_client, users[Role.FACHAMT].username, PASSWORD)
    assert response.status_code == 200
    assert "Die Anmeldung mit Passwort ist hier abgeschaltet." in response.content.decode()
    assert "_auth_user_id" not in http_client.session


def test_switched_off_the_admin_login_refuses_passwords_too(http_client, db, settings):
    User.objects.create_superuser("root", "root@example.invalid", "Lindenblüte-Elbwiese-7")
    settings.LOCAL_LOGIN = False
    http_client.post(
        "/admin/login/?next=/admin/",
        {"username": "root", "password": "Lindenblüte-Elbwiese-7", "next": "/admin/"},
    )
    assert "_auth_user_id" not in http_client.session


def test_on_by_default(http_client, users):
    assert password_login(http_client, users[Role.FACHAMT].username, PASSWORD).status_code == 302
