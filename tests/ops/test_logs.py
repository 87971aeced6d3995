"""Logs: one JSON object per line on stdout, with path, status and duration of requests."""

from __future__ import annotations

import json

from .helpers import clean_environment, run_python

REQUEST = (
    "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'sozialplanung.settings'\n"
    "import django, logging; django.setup()\n"
    "from django.test import Client\n"
    "Client().get('/gesundheit/')\n"
    "Client().post('/gesundheit/')  # 405, and no database needed\n"
    "logging.getLogger('sozialplanung.test').warning('Größe „%s“', 'zu groß')\n"
)


def test_each_log_line_is_one_json_object_with_request_fields(tmp_path):
    env = clean_environment(tmp_path, LOG_LEVEL="INFO")
    result = run_python(REQUEST, env)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    requests = [r for r in records if r["logger"] == "sozialplanung.request"]
    assert [(r["path"], r["status"], r["method"]) for r in requests] == [
        ("/gesundheit/", 200, "GET"),
        ("/gesundheit/", 405, "POST"),
    ]
    assert all(isinstance(r["duration_ms"], float) and r["level"] == "INFO" for r in requests)
    assert all({"time", "level", "logger", "message"} <= set(r) for r in records)
    (warning,) = [r for r in records if r["logger"] == "sozialplanung.test"]
    assert warning["message"] == "Größe „zu groß“" and warning["level"] == "WARNING"


def test_the_level_is_settable(tmp_path):
    env = clean_environment(tmp_path, LOG_LEVEL="WARNING")
    result = run_python(REQUEST, env)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["logger"] for r in records if r["level"] == "INFO"] == []
    assert any(r["logger"] == "sozialplanung.test" for r in records)
