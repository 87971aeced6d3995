"""Area codes become part of public URLs: odd ones are refused on import and never break a page."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from sozialplanung import cli
from sozialplanung.areas.models import Area

SQUARE = [[13.70, 51.01], [13.71, 51.01], [13.71, 51.02], [13.70, 51.02], [13.70, 51.01]]


@pytest.mark.parametrize("bad_code", ["1/1", ".."])
@pytest.mark.django_db(transaction=True)
def test_import_refuses_a_code_that_cannot_be_part_of_a_url(bad_code, levels, tmp_path, capsys):
    features = [
        {
            "type": "Feature",
            "properties": {"nr": code, "name": f"Teil {code}"},
            "geometry": {"type": "Polygon", "coordinates": [SQUARE]},
        }
        for code in ("11", bad_code)
    ]
    (tmp_path / "teile.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features})
    )
    with pytest.raises(SystemExit) as exited:
        cli.main(
            [
                "import-areas",
                str(tmp_path / "teile.geojson"),
                "--municipality=teststadt",
                "--level=stadtteil",
                "--code-field=nr",
                "--name-field=name",
                "--valid-from=2024-01-01",
                "--skip-checks",
            ]
        )
    assert exited.value.code == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "Import abgebrochen, nichts wurde gespeichert" in err
    assert f"teile.geojson, Objekt 2, Spalte „nr“: Code „{bad_code}“" in err
    assert not Area.objects.filter(level=levels["stadtteil"]).exists()


@pytest.mark.django_db
def test_public_pages_survive_an_odd_code_already_stored(indicators, client):
    """Rows stored before codes were checked must not take the pages down for everyone."""
    Area.objects.filter(code="11").update(code="1/1")
    Area.objects.filter(code="12").update(code="..")
    pages = [
        reverse("areas:map", args=["teststadt"]),
        reverse("areas:indicator", args=["teststadt", "einwohner"]),
        reverse("areas:area", args=["teststadt", "stadtteil", "1/1"]),
        reverse("areas:area", args=["teststadt", "stadtteil", ".."]),
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
