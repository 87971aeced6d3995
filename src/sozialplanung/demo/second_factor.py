"""The demo's second factor: logins that need one get an authenticator device whose key
is published with the demo (README, the demo's output), like the demo password.

So the demo keeps the production rule (administrators and the planning unit confirm a
code) and is still usable: enter the key in any authenticator app, or compute the code
with ``oathtool --totp -b KEY``.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from sozialplanung.core.models import User
from sozialplanung.core.otp import second_factor_required

Out = Callable[[str], None]
DEVICE_NAME = "Demo"


def demo_key_hex() -> str:
    """The published base32 key as django-otp stores it (hex)."""
    return base64.b32decode(settings.DEMO_TOTP_SECRET).hex()


def give_devices(usernames: list[str], out: Out = print) -> list[str]:
    """A confirmed device with the demo key for each of these logins that needs one."""
    given = []
    for user in User.objects.filter(username__in=usernames).order_by("username"):
        if second_factor_required(user):
            TOTPDevice.objects.update_or_create(
                user=user, name=DEVICE_NAME, defaults={"key": demo_key_hex(), "confirmed": True}
            )
            given.append(user.username)
    out(f"Zweiter Faktor … {len(given)} Anmeldungen mit dem Demo-Schlüssel")
    return given


def instructions(usernames: list[str]) -> str:
    """The German lines the demo prints below its table of logins."""
    with_device = sorted(
        TOTPDevice.objects.filter(name=DEVICE_NAME, user__username__in=usernames).values_list(
            "user__username", flat=True
        )
    )
    if not with_device:
        return ""
    return (
        f"Zweiter Faktor für {', '.join(with_device)}: Schlüssel {settings.DEMO_TOTP_SECRET}\n"
        "in einer Authenticator-App eintragen (oder: oathtool --totp -b "
        f"{settings.DEMO_TOTP_SECRET}) und den Code nach dem Passwort eingeben."
    )
