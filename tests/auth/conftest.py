"""Logging in the way a person does: the forms over HTTP, with real TOTP codes."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp


def password_login(client: Client, username: str, password: str, next_url: str = ""):
    """Posts the login form; the response is not followed."""
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/anmelden/", data)


def code_for(device, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for this device now (or a step later).

    A TOTP device accepts each time step once; a second login within the same 30
    seconds uses the next step's code, which the device accepts within its tolerance.
    """
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, steps_ahead):06d}"


@pytest.fixture
def http_client() -> Client:
    """A fresh client, logged in by nothing: ``force_login`` is not what these tests test."""
    return Client()
