"""docs/betrieb.md cannot drift from the settings and the deploy files."""

from __future__ import annotations

import re

from django.conf import settings

from .helpers import ROOT, documented_environment

DOC = (ROOT / "docs" / "betrieb.md").read_text(encoding="utf-8")


def test_every_variable_of_the_environment_file_is_a_setting():
    names = [name.removeprefix("SOZIALPLANUNG_") for name in documented_environment()]
    assert [n for n in names if n not in settings.DOCUMENTED_ENV_SETTINGS] == []


def test_the_environment_file_sets_every_production_switch():
    switches = {
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DB_ENGINE",
        "DB_PASSWORD",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_AGE",
        "STATIC_HASHED_NAMES",
        "LOG_LEVEL",
    }
    names = {name.removeprefix("SOZIALPLANUNG_") for name in documented_environment()}
    assert switches - names == set()


def test_it_points_to_the_complete_table_and_names_the_gunicorn_variables():
    """settings.md lists every setting (tests/core/test_architecture.py); gunicorn's own
    variables live in deploy/gunicorn.conf.py and are listed here."""
    assert "(settings.md)" in DOC
    config = (ROOT / "deploy" / "gunicorn.conf.py").read_text(encoding="utf-8")
    read = set(re.findall(r'os\.environ\.get\("(\w+)"', config))
    assert read == {"SOZIALPLANUNG_BIND", "WEB_CONCURRENCY", "SOZIALPLANUNG_THREADS"}
    assert all(f"`{name}`" in DOC for name in read)


def test_the_deploy_files_it_names_exist():
    for path in re.findall(r"deploy/[\w/.-]+\.(?:py|conf|service)", DOC):
        assert (ROOT / path).is_file(), path
