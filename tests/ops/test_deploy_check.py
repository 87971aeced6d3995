"""`check --deploy` is clean with the production environment of docs/betrieb.md (issue 12:
W004, W008, W012, W016 and the rest), in a subprocess as an operator runs it."""

from __future__ import annotations

from .helpers import clean_environment, documented_environment, good_secret, run_cli


def deploy_check(tmp_path, **changes: str):
    env = clean_environment(tmp_path)
    env.update(documented_environment())
    env.update(SOZIALPLANUNG_SECRET_KEY=good_secret(), SOZIALPLANUNG_DATA_DIR=str(tmp_path))
    env.update({f"SOZIALPLANUNG_{k}": v for k, v in changes.items()})
    return run_cli("check", "--deploy", "--fail-level", "WARNING", env=env)


def test_the_documented_production_environment_passes_check_deploy(tmp_path):
    result = deploy_check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_the_tls_settings_check_deploy_warns(tmp_path):
    result = deploy_check(
        tmp_path,
        SECURE_HSTS_SECONDS="0",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
    )
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012"):
        assert warning in result.stderr
