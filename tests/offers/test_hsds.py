"""HSDS 3.0 export and import: every object validates against the official schemas,
the tabular package has the official headers, internal fields only with --internal,
and the official examples survive import and export with the fields we model."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from django.core.management import call_command

from sozialplanung.cli import main
from sozialplanung.core.actions import create_municipality
from sozialplanung.core.models import AuditEntry
from sozialplanung.offers.hsds import export_hsds, import_hsds
from sozialplanung.offers.hsds.tables import TABLES
from sozialplanung.offers.models import Offer, Provider
from tests.conftest import TEST

from .conftest import CANARY_INTERNAL
from .hsds_check import EXAMPLES_DIR, errors, tabular_tables

KIND_OF_FILE = {
    "organizations": "organization",
    "services": "service",
    "locations": "location",
    "service_at_locations": "service_at_location",
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
}


def validate_export(out) -> int:
    checked = 0
    for stem, kind in KIND_OF_FILE.items():
        for obj in json.loads((out / f"{stem}.json").read_text("utf-8")):
            assert errors(kind, obj) == []
            checked += 1
    return checked


@pytest.mark.parametrize("internal", [False, True])
def test_export_validates_against_official_schemas(offers, tmp_path, internal):
    municipality = offers["mittag-nord"].municipality
    export_hsds(municipality, tmp_path, internal=internal)
    assert validate_export(tmp_path) >= 3 + 2 + 3 + 3
    services = json.loads((tmp_path / "services.json").read_text("utf-8"))
    nord = next(s for s in services if s["name"] == "Mittagstisch Nord")
    sal = nord["service_at_locations"][0]
    assert sal["location"]["latitude"] == pytest.approx(51.015)
    assert sal["location"]["addresses"][0]["address_1"] == "Teststraße 1"
    assert sal["schedules"][0] | {"id": None} == {
        "id": None,
        "service_at_location_id": sal["id"],
        "freq": "WEEKLY",
        "wkst": "MO",
        "byday": "MO",
        "opens_at": "11:00:00",
        "closes_at": "14:00:00",
    }
    terms = {a["taxonomy_term"]["taxonomy"]: a["taxonomy_term"]["code"] for a in nord["attributes"]}
    assert terms["sozialplanung-angebotsarten"] == "mittagstisch"
    assert terms["sozialplanung-zielgruppen"] == "senioren"


def test_tabular_package_has_official_headers(offers, tmp_path):
    export_hsds(offers["mittag-nord"].municipality, tmp_path)
    official = tabular_tables()
    package = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    assert {r["name"] for r in package["resources"]} == set(TABLES)
    for resource in package["resources"]:
        path, columns = official[resource["name"]]
        assert resource["path"] == path
        with (tmp_path / path).open(encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == columns
        assert [f["name"] for f in resource["schema"]["fields"]] == columns
    with (tmp_path / "services.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 3


def test_internal_fields_only_with_internal(offers, tmp_path):
    municipality = offers["mittag-nord"].municipality
    public, internal = tmp_path / "public", tmp_path / "internal"
    export_hsds(municipality, public)
    export_hsds(municipality, internal, internal=True)
    public_text = "".join(p.read_text("utf-8") for p in public.iterdir())
    for word in (
        "x_sozialplanung",
        "agh_16d",
        "weekly_hours",
        "places_per_session",
        CANARY_INTERNAL,
    ):
        assert word not in public_text
    services = json.loads((internal / "services.json").read_text("utf-8"))
    nord = next(s for s in services if s["name"] == "Mittagstisch Nord")
    assert nord["x_sozialplanung_capacity"]["places_per_session"] == 40
    assert nord["x_sozialplanung_capacity"]["weekly_capacity"] == 200
    hours = {s["kind"]: s["weekly_hours"] for s in nord["x_sozialplanung_staffing"]}
    assert hours == {"hauptamt": 30, "ehrenamt": 10, "agh_16d": 40, "tam_16i": 20}
    with (internal / "x_sozialplanung_staffing.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 6
    assert CANARY_INTERNAL not in "".join(p.read_text("utf-8") for p in internal.iterdir())


@pytest.mark.parametrize("internal", [[], ["--internal"]])
def test_export_then_import_into_the_same_municipality_changes_nothing(
    offers, tmp_path, capsys, internal
):
    """Issue 13, finding 12: the import recognises the ids our export derived from our
    own records' keys; it used to create every provider and offer a second time."""
    counts = [Offer.objects.count(), Provider.objects.count(), AuditEntry.objects.count()]
    external_ids = sorted(Offer.objects.values_list("external_id", flat=True))
    out = tmp_path / "out"
    call_command("export_hsds", "--municipality", "teststadt", "--out", str(out), *internal)
    capsys.readouterr()
    for _ in range(2):
        call_command("import_hsds", str(out), "--municipality", "teststadt")
        assert "Angebote 0 neu, 0 geändert, 3 unverändert; 0 Träger neu" in capsys.readouterr().out
        assert [
            Offer.objects.count(),
            Provider.objects.count(),
            AuditEntry.objects.count(),
        ] == counts
    assert sorted(Offer.objects.values_list("external_id", flat=True)) == external_ids


def test_export_reimports_idempotently_elsewhere(offers, municipality, tmp_path):
    export_hsds(municipality, tmp_path, internal=True)
    other = create_municipality("anderstadt", "Anderstadt", acting_user=TEST)
    first = import_hsds(tmp_path, municipality=other, acting_user=TEST)
    assert first.created == 3
    again = import_hsds(tmp_path, municipality=other, acting_user=TEST)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def modelled(service: dict) -> dict:
    """The fields of a service (with its first location) that we model."""
    sal = (service.get("service_at_locations") or [{}])[0]
    location = sal.get("location") or {}
    address = (location.get("addresses") or [{}])[0]
    schedules = sal.get("schedules") or service.get("schedules") or []
    return {
        "name": service["name"],
        "description": service.get("description"),
        "email": service.get("email"),
        "url": service.get("url"),
        "status": service.get("status"),
        "phone": ((sal.get("phones") or service.get("phones") or [{}])[0]).get("number"),
        "address": ", ".join(address[k] for k in ("address_1", "address_2") if address.get(k)),
        "postal_code": address.get("postal_code"),
        "city": address.get("city"),
        "coordinates": (location.get("latitude"), location.get("longitude")),
        "schedules": sorted(
            (d, s["opens_at"], s["closes_at"]) for s in schedules for d in s["byday"].split(",")
        ),
        "terms": sorted(a["taxonomy_term"]["name"] for a in service.get("attributes") or []),
    }


def test_official_examples_round_trip(municipality, tmp_path):
    source = tmp_path / "examples"
    source.mkdir()
    for path in EXAMPLES_DIR.glob("*.json"):
        shutil.copy(path, source)
    # The examples' coordinates (latitude 100) lie outside WGS84; a copy with valid ones
    # shows that coordinates survive, and the original is reported, not stored.
    example = json.loads((EXAMPLES_DIR / "service_full.json").read_text("utf-8"))
    result = import_hsds(source, municipality=municipality, acting_user=TEST)
    assert result.created == 1
    assert any("außerhalb von WGS84" in note for note in result.notes)
    out = tmp_path / "out"
    export_hsds(municipality, out)
    validate_export(out)
    exported = json.loads((out / "services.json").read_text("utf-8"))[0]
    expected, got = modelled(example), modelled(exported)
    assert got | {"coordinates": None} == expected | {"coordinates": None}
    assert got["coordinates"] == (None, None)
    org = json.loads((out / "organizations.json").read_text("utf-8"))[0]
    official = json.loads((EXAMPLES_DIR / "organization_full.json").read_text("utf-8"))
    for key in ("id", "name", "description", "email", "website"):
        assert org[key] == official[key]
    assert org["phones"][0]["number"] == official["phones"][0]["number"]
    assert exported["id"] == example["id"]
    assert (
        exported["service_at_locations"][0]["location"]["id"]
        == example["service_at_locations"][0]["location"]["id"]
    )

    fixed = json.loads(json.dumps(example))
    fixed["service_at_locations"][0]["location"] |= {"latitude": 51.05, "longitude": 13.74}
    single = tmp_path / "service_full.json"
    single.write_text(json.dumps(fixed), "utf-8")
    again = import_hsds(single, municipality=municipality, acting_user=TEST)
    assert (again.created, again.updated) == (0, 1)
    export_hsds(municipality, out)
    exported = json.loads((out / "services.json").read_text("utf-8"))[0]
    assert modelled(exported)["coordinates"] == (51.05, 13.74)
    assert Offer.objects.get().category.parent.slug == "sonstiges"
    assert Provider.objects.count() == 1


def test_commands(offers, tmp_path, capsys):
    out = tmp_path / "out"
    call_command("export_hsds", "--municipality", "teststadt", "--out", str(out))
    assert (out / "datapackage.json").exists()
    call_command("import_hsds", str(out), "--municipality", "teststadt")
    assert "3 unverändert" in capsys.readouterr().out
    # The command line closes the connection on exit: failures last.
    with pytest.raises(SystemExit) as exit_info:
        main(["export-hsds", "--municipality", "nirgendwo", "--out", str(out)])
    assert exit_info.value.code == 1
    assert "nirgendwo" in capsys.readouterr().err
