"""/gesundheit/: 200 when the database answers, 503 when it does not (issue 12)."""

from __future__ import annotations

import json

from .helpers import clean_environment, free_port, run_python


def test_health_reports_database_and_queue_ok(client, db):
    for url in ("/gesundheit/", "/healthz"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.json() == {
            "status": "ok",
            "database": "ok",
            "queue": "ok",
            "queue_oldest_waiting_seconds": 0.0,  # core.tasks_health: an empty queue
        }
        assert "no-cache" in response["Cache-Control"]


def test_health_needs_no_login_and_no_https_redirect(client, db, settings):
    """Monitors ask the server directly over plain HTTP, without a session."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/gesundheit/").status_code == 200
    assert client.get("/").status_code == 301


def test_health_is_503_when_the_database_does_not_answer(tmp_path):
    """A PostgreSQL port where nobody listens: a real refused connection, in a subprocess."""
    env = clean_environment(
        tmp_path, DB_ENGINE="postgresql", DB_HOST="127.0.0.1", DB_PORT=str(free_port())
    )
    code = (
        "import django, json; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/gesundheit/')\n"
        "print(r.status_code, r.content.decode())\n"
    )
    result = run_python(
        f"import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'sozialplanung.settings'\n{code}", env
    )
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    status, body = last.split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"status": "fehler", "database": "fehler", "queue": "unbekannt"}
