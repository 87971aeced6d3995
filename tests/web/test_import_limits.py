"""Oversized web imports (issue 13): refused or failed with a short German message,
and neither the job record nor its page grows with the file."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from sozialplanung.areas.models import IndicatorValue
from sozialplanung.core.models import ImportJob
from sozialplanung.core.visibility import Role

from .test_import import GOOD, in_request, indicator_post  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024


@override_settings(MAX_UPLOAD_MB=1)
def test_upload_above_the_limit_is_refused(client_for, indicators):
    before = IndicatorValue.objects.count()
    # A good file that blank lines push just above 1 MB: only its size is wrong.
    content = GOOD + "\n" * MIB
    response = client_for(Role.SOZIALPLANUNG).post("/teststadt/import/", indicator_post(content))
    assert response.status_code == 200
    assert "Die Datei ist größer als 1 MB." in response.content.decode()
    assert not ImportJob.objects.exists()
    assert IndicatorValue.objects.count() == before


@override_settings(MAX_CELL_MB=1)
def test_huge_cell_fails_with_row_and_column_and_a_small_job(client_for, indicators):
    before = IndicatorValue.objects.count()
    content = GOOD.replace("12;2024;2.400", "12;2024;" + "9" * (2 * MIB))
    client = client_for(Role.SOZIALPLANUNG)
    response = client.post("/teststadt/import/", indicator_post(content), follow=True)
    body = response.content.decode()
    assert "Es wurde nichts importiert." in body
    assert "größer als 1 MB" in body
    assert '<td class="num">3</td>' in body and "<td>Einwohner</td>" in body
    assert len(response.content) < 50_000
    job = ImportJob.objects.get()
    assert len(json.dumps(job.problems)) < 2_000
    assert IndicatorValue.objects.count() == before


@override_settings(MAX_CELL_MB=1)
def test_single_line_file_does_not_repeat_its_header(client_for, indicators):
    # The audit's file: one line, no line break, one huge header cell.
    content = "Stadtteil;" + "x" * (2 * MIB)
    client = client_for(Role.SOZIALPLANUNG)
    response = client.post("/teststadt/import/", indicator_post(content), follow=True)
    body = response.content.decode()
    assert "Es wurde nichts importiert." in body and "größer als 1 MB" in body
    assert len(response.content) < 50_000
    assert len(json.dumps(ImportJob.objects.get().problems)) < 2_000


def test_many_short_columns_are_listed_in_excerpt(client_for, indicators):
    # Short cells but a header of 200,000 columns: the "missing column" message
    # names the existing columns only in an excerpt.
    content = ";".join(f"c{i}" for i in range(200_000)) + "\n"
    client = client_for(Role.SOZIALPLANUNG)
    response = client.post("/teststadt/import/", indicator_post(content), follow=True)
    body = response.content.decode()
    assert "Spalte fehlt" in body
    assert len(response.content) < 50_000
    assert len(json.dumps(ImportJob.objects.get().problems)) < 5_000


def test_a_problem_in_every_row_keeps_only_the_first_problems(client_for, indicators):
    content = "Stadtteil;Jahr;Einwohner\n" + "11;2024;zwölf\n" * 1_000
    client = client_for(Role.SOZIALPLANUNG)
    response = client.post("/teststadt/import/", indicator_post(content), follow=True)
    problems = ImportJob.objects.get().problems
    assert len(problems) == 101 and problems[-1]["message"] == "… und 900 weitere Probleme"
    assert "… und 900 weitere Probleme" in response.content.decode()
