"""With DEBUG off the server refuses an unsafe secret key, naming the variable (issue 12)."""

from __future__ import annotations

import pytest
from django.conf import settings

from sozialplanung.core.checks import secret_key_problem

from .helpers import clean_environment, good_secret, run_cli, run_python

VARIABLE = "SOZIALPLANUNG_SECRET_KEY"


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "ist leer"),
        ("   ", "ist leer"),
        (settings.PUBLISHED_SECRET_KEY, "fehlt"),
        ("kurz-aber-geheim", "ist zu kurz: 16 Zeichen"),
        ("a" * 60, "mindestens 5 verschiedenen"),
    ],
)
def test_unsafe_keys_are_refused_with_debug_off(key, reason):
    problem = secret_key_problem(key, debug=False)
    assert problem is not None
    assert problem.startswith(VARIABLE) and reason in problem


def test_a_long_random_key_passes_and_debug_allows_the_development_key():
    assert secret_key_problem(good_secret(), debug=False) is None
    assert secret_key_problem(settings.PUBLISHED_SECRET_KEY, debug=True) is None


def test_commands_refuse_to_start_without_a_key(tmp_path):
    """runserver, migrate and the rest stop on the system check; with a key they run
    (tests/ops/test_deploy_check.py)."""
    env = clean_environment(tmp_path, DEBUG="false", SECRET_KEY=None)
    result = run_cli("check", env=env)
    assert result.returncode != 0
    assert f"{VARIABLE} fehlt" in result.stderr


def test_the_wsgi_application_refuses_an_empty_key(tmp_path):
    """gunicorn imports wsgi.py and runs no system checks: the import itself must fail."""
    env = clean_environment(tmp_path, DEBUG="false", SECRET_KEY="")
    result = run_python("import sozialplanung.wsgi", env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{VARIABLE} ist leer" in result.stderr
