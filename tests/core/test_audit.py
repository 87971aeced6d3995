"""The audit trail: every change through an action leaves who, when, before and after.

Re-running an action with the same input changes nothing and therefore records
nothing; the trail of a non-public record is as hidden as the record itself.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from shapely.geometry import box

from sozialplanung.areas import actions
from sozialplanung.areas.actions import AreaRecord
from sozialplanung.areas.models import Area, Indicator
from sozialplanung.core.actions import create_municipality
from sozialplanung.core.audit import Process
from sozialplanung.core.management.base import CLI_ACTOR
from sozialplanung.core.models import AuditEntry, User
from sozialplanung.core.visibility import Role, Visibility
from tests.conftest import TEST, VALID_FROM, square


@pytest.fixture
def planner(db) -> User:
    return User.objects.create_user(username="planerin", role=Role.SOZIALPLANUNG)


class Trail:
    """The entries written since the last look."""

    def __init__(self) -> None:
        self.seen = self._last_id()

    @staticmethod
    def _last_id() -> int:
        last = AuditEntry.objects.order_by("-id").first()
        return last.id if last else 0

    def new(self) -> list[AuditEntry]:
        entries = list(AuditEntry.objects.filter(id__gt=self.seen).order_by("id"))
        self.seen = self._last_id()
        return entries


@pytest.fixture
def trail(db) -> Trail:
    return Trail()


def assert_complete(entry: AuditEntry, *, user: User | None, actor: str) -> None:
    assert entry.user == user
    assert entry.actor == actor
    assert abs(timezone.now() - entry.timestamp) < dt.timedelta(minutes=1)
    if entry.action == AuditEntry.Action.CREATE:
        assert entry.before is None and entry.after
    else:
        assert entry.action == AuditEntry.Action.UPDATE
        assert entry.before and entry.after and entry.before != entry.after


def test_create_municipality(trail, planner):
    municipality = create_municipality("neustadt", "Neustadt", acting_user=planner)
    [entry] = trail.new()
    assert_complete(entry, user=planner, actor="planerin")
    assert (entry.model, entry.object_id) == ("core.Municipality", str(municipality.pk))
    assert entry.after["name"] == "Neustadt"

    create_municipality("neustadt", "Neustadt", acting_user=planner)
    assert trail.new() == []

    create_municipality("neustadt", "Neustadt an der Elbe", ags="14612000", acting_user=planner)
    [entry] = trail.new()
    assert_complete(entry, user=planner, actor="planerin")
    assert entry.before["name"] == "Neustadt" and entry.after["name"] == "Neustadt an der Elbe"
    assert ("ags", "", "14612000") in entry.changed_fields()


def test_define_level(trail, municipality):
    trail.new()
    level = actions.define_level(
        municipality, "ortsteil", "Ortsteil", 1, acting_user=Process("CLI")
    )
    [entry] = trail.new()
    assert_complete(entry, user=None, actor="CLI")
    assert entry.model == "areas.AreaLevel" and entry.object_id == str(level.pk)
    assert entry.municipality_id == municipality.pk

    actions.define_level(municipality, "ortsteil", "Ortsteil", 1, acting_user=Process("CLI"))
    assert trail.new() == []

    actions.define_level(
        municipality, "ortsteil", "Ortsteil", 1, name_plural="Ortsteile", acting_user=Process("CLI")
    )
    [entry] = trail.new()
    assert_complete(entry, user=None, actor="CLI")
    assert entry.changed_fields() == [("name_plural", "Ortsteil", "Ortsteile")]


def test_save_areas_and_a_boundary_change(trail, levels, planner):
    trail.new()
    records = [
        AreaRecord(code="11", name="Nordwest", geometry=square(0, 1)),
        AreaRecord(code="12", name="Nordost", geometry=square(1, 1)),
    ]
    actions.save_areas(levels["stadtteil"], records, valid_from=VALID_FROM, acting_user=planner)
    entries = trail.new()
    assert sorted(e.model for e in entries) == ["areas.Area"] * 2 + ["areas.AreaBoundary"] * 2
    for entry in entries:
        assert_complete(entry, user=planner, actor="planerin")

    actions.save_areas(levels["stadtteil"], records, valid_from=VALID_FROM, acting_user=planner)
    assert trail.new() == []

    # Stadtteil 11 grows to the east from 2024: the old boundary ends, a new one begins.
    bigger = box(13.7, 51.01, 13.715, 51.02)
    changed = [AreaRecord(code="11", name="Nordwest", geometry=bigger)]
    actions.save_areas(
        levels["stadtteil"], changed, valid_from=dt.date(2024, 1, 1), acting_user=planner
    )
    entries = trail.new()
    assert [(e.model, e.action) for e in entries] == [
        ("areas.AreaBoundary", AuditEntry.Action.UPDATE),
        ("areas.AreaBoundary", AuditEntry.Action.CREATE),
    ]
    closed, opened = entries
    assert ("valid_to", None, "2023-12-31") in closed.changed_fields()
    assert opened.after["valid_from"] == "2024-01-01"
    for entry in entries:
        assert_complete(entry, user=planner, actor="planerin")
        assert entry.municipality_id == levels["stadtteil"].municipality_id

    actions.save_areas(
        levels["stadtteil"], changed, valid_from=dt.date(2024, 1, 1), acting_user=planner
    )
    assert trail.new() == []


def test_derive_parent_areas(trail, levels):
    records = [
        AreaRecord(code="11", name="Nordwest", geometry=square(0, 1)),
        AreaRecord(code="21", name="Südwest", geometry=square(0, 0)),
    ]
    actions.save_areas(levels["stadtteil"], records, valid_from=VALID_FROM, acting_user=TEST)
    trail.new()

    def derive() -> None:
        actions.derive_parent_areas(
            levels["stadtteil"],
            levels["stadtbezirk"],
            prefix_length=1,
            names={"1": "Nord", "2": "Süd"},
            valid_from=VALID_FROM,
            acting_user=Process("Ableitung"),
        )

    derive()
    entries = trail.new()
    kinds = sorted((e.model, e.action) for e in entries)
    assert kinds == sorted(
        [("areas.Area", AuditEntry.Action.CREATE)] * 2  # Bezirke 1 and 2
        + [("areas.AreaBoundary", AuditEntry.Action.CREATE)] * 2
        + [("areas.Area", AuditEntry.Action.UPDATE)] * 2  # children get their parent
    )
    for entry in entries:
        assert_complete(entry, user=None, actor="Ableitung")
    bezirke = set(Area.objects.filter(level=levels["stadtbezirk"]).values_list("pk", flat=True))
    child_updates = [e for e in entries if e.action == AuditEntry.Action.UPDATE]
    assert {e.after["parent_id"] for e in child_updates} == bezirke
    assert {e.before["parent_id"] for e in child_updates} == {None}

    derive()
    assert trail.new() == []


def test_define_indicator(trail, municipality, planner):
    trail.new()
    indicator = actions.define_indicator(
        municipality, "sgb2-quote", name="SGB-II-Quote", unit="%", acting_user=planner
    )
    [entry] = trail.new()
    assert_complete(entry, user=planner, actor="planerin")
    assert entry.model == "areas.Indicator" and entry.object_id == str(indicator.pk)

    actions.define_indicator(
        municipality, "sgb2-quote", name="SGB-II-Quote", unit="%", acting_user=planner
    )
    assert trail.new() == []

    actions.define_indicator(
        municipality, "sgb2-quote", name="SGB-II-Quote", unit="%", decimals=1, acting_user=planner
    )
    [entry] = trail.new()
    assert entry.changed_fields() == [("decimals", 0, 1)]


def test_set_indicator_values(trail, areas, planner):
    municipality = areas["11"].municipality
    indicator = actions.define_indicator(
        municipality, "einwohner", name="Einwohner", acting_user=TEST
    )
    trail.new()
    values = {(areas["11"].id, "2023"): 1000.0, (areas["12"].id, "2023"): 2000.0}
    actions.set_indicator_values(indicator, values, acting_user=planner)
    entries = trail.new()
    own = [e for e in entries if e.summary.startswith("Werte")]
    assert len(own) == 1
    [entry] = own
    assert_complete(entry, user=planner, actor="planerin")
    assert entry.before == {"11 2023": None, "12 2023": None}
    assert entry.after == {"11 2023": 1000.0, "12 2023": 2000.0}
    # The derived sums (Bezirk 1) are recorded too, by the same person.
    for other in entries:
        assert other.user == planner

    actions.set_indicator_values(indicator, values, acting_user=planner)
    assert trail.new() == []

    actions.set_indicator_values(indicator, {(areas["11"].id, "2023"): 1100.0}, acting_user=planner)
    entries = [e for e in trail.new() if e.summary.startswith("Werte")]
    assert [(e.before, e.after) for e in entries] == [({"11 2023": 1000.0}, {"11 2023": 1100.0})]


def test_set_reported_with(trail, areas, planner):
    trail.new()
    actions.set_reported_with(areas["12"], areas["11"], acting_user=planner)
    [entry] = trail.new()
    assert_complete(entry, user=planner, actor="planerin")
    assert entry.changed_fields() == [("reported_with_id", None, areas["11"].pk)]

    actions.set_reported_with(areas["12"], areas["11"], acting_user=planner)
    assert trail.new() == []

    actions.set_reported_with(areas["12"], None, acting_user=planner)
    [entry] = trail.new()
    assert entry.changed_fields() == [("reported_with_id", areas["11"].pk, None)]


# --- The trail of non-public records ----------------------------------------------------


def test_trail_of_the_non_public_indicator_is_hidden_from_the_public(indicators):
    secret = indicators["interne-kennzahl"]
    own_trail = AuditEntry.objects.filter(model="areas.Indicator", object_id=str(secret.pk))
    assert own_trail.count() >= 2  # defined, values set
    assert not own_trail.visible_to(AnonymousUser()).exists()
    assert not own_trail.visible_to(None).exists()
    public = AuditEntry.objects.visible_to(AnonymousUser())
    for entry in public:
        text = json.dumps([entry.object_repr, entry.summary, entry.before, entry.after])
        assert "Interne Kennzahl" not in text, entry
        assert "interne-kennzahl" not in text, entry


def test_trail_of_the_non_public_indicator_is_visible_to_the_council(indicators, users):
    secret = indicators["interne-kennzahl"]
    own_trail = AuditEntry.objects.filter(model="areas.Indicator", object_id=str(secret.pk))
    assert own_trail.visible_to(users[Role.STADTRAT]).count() == own_trail.count()
    assert not own_trail.visible_to(users[Role.TRAEGER]).exists()


def test_making_an_indicator_public_later_keeps_its_non_public_past_hidden(municipality):
    secret = actions.define_indicator(
        municipality, "vorab", name="Vorabzahl", visibility=Visibility.NON_PUBLIC, acting_user=TEST
    )
    actions.define_indicator(
        municipality, "vorab", name="Vorabzahl (veröffentlicht)", acting_user=TEST
    )
    entries = AuditEntry.objects.filter(model="areas.Indicator", object_id=str(secret.pk))
    assert entries.count() == 2
    # Its creation happened while it was non-public: the public must not read that entry.
    creation = entries.get(action=AuditEntry.Action.CREATE)
    assert creation.visibility != Visibility.PUBLIC
    assert Indicator.objects.get(pk=secret.pk).visibility == Visibility.PUBLIC


def test_every_area_action_has_an_audit_test():
    """A new action in areas/actions.py needs its own test above."""
    import inspect

    covered = {
        "define_level",
        "save_areas",
        "derive_parent_areas",
        "define_indicator",
        "set_indicator_values",
        "set_reported_with",
    }
    public = {
        name
        for name, func in inspect.getmembers(actions, inspect.isfunction)
        if func.__module__ == actions.__name__ and not name.startswith("_")
    }
    assert public - covered == set()


@pytest.mark.django_db
def test_snapshot_of_a_record_with_a_file_keeps_the_stored_name(municipality):
    from django.core.files.base import ContentFile

    from sozialplanung.core.audit import snapshot
    from sozialplanung.council.models import File

    record = File(municipality=municipality, name="Anlage", file_name="anlage.txt")
    record.content.save("anlage.txt", ContentFile(b"Inhalt"), save=False)
    data = snapshot(record)
    assert data["content"].endswith(".txt")
    json.dumps(data)  # storable in the trail's JSON field


# --- The Django admin writes past the actions; its changes are audited all the same ---


@pytest.fixture
def it_staff(db) -> User:
    """The Admin role at work in the Django admin (which wants staff status)."""
    return User.objects.create_superuser("it", "it@example.org", "x", role=Role.ADMIN)


@pytest.fixture
def admin_client(it_staff) -> Client:
    client = Client()
    client.force_login(it_staff)
    return client


def test_editing_a_user_in_the_admin_leaves_an_internal_entry_without_the_hash(
    admin_client, it_staff, users, municipality, trail
):
    person = users[Role.FACHAMT]
    url = reverse("admin:core_user_change", args=[person.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data |= {
        "municipality": municipality.pk,
        "email": "neu@example.org",
        "date_joined_0": person.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": person.date_joined.strftime("%H:%M:%S"),
        "groups": [],
        "user_permissions": [],
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    (entry,) = trail.new()
    assert entry.model == "core.User" and entry.object_id == str(person.pk)
    assert entry.after["email"] == "neu@example.org"
    assert entry.user == it_staff
    text = json.dumps([entry.before, entry.after])
    assert person.password not in text
    assert "password" not in entry.before and "password" not in entry.after
    assert not AuditEntry.objects.filter(pk=entry.pk).visible_to(AnonymousUser()).exists()
    assert not AuditEntry.objects.filter(pk=entry.pk).visible_to(users[Role.TRAEGER]).exists()


def test_a_user_added_in_the_admin_leaves_no_hash_either(admin_client, users, trail):
    response = admin_client.post(
        reverse("admin:core_user_add"),
        {
            "username": "neuling",
            "password1": "ein-langes-passwort-42",
            "password2": "ein-langes-passwort-42",
            "role": Role.TRAEGER,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = User.objects.get(username="neuling")
    (entry,) = trail.new()
    assert entry.action == AuditEntry.Action.CREATE
    assert created.password not in json.dumps(entry.after)
    assert entry.visibility == Visibility.CONFIDENTIAL


def test_bulk_delete_in_the_admin_writes_one_entry_per_deleted_record(
    admin_client, it_staff, users, trail
):
    doomed = [users[Role.TRAEGER], users[Role.STADTRAT]]
    response = admin_client.post(
        reverse("admin:core_user_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [u.pk for u in doomed],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=[u.pk for u in doomed]).exists()
    entries = trail.new()
    assert sorted((e.action, e.object_id) for e in entries) == sorted(
        (AuditEntry.Action.DELETE, str(u.pk)) for u in doomed
    )
    assert all(e.user == it_staff and "password" not in e.before for e in entries)


def test_deleting_one_record_in_the_admin_is_audited(admin_client, users, trail):
    doomed = users[Role.TRAEGER]
    response = admin_client.post(
        reverse("admin:core_user_delete", args=[doomed.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    (entry,) = trail.new()
    assert (entry.action, entry.object_id) == (AuditEntry.Action.DELETE, str(doomed.pk))


def test_a_command_without_a_person_is_recorded_as_the_cli_process(trail):
    call_command("create_municipality", "--slug", "kommandostadt", "--name", "Kommandostadt")
    (entry,) = trail.new()
    assert entry.model == "core.Municipality" and entry.after["name"] == "Kommandostadt"
    assert (entry.user, entry.actor) == (None, CLI_ACTOR.name) == (None, "CLI")


def test_a_process_is_named_in_the_trail(trail):
    municipality = create_municipality(
        "prozessstadt", "Prozessstadt", acting_user=Process("OParl-Import")
    )
    (entry,) = trail.new()
    assert entry.object_id == str(municipality.pk)
    assert (entry.user, entry.actor) == (None, "OParl-Import")
