"""Start-up checks for production: the server refuses to run with an unsafe secret key.

With DEBUG off, ``runserver``, ``migrate`` and the other commands stop on the system
check below, and ``wsgi.py`` (gunicorn) raises the same message before it serves a
request. The published development key (settings.PUBLISHED_SECRET_KEY) stays the default so
that a development server with DEBUG on starts without any set-up.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

#: Django's own deploy check (security.W009) asks for at least 50 characters, 5 different.
MIN_LENGTH = 50
MIN_DIFFERENT = 5
VARIABLE = "SOZIALPLANUNG_SECRET_KEY"
HOW_TO = (
    "Bitte einen eigenen geheimen Wert setzen, z. B. "
    "python3 -c 'import secrets; print(secrets.token_urlsafe(50))' (siehe docs/betrieb.md)."
)


def secret_key_problem(key: str, *, debug: bool) -> str | None:
    """Why ``key`` must not sign sessions of a server with DEBUG off; None if it may."""
    if debug:
        return None
    if not key.strip():
        return f"{VARIABLE} ist leer. {HOW_TO}"
    if key == settings.PUBLISHED_SECRET_KEY:  # in the repository: protects nothing
        return (
            f"{VARIABLE} fehlt: ohne ihn gilt der veröffentlichte Entwicklungsschlüssel, "
            f"der nichts schützt. {HOW_TO}"
        )
    if len(key) < MIN_LENGTH or len(set(key)) < MIN_DIFFERENT:
        return (
            f"{VARIABLE} ist zu kurz: {len(key)} Zeichen, nötig sind mindestens {MIN_LENGTH} "
            f"mit mindestens {MIN_DIFFERENT} verschiedenen. {HOW_TO}"
        )
    return None


def configured_key() -> str:
    try:
        return str(settings.SECRET_KEY)
    except ImproperlyConfigured:  # Django refuses to hand out an empty key, in English
        return ""


@checks.register()
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    problem = secret_key_problem(configured_key(), debug=settings.DEBUG)
    return [checks.Error(problem, id="sozialplanung.E001")] if problem else []


def refuse_unsafe_settings() -> None:
    """For servers that run no system checks (gunicorn through wsgi.py)."""
    problem = secret_key_problem(configured_key(), debug=settings.DEBUG)
    if problem:
        raise ImproperlyConfigured(problem)
