"""The import page: who may use it, a good file, a broken file, a broken mapping."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sozialplanung.areas.models import IndicatorValue
from sozialplanung.core.models import ImportJob
from sozialplanung.core.visibility import Role

pytestmark = pytest.mark.django_db

GOOD = "Stadtteil;Jahr;Einwohner\n11;2024;1.210\n12;2024;2.400\n21;2024;450\n22;2024;700\n"
BROKEN = "Stadtteil;Jahr;Einwohner\n11;2024;1.210\n12;2024;zwölf\n21;2024;450\n22;2024;700\n"


def indicator_post(content: str, **extra):
    data = {
        "form": "indikatoren",
        "i-file": SimpleUploadedFile("einwohner.csv", content.encode("utf-8")),
        "i-layout": "wide",
        "i-area_column": "Stadtteil",
        "i-area_level": "stadtteil",
        "i-period_column": "Jahr",
        "i-columns": "Einwohner = einwohner",
    }
    data.update(extra)
    return data


@pytest.fixture(autouse=True)
def in_request(tasks_immediately, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_anonymous_is_sent_to_login(client, municipality):
    response = client.get("/teststadt/import/")
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/")


@pytest.mark.parametrize("role", [Role.FACHAMT, Role.TRAEGER, Role.STADTRAT])
def test_other_roles_are_forbidden(client_for, municipality, role):
    assert client_for(role).get("/teststadt/import/").status_code == 403


@pytest.mark.parametrize("role", [Role.SOZIALPLANUNG, Role.ADMIN])
def test_planning_and_admin_see_both_forms(client_for, levels, role):
    body = client_for(role).get("/teststadt/import/").content.decode()
    assert "Gebiete importieren" in body and "Indikatoren importieren" in body


def test_good_file_is_imported(client_for, indicators, tmp_path):
    client = client_for(Role.SOZIALPLANUNG)
    response = client.post("/teststadt/import/", indicator_post(GOOD), follow=True)
    body = response.content.decode()
    assert "Der Import ist abgeschlossen." in body
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE and "4 Zeilen gelesen" in job.summary
    assert IndicatorValue.objects.filter(indicator__slug="einwohner", period="2024").count() > 4
    assert not list((tmp_path / "imports").iterdir())  # upload deleted afterwards


def test_broken_file_imports_nothing_and_names_row_and_column(client_for, indicators):
    before = IndicatorValue.objects.count()
    response = client_for(Role.SOZIALPLANUNG).post(
        "/teststadt/import/", indicator_post(BROKEN), follow=True
    )
    body = response.content.decode()
    assert "Es wurde nichts importiert." in body
    assert "<td>einwohner.csv</td>" in body
    assert '<td class="num">3</td>' in body and "<td>Einwohner</td>" in body
    assert IndicatorValue.objects.count() == before
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED


def test_progress_fragment(client_for, indicators):
    client = client_for(Role.SOZIALPLANUNG)
    client.post("/teststadt/import/", indicator_post(GOOD))
    job = ImportJob.objects.get()
    response = client.get(f"/teststadt/import/{job.pk}/fortschritt/")
    assert response.status_code == 200
    assert "hx-trigger" not in response.content.decode()  # finished: polling stops


def test_running_job_polls(client_for, municipality, users):
    job = ImportJob.objects.create(
        municipality=municipality, user=users[Role.SOZIALPLANUNG], kind="indicators", total=10
    )
    body = client_for(Role.SOZIALPLANUNG).get(f"/teststadt/import/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in body and "<progress" in body


def test_form_keeps_input_on_bad_mapping(client_for, indicators):
    response = client_for(Role.SOZIALPLANUNG).post(
        "/teststadt/import/", indicator_post(GOOD, **{"i-columns": "Einwohner einwohner"})
    )
    body = response.content.decode()
    assert "„=“ fehlt" in body
    assert 'value="Stadtteil"' in body  # what the user typed stays
    assert not ImportJob.objects.exists()


def test_mapping_problems_are_listed(client_for, indicators):
    response = client_for(Role.SOZIALPLANUNG).post(
        "/teststadt/import/", indicator_post(GOOD, **{"i-period_column": ""})
    )
    body = response.content.decode()
    assert "Es wurde nichts importiert." in body and "period" in body


def test_area_form_requires_date(client_for, levels):
    response = client_for(Role.SOZIALPLANUNG).post(
        "/teststadt/import/",
        {
            "form": "gebiete",
            "g-file": SimpleUploadedFile("x.geojson", b"{}"),
            "g-level": "stadtteil",
            "g-code_field": "code",
            "g-name_field": "name",
            "g-valid_from": "31.02.2024",
        },
    )
    body = response.content.decode()
    assert 'class="errorlist"' in body and 'value="code"' in body


def test_areas_geojson_import(client_for, levels):
    geojson = (
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
        '{"code":"31","name":"Klotzsche"},"geometry":{"type":"Polygon","coordinates":'
        "[[[13.7,51.1],[13.72,51.1],[13.72,51.12],[13.7,51.12],[13.7,51.1]]]}}]}"
    )
    response = client_for(Role.SOZIALPLANUNG).post(
        "/teststadt/import/",
        {
            "form": "gebiete",
            "g-file": SimpleUploadedFile("teile.geojson", geojson.encode()),
            "g-level": "stadtteil",
            "g-code_field": "code",
            "g-name_field": "name",
            "g-valid_from": "01.01.2024",
            "g-source": "Testamt",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "Der Import ist abgeschlossen." in body, body[-3000:]
    assert "1 Gebiete gelesen" in body
