"""``Client.force_login`` stands for a finished login, and a finished login of a person
who needs a second factor includes the code.

Most tests log in with ``force_login`` to test a page, not the login. For people whose
login needs a second factor (``core.otp.second_factor_due``), this plugin finishes it the
way django-otp's own tests do: a confirmed TOTP device and its id in the session, as
``django_otp.login`` stores it. The middleware that demands the code stays as it is; the
tests in ``tests/auth/`` log in through the real forms, code included.
"""

from __future__ import annotations

import pytest
from django.test import Client


def verify_second_factor(client: Client, user) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sozialplanung.core.otp import second_factor_due

    if not second_factor_due(user):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="Test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(scope="session", autouse=True)
def _force_login_includes_second_factor():
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        verify_second_factor(self, user)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Client, "force_login", force_login)
        yield
